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
echo ok
