# Garbage on the Socket Mode connection: text that is not JSON, JSON that
# is not an envelope, missing envelope_id or payload, unknown types, binary
# frames, invalid UTF-8, a frame over the 1 MiB limit.  yelld logs each,
# acks none of them, and the same connection keeps working: a big but
# legal frame (600 kB) is parsed and acked, and an I-message goes through.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log
err=$T/yelld.err

fake raw 'this is { not json'
fake raw '[1, 2, 3]'
fake raw '{"envelope_id":"x-notype","payload":{}}'
fake raw '{"type":"events_api","payload":{"event_id":"Ev1"}}'
fake raw '{"type":"events_api","envelope_id":"x-nopayload"}'
fake raw '{"type":"mystery_type","envelope_id":"x-unknown","payload":{}}'
fake raw '{"type":"slash_commands","envelope_id":"x-slash","payload":{"text":"help"}}'
fake raw '{"type":"events_api","envelope_id":"x-event","payload":{"event_id":"Ev2","event":{"type":"message","channel_type":"im"}}}'
printf 'raw {"type":"events_api","envelope_id":"x-utf8","payload":{"event_id":"Ev3","event":{"type":"message","channel_type":"im","user":"U0017","text":"imessage <@U0016> \377\376broken"}}}\n' >&7
printf 'raw \377\376\375\n' >&7
fake rawbin binary frame
fake big 1100000
fake big 600000
fake dm U0017 imessage '<@U0016>' 壊れた入力のあとでも届きます
wait_for '壊れた入力のあとでも届きます' "$log"
wait_for 'ack_unknown big-600000' "$log"

expect 'a 18-byte frame is not a JSON object' "$err"
expect 'a 9-byte frame is not a JSON object' "$err"
expect 'a frame without a type' "$err"
expect 'frame without an envelope_id' "$err"
expect 'envelope without a payload; not acked' "$err"
expect 'unknown frame type "mystery_type"; not acked' "$err"
expect 'binary frame; ignored' "$err"
expect 'a 1100000-byte frame is over the 1048576-byte limit' "$err"
[ "$(count 'is not a JSON object' "$err")" = 4 ] || fail "four unparseable frames"
# Garbage was not acked; the legal ones (slash command without a user,
# event without one) were acked and ignored.
expect_not 'ack_unknown x-nopayload' "$log"
expect_not 'ack_unknown x-unknown' "$log"
expect_not 'ack_unknown x-notype' "$log"
expect_not 'ack_unknown x-utf8' "$log"
expect 'ack_unknown x-slash' "$log"
expect 'ack_unknown x-event' "$log"
# The same two connections the whole time, and yelld still alive.
expect_not 'ws open 3' "$log"
kill -0 "$YELLD_PID" || fail "yelld died"
[ "$(sql "select count(*) from imessage")" = 1 ] || fail "one I-message"
stop_yelld
check_secrets
echo ok
