# The suite's last test: no Slack token and no Socket Mode ticket in any
# log the integration tests wrote (yelld's and yellctl's stdout and
# stderr, kept by lib/common.sh's keep_logs).  The fakes' own logs are not
# yelld's and are left out: the fake is told the tokens.
set -eu
: "${YELL_TEST_LOGS:?run through ctest}" "${YELL_SOURCE_DIR:?run through ctest}"

[ -d "$YELL_TEST_LOGS" ] || { echo "FAIL: no logs kept in $YELL_TEST_LOGS" >&2; exit 1; }
# The tokens the tests use, from the place that defines them.
tokens=$(sed -n "s/^\(APP\|BOT\)_TOKEN=//p" \
    "$YELL_SOURCE_DIR/tests/integration/lib/slack.sh")
[ "$(printf '%s\n' "$tokens" | wc -l)" = 2 ] || { echo "FAIL: the test tokens" >&2; exit 1; }
list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$YELL_TEST_LOGS" -type f ! -name 'fake*' >"$list"
n=$(wc -l <"$list")
[ "$n" -gt 0 ] || { echo "FAIL: no log to search" >&2; exit 1; }
found=0
while read -r f; do
	for t in $tokens; do
		if grep -a -q -F -e "$t" "$f"; then
			echo "FAIL: a test token in $f" >&2
			found=1
		fi
	done
	# Any token or ticket at all: xoxb-…, xapp-…, the canaries, tickets.
	if grep -a -q -E 'xox[abpr]-[A-Za-z0-9]|xapp-[A-Za-z0-9]|CANARY|TICKET-[0-9]+-secret' "$f"; then
		echo "FAIL: something like a token in $f:" >&2
		grep -a -n -E 'xox[abpr]-[A-Za-z0-9]|xapp-[A-Za-z0-9]|CANARY|TICKET-[0-9]+-secret' "$f" | head -n 3 >&2
		found=1
	fi
done <"$list"
[ "$found" = 0 ] || exit 1
echo "ok: no token in $n log files"
