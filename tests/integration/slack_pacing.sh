# Pacing by not-before: with Slack's one post a second per conversation,
# six I-messages to one person go out at least a second apart, and a
# message to someone else meanwhile is not held up behind them.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

ms() { date +%s%3N; }

start_fake
fake_users
write_slack_conf
sed -i 's/^post_interval_ms = 0$/post_interval_ms = 1000/' "$CONF"
import_roster
start_yelld
log=$T/fake.log

tb=$(ms)
fake burst 6 1 U0016 imessage '<@U0017>' 連続
wait_count 1 '"channel":"U0017"' "$log"
t0=$(ms)
fake dm U0018 imessage '<@U0003>' 割り込み
wait_for '"channel":"U0003"' "$log"
t1=$(ms)
[ $((t1 - t0)) -lt 2500 ] || fail "another conversation waited $((t1 - t0)) ms"
[ "$(count '"channel":"U0017"' "$log")" -lt 6 ] || fail "the busy conversation was not paced"
wait_count 6 '"channel":"U0017"' "$log"
t2=$(ms)
# The first post went after tb, the sixth five intervals after it.
[ $((t2 - tb)) -ge 5000 ] || fail "six posts to one conversation in $((t2 - tb)) ms"
[ "$(sql "select count(*) from outbox where status = 'sent' and recipient = 'E0017'")" = 6 ] ||
    fail "six delivered to E0017"
stop_yelld
check_secrets
echo ok
