# Course reminders on the console: enrolment, the clock moved forward, a
# digest delivered in working hours; a yelld killed after a reminder run
# committed but before delivery delivers it once after a restart, and a
# class moved with yellctl tells the person and re-plans the reminders.
. "$(dirname "$0")/lib/common.sh"

write_conf managers
export YELL_NOW="2024-06-03 09:00"
import_roster
"$YELLCTL" -c "$CONF" catalog import "$YELL_SOURCE_DIR/config/catalog/2024.json" \
    >"$T/import.out" || fail "catalog import"
expect "FY2024: added 97, updated 0 courses (146 classes)" "$T/import.out"

# S-06 is for those nominated (推薦): HR records E0016 first.
printf 'employee_id,course,kind\nE0016,S-06,nominated\n' >"$T/sel.csv"
"$YELLCTL" -c "$CONF" selection import "$T/sel.csv" >"$T/sel.out" ||
    fail "selection import"
printf 'enroll S-07\nenroll S-06\nmy\n/time 2024-07-05 18:00\n' >"$T/script"
"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/first.out" 2>"$T/first.err" ||
    fail "first run"
# The plan gives S-07 no time: the date alone, never an invented 9:00.
expect "「心理的安全性講演会」（S-07）に申し込みました。日程: 2024年7月12日（金）" "$T/first.out"
expect_not "日程: 2024年7月12日（金）9:00" "$T/first.out"
expect "・2024年7月5日（金）9:00 S-07 心理的安全性講演会" "$T/first.out"
# 18:00 on a Friday is after hours: nothing is sent yet.
expect_not "📨" "$T/first.out"

# Monday 08:30: the reminders due since Friday go out as one digest; the
# outbox is held and yelld killed before it delivers.
mkfifo "$T/in"
YELL_NOW="2024-07-08 08:30" YELL_OUTBOX_HOLD=1 "$YELLD" -c "$CONF" --as E0016 \
    <"$T/in" >"$T/second.out" 2>"$T/second.err" &
pid=$!
exec 3>"$T/in"
printf 'my\n' >&3
wait_for "今年度の申し込み" "$T/second.out"
i=0
while [ "$(sql "select count(*) from outbox where dedupe_key like 'remind:%'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "no reminder queued"; sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
exec 3>&-
expect_not "📨" "$T/second.out"

YELL_NOW="2024-07-08 08:31" "$YELLD" -c "$CONF" </dev/null >"$T/third.out" 2>"$T/third.err" ||
    fail "restart"
[ "$(count '研修のお知らせです' "$T/third.out")" = 1 ] || fail "one reminder message"
expect "研修のお知らせです（まとめてお送りします）。" "$T/third.out"
# S-07 again by its date alone; S-06 has a time in the plan.
expect "・2024年7月12日（金） 心理的安全性講演会（S-07）" "$T/third.out"
expect_not "・2024年7月12日（金）9:00" "$T/third.out"
[ "$(count '・2024年7月8日（月）9:00 ロジックモデル作成研修（S-06）' "$T/third.out")" = 1 ] ||
    fail "S-06 once in the digest"
YELL_NOW="2024-07-08 08:32" "$YELLD" -c "$CONF" </dev/null >"$T/fourth.out" 2>&1 || fail "again"
expect_not "📨" "$T/fourth.out"

# HR moves the class: E0016 is told and the reminders follow the new date.
YELL_NOW="2024-07-08 10:00" "$YELLCTL" -c "$CONF" class move S-07 1 2024-07-19 \
    >"$T/move.out" || fail "class move"
expect "S-07 class 1 moved; 1 people told" "$T/move.out"
[ "$(sql "select count(*) from outbox where recipient = 'E0016' and body like '%日程が変更になりました: 2024-07-19%' and body not like '%2024-07-19 09:00%'")" = 1 ] ||
    fail "move notice"
[ "$(sql "select count(*) from reminder where status = 'pending' and kind like '%@' || (select starts_at from class k join course c on c.id = k.course_id where c.code = 'S-07')")" = 3 ] ||
    fail "reminders re-planned"

# A cancelled class: told, enrolment cancelled, no more reminders.
YELL_NOW="2024-07-08 10:05" "$YELLCTL" -c "$CONF" class cancel S-07 1 \
    >"$T/cancel.out" || fail "class cancel"
expect "S-07 class 1 cancelled; 1 people told" "$T/cancel.out"
[ "$(sql "select count(*) from outbox where recipient = 'E0016' and body like '%中止になりました%'")" = 1 ] ||
    fail "cancel notice"
[ "$(sql "select status from enrollment e join course c on c.id = e.course_id where c.code = 'S-07'")" = cancelled ] ||
    fail "enrolment cancelled"

# Completions: a bad file changes nothing; a good one stops reminders.
printf 'employee_id,course\nE0016,S-08\nE9999,S-08\nE0016,Z-99\n' >"$T/bad.csv"
status=0
"$YELLCTL" -c "$CONF" completions import "$T/bad.csv" 2>"$T/bad.err" || status=$?
[ "$status" = 65 ] || fail "bad completions: exit $status"
expect "$T/bad.csv:3: unknown employee_id \"E9999\"" "$T/bad.err"
expect "$T/bad.csv:4: unknown course \"Z-99\" in FY2024" "$T/bad.err"
[ "$(sql "select count(*) from enrollment where status = 'completed'")" = 0 ] || fail "nothing changed"
printf 'course,employee_id,completed_on\nS-06,E0016,2024-07-30\n' >"$T/good.csv"
YELL_NOW="2024-07-31 10:00" "$YELLCTL" -c "$CONF" completions import "$T/good.csv" \
    >"$T/good.out" || fail "completions import"
expect "recorded 1 completions" "$T/good.out"
[ "$(sql "select count(*) from reminder r join enrollment e on e.id = r.enrollment_id join course c on c.id = e.course_id where c.code = 'S-06' and r.status = 'pending'")" = 0 ] ||
    fail "reminders stopped"
[ "$(sql "pragma integrity_check")" = ok ] || fail "integrity"
echo ok
