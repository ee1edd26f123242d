# An announcement end to end on the console: HR (高橋, role hr) writes a
# draft, sees the preview with its reach, confirms it; the job sends it to
# the audience at the next working time; a recipient acknowledges it
# (twice, harmlessly); stats announce shows the figures; a colleague
# without the hr role is refused, and every step is audited.
. "$(dirname "$0")/lib/common.sh"

write_conf managers
export YELL_NOW="2024-06-03 09:00"
import_roster

cat >"$T/script" <<'SCRIPT'
announce new 男性職員の育児休業取得について
announce body 昨年度の取得率は前年より上がりました。<!channel> 詳しくは人事課まで。
announce to job_level=係長級
announce ack on
announce send
/time 2024-06-03 09:05
/as E0017
ack 1
ack 1
/as E0016
announce new 権限のないお知らせ
/as E0002
stats announce 1
announce list
SCRIPT
"$YELLD" -c "$CONF" --as E0002 <"$T/script" >"$T/announce.out" 2>"$T/announce.err" ||
    fail "yelld exited with $?"
out=$T/announce.out
expect "お知らせ #1（下書き）のプレビュー" "$out"
n=$(sql "select count(*) from staff where active and job_level = 'unit_chief'")
expect "届く人: ${n}人（宛先: job_level=係長級）" "$out"
expect "受け取る人にはこう見えます:" "$out"
expect "お知らせ #1 を確定しました。" "$out"
expect "📨 山口 智子さん（E0017）への通知:" "$out"
expect "📣 男性職員の育児休業取得について" "$out"
expect "[読みました]" "$out"
expect "「男性職員の育児休業取得について」を読んだことを記録しました。" "$out"
expect "はもう既読になっています。" "$out"
expect "「announce」を使う権限がありません。" "$out"
expect "対象 ${n}人・配信 ${n}人・失敗 0人・既読 1人" "$out"
expect "・#1 男性職員の育児休業取得について（送信済み" "$out"
[ "$(sql "select count(*) from announcement_receipt where announcement_id = 1")" = "$n" ] ||
    fail "$n receipts"
[ "$(sql "select count(*) from announcement_receipt where acknowledged_at is not null")" = 1 ] ||
    fail "one acknowledgement"
[ "$(sql "select count(*) from outbox where ref like 'announce:%'")" = "$n" ] ||
    fail "$n messages queued"
[ "$(sql "select count(*) from audit where action in ('announce.create', 'announce.send')")" = 2 ] ||
    fail "create and send audited"
[ "$(sql "select count(*) from audit where action = 'denied' and actor = 'E0016' and detail = 'announce'")" = 1 ] ||
    fail "the refusal audited"
[ "$(sql "select count(*) from announcement where title = '権限のないお知らせ'")" = 0 ] ||
    fail "nothing written for the refused attempt"
echo ok
