# yellctl identity list shows which chat account is whose; identity unlink
# removes one link, audited, and the account is linked again by its email
# only through the ordinary path.
. "$(dirname "$0")/lib/common.sh"

write_conf all
import_roster
sql "insert into chat_identity (platform, chat_user_id, employee_id, checked_at) values
    ('slack', 'U0016', 'E0016', NULL), ('slack', 'U0017', 'E0017', 1700000000)"
"$YELLCTL" -c "$CONF" identity list >"$T/list.out" 2>&1 || fail "list exited with $?"
expect "slack	U0016	E0016	tsuyoshi.shimizu@example.jp	-" "$T/list.out"
expect "slack	U0017	E0017	tomoko.yamaguchi@example.jp	2023-11-" "$T/list.out"
expect "2 links" "$T/list.out"

"$YELLCTL" -c "$CONF" identity unlink slack U0016 >"$T/unlink.out" 2>&1 || fail "unlink exited with $?"
expect "unlinked slack user U0016 from E0016" "$T/unlink.out"
[ "$(sql "select count(*) from chat_identity where chat_user_id = 'U0016'")" = 0 ] || fail "unlinked"
[ "$(sql "select count(*) from audit where action = 'identity.unlink' and detail = 'slack U0016 E0016: by the operator'")" = 1 ] ||
    fail "audited"
status=0
"$YELLCTL" -c "$CONF" identity unlink slack U0016 >/dev/null 2>"$T/again.err" || status=$?
[ "$status" = 65 ] || fail "unlink again: exit $status"
expect "is not linked" "$T/again.err"
status=0
"$YELLCTL" -c "$CONF" identity unlink U0017 >/dev/null 2>&1 || status=$?
[ "$status" = 64 ] || fail "unlink without a platform: exit $status"
# The schema itself refuses a second account for E0017.
if sql "insert into chat_identity (platform, chat_user_id, employee_id) values ('slack', 'U0999', 'E0017')" 2>/dev/null; then
	fail "a second account for one employee"
fi
echo ok
