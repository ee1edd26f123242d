# systemd/yelld.service is locked down: `systemd-analyze security` rates
# its exposure 2.0 or lower, and it keeps the settings the README names.
. "$(dirname "$0")/lib/common.sh"
not_under_valgrind

unit=$YELL_BUILD_DIR/yelld.service
[ -f "$unit" ] || fail "no $unit (configured from systemd/yelld.service.in)"
for want in Type=notify WatchdogSec= DynamicUser=yes StateDirectory=yell \
    ConfigurationDirectory=yell LoadCredential=slack_app_token: \
    LoadCredential=slack_bot_token: UMask=0077 ProtectSystem=strict \
    NoNewPrivileges=yes MemoryDenyWriteExecute=yes \
    SystemCallFilter=@system-service RestrictAddressFamilies=; do
	grep -q "^$want" "$unit" || fail "the unit has no $want"
done
if ! command -v systemd-analyze >/dev/null; then
	echo "skipped: systemd-analyze is not installed (package systemd)"
	exit 0
fi
systemd-analyze security --offline=yes "$unit" >"$T/security.out" 2>&1 ||
    fail "systemd-analyze security"
score=$(sed -n 's/.*Overall exposure level for yelld.service: \([0-9.]*\).*/\1/p' "$T/security.out")
[ -n "$score" ] || fail "no exposure level"
awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }' || fail "exposure $score > 2.0"
echo "exposure $score"
echo ok
