# A mention in a channel is answered in that channel with
# chat.postEphemeral, seen only by the person who asked: never a
# chat.postMessage, so the channel sees nothing.  DMs are still answered
# with a DM.  A person who is no longer in the channel
# (user_not_in_channel) fails the row with Slack's reason, without a retry.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
write_slack_conf
import_roster
start_yelld
log=$T/fake.log

outbox_status() {	# outbox_status KEY_LIKE STATUS: wait for it
	i=0
	while [ "$(sql "select status from outbox where dedupe_key like '$1'")" != "$2" ]; do
		i=$((i + 1)); [ $i -le 100 ] || fail "row $1 not $2"; sleep 0.1
	done
}

fake 'mention U0017 mvv'
wait_for 'api chat.postEphemeral' "$log"
grep 'api chat.postEphemeral' "$log" | grep '"channel":"C0GENERAL"' |
    grep '"user":"U0017"' | grep -q 'ミッション' || fail "ephemeral answer"
outbox_status 'reply:slack:Ev%' sent
[ "$(sql "select method || ' ' || conversation || ' ' || platform from outbox")" = "private C0GENERAL slack" ] ||
    fail "the row names the channel"
expect_not 'api chat.postMessage' "$log"

# A DM is still answered with a DM.
fake 'dm U0018 mvv'
wait_for 'api chat.postMessage' "$log"
grep 'api chat.postMessage' "$log" | grep -q '"channel":"U0018"' || fail "DM answer"
[ "$(count 'api chat.postEphemeral' "$log")" = 1 ] || fail "one ephemeral"

# Someone who left the channel: Slack refuses, the row fails, once.
fake 'leave U0016'
fake 'mention U0016 help'
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "row failed"; sleep 0.1
done
[ "$(sql "select method || ' ' || last_error from outbox where status = 'failed'")" = "private user_not_in_channel" ] ||
    fail "reason kept"
expect 'giving up: user_not_in_channel' "$T/yelld.err"
sleep 1.5
[ "$(grep 'api chat.postEphemeral' "$log" | grep -c '"user":"U0016"')" = 1 ] ||
    fail "no retry of a permanent error"
[ "$(sql "select attempts from outbox where status = 'failed'")" = 1 ] || fail "one attempt"
[ "$(count 'api chat.postMessage' "$log")" = 1 ] || fail "no DM instead"

wait_acks 3
expect_not 'redeliver' "$log"
stop_yelld
check_secrets
echo ok
