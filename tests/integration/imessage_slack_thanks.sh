# Thanks back on Slack: the recipient presses "お礼を返す" under the DM; the
# sender is told, the thanks is kept with the I-message, and the button in
# the recipient's copy turns into "thanked" (chat.update of that message).
# Typed commands with another person's number show nothing of it.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log

fake 'slash U0016 /yell imessage <@U0017|yamaguchi> 窓口を手伝ってくれたおかげで、昼休みに間に合いました。うれしかったです #たすけあエール'
wait_match 'api chat.postMessage .*"action_id":"thanks","value":"1".*"channel":"U0017"' "$log"

fake 'press U0017 thanks'
wait_match '^pressed D0017 ' "$log"
wait_for 'api chat.update' "$log"
up=$(grep 'api chat.update' "$log")
echo "$up" | grep -q '"action_id":"thanks"' && fail "the thanks button is still there"
echo "$up" | grep -q '✅ お礼を返しました' || fail "the pressed note"
echo "$up" | grep -q '窓口を手伝ってくれたおかげで' || fail "the message is kept"
wait_match 'api chat.postMessage .*山口 智子さんが、.*にお礼を返しました.*"channel":"U0016"' "$log"
[ "$(sql "select count(*) from imessage where id = 1 and thanked_at is not null")" = 1 ] ||
    fail "thanks recorded"

# A third person typing the number learns nothing.
fake 'dm U0018 imshow 1'
wait_match 'api chat.postMessage .*#1 のIメッセージは見つかりません.*"channel":"U0018"' "$log"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0018"' |
    grep -q '窓口を手伝って' && fail "a third person saw the text"
fake 'dm U0018 share 1'
wait_count 2 'のIメッセージは見つかりません' "$log"
echo ok
