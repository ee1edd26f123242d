#!/bin/sh
# Starts yelld on the console adapter with the demo roster and the FY2024
# training catalogue, in a fresh state directory, as a section chief (課長級)
# so that I-messages can be sent in the plan's first, managers-only phase.
# The clock starts on Monday 2024-06-03 09:00 JST, inside the plan's fiscal
# year; `/time +1d` moves it.  Each Monday the week's MVV prompt is posted
# to the "demo" channel (`/time +7d` shows the next one).  Pipe a script in
# to try it unattended: printf 'help\n' | make demo
# A few classes get a small capacity so that the waitlist can be tried.
# The state lives in a temporary folder removed when the demo ends; set
# YELL_DEMO_STATE=DIR to use (and keep) a folder of your own.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
if [ -n "${YELL_DEMO_STATE:-}" ]; then
	state=$YELL_DEMO_STATE
	mkdir -p "$state"
else
	state=$(mktemp -d "${TMPDIR:-/tmp}/yell-demo.XXXXXX")
	trap 'rm -rf "$state"' EXIT
	trap 'exit 130' INT TERM
fi
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

[prompts]
# The weekly MVV prompt in the console's "demo" channel: Mondays at 09:00,
# so that the start shows this week's and "/time +7d" the next week's.
channels = demo
time = 09:00

[http]
listen =

# The demo's clock starts in the plan's year (YELL_NOW).
[test]
hooks = on

[log]
level = warn
CONF

export YELL_NOW="${YELL_NOW:-2024-06-03 09:00}"
"$build/yellctl" -c "$state/yell.conf" staff import "$root/config/demo/roster.csv" >&2
"$build/yellctl" -c "$state/yell.conf" catalog import "$root/config/catalog/2024.json" >&2
# The plan gives no capacities: small ones for trying the waitlist.
for class in "P-01 1 2" "P-01 2 2" "S-05 1 3"; do
	# shellcheck disable=SC2086
	"$build/yellctl" -c "$state/yell.conf" class capacity $class >/dev/null
done
if [ -n "${YELL_DEMO_STATE:-}" ]; then
	echo "demo state: $state (kept)" >&2
else
	echo "demo state: $state (removed when the demo ends;" \
	    "YELL_DEMO_STATE=DIR keeps it)" >&2
fi
"$build/yelld" -c "$state/yell.conf" --as "${YELL_DEMO_AS:-E0016}"
