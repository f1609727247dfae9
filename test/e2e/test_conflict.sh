#!/bin/sh
# Two people, one record: the second to save sees both versions and chooses;
# nothing is overwritten silently. Then the audit screen shows who did what.
E2E_NAME=conf
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size
DB=$T/c.db
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }

# A failure here is told, with what socds said (it was once seen only as "exit 1").
s init --unit 00070 --db "$T/c.db" >"$T/init.out" 2>&1 ||
	{ echo "Bail out! socds init failed: $(cat "$T/init.out")"; exit 1; }
printf 'full_name,birth_year\nPhan Thị Xung Đột,1980\n' >"$T/one.csv"
s import "$T/one.csv" --kind staff --db "$T/c.db" >"$T/import.out" 2>&1 ||
	{ echo "Bail out! socds import failed: $(cat "$T/import.out")"; exit 1; }
start "$DB"
keys 1
ok "the staff list" see "Phan Thị Xung Đột"
keys Enter
ok "the form opens" see "1980"
keys Tab Tab C-u
typ 1991
# Meanwhile another officer saves the same record.
sq "UPDATE staff SET birth_year = 1970, version = version + 1, updated_at = '2026-01-01T00:00:00Z'"
keys F2
ok "saving shows the conflict" see "1991 | 1970"
ok "... and the choices" see "Giữ bản của tôi"
keys Enter
ok "keep mine: saved over theirs" db_is "SELECT birth_year || ',' || version FROM staff" "1991,3"
keys Enter
see "1991" >/dev/null
keys Tab Tab C-u
typ 1992
sq "UPDATE staff SET birth_year = 1975, version = version + 1"
keys F2
ok "a second conflict" see "1992 | 1975"
keys Down Enter
ok "take theirs: the form shows their value" see "1975"
ok "take theirs: nothing of mine written" db_is "SELECT birth_year FROM staff" 1975
keys Escape Escape
see " a  " >/dev/null
keys a
ok "the audit screen lists the update" see "update"
ok "... with the account" see "$(id -un)"
keys F4
ok "filter menu" see "Bỏ bộ lọc"
keys Down Enter
ok "filtered to the selected record" see "Phan Thị Xung Đột"
keys F10 q
ok "quits cleanly" see "EXITED rc=0"
done_testing
