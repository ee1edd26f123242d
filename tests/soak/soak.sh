#!/bin/sh
# make soak: SOAK_RATE I-messages a second (default 1,000) as Slack DMs for
# SOAK_SECONDS (default 600) against the fake Slack, while the socket is
# dropped and yelld is SIGKILLed and restarted at random moments.  Then:
# every envelope acked (the fake redelivers until it is), every I-message
# in the database exactly once, every outbox row sent and as many messages
# posted, the database intact, and yelld's RSS printed through the run
# (it fails if the longest-lived process grew by more than SOAK_RSS_MB,
# default 20 MiB, after its first minute).
# Run with YELL_SOURCE_DIR and YELL_BUILD_DIR set (the Makefile does).
. "$YELL_SOURCE_DIR/tests/integration/lib/common.sh"
. "$YELL_SOURCE_DIR/tests/integration/lib/slack.sh"
. "$YELL_SOURCE_DIR/tests/integration/lib/fault.sh"

secs=${SOAK_SECONDS:-600}
rate=${SOAK_RATE:-1000}
rss_max=${SOAK_RSS_MB:-20}
total=$((secs * rate))
gap=$((1000 / rate))
[ "$gap" -ge 1 ] || gap=1
echo "soak: $total I-messages at $rate/s for $secs s"

start_fake --ack-timeout-ms 3000 --retries 1000000
fake forget
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log
: >"$T/rss"

sample_rss() {
	r=$(awk '/^VmRSS/ { print $2 }' "/proc/$YELLD_PID/status" 2>/dev/null || true)
	[ -z "$r" ] || echo "$YELLD_PID $(($(date +%s) - t0)) $r" >>"$T/rss"
}

t0=$(date +%s)
fake burst "$total" "$gap" U0017 'imessage <@U0016> soak'
drops=0 kills=0
next=$((t0 + 10 + $(od -An -N1 -tu1 /dev/urandom) % 20))
while [ $(($(date +%s) - t0)) -lt "$secs" ]; do
	sleep 1
	sample_rss
	now=$(date +%s)
	[ "$now" -ge "$next" ] || continue
	if [ $(($(od -An -N1 -tu1 /dev/urandom) % 2)) = 0 ]; then
		fake drop_after 1	# the socket dies after the next envelope
		drops=$((drops + 1))
	else
		kill -9 "$YELLD_PID"
		wait "$YELLD_PID" 2>/dev/null || true
		"$YELLD" -c "$CONF" >>"$T/yelld.out" 2>>"$T/yelld.err" &
		YELLD_PID=$!
		kills=$((kills + 1))
	fi
	next=$((now + 10 + $(od -An -N1 -tu1 /dev/urandom) % 30))
done
echo "soak: load done after $(($(date +%s) - t0)) s: $drops socket drops, $kills SIGKILL restarts"

# Everything settles: acked, stored, sent.
i=0
while :; do
	fake env_stats
	sleep 2
	set -- $(grep '^env_stats ' "$log" | tail -n 1)
	queued=${2#queued=} sent=${3#sent=} acked=${4#acked=}
	[ "$queued" = 0 ] && [ "$sent" = 0 ] && [ "$acked" -ge "$total" ] && break
	i=$((i + 1))
	[ $i -le 300 ] || fail "not settled: $*"
done
i=0
while [ "$(sql "SELECT count(*) FROM outbox WHERE status = 'pending'")" != 0 ]; do
	i=$((i + 1))
	[ $i -le 600 ] || fail "outbox rows still pending"
	sleep 1
done
sample_rss
fake env_stats
sleep 1
set -- $(grep '^env_stats ' "$log" | tail -n 1)
posted=${6#posted=}

stored=$(sql "SELECT count(*) FROM imessage WHERE body LIKE 'soak %'")
distinct=$(sql "SELECT count(DISTINCT body) FROM imessage WHERE body LIKE 'soak %'")
rows=$(sql "SELECT count(*) FROM outbox")
sentrows=$(sql "SELECT count(*) FROM outbox WHERE status = 'sent'")
echo "soak: acked envelopes ${acked}, I-messages stored $stored ($distinct distinct), outbox $sentrows/$rows sent, $posted posted"
[ "$stored" = "$total" ] || fail "$stored I-messages stored, not $total"
[ "$distinct" = "$total" ] || fail "an I-message stored twice"
[ "$sentrows" = "$rows" ] || fail "outbox rows not sent: $((rows - sentrows))"
# A kill between a post and its mark posts again: never fewer.
[ "$posted" -ge "$rows" ] || fail "$posted posted for $rows rows"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"

# RSS, per process: first and last sample, and the growth of the one
# that lived longest, from its first minute on.
echo "soak: yelld RSS (KiB) per process: pid first last samples"
awk '{ if (!($1 in first)) { first[$1] = $3; t[$1] = $2 } last[$1] = $3;
    tl[$1] = $2; n[$1]++ } END { for (p in first) print p, first[p], last[p], n[p] }' \
    "$T/rss" | sort -k4 -n
long=$(awk '{ n[$1]++ } END { for (p in n) print n[p], p }' "$T/rss" | sort -n | tail -n 1 | cut -d' ' -f2)
set -- $(awk -v p="$long" '$1 == p { if (!s) s = $2; if ($2 - s >= 60 && !b) b = $3; l = $3 }
    END { print (b ? b : l), l }' "$T/rss")
echo "soak: longest-lived yelld $long: RSS $1 KiB after its first minute, $2 KiB at the end"
[ $(($2 - $1)) -le $((rss_max * 1024)) ] || fail "RSS grew by $((($2 - $1) / 1024)) MiB"
stop_yelld
check_secrets
echo "soak: ok"
