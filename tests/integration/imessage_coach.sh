# The I-message coach on the console: a draft that lacks a part or judges
# gets a hint, a template and the words to send it as it is; sent so, the
# parts are stored.  Then the recipient reads it whole, thanks the sender,
# and the sender withdraws another within ten minutes.
. "$(dirname "$0")/lib/common.sh"

HINTS=on write_conf managers
import_roster

cat >"$T/script" <<'SCRIPT'
imessage @E0017 ありがとう #たすけあエール
imessage そのまま @E0017 ありがとう #たすけあエール
imessage @E0017 さすがです
imessage @E0017 窓口を手伝ってくれたおかげで、昼休みに間に合いました。うれしかったです #たすけあエール
imessage @E0018 資料を作成してくれて、会議がスムーズに進みました。ありがとう
withdraw 3
/as E0017
received
imshow 2
thanks 2 見ていてくれてうれしいです
imshow 3
/as E0019
imshow 1
SCRIPT

"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/console.out" 2>"$T/console.err" ||
    fail "yelld exited with $?"
out=$T/console.out

expect "ヒント: 相手が「何をしてくれたか」が書かれていないようです。" "$out"
expect "型: 「（相手の行動）をしてくれて、（私への影響）だった。（私の気持ち）」" "$out"
expect "このまま送るには: imessage そのまま @E0017 ありがとう #たすけあエール" "$out"
expect "[このまま送る]" "$out"
expect "「さすが」は相手を評価する言葉です" "$out"
[ "$(count '山口 智子さんにIメッセージを送りました。' "$out")" = 2 ] || fail "two sent to E0017"
expect "番号は #3 です。10分以内なら「withdraw 3」で取り消せます。" "$out"
expect "森 亮介さんへのIメッセージを取り消しました。" "$out"
expect "清水 剛さんが、" "$out"
expect "に送ったIメッセージを取り消しました。" "$out"
# The recipient reads the whole text and thanks.
expect "受け取ったIメッセージ（1/1ページ）" "$out"
expect "窓口を手伝ってくれたおかげで、昼休みに間に合いました。うれしかったです" "$out"
expect "山口 智子さんが、" "$out"
expect "見ていてくれてうれしいです" "$out"
expect "清水 剛さんにお礼を伝えました。" "$out"
# Not hers, and nobody else's.
[ "$(count 'のIメッセージは見つかりません' "$out")" = 2 ] || fail "privacy refusals"

[ "$(sql "select count(*) from imessage")" = 3 ] || fail "three stored"
[ "$(sql "select parts || ',' || coached from imessage where id = 1")" = "4,1" ] ||
    fail "sent as it was, feeling only"
[ "$(sql "select parts || ',' || coached from imessage where id = 2")" = "7,0" ] ||
    fail "a whole I-message"
[ "$(sql "select thanks from imessage where id = 2")" = "見ていてくれてうれしいです" ] ||
    fail "thanks stored"
[ "$(sql "select count(*) from imessage where id = 3 and withdrawn_at is not null")" = 1 ] ||
    fail "withdrawn"
echo ok
