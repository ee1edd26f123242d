# The console's own commands answer in the language of the person typing:
# after "settings language en", /who and /time speak English (dates too);
# another person, and the same one back in Japanese, get Japanese.
. "$(dirname "$0")/lib/common.sh"

write_conf all
export YELL_NOW="2024-07-10 09:00"
import_roster
cat >"$T/script" <<'SCRIPT'
settings language en
/who
/time 2024-07-11 10:00
/as E0017
/who
/as E0016
settings language ja
/who
SCRIPT
"$YELLD" -c "$CONF" --as E0016 <"$T/script" >"$T/lang.out" 2>"$T/lang.err" ||
    fail "yelld exited with $?"
expect "You are typing as 清水 剛 (E0016)." "$T/lang.out"
expect "The time is now Thu 11 Jul 2024 10:00" "$T/lang.out"
[ "$(grep -c 'として入力しています' "$T/lang.out")" = 2 ] ||
    fail "E0017 and E0016 in Japanese again"
echo ok
