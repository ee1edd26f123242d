# yellctl's side of prompts and nudges: `declare import` (a file with an
# error changes nothing), and `report nudges` / `report prompts` in CSV for
# Excel and in JSON, after a day of yelld's runs.
. "$(dirname "$0")/lib/common.sh"

write_conf all
cat >>"$CONF" <<CONF
[prompts]
channels = C0PROMPT
CONF
import_roster
export YELL_NOW="2024-06-03 10:00"

printf 'department,section,text\n,戸籍住民課,"窓口の待ち時間を減らします"\n福祉部,,=1+1 から始めない\n' >"$T/ok.csv"
"$YELLCTL" -c "$CONF" declare import "$T/ok.csv" >"$T/decl.out" || fail "declare import"
expect "recorded 2 declarations" "$T/decl.out"
printf 'department,section,text\n,存在しない課,x\n総務部,,\n' >"$T/bad.csv"
if "$YELLCTL" -c "$CONF" declare import "$T/bad.csv" >"$T/bad.out" 2>"$T/bad.err"; then
	fail "a bad declarations file was accepted"
fi
expect "bad.csv:2: no one on the roster is in section \"存在しない課\"" "$T/bad.err"
expect "bad.csv:3: text must be 1 to 500 characters" "$T/bad.err"
[ "$(sql "select count(*) from declaration")" = 2 ] || fail "the bad file changed something"

mkfifo "$T/in"
"$YELLD" -c "$CONF" --as E0019 <"$T/in" >"$T/run.out" 2>"$T/run.err" &
pid=$!
exec 3>"$T/in"
printf 'mvv\n' >&3
i=0
while [ "$(sql "select count(*) from nudge_run")" != 4 ] ||
    [ "$(sql "select count(*) from prompt_post where sent_at is not null")" != 1 ] ||
    [ "$(sql "select count(*) from nudge_log where sent_at is null")" != 0 ]; do
	i=$((i + 1)); [ $i -le 200 ] || fail "the day's runs did not finish"; sleep 0.05
done
exec 3>&-
wait "$pid" || fail "yelld"
expect "【戸籍住民課の重点実施内容】窓口の待ち時間を減らします" "$T/run.out"
expect "💬 #C0PROMPT への投稿:" "$T/run.out"

"$YELLCTL" -c "$CONF" report nudges >"$T/r.csv" || fail "report nudges"
head -c 3 "$T/r.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "no BOM"
expect "\"kind\",\"department\",\"queued\",\"sent\",\"acted_on\",\"opt_outs\"" "$T/r.csv"
queued=$(sql "select count(*) from nudge_log")
"$YELLCTL" -c "$CONF" report nudges --format json >"$T/r.json" || fail "json"
[ "$(python3 -c "import json,sys; print(sum(r['queued'] for r in json.load(open(sys.argv[1]))))" "$T/r.json")" = "$queued" ] ||
    fail "the JSON does not add up to $queued"
[ "$(python3 -c "import json,sys; print(sum(r['sent'] for r in json.load(open(sys.argv[1]))))" "$T/r.json")" = "$queued" ] ||
    fail "not all sent"
"$YELLCTL" -c "$CONF" report prompts --format json >"$T/p.json" || fail "report prompts"
[ "$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]['posts'])" "$T/p.json")" = "1 1" ] ||
    fail "one prompt posted once"
"$YELLCTL" -c "$CONF" report nudges --from 2024-07-01 --to 2024-07-31 >"$T/empty.csv" ||
    fail "a period"
[ "$(wc -l <"$T/empty.csv")" = 1 ] || fail "July has no nudges yet"
if "$YELLCTL" -c "$CONF" report nudges --format xml >/dev/null 2>"$T/usage.err"; then
	fail "--format xml accepted"
fi
expect "expected [--format csv|json]" "$T/usage.err"
echo ok
