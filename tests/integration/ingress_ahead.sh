# First contacts in a burst: while the head of the queue waits for its
# lookup, the users of the requests behind it are looked up ahead.  Every
# request is acked and runs in the order it came, each chat user is
# looked up once, and all are linked; with the platform rate-limiting the
# lookups, nothing is lost either.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

USERS=40
start_fake
fake load users "$USERS"
# One connection: the order two connections' envelopes arrive in is
# the sockets', not the sender's.
write_slack_conf 'connections = 1'
sh "$YELL_SOURCE_DIR/tests/fakes/load_roster.sh" "$USERS" >"$T/roster.csv"
"$YELLCTL" -c "$CONF" staff import "$T/roster.csv" >/dev/null ||
    fail "roster import"
start_yelld
log=$T/fake.log

# burst FROM TO: one I-message from UB<FROM> to UB<TO> per pair, n-th
# numbered, sent in one go; the expected order in $T/order.
burst() {
	n=0
	: >"$T/order"
	while [ $# -ge 2 ]; do
		n=$((n + 1))
		printf 'dm UB%04d imessage <@UB%04d> 順番 %d\n' "$1" "$2" $n
		printf '%d\n' $n >>"$T/order"
		shift 2
	done >"$T/burst"
	cat "$T/burst" >&7
}

# wait_imessages N: until N I-messages are stored, 15 s at most.
wait_imessages() {
	i=0
	while [ "$(sql 'select count(*) from imessage')" != "$1" ]; do
		i=$((i + 1))
		[ $i -le 150 ] || fail "$1 I-messages (have $(sql 'select count(*) from imessage'))"
		sleep 0.1
	done
}

# Twenty unknown senders, each to an unknown recipient, and sender 1 four
# times in between: 24 requests and 40 users, none linked yet.
set --
i=1
while [ $i -le 20 ]; do
	set -- "$@" $i $((i + 20))
	[ $((i % 5)) -ne 0 ] || set -- "$@" 1 21
	i=$((i + 1))
done
burst "$@"
# Each I-message is two DMs (the recipient's, the sender's confirmation),
# which may go out before the requests behind them have run.
wait_imessages 24
[ "$(sql "select group_concat(substr(body, 4), ',') from (select body from imessage order by id)")" = \
    "$(paste -sd, "$T/order")" ] || fail "run in the order they came: $(sql 'select body from imessage order by id' | tr '\n' ' ')"
[ "$(sql "select count(*) from chat_identity where platform = 'slack'")" = 40 ] ||
    fail "all 40 linked"
for u in UB0001 UB0021 UB0013 UB0040; do
	[ "$(count "users.info user=$u" "$log")" = 1 ] ||
	    fail "$u looked up once (have $(count "users.info user=$u" "$log"))"
done
[ "$(count 'api users.info' "$log")" = 40 ] ||
    fail "40 lookups (have $(count 'api users.info' "$log"))"

# The same with the lookups rate-limited (three 429s with Retry-After 1):
# nothing is dropped, every request waits until it can run.
sql "delete from chat_identity"
stop_yelld
start_yelld
fake ratelimit users.info 3 1
set --
i=1
while [ $i -le 10 ]; do
	set -- "$@" $i $((i + 20))
	i=$((i + 1))
done
burst "$@"
wait_imessages 34
[ "$(sql "select count(*) from chat_identity where platform = 'slack'")" = 20 ] ||
    fail "the 20 linked again"
[ "$(count 'rate limited' "$T/yelld.err")" -ge 1 ] ||
    fail "the lookups were rate-limited"
grep -q 'not acked' "$T/yelld.err" && fail "a request was not acked"
stop_yelld
echo ok
