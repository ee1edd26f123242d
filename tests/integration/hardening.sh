# The binaries are built hardened (stack protector, FORTIFY_SOURCE, full
# RELRO with BIND_NOW), and yelld keeps what it writes to itself: the
# database, its WAL and SHM are 0600, and it leaves no core dump.
. "$(dirname "$0")/lib/common.sh"
not_under_valgrind

command -v readelf >/dev/null || { echo "skipped: readelf is not installed"; exit 0; }
cache=$YELL_BUILD_DIR/CMakeCache.txt
for bin in "$YELLD" "$YELLCTL"; do
	readelf -lW "$bin" >"$T/phdr.out"
	expect GNU_RELRO "$T/phdr.out"
	readelf -dW "$bin" >"$T/dyn.out"
	grep -Eq 'BIND_NOW|FLAGS_1.*NOW' "$T/dyn.out" || fail "$bin: no BIND_NOW"
	readelf -sW --dyn-syms "$bin" >"$T/syms.out"
	expect __stack_chk_fail "$T/syms.out"
	# FORTIFY_SOURCE needs the optimizer: not in Debug or sanitizer builds.
	if ! grep -q '^CMAKE_BUILD_TYPE:STRING=Debug' "$cache" &&
	    ! grep -q '^YELL_SANITIZE:BOOL=ON' "$cache"; then
		grep -Eq '__[a-z_]+_chk' "$T/syms.out" || fail "$bin: not fortified"
	fi
done

write_conf
import_roster
[ "$(stat -c %a "$DB")" = 600 ] || fail "yellctl made the database $(stat -c %a "$DB")"
mkfifo "$T/in"
"$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/run.out" 2>"$T/run.err" &
pid=$!
exec 3>"$T/in"
printf 'mvv\n' >&3
wait_for "ミッション" "$T/run.out"
i=0
while [ ! -e "$DB-shm" ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "no SHM file"; sleep 0.1
done
for f in "$DB" "$DB-wal" "$DB-shm"; do
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f is $(stat -c %a "$f")"
done
grep -Eq '^Max core file size +0 +0' "/proc/$pid/limits" || fail "core dumps on"
exec 3>&-
wait "$pid" || fail "yelld failed"
echo ok
