# The database's disk fills up, and later is read-only, on a small tmpfs
# of its own.  Full: envelopes that cannot be committed are not acked,
# yelld says why and stays up, nothing is corrupted, and once space
# returns the redelivered envelopes are stored, each once.  Read-only:
# yelld refuses to start with a clear error and changes nothing; writable
# again, it starts and has everything.  Needs root for the mount (the
# test says so and is skipped otherwise).
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"
. "$(dirname "$0")/lib/fault.sh"

[ "$(id -u)" = 0 ] || skip "mounting a small tmpfs needs root"
disk=$T/disk
mkdir "$disk"
mount -t tmpfs -o size=8m,mode=0700 tmpfs "$disk" 2>"$T/mount.err" ||
    skip "cannot mount a tmpfs here: $(cat "$T/mount.err")"
trap 'umount "$disk" 2>/dev/null || umount -l "$disk" 2>/dev/null; slack_cleanup' EXIT
DB=$disk/yell.db

start_fake --ack-timeout-ms 1500 --retries 20
fake_users
write_slack_conf 'connections = 1'
import_roster
start_yelld
log=$T/fake.log
fake dm U0017 imessage '<@U0016>' 満杯の前
wait_for '満杯の前' "$log"

# Full: a file takes every block that is left.
dd if=/dev/zero of="$disk/fill" bs=64k 2>/dev/null || true
acks=$(grep -c '^ack ' "$log")
long=$(printf '満杯の間%.0s' $(seq 1 60))
fake burst 5 100 U0017 "imessage <@U0016> $long"
sleep 4
alive
[ "$(grep -c '^ack ' "$log")" = "$acks" ] || fail "an ack while the disk was full"
grep -q -i -e full -e 'disk' "$T/yelld.err" || fail "yelld did not say the disk is full"
rm -f "$disk/fill"
i=0
while [ "$(imessages 満杯の間)" -lt 5 ]; do
	i=$((i + 1))
	[ $i -le 600 ] || fail "5 I-messages once space returned (have $(imessages 満杯の間))"
	sleep 0.1
done
sleep 2
[ "$(imessages 満杯の間)" = 5 ] || fail "stored $(imessages 満杯の間) times, not 5"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after the full disk"
stop_yelld

# Read-only: yelld refuses to start, and says why.
mount -o remount,ro "$disk" || skip "cannot remount the tmpfs read-only"
before=$(cksum <"$DB")
rc=0
"$YELLD" -c "$CONF" >"$T/ro.out" 2>"$T/ro.err" || rc=$?
[ "$rc" != 0 ] || fail "yelld started on a read-only database"
# SQLite's words for it today; naming the read-only file system itself
# would be clearer (the database directory check of yelld -n).
grep -q -i -e read-only -e readonly -e 'unable to open database file' "$T/ro.err" ||
    fail "no word of the read-only disk: $(cat "$T/ro.err")"
[ "$(cksum <"$DB")" = "$before" ] || fail "the database changed"
mount -o remount,rw "$disk"
start_yelld
fake dm U0017 imessage '<@U0016>' 書けるようになって
wait_for '書けるようになって' "$log"
[ "$(imessages 満杯の前)" = 1 ] || fail "the first I-message is gone"
[ "$(sql 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
stop_yelld
check_secrets
echo ok
