# A button that ran its command edits the message it was in with
# chat.update: same channel and ts, the blocks kept, the button replaced by
# a line saying what was done, and the command's own reply still comes as
# a DM.  The edit is queued once per button, so pressing twice does not
# edit twice.  A message deleted meanwhile (message_not_found) fails the
# row with Slack's reason, without a retry.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

export YELL_NOW="2024-06-03 09:00"
start_fake
fake_users
write_slack_conf
import_roster
"$YELLCTL" -c "$CONF" catalog import "$YELL_SOURCE_DIR/config/catalog/2024.json" \
    >/dev/null || fail "catalog import"
start_yelld
log=$T/fake.log

# The manager endorses a course: the member gets a DM with "申し込む".
fake 'slash U0016 /yell endorse <@U0017> R-35'
wait_match 'api chat.postMessage .*"action_id":"enroll".*"channel":"U0017"' "$log"

# The member presses it.
fake 'press U0017 enroll'
wait_match '^pressed D0017 ' "$log"
set -- $(grep '^pressed ' "$log" | head -n 1)
ch=$2 ts=$3
wait_for 'api chat.update' "$log"
up=$(grep 'api chat.update' "$log")
echo "$up" | grep -q "\"channel\":\"$ch\"" || fail "update channel $ch"
echo "$up" | grep -q "\"ts\":\"$ts\"" || fail "update ts $ts"
echo "$up" | grep -q '"action_id":"enroll"' && fail "the button is still there"
echo "$up" | grep -q '"type":"context","elements":\[{"type":"mrkdwn","text":"✅ 申し込みを受け付けました' ||
    fail "the note"
echo "$up" | grep -q '清水 剛さんから研修「係長2年目' || fail "the message is kept"
wait_match 'api chat.postMessage .*に申し込みました.*"channel":"U0017"' "$log"
[ "$(sql "select count(*) from enrollment where employee_id = 'E0017'")" = 1 ] ||
    fail "enrolled"
# The sender marks its batch just after the post: wait for the mark.
i=0
while [ "$(sql "select status || ' ' || json_extract(msg_ref, '$.channel') || ' ' || json_extract(msg_ref, '$.ts') from outbox where method = 'edit'")" != "sent $ch $ts" ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the update row"; sleep 0.1
done

# The edited message has no button left to press.
fake 'press U0017 enroll'
wait_for 'press_none U0017 enroll' "$log"

# Another message with the button, deleted before the edit arrives.
fake 'dm U0017 course R-35'
wait_count 3 'api chat.postMessage' "$log"
fake 'press U0017 enroll gone'
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "row failed"; sleep 0.1
done
[ "$(sql "select method || ' ' || last_error from outbox where status = 'failed'")" = "edit message_not_found" ] ||
    fail "reason kept"
expect 'giving up: message_not_found' "$T/yelld.err"
sleep 1.5
[ "$(count 'api chat.update' "$log")" = 2 ] || fail "no retry of a permanent error"
[ "$(sql "select count(*) from outbox where method = 'edit'")" = 2 ] || fail "two edits queued"
[ "$(sql "select count(*) from outbox where status = 'pending'")" = 0 ] || fail "nothing left"

expect_not 'redeliver' "$log"
expect_not 'ack_dup' "$log"
stop_yelld
check_secrets
echo ok
