# An I-message confirmed to its sender survives SIGKILL before delivery: the
# restarted yelld delivers it exactly once, and a further restart does not
# deliver it again.
. "$(dirname "$0")/lib/common.sh"

write_conf managers
import_roster
mkfifo "$T/in"

# The outbox is held, so the kill lands after the commit and confirmation
# but before any delivery.
YELL_OUTBOX_HOLD=1 "$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/first.out" 2>"$T/first.err" &
pid=$!
exec 3>"$T/in"
printf 'imessage @E0017 停電時の対応手順をまとめてくれて心強かったです #攻守混同\n' >&3
wait_for "山口 智子さんにIメッセージを送りました。" "$T/first.out"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
exec 3>&-

expect_not "📨" "$T/first.out"
[ "$(sql "select count(*) from outbox where status = 'pending'")" = 1 ] || fail "row pending after kill"
[ "$(sql "pragma integrity_check")" = ok ] || fail "integrity"

"$YELLD" -c "$CONF" </dev/null >"$T/second.out" 2>"$T/second.err" || fail "restart"
[ "$(count '📨 山口 智子さん（E0017）への通知:' "$T/second.out")" = 1 ] || fail "delivered once"
[ "$(count '停電時の対応手順をまとめてくれて心強かったです' "$T/second.out")" = 1 ] || fail "body once"

"$YELLD" -c "$CONF" </dev/null >"$T/third.out" 2>"$T/third.err" || fail "third start"
expect_not "📨" "$T/third.out"
[ "$(sql "select count(*) from outbox where status = 'sent'")" = 1 ] || fail "one row sent"
[ "$(sql "select count(*) from imessage")" = 1 ] || fail "one I-message"
echo ok
