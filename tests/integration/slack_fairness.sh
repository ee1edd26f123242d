# One person cannot flood the bot or make it flood Slack.  A token bucket
# per user ([limits] commands in window seconds): beyond it one polite
# "slow down", then silence until it refills, every envelope still acked
# (none sent again).  Too many words or mentions: a clear answer, nothing
# run.  Unknown mentions looked up only up to [limits] lookups a message,
# and misses remembered.  A users.info answered 429 keeps its envelope
# queued until Retry-After, then runs it.  A stranger is told once in
# [limits] stranger_hours, through the outbox.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
LIMIT_COMMANDS=10 LIMIT_WINDOW=10 LIMITS='words = 12
mentions = 3
lookups = 2' write_slack_conf
import_roster
start_yelld
log=$T/fake.log
slow='少し間をおいてからもう一度お試しください'

# 15 commands at once: 10 run, one "slow down", 4 in silence; 15 acks.
fake burst 15 0 U0016 mvv
wait_acks 15
wait_count 11 '"channel":"U0016"' "$log"
sleep 0.5
[ "$(grep 'api chat.postMessage' "$log" | grep '"channel":"U0016"' | grep -c 'ミッション')" = 10 ] ||
    fail "10 commands run"
[ "$(grep 'api chat.postMessage' "$log" | grep -c "$slow")" = 1 ] || fail "one slow down"
[ "$(count '"channel":"U0016"' "$log")" = 11 ] || fail "then silence"
[ "$(sql "select count(*) from seen_delivery where id like 'Ev%'")" = 15 ] ||
    fail "every envelope claimed"
expect_not 'redeliver' "$log"
expect 'U0016 is over [limits] commands' "$T/yelld.err"
# The bucket refills (one a second): U0016 is heard again.
sleep 1.2
fake 'dm U0016 mvv'
wait_count 12 '"channel":"U0016"' "$log"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0016"' | tail -n 1 |
    grep -q 'ミッション' || fail "heard again once refilled"

# Too many words, too many mentions: told so, nothing run.
fake 'dm U0017 imessage @E0016 一 二 三 四 五 六 七 八 九 十 十一 十二'
wait_match 'api chat.postMessage .*メッセージが長すぎる.*"channel":"U0017"' "$log"
fake 'dm U0017 imessage @E0016 @E0018 @E0003 @E0004 ありがとう'
wait_match 'api chat.postMessage .*指定できる相手の数を超えています.*"channel":"U0017"' "$log"
[ "$(sql "select count(*) from imessage where sender = 'E0017'")" = 0 ] || fail "nothing run"

# Unknown mentions: two looked up, the misses remembered.
fake 'dm U0018 imessage <@UX1> <@UX2> <@UX3> ありがとう'
wait_match 'api chat.postMessage .*"channel":"U0018"' "$log"
[ "$(grep -c 'api users.info user=UX' "$log")" = 2 ] || fail "two lookups of unknown mentions"
fake 'dm U0018 imessage <@UX1> <@UX2> もう一度'
wait_count 2 '"channel":"U0018"' "$log"
[ "$(grep -c 'api users.info user=UX' "$log")" = 2 ] || fail "misses remembered"

# users.info rate limited for 2 s: the envelope waits, queued, and runs.
fake ratelimit users.info 1 2
fake 'dm U0003 mvv'
wait_for 'waits 2 s for the lookup' "$T/yelld.err"
expect_not 'cannot look up' "$T/yelld.err"
expect_not 'violation users.info' "$log"
wait_match 'api chat.postMessage .*ミッション.*"channel":"U0003"' "$log"
[ "$(sql "select employee_id from chat_identity where chat_user_id = 'U0003'")" = E0003 ] ||
    fail "linked after the wait"

# A stranger: told once, through the outbox, then silence.
fake 'dm U9999 help'
fake 'dm U9999 mvv'
fake 'dm U9999 received'
wait_for '"channel":"U9999"' "$log"
i=0
while [ "$(sql "select count(*) from outbox where chat_user = 'U9999' and status = 'sent'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the stranger's row sent"; sleep 0.1
done
[ "$(sql "select recipient from outbox where chat_user = 'U9999'")" = "" ] || fail "no employee"
sleep 0.5
[ "$(count '"channel":"U9999"' "$log")" = 1 ] || fail "a stranger is told once"

wait_acks 24
expect_not 'redeliver' "$log"
stop_yelld
check_secrets
echo ok
