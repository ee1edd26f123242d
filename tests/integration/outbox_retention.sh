# Retention: delivered outbox rows (and their bodies) are purged after
# [outbox] keep_days; pending ones and the I-messages themselves stay.
. "$(dirname "$0")/lib/common.sh"

write_conf
printf '[outbox]\nkeep_days = 30\n' >>"$CONF"
import_roster
printf 'imessage @E0017 古い記録の整理ありがとう\n' |
    YELL_NOW="2024-06-03 09:00" "$YELLD" -c "$CONF" --as E0016 >"$T/first.out" 2>"$T/first.err" ||
    fail "first run"
old="select count(*) from outbox where status = 'sent' and sent_at < strftime('%s', '2024-06-04')"
sent=$(sql "$old")
[ "$sent" -ge 1 ] || fail "nothing delivered"
sql "insert into outbox (dedupe_key, recipient, method, body, not_before, created_at)
     values ('test:pending', 'E0017', 'direct', '{}', strftime('%s', '2030-01-01') * 1000, 0)"

# 29 days on: kept.
mkfifo "$T/in"
YELL_NOW="2024-07-02 09:00" "$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/second.out" 2>"$T/second.err" &
pid=$!
exec 3>"$T/in"
sleep 1.5
exec 3>&-
wait "$pid" || fail "second run"
[ "$(sql "$old")" = "$sent" ] || fail "purged too early"

# 31 days on: gone, but not the pending row nor the I-message.
YELL_NOW="2024-07-04 09:00" "$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/third.out" 2>"$T/third.err" &
pid=$!
exec 3>"$T/in"
wait_for "purged $sent delivered outbox row(s) older than 30 days" "$T/third.err"
exec 3>&-
wait "$pid" || fail "third run"
[ "$(sql "$old")" = 0 ] || fail "not purged"
[ "$(sql "select count(*) from outbox where status = 'sent'")" -gt 0 ] || fail "the recent ones purged"
[ "$(sql "select count(*) from outbox where dedupe_key = 'test:pending'")" = 1 ] || fail "pending purged"
[ "$(sql "select count(*) from imessage where body = '古い記録の整理ありがとう'")" = 1 ] ||
    fail "the I-message went with its delivery"
echo ok
