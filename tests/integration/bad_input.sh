# Whatever is typed, yelld neither crashes nor corrupts: invalid UTF-8, NUL,
# terminal escapes, SQL metacharacters, Slack broadcast syntax and 1 MB lines
# are stored and shown harmlessly, or refused with a clear message.
. "$(dirname "$0")/lib/common.sh"

write_conf all 10000
import_roster
sqlbody="'); DROP TABLE imessage; -- \" OR 1=1 %_"
{
	printf 'imessage @E0017 \377\376壊れた\200文字\n'
	printf 'imessage @E0017 %s\n' "$sqlbody"
	printf 'imessage @E0017 <!channel> <!here> <@U0123ABC> &amp; <https://evil|社内ポータル>\n'
	printf 'imessage @E0017 nul\000byte\n'
	printf 'imessage @E0017 \033[2J\033[31mred\342\200\256txet\n'
	printf '%s\n' "$sqlbody"
	printf 'imessage @E0017 '
	yes あ | head -n 349526 | tr -d '\n'
	printf '\n'
	yes いいいいいいいいいい | head -n 100000 | tr -d '\n'
	printf '\n'
	printf '\n\n   \n　\n'
	printf '/as E0017\nreceived\n'
} >"$T/script"

"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/bad.out" 2>"$T/bad.err" ||
    fail "yelld exited with $?"
out=$T/bad.out

expect "壊れた�文字" "$out"
expect "<!channel> <!here> <@U0123ABC> &amp; <https://evil|社内ポータル>" "$out"
expect "nul�byte" "$out"
expect "本文が長すぎます（349526文字）。10000文字以内にまとめてください。" "$out"
expect "入力が長すぎるため受け付けませんでした。" "$out"
expect "というコマンドはありません。" "$out"
# escapes reach the terminal as U+FFFD, never as ESC or RLO
if grep -q "$(printf '\033')" "$out"; then fail "ESC printed"; fi
if grep -q "$(printf '\342\200\256')" "$out"; then fail "RLO printed"; fi
expect "�[2J�[31mred�txet" "$out"

[ "$(sql "pragma integrity_check")" = ok ] || fail "integrity"
[ "$(sql "select count(*) from sqlite_master where name = 'imessage'")" = 1 ] || fail "table dropped"
[ "$(sql "select count(*) from imessage")" = 5 ] || fail "five stored"
stored=$(sql "select body from imessage where id = 2")
[ "$stored" = "$sqlbody" ] || fail "SQL text stored byte for byte: $stored"
expect "$sqlbody" "$out"
echo ok
