# Every adapter goes through the one ingress: a person the roster does not
# know gets the same answer on the console and on Slack (where it goes in
# the slash command's ack), and a Slack envelope sent again after it was
# handled is acked and not run twice; a stranger is looked up once.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

unknown=$(sqlite3 :memory: "select json_extract(readfile('$YELL_SOURCE_DIR/config/locales/ja.json'), '\$.\"dispatch.unknown_user\"')")
[ -n "$unknown" ] || fail "the catalogue's unknown-user answer"

# Slack: U9999's email is on no roster line.
start_fake
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log
fake slash U9999 /yell help
wait_match '^ack [0-9]+ env-1 ' "$log"	# on either connection
grep '^ack [0-9]* env-1 ' "$log" | grep -qF "$unknown" || fail "Slack: the stranger's answer in the ack"
# Asked once: a stranger who writes again costs no second users.info,
# and is answered once in [limits] stranger_hours: the second ack is bare.
fake slash U9999 /yell mvv
wait_match '^ack [0-9]+ env-2' "$log"
grep '^ack [0-9]* env-2' "$log" | grep -qF "$unknown" && fail "Slack: a second answer to the stranger"
[ "$(count 'api users.info user=U9999' "$log")" = 1 ] || fail "one users.info for a stranger"

# Slack: the same event in two envelopes (a redelivery after a lost ack):
# both acked, the second without running anything.
ev='{"type":"events_api","envelope_id":"dup-%s","payload":{"team_id":"T0FAKE","event_id":"EvDUP","event":{"type":"message","channel_type":"im","user":"U0016","text":"imessage <@U0017> 一度だけ","channel":"D0016"}}}'
fake raw "$(printf "$ev" 1)"
wait_for 'dup-1' "$log"
fake raw "$(printf "$ev" 2)"
wait_for 'dup-2' "$log"
[ "$(sql "select count(*) from imessage where body = '一度だけ'")" = 1 ] || fail "stored once"
[ "$(sql "select count(*) from seen_delivery where id = 'EvDUP'")" = 1 ] || fail "the event id is remembered"
# Delivered, and no second copy follows (on a loaded machine the first
# may take a while).
wait_match 'api chat.postMessage.*一度だけ' "$log"
sleep 0.3
[ "$(grep -c 'api chat.postMessage.*一度だけ' "$log")" = 1 ] || fail "delivered once"
stop_yelld

# The console: E0016 leaves the roster while typing.
cconf=$T/console.conf
sed -e 's/^adapter = slack/adapter = console/' -e '/^\[slack\]/,/^\[log\]/{/^\[log\]/!d}' "$CONF" >"$cconf"
mkfifo "$T/console.in"
"$YELLD" -c "$cconf" <"$T/console.in" >"$T/console.out" 2>"$T/console.err" &
YELLD_PID=$!
exec 8>"$T/console.in"
printf '/as E0016\n' >&8
wait_for 'E0016' "$T/console.out"
sql "update staff set active = 0 where employee_id = 'E0016'"
printf 'help\n' >&8
wait_for "$unknown" "$T/console.out"
exec 8>&-
wait "$YELLD_PID" || fail "console yelld exited with $?"
YELLD_PID=
[ "$(grep -cF "$unknown" "$T/console.out")" = 1 ] || fail "the console's stranger answer, once"
check_secrets
echo ok
