# Shared by the Slack integration tests: the fake Slack (tests/fakes/
# fake_slack.c) on loopback, driven through a FIFO, and the real yelld
# pointed at it with canary tokens.  Source it after common.sh.
#
# The fake reports what it receives on $T/fake.log, one event a line (see
# the top of fake_slack.c); tests wait for and count those lines.

FAKE=$YELL_BUILD_DIR/tests/fakes/fake_slack
APP_TOKEN=xapp-CANARY-1-A0FAKE-7f3c9d1e2b4a
BOT_TOKEN=xoxb-CANARY-1111-2222-5e8a0c6f4d2b
FAKE_PID=
YELLD_PID=

# common.sh's fail, plus what the fake saw.
fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/*.err "$T"/fake.log; do
		[ -f "$f" ] || continue
		echo "--- $f" >&2
		tail -c 4000 "$f" >&2
	done
	exit 1
}

slack_cleanup() {
	[ -z "$YELLD_PID" ] || kill -9 "$YELLD_PID" 2>/dev/null || true
	[ -z "$FAKE_PID" ] || kill "$FAKE_PID" 2>/dev/null || true
	keep_logs
	if [ -n "${YELL_TEST_KEEP:-}" ]; then	# for debugging a failure
		echo "kept $T" >&2
	else
		rm -rf "$T"
	fi
}
trap slack_cleanup EXIT

# start_fake [fake_slack options]: starts the fake, sets FAKE_PORT.
start_fake() {
	mkfifo "$T/fake.ctl"
	"$FAKE" --app-token "$APP_TOKEN" --bot-token "$BOT_TOKEN" \
	    --port-file "$T/fake.port" "$@" <"$T/fake.ctl" >"$T/fake.log" \
	    2>"$T/fake.err" &
	FAKE_PID=$!
	exec 7>"$T/fake.ctl"
	i=0
	while [ ! -s "$T/fake.port" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || fail "the fake did not start"
		sleep 0.05
	done
	FAKE_PORT=$(cat "$T/fake.port")
}

# stop_fake N: stops the fake and keeps its log as fakeN.log.
stop_fake() {
	exec 7>&-
	kill "$FAKE_PID" 2>/dev/null || true
	wait "$FAKE_PID" 2>/dev/null || true
	FAKE_PID=
	mv "$T/fake.log" "$T/fake$1.log"
	rm -f "$T/fake.ctl" "$T/fake.port"
}

# fake COMMAND...: one command to the fake (see fake_command()).
fake() {
	printf '%s\n' "$*" >&7
}

# The demo roster's people as Slack users (ids are made up).
fake_users() {
	fake user U0016 tsuyoshi.shimizu@example.jp
	fake user U0017 tomoko.yamaguchi@example.jp
	fake user U0018 ryosuke.mori@example.jp
	fake user U0003 kenichi.sato@example.jp
	fake user U9999 stranger@example.com
}

# write_slack_conf [extra lines for the [slack] section, one an argument]
# HTTP_TIMEOUT_MS, HELLO_TIMEOUT_MS, API_URL and LOG_LEVEL override; the
# tests that drive load from one user need no per-user limit, so [limits]
# commands is high unless LIMIT_COMMANDS says otherwise (LIMITS: more
# [limits] lines).
write_slack_conf() {
	printf '%s\n' "$APP_TOKEN" >"$T/app.token"
	printf '%s\n' "$BOT_TOKEN" >"$T/bot.token"
	chmod 600 "$T/app.token" "$T/bot.token"
	cat >"$CONF" <<CONF
[chat]
adapter = slack
[state]
database = $DB
[data]
dir = $YELL_SOURCE_DIR/config
[imessage]
senders = all
hints = ${HINTS:-off}
share_channel = ${SHARE_CHANNEL:-}
[slack]
api_url = ${API_URL:-http://127.0.0.1:$FAKE_PORT/api/}
app_token_file = $T/app.token
bot_token_file = $T/bot.token
post_interval_ms = 0
http_timeout_ms = ${HTTP_TIMEOUT_MS:-3000}
hello_timeout_ms = ${HELLO_TIMEOUT_MS:-3000}
$(printf '%s\n' "$@")
[limits]
commands = ${LIMIT_COMMANDS:-10000}
window = ${LIMIT_WINDOW:-1}
${LIMITS:-}
[log]
level = ${LOG_LEVEL:-info}
[http]
listen = ${HTTP_LISTEN:-}
[test]
hooks = on
CONF
}

# start_yelld: runs yelld in the background and waits for its hello.
# A hello the fake sent an earlier yelld of the test does not count: a
# SIGTERM before this one's handlers are set would kill it outright.
start_yelld() {
	hellos=$(grep -c "^ws hello" "$T/fake.log" 2>/dev/null || true)
	"$YELLD" -c "$CONF" >>"$T/yelld.out" 2>>"$T/yelld.err" &
	YELLD_PID=$!
	wait_count $((${hellos:-0} + 1)) "ws hello" "$T/fake.log"
}

# stop_yelld: SIGTERM; yelld must stop cleanly.
stop_yelld() {
	kill -TERM "$YELLD_PID"
	rc=0
	wait "$YELLD_PID" || rc=$?
	YELLD_PID=
	[ "$rc" = 0 ] || fail "yelld exited with $rc"
}

# wait_match REGEX FILE: until a line of FILE matches the extended REGEX.
wait_match() {
	i=0
	while ! grep -qE -- "$1" "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 300 ] || fail "timed out waiting for /$1/ in $2"
		sleep 0.1
	done
}

# wait_count N TEXT FILE: until FILE has at least N lines with TEXT.
wait_count() {
	i=0
	while [ "$(count "$2" "$3")" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -le 300 ] || fail "timed out waiting for $1 \"$2\" in $3 (have $(count "$2" "$3"))"
		sleep 0.1
	done
}

# wait_acks N: until the fake has seen N acks, on any connection.
wait_acks() {
	i=0
	while [ "$(grep -c '^ack [0-9]* env-' "$T/fake.log")" -lt "$1" ]; do
		i=$((i + 1))
		[ $i -le 300 ] || fail "timed out waiting for $1 acks"
		sleep 0.1
	done
}

# No token and no Socket Mode ticket in yelld's output or the database.
check_secrets() {
	for f in "$T"/yelld.err "$T"/yelld.out "$DB" "$DB-wal"; do
		[ -f "$f" ] || continue
		if grep -a -q -e CANARY -e TICKET- "$f"; then
			fail "a secret leaked into $f"
		fi
	done
}

# slash_burst_through REASON: 3,000 /imessage with 100 in flight, and a
# disconnect REASON for the oldest connection 300 ms in.  Slash commands
# are never redelivered, so every one must be acked: none may find no
# connection ready, and none may be left unacked on the connection Slack
# asked us to leave.  Needs the fake started with --refresh-close-ms long
# enough that yelld, not Slack, closes that connection.
slash_burst_through() {
	log=$T/fake.log
	wait_for 'ws hello 2' "$log"	# the default: two connections
	fake slash_burst 3000 100 U0016 /imessage '<@U0017>' 切り替えの最中も
	sleep 0.3
	fake disconnect "$1"
	wait_for "disconnect 1 $1" "$log"
	wait_for 'ws hello 3' "$log"
	i=0
	while [ "$(grep -c '^ack ' "$log")" -lt 3000 ]; do
		i=$((i + 1))
		[ $i -le 900 ] || fail "3000 acks (have $(grep -c '^ack ' "$log"))"
		sleep 0.1
	done
	wait_for 'ws close 1' "$log"
	fake slash_stats
	wait_match '^slash_stats ' "$log"
	set -- $(grep '^slash_stats ' "$log")
	[ "$2 $3 $4 $5 $6" = "3000 3000 0 0 0" ] ||
	    fail "slash commands sent, acked, failed, expired, late: $2 $3 $4 $5 $6"
	# Each ack on the connection its envelope came on; the old one closed
	# by yelld once its last envelope was acked, not killed by Slack.
	grep '^send ' "$log" | awk '{ print $3, $2 }' | sort >"$T/sent"
	grep '^ack ' "$log" | awk '{ print $3, $2 }' | sort >"$T/acked"
	[ -z "$(join "$T/acked" "$T/sent" | awk '$2 != $3')" ] ||
	    fail "an ack on another connection"
	last=$(grep -n '^ack 1 ' "$log" | tail -n 1 | cut -d: -f1)
	[ -z "$last" ] || [ "$last" -lt "$(grep -n 'ws close 1' "$log" |
	    cut -d: -f1)" ] || fail "connection 1 closed before its last ack"
	expect_not 'dispatch_failed' "$log"
	expect_not 'gap_start' "$log"
	expect_not 'ws kill' "$log"
	expect_not 'ack_dup' "$log"
	i=0
	while [ "$(sql "select count(*) from imessage")" -lt 3000 ]; do
		i=$((i + 1)); [ $i -le 300 ] || fail "3000 I-messages stored"; sleep 0.1
	done
	[ "$(sql "select count(distinct body) from imessage")" = 3000 ] ||
	    fail "3000 distinct I-messages"
}
