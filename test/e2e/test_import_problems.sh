#!/bin/sh
# The import screen with many bad rows (issue 11, point 5): the dry run's box
# shows the first problems that fit, then "... and N more", then the counts,
# all within an 80x24 terminal; nothing is written.
E2E_NAME=impprob
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size

run 0 init --unit 21853 --db "$T/b.db" || exit 1
# 150 villages, each with more households than the form allows.
{ echo "name,households"; i=1; while [ $i -le 150 ]; do echo "Thôn $i,999999"; i=$((i + 1)); done; } >"$T/bad.csv"
cd "$T" || exit 1
start "$T/b.db"
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
ok "and not the 16th" see '!x 17: '
ok "then how many more, on screen" see "135"
ok "and the counts, on screen" see "150"
ok "nothing written" test "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM village')" = 0
keys Enter
keys Escape Escape
done_testing
