#!/bin/sh
# slack_bench.sh: yelld beside a reference Bolt app and a slack-go app, each
# alone against the fake Slack's load generator (tests/fakes/fake_slack.c,
# "load" commands) on loopback, doing the same work for /imessage: look up
# both people, store the I-message durably, ack with an ephemeral reply,
# DM the recipient.  Prints one Markdown table with a column per peer and
# the ratios yelld/Bolt and yelld/Go.  It measures and never judges: no
# figure makes it fail (`make bench`; `make bench-smoke` for BENCH_QUICK=1).
#
# Per peer, on a fresh fake and database: start-up until hello; idle; a
# closed loop (BENCH_COMMANDS with BENCH_INFLIGHT in flight) with no
# per-channel limit, then one (BENCH_LIMITED) with Slack's ~1 post a second
# per channel enforced by 429s; then an open loop (BENCH_RATE a second for
# BENCH_STEADY s after BENCH_WARMUP s).  Every setting is an environment
# variable (below); BENCH_QUICK=1 scales them all down to a smoke run.
set -eu

SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BENCH_BUILD:-$SRC/build-release}
CACHE=${BENCH_CACHE:-$SRC/build/bench-peer}
PEERS=${BENCH_PEERS:-yelld bolt go}

# pick FULL QUICK: the default for a full run or for BENCH_QUICK=1
pick() {
	if [ -n "${BENCH_QUICK:-}" ]; then echo "$2"; else echo "$1"; fi
}
USERS=${BENCH_USERS:-$(pick 500 50)}
COMMANDS=${BENCH_COMMANDS:-$(pick 20000 1000)}
INFLIGHT=${BENCH_INFLIGHT:-100}
LIMITED=${BENCH_LIMITED:-$(pick 5000 300)}
RATE=${BENCH_RATE:-$(pick 1000 200)}
WARMUP=${BENCH_WARMUP:-$(pick 5 1)}
STEADY=${BENCH_STEADY:-$(pick 30 3)}
IDLE=${BENCH_IDLE:-$(pick 30 2)}
DRAIN=${BENCH_DRAIN:-$(pick 120 20)}
REMIND=${BENCH_REMIND:-1}	# 0: no open loop with a reminder run due
# Slack's ~1 post a second per channel, less a little for the two clocks.
CHANLIMIT_MS=${BENCH_CHANLIMIT_MS:-950}
OPEN_LIMIT_MS=${BENCH_OPEN_CHANLIMIT_MS:-$CHANLIMIT_MS}	# 0: none in the open loop
YELLD_POST_MS=${BENCH_YELLD_POST_INTERVAL_MS:-1000}	# yelld's own pacing

FAKE=$BUILD/tests/fakes/fake_slack
SEED=$BUILD/tests/seed_reminders
YELLD=$BUILD/yelld
YELLCTL=$BUILD/yellctl
APP_TOKEN=xapp-BENCH-1-A0FAKE-4d1c9e7a2b60
BOT_TOKEN=xoxb-BENCH-1111-2222-8f3e6a1c0d57

# table RESULTS: the Markdown table of a results file (peer.phase.key=value).
table() {
	awk -v peers="$PEERS" -F= '
	{ v[$1] = $2 }
	$1 ~ /\.fake_cpu_ms$/ { f = $1; sub(/fake_cpu_ms$/, "", f); fk[f] = $2 }
	function get(p, k) { return (p "." k) in v ? v[p "." k] : "" }
	function fmt(x, d) {
		if (x == "") return "-"
		if (d == 0) return sprintf("%.0f", x)
		return sprintf("%." d "f", x)
	}
	function ratio(a, b) {
		if (a == "" || b == "" || b + 0 == 0) return "-"
		return sprintf("%.2f", a / b)
	}
	function row(label, k, scale, d,   i, p, x, y, line, ph) {
		line = "| " label
		split(k, ph, ".")
		for (i = 1; i <= n; i++) {
			x = get(P[i], k)
			# Nothing acked: no latency to speak of.
			if (k ~ /(p50|p99|max)_ms$/ && get(P[i], ph[1] ".acked") + 0 == 0) x = ""
			if (x != "" && scale != 1) x = x / scale
			val[P[i]] = x
			line = line " | " fmt(x, d)
		}
		y = val["yelld"]
		if (has["yelld"] && has["bolt"]) line = line " | " ratio(y, val["bolt"])
		if (has["yelld"] && has["go"]) line = line " | " ratio(y, val["go"])
		print line " |"
	}
	END {
		# The CPU of the fake over the wall time of the phase (older results
		# have no wall_s: then until the last ack or DM, whichever was later).
		for (f in fk) {
			w = v[f "wall_s"]
			if (w == "") {
				w = v[f "secs"]
				if (v[f "dms_per_s"] > 0 && v[f "dms"] / v[f "dms_per_s"] > w)
					w = v[f "dms"] / v[f "dms_per_s"]
			}
			if (w > 0) v[f "fake_pct"] = fk[f] / w / 10
		}
		n = split(peers, P, " ")
		head = "| figure"; sep = "| ---"
		for (i = 1; i <= n; i++) {
			has[P[i]] = 1
			head = head " | " (P[i] == "bolt" ? "Bolt" : P[i] == "go" ? "Go" : P[i])
			sep = sep " | ---:"
		}
		if (has["yelld"] && has["bolt"]) { head = head " | yelld/Bolt"; sep = sep " | ---:" }
		if (has["yelld"] && has["go"]) { head = head " | yelld/Go"; sep = sep " | ---:" }
		print head " |"; print sep " |"
		row("start-up to hello, ms", "start.ms", 1, 0)
		row("idle RSS, MiB", "idle.rss_kb", 1024, 1)
		row("idle CPU, ms", "idle.cpu_ms", 1, 0)
		row("closed loop: acks/s", "closed.acks_per_s", 1, 0)
		row("closed loop: ack p50, ms", "closed.p50_ms", 1, 2)
		row("closed loop: ack p99, ms", "closed.p99_ms", 1, 2)
		row("closed loop: ack max, ms", "closed.max_ms", 1, 1)
		row("closed loop: not acked", "closed.lost", 1, 0)
		row("closed loop: DMs/s, no channel limit", "closed.dms_per_s", 1, 0)
		row("closed loop: CPU s per 1,000 commands", "closed.cpu_s_per_1000", 1, 3)
		row("closed loop: the fake'"'"'s CPU, % of a core", "closed.fake_pct", 1, 0)
		row("limited: DMs/s, 1 post/s per channel", "limited.dms_per_s", 1, 0)
		row("limited: DMs delivered", "limited.dms", 1, 0)
		row("limited: 429s received", "limited.r429", 1, 0)
		row("open loop: acks/s", "open.acks_per_s", 1, 0)
		row("open loop: ack p50, ms", "open.p50_ms", 1, 2)
		row("open loop: ack p99, ms", "open.p99_ms", 1, 2)
		row("open loop: ack max, ms", "open.max_ms", 1, 1)
		row("open loop: acks later than 3 s", "open.late", 1, 0)
		row("open loop: not acked", "open.lost", 1, 0)
		row("open loop: DMs/s", "open.dms_per_s", 1, 0)
		row("open loop: CPU s per 1,000 commands acked", "open.cpu_s_per_1000", 1, 3)
		row("open loop, a reminder run due: ack p50, ms", "remind.p50_ms", 1, 2)
		row("open loop, a reminder run due: ack p99, ms", "remind.p99_ms", 1, 2)
		row("open loop, a reminder run due: ack max, ms", "remind.max_ms", 1, 1)
		row("open loop, a reminder run due: reminders queued", "remind.queued", 1, 0)
		row("peak RSS, MiB", "mem.hwm_kb", 1024, 1)
		row("commands sent", "mem.sent", 1, 0)
		row("I-messages stored", "stored.rows", 1, 0)
	row("exited before the end", "end.exited", 1, 0)
	}' "$1"
}

if [ "${1:-}" = --table ]; then	# again from a kept run's results
	PEERS=${BENCH_PEERS:-$(cut -d. -f1 "$2" | uniq | tr '\n' ' ')}
	table "$2"
	exit 0
fi

for f in "$FAKE" "$YELLD" "$YELLCTL" "$SEED"; do
	[ -x "$f" ] || { echo "slack_bench: no $f (make bench builds it)" >&2; exit 1; }
done
for p in $PEERS; do
	case $p in
	bolt) [ -d "$CACHE/node_modules" ] || { echo "slack_bench: no $CACHE/node_modules (scripts/bench-deps.sh)" >&2; exit 1; } ;;
	go) [ -x "$CACHE/go-peer" ] || { echo "slack_bench: no $CACHE/go-peer (scripts/bench-deps.sh)" >&2; exit 1; } ;;
	yelld) ;;
	*) echo "slack_bench: unknown peer $p" >&2; exit 64 ;;
	esac
done

W=$(mktemp -d "${TMPDIR:-/tmp}/yell-bench.XXXXXX")
RESULTS=$W/results
: >"$RESULTS"
FAKE_PID=
PEER_PID=
cleanup() {
	[ -z "$PEER_PID" ] || kill -9 "$PEER_PID" 2>/dev/null || true
	[ -z "$FAKE_PID" ] || kill "$FAKE_PID" 2>/dev/null || true
	if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() {
	echo "slack_bench: $*" >&2
}

fake() {
	printf '%s\n' "$*" >&7
}

# alive PID: the process runs (a zombie that has exited does not).
alive() {
	[ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status"
}

# wait_line N PATTERN SECS: until the fake's log has N lines starting with
# PATTERN; returns 1 at the time limit or when the peer has died.
wait_line() {
	end=$(($(date +%s) + $3))
	while [ "$(grep -c "^$2" "$T/fake.log" 2>/dev/null || true)" -lt "$1" ]; do
		if [ "$(date +%s)" -ge "$end" ]; then
			say "$peer: timed out waiting for $2"
			return 1
		fi
		if [ -n "$PEER_PID" ] && ! alive "$PEER_PID"; then
			say "$peer: the peer died (see $T/peer.err)"
			tail -n 5 "$T/peer.err" >&2 || true
			return 1
		fi
		sleep 0.2
	done
}

# record NAME PATTERN N: the Nth line starting with PATTERN, as NAME.key=value
record() {
	grep "^$2" "$T/fake.log" | sed -n "${3}p" | tr ' ' '\n' | grep = |
	    sed "s/^/$peer.$1./" >>"$RESULTS"
}

start_fake() {
	rm -f "$T/fake.ctl" "$T/fake.port"
	mkfifo "$T/fake.ctl"
	"$FAKE" --app-token "$APP_TOKEN" --bot-token "$BOT_TOKEN" \
	    --port-file "$T/fake.port" <"$T/fake.ctl" >"$T/fake.log" \
	    2>"$T/fake.err" &
	FAKE_PID=$!
	exec 7>"$T/fake.ctl"
	i=0
	while [ ! -s "$T/fake.port" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || { say "the fake did not start"; exit 1; }
		sleep 0.05
	done
	PORT=$(cat "$T/fake.port")
	fake load quiet on
	fake load users "$USERS"
	fake load ping 10	# as Slack does; slack-go needs it
	fake load drain "$DRAIN"
}

stop_fake() {
	exec 7>&-
	kill "$FAKE_PID" 2>/dev/null || true
	wait "$FAKE_PID" 2>/dev/null || true
	FAKE_PID=
}

# yelld's configuration and a roster of the fake's users (same emails).
prepare_yelld() {
	DB=$T/yell.db
	cat >"$T/yell.conf" <<CONF
[chat]
adapter = slack
[state]
database = $DB
[data]
dir = $SRC/config
[imessage]
senders = all
# The peers store what they get; so does yelld, to compare like with like.
hints = off
[slack]
api_url = http://127.0.0.1:$PORT/api/
post_interval_ms = $YELLD_POST_MS
[http]
listen =
[limits]
# The peers have no per-user limit: measure throughput, not fairness.
commands = 10000
window = 1
[log]
level = warn
CONF
	sh "$SRC/tests/fakes/load_roster.sh" "$USERS" >"$T/roster.csv"
	"$YELLCTL" -c "$T/yell.conf" staff import "$T/roster.csv" >/dev/null
}

start_peer() {
	case $peer in
	yelld)
		YELL_SLACK_APP_TOKEN=$APP_TOKEN YELL_SLACK_BOT_TOKEN=$BOT_TOKEN \
		    "$YELLD" -c "$T/yell.conf" ${YELLD_NOW:+--now "$YELLD_NOW"} \
		    >"$T/peer.out" 2>"$T/peer.err" &
		;;
	bolt)
		DB=$T/bolt.db
		SLACK_API_URL=http://127.0.0.1:$PORT/api/ SLACK_APP_TOKEN=$APP_TOKEN \
		    SLACK_BOT_TOKEN=$BOT_TOKEN BENCH_DB=$DB \
		    NODE_PATH=$CACHE/node_modules \
		    node "$SRC/tests/bench/peer/bolt.js" >"$T/peer.out" 2>"$T/peer.err" &
		;;
	go)
		DB=$T/go.db
		SLACK_API_URL=http://127.0.0.1:$PORT/api/ SLACK_APP_TOKEN=$APP_TOKEN \
		    SLACK_BOT_TOKEN=$BOT_TOKEN BENCH_DB=$DB \
		    "$CACHE/go-peer" >"$T/peer.out" 2>"$T/peer.err" &
		;;
	esac
	PEER_PID=$!
}

stop_peer() {
	kill -TERM "$PEER_PID" 2>/dev/null || true
	i=0
	while kill -0 "$PEER_PID" 2>/dev/null && [ $i -lt 50 ]; do
		i=$((i + 1))
		sleep 0.2
	done
	kill -9 "$PEER_PID" 2>/dev/null || true
	wait "$PEER_PID" 2>/dev/null || true
	PEER_PID=
}

run_peer() {
	T=$W/$peer
	mkdir -p "$T"
	start_fake
	[ "$peer" != yelld ] || prepare_yelld
	say "$peer: start"
	fake load hello
	start_peer
	if wait_line 1 load_hello 60; then
		record start load_hello 1
		fake load pid "$PEER_PID"
		sleep 1		# let start-up work finish before idling
		run_phases || true
	fi
	if alive "$PEER_PID"; then
		echo "$peer.end.exited=0" >>"$RESULTS"
	else
		say "$peer: exited before the end (see $T/peer.err)"
		echo "$peer.end.exited=1" >>"$RESULTS"
	fi
	stop_peer
	echo "$peer.stored.rows=$(sqlite3 "$DB" 'select count(*) from imessage' 2>/dev/null || echo 0)" >>"$RESULTS"
	stop_fake
}

run_phases() {
	say "$peer: idle ${IDLE}s"
	fake load idle "$IDLE"
	wait_line 1 load_idle $((IDLE + 30)) || return 1
	record idle load_idle 1
	say "$peer: closed loop, $COMMANDS commands, $INFLIGHT in flight"
	fake load chanlimit 0
	fake load closed "$COMMANDS" "$INFLIGHT"
	wait_line 1 load_result $((300 + DRAIN + 30)) || return 1
	record closed load_result 1
	say "$peer: closed loop, $LIMITED commands, a post per channel every $CHANLIMIT_MS ms"
	fake load chanlimit "$CHANLIMIT_MS"
	fake load closed "$LIMITED" "$INFLIGHT"
	wait_line 2 load_result $((300 + DRAIN + 30)) || return 1
	record limited load_result 2
	say "$peer: open loop, $RATE/s for ${STEADY}s after ${WARMUP}s"
	fake load chanlimit "$OPEN_LIMIT_MS"
	fake load open "$RATE" "$WARMUP" "$STEADY"
	wait_line 3 load_result $((WARMUP + STEADY + 30)) || return 1
	record open load_result 3
	alive "$PEER_PID" || return 1
	fake load mem
	wait_line 1 load_mem 10 || return 1
	record mem load_mem 1
}

# yelld alone: the open loop again, on a ward of 10,000 staff and 50,000
# enrolments (tests/bench/seed_reminders.c) whose reminder run falls due
# a few seconds into the steady phase.  The clock starts on Monday
# 2024-07-01 09:00, the week bench_reminders measures.
run_remind() {
	peer=yelld
	T=$W/yelld-remind
	mkdir -p "$T"
	start_fake
	prepare_yelld
	YELLD_NOW='2024-07-01 09:00'
	"$SEED" "$SRC" "$DB" "$YELLD_NOW" $((1 + WARMUP + STEADY / 4)) \
	    >"$T/seed.out" || { say "seed_reminders failed"; stop_fake; return 1; }
	say "yelld: $(cat "$T/seed.out")"
	fake load hello
	start_peer
	if wait_line 1 load_hello 60; then
		fake load pid "$PEER_PID"
		sleep 1
		say "yelld: open loop, $RATE/s for ${STEADY}s after ${WARMUP}s, a reminder run due"
		fake load chanlimit "$OPEN_LIMIT_MS"
		fake load open "$RATE" "$WARMUP" "$STEADY"
		wait_line 1 load_result $((WARMUP + STEADY + 30)) &&
		    record remind load_result 1
	fi
	stop_peer
	YELLD_NOW=
	echo "yelld.remind.queued=$(sqlite3 "$DB" "select count(*) from outbox where dedupe_key like 'remind:%'" 2>/dev/null || echo 0)" >>"$RESULTS"
	stop_fake
}

model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for peer in $PEERS; do
	run_peer
done
case " $PEERS " in
*" yelld "*) [ "$REMIND" = 0 ] || run_remind || true ;;
esac
load1=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $model, $mem;" \
    "load average $load0 before, $load1 after"
echo "users $USERS; closed loop $COMMANDS commands ($INFLIGHT in flight)," \
    "then $LIMITED with a post per channel every ${CHANLIMIT_MS} ms at most; open loop $RATE/s for" \
    "${STEADY}s after ${WARMUP}s (channel limit ${OPEN_LIMIT_MS} ms); idle ${IDLE}s;" \
    "yelld post_interval_ms $YELLD_POST_MS"
echo
table "$RESULTS"
echo
echo "Ratios are yelld's figure over the other's: below 1 is better for times," \
    "memory and CPU, above 1 for acks/s.  With the channel limit, at most" \
    "$USERS DMs every $CHANLIMIT_MS ms can be delivered, plus one" \
    "first post per channel."

# A figure never fails the run, but a peer that did not get through every
# phase does; with BENCH_QUICK, so does one that lost an I-message (the
# smoke check of `make bench-smoke`).
rc=0
for peer in $PEERS; do
	sent=$(sed -n "s/^$peer\.mem\.sent=//p" "$RESULTS")
	rows=$(sed -n "s/^$peer\.stored\.rows=//p" "$RESULTS")
	if [ -z "$sent" ] || grep -q "^$peer\.end\.exited=1" "$RESULTS"; then
		say "$peer did not finish the run"
		rc=1
	elif [ -n "${BENCH_QUICK:-}" ] && [ "$rows" != "$sent" ]; then
		say "$peer stored $rows of $sent I-messages"
		rc=1
	fi
done
exit $rc
