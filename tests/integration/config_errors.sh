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
echo ok
