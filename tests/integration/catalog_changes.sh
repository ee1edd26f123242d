# yellctl and the catalogue as it changes during the year: a bad file is
# refused with every error (never a crash), a re-import keeps an
# operator's moves and cancellations, a class move that is probably a
# mistake needs a flag, and HR records who was selected (選抜・推薦).
. "$(dirname "$0")/lib/common.sh"

write_conf
import_roster
CAT=$YELL_SOURCE_DIR/config/catalog/2024.json
export YELL_NOW='2024-06-03 09:00'

# A class without id before one with an id (fuzzer finding).
python3 - "$CAT" "$T/noid.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
for x in c["courses"]:
    if x["code"] == "R-02":
        del x["classes"][0]["id"]
json.dump(c, open(sys.argv[2], "w"), ensure_ascii=False)
PY
status=0
"$YELLCTL" -c "$CONF" catalog validate "$T/noid.json" >"$T/noid.out" \
    2>"$T/noid.err" || status=$?
[ "$status" = 65 ] || fail "validate without a class id: exit $status, not 65"
expect "course R-02: class #1 (no id): id: is required" "$T/noid.err"

"$YELLCTL" -c "$CONF" catalog import "$CAT" >"$T/import.out" 2>&1 ||
    fail "import"

# Notes on how HR read the plan are for HR.
"$YELLCTL" -c "$CONF" catalog list --notes >"$T/notes.out" 2>&1 ||
    fail "catalog list --notes"
expect "対象欄は空欄（結合セル）のため" "$T/notes.out"
"$YELLCTL" -c "$CONF" catalog list >"$T/list.out" 2>&1 || fail "catalog list"
expect "R-18	rank	" "$T/list.out"
expect "	designated	" "$T/list.out"

# A re-import keeps a moved class's new date and a cancelled class.
"$YELLCTL" -c "$CONF" class move R-32 1 '2024-07-10 13:30' >"$T/move.out" \
    2>&1 || fail "class move"
# HR enrols anyone, whatever the target; the person is told.
"$YELLCTL" -c "$CONF" enroll E0003 R-33 1 >"$T/enroll.out" 2>&1 ||
    fail "yellctl enroll"
expect "E0003 enrolled in R-33 class 1" "$T/enroll.out"
[ "$(sql "SELECT count(*) FROM outbox WHERE recipient = 'E0003' AND
    body LIKE '%人事課が%受講を登録しました%'")" = 1 ] || fail "enrol notice"
"$YELLCTL" -c "$CONF" class cancel R-33 1 >"$T/cancel.out" 2>&1 ||
    fail "class cancel"
expect "R-33 class 1 cancelled; 1 people told" "$T/cancel.out"
"$YELLCTL" -c "$CONF" class capacity P-01 1 2 >"$T/cap.out" 2>&1 ||
    fail "class capacity"
expect "P-01 class 1: 2 seats" "$T/cap.out"
"$YELLCTL" -c "$CONF" catalog import "$CAT" >"$T/again.out" 2>&1 ||
    fail "import again"
[ "$(sql "SELECT k.capacity FROM class k JOIN course c ON c.id = k.course_id
    WHERE c.code = 'P-01' AND k.class_key = '1'")" = 2 ] ||
    fail "the re-import reset a capacity set by hand"
expect "kept the dates of 1 moved class" "$T/again.out"
[ "$(sql "SELECT datetime(k.starts_at, 'unixepoch', '+9 hours') FROM class k
    JOIN course c ON c.id = k.course_id WHERE c.code = 'R-32'")" = \
    "2024-07-10 13:30:00" ] || fail "the re-import reverted the move"
[ "$(sql "SELECT count(*) FROM session s JOIN class k ON k.id = s.class_id
    JOIN course c ON c.id = k.course_id WHERE c.code = 'R-32' AND
    date(s.starts_at, 'unixepoch', '+9 hours') = '2024-07-03'")" = 0 ] ||
    fail "the re-import put the sessions back"
[ "$(sql "SELECT k.status FROM class k JOIN course c ON c.id = k.course_id
    WHERE c.code = 'R-33' AND k.class_key = '1'")" = cancelled ] ||
    fail "the re-import reopened a cancelled class"

# Moves that are probably mistakes, and a second cancel.
for when in '2024-05-01' '2024-07-13' '2024-07-15' '2025-04-10'; do
	status=0
	"$YELLCTL" -c "$CONF" class move R-32 1 "$when" >"$T/bad.out" \
	    2>"$T/bad.err" || status=$?
	[ "$status" = 65 ] || fail "move to $when: exit $status, not 65"
	expect "pass --force" "$T/bad.err"
done
"$YELLCTL" -c "$CONF" class move R-32 1 '2024-07-13' --force >"$T/force.out" \
    2>&1 || fail "move --force"
status=0
"$YELLCTL" -c "$CONF" class move R-33 1 '2024-07-16' >"$T/reopen.out" \
    2>"$T/reopen.err" || status=$?
[ "$status" = 65 ] || fail "moving a cancelled class: exit $status"
expect "is cancelled; pass --reopen" "$T/reopen.err"
status=0
"$YELLCTL" -c "$CONF" class cancel R-33 1 >"$T/twice.out" 2>"$T/twice.err" ||
    status=$?
[ "$status" = 65 ] || fail "cancelling twice: exit $status"
expect "already cancelled" "$T/twice.err"
"$YELLCTL" -c "$CONF" class move R-33 1 '2024-07-16' --reopen \
    >"$T/reopened.out" 2>&1 || fail "move --reopen"
expect "moved and reopened; 1 people told" "$T/reopened.out"
[ "$(sql "SELECT count(*) FROM outbox WHERE recipient = 'E0003' AND
    body LIKE '%改めて申し込んでください%'")" = 1 ] || fail "reopen notice"

# Selection: checked whole, then recorded.
printf 'employee_id,course\nE0001,R-01\nE9999,R-07\n' >"$T/bad.csv"
status=0
"$YELLCTL" -c "$CONF" selection import "$T/bad.csv" >"$T/sel.out" \
    2>"$T/sel.err" || status=$?
[ "$status" = 65 ] || fail "bad selection: exit $status, not 65"
expect "$T/bad.csv:2: R-01 is not decided by selection" "$T/sel.err"
expect "$T/bad.csv:3: unknown employee_id" "$T/sel.err"
[ "$(sql "SELECT count(*) FROM selection")" = 0 ] || fail "a bad file changed"
# A code typed in full width (an Excel sheet from a Japanese IME) is S-06.
printf 'employee_id,course,kind\nE0003,Ｓ－０６,nominated\n' >"$T/sel.csv"
"$YELLCTL" -c "$CONF" selection import "$T/sel.csv" >"$T/sel.out" 2>&1 ||
    fail "selection import"
expect "recorded 1 selections" "$T/sel.out"
[ "$(sql "SELECT kind FROM selection WHERE employee_id = 'E0003'")" = \
    nominated ] || fail "selection row"
echo ok
