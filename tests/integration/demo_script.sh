# scripts/demo.sh, as `make demo` runs it: a few classes have a small
# capacity so that the waitlist can be tried, and the temporary state
# folder is gone when the demo ends (YELL_DEMO_STATE keeps one).
. "$(dirname "$0")/lib/common.sh"
# scripts/demo.sh starts its own clock in the plan's year.
unset YELL_NOW

mkdir "$T/tmp"
printf 'course P-01\n/as E0017\nenroll P-01 1\n/as E0018\nenroll P-01 1\n/as E0019\nenroll P-01 1\nmy\n' |
    TMPDIR=$T/tmp BUILD=$YELL_BUILD_DIR sh "$YELL_SOURCE_DIR/scripts/demo.sh" \
    >"$T/demo.out" 2>"$T/demo.err" || fail "demo"
expect "定員2名" "$T/demo.out"
expect "キャンセル待ち" "$T/demo.out"
expect "removed when the demo ends" "$T/demo.err"
[ -z "$(ls "$T/tmp")" ] || fail "the demo left $(ls "$T/tmp") behind"

printf 'help\n' | YELL_DEMO_STATE=$T/keep BUILD=$YELL_BUILD_DIR \
    sh "$YELL_SOURCE_DIR/scripts/demo.sh" >"$T/keep.out" 2>"$T/keep.err" ||
    fail "demo with YELL_DEMO_STATE"
[ -f "$T/keep/yell.db" ] || fail "YELL_DEMO_STATE was not kept"
echo ok
