# Several Socket Mode connections ([slack] connections = 3): Slack gives
# each envelope to one of them, so every one is read, acked on the
# connection it came on, and deduplicated the same way.  One of them is
# dropped in the middle; the others carry on and it comes back.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake --ack-timeout-ms 1500
fake_users
write_slack_conf 'connections = 3'
import_roster
start_yelld
log=$T/fake.log
wait_for 'ws hello 3' "$log"

fake drop_after 40
fake burst 90 5 U0017 imessage '<@U0018>' 三本の接続で
wait_for 'ws drop' "$log"
wait_for 'ws hello 4' "$log"
i=0
while [ "$(sql "select count(*) from imessage")" -lt 90 ]; do
	i=$((i + 1)); [ $i -le 300 ] || fail "90 I-messages stored"; sleep 0.1
done
wait_count 180 'api chat.postMessage' "$log"
sleep 0.5
# Envelopes were read and acked on several connections at once (which
# ones depends on timing: the dropped one may not have acked any).
[ "$(grep '^ack ' "$log" | cut -d' ' -f2 | sort -u | wc -l)" -ge 2 ] ||
    fail "acks on a single connection"
# Each ack went back on the connection its envelope came on.
grep '^send ' "$log" | awk '{ print $3, $2 }' | sort >"$T/sent"
grep '^ack ' "$log" | awk '{ print $3, $2 }' | sort >"$T/acked"
[ -z "$(join "$T/acked" "$T/sent" | awk '$2 != $3')" ] || fail "an ack on another connection"
[ "$(sql "select count(*) from imessage")" = 90 ] || fail "exactly 90 stored"
[ "$(count 'api chat.postMessage' "$log")" = 180 ] || fail "180 posts"
[ "$(count 'api apps.connections.open' "$log")" = 4 ] || fail "one URL per connection"
expect_not 'ack_dup' "$log"
expect_not 'expired' "$log"
stop_yelld
check_secrets
echo ok
