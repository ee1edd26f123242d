#!/bin/sh
# make check-valgrind: the unit tests and the fuzz corpora's replays under
# valgrind memcheck, then the integration tests with yelld and yellctl run
# under it too, through a shadow build folder whose yelld and yellctl are
# wrappers (the fakes stay native).  Any memcheck report, a leak included,
# fails the run; so does a test that fails.  Usage: valgrind.sh BUILD
# (VALGRIND_INTEGRATION=0 runs the unit tests only.)
set -eu
vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99"

# valgrind.sh --one OUT NAME CMD...: one unit test or replay, its report
# in OUT/NAME.vg (run in parallel by xargs below).
if [ "${1:-}" = --one ]; then
	out=$2 name=$3
	shift 3
	if $vg --log-file="$out/$name.vg" "$@" >"$out/$name.out" 2>&1 &&
	    [ ! -s "$out/$name.vg" ]; then
		echo "valgrind: $name ok"
		exit 0
	fi
	echo "valgrind: $name FAILED" >&2
	cat "$out/$name.vg" >&2
	tail -n 20 "$out/$name.out" >&2
	exit 1
fi

build=$(cd "${1:?usage: valgrind.sh BUILD}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
self=$top/scripts/valgrind.sh
jobs=${JOBS:-2}
if ! command -v valgrind >/dev/null 2>&1; then
	echo "check-valgrind: valgrind is not installed (apt-get install valgrind)" >&2
	exit 1
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/yell-valgrind.XXXXXX")
YELL_SOURCE_DIR=$top
export YELL_SOURCE_DIR
status=0

list=$out/unit.list
: >"$list"
for t in "$build"/tests/test_*; do
	[ -x "$t" ] && echo "$out $(basename "$t") $t" >>"$list"
done
for t in "$build"/tests/replay_*; do
	[ -x "$t" ] || continue
	c=$(basename "$t" | sed 's/^replay_//')
	echo "$out $(basename "$t") $t $top/tests/fuzz/corpus/$c" >>"$list"
done
xargs -P "$jobs" -L 1 sh "$self" --one <"$list" || status=1

if [ "${VALGRIND_INTEGRATION:-1}" != 0 ]; then
	# A build folder whose yelld and yellctl run under memcheck.
	shadow=$out/build
	mkdir -p "$shadow/tests/fakes" "$out/logs"
	ln -s "$build/tests/fakes/fake_slack" "$shadow/tests/fakes/fake_slack"
	for b in yelld yellctl; do
		cat >"$shadow/$b" <<WRAP
#!/bin/sh
exec $vg --log-file=$out/logs/$b.%p.vg "$build/$b" "\$@"
WRAP
		chmod +x "$shadow/$b"
	done
	for s in "$top"/tests/integration/*.sh; do
		name=$(basename "$s" .sh)
		rc=0
		YELL_BUILD_DIR=$shadow YELL_VALGRIND=1 \
		    timeout 600 sh "$s" >"$out/$name.out" 2>&1 || rc=$?
		if [ $rc = 0 ]; then
			echo "valgrind: integration/$name ok"
		elif [ $rc = 77 ]; then
			echo "valgrind: integration/$name skipped: $(tail -n 1 "$out/$name.out")"
		else
			echo "valgrind: integration/$name FAILED" >&2
			tail -n 30 "$out/$name.out" >&2
			status=1
		fi
	done
	for f in "$out"/logs/*.vg; do
		[ -s "$f" ] || continue
		echo "valgrind: report in $(basename "$f"):" >&2
		cat "$f" >&2
		status=1
	done
fi
if [ $status = 0 ]; then
	rm -rf "$out"
else
	echo "valgrind: logs kept in $out" >&2
fi
exit $status
