# A manager's recommendations and an endorsement end to end on the console:
# the member receives the endorsement with the way to enrol, enrols, and
# the manager's list shows who was endorsed and who enrolled.
. "$(dirname "$0")/lib/common.sh"

write_conf managers
export YELL_NOW="2024-06-03 09:00"
import_roster
"$YELLCTL" -c "$CONF" catalog import "$YELL_SOURCE_DIR/config/catalog/2024.json" \
    >/dev/null || fail "catalog import"

cat >"$T/script" <<'SCRIPT'
recommend
endorse @山口 智子 R-35
recommend @山口 智子
/as E0017
enroll R-35
/as E0016
recommend @山口 智子
recommend @E0021
/as E0019
recommend
SCRIPT
"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/endorse.out" 2>"$T/endorse.err" ||
    fail "yelld exited with $?"
out=$T/endorse.out
expect "■ 山口 智子（係長級／戸籍住民課）" "$out"
expect "・【指名】R-35 係長2年目(人材育成・OJT支援)（次回 2024年9月24日（火））— 理由: 係長級・昇任2年目" "$out"
expect "山口 智子さんに「係長2年目(人材育成・OJT支援)」を推薦しました。" "$out"
expect "📨 山口 智子さん（E0017）への通知:" "$out"
expect "清水 剛さんから研修「係長2年目(人材育成・OJT支援)」（R-35）の推薦が届きました。" "$out"
expect "[申し込む]" "$out"
expect "申し込むには: enroll R-35 [回]" "$out"
expect "理由: 係長級・昇任2年目 【推薦済み】" "$out"
expect "「係長2年目(人材育成・OJT支援)」（R-35）に申し込みました。" "$out"
expect "理由: 係長級・昇任2年目 【申込済み】" "$out"
expect "石川 修さんはあなたのラインのメンバーではないため、表示できません。" "$out"
expect "部下のいる管理職・係長の方が使える機能です。" "$out"
[ "$(sql "select count(*) from endorsement where manager_id = 'E0016' and employee_id = 'E0017'")" = 1 ] ||
    fail "endorsement recorded"
[ "$(sql "select count(*) from audit where action = 'denied'")" = 2 ] || fail "denials audited"
echo ok
