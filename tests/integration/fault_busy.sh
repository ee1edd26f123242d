# SQLite busy: another process holds the write lock for 8 s (longer than
# yelld's 5 s of waiting) while I-messages come in, and an operator's
# yellctl writes meanwhile.  Nothing is acked while nothing can be
# committed; yelld says the database is locked and stays up; once the lock
# is gone the redelivered envelopes are stored, each once, and delivered.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"
. "$(dirname "$0")/lib/fault.sh"

command -v sqlite3 >/dev/null 2>&1 || skip "the sqlite3 shell is needed to hold the lock"
start_fake --ack-timeout-ms 2000 --retries 10
fake_users
write_slack_conf 'connections = 1'
import_roster
start_yelld
log=$T/fake.log
fake dm U0017 imessage '<@U0016>' 鍵の前
wait_for '鍵の前' "$log"
wait_match '^ack [0-9]+ env-1 ' "$log"	# before the lock, however slow
acks=$(grep -c '^ack ' "$log")

# The holder: BEGIN IMMEDIATE takes the write lock until COMMIT.
{ printf 'BEGIN IMMEDIATE;\nINSERT INTO audit_probe SELECT 1 WHERE 0;\n'; sleep 8; printf 'COMMIT;\n'; } |
    sqlite3 -cmd 'CREATE TABLE IF NOT EXISTS audit_probe (x)' "$DB" >"$T/holder.out" 2>&1 &
HOLDER=$!
sleep 0.5
fake burst 3 100 U0017 'imessage <@U0016> 鍵の間'
# An operator's write while the lock is held: it waits or says why.
"$YELLCTL" -c "$CONF" staff import "$YELL_SOURCE_DIR/config/demo/roster.csv" \
    >"$T/yellctl.out" 2>"$T/yellctl.err" &
CTL=$!
sleep 6
alive
[ "$(grep -c '^ack ' "$log")" = "$acks" ] || fail "an ack while the database was locked"
[ "$(imessages 鍵の間)" = 0 ] || fail "stored while locked"
wait "$HOLDER" || fail "the lock holder failed: $(cat "$T/holder.out")"
ctl=0
wait "$CTL" || ctl=$?
[ "$ctl" = 0 ] || grep -q -i -e locked -e busy "$T/yellctl.err" ||
    fail "yellctl failed without saying why: $(cat "$T/yellctl.err")"
grep -q -i -e locked -e busy "$T/yelld.err" || fail "yelld did not say the database was locked"
i=0
while [ "$(imessages 鍵の間)" -lt 3 ]; do
	i=$((i + 1))
	[ $i -le 300 ] || fail "3 I-messages after the lock (have $(imessages 鍵の間))"
	sleep 0.1
done
n=1
while [ $n -le 3 ]; do
	[ "$(imessages "鍵の間 $n")" = 1 ] || fail "message $n stored $(imessages "鍵の間 $n") times"
	wait_for "\"text\":\"鍵の間 $n\"" "$log"
	n=$((n + 1))
done
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
stop_yelld
check_secrets
echo ok
