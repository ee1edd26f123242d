# Slow Web API answers: every chat.postMessage takes 400 ms.  Acks do not
# wait for the sender: ten I-messages sent 50 ms apart are all acked well
# before their twenty messages have been posted, and every one of those is
# posted in the end, once.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"
. "$(dirname "$0")/lib/fault.sh"

start_fake
fake_users
HTTP_TIMEOUT_MS=5000 write_slack_conf 'connections = 1'
import_roster
start_yelld
log=$T/fake.log
fake slow chat.postMessage 400
fake burst 10 50 U0017 'imessage <@U0016> 遅い応答の間も'
wait_acks 10
posted=$(count 'api chat.postMessage' "$log")
[ "$posted" -lt 10 ] || fail "acks waited for the posts ($posted posted by the tenth ack)"
wait_count 20 'api chat.postMessage' "$log"
n=1
while [ $n -le 10 ]; do
	[ "$(grep 'api chat.postMessage' "$log" | grep '"channel":"U0016"' |
	    grep -c "遅い応答の間も $n\"")" = 1 ] || fail "message $n not posted once"
	n=$((n + 1))
done
[ "$(imessages 遅い応答の間も)" = 10 ] || fail "ten I-messages"
sleep 1
[ "$(count 'api chat.postMessage' "$log")" = 20 ] || fail "more than twenty posts"
stop_yelld
check_secrets
echo ok
