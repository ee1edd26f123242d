#!/bin/sh
# Starts yelld on the console adapter with the demo roster, in a fresh state
# directory, as a section chief (課長級) so that I-messages can be sent in
# the plan's first, managers-only phase.  Pipe a script in to try it
# unattended: printf 'help\n' | make demo
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
state=${YELL_DEMO_STATE:-$(mktemp -d "${TMPDIR:-/tmp}/yell-demo.XXXXXX")}
mkdir -p "$state"
rm -f "$state/yell.db" "$state/yell.db-wal" "$state/yell.db-shm"

cat >"$state/yell.conf" <<CONF
# Written by scripts/demo.sh; see config/yell.conf.example for every option.
[chat]
adapter = console

[state]
database = $state/yell.db

[data]
dir = $root/config

[imessage]
senders = managers

[log]
level = warn
CONF

"$build/yellctl" -c "$state/yell.conf" staff import "$root/config/demo/roster.csv" >&2
echo "demo state: $state" >&2
exec "$build/yelld" -c "$state/yell.conf" --as "${YELL_DEMO_AS:-E0016}"
