#!/bin/sh
# Starts yelld on the console adapter with the demo roster and the FY2024
# training catalogue, in a fresh state directory, as a section chief (課長級)
# so that I-messages can be sent in the plan's first, managers-only phase.
# The clock starts on Monday 2024-06-03 09:00 JST, inside the plan's fiscal
# year; `/time +1d` moves it.  Pipe a script in to try it unattended:
# printf 'help\n' | make demo
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

export YELL_NOW="${YELL_NOW:-2024-06-03 09:00}"
"$build/yellctl" -c "$state/yell.conf" staff import "$root/config/demo/roster.csv" >&2
"$build/yellctl" -c "$state/yell.conf" catalog import "$root/config/catalog/2024.json" >&2
echo "demo state: $state" >&2
exec "$build/yelld" -c "$state/yell.conf" --as "${YELL_DEMO_AS:-E0016}"
