#!/bin/sh
# Installs what `make bench` needs beyond scripts/deps.sh, and builds the
# two reference peers into a cache folder (argument 1, e.g. build/bench-peer):
# Node.js with the Bolt app's pinned packages (npm ci, once per lockfile)
# and Go with Debian's slack-go and go-sqlite3 (GOPATH mode: Debian ships
# the sources under /usr/share/gocode).  `make check` never runs this.
set -eu

SRC=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${1:?usage: bench-deps.sh CACHE_DIR}
PEER=$SRC/tests/bench/peer

PKGS="nodejs npm golang-go golang-github-slack-go-slack-dev
golang-github-mattn-go-sqlite3-dev sqlite3"

missing=""
for p in $PKGS; do
	case $p in
	nodejs|npm)	# any Node.js 20 or later will do, Debian's or not
		command -v "${p%js}" >/dev/null 2>&1 && continue ;;
	esac
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "make bench needs these Debian packages:$missing" >&2
		echo "  sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "Installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >&2
fi

major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
	echo "bench-deps: the Bolt peer needs Node.js 20 or later (have $(node --version))" >&2
	exit 1
fi

mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

# The Bolt peer's packages, installed again only when the lockfile changes.
stamp=$(cat "$PEER/package.json" "$PEER/package-lock.json" | sha256sum | cut -c1-16)
if [ "$(cat "$CACHE/npm.stamp" 2>/dev/null)" != "$stamp" ] ||
    [ ! -d "$CACHE/node_modules" ]; then
	echo "bench-deps: npm ci (@slack/bolt, better-sqlite3) into $CACHE" >&2
	cp "$PEER/package.json" "$PEER/package-lock.json" "$PEER/.npmrc" "$CACHE/"
	(cd "$CACHE" && npm ci --no-audit --no-fund --loglevel=error >&2)
	echo "$stamp" >"$CACHE/npm.stamp"
fi
(cd "$CACHE" && node -e 'require("better-sqlite3")(":memory:"); require("@slack/bolt")') || {
	echo "bench-deps: the Bolt peer's packages do not load" >&2
	rm -f "$CACHE/npm.stamp"
	exit 1
}

# The Go peer, rebuilt when its source is newer than the binary.
if [ ! -x "$CACHE/go-peer" ] || [ "$PEER/go/main.go" -nt "$CACHE/go-peer" ]; then
	echo "bench-deps: go build (slack-go socketmode, go-sqlite3)" >&2
	(cd "$PEER/go" && GO111MODULE=off GOPATH=/usr/share/gocode \
	    GOCACHE="$CACHE/go-cache" GOFLAGS= go build -o "$CACHE/go-peer" .)
fi
