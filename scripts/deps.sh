#!/bin/sh
# Installs the Debian packages yell needs to build, run and test, when they are missing.
# As root it runs apt-get; otherwise it prints the exact command to run.
set -eu

PKGS="build-essential cmake pkg-config libwebsockets-dev libcurl4-openssl-dev libjansson-dev
libsqlite3-dev libinih-dev libcmocka-dev libutf8proc-dev sqlite3 tzdata
openssl clang libclang-rt-14-dev libedit-dev tmux curl python3"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "yell needs these Debian packages:$missing" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi

echo "Installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
