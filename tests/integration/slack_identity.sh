# Nobody acts as someone else.  A link once made is never re-pointed, by a
# message (users.info) or by the outbox (users.lookupByEmail); an email two
# roster rows share links nobody; a profile change (user_change) checks the
# account again and unlinks it, audited, when its email names someone else;
# only users of the bot's own team count, guests only when allowed, and an
# envelope from another team is not run.  Replies go to the account that
# asked.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake_users
fake user U0700 haruto.kobayashi@example.jp TOTHER
fake user U0800 makoto.watanabe@example.jp - guest
write_slack_conf
import_roster
start_yelld
log=$T/fake.log
unknown='職員名簿と結びついていません'

link_of() {	# link_of U: the employee the account is linked to
	sql "select employee_id from chat_identity where chat_user_id = '$1'"
}

# U0016 links to E0016 by its email; the reply row names the asker.
fake 'dm U0016 mvv'
wait_match 'api chat.postMessage .*"channel":"U0016"' "$log"
[ "$(link_of U0016)" = E0016 ] || fail "U0016 linked"
[ "$(sql "select chat_user from outbox where dedupe_key like 'reply:%'")" = U0016 ] ||
    fail "the reply goes to the account that asked"

# The roster now gives E0017 the address of U0016 (and E0016 another).
# The outbox finds U0016 by email for E0017, and must not re-point it.
sql "update staff set email = 'new.shimizu@example.jp' where employee_id = 'E0016'"
sql "update staff set email = 'tsuyoshi.shimizu@example.jp' where employee_id = 'E0017'"
fake 'dm U0016 imessage @E0017 乗っ取りの試み'
wait_for 'api users.lookupByEmail email=tsuyoshi.shimizu%40example.jp' "$log"
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed' and last_error like '%linked to someone else%'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the row to E0017 fails"; sleep 0.1
done
[ "$(link_of U0016)" = E0016 ] || fail "U0016 stays E0016's"
[ "$(sql "select count(*) from chat_identity where employee_id = 'E0017'")" = 0 ] ||
    fail "E0017 got no account"

# Two rows with one address: the outbox links neither and asks nobody.
sql "update staff set email = 'shared@example.jp' where employee_id in ('E0003', 'E0004')"
n=$(count 'users.lookupByEmail' "$log")
fake 'dm U0018 imessage @E0003 共有アドレス'
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed' and last_error like '%not this person''s alone%'")" != 1 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the row to a shared address fails"; sleep 0.1
done
[ "$(count 'users.lookupByEmail' "$log")" = "$n" ] || fail "no lookup for a shared address"
[ "$(sql "select count(*) from chat_identity where employee_id = 'E0003'")" = 0 ] ||
    fail "E0003 got no account"

# A profile change: U0016's email now names E0017, not E0016.  Checked at
# once, unlinked, audited; U0016 is then a stranger, and E0017 gets no
# account that is another's (one account per employee: none yet here).
fake 'profile U0016 tsuyoshi.shimizu@example.jp'
i=0
while [ -n "$(link_of U0016)" ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "U0016 unlinked"; sleep 0.1
done
[ "$(sql "select count(*) from audit where action = 'identity.unlink' and detail like 'slack U0016 E0016:%'")" = 1 ] ||
    fail "the unlink is audited"
expect 'unlinked slack U0016 E0016' "$T/yelld.err"
# A profile change that keeps the email keeps the link.
fake 'dm U0018 mvv'
wait_match 'api chat.postMessage .*"channel":"U0018"' "$log"
fake 'profile U0018 ryosuke.mori@example.jp'
wait_count 2 'api users.info user=U0018' "$log"
sleep 0.3
[ "$(link_of U0018)" = E0018 ] || fail "U0018 stays linked"
[ -n "$(sql "select checked_at from chat_identity where chat_user_id = 'U0018'")" ] ||
    fail "the check is recorded"

# Another team's user, and a guest (guests = refuse by default): strangers.
fake 'dm U0700 help'
fake 'dm U0800 help'
wait_match "api chat.postMessage .*$unknown.*\"channel\":\"U0700\"" "$log"
wait_match "api chat.postMessage .*$unknown.*\"channel\":\"U0800\"" "$log"
expect 'Slack user U0700 is of another team' "$T/yelld.err"
expect 'Slack user U0800 is a guest' "$T/yelld.err"
[ -z "$(link_of U0700)$(link_of U0800)" ] || fail "no link for another team or a guest"
# Nor by the outbox: found by email, refused, the rows failed.
fake 'dm U0018 imessage @E0005 他チームの人へ'
fake 'dm U0018 imessage @E0006 ゲストの人へ'
i=0
while [ "$(sql "select count(*) from outbox where status = 'failed' and (last_error like '%is of another team' or last_error like '%is a guest%')")" != 2 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "rows to another team's account and a guest fail"; sleep 0.1
done
[ -z "$(link_of U0700)$(link_of U0800)" ] || fail "the outbox links neither"

# An envelope from another team is acked and not run.
fake raw '{"type":"slash_commands","envelope_id":"other-1","accepts_response_payload":true,"payload":{"team_id":"TOTHER","user_id":"U0018","channel_id":"D0018","command":"/yell","text":"mvv"}}'
wait_for 'ack_unknown other-1' "$log"	# acked: the fake did not send it
[ "$(sql "select count(*) from seen_delivery where id = 'other-1'")" = 0 ] ||
    fail "another team's envelope is not run"
stop_yelld

# guests = allow: the guest is linked.
write_slack_conf 'guests = allow'
start_yelld
fake 'dm U0800 mvv'
i=0
while [ "$(link_of U0800)" != E0006 ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "the guest linked when allowed"; sleep 0.1
done
stop_yelld
check_secrets
echo ok
