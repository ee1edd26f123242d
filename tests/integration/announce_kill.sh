# SIGKILL in the middle of delivering a 2,000-recipient announcement to the
# fake Slack, then a restart: every recipient has it, exactly once except
# at most the messages in flight at the kill (those the sender had posted
# but not yet marked: one batch, bot/outbox.c OUTBOX_BATCH = 64), and the
# figures agree with what the fake received.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

N=2000
IN_FLIGHT=64	# bot/outbox.c OUTBOX_BATCH

start_fake
write_slack_conf
{
	echo "employee_id,name,department,job_level"
	i=1
	while [ $i -le $N ]; do
		printf 'K%04d,職員 %04d,%s,%s\n' $i $i \
		    "$([ $((i % 2)) = 0 ] && echo 総務部 || echo 区民部)" \
		    "$([ $((i % 3)) = 0 ] && echo 係長級 || echo 主事)"
		i=$((i + 1))
	done
} >"$T/roster.csv"
"$YELLCTL" -c "$CONF" staff import "$T/roster.csv" >/dev/null || fail "roster import"
sql "insert into chat_identity (platform, chat_user_id, employee_id)
    select 'slack', 'U' || employee_id, employee_id from staff"
awk -F, 'NR > 1 { printf "user U%s %s@example.jp\n", $1, tolower($1) }' \
    "$T/roster.csv" >&7
# Slow posts, so that the kill lands in the middle.
fake slow chat.postMessage 4
printf '人事課からのお知らせです。\n' >"$T/body.txt"
"$YELLCTL" -c "$CONF" announce create --title '全職員へのお知らせ' \
    --body-file "$T/body.txt" --audience 'department=総務部,区民部' \
    --ack --urgent --yes >"$T/create.out" || fail "announce create"
expect "reaches: $N people" "$T/create.out"

log=$T/fake.log
start_yelld
wait_count 500 'api chat.postMessage' "$log"
kill -9 "$YELLD_PID"
wait "$YELLD_PID" 2>/dev/null || true
YELLD_PID=
at_kill=$(count 'api chat.postMessage' "$log")
[ "$at_kill" -lt $N ] || fail "the kill came after the last post ($at_kill)"
[ "$(sql 'pragma integrity_check')" = ok ] || fail "integrity_check"
[ "$(sql "select count(*) from announcement_receipt")" = $N ] ||
    fail "the receipts were written whole before delivery"

start_yelld
i=0
while [ "$(sql "select count(*) from outbox where status = 'pending'")" != 0 ]; do
	i=$((i + 1)); [ $i -le 600 ] || fail "delivery did not finish"; sleep 0.1
done
sleep 0.5
stop_yelld

grep '^api chat.postMessage ' "$log" | grep -o '"channel":"UK[0-9]*"' |
    sort | uniq -c >"$T/per_user"
users=$(wc -l <"$T/per_user")
total=$(grep -c '^api chat.postMessage ' "$log")
twice=$(awk '$1 > 1' "$T/per_user" | wc -l)
more=$(awk '$1 > 2' "$T/per_user" | wc -l)
echo "posted $total to $users people; $twice twice (at the kill: $at_kill)"
[ "$users" = $N ] || fail "$users of $N people got it"
[ "$more" = 0 ] || fail "$more people got it three times or more"
[ $((total - N)) -le $IN_FLIGHT ] || fail "$((total - N)) sent twice, more than $IN_FLIGHT in flight"
[ "$twice" = $((total - N)) ] || fail "duplicates counted twice"

# The figures: what the fake received.
"$YELLCTL" -c "$CONF" report announcements 1 --format csv >"$T/report.csv" ||
    fail "report"
tr -d '\r' <"$T/report.csv" | awk -F, '$4 == "\"all\"" { print $6, $7, $8, $9 }' >"$T/total"
[ "$(cat "$T/total")" = "$N $users 0 0" ] ||
    fail "report total (targeted delivered failed acknowledged): $(cat "$T/total")"
dept=$(tr -d '\r' <"$T/report.csv" | awk -F, '$4 == "\"department\"" { s += $7 } END { print s }')
[ "$dept" = "$users" ] || fail "the departments add up to $dept"
[ "$(sql "select count(*) from announcement_receipt where delivered_at is null")" = 0 ] ||
    fail "a delivery not recorded"
check_secrets
echo ok
