#!/bin/sh
# Likely duplicates at entry (issue 16, point 1), in a real terminal (tmux)
# at 80x24: a new staff record whose folded name and year of birth match a
# person already recorded shows a box listing that person with its unit and
# list before anything is saved; Esc goes back to the form and saves nothing,
# F2 saves anyway, a name typed in capitals without tone marks is still found,
# and Enter opens the person found while the new form stays open below.
#
#   sh test/e2e/test_dupes.sh /abs/path/to/socds
E2E_NAME=dupes
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size
DB="$T/c.db"
is() { db_is "$@"; }	# is SQL VALUE: the query gives VALUE within 5 s
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" >>"$T/setup.log" 2>&1; }
F2=$(printf '\033[12~')		# PuTTY's F2

if ! s init --unit 21853 --db "$DB"; then
	echo "Bail out! setup failed: $(cat "$T/setup.log")"
	exit 1
fi

START_SEE=
start "$DB" screen-256color
see "Cán bộ, công chức làm công tác chuyển đổi số" >/dev/null
keys 1
see "Họ và tên" >/dev/null

# new_staff NAME YEAR: a new staff form with the name and year typed, then F2.
new_staff() {
	keys F7
	see "Năm sinh" "thêm mới" >/dev/null
	typ "$1"
	keys Tab Tab
	typ "$2"
	raw F2 "$F2"
}

new_staff 'Nguyễn Thị Hồng Nhung' 1990
ok "the first Nguyễn Thị Hồng Nhung, 1990, is saved without a word" \
    is "SELECT count(*) FROM staff WHERE full_name = 'Nguyễn Thị Hồng Nhung' AND birth_year = 1990" 1
see "!thêm mới" >/dev/null

new_staff 'Nguyễn Thị Hồng Nhung' 1990
ok "again: a box lists the person already recorded" \
    see "Có thể đã có" "Nguyễn Thị Hồng Nhung" "1990" "Cán bộ, 21853 Xã Phù Cát"
ok "... before anything is saved" is "SELECT count(*) FROM staff" 1
keys Escape
ok "Esc goes back to the form, as typed" still "!Có thể đã có" "thêm mới" "Nguyễn Thị Hồng Nhung"
ok "... and saves nothing" is "SELECT count(*) FROM staff" 1

raw F2 "$F2"
see "Có thể đã có" >/dev/null
raw F2 "$F2"
ok "F2 in the box saves anyway" is "SELECT count(*) FROM staff" 2
ok "... and the form closes" see "!Có thể đã có" "!thêm mới"

new_staff 'NGUYEN THI HONG NHUNG' 1990
ok "typed in capitals without tone marks: still found (both)" \
    see "Có thể đã có" "Nguyễn Thị Hồng Nhung" "2 người"
keys Enter
ok "Enter opens the person found" see "!Có thể đã có" "— sửa" "Nguyễn Thị Hồng Nhung"
keys Escape
ok "... and Esc goes back to the new form, nothing typed lost" \
    see "thêm mới" "NGUYEN THI HONG NHUNG"
ok "... nothing more saved" is "SELECT count(*) FROM staff" 2
raw F2 "$F2"
see "Có thể đã có" >/dev/null
keys l
ok "l in the box saves anyway" is "SELECT count(*) FROM staff" 3

# A namesake born another year is another person: saved without a word.
new_staff 'Nguyễn Thị Hồng Nhung' 1975
ok "a namesake born in 1975 is saved without a box" \
    is "SELECT count(*) FROM staff WHERE birth_year = 1975" 1

done_testing
