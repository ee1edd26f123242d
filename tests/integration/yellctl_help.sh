# yellctl --help, --version and per-group help answer and exit 0, as
# every command-line tool's do; an unknown option still exits 64.
. "$(dirname "$0")/lib/common.sh"

"$YELLCTL" --help >"$T/help.out" 2>&1 || fail "--help"
expect "usage: yellctl" "$T/help.out"
expect "selection import FILE.csv" "$T/help.out"
"$YELLCTL" --version >"$T/version.out" 2>&1 || fail "--version"
expect "yellctl " "$T/version.out"
"$YELLCTL" staff --help >"$T/staff.out" 2>&1 || fail "staff --help"
expect "staff import ROSTER.csv" "$T/staff.out"
expect_not "class move" "$T/staff.out"
"$YELLCTL" class move --help >"$T/move.out" 2>&1 || fail "class move --help"
expect "--reopen" "$T/move.out"
status=0
"$YELLCTL" --frobnicate >"$T/bad.out" 2>&1 || status=$?
[ "$status" = 64 ] || fail "unknown option: exit $status, not 64"
echo ok
