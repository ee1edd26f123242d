#!/bin/sh
# Runs every libFuzzer target built in BUILD (make fuzz / make check-fuzz)
# for SECONDS each, starting from its checked-in corpus.  New inputs go to a
# scratch folder, never into the tree; a crash stops with the input's path,
# to be added to tests/fuzz/corpus/<target>/ as a regression case once fixed.
# Each target's line gives its executions, their rate and the coverage
# libFuzzer reached (cov: edges, ft: features), as the README quotes them.
set -eu
build=${1:?usage: fuzz.sh BUILD SECONDS}
seconds=${2:?usage: fuzz.sh BUILD SECONDS}
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/yell-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# The roster target reads the demo roster into its database.
YELL_SOURCE_DIR=$top
export YELL_SOURCE_DIR
status=0
n=0
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	n=$((n + 1))
	name=$(basename "$bin" | sed 's/^fuzz_//')
	mkdir -p "$scratch/$name" "$scratch/crash-$name"
	dict=""
	[ -f "$top/tests/fuzz/$name.dict" ] && dict="-dict=$top/tests/fuzz/$name.dict"
	# A target's own libFuzzer flags (such as -max_len), one line.
	opts=""
	[ -f "$top/tests/fuzz/$name.options" ] && opts=$(cat "$top/tests/fuzz/$name.options")
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 $dict $opts \
	    -artifact_prefix="$scratch/crash-$name/" "$scratch/$name" \
	    "$top/tests/fuzz/corpus/$name" >"$scratch/$name.log" 2>&1; then
		tail -n 40 "$scratch/$name.log" >&2
		keep=$(mktemp -d "${TMPDIR:-/tmp}/yell-fuzz-crash.XXXXXX")
		cp "$scratch/crash-$name"/* "$keep/" 2>/dev/null || true
		echo "fuzz: $name crashed; the input is in $keep" >&2
		status=1
		continue
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/$name.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$scratch/$name.log")
	cov=$(grep -E '^#[0-9]+.*cov: ' "$scratch/$name.log" | tail -n 1 |
	    sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1 ft \2/p')
	printf 'fuzz: %-14s %ss: %s execs, %s/s, %s\n' "$name" "$seconds" \
	    "$execs" "$rate" "${cov:-cov ?}"
done
if [ "$n" -eq 0 ]; then
	echo "fuzz: no fuzz_* target in $build" >&2
	exit 1
fi
exit $status
