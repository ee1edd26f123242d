# The fake Slack restarts three times under a running yelld (the process
# ends, a new one listens on the same port): yelld notices each loss,
# connects again by itself, and every I-message sent after each restart is
# stored once and delivered.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"
. "$(dirname "$0")/lib/fault.sh"

start_fake
fake_users
write_slack_conf 'connections = 1'
import_roster
start_yelld
fake dm U0017 imessage '<@U0016>' 再起動の前に
wait_for '再起動の前に' "$T/fake.log"
for n in 1 2 3; do
	restart_fake "$n"
	wait_secs 30 'ws hello' "$T/fake.log"
	alive
	fake dm U0017 imessage '<@U0016>' "再起動${n}回目のあとも"
	wait_for "再起動${n}回目のあとも" "$T/fake.log"
done
for w in 再起動の前に 再起動1回目 再起動2回目 再起動3回目; do
	[ "$(imessages "$w")" = 1 ] || fail "\"$w\" stored $(imessages "$w") times"
done
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
stop_yelld
check_secrets
echo ok
