# Withdrawal and hiding on Slack.  The sender takes an I-message back
# within ten minutes: the recipient's DM is edited in place (chat.update of
# the very message chat.postMessage posted) and the recipient is told.  A
# shared I-message that the recipient reports and HR hides: both its DM
# and its post in the shared channel are edited to say so.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
SHARE_CHANNEL=C0GENERAL write_slack_conf
import_roster
start_yelld
log=$T/fake.log

fake 'slash U0016 /yell imessage <@U0017|yamaguchi> 窓口を手伝ってくれたおかげで、昼休みに間に合いました。うれしかったです'
wait_match 'api chat.postMessage .*窓口を手伝って.*"channel":"U0017"' "$log"
# wait_kept KEY: the sender marks its batch just after the post.
wait_kept() {
	i=0
	while [ "$(sql "select count(*) from outbox where dedupe_key = '$1' and status = 'sent' and msg_ref is not null")" != 1 ]; do
		i=$((i + 1))
		[ $i -le 200 ] || fail "the reference of $1 was not kept"
		sleep 0.05
	done
}
wait_kept imessage:1:recipient
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

# Shared, reported, hidden.
fake 'slash U0016 /yell imessage <@U0017|yamaguchi> 資料を作成してくれて、会議がスムーズに進みました。ありがとう'
wait_kept imessage:2:recipient
fake 'dm U0017 share 2'
wait_match 'api chat.postMessage .*山口 智子さんが、清水 剛さんから受け取ったIメッセージを共有しました.*"channel":"C0GENERAL"' "$log"
wait_kept imessage:2:share
fake 'dm U0017 report 2 確認をお願いします'
wait_match 'api chat.postMessage .*Iメッセージ #2 について.*"channel":"U0003"' "$log"
fake 'dm U0003 hide 2 報告により'
wait_count 3 'api chat.update' "$log"
grep 'api chat.update' "$log" | grep '"channel":"C0GENERAL"' |
    grep -q '人事課の判断で非表示' || fail "the shared post is hidden"
grep 'api chat.update' "$log" | grep '"channel":"D0017"' |
    grep '人事課の判断で非表示' | grep -q -v '会議がスムーズ' || fail "the copy is hidden"
[ "$(sql "select count(*) from audit where action = 'imessage.hide' and actor = 'E0003'")" = 1 ] ||
    fail "hide audited"
echo ok
