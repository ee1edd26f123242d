#!/bin/sh
# make fresh-check: the README's first steps on a truly fresh Debian 12.
# Builds a debootstrap minbase chroot (no make, no compiler, no git), puts
# a clone of this repository in it, and runs there, as the README says:
#   sh scripts/deps.sh && make demo && make check
# (the demo with a short script on stdin).  Needs root and a Debian
# mirror.  FRESH_ROOT (default build-fresh/root) is kept between runs,
# FRESH_CLEAN=1 starts from a new chroot, FRESH_MIRROR picks the mirror,
# FRESH_STEPS=demo stops after the demo (make check takes a long time),
# FRESH_STEPS=deb builds the Debian package there instead of make check,
# installs it with apt and runs scripts/deb-smoke.sh.
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
root=${FRESH_ROOT:-$src/build-fresh/root}
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
steps=${FRESH_STEPS:-all}

[ "$(id -u)" -eq 0 ] || { echo "fresh-check: run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-check: scripts/ops-deps.sh installs debootstrap" >&2; exit 1; }

# Never remove a chroot with the host's /dev or /proc still mounted in it.
for m in dev/pts dev proc; do
	if mountpoint -q "$root/$m" 2>/dev/null; then
		umount "$root/$m" || { echo "fresh-check: $root/$m is busy" >&2; exit 1; }
	fi
done
if [ -n "${FRESH_CLEAN:-}" ]; then
	rm -rf "$root"
fi
mkdir -p "$src/build-fresh"
if [ ! -x "$root/bin/sh" ]; then
	mkdir -p "$root"
	debootstrap --variant=minbase bookworm "$root" "$mirror" >&2
fi

mounted=""
cleanup() {
	for m in $mounted; do umount "$m" 2>/dev/null || umount -l "$m" || true; done
}
trap cleanup EXIT
for m in proc dev dev/pts; do
	mountpoint -q "$root/$m" && continue
	case $m in
	proc) mount -t proc proc "$root/proc" ;;
	*) mount --bind "/$m" "$root/$m" ;;
	esac
	mounted="$root/$m $mounted"
done
cp /etc/resolv.conf "$root/etc/resolv.conf"

# "A clone of this repository": the clone is made from outside, since the
# fresh machine has no git; the work tree's uncommitted changes are not in it.
rm -rf "$root/root/yell"
git clone -q "$src" "$root/root/yell"

if chroot "$root" sh -c 'command -v make' >/dev/null 2>&1; then
	echo "fresh-check: the chroot already has make: not a fresh machine" >&2
fi
demo='printf "help\n/quit\n" | make demo'
case $steps in
demo) cmds="sh scripts/deps.sh && $demo" ;;
deb) cmds="sh scripts/deps.sh && $demo && sh scripts/ops-deps.sh && make deb &&
	apt-get install -y ./build-deb/yell_*.deb && sh scripts/deb-smoke.sh" ;;
*) cmds="sh scripts/deps.sh && $demo && make check" ;;
esac
echo "fresh-check: in the chroot: $cmds" >&2
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 sh -c "cd /root/yell && $cmds" >"$src/build-fresh/run.log" 2>&1 || {
	tail -n 40 "$src/build-fresh/run.log" >&2
	echo "fresh-check: FAILED (log: build-fresh/run.log)" >&2
	exit 1
}
grep -q 'yell コンソール' "$src/build-fresh/run.log" || {
	echo "fresh-check: the demo did not greet" >&2; exit 1; }
echo "fresh-check: ok (log: build-fresh/run.log)" >&2
