# The console on a terminal, typed as a person would (tmux): the Up arrow
# brings back the last line to send again, and after Ctrl-D the shell's
# next output starts on a line of its own, not after the prompt.
. "$(dirname "$0")/lib/common.sh"

command -v tmux >/dev/null || fail "tmux is missing (scripts/deps.sh installs it)"
write_conf all
import_roster
sock=$T/tmux.sock
tm() { tmux -S "$sock" "$@"; }
screen() { tm capture-pane -p -t yell -S -200; }
until_screen() {	# until_screen TEXT: up to 10 s
	i=0
	while ! screen | grep -qF -- "$1"; do
		i=$((i + 1)); [ $i -le 100 ] || { screen >&2; fail "no \"$1\" on the screen"; }
		sleep 0.1
	done
}
trap 'tm kill-server 2>/dev/null || true; keep_logs; rm -rf "$T"' EXIT

tm new-session -d -s yell -x 150 -y 50 \
    "LANG=C.UTF-8 '$YELLD' -c '$CONF' --as E0016 2>'$T/yelld.err'; echo AFTER-EXIT; sleep 30"
until_screen '清水 剛>'
tm send-keys -t yell 'mvv' Enter
until_screen 'ミッション'
n=$(screen | grep -c 'ミッション' || true)
tm send-keys -t yell Up Enter
i=0
while [ "$(screen | grep -c 'ミッション' || true)" -le "$n" ]; do
	i=$((i + 1)); [ $i -le 100 ] || { screen >&2; fail "Up + Enter did not send mvv again"; }
	sleep 0.1
done
if screen | grep -q 'というコマンドはありません'; then screen >&2; fail "an arrow key reached the bot"; fi
tm send-keys -t yell C-d
until_screen 'AFTER-EXIT'
screen | grep -qx 'AFTER-EXIT' || { screen >&2; fail "the prompt stayed on the line after Ctrl-D"; }
echo ok
