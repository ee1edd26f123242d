# A "warning" in the middle of a burst of slash commands, which Slack never
# redelivers: with the default two connections, "warning" on one
# costs no command.  The other connection takes the new ones while the
# replacement opens at once, and the warned one is closed only when
# every command it carried has been acked on it.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake --refresh-close-ms 60000
fake_users
write_slack_conf
import_roster
start_yelld
slash_burst_through warning
grep -qE 'connection [0-9]+ is replaced by [0-9]+' "$T/yelld.err" ||
    fail "no replacement logged"
stop_yelld
check_secrets
echo ok
