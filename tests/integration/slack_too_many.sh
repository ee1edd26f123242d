# disconnect "too_many_websockets": more connections are open for the app
# than Slack allows.  yelld closes this one first (no new one meanwhile,
# which would feed the storm) and waits at least 30 s before asking for
# another.  This test takes those 30 seconds.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf 'connections = 1'	# so that closing it leaves a gap to measure
import_roster
start_yelld
log=$T/fake.log

fake disconnect too_many_websockets
wait_for 'ws close 1' "$log"
[ "$(count 'api apps.connections.open' "$log")" = 1 ] || fail "reconnected at once"
i=0
while ! grep -q 'ws hello 2' "$log"; do
	i=$((i + 1)); [ $i -le 450 ] || fail "no reconnection after 45 s"; sleep 0.1
done
gap=$(grep '^gap_end ' "$log" | head -n 1 | cut -d' ' -f2)
# yelld starts its 30 s when its own socket has closed, a moment before the
# fake sees the close and starts counting (in whole ms): allow 10 ms of that.
[ "$gap" -ge 29990 ] || fail "waited only $gap ms"
expect 'next attempt in 30000 ms' "$T/yelld.err"
fake dm U0017 imessage '<@U0016>' また届きます
wait_for 'また届きます' "$log"
stop_yelld
check_secrets
echo ok
