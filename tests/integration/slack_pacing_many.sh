# Pacing holds for many conversations at once: 300 people each get two
# I-messages within a second or so, and with Slack's limit of about one
# post a second per conversation (the fake answers a second post within
# 950 ms with 429) the second to each waits for its slot.  The pace of
# every conversation is remembered, not only the last few hundred.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

N=${PACING_PEOPLE:-300}
start_fake
write_slack_conf
sed -i 's/^post_interval_ms = 0$/post_interval_ms = 1000/' "$CONF"
sed -i 's/^level = info$/level = warn/' "$CONF"
{
	echo "employee_id,name,email"
	i=1
	while [ $i -le $N ]; do
		printf 'B%04d,職員 %04d,bench%04d@example.jp\n' $i $i $i
		i=$((i + 1))
	done
} >"$T/roster.csv"
"$YELLCTL" -c "$CONF" staff import "$T/roster.csv" >/dev/null || fail "roster import"
fake load users $N
start_yelld
fake load quiet on
fake load chanlimit 950
fake load drain 20
# Command k comes from person k mod N, to the next but (k / N): two each.
fake load closed $((2 * N)) 50
wait_match '^load_result closed' "$T/fake.log"
line=$(grep '^load_result closed' "$T/fake.log")
r429=$(printf '%s\n' "$line" | sed -n 's/.* r429=\([0-9]*\).*/\1/p')
dms=$(printf '%s\n' "$line" | sed -n 's/.* dms=\([0-9]*\).*/\1/p')
[ "$dms" = $((2 * N)) ] || fail "$dms of $((2 * N)) DMs: $line"
# The fake's clock and yelld's round differently: a few at the edge.
[ "$r429" -le 10 ] || fail "$r429 posts came too early: $line"
stop_yelld
check_secrets
echo ok
