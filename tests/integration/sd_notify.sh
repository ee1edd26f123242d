# Under systemd (Type=notify) yelld says READY once its loop runs, keeps
# STATUS current, pings the watchdog from the loop, and says RELOADING on
# SIGHUP and STOPPING on SIGTERM.  A small listener plays systemd.
. "$(dirname "$0")/lib/common.sh"

command -v python3 >/dev/null || { echo "skipped: python3 plays systemd here and is not installed"; exit 0; }
write_conf
import_roster
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
open(sys.argv[1] + ".up", "w").close()
with open(sys.argv[2], "a", buffering=1) as f:
    while True:
        f.write(s.recv(4096).decode().replace("\n", " ") + "\n")
' "$T/notify.sock" "$T/notify.out" &
lpid=$!
trap 'kill $lpid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -e "$T/notify.sock.up" ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "no listener"; sleep 0.05
done
mkfifo "$T/in"
NOTIFY_SOCKET=$T/notify.sock WATCHDOG_USEC=400000 \
    "$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/run.out" 2>"$T/run.err" &
pid=$!
exec 3>"$T/in"
wait_for "READY=1" "$T/notify.out"
wait_for "STATUS=console: connected" "$T/notify.out"
i=0
while [ "$(count WATCHDOG=1 "$T/notify.out")" -lt 3 ]; do
	i=$((i + 1)); [ $i -le 50 ] || fail "the watchdog is not pinged every 200 ms"; sleep 0.1
done
kill -HUP "$pid"
wait_for "RELOADING=1" "$T/notify.out"
kill -TERM "$pid"
wait "$pid" || fail "exit status $?"
wait_for "STOPPING=1" "$T/notify.out"
exec 3>&-
echo ok
