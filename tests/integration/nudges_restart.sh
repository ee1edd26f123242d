# A yelld killed in the middle of a nudge run (slices paced apart, the
# outbox held) sends nobody a nudge twice after the restart, and the
# weekly cap holds across the two processes.
. "$(dirname "$0")/lib/common.sh"

write_conf all
cat >>"$CONF" <<CONF
[nudges]
per_week = 2
CONF
import_roster
mkfifo "$T/in"
YELL_NOW="2024-06-03 10:00" YELL_OUTBOX_HOLD=1 YELL_SCHED_GAP_MS=400 \
    "$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/first.out" 2>"$T/first.err" &
pid=$!
exec 3>"$T/in"
i=0
while [ "$(sql "select count(*) from nudge_log" 2>/dev/null || echo 0)" -lt 1 ]; do
	i=$((i + 1)); [ $i -le 200 ] || fail "no nudge queued"; sleep 0.05
done
# The first slice is in; the run is not over.
[ "$(sql "select count(*) from nudge_run where kind = 'imessage'")" = 0 ] ||
    fail "the run ended before the kill"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
exec 3>&-
before=$(sql "select count(*) from nudge_log")

mkfifo "$T/in2"
YELL_NOW="2024-06-03 10:05" "$YELLD" -c "$CONF" <"$T/in2" >"$T/second.out" \
    2>"$T/second.err" &
pid=$!
exec 3>"$T/in2"
i=0
while [ "$(sql "select count(*) from nudge_run where day = '2024-06-03'")" != 4 ]; do
	i=$((i + 1)); [ $i -le 200 ] || fail "the run did not finish"; sleep 0.05
done
exec 3>&-
wait "$pid" || fail "restart"
after=$(sql "select count(*) from nudge_log")
[ "$after" -gt "$before" ] || fail "the run did not go on ($before, $after)"
[ "$(sql "select count(*) from outbox where dedupe_key like 'nudge:%'")" = "$after" ] ||
    fail "one outbox row per nudge"
[ "$(sql "select count(*) from (select employee_id from nudge_log group by employee_id, kind having count(*) > 1)")" = 0 ] ||
    fail "someone nudged twice"
[ "$(sql "select coalesce(max(c), 0) from (select count(*) c from nudge_log group by employee_id, week)")" -le 2 ] ||
    fail "cap exceeded"
# Each delivered once: the console printed one per row.
[ "$(count 'このお知らせは' "$T/second.out")" = "$after" ] || fail "deliveries: $(count 'このお知らせは' "$T/second.out") for $after"
[ "$(sql "select count(*) from nudge_log where sent_at is null")" = 0 ] ||
    fail "sent ones recorded"
YELL_NOW="2024-06-03 11:00" "$YELLD" -c "$CONF" </dev/null >"$T/third.out" 2>&1 || fail "again"
expect_not "このお知らせは" "$T/third.out"
echo ok
