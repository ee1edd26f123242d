# The outbox sender against Slack's rate limits and errors.  A storm of
# 429s: no request comes sooner than Retry-After allowed (the fake counts
# violations), short waits are slept, longer ones move the row, and every
# message ends up delivered.  A permanent error (channel_not_found) fails
# the row with Slack's reason after one call; a 5xx is retried.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log

wait_sent() {	# wait_sent N: N outbox rows sent
	i=0
	while [ "$(sql "select count(*) from outbox where status = 'sent'")" -lt "$1" ]; do
		i=$((i + 1)); [ $i -le 200 ] || fail "$1 rows sent"; sleep 0.1
	done
}

# Retry-After: 1, three times: slept in the sender thread.
fake ratelimit chat.postMessage 3 1
n=1
while [ $n -le 10 ]; do
	fake slash U0016 /imessage '<@U0017>' 嵐の中の感謝 $n
	n=$((n + 1))
done
wait_sent 10
# Retry-After: 2: the rows wait in the outbox meanwhile; views.publish,
# another method, is not held up.
fake ratelimit chat.postMessage 1 2
fake slash U0016 /imessage '<@U0017>' 二秒待ち
fake home U0017
wait_sent 12
[ "$(count 'http429 chat.postMessage' "$log")" = 4 ] || fail "four 429s"
expect_not 'violation' "$log"
n=1
while [ $n -le 10 ]; do
	[ "$(grep 'api chat.postMessage' "$log" | grep -c "嵐の中の感謝 $n\\\\n")" -ge 1 ] ||
	    fail "message $n delivered"
	n=$((n + 1))
done
[ "$(grep -n 'api views.publish' "$log" | cut -d: -f1)" -lt "$(grep -n 'api chat.postMessage.*二秒待ち' "$log" | tail -n 1 | cut -d: -f1)" ] ||
    fail "views.publish waited for chat.postMessage's limit"
[ "$(sql "select max(attempts) from outbox")" = 1 ] || fail "a 429 counted as an attempt"

# A permanent error: one call, the row failed with Slack's reason.
fake fail chat.postMessage channel_not_found 1
fake slash U0016 /imessage '<@U0017>' 届かない
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "row failed"; sleep 0.1
done
[ "$(sql "select last_error from outbox where status = 'failed'")" = channel_not_found ] ||
    fail "reason kept"
expect 'giving up: channel_not_found' "$T/yelld.err"
sleep 1.5
[ "$(grep -c 'api chat.postMessage.*届かない' "$log")" = 1 ] || fail "no retry of a permanent error"

# A 503 is retried after the back-off, then delivered.
fake http chat.postMessage 503 1
fake slash U0016 /imessage '<@U0017>' 二度目で届く
wait_sent 13
[ "$(grep -c 'api chat.postMessage.*二度目で届く' "$log")" = 2 ] || fail "one retry"
[ "$(sql "select count(*) from outbox where status = 'pending'")" = 0 ] || fail "nothing left"
expect_not 'violation' "$log"
stop_yelld
check_secrets
echo ok
