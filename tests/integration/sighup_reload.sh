# SIGHUP reads the configuration and the data files again: a good new file
# takes effect at once; a bad one is refused with file:line and the old one
# stays in use.
. "$(dirname "$0")/lib/common.sh"

write_conf managers 500
import_roster
mkfifo "$T/in"
"$YELLD" -c "$CONF" --as E0016 <"$T/in" >"$T/run.out" 2>"$T/run.err" &
pid=$!
exec 3>"$T/in"
printf 'imessage @E0017 窓口の応援ありがとうございました\n' >&3
wait_for "山口 智子さんにIメッセージを送りました。" "$T/run.out"

write_conf managers 10
kill -HUP "$pid"
wait_for "SIGHUP: configuration and data files reloaded" "$T/run.err"
printf 'imessage @E0017 窓口の応援ありがとうございました\n' >&3
wait_for "10文字以内にまとめてください" "$T/run.out"

sed -i 's/^adapter = console/adapter = irc/' "$CONF"
kill -HUP "$pid"
wait_for "the new configuration is refused, the old one stays in use" "$T/run.err"
expect "$CONF:2: adapter must be one of console, slack, mattermost, not \"irc\"" "$T/run.err"
printf 'imessage @E0017 ありがとう\n' >&3
wait_for "山口 智子さんにIメッセージを送りました。ありがとうございます！" "$T/run.out"
[ "$(count "10文字以内にまとめてください" "$T/run.out")" = 1 ] || fail "max_length"
printf 'imessage @E0017 窓口の応援ありがとうございました\n' >&3
i=0
while [ "$(count "10文字以内にまとめてください" "$T/run.out")" -lt 2 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the old (reloaded) max_length is gone"; sleep 0.1
done
kill -0 "$pid" || fail "yelld died"
exec 3>&-
wait "$pid" || fail "exit status $?"
echo ok
