# Linked accounts are checked again when their check is due ([limits]
# email_check_hours since the last check or the link; links older than
# this yelld are due at once, a few seconds after start): an account whose
# Slack email no longer names its employee is unlinked and audited, one
# that does is marked checked; one Slack deactivates is unlinked too.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

start_fake
fake user U0016 someone.else@example.jp
fake user U0017 tomoko.yamaguchi@example.jp
fake user U0018 ryosuke.mori@example.jp
fake user U0003 -	# Slack shows no email: a missing scope, not a stranger
write_slack_conf
import_roster
now=$(date +%s)
# U0018 was checked an hour ago: not due.
sql "insert into chat_identity (platform, chat_user_id, employee_id, checked_at) values
    ('slack', 'U0016', 'E0016', NULL), ('slack', 'U0017', 'E0017', NULL),
    ('slack', 'U0003', 'E0003', NULL),
    ('slack', 'U0018', 'E0018', $((now - 3600)))"
start_yelld
log=$T/fake.log
wait_for 'unlinked slack U0016 E0016' "$T/yelld.err"
i=0
while [ -z "$(sql "select checked_at from chat_identity where chat_user_id = 'U0017'")" ]; do
	i=$((i + 1)); [ $i -le 100 ] || fail "U0017 checked"; sleep 0.1
done
[ "$(sql "select count(*) from chat_identity where chat_user_id = 'U0016'")" = 0 ] || fail "U0016 unlinked"
[ "$(sql "select count(*) from audit where action = 'identity.unlink' and actor = 'yelld' and detail like 'slack U0016 E0016:%'")" = 1 ] ||
    fail "audited"
sleep 0.5
[ "$(count 'api users.info user=U0018' "$log")" = 0 ] || fail "U0018 is not due"
wait_for 'api users.info user=U0003' "$log"
sleep 0.3
[ "$(sql "select count(*) from chat_identity where chat_user_id = 'U0003'")" = 1 ] ||
    fail "no email shown undoes no link"
expect 'users:read.email' "$T/yelld.err"
stop_yelld

# Deactivated in Slack (the user_change event comes once connected).
sql "update chat_identity set checked_at = NULL where chat_user_id = 'U0018'"
fake 'profile U0018 deleted'
start_yelld
wait_for 'unlinked slack U0018 E0018: the account is no person of ours' "$T/yelld.err"
stop_yelld
check_secrets
echo ok
