# On Slack the week's MVV prompt is a chat.postMessage to the configured
# channel, and reactions to it and replies in its thread (from anyone, even
# someone not on the roster) are counted once each, with no answer to
# anybody; a reaction to another message, or a top-level message in the
# channel, counts nothing.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

export YELL_NOW="2024-06-03 10:00"
start_fake
fake_users
write_slack_conf "[prompts]" "channels = C0GENERAL"
import_roster
start_yelld
log=$T/fake.log
wait_match 'api chat.postMessage.*"channel":"C0GENERAL"' "$log"
grep 'api chat.postMessage' "$log" | grep '"channel":"C0GENERAL"' |
    grep -q '今週のMVVの問いかけ' || fail "the prompt in the channel"
i=0
while [ -z "$(sql "select sent_at from prompt_post where conversation = 'C0GENERAL' and sent_at is not null")" ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the post not recorded as sent"; sleep 0.1
done
at=$(sql "select sent_at from prompt_post where conversation = 'C0GENERAL'")
# The message's own stamp, as chat.postMessage answered it: reactions and
# replies name the prompt by it.
ts=$(sql "select json_extract(msg_ref, '\$.ts') from prompt_post where conversation = 'C0GENERAL'")
[ -n "$ts" ] || fail "the post's reference kept"
posts=$(count 'api chat.postMessage' "$log")

env() {	# env ENVELOPE EVENT_ID EVENT
	printf '{"type":"events_api","envelope_id":"%s","payload":{"team_id":"T0FAKE","event_id":"%s","event":%s}}' "$1" "$2" "$3"
}
react='{"type":"reaction_added","user":"%s","reaction":"tada","item":{"type":"message","channel":"C0GENERAL","ts":"%s"},"event_ts":"%s.000900"}'
fake raw "$(env r-1 EvR1 "$(printf "$react" U0017 "$ts" "$((at + 60))")")"
fake raw "$(env r-2 EvR1 "$(printf "$react" U0017 "$ts" "$((at + 60))")")"	# redelivered
fake raw "$(env r-3 EvR3 "$(printf "$react" U9999 "$ts" "$((at + 90))")")"	# a stranger
fake raw "$(env r-4 EvR4 "$(printf "$react" U0018 "$((at + 7200)).000100" "$((at + 7300))")")"	# another message
reply='{"type":"message","channel_type":"channel","user":"U0018","text":"%s","channel":"C0GENERAL","ts":"%s.000200"%s}'
fake raw "$(env t-1 EvT1 "$(printf "$reply" "うちの係は朝会で共有しています" "$((at + 120))" ",\"thread_ts\":\"$ts\"")")"
fake raw "$(env t-2 EvT2 "$(printf "$reply" "help" "$((at + 130))" "")")"	# top level
for e in r-1 r-2 r-3 r-4 t-1 t-2; do
	wait_match "^ack(_unknown| [0-9]+) $e\$" "$log"
done
[ "$(sql "select count(*) from prompt_engagement where kind = 'reaction'")" = 2 ] ||
    fail "two reactions: $(sql "select count(*) from prompt_engagement where kind = 'reaction'")"
[ "$(sql "select count(*) from prompt_engagement where kind = 'reply'")" = 1 ] ||
    fail "one reply"
sleep 0.3
[ "$(count 'api chat.postMessage' "$log")" = "$posts" ] || fail "somebody was answered"
expect_not 'api chat.postEphemeral' "$log"
expect_not 'api users.info user=U9999' "$log"
stop_yelld
echo ok
