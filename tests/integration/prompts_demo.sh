# `make demo`: the week's MVV prompt shows in the demo channel at the start,
# moving the clock a week forward shows the next week's (a different one),
# and `mvv` shows the one of the week.
. "$(dirname "$0")/lib/common.sh"
# scripts/demo.sh starts its own clock in the plan's year.
unset YELL_NOW

mkdir "$T/tmp"
printf 'mvv\n/time +7d\nmvv ホーム\n' |
    TMPDIR=$T/tmp BUILD=$YELL_BUILD_DIR YELL_DEMO_STATE=$T/demo \
    sh "$YELL_SOURCE_DIR/scripts/demo.sh" >"$T/demo.out" 2>"$T/demo.err" ||
    fail "demo"
[ "$(count '💬 #demo への投稿:' "$T/demo.out")" = 2 ] || fail "two prompts"
[ "$(count '今週のMVVの問いかけ' "$T/demo.out")" = 2 ] || fail "two titles"
DB=$T/demo/yell.db
[ "$(sql "select count(distinct prompt_id) from prompt_post where conversation = 'demo'")" = 2 ] ||
    fail "two different prompts"
[ "$(sql "select count(*) from prompt_post where sent_at is null")" = 0 ] ||
    fail "each prompt recorded as posted"
first=$(sql "select p.prompt_id from prompt_post p where week = '2024-06-03'")
text=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1]));
print([p['text'] for p in d['prompts'] if p['id']==sys.argv[2]][0])" \
    "$YELL_SOURCE_DIR/config/mvv.ja.json" "$first")
expect "【今週の問いかけ】$text" "$T/demo.out"
expect "戻って来られる場所" "$T/demo.out"
echo ok
