#!/bin/sh
# The form screen loses nothing (issue 12): the real binary in tmux at 80x24,
# keys sent as a user types them, the database read back with sqlite3.
#  - a conflict is merged field by field against the version the form opened:
#    what only one side changed is kept without a question (also for a form
#    restored from a draft); only what both changed is asked about, and keep
#    mine / take theirs apply to that field alone;
#  - the counts box: a digit typed on a number replaces it, then appends; the
#    form's limit per category is told;
#  - leaving the note or counts box with changes asks (yes / no / back);
#  - a bad value keeps the focus on Tab, Enter and Down: the correction lands
#    in the same field;
#  - a child form opened from its parent starts on its first empty field.
# Matches are on data and on labels from forms/*.form, and on the Vietnamese
# of the questions (the default language).
set -u
SOCDS=${1:?usage: test_edit.sh /path/to/socds}
case $SOCDS in /*) ;; *) SOCDS=$(pwd)/$SOCDS ;; esac
if ! command -v tmux >/dev/null || ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP tmux and sqlite3 are needed"
	exit 0
fi
unset TMUX TMUX_PANE
T=$(mktemp -d "${TMPDIR:-/tmp}/socds-edit-XXXXXX") || exit 1
SOCK=socds-edit-$$
DB=$T/e.db
tm() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 tmux -u -L "$SOCK" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null; rm -f "/tmp/tmux-$(id -u)/$SOCK"; rm -rf "$T"' EXIT INT TERM
n=0
failed=0
: >"$T/keys"
ok() {
	n=$((n + 1)); d=$1; shift
	if "$@"; then echo "ok $n - $d"
	else
		echo "not ok $n - $d"; failed=$((failed + 1))
		echo "# keys since the test before: $(tr '\n' ' ' <"$T/keys")"
		tm capture-pane -p -t e 2>/dev/null | sed 's/^/# |/'
	fi
	: >"$T/keys"
}
# see TEXT...: every TEXT on the screen (5 s at most); !TEXT: not there;
# @R=TEXT: on row R (-2 is the status line).
holds() {
	case $1 in
	@*) hr=${1#@}; hrow=${hr%%=*}; htxt=${hr#*=}
		[ "$hrow" -lt 0 ] && hrow=$((24 + hrow))
		sed -n "$((hrow + 1))p" "$T/screen" | grep -qF -- "$htxt" ;;
	!*) ! grep -qF -- "${1#!}" "$T/screen" ;;
	*) grep -qF -- "$1" "$T/screen" ;;
	esac
}
see() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t e >"$T/screen" 2>/dev/null
		miss=
		for x in "$@"; do holds "$x" || { miss=$x; break; }; done
		[ -z "$miss" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "# not seen: '$miss'"
	return 1
}
# focus_on LABEL: the cursor is on the row of the form that LABEL starts.
focus_on() {
	i=0
	while [ $i -lt 40 ]; do
		tm capture-pane -p -t e >"$T/screen" 2>/dev/null
		want=$(grep -n "^ $1" "$T/screen" | head -n 1 | cut -d: -f1)
		cy=$(tm display -p -t e '#{cursor_y}')
		[ -n "$want" ] && [ "$cy" -eq $((want - 1)) ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "# the cursor is on row $cy, the label '$1' on row $((${want:-0} - 1))"
	return 1
}
keys() { echo "$*" >>"$T/keys"; tm send-keys -t e "$@"; }
# Raw bytes, as a terminal sends them: Tab, Enter, Esc, arrows, F-keys.
raw() { echo "raw $*" >>"$T/keys"; tm send-keys -t e -l -- "$1"; }
typ() { echo "'$1'" >>"$T/keys"; tm send-keys -t e -l -- "$1"; }
TAB=$(printf '\t')
CR=$(printf '\r')
ESC=$(printf '\033')
DOWN="$ESC[B"
PGDN="$ESC[6~"
BTAB="$ESC[Z"
q() { sqlite3 -batch -cmd '.timeout 5000' "$DB" "$1"; }
db_is() {	# db_is QUERY EXPECTED: waits (5 s at most) for the save to land
	i=0
	while [ $i -lt 100 ]; do
		got=$(q "$1")
		[ "$got" = "$2" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "# $1"
	echo "#   got:      $(printf '%s' "$got" | tr '\n' '/')"
	echo "#   expected: $2"
	return 1
}
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }
# start: socds in a fresh 80x24 window (its pid kept), at the home screen.
start() {
	tm kill-session -t e 2>/dev/null
	rm -f "$T/pid"
	tm new-session -d -s e -x 80 -y 24 \
	    "sh -c 'echo \$\$ >\"$T/pid\"; exec env -i PATH=/usr/bin:/bin HOME=\"$T\" LC_ALL=C.UTF-8 TERM=tmux-256color \"$SOCDS\" --db \"$DB\"'; echo EXITED rc=\$?; sleep 60"
	see "00070"
}
# home: back to the home screen (from a list).
home() {
	keys F10
	see "00070" >/dev/null
}
# open_staff WORDS: from home, the staff list searched, and the one record's form.
open_staff() {
	keys 1
	see "Họ và tên" >/dev/null
	keys /
	typ "$1"
	raw "$CR"
	see "!Thư điện tử" >/dev/null
	raw "$CR"
	see "Thư điện tử"
}
STAFF_ONLY='Thư điện tử'
KEEP_Q='Giữ các thay đổi?'

s init --unit 00070 --db "$DB" >"$T/init.out" 2>&1 ||
	{ echo "Bail out! socds init failed: $(cat "$T/init.out")"; exit 1; }
cat >"$T/staff.csv" <<'EOF'
full_name,birth_year,phone,note
Phan Thị Hợp Nhất,1980,0911111111,Ghi chú cũ
Lý Văn Hai Bên,1981,0911111112,
Đỗ Thị Lấy Về,1982,0911111113,
Vũ Văn Nháp,1983,0911111114,
Trịnh Thị Hộp Ghi,1984,,Ghi chú đầu
EOF
printf 'Tên Tổ\nTổ An Bình\n' >"$T/team.csv"
printf 'Tổ công nghệ số cộng đồng,Ngày thực hiện,Số lượt người dân được hỗ trợ\nTổ An Bình,05/03/2026,Dịch vụ công trực tuyến: 25\n' >"$T/act.csv"
for f in staff team act; do
	kind=$f
	[ $f = act ] && kind=activity
	s import "$T/$f.csv" --kind $kind --db "$DB" >"$T/import.out" 2>&1 ||
		{ echo "Bail out! socds import $f failed: $(cat "$T/import.out")"; exit 1; }
done
tm new-session -d -s keep -x 80 -y 24 'exec sleep 3600' ||
	{ echo "Bail out! cannot start tmux"; exit 1; }

# --- conflicts, field by field ---
start
open_staff "hop nhat"
raw "$PGDN"
raw "$CR"
see "─Ghi chú" >/dev/null
keys C-u
typ 'Ghi chú của tôi'
keys F2
see "@15=Ghi chú của tôi" >/dev/null
# Meanwhile another officer saves a new phone number.
q "UPDATE staff SET phone = '0987654321', version = version + 1 WHERE full_name = 'Phan Thị Hợp Nhất'"
keys F2
ok "only they changed the phone, only I the note: both are saved, no question" \
    db_is "SELECT phone || '|' || note || '|' || version FROM staff WHERE full_name = 'Phan Thị Hợp Nhất'" \
    '0987654321|Ghi chú của tôi|3'
ok "... the status line says both changes are kept" see "giữ cả thay đổi" "!$STAFF_ONLY"
home

# Both changed the phone; only they changed the birth year.
open_staff "hai ben"
raw "$PGDN"
raw "$BTAB"
raw "$BTAB"
keys C-u
typ '0922 222 222'
raw "$PGDN"
raw "$CR"
see "─Ghi chú" >/dev/null
typ 'Ghi chú B'
keys F2
see "@15=Ghi chú B" >/dev/null
q "UPDATE staff SET phone = '0933333333', birth_year = 1970, version = version + 1 WHERE full_name = 'Lý Văn Hai Bên'"
keys F2
ok "both changed the phone: asked, with both values" \
    see "Số điện thoại: 0922222222 | 0933333333" "Giữ bản của tôi cho trường này"
ok "... only that field is asked about (not the birth year only they changed)" \
    see "!1981 | 1970" "!Ghi chú B |"
raw "$CR"
ok "keep mine: my phone and note, their birth year" \
    db_is "SELECT phone || '|' || birth_year || '|' || note || '|' || version FROM staff WHERE full_name = 'Lý Văn Hai Bên'" \
    '0922222222|1970|Ghi chú B|3'
home

open_staff "lay ve"
raw "$PGDN"
raw "$BTAB"
raw "$BTAB"
keys C-u
typ 0944444444
raw "$PGDN"
raw "$CR"
see "─Ghi chú" >/dev/null
typ 'Ghi chú C'
keys F2
see "@15=Ghi chú C" >/dev/null
q "UPDATE staff SET phone = '0955555555', version = version + 1 WHERE full_name = 'Đỗ Thị Lấy Về'"
keys F2
ok "a second conflict on the phone asks" see "Số điện thoại: 0944444444 | 0955555555"
raw "$DOWN"
raw "$CR"
ok "take theirs: their phone, and my note (only I changed it) still saved" \
    db_is "SELECT phone || '|' || note || '|' || version FROM staff WHERE full_name = 'Đỗ Thị Lấy Về'" \
    '0955555555|Ghi chú C|3'
home

# A form kept as a draft (the terminal hung up), then someone else saves:
# the restored form merges against the version the typing started from.
open_staff "vu van nhap"
raw "$PGDN"
raw "$CR"
see "─Ghi chú" >/dev/null
typ 'Ghi chú nháp'
keys F2
see "@15=Ghi chú nháp" >/dev/null
kill -HUP "$(cat "$T/pid")"
see "EXITED" >/dev/null
ok "hang-up: the draft is kept" db_is "SELECT count(*) FROM draft WHERE fields LIKE '%Ghi chú nháp%'" 1
q "UPDATE staff SET phone = '0966666666', version = version + 1 WHERE full_name = 'Vũ Văn Nháp'"
start
see "(c = " >/dev/null
keys c
see "@15=Ghi chú nháp" >/dev/null
keys F2
ok "the restored draft saves their phone and my note, no question" \
    db_is "SELECT phone || '|' || note || '|' || version FROM staff WHERE full_name = 'Vũ Văn Nháp'" \
    '0966666666|Ghi chú nháp|3'
ok "... and the draft is gone" db_is "SELECT count(*) FROM draft" 0
see "!$STAFF_ONLY" "00070" >/dev/null

# --- the counts box ---
keys 6
see "05/03/2026" >/dev/null
raw "$CR"
see "Số lượt người dân được hỗ trợ" >/dev/null
raw "$PGDN"
raw "$CR"
ok "the counts box shows 25" see "─Số lượt người dân" "Chữ ký số" "25"
typ 30
ok "typing 30 on 25 replaces it: 30, not 2530" see "!2530" "!25 " "30"
typ 5
ok "... the next digit appends: 305" see "305"
raw "$DOWN"
typ 1000001
ok "over the form's limit: the message names the category and the limit" \
    see "@-2=tối đa 100000" "@-2=VNeID"
ok "... the number stays within it" see "100000" "!1000001"
raw "$ESC"
ok "Esc with changes asks: keep the changes?" see "$KEEP_Q" "Quay lại sửa tiếp"
raw "$DOWN"
raw "$DOWN"
raw "$CR"
ok "back: the box, with the typed numbers" see "!$KEEP_Q" "─Số lượt người dân" "305" "100000"
raw "$ESC"
see "$KEEP_Q" >/dev/null
raw "$CR"
ok "yes: the form shows the kept counts" see "!$KEEP_Q" "!─Số lượt người dân" "Dịch vụ công trực tuyến: 305"
raw "$CR"
see "─Số lượt người dân" >/dev/null
typ 7
raw "$ESC"
see "$KEEP_Q" >/dev/null
raw "$DOWN"
raw "$CR"
ok "no: the typed 7 is thrown away" see "!$KEEP_Q" "!─Số lượt người dân" "Dịch vụ công trực tuyến: 305"
raw "$CR"
see "─Số lượt người dân" >/dev/null
raw "$ESC"
ok "Esc without changes leaves at once" see "!$KEEP_Q" "!─Số lượt người dân"
keys F2
ok "saved: 305 and 100000" \
    db_is "SELECT group_concat(category || '=' || count, ';') FROM (SELECT * FROM activity_help ORDER BY category)" \
    'online_public_services=305;vneid=100000'
printf 'Tổ công nghệ số cộng đồng,Ngày thực hiện,Số lượt người dân được hỗ trợ\nTổ An Bình,06/03/2026,VNeID: 100001\n' >"$T/big.csv"
s import "$T/big.csv" --kind activity --db "$DB" >"$T/big.out" 2>&1
ok "an import over the limit is refused by the same rule" \
    sh -c "grep -q '100001' '$T/big.out' && [ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM activity')\" = 1 ]"
home

# --- the note box asks too ---
open_staff "hop ghi"
raw "$PGDN"
raw "$CR"
see "─Ghi chú" >/dev/null
typ ' thêm'
keys F10
ok "F10 in the note box with changes asks" see "$KEEP_Q"
raw "$DOWN"
raw "$CR"
ok "no: the note is as it was" see "!$KEEP_Q" "!─Ghi chú" "@15=Ghi chú đầu" "!thêm"
raw "$CR"
see "─Ghi chú" >/dev/null
typ ' thêm'
raw "$ESC"
see "$KEEP_Q" >/dev/null
raw "$CR"
ok "yes: the form shows the changed note" see "!─Ghi chú" "@15=Ghi chú đầu thêm"
keys F2
ok "... and it is saved" db_is "SELECT note FROM staff WHERE full_name = 'Trịnh Thị Hộp Ghi'" 'Ghi chú đầu thêm'
see "!$STAFF_ONLY" >/dev/null

# --- a bad value keeps the focus ---
keys n
see "$STAFF_ONLY" >/dev/null
typ 'Ngô Sửa Sai'
raw "$TAB"
raw "$TAB"
typ 1850
raw "$TAB"
ok "Tab off 1850: the message names Năm sinh" see "@-2=Năm sinh" "@-2=1850"
ok "... and the focus stays on Năm sinh" focus_on 'Năm sinh'
keys C-u
typ 1985
raw "$TAB"
ok "corrected, Tab moves on" focus_on 'Chức vụ'
raw "$PGDN"
raw "$BTAB"
raw "$BTAB"
raw "$BTAB"
raw "$BTAB"
raw "$BTAB"
typ 31/02/2026
raw "$CR"
ok "Enter off 31/02/2026: the message names Ngày quyết định" see "@-2=Ngày quyết định" "@-2=31/02/2026"
ok "... and the focus stays on it" focus_on 'Ngày quyết định'
keys C-u
typ 28/02/2026
raw "$TAB"
raw "$TAB"
raw "$TAB"
typ 12ab
raw "$DOWN"
ok "Down off 12ab: the message names Số điện thoại" see "@-2=Số điện thoại" "@-2=12ab"
ok "... and the focus stays on it" focus_on 'Số điện thoại'
keys C-u
typ 0912345678
keys F2
ok "each correction landed in its own field" \
    db_is "SELECT birth_year || '|' || decision_date || '|' || phone || '|' || coalesce(email, '') FROM staff WHERE full_name = 'Ngô Sửa Sai'" \
    '1985|2026-02-28|0912345678|'
see "!$STAFF_ONLY" >/dev/null
home

# --- a child form starts on its first empty field ---
keys 4
see "Tổ An Bình" >/dev/null
keys F5
see "@0=Tổ An Bình" >/dev/null
keys n
ok "a member added from the team starts on Họ và tên" focus_on 'Họ và tên'
typ 'Ngô Văn Mới'
keys F2
ok "... the name typed at once is saved, in that team" \
    db_is "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id WHERE m.full_name = 'Ngô Văn Mới' AND t.name = 'Tổ An Bình'" 1
raw "$ESC"
see "Tên Tổ" >/dev/null
keys F6
see "@0=Tổ An Bình" >/dev/null
keys n
ok "an activity added from the team starts on Ngày thực hiện" focus_on 'Ngày thực hiện'
typ 20/03/2026
keys F2
ok "... the date typed at once is saved" \
    db_is "SELECT count(*) FROM activity a JOIN team t ON t.id = a.team_id WHERE a.held_on = '2026-03-20'" 1
keys C-q
ok "quits cleanly" see "EXITED rc=0"
echo "1..$n"
[ "$failed" -eq 0 ]
