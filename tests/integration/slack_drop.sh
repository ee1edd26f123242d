# The Socket Mode connection dies abruptly (no close frame) in the middle of
# 200 envelopes sent at once (so that some are in flight when it dies: acks
# come within a millisecond now).  yelld reconnects after its back-off, the
# fake redelivers what was not acked (retry_attempt raised), and every
# envelope is handled exactly once: 200 I-messages, 400 messages posted, no
# duplicate.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake --ack-timeout-ms 1500
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log

fake drop_after 100
fake burst 200 0 U0016 imessage '<@U0017>' 通し番号
wait_for 'ws drop 1' "$log"
wait_for 'ws hello 2' "$log"
i=0
while [ "$(sql "select count(*) from imessage")" -lt 200 ]; do
	i=$((i + 1)); [ $i -le 300 ] || fail "200 I-messages stored"; sleep 0.1
done
wait_count 400 'api chat.postMessage' "$log"
sleep 0.5	# room for anything extra to show up

[ "$(sql "select count(*) from imessage")" = 200 ] || fail "exactly 200 stored"
[ "$(sql "select count(distinct body) from imessage")" = 200 ] || fail "200 bodies"
[ "$(count 'api chat.postMessage' "$log")" = 400 ] || fail "400 posts, not $(count 'api chat.postMessage' "$log")"
n=1
while [ $n -le 200 ]; do
	[ "$(count "通し番号 $n\\n" "$log")" = 1 ] || fail "body $n delivered $(count "通し番号 $n\\n" "$log") times"
	n=$((n + 1))
done
[ "$(count 'redeliver ' "$log")" -ge 1 ] || fail "the drop lost no ack?"
expect_not 'expired' "$log"
expect_not 'ack_dup' "$log"
expect_not 'ack_unknown' "$log"
[ "$(sql "select count(*) from outbox where status <> 'sent'")" = 0 ] || fail "all sent"
stop_yelld
check_secrets
echo ok
