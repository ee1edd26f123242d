# Dead connections are noticed and replaced without help: a server that
# never says hello (hello_timeout_ms), and a server that goes silent with
# the TCP connection still open (frozen with SIGSTOP: no pong, no frame),
# which lws's ping and hang-up timers catch.  Once the server is back,
# yelld reconnects by itself and works.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
# One connection, so that the fake's numbers name yelld's attempts.
HELLO_TIMEOUT_MS=400 HTTP_TIMEOUT_MS=1000 write_slack_conf 'ping_interval = 1' \
    'ping_timeout = 2' 'connections = 1'
import_roster
log=$T/fake.log

fake nohello 1
start_yelld
wait_for 'ws hello 2' "$log"
expect 'no hello within 400 ms; reconnecting' "$T/yelld.err"

# Freeze the server: the socket stays open but nothing comes back.
kill -STOP "$FAKE_PID"
sleep 3.5
kill -CONT "$FAKE_PID"
expect 'connection 2 to 127.0.0.1 closed' "$T/yelld.err"
wait_for 'ws hello 3' "$log"
fake dm U0017 imessage '<@U0016>' 復旧後も届きます
wait_for '復旧後も届きます' "$log"
stop_yelld
check_secrets
echo ok
