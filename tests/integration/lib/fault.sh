# Shared by the fault tests (fault_*.sh): restarting the fake Slack on the
# same port and waiting longer than wait_for does.  Source it after
# slack.sh.

# wait_secs SECS TEXT FILE: like wait_for, for up to SECS seconds.
wait_secs() {
	i=0
	while ! grep -qF -- "$2" "$3" 2>/dev/null; do
		i=$((i + 1))
		[ $i -le $(($1 * 10)) ] || fail "timed out after $1 s waiting for \"$2\" in $3"
		sleep 0.1
	done
}

# restart_fake N [options]: stops the fake (its log kept as fakeN.log) and
# starts a new one on the same port, with the demo users and envelope and
# event ids of its own (from N * 100000), as a restarted Slack would.
restart_fake() {
	port=$FAKE_PORT
	n=$1
	shift
	stop_fake "$n"
	start_fake --port "$port" --id-base $((n * 100000)) "$@"
	[ "$FAKE_PORT" = "$port" ] || fail "the fake came back on $FAKE_PORT, not $port"
	fake_users
}

# imessages TEXT: how many I-messages hold TEXT.
imessages() {
	sql "SELECT count(*) FROM imessage WHERE body LIKE '%$1%'"
}

# alive: yelld is still running.
alive() {
	kill -0 "$YELLD_PID" 2>/dev/null || fail "yelld is gone"
}
