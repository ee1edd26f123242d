# Withdrawal on Slack: the sender takes an I-message back within ten
# minutes; the recipient's DM is edited in place (chat.update of the very
# message chat.postMessage posted) and the recipient is told.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log

fake 'slash U0016 /yell imessage <@U0017|yamaguchi> 窓口を手伝ってくれたおかげで、昼休みに間に合いました。うれしかったです'
wait_match 'api chat.postMessage .*窓口を手伝って.*"channel":"U0017"' "$log"
# The sender marks its batch just after the post: wait for the mark.
i=0
while [ "$(sql "select count(*) from outbox where dedupe_key = 'imessage:1:recipient' and status = 'sent' and msg_ref is not null")" != 1 ]; do
	i=$((i + 1))
	[ $i -le 200 ] || fail "the copy's reference was not kept"
	sleep 0.05
done
ref=$(sql "select msg_ref from outbox where dedupe_key = 'imessage:1:recipient'")
echo "$ref" | grep -q '"channel":"D0017","ts":"1700000100\.' || fail "kept reference $ref"

fake 'slash U0016 /yell withdraw 1'
wait_for 'api chat.update' "$log"
up=$(grep 'api chat.update' "$log")
echo "$up" | grep -q '"channel":"D0017"' || fail "update channel"
echo "$up" | grep -q "$(echo "$ref" | sed 's/.*"ts":"\([^"]*\)".*/\1/')" || fail "update ts"
echo "$up" | grep -q '送った人が取り消しました' || fail "the copy says so"
echo "$up" | grep -q '窓口を手伝って' && fail "the text is still there"
wait_match 'api chat.postMessage .*清水 剛さんが、.*に送ったIメッセージを取り消しました.*"channel":"U0017"' "$log"
[ "$(sql "select count(*) from imessage where id = 1 and withdrawn_at is not null")" = 1 ] ||
    fail "withdrawn"
echo ok
