# An I-message typed on the console is confirmed to the sender and delivered
# to the recipient; every refusal the foundation promises is shown.
. "$(dirname "$0")/lib/common.sh"

write_conf managers
import_roster
long=$(printf '%0501d' 0)

cat >"$T/script" <<SCRIPT
help
imessage @山口 智子 窓口の混雑時に率先して応援に入ってくれて助かりました。 #たすけあエール #攻守混同
imessage ＠やまぐち　ありがとう！　＃たのしめエール
imessage @佐藤 ありがとう
imessage @存在しない人 ありがとう
imessage @E0016 自分に
imessage @E0017 #たすけあエール
imessage @E0017 $long
imessage @E0017 ありがとう #がんばれエール
imessage ありがとう
sent
/as E0017
received
/as E0018
imessage @E0016 いつもありがとうございます
help
SCRIPT

"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/console.out" 2>"$T/console.err" ||
    fail "yelld exited with $?"
out=$T/console.out

# help lists imessage for a manager
expect "・imessage @相手 本文 [#バリュー]" "$out"
# sent, confirmed, delivered with sender name and tags
[ "$(count '山口 智子さんにIメッセージを送りました。' "$out")" = 2 ] || fail "two confirmations"
expect "📨 山口 智子さん（E0017）への通知:" "$out"
expect "清水 剛さんからIメッセージが届きました。" "$out"
expect "窓口の混雑時に率先して応援に入ってくれて助かりました。" "$out"
expect "#たすけあエール #攻守混同" "$out"
# full-width ＠ ＃ and U+3000 work like @ # and a space
expect "ありがとう！" "$out"
expect "#たのしめエール" "$out"
# refusals
expect "「佐藤」に当てはまる職員が複数います。" "$out"
expect "- 佐藤 健一（人事課／E0003）" "$out"
expect "- 佐藤 美咲（高齢者福祉課／E0027）" "$out"
expect "「存在しない人」に当てはまる職員が見つかりません。" "$out"
expect "自分自身にはIメッセージを送れません。" "$out"
expect "本文が空です。" "$out"
expect "本文が長すぎます（501文字）。500文字以内にまとめてください。" "$out"
expect "「#がんばれエール」というバリューはありません。使えるバリュー: #たすけあエール #そんちょうしあエール #たのしめエール #攻守混同" "$out"
expect "使い方: imessage @相手 本文" "$out"
# the lists
expect "・#1 20" "$out"
expect "山口 智子さんへ" "$out"
expect "清水 剛さんから" "$out"
expect "・#2 " "$out"
expect "送ったIメッセージ（1/1ページ）" "$out"
expect "の受信: 2件 ／ バリュー別: #たすけあエール 1  #たのしめエール 1  #攻守混同 1" "$out"
# a 主事 may not send in the managers-only phase, and help does not offer it
expect "Iメッセージは現在、管理職の方から順に導入しています" "$out"
[ "$(count '・imessage @相手' "$out")" = 1 ] || fail "help for staff lists imessage"

[ "$(sql "select count(*) from imessage")" = 2 ] || fail "two I-messages stored"
[ "$(sql "select count(*) from outbox where status = 'sent'")" = 2 ] || fail "two deliveries sent"
# The outbox's on-sent hook told the I-message when its copy went out.
[ "$(sql "select count(*) from imessage i join outbox o on o.ref = 'imessage:' || i.id where o.status = 'sent' and i.delivered_at = o.sent_at")" = 2 ] ||
    fail "delivered_at recorded from the outbox's ref"
[ "$(sql "select count(*) from audit where action = 'denied' and actor = 'E0018'")" = 1 ] ||
    fail "denial audited"
[ "$(sql "select group_concat(value, ',') from (select value from imessage_value where imessage_id = 1 order by value)")" = "help,koshu" ] ||
    fail "value tags stored"
echo ok
