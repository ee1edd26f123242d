# A storm of 429s from the Web API while twenty I-messages come in: the
# next 24 chat.postMessage calls are all answered 429 with
# Retry-After: 1.  Envelopes are acked all along, no call comes sooner than
# Retry-After allowed, and when the storm is over every message has been
# posted exactly once: taken by Slack, not merely marked sent (a row whose
# third try in a row was answered 429 used to be marked sent unposted).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"
. "$(dirname "$0")/lib/fault.sh"

start_fake
fake_users
write_slack_conf 'connections = 1'
import_roster
start_yelld
log=$T/fake.log
fake ratelimit chat.postMessage 24 1
fake burst 20 20 U0017 'imessage <@U0016> 嵐でも'
wait_acks 20
wait_secs 90 'http429 chat.postMessage' "$log"
i=0
while [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")" -lt 40 ]; do
	i=$((i + 1))
	[ $i -le 900 ] || fail "40 rows sent (have $(sql "SELECT count(*) FROM outbox WHERE status = 'sent'"))"
	sleep 0.1
done
expect_not 'violation' "$log"
expect_not 'ack_dup' "$log"
# The calls Slack took: each api line not answered 429 on the next line.
awk '/^api chat.postMessage/ { if (p) print p; p = $0; next }
    /^http429 chat.postMessage/ { p = ""; next }
    { if (p) print p; p = "" } END { if (p) print p }' "$log" >"$T/taken"
[ "$(wc -l <"$T/taken")" = 40 ] || fail "$(wc -l <"$T/taken") messages taken, not 40"
n=1
while [ $n -le 20 ]; do
	[ "$(grep '"channel":"U0016"' "$T/taken" |
	    grep -c "\"text\":\"嵐でも $n\"")" = 1 ] || fail "message $n not posted once"
	n=$((n + 1))
done
[ "$(imessages 嵐でも)" = 20 ] || fail "twenty I-messages"
stop_yelld
check_secrets
echo ok
