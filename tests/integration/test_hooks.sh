# The test hooks (YELL_NOW, YELL_OUTBOX_HOLD) work only with [test] hooks =
# on: left in a production environment, they change nothing and yelld says
# so.
. "$(dirname "$0")/lib/common.sh"

write_conf
sed -i '/^\[test\]/,$d' "$CONF"
import_roster
printf 'imessage @E0017 ありがとう\n' |
    YELL_NOW="2024-06-03 09:00" YELL_OUTBOX_HOLD=1 \
    "$YELLD" -c "$CONF" --as E0016 >"$T/off.out" 2>"$T/off.err" || fail "yelld"
expect "YELL_NOW is set but [test] hooks is off: ignored" "$T/off.err"
expect "YELL_OUTBOX_HOLD is set but [test] hooks is off: ignored" "$T/off.err"
[ "$(sql "select count(*) from outbox where status = 'pending'")" = 0 ] ||
    fail "held without [test] hooks"
[ "$(sql "select count(*) from imessage where created_at < strftime('%s', '2025-01-01')")" = 0 ] ||
    fail "the clock moved without [test] hooks"

write_conf
printf 'imessage @E0017 ありがとう\n' |
    YELL_NOW="2024-06-03 09:00" YELL_OUTBOX_HOLD=1 \
    "$YELLD" -c "$CONF" --as E0016 >"$T/on.out" 2>"$T/on.err" || fail "yelld"
expect "YELL_OUTBOX_HOLD is set: nothing will be delivered" "$T/on.err"
[ "$(sql "select count(*) from imessage where created_at < strftime('%s', '2025-01-01')")" = 1 ] ||
    fail "YELL_NOW with [test] hooks = on"
echo ok
