# [http] listen: /healthz says whether yelld is connected and its database
# takes writes (200, or 503 with the reason), /metrics gives the counters
# in the Prometheus text format (checked with promtool when installed).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

command -v curl >/dev/null || { echo "skipped: curl is not installed (scripts/deps.sh)"; exit 0; }

# get PATH: the status line's code on stdout, the body in $T/body.
get() {
	curl -s -o "$T/body" -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT$1" || true
}

start_fake
fake_users
# A free port: try a few at random.
tries=0
while :; do
	tries=$((tries + 1)); [ $tries -le 10 ] || fail "no free port"
	HTTP_PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
	HTTP_LISTEN=127.0.0.1:$HTTP_PORT write_slack_conf
	[ -s "$DB" ] || import_roster
	: >"$T/yelld.err"
	start_yelld
	i=0
	while ! grep -q "healthz and /metrics on\|cannot listen there" "$T/yelld.err"; do
		i=$((i + 1)); [ $i -le 50 ] || fail "no listener line"; sleep 0.1
	done
	grep -q "cannot listen there" "$T/yelld.err" || break
	stop_yelld
done
log=$T/fake.log

[ "$(get /healthz)" = 200 ] || fail "healthz while connected"
expect ok "$T/body"
[ "$(get /nothing)" = 404 ] || fail "404"

fake 'slash U0016 /yell imessage <@U0017> 監視の準備ありがとう'
wait_match '^ack [0-9]+ env-1 ' "$log"
wait_for '"channel":"U0017"' "$log"
sleep 0.3	# the sender marks its batch
[ "$(get /metrics)" = 200 ] || fail "metrics"
cp "$T/body" "$T/metrics.out"
expect "yell_envelopes_received_total 1" "$T/metrics.out"
expect "yell_envelopes_acked_total 1" "$T/metrics.out"
expect "yell_envelopes_duplicate_total 0" "$T/metrics.out"
expect 'yell_ack_latency_seconds_count 1' "$T/metrics.out"
expect 'yell_group_commit_requests_bucket{le="+Inf"} 1' "$T/metrics.out"
expect 'yell_deliveries_sent_total{kind="imessage"} 1' "$T/metrics.out"
expect "yell_up_connections 2" "$T/metrics.out"
expect "yell_database_writable 1" "$T/metrics.out"
expect "yell_outbox_depth 0" "$T/metrics.out"
if command -v promtool >/dev/null; then
	promtool check metrics <"$T/metrics.out" >"$T/promtool.err" 2>&1 ||
	    fail "promtool check metrics"
else
	echo "promtool is not installed (scripts/ops-deps.sh): format not checked" >&2
fi
expect_not CANARY "$T/metrics.out"

# The database locked by another writer: 503 with the reason.
mkfifo "$T/sql.in"
sqlite3 "$DB" <"$T/sql.in" >/dev/null 2>&1 &
sqlpid=$!
exec 6>"$T/sql.in"
printf 'BEGIN IMMEDIATE;\nINSERT INTO seen_delivery VALUES (%s, 0);\n' "'lock'" >&6
sleep 0.3
[ "$(get /healthz)" = 503 ] || fail "healthz with the database locked"
expect "the database takes no writes" "$T/body"
printf 'ROLLBACK;\n' >&6
exec 6>&-
wait "$sqlpid" || true
[ "$(get /healthz)" = 200 ] || fail "healthz once the lock is gone"

# Slack gone: 503, not connected.
stop_fake 1
i=0
while [ "$(get /healthz)" != 503 ]; do
	i=$((i + 1)); [ $i -le 50 ] || fail "healthz with Slack gone"; sleep 0.1
done
expect "not connected to slack" "$T/body"
stop_yelld
echo ok
