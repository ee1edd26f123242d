# A reminder run over more people than one slice holds is split: yelld
# killed with SIGKILL between two slices has committed the first slice's
# messages and nothing of the rest; after a restart the run goes on, and
# every person gets their reminder exactly once.
. "$(dirname "$0")/lib/common.sh"

PEOPLE=80	# the job takes 32 people a slice

write_conf managers
export YELL_NOW="2024-06-03 09:00"
cp "$YELL_SOURCE_DIR/config/demo/roster.csv" "$T/roster.csv"
i=0
while [ $i -lt $PEOPLE ]; do
	id=$(printf 'M%03d' $i)
	echo "$id,職員 $id,ショクイン,$id@example.jp,区長室,人事課,admin,課長級,2020-04-01,2000-04-01,new,I,1975-01-01,E0001,,,," \
	    >>"$T/roster.csv"
	printf '/as %s\nenroll S-07\n' "$id" >>"$T/enrol"
	i=$((i + 1))
done
"$YELLCTL" -c "$CONF" staff import "$T/roster.csv" >/dev/null || fail "roster import"
"$YELLCTL" -c "$CONF" catalog import "$YELL_SOURCE_DIR/config/catalog/2024.json" \
    >/dev/null || fail "catalog import"
"$YELLD" -c "$CONF" <"$T/enrol" >"$T/first.out" 2>"$T/first.err" || fail "enrol"
[ "$(count '「心理的安全性講演会」（S-07）に申し込みました' "$T/first.out")" = $PEOPLE ] ||
    fail "all enrolled"

remind() {
	sql "select count(*) from outbox where dedupe_key like 'remind:M%'"
}

# Friday 7/5 09:00: the 7-day reminders are due.  The slices are 3 s
# apart and the outbox is held; yelld is killed once the first is in.
mkfifo "$T/in"
YELL_NOW="2024-07-05 09:00" YELL_OUTBOX_HOLD=1 YELL_SCHED_GAP_MS=3000 \
    "$YELLD" -c "$CONF" <"$T/in" >"$T/second.out" 2>"$T/second.err" &
pid=$!
exec 3>"$T/in"
i=0
while [ "$(remind)" = 0 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "no slice committed"; sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
exec 3>&-
first=$(remind)
echo "first slice: $first rows" >&2
[ "$first" -gt 0 ] && [ "$first" -lt $PEOPLE ] || fail "one slice, not $first rows"
[ "$(sql "select count(*) from reminder where status = 'sent'")" = "$first" ] ||
    fail "the slice's reminders marked with its rows"
[ "$(sql "pragma integrity_check")" = ok ] || fail "integrity"

# The restart goes on with the run and delivers everything, once.
mkfifo "$T/in2"
YELL_NOW="2024-07-05 09:01" "$YELLD" -c "$CONF" <"$T/in2" >"$T/third.out" \
    2>"$T/third.err" &
pid=$!
exec 3>"$T/in2"
i=0
while [ "$(sql "select count(*) from outbox where dedupe_key like 'remind:M%' and status = 'sent'")" != $PEOPLE ]; do
	i=$((i + 1)); [ $i -le 200 ] || fail "run not finished"; sleep 0.1
done
exec 3>&-
wait "$pid" || fail "third run"
[ "$(remind)" = $PEOPLE ] || fail "one message a person"
[ "$(sql "select count(distinct recipient) from outbox where dedupe_key like 'remind:M%'")" = $PEOPLE ] ||
    fail "everyone reminded"
[ "$(sql "select count(*) from reminder where status = 'sent'")" = $PEOPLE ] ||
    fail "each reminder sent once"
[ "$(count '研修のお知らせです' "$T/third.out")" = $PEOPLE ] || fail "delivered once each"
echo ok
