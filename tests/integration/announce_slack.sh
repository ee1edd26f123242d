# An announcement on Slack: each person's DM carries the 「読みました」
# button; pressing it records the acknowledgement and turns the button
# into "acknowledged"; `ack 1` typed in a DM does the same; someone Slack
# does not know is a failure with its reason; the report's figures agree.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster
printf '来月から時差勤務の枠が広がります。\n' >"$T/body.txt"
"$YELLCTL" -c "$CONF" announce create --title '時差勤務のお知らせ' \
    --body-file "$T/body.txt" --audience 'id=E0016,E0017,E0018,E0003,E0001' \
    --ack --urgent --yes >"$T/create.out" || fail "announce create"
expect "reaches: 5 people" "$T/create.out"
expect "announcement 1 confirmed" "$T/create.out"
log=$T/fake.log
start_yelld
wait_count 4 'api chat.postMessage' "$log"
expect '"action_id":"ack","value":"1"' "$log"

fake press U0017 ack
wait_for 'api chat.update' "$log"
wait_match 'api chat.update .*既読にしました' "$log"
fake dm U0016 ack 1
wait_for '読んだことを記録しました' "$log"
fake dm U0016 ack 1
wait_for 'もう既読になっています' "$log"
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 200 ] || fail "the unknown person's copy did not fail"; sleep 0.1
done
[ "$(sql "select count(*) from announcement_receipt where acknowledged_at is not null")" = 2 ] ||
    fail "two acknowledgements"
stop_yelld

"$YELLCTL" -c "$CONF" report announcements 1 --format json >"$T/report.json" ||
    fail "report"
expect '"group_by":"all","group":null,"targeted":5,"delivered":4,"failed":1,"acknowledged":2' "$T/report.json"
expect '"failure_reasons":"users_not_found (1)"' "$T/report.json"
"$YELLCTL" -c "$CONF" announce show 1 >"$T/show.out" || fail "announce show"
expect "failed because users_not_found: 1" "$T/show.out"
check_secrets
echo ok
