#!/bin/sh
# After `apt-get install ./build-deb/yell_*.deb`: the package's files are
# where the unit and the defaults expect them, the unit is enabled (it
# starts once /etc/yell/yell.conf exists), and the installed yelld runs on
# its installed data.  Run as root on the machine the package went on
# (make fresh-check FRESH_STEPS=deb does it in a fresh chroot).
set -eu

fail() { echo "deb-smoke: FAIL: $*" >&2; exit 1; }
for f in /usr/sbin/yelld /usr/sbin/yellctl /lib/systemd/system/yelld.service \
    /etc/yell/yell.conf.example /usr/share/yell/locales/ja.json \
    /usr/share/yell/holidays/japan.csv /usr/share/doc/yell/README.md; do
	[ -e "$f" ] || fail "missing $f"
done
# Enabled at install (a machine without systemd keeps the state for later).
if command -v systemctl >/dev/null; then
	[ "$(systemctl is-enabled yelld.service 2>/dev/null)" = enabled ] ||
	    fail "yelld.service is not enabled"
else
	[ -L /etc/systemd/system/multi-user.target.wants/yelld.service ] ||
	    fail "yelld.service was not enabled at install"
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
sed "s|^database = .*|database = $t/yell.db|" /etc/yell/yell.conf.example >"$t/yell.conf"
yelld -n -c "$t/yell.conf" | grep -q "configuration OK" || fail "yelld -n on the example"
yellctl -c "$t/yell.conf" staff import /usr/share/yell/demo/roster.csv >/dev/null || fail "roster"
printf 'mvv\n' | yelld -c "$t/yell.conf" --as E0016 2>/dev/null | grep -q 'ミッション' ||
    fail "the installed yelld on its installed data"
[ "$(stat -c %a "$t/yell.db")" = 600 ] || fail "database mode"
echo "deb-smoke: ok"
