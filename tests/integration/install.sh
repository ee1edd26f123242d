# make install's half: cmake --install into a DESTDIR puts the binaries,
# every data file, the example configuration and the systemd unit under
# the prefix; the installed binaries look for their data under the prefix,
# while those of the build tree use the source tree's config/.
. "$(dirname "$0")/lib/common.sh"
not_under_valgrind

root=$T/root
[ -n "$root" ] || fail "no DESTDIR"
DESTDIR=$root cmake --install "$YELL_BUILD_DIR" >"$T/install.out" 2>&1 || fail "cmake --install"
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$YELL_BUILD_DIR/CMakeCache.txt")
for f in sbin/yelld sbin/yellctl share/yell/locales/ja.json share/yell/locales/en.json \
    share/yell/mvv.ja.json share/yell/catalog/2024.json share/yell/holidays/japan.csv \
    share/yell/slack-manifest.yaml share/doc/yell/README.md; do
	[ -f "$root$prefix/$f" ] || fail "not installed: $prefix/$f"
done
find "$root" -name yell.conf.example | grep -q . || fail "no example configuration"
unit=$(find "$root" -name yelld.service)
[ -n "$unit" ] || fail "no systemd unit"
grep -q "^ExecStart=$prefix/sbin/yelld " "$unit" || fail "the unit's ExecStart is not under $prefix"

# A configuration without [data] dir: the build tree's yelld finds config/.
cat >"$T/nodata.conf" <<CONF
[chat]
adapter = console
[state]
database = $DB
CONF
"$YELLD" -n -c "$T/nodata.conf" >"$T/tree.out" 2>&1 || fail "build tree without [data] dir"
expect "configuration OK" "$T/tree.out"
# The installed one looks under the prefix (not installed there: refused).
if [ ! -e "$prefix/share/yell/locales/ja.json" ]; then
	rc=0
	"$root$prefix/sbin/yelld" -n -c "$T/nodata.conf" >"$T/inst.out" 2>&1 || rc=$?
	[ "$rc" = 78 ] || fail "installed yelld without its data: exit $rc"
	expect "$prefix/share/yell" "$T/inst.out"
fi
echo ok
