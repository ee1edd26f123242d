# SIGTERM stops yelld cleanly: exit status 0 within a few seconds, nothing
# half-written, and what was not delivered yet waits for the next start.
. "$(dirname "$0")/lib/common.sh"

write_conf managers
import_roster
mkfifo "$T/in"
YELL_OUTBOX_HOLD=1 "$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/run.out" 2>"$T/run.err" &
pid=$!
exec 3>"$T/in"
printf 'imessage @E0017 いつも丁寧な引き継ぎをありがとう\n' >&3
wait_for "山口 智子さんにIメッセージを送りました。" "$T/run.out"
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
	i=$((i + 1)); [ $i -le 50 ] || fail "still running 5 s after SIGTERM"; sleep 0.1
done
status=0
wait "$pid" || status=$?
exec 3>&-
[ "$status" = 0 ] || fail "exit status $status after SIGTERM"
expect "signal received, stopping" "$T/run.err"
expect "stopped" "$T/run.err"
[ "$(sql "pragma integrity_check")" = ok ] || fail "integrity"
[ "$(sql "select count(*) from outbox where status = 'pending'")" = 1 ] || fail "kept for later"
"$YELLD" -c "$CONF" </dev/null >"$T/next.out" 2>&1 || fail "restart"
[ "$(count 'いつも丁寧な引き継ぎをありがとう' "$T/next.out")" = 1 ] || fail "delivered once"

# On Slack: an envelope that arrives just before SIGTERM is committed and
# acked on its connection before that connection is closed with 1000, and
# yelld exits 0 within 5 s.
. "$(dirname "$0")/lib/slack.sh"
start_fake
fake_users
write_slack_conf connections=1
start_yelld
log=$T/fake.log
fake 'slash U0016 /yell imessage <@U0017> 終了直前のIメッセージです'
wait_match '^send [0-9]+ env-1 ' "$log"
kill -TERM "$YELLD_PID"
i=0
while kill -0 "$YELLD_PID" 2>/dev/null; do
	i=$((i + 1)); [ $i -le 50 ] || fail "Slack: still running 5 s after SIGTERM"; sleep 0.1
done
rc=0; wait "$YELLD_PID" || rc=$?; YELLD_PID=
[ "$rc" = 0 ] || fail "Slack: exit status $rc after SIGTERM"
wait_match '^ws peer_close [0-9]+ 1000$' "$log"
grep -q '^ack [0-9]* env-1 ' "$log" || fail "the envelope in hand was not acked"
[ "$(sql "select count(*) from imessage where body like '%終了直前%'")" = 1 ] ||
    fail "acked but not committed"
ack_line=$(grep -n '^ack [0-9]* env-1 ' "$log" | cut -d: -f1)
close_line=$(grep -n '^ws peer_close ' "$log" | head -1 | cut -d: -f1)
[ "$ack_line" -lt "$close_line" ] || fail "closed before the ack"

# A Slack that never answers our close frame (stopped): exit 0 within 5 s
# all the same (a connection whose close is not answered in 2 s is
# dropped).
start_yelld
i=0
while [ "$(count 'ws hello' "$log")" -lt 2 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "no second hello"; sleep 0.1
done
kill -STOP "$FAKE_PID"
kill -TERM "$YELLD_PID"
i=0
while kill -0 "$YELLD_PID" 2>/dev/null; do
	i=$((i + 1))
	[ $i -le 50 ] || { kill -CONT "$FAKE_PID"; fail "Slack silent: still running 5 s after SIGTERM"; }
	sleep 0.1
done
kill -CONT "$FAKE_PID"
rc=0; wait "$YELLD_PID" || rc=$?; YELLD_PID=
[ "$rc" = 0 ] || fail "Slack silent: exit status $rc after SIGTERM"
echo ok
