# Shared by the integration tests: a fresh state directory, a config, the
# demo roster, and small assertions.  Tests run the real binaries.
set -eu

: "${YELL_BUILD_DIR:?run through ctest}" "${YELL_SOURCE_DIR:?run through ctest}"
YELLD=$YELL_BUILD_DIR/yelld
YELLCTL=$YELL_BUILD_DIR/yellctl
T=$(mktemp -d "${TMPDIR:-/tmp}/yell-test.XXXXXX")

# keep_logs: copies what this test logged to $YELL_TEST_LOGS/NAME/ (set by
# ctest), where the suite's last test (tests/no_tokens.sh) looks for the
# test tokens in every log of the run.  Call it before removing $T.
keep_logs() {
	[ -n "${YELL_TEST_LOGS:-}" ] || return 0
	kl_dir=$YELL_TEST_LOGS/$(basename "$0" .sh)
	rm -rf "$kl_dir"
	mkdir -p "$kl_dir"
	find "$T" -type f \( -name '*.err' -o -name '*.out' -o -name '*.log' \) |
	    while read -r kl_f; do
		cp "$kl_f" "$kl_dir/$(printf '%s' "${kl_f#"$T"/}" | tr / _)"
	done
}
trap 'keep_logs; rm -rf "$T"' EXIT
CONF=$T/yell.conf
DB=$T/yell.db

# The clock of every test that sets none of its own ([test] hooks = on):
# an early morning in mid-month, before working hours, when no scheduled
# job is due.  On the wall clock, a test run in the working hours of a
# month's first days would find the managers' digest queued beside what
# it checks.  The clock still moves on from there.
export YELL_NOW="${YELL_NOW:-2026-11-18 06:00}"

# skip REASON: the test cannot run here; says why and exits 77 (ctest
# counts it as skipped, never as passed).
skip() {
	echo "SKIP: $*"
	exit 77
}

# not_under_valgrind: for a test that reads the built files themselves,
# which scripts/valgrind.sh replaces by wrappers that run them in memcheck.
not_under_valgrind() {
	[ -z "${YELL_VALGRIND:-}" ] || skip "it reads the built files, not what they do"
}

fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/*.out "$T"/*.err; do
		[ -f "$f" ] || continue
		echo "--- $f" >&2
		tail -c 3000 "$f" >&2
	done
	exit 1
}

# write_conf [senders] [max_length]
write_conf() {
	cat >"$CONF" <<CONF
[chat]
adapter = console
[state]
database = $DB
[data]
dir = $YELL_SOURCE_DIR/config
[imessage]
senders = ${1:-managers}
max_length = ${2:-500}
# The pipeline's tests send plain texts; imessage_coach.sh tests hints.
hints = ${HINTS:-off}
[http]
listen =
[test]
hooks = on
CONF
}

import_roster() {
	"$YELLCTL" -c "$CONF" staff import "$YELL_SOURCE_DIR/config/demo/roster.csv" \
	    >/dev/null || fail "roster import"
}

# expect TEXT FILE: FILE contains TEXT
expect() {
	grep -qF -- "$1" "$2" || fail "expected \"$1\" in $2"
}

# expect_not TEXT FILE
expect_not() {
	if grep -qF -- "$1" "$2"; then fail "did not expect \"$1\" in $2"; fi
}

# count TEXT FILE: number of lines containing TEXT
count() {
	grep -cF -- "$1" "$2" || true
}

sql() {
	# yelld may hold the write lock for a moment: wait, as yellctl does.
	sqlite3 -cmd '.timeout 5000' "$DB" "$1"
}

# wait_for TEXT FILE: up to 20 s
wait_for() {
	i=0
	while ! grep -qF -- "$1" "$2" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "timed out waiting for \"$1\" in $2"
		sleep 0.1
	done
}
