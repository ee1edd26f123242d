# Slack recycles connections: on disconnect "refresh_requested" (and
# "warning") yelld opens the replacement at once and closes the old one only
# after the new one's hello, while envelopes keep coming.  Slack sends
# nothing more on a connection it asked to leave, so with the default two
# connections the other one carries on meanwhile.  Pass: at no moment is
# there no connection ready, no envelope is lost or handled twice, and the
# old connection is closed by yelld, before Slack would kill it.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake --ack-timeout-ms 2000 --refresh-close-ms 5000
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log
wait_for 'ws hello 2' "$log"

fake burst 120 15 U0016 imessage '<@U0017>' 切り替え中
sleep 0.4
fake disconnect refresh_requested
wait_for 'ws hello 3' "$log"
wait_for 'ws close 1' "$log"
sleep 0.3
fake disconnect warning		# now the oldest is connection 2
wait_for 'disconnect 2 warning' "$log"
wait_for 'ws hello 4' "$log"
wait_for 'ws close 2' "$log"
i=0
while [ "$(sql "select count(*) from imessage")" -lt 120 ]; do
	i=$((i + 1)); [ $i -le 300 ] || fail "120 I-messages stored"; sleep 0.1
done
wait_count 240 'api chat.postMessage' "$log"
sleep 0.5

# The new connection said hello before the old one closed.
[ "$(grep -n 'ws hello 3' "$log" | cut -d: -f1)" -lt "$(grep -n 'ws close 1' "$log" | cut -d: -f1)" ] ||
    fail "closed before the replacement was up"
[ "$(grep -n 'ws hello 4' "$log" | cut -d: -f1)" -lt "$(grep -n 'ws close 2' "$log" | cut -d: -f1)" ] ||
    fail "closed before the replacement was up (warning)"
expect_not 'gap_start' "$log"
expect_not 'ws kill' "$log"
[ "$(count 'api apps.connections.open' "$log")" = 4 ] || fail "one URL per connection"
[ "$(sql "select count(*) from imessage")" = 120 ] || fail "exactly 120 stored"
[ "$(sql "select count(distinct body) from imessage")" = 120 ] || fail "120 bodies"
[ "$(count 'api chat.postMessage' "$log")" = 240 ] || fail "240 posts"
expect_not 'expired' "$log"
expect_not 'ack_dup' "$log"
[ "$(grep -cE 'connection [0-9]+ is replaced by [0-9]+' "$T/yelld.err")" = 2 ] ||
    fail "two replacements logged"
stop_yelld
check_secrets
echo ok
