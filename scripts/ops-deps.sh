#!/bin/sh
# Installs what the operations targets need beyond scripts/deps.sh, which
# `make check` never does: the Debian packaging tools (make deb), promtool
# (the /metrics format check; the prometheus package also enables its own
# server, `systemctl disable --now prometheus` if promtool is all you
# want), debootstrap and git (make fresh-check).
# As root it runs apt-get; otherwise it prints the exact command to run.
set -eu

PKGS="debhelper lintian fakeroot dpkg-dev prometheus debootstrap git ca-certificates"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "the operations targets need these Debian packages:$missing" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi
echo "Installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
