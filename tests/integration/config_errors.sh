# Configuration mistakes stop yelld with "file:line: message" and exit 78;
# a good file passes `yelld -n`.
. "$(dirname "$0")/lib/common.sh"

write_conf
"$YELLD" -n -c "$CONF" >"$T/ok.out" 2>&1 || fail "good config refused"
expect "configuration OK" "$T/ok.out"

cat >"$T/bad.conf" <<'CONF'
[chat]
adapter = irc
[state]
databse = /tmp/x.db
[imessage]
max_length = 0
[colour]
mode = dark
CONF
status=0
"$YELLD" -n -c "$T/bad.conf" >"$T/bad.out" 2>"$T/bad.err" || status=$?
[ "$status" = 78 ] || fail "exit status $status, not 78"
expect "$T/bad.conf:2: adapter must be one of console, slack, mattermost, not \"irc\"" "$T/bad.err"
expect "$T/bad.conf:4: unknown key \"databse\" in [state]" "$T/bad.err"
expect "$T/bad.conf:6: max_length must be a whole number from 1 to 10000, not \"0\"" "$T/bad.err"
expect "$T/bad.conf:8: unknown section [colour]" "$T/bad.err"
expect "[state] database is required" "$T/bad.err"

status=0
"$YELLD" -c "$T/missing.conf" </dev/null >"$T/m.out" 2>"$T/m.err" || status=$?
[ "$status" = 78 ] || fail "missing file: exit $status"
expect "$T/missing.conf: cannot open" "$T/m.err"

sed 's/adapter = console/adapter = mattermost/' "$CONF" >"$T/mm.conf"
status=0
"$YELLD" -c "$T/mm.conf" </dev/null >"$T/mm.out" 2>"$T/mm.err" || status=$?
[ "$status" = 78 ] || fail "unavailable adapter: exit $status"
expect "adapter = mattermost is not available" "$T/mm.err"

# yelld -n checks everything that needs no network, each of these fails it.
# check_fail NAME TEXT: `yelld -n -c $T/NAME.conf` exits 78 and says TEXT.
check_fail() {
	status=0
	"$YELLD" -n -c "$T/$1.conf" >"$T/$1.out" 2>"$T/$1.err" || status=$?
	[ "$status" = 78 ] || fail "-n $1: exit status $status, not 78"
	expect "$2" "$T/$1.err"
	expect_not "configuration OK" "$T/$1.out"
}
cp "$T/mm.conf" "$T/nmm.conf"
check_fail nmm "adapter = mattermost is not available"

printf 'xapp-CANARY-1-A0-00\n' >"$T/app.token"
printf 'xoxb-CANARY-2-00\n' >"$T/bot.token"
chmod 600 "$T/app.token" "$T/bot.token"
slack_conf() {	# slack_conf NAME [extra [slack] lines]
	name=$1; shift
	sed 's/adapter = console/adapter = slack/' "$CONF" >"$T/$name.conf"
	printf '[slack]\napp_token_file = %s\nbot_token_file = %s\n' \
	    "$T/app.token" "$T/bot.token" >>"$T/$name.conf"
	[ $# -eq 0 ] || printf '%s\n' "$@" >>"$T/$name.conf"
}
slack_conf sok
"$YELLD" -n -c "$T/sok.conf" >"$T/sok.out" 2>"$T/sok.err" || fail "good slack config"
expect "configuration OK" "$T/sok.out"
expect_not "readable by group" "$T/sok.err"
chmod 644 "$T/bot.token"
"$YELLD" -n -c "$T/sok.conf" >"$T/sok.out" 2>"$T/wide.err" || fail "644 token refused"
expect "[slack] bot_token_file: $T/bot.token is readable by group or others (mode 644)" "$T/wide.err"
chmod 600 "$T/bot.token"

slack_conf ftp "api_url = ftp://slack.com/api/"
check_fail ftp "api_url must be an https:// URL"
slack_conf userinfo "api_url = http://localhost:@example.org/api/"
check_fail userinfo "api_url \"http://localhost:@example.org/api/\" must not have a user or password part"
slack_conf notoken
sed -i "s|^bot_token_file = .*|bot_token_file = $T/none.token|" "$T/notoken.conf"
check_fail notoken "[slack] bot_token_file: $T/none.token: No such file or directory"
printf 'not a certificate\n' >"$T/ca.pem"
slack_conf ca "ca_file = $T/ca.pem"
check_fail ca "[slack] ca_file: $T/ca.pem holds no PEM certificate"
slack_conf noca "ca_file = $T/none.pem"
check_fail noca "[slack] ca_file: $T/none.pem: No such file or directory"

cp "$CONF" "$T/hol.conf"
printf '[calendar]\nholidays = %s\n' "$T/no-holidays" >>"$T/hol.conf"
check_fail hol "$T/no-holidays"
sed "s|^database = .*|database = $T/no-dir/yell.db|" "$CONF" >"$T/nodb.conf"
check_fail nodb "[state] database: directory $T/no-dir: No such file or directory"
for f in "$T"/*.err; do expect_not CANARY "$f"; done
echo ok
