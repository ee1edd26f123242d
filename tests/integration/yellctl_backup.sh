# yellctl backup copies the database with SQLite's online backup API while
# yelld runs and writes: the copy is sound, holds what was committed
# before it began, and a file that exists is never overwritten.  yellctl
# check says ok of both; a stuck outbox row makes it exit 65.
. "$(dirname "$0")/lib/common.sh"

write_conf all
import_roster
mkfifo "$T/in"
"$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/console.out" 2>"$T/console.err" &
pid=$!
exec 8>"$T/in"
i=1
while [ $i -le 50 ]; do
	printf 'imessage @E0017 ありがとう その%d\n' $i >&8
	i=$((i + 1))
done
wait_for 'その50' "$T/console.out"
# Writing on while the backup runs.
(
	i=51
	while [ $i -le 250 ]; do
		printf 'imessage @E0018 ありがとう その%d\n' $i
		i=$((i + 1))
	done
) >&8 &
writer=$!
"$YELLCTL" -c "$CONF" backup "$T/copy.db" >"$T/backup.out" 2>&1 || fail "backup exited with $?"
expect "backed up to $T/copy.db" "$T/backup.out"
wait "$writer"
wait_for 'その250' "$T/console.out"
exec 8>&-
wait "$pid" || fail "yelld exited with $?"

[ "$(sqlite3 "$T/copy.db" 'pragma integrity_check')" = ok ] || fail "the copy is sound"
n=$(sqlite3 "$T/copy.db" 'select count(*) from imessage')
[ "$n" -ge 50 ] && [ "$n" -le 250 ] || fail "the copy holds $n I-messages"
[ "$(sqlite3 "$T/copy.db" 'select count(*) from staff')" = "$(sql 'select count(*) from staff')" ] ||
    fail "the copy holds the roster"
[ "$(stat -c %a "$T/copy.db")" = 600 ] || fail "the copy is 0600"
[ ! -e "$T/copy.db.partial" ] || fail "no partial file left"

status=0
"$YELLCTL" -c "$CONF" backup "$T/copy.db" >/dev/null 2>"$T/again.err" || status=$?
[ "$status" = 73 ] || fail "an existing file: exit $status"
expect "exists; not overwritten" "$T/again.err"

"$YELLCTL" -c "$CONF" check >"$T/check.out" 2>&1 || fail "check exited with $?"
expect "integrity: ok" "$T/check.out"
expect "schema: version" "$T/check.out"
expect "outbox: 0 pending for over an hour, 0 failed" "$T/check.out"
sed "s|^database = .*|database = $T/copy.db|" "$CONF" >"$T/copy.conf"
"$YELLCTL" -c "$T/copy.conf" check >/dev/null 2>&1 || fail "check of the copy"

# Old by the tests' clock (YELL_NOW, Asia/Tokyo), which yellctl reads too.
now=$(TZ=Asia/Tokyo date -d "$YELL_NOW" +%s)
sql "insert into outbox (dedupe_key, recipient, method, body, not_before, created_at) values ('stuck', 'E0017', 'direct', '[]', $(((now - 7200) * 1000)), $((now - 7200)))"
status=0
"$YELLCTL" -c "$CONF" check >"$T/check2.out" 2>&1 || status=$?
[ "$status" = 65 ] || fail "a stuck row: exit $status"
expect "outbox: 1 pending for over an hour" "$T/check2.out"
echo ok
