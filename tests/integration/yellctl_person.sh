# yellctl export --person gives everything stored about one person as
# JSON; yellctl erase --person removes it in one audited transaction,
# keeping what the figures count (the I-messages and enrolments stay,
# nameless, their words gone).
. "$(dirname "$0")/lib/common.sh"

write_conf all
import_roster
printf 'imessage @E0017 窓口でのご対応に感謝しています\nenroll R-01\n/as E0017\nimessage @E0016 こちらこそ\nsettings language en\n' >"$T/script"
"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/console.out" 2>"$T/console.err" ||
    fail "yelld exited with $?"
[ "$(sql "select count(*) from imessage")" = 2 ] || fail "two I-messages"
sql "insert into chat_identity (platform, chat_user_id, employee_id) values ('slack', 'U0017', 'E0017')"

"$YELLCTL" -c "$CONF" export --person E0017 >"$T/export.json" 2>"$T/export.err" ||
    fail "export exited with $?"
jq() { sqlite3 :memory: "select json_extract(readfile('$T/export.json'), '$1')"; }
[ "$(jq '$.staff[0].name')" = "山口 智子" ] || fail "the staff row"
[ "$(jq '$.imessage_received[0].body')" = "窓口でのご対応に感謝しています" ] || fail "received"
[ "$(jq '$.imessage_sent[0].body')" = "こちらこそ" ] || fail "sent"
expect '"chat_user_id": "U0017"' "$T/export.json"
[ "$(jq '$.preference[0].value')" = en ] || fail "preferences"
[ -z "$(jq '$.staff[1]')" ] || fail "one staff row"
expect_not 'tsuyoshi.shimizu' "$T/export.json"	# nobody else's record

before_e=$(sql "select count(*) from enrollment")
"$YELLCTL" -c "$CONF" erase --person E0017 >"$T/erase.out" 2>&1 || fail "erase exited with $?"
expect "erased E0017" "$T/erase.out"
[ "$(sql "select count(*) from staff where employee_id = 'E0017'")" = 0 ] || fail "staff row gone"
[ "$(sql "select count(*) from chat_identity where employee_id = 'E0017'")" = 0 ] || fail "link gone"
[ "$(sql "select count(*) from preference where employee_id = 'E0017'")" = 0 ] || fail "preferences gone"
[ "$(sql "select count(*) from outbox where recipient = 'E0017'")" = 0 ] || fail "outbox rows gone"
[ "$(sql "select count(*) from imessage")" = 2 ] || fail "the I-messages are still counted"
[ "$(sql "select count(*) from imessage where body like '%感謝%' or body like '%こちらこそ%'")" = 0 ] ||
    fail "their words are gone"
[ "$(sql "select count(*) from imessage where body = '窓口でのご対応に感謝しています'")" = 0 ] || fail "body"
[ "$(sql "select count(*) from enrollment")" = "$before_e" ] || fail "enrolments counted"
stand=$(sql "select recipient from imessage where sender = 'E0016'")
[ "$(sql "select name || ' ' || active || ' ' || coalesce(email, '-') from staff where employee_id = '$stand'")" = "(erased) 0 -" ] ||
    fail "a nameless stand-in"
[ "$(sql "select count(*) from audit where action = 'person.erase' and detail like 'E0017, now counted as erased-%'")" = 1 ] ||
    fail "audited"
[ "$(sql "select count(*) from staff where email = 'tomoko.yamaguchi@example.jp'")" = 0 ] || fail "no email kept"

# Nobody by that id any more: both refuse, exit 65.
status=0
"$YELLCTL" -c "$CONF" export --person E0017 >/dev/null 2>"$T/again.err" || status=$?
[ "$status" = 65 ] || fail "export of nobody: exit $status"
expect "nobody has employee id E0017" "$T/again.err"
status=0
"$YELLCTL" -c "$CONF" erase --person E0017 >/dev/null 2>&1 || status=$?
[ "$status" = 65 ] || fail "erase of nobody: exit $status"
status=0
"$YELLCTL" -c "$CONF" erase E0017 >/dev/null 2>&1 || status=$?
[ "$status" = 64 ] || fail "erase without --person: exit $status"
echo ok
