# SIGKILL in the middle of group commits under load: every envelope the
# fake saw acked before the kill is in the database (nothing was acked
# before its group's COMMIT), and after the restart every envelope Slack
# sends again runs exactly once.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake --ack-timeout-ms 1500
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log

n=600
fake burst $n 1 U0016 imessage '<@U0017>' 負荷
wait_count 150 'ack 1 ' "$log"
kill -9 "$YELLD_PID"
wait "$YELLD_PID" 2>/dev/null || true
YELLD_PID=
cp "$log" "$T/at-kill.log"

# The event ids of the envelopes acked before the kill.
awk '$1 == "send" { ev[$3] = $6 } $1 == "ack" && ($3 in ev) { print ev[$3] }' \
    "$T/at-kill.log" | sort -u >"$T/acked"
acked=$(wc -l <"$T/acked")
[ "$acked" -ge 150 ] || fail "150 acked before the kill, not $acked"
list=$(sed "s/.*/'&'/" "$T/acked" | paste -sd, -)
[ "$(sql "select count(*) from imessage where delivery_id in ($list)")" = "$acked" ] ||
    fail "an envelope was acked before its I-message was committed"
[ "$(sql 'pragma integrity_check')" = ok ] || fail "integrity_check"

start_yelld
i=0
while [ "$(sql "select count(*) from imessage")" -lt $n ]; do
	i=$((i + 1)); [ $i -le 300 ] || fail "$n I-messages stored, not $(sql "select count(*) from imessage")"; sleep 0.1
done
sleep 1
[ "$(sql "select count(*) from imessage")" = $n ] || fail "exactly $n stored"
[ "$(sql "select count(distinct body) from imessage")" = $n ] || fail "$n bodies"
[ "$(sql "select count(distinct delivery_id) from imessage")" = $n ] || fail "$n events"
expect_not 'ack_dup' "$log"
stop_yelld
check_secrets
echo ok
