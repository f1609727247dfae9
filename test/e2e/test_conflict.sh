#!/bin/sh
# Two people, one record: the second to save sees both versions and chooses;
# nothing is overwritten silently. Then the audit screen shows who did what.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init conf
SOCK=socds-conf-$$
tm() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 tmux -u -L "$SOCK" -f /dev/null "$@"; }
TAP_CLEANUP='tm kill-server 2>/dev/null; rm -f "/tmp/tmux-$(id -u)/$SOCK"'
TAP_ON_FAIL='tm capture-pane -p 2>/dev/null | sed "s/^/# |/"'
see() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p 2>/dev/null | grep -qF -- "$1" && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
keys() { tm send-keys "$@"; }
typ() { tm send-keys -l "$1"; }
q() { sqlite3 -cmd '.timeout 5000' "$T/c.db" "$1"; }
# Waits (5 s at most) for query $1 to give $2: the screen saves after the
# key is sent, not before the next line of this script runs.
db_is() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(q "$1")" = "$2" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	return 1
}
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }

# A failure here is told, with what socds said (it was once seen only as "exit 1").
s init --unit 00070 --db "$T/c.db" >"$T/init.out" 2>&1 ||
	{ echo "Bail out! socds init failed: $(cat "$T/init.out")"; exit 1; }
printf 'full_name,birth_year\nPhan Thị Xung Đột,1980\n' >"$T/one.csv"
s import "$T/one.csv" --kind staff --db "$T/c.db" >"$T/import.out" 2>&1 ||
	{ echo "Bail out! socds import failed: $(cat "$T/import.out")"; exit 1; }
tm new-session -d -x 80 -y 24 "TERM=tmux-256color '$SOCDS' --db '$T/c.db'; echo EXITED rc=\$?; sleep 30"
see " 1  " >/dev/null
keys 1
ok "the staff list" see "Phan Thị Xung Đột"
keys Enter
ok "the form opens" see "1980"
keys Tab Tab C-u
typ 1991
# Meanwhile another officer saves the same record.
q "UPDATE staff SET birth_year = 1970, version = version + 1, updated_at = '2026-01-01T00:00:00Z'"
keys F2
ok "saving shows the conflict" see "1991 | 1970"
ok "... and the choices" see "Giữ bản của tôi"
keys Enter
ok "keep mine: saved over theirs" db_is "SELECT birth_year || ',' || version FROM staff" "1991,3"
keys Enter
see "1991" >/dev/null
keys Tab Tab C-u
typ 1992
q "UPDATE staff SET birth_year = 1975, version = version + 1"
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
