# The connection Slack asks us to leave still carries envelopes that are
# not acked yet: two slash commands from someone the bot has never seen,
# held up while users.info (made slow) links them to the roster.  The
# replacement opens at once, without waiting behind that call, and says
# hello; the old connection stays open until its command is acked on it,
# then yelld closes it.  Slack never sends a slash command again, so an
# ack lost with the connection would be an error for the user.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake --refresh-close-ms 60000
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log
wait_for 'ws hello 2' "$log"

fake slow users.info 1000
fake slash U0018 /imessage '<@U0016>' 引き継ぎ一
fake slash U0018 /imessage '<@U0016>' 引き継ぎ二
wait_count 2 'send ' "$log"
env=$(grep '^send 1 ' "$log" | cut -d' ' -f3)	# the one on connection 1
fake disconnect refresh_requested
wait_for 'ws hello 3' "$log"
wait_for 'ws close 1' "$log"
wait_count 2 'ack ' "$log"
line() { grep -n -- "$1" "$log" | head -n 1 | cut -d: -f1; }
[ "$(line 'ws hello 3')" -lt "$(line 'api users.info')" ] ||
    fail "the replacement waited behind users.info"
[ "$(line "ack 1 $env ")" -lt "$(line 'ws close 1')" ] ||
    fail "closed before its slash command was acked"
expect 'closing it once its 1 envelope(s) in flight are acked' "$T/yelld.err"
expect 'every envelope it carried is acked; closing it' "$T/yelld.err"
fake slash_stats
wait_match '^slash_stats ' "$log"
expect 'slash_stats 0 2 0 0 0' "$log"
[ "$(sql "select count(*) from imessage")" = 2 ] || fail "2 I-messages"
stop_yelld
check_secrets
echo ok
