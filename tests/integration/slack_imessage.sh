# The I-message flow on Slack, end to end against the fake: by slash
# command (reply in the ack), by DM (reply through the outbox), by mention,
# by the compose modal (views.open, then view_submission), the App Home
# (views.publish), the "write back" button, people not on the roster, and
# what must be ignored.  User text never becomes a live mention, and the
# canary tokens appear nowhere.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
LOG_LEVEL=debug write_slack_conf	# secrets stay out even at debug
import_roster
start_yelld
log=$T/fake.log

# Slash command: the confirmation is the ack's ephemeral payload, the
# recipient's copy a DM posted to their user id.
fake 'slash U0016 /yell imessage <@U0017|yamaguchi> 窓口の応援に入ってくれて助かりました #たすけあエール'
wait_for '"channel":"U0017"' "$log"
wait_match '^ack [0-9]+ env-1 ' "$log"
grep '^ack [0-9]* env-1 ' "$log" | grep '"response_type":"ephemeral"' |
    grep -q '山口 智子さんにIメッセージを送りました' || fail "slash reply in the ack"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0017"' |
    grep -q '清水 剛さんからIメッセージが届きました.*窓口の応援に入ってくれて助かりました' ||
    fail "DM to the recipient"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0017"' | grep '"type":"actions"' |
    grep -q '"action_id":"thanks","value":"1"' || fail "thanks button"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0017"' | grep '"type":"actions"' |
    grep -q '"action_id":"imessage[~0-9]*","value":"@E0016"' || fail "write-back button"

# /imessage with text, by the other person.
fake 'slash U0017 /imessage <@U0016> 資料を先回りして準備してくださり助かりました'
wait_for '資料を先回りして準備してくださり' "$log"

# A DM to the bot: the reply goes back as a DM.  Broadcast syntax, typed
# or as Slack's own entities, arrives as plain text.
fake 'dm U0018 imessage <@U0017> 引き継ぎメモが分かりやすかったです &lt;!channel&gt; &lt;@U0016&gt; &amp; <!here> <https://evil.example|社内ポータル>'
wait_for '"channel":"U0018"' "$log"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0017"' |
    grep -q '分かりやすかったです &lt;!channel&gt; &lt;@U0016&gt; &amp; @here 社内ポータル (https://evil.example)' ||
    fail "escaped body in the DM"

# The compose modal: /imessage alone opens it with the trigger id.
fake 'slash U0016 /imessage'
wait_for 'api views.open' "$log"
grep 'api views.open' "$log" | grep -q '"trigger_id":"TRG.3".*"callback_id":"yell_form:imessage"' ||
    fail "views.open with the slash command's trigger"
expect_not 'expired_trigger_id' "$log"
fake 'submit U0016 U0018 help,koshu 朝の打ち合わせの進行がとてもスムーズでした'
wait_for 'とてもスムーズでした' "$log"
grep 'api chat.postMessage' "$log" | grep '"channel":"U0018"' |
    grep 'とてもスムーズでした' | grep -q '#たすけあエール #攻守混同' || fail "modal tags"

# App Home.
fake 'home U0017'
wait_for 'api views.publish' "$log"
grep 'api views.publish' "$log" | grep '"user_id":"U0017"' | grep '"type":"home"' |
    grep -q '山口 智子さんのエール.*窓口の応援に入ってくれて助かりました' || fail "App Home"

# "Write back": a button with the command's name opens the modal with the
# recipient chosen.
fake 'action U0017 imessage @E0016'
wait_count 2 'api views.open' "$log"
grep 'api views.open' "$log" | tail -n 1 | grep -q '"initial_user":"U0016"' ||
    fail "modal for thank back"

# Any other button runs the command it names, with its value.
fake 'action U0018 received'
wait_match '受け取ったIメッセージ.*"channel":"U0018"' "$log"

# Ignored: other bots, edits, and the bot itself.
fake 'botmsg U0017 imessage <@U0016> 無視されるべき1'
fake 'edit U0017 imessage <@U0016> 無視されるべき2'
fake 'dm U0BOT imessage <@U0016> 無視されるべき3'

# Not on the roster: a polite answer, in the ack or as a DM, once in
# [limits] stranger_hours for each of them (slack_strangers.sh).
fake user U9998 visitor@example.com
fake user U9997 guest@example.com
fake 'dm U9999 help'
fake 'slash U9998 /yell help'
wait_for '"channel":"U9999"' "$log"
grep 'api chat.postMessage' "$log" | grep '"channel":"U9999"' |
    grep -q '職員名簿と結びついていません' || fail "unknown user, DM"
wait_count 2 '職員名簿と結びついていません' "$log"
fake 'home U9997'
wait_for '"user_id":"U9997"' "$log"
grep 'api views.publish' "$log" | grep '"user_id":"U9997"' |
    grep -q '職員名簿と結びついていません' || fail "unknown user, App Home"

# A mention runs the same commands; the answer comes in the channel, seen
# by the asker only (slack_mention.sh has the details).
fake 'mention U0017 mvv'
wait_match 'api chat.postEphemeral .*ミッション' "$log"

# An unknown command typed in a DM still gets an answer.
fake 'dm U0017 ふがふが'
wait_for '「ふがふが」というコマンドはありません' "$log"

# Every envelope acked once, nothing redelivered, nothing left behind.
wait_acks 16
expect_not 'ack_dup' "$log"
expect_not 'ack_unknown' "$log"
expect_not 'redeliver' "$log"
expect_not 'violation' "$log"
[ "$(sql "select count(*) from imessage")" = 4 ] || fail "four I-messages"
[ "$(sql "select count(*) from imessage where body like '%無視されるべき%'")" = 0 ] || fail "ignored stored"
[ "$(sql "select count(*) from chat_identity where platform = 'slack'")" = 3 ] || fail "three linked"
i=0
while [ "$(sql "select count(*) from outbox where status = 'pending'")" != 0 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "outbox drained"; sleep 0.1
done
[ "$(sql "select count(*) from outbox where status = 'failed'")" = 0 ] || fail "nothing failed"

# Nothing we sent can ping anyone.
if grep -E '^(api chat.post(Message|Ephemeral)|api views.publish|ack )' "$log" | grep -q -e '<!' -e '<@' -e '<#'; then
	fail "live mention syntax sent to Slack"
fi
stop_yelld
check_secrets
echo ok
