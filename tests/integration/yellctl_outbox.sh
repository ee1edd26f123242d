# yellctl outbox list shows what is not delivered; retry sends a row
# again (attempts forgotten), drop gives it up; both are audited, and a
# sent row is neither retried nor dropped.
. "$(dirname "$0")/lib/common.sh"

write_conf all
import_roster
"$YELLCTL" -c "$CONF" check >/dev/null 2>&1 || fail "a fresh database is ok"
now=$(date +%s)
ms=$((now * 1000))	# not_before is in milliseconds
sql "insert into outbox (id, dedupe_key, recipient, method, body, not_before, created_at, status, attempts, last_error) values
    (7, 'a', 'E0017', 'direct', '[]', $ms, $now, 'failed', 8, 'channel_not_found'),
    (8, 'b', 'E0018', 'direct', '[]', $ms, $now, 'pending', 1, NULL),
    (9, 'c', 'E0016', 'direct', '[]', $ms, $now, 'sent', 1, NULL)"

"$YELLCTL" -c "$CONF" outbox list >"$T/list.out" 2>&1 || fail "list exited with $?"
expect "7	failed	8	" "$T/list.out"
expect "channel_not_found" "$T/list.out"
expect "8	pending	1	" "$T/list.out"
expect_not "9	sent" "$T/list.out"
expect "2 rows not sent" "$T/list.out"
"$YELLCTL" -c "$CONF" outbox list --all >"$T/all.out" 2>&1 || fail "list --all"
expect "9	sent" "$T/all.out"

"$YELLCTL" -c "$CONF" outbox retry 7 >"$T/retry.out" 2>&1 || fail "retry exited with $?"
[ "$(sql "select status || ' ' || attempts || ' ' || coalesce(last_error, '-') from outbox where id = 7")" = "pending 0 -" ] ||
    fail "row 7 pending again"
"$YELLCTL" -c "$CONF" outbox drop 8 >"$T/drop.out" 2>&1 || fail "drop exited with $?"
[ "$(sql "select count(*) from outbox where id = 8")" = 0 ] || fail "row 8 dropped"
[ "$(sql "select count(*) from audit where action = 'outbox.retry' and detail = 'row 7' and actor like 'yellctl:%'")" = 1 ] ||
    fail "retry audited"
[ "$(sql "select count(*) from audit where action = 'outbox.drop' and detail = 'row 8'")" = 1 ] ||
    fail "drop audited"
for cmd in "retry 9" "drop 9" "drop 8" "retry 12345"; do
	status=0
	"$YELLCTL" -c "$CONF" outbox $cmd >/dev/null 2>&1 || status=$?
	[ "$status" = 65 ] || fail "outbox $cmd: exit $status"
done
status=0
"$YELLCTL" -c "$CONF" outbox retry x1 >/dev/null 2>&1 || status=$?
[ "$status" = 64 ] || fail "a bad id: exit $status"
[ "$(sql "select count(*) from audit where action like 'outbox.%'")" = 2 ] || fail "only the two changes audited"
echo ok
