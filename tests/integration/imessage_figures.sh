# HR's I-message figures: `stats imessages` in chat and `yellctl report
# imessages` as CSV and JSON, on the demo roster (43 people in five
# departments).  Aggregates only: no name, no employee id, no text; the
# levels with fewer than five people are suppressed; staff may not ask.
. "$(dirname "$0")/lib/common.sh"

export YELL_NOW='2024-06-03 09:00'
write_conf managers
import_roster

body='資料を作成してくれて、会議がスムーズに進みました。ありがとう'
cat >"$T/script" <<SCRIPT
imessage @E0017 $body #たすけあエール
imessage @E0018 $body #たすけあエール
imessage @E0003 $body #攻守混同
imessage @E0015 $body #たすけあエール
/as E0002
imessage @E0016 $body #たすけあエール
imessage @E0004 $body #たすけあエール
stats imessages
stats imessages 2024-05
/as E0018
stats imessages
SCRIPT
"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/console.out" 2>"$T/console.err" ||
    fail "yelld exited with $?"
out=$T/console.out

expect "Iメッセージの集計 2024-06" "$out"
# 2 of 43 sent (E0016, E0002), 6 received: 4.7% and 14.0%; E0016 to E0015,
# their own manager, is upward; E0017, E0018, E0015 are in E0016's
# department, E0003 and E0004 in E0002's, E0016 is not: 2 of 6 cross.
expect "全体: 送った職員 4.7% ／ 受け取った職員 14.0% ／ 件数 6（他部署へ 33.3%、自分のラインの上司へ 16.7%、行動・影響・気持ちのそろったIメッセージ 100.0%）" "$out"
expect "バリュー別: #たすけあエール 5  #攻守混同 <5" "$out"
expect "・区民生活部: 送った 11.1% ／ 受け取った 44.4%（9人）" "$out"
expect "・課長補佐級: 5人未満のため表示しません" "$out"
expect "Iメッセージの集計 2024-05" "$out"
expect "件数 0" "$out"
for id in E0016 E0017 E0002 清水 山口 "$body"; do
	sed -n "/stats imessages/,\$p" "$out" | grep -av '> \|として入力' |
	    grep -aqF -- "$id" && fail "the figures show $id"
done
# Staff: the command is not theirs.
[ "$(sql "select count(*) from audit where action = 'denied' and actor = 'E0018' and detail = 'stats'")" = 1 ] ||
    fail "staff denied"

"$YELLCTL" -c "$CONF" report imessages --fy 2024 >"$T/report.csv" ||
    fail "report csv"
head -n 1 "$T/report.csv" | grep -q '"month","dimension","group","staff","sent_share","received_share","messages","cross_department_share","upward_share","complete_share","uses","suppressed"' ||
    fail "csv header"
grep -q '^"2024-06","ward","",43,0.0465,0.1395,6,0.3333,0.1667,1.0000,,0' "$T/report.csv" ||
    fail "ward row"
grep -q '^"2024-06","job_level","deputy_chief",,,,,,,,,1' "$T/report.csv" ||
    fail "small level suppressed"
grep -q '^"2024-06","value","koshu",,,,,,,,,1' "$T/report.csv" || fail "rare value suppressed"
grep -q '^"2024-06","value","help",,,,,,,,5,0' "$T/report.csv" || fail "value uses"
grep -q '^"2025-03","ward","",43,0.0000' "$T/report.csv" || fail "twelve months"
grep -qE 'E00|清水|資料' "$T/report.csv" && fail "the report names someone"
"$YELLCTL" -c "$CONF" report imessages --format json --fy 2024 >"$T/report.json" ||
    fail "report json"
grep -q '{"month":"2024-06","dimension":"ward","group":"","staff":43,"sent_share":0.0465,' "$T/report.json" ||
    fail "json ward row"
"$YELLCTL" -c "$CONF" report imessages --format xml 2>"$T/bad.err" && fail "bad format accepted"
expect "--format csv or json" "$T/bad.err"
echo ok
