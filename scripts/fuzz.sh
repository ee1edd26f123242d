#!/bin/sh
# Runs every libFuzzer target built in BUILD (make fuzz / make check-fuzz)
# for SECONDS each, starting from its checked-in corpus.  New inputs go to a
# scratch folder, never into the tree; a crash stops with the input's path,
# to be added to tests/fuzz/corpus/<target>/ as a regression case once fixed.
set -eu
build=${1:?usage: fuzz.sh BUILD SECONDS}
seconds=${2:?usage: fuzz.sh BUILD SECONDS}
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/yell-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
status=0
for bin in "$build"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin" | sed 's/^fuzz_//')
	mkdir -p "$scratch/$name" "$scratch/crash-$name"
	dict=""
	[ -f "$top/tests/fuzz/$name.dict" ] && dict="-dict=$top/tests/fuzz/$name.dict"
	echo "fuzz: $name for ${seconds}s"
	# shellcheck disable=SC2086
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 $dict \
	    -artifact_prefix="$scratch/crash-$name/" "$scratch/$name" \
	    "$top/tests/fuzz/corpus/$name" >"$scratch/$name.log" 2>&1; then
		tail -n 40 "$scratch/$name.log" >&2
		keep=$(mktemp -d "${TMPDIR:-/tmp}/yell-fuzz-crash.XXXXXX")
		cp "$scratch/crash-$name"/* "$keep/" 2>/dev/null || true
		echo "fuzz: $name crashed; the input is in $keep" >&2
		status=1
	else
		grep -E '^stat::number_of_executed_units' "$scratch/$name.log" || true
	fi
done
exit $status
