#!/bin/sh
# The import screen with many bad rows (issue 11, point 5): the dry run's box
# shows the first problems that fit, then "... and N more", then the counts,
# all within an 80x24 terminal; nothing is written.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init impprob
SOCK=socds-impprob-$$
tm() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 tmux -u -L "$SOCK" -f /dev/null "$@"; }
TAP_CLEANUP='tm kill-server 2>/dev/null'
TAP_ON_FAIL='tm capture-pane -p 2>/dev/null | sed "s/^/# |/"'
see() {	# see TEXT: the screen shows TEXT within 5 s
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
keys() { tm send-keys "$@"; }
typ() { tm send-keys -l "$1"; }
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }

s init --unit 21853 --db "$T/b.db" >/dev/null || exit 1
# 150 villages, each with more households than the form allows.
{ echo "name,households"; i=1; while [ $i -le 150 ]; do echo "Thôn $i,999999"; i=$((i + 1)); done; } >"$T/bad.csv"
cd "$T" || exit 1
tm new-session -d -x 80 -y 24 -c "$T" "TERM=tmux-256color '$SOCDS' --db '$T/b.db'; echo EXITED rc=\$?; sleep 30"
ok "home shows data exchange as item 7" see " 7  "
keys 7
see "1  " >/dev/null
keys 4
ok "asks for the file" see "CSV"
typ "$T/bad.csv"
keys Enter
ok "asks which records" see "Thôn, tổ dân phố"
keys Down Down Down Enter
ok "preview maps the columns" see "->"
keys Enter
# The box holds 17 lines at 24 rows: 15 problems, how many more, the counts.
ok "dry run shows the first problem" see "x 2: "
ok "dry run shows the 15th problem" see "x 16: "
ok "and not the 16th" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 tmux -u -L '$SOCK' -f /dev/null capture-pane -p | grep -qF 'x 17: '"
ok "then how many more, on screen" see "135"
ok "and the counts, on screen" see "150"
ok "nothing written" test "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM village')" = 0
keys Enter
keys Escape Escape
done_testing
