# yellctl staff import --map: an HR export with its own headers goes in as
# it is; mistakes in the map or the file are reported with file:line and
# exit 65, and change nothing.
. "$(dirname "$0")/lib/common.sh"

write_conf
cat >"$T/hr.map" <<'MAP'
# 人事システム「職員台帳」の出力
[columns]
社員番号 = employee_id
氏名 = name
所属部 = department
職層 = job_level
上司 = manager_id
昇任選考合格 = passed_exam
担当 = duties
電話番号 = -
MAP
cat >"$T/export.csv" <<'CSV'
社員番号,氏名,所属部,職層,上司,昇任選考合格,担当,電話番号
E1,一 太郎,総務部,課長級,,,第一次評価者,03-0000-0000
E2,二 花子,総務部,主任,E1,主任昇任選考合格,,03-0000-0001
CSV

"$YELLCTL" -c "$CONF" staff import "$T/export.csv" --map "$T/hr.map" \
    --dry-run >"$T/dry.out" 2>&1 || fail "dry run"
expect "would add 2, update 0" "$T/dry.out"
"$YELLCTL" -c "$CONF" staff import --map "$T/hr.map" "$T/export.csv" \
    >"$T/ok.out" 2>&1 || fail "import"
expect "added 2, updated 0" "$T/ok.out"
[ "$(sql "SELECT passed_exam || '|' || duties FROM staff WHERE employee_id = 'E2'")" = "senior|" ] ||
    fail "E2's facts"
[ "$(sql "SELECT duties FROM staff WHERE employee_id = 'E1'")" = first_evaluator ] ||
    fail "E1's duties"

# Every mistake in the map, each with its line; the database is untouched.
printf '社員番号 = employee_id\n氏名 = nmae\n所属部\n' >"$T/bad.map"
status=0
"$YELLCTL" -c "$CONF" staff import "$T/export.csv" --map "$T/bad.map" \
    >"$T/bad.out" 2>"$T/bad.err" || status=$?
[ "$status" = 65 ] || fail "bad map: exit $status, not 65"
expect "$T/bad.map:2: unknown column \"nmae\"" "$T/bad.err"
expect "$T/bad.map:3: expected HEADER = COLUMN" "$T/bad.err"
expect "2 errors in the map; nothing was changed" "$T/bad.err"

# An unknown manager keeps its line number through the map.
printf '社員番号,氏名,上司\nE3,三,E9\n' >"$T/bad.csv"
status=0
"$YELLCTL" -c "$CONF" staff import "$T/bad.csv" --map "$T/hr.map" \
    >"$T/badcsv.out" 2>"$T/badcsv.err" || status=$?
[ "$status" = 65 ] || fail "bad roster: exit $status, not 65"
expect "$T/bad.csv:2: unknown manager_id E9" "$T/badcsv.err"
[ "$(sql "SELECT count(*) FROM staff")" = 2 ] || fail "a bad file changed the roster"

status=0
"$YELLCTL" -c "$CONF" staff import "$T/export.csv" --map \
    >"$T/usage.out" 2>"$T/usage.err" || status=$?
[ "$status" = 64 ] || fail "--map without a file: exit $status, not 64"
expect "--map needs a map file" "$T/usage.err"
echo ok
