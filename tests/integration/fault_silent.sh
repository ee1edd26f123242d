# A server that accepts connections and never answers (the Web API behind
# a dead proxy): apps.connections.open times out after http_timeout_ms,
# yelld says so and keeps trying, and once a real server takes the port
# it connects and works.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"
. "$(dirname "$0")/lib/fault.sh"

command -v python3 >/dev/null 2>&1 || skip "python3 is needed for the silent listener"
# The silent server: listens, accepts, reads nothing, says nothing.
python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(16)
open(sys.argv[1] + ".tmp", "w").write("%d\n" % s.getsockname()[1])
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    c, _ = s.accept()
    held.append(c)
' "$T/silent.port" &
SILENT_PID=$!
i=0
while [ ! -s "$T/silent.port" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "the silent listener did not start"
	sleep 0.05
done
FAKE_PORT=$(cat "$T/silent.port")
HTTP_TIMEOUT_MS=500 write_slack_conf 'connections = 1'
import_roster
"$YELLD" -c "$CONF" >>"$T/yelld.out" 2>>"$T/yelld.err" &
YELLD_PID=$!
i=0
while ! grep -q -i -e 'timed out' -e timeout "$T/yelld.err" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 200 ] || fail "no word of the timeout"
	sleep 0.1
done
sleep 1
alive
kill "$SILENT_PID"
wait "$SILENT_PID" 2>/dev/null || true
start_fake --port "$FAKE_PORT" --id-base 100000
fake_users
wait_secs 40 'ws hello' "$T/fake.log"
fake dm U0017 imessage '<@U0016>' 黙るサーバーのあとで
wait_for '黙るサーバーのあとで' "$T/fake.log"
[ "$(imessages 黙るサーバーのあとで)" = 1 ] || fail "stored once"
stop_yelld
check_secrets
echo ok
