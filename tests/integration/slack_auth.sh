# Credentials and Socket Mode being switched off are the only things that
# stop yelld on Slack, and then at once, with a clear message and exit
# status 78, never printing a token.  Tokens may come from the environment;
# yelld then wipes them from its environment (/proc/PID/environ).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster

# run_fail WHAT TEXT: yelld exits 78 and says TEXT.
run_fail() {
	rc=0
	timeout 20 "$YELLD" -c "$CONF" >"$T/yelld.out" 2>"$T/$1.err" || rc=$?
	[ "$rc" = 78 ] || fail "$1: exit status $rc, not 78"
	expect "$2" "$T/$1.err"
	if grep -q CANARY "$T/$1.err"; then fail "$1: token printed"; fi
}

write_slack_conf
printf 'xoxb-CANARY-not-the-right-one\n' >"$T/bot.token"
run_fail badbot 'Slack refused the bot token at auth.test (invalid_auth)'

write_slack_conf
printf 'xapp-CANARY-not-the-right-one\n' >"$T/app.token"
run_fail badapp 'Slack refused the app-level token for apps.connections.open (invalid_auth)'

write_slack_conf
printf '%s\n' "$APP_TOKEN" >"$T/bot.token"
run_fail swapped '[slack] bot_token_file: the token does not start with "xoxb-"'

write_slack_conf
rm "$T/app.token"
run_fail missing "$T/app.token: No such file or directory"

API_URL=http://slack.example.com/api/ write_slack_conf
run_fail plainhttp 'api_url must be an https:// URL'

# Tokens from the environment, not files.
write_slack_conf
sed -i '/_token_file/d' "$CONF"
run_fail noenv '[slack] app_token_file is not set and neither is YELL_SLACK_APP_TOKEN'
YELL_SLACK_APP_TOKEN=$APP_TOKEN YELL_SLACK_BOT_TOKEN=$BOT_TOKEN start_yelld
# (Under scripts/valgrind.sh the PID is memcheck's, whose copy yelld cannot
# wipe.)
if [ -z "${YELL_VALGRIND:-}" ] &&
    tr '\0' '\n' <"/proc/$YELLD_PID/environ" | grep -q CANARY; then
	fail "token left in /proc/PID/environ"
fi

# A hello for another app: the tokens do not belong together; stop.
fake helloapp A0OTHER
write_slack_conf
run_fail otherapp 'the app token is for app A0OTHER, the bot token for app A0FAKE: stopping'
fake helloapp A0FAKE

# Socket Mode switched off: stop, do not reconnect.
fake disconnect link_disabled
rc=0
wait "$YELLD_PID" || rc=$?
YELLD_PID=
[ "$rc" = 78 ] || fail "link_disabled: exit status $rc"
expect 'Socket Mode is switched off for this Slack app (link_disabled)' "$T/yelld.err"
sleep 0.3
if sed -n '/disconnect 1 link_disabled/,$p' "$T/fake.log" | grep -q 'apps.connections.open'; then
	fail "reconnected after link_disabled"
fi
check_secrets
echo ok
