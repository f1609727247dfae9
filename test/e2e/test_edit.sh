#!/bin/sh
# The form screen loses nothing (issue 12, point 3, and point 6's child
# forms): the real binary in tmux at 80x24, keys sent as a user types them.
# Changes "from outside" are made by a second socds on the same database in
# a second tmux session (another officer); sqlite3 only reads.
#  - a conflict is merged field by field against the version the form opened:
#    what only one side changed is kept without a question (also for a form
#    restored from a draft); only what both changed is asked about, one field
#    at a time, and keep mine / take theirs apply to that field alone (the
#    issue's bug: their new phone number was stored empty on "keep mine");
#  - the counts box: a digit typed on a number replaces it, then appends; the
#    form's limit per category (100000) is told and the value not taken;
#    letters go to the category with a word starting with them;
#  - Tab in the note box keeps the note and moves on to the next field;
#  - leaving the note or counts box with changes (F10 or Esc) asks: yes keeps,
#    no throws away, back returns to the box; without changes it leaves;
#  - a bad value keeps the focus on Tab, Enter and Down: the correction lands
#    in the same field;
#  - a child form opened from its parent starts on its first empty field.
# Matches are on data and on labels from forms/*.form, and on the Vietnamese
# of the questions (the default language).
E2E_NAME=edit
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size
DB=$T/e.db
# WIN (tmux.sh): the tmux session keys go to and the screen is read from: e,
# the officer under test; o, another officer running a second socds on the
# same database (a change "from outside" is made the way it happens in an office).
WIN=e
# status_has TEXT...: each TEXT in the message above the key bar. A long
# message wraps over up to three lines: the four rows above the key bar are
# joined with spaces, so that a phrase wrapped at a space still matches.
status_has() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t "$WIN" 2>/dev/null | sed -n '20,23p' |
		    sed 's/^ *//; s/ *$//' | tr '\n' ' ' >"$T/screen"
		miss=
		for x in "$@"; do holds "$x" || { miss=$x; break; }; done
		[ -z "$miss" ] && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "# not in the message: '$miss' (it reads: $(cat "$T/screen"))"
	return 1
}
# A sanitizer build's options reach socds (env -i would drop them), and its
# reports go to files $T/san.PID, read at the end (a socds under tmux has no
# stderr to read). Other builds ignore these variables.
SANENV="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=$T/san UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=$T/san"
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 $SANENV "$SOCDS" "$@"; }
# start [SESSION]: socds in a fresh 80x24 window (its pid kept in
# $T/pid.SESSION, and how it ended appended to $T/exits), at the home screen.
# SESSION: e (default) or o.
start() {
	ss=${1:-e}
	tm kill-session -t "$ss" 2>/dev/null
	rm -f "$T/pid.$ss"
	tm new-session -d -s "$ss" -x 80 -y 24 \
	    "sh -c 'echo \$\$ >\"$T/pid.$ss\"; exec env -i PATH=/usr/bin:/bin HOME=\"$T\" LC_ALL=C.UTF-8 $SANENV TERM=tmux-256color \"$SOCDS\" --db \"$DB\"'; rc=\$?; echo \"$ss \$rc\" >>\"$T/exits\"; echo EXITED rc=\$rc; sleep 60"
	oldw=$WIN; WIN=$ss
	see "00070"; rc=$?
	WIN=$oldw
	return $rc
}
# fresh [SESSION]: socds in SESSION (default e) ended (as when a terminal
# closes) and started again at the home screen, any unsaved form thrown
# away: what a failed check left on the screen does not spoil the next part.
fresh() {
	ss=${1:-e}
	if [ -f "$T/pid.$ss" ] && kill -HUP "$(cat "$T/pid.$ss")" 2>/dev/null; then
		oldw=$WIN; WIN=$ss
		see "EXITED" >/dev/null
		WIN=$oldw
	fi
	start "$ss" || return 1
	sleep 0.2
	if tm capture-pane -p -t "$ss" | grep -qF "(c = "; then
		tm send-keys -t "$ss" k
		sleep 0.2
		tm send-keys -t "$ss" c
	fi
	oldw=$WIN; WIN=$ss
	see "!(c = " "00070" >/dev/null
	WIN=$oldw
}
# box_has LABEL NUMBER: the counts box's row of LABEL holds NUMBER.
box_has() {
	i=0
	while [ $i -lt 100 ]; do
		tm capture-pane -p -t "$WIN" | grep -F "│ $1" | sed 's/  */ /g' >"$T/row"
		grep -qF -- "│ $1 $2 │" "$T/row" && return 0
		sleep 0.05; i=$((i + 1))
	done
	echo "# the row of '$1' in the box: $(cat "$T/row")"
	return 1
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
	keys Enter
	see "!Thư điện tử" >/dev/null
	keys Enter
	see "Thư điện tử"
}
# The staff form ends with the note, then the two in-post dates (in post
# from, until): NOTE goes from anywhere to the note.
NOTE='NPage BTab BTab'
# In the staff form, from anywhere: the note box open.
note_box() { keys $NOTE Enter; see "─Ghi chú" >/dev/null; }
# From anywhere in the staff form: the phone, the birth year.
PHONE="$NOTE BTab BTab C-u"
BIRTH='PPage Tab Tab C-u'
STAFF_ONLY='Thư điện tử'
KEEP_Q='Giữ các thay đổi?'
ASK='Giữ bản của tôi cho trường này'

s init --unit 00070 --db "$DB" >"$T/init.out" 2>&1 ||
	{ echo "Bail out! socds init failed: $(cat "$T/init.out")"; exit 1; }
cat >"$T/staff.csv" <<'EOF'
full_name,birth_year,phone,note
Phan Thị Hợp Nhất,1980,0911111111,Ghi chú cũ
Lý Văn Hai Bên,1981,,
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

# --- conflicts, field by field ---
start e || { echo "Bail out! socds does not start"; exit 1; }
start o || { echo "Bail out! a second socds does not start"; exit 1; }

# I change the note; meanwhile the other officer saves a new phone number.
open_staff "hop nhat"
note_box
keys C-u
typ 'Ghi chú của tôi'
keys F2
see "@13=Ghi chú của tôi" >/dev/null
WIN=o
open_staff "hop nhat"
keys $PHONE
typ 0987654321
keys F2
ok "the other officer saves a new phone" \
    db_is "SELECT phone || '|' || version FROM staff WHERE full_name = 'Phan Thị Hợp Nhất'" '0987654321|2'
home
WIN=e
keys F2
ok "only they changed the phone, only I the note: both are saved" \
    db_is "SELECT phone || '|' || note || '|' || version FROM staff WHERE full_name = 'Phan Thị Hợp Nhất'" \
    '0987654321|Ghi chú của tôi|3'
ok "... nothing asked, the form closed" see "!$ASK" "!$STAFF_ONLY" "Phan Thị Hợp Nhất"
ok "... the message says both changes are kept" status_has "giữ cả thay đổi của họ và của bạn"
home

fresh e; fresh o
# The issue's case: they give the person a phone number (there was none)
# and a birth year; I change the birth year and the note. Only the birth
# year is asked about; "keep mine" keeps their new phone.
open_staff "hai ben"
keys $BIRTH
typ 1991
note_box
typ 'Ghi chú B'
keys F2
see "@13=Ghi chú B" >/dev/null
WIN=o
open_staff "hai ben"
keys $BIRTH
typ 1970
keys $PHONE
typ 0933333333
keys F2
ok "the other officer saves a phone and a birth year" \
    db_is "SELECT coalesce(phone, '') || '|' || birth_year FROM staff WHERE full_name = 'Lý Văn Hai Bên'" '0933333333|1970'
home
WIN=e
keys F2
ok "both changed the birth year: asked, with both values" see "Năm sinh: 1991 | 1970" "$ASK"
ok "... only that field is asked (not their phone, not my note)" see "!0933333333" "!Ghi chú B |" "!(1/"
ok "... and told that the two fields one side changed are kept" see "Chỉ một bên thay đổi, đã giữ lại: 2 trường."
keys Enter
ok "keep mine: my birth year and note, their new phone (not emptied)" \
    db_is "SELECT birth_year || '|' || coalesce(phone, '') || '|' || note || '|' || version FROM staff WHERE full_name = 'Lý Văn Hai Bên'" \
    '1991|0933333333|Ghi chú B|3'
ok "... the message says so" status_has "theo lựa chọn của bạn" "chỉ một bên sửa được giữ"
home

fresh e; fresh o
# Both change the birth year and the phone; I also the note. Asked one
# field at a time; "back" saves nothing; each answer is for its field alone.
open_staff "lay ve"
keys $BIRTH
typ 1992
keys $PHONE
typ 0944444444
# A letter on the note field opens its box with it; Tab keeps the note and
# goes on to the next field (one key, not F2 and Tab: issue 16).
keys $NOTE
typ 'Ghi chú C'
see "─Ghi chú" "Tab Sang ô sau" >/dev/null
keys Tab
ok "Tab in the note box keeps the note and moves on to the next field" \
    see "!─Ghi chú" "@13=Ghi chú C"
ok "... the focus on the field after the note" focus_on "Làm nhiệm vụ từ ngày"
WIN=o
open_staff "lay ve"
keys $BIRTH
typ 1972
keys $PHONE
typ 0955555555
keys F2
ok "the other officer saves a phone and a birth year" \
    db_is "SELECT phone || '|' || birth_year FROM staff WHERE full_name = 'Đỗ Thị Lấy Về'" '0955555555|1972'
home
WIN=e
keys F2
ok "two fields both changed: the first asked (1 of 2)" see "(1/2)" "Năm sinh: 1992 | 1972"
keys Down Down Enter
ok "back to my form: the form as I left it" \
    see "!(1/2)" "$STAFF_ONLY" "@13=Ghi chú C" "0944444444" "1992"
ok "... nothing saved: the database holds their version" \
    db_is "SELECT phone || '|' || birth_year || '|' || coalesce(note, '') || '|' || version FROM staff WHERE full_name = 'Đỗ Thị Lấy Về'" \
    '0955555555|1972||2'
keys F2
see "(1/2)" >/dev/null
keys Enter
ok "keep mine for Năm sinh, then the phone is asked (2 of 2)" \
    see "(2/2)" "Số điện thoại: 0944444444 | 0955555555"
keys Down Enter
ok "take theirs for the phone: my birth year, their phone, my note" \
    db_is "SELECT birth_year || '|' || phone || '|' || note || '|' || version FROM staff WHERE full_name = 'Đỗ Thị Lấy Về'" \
    '1992|0955555555|Ghi chú C|3'
home

fresh e; fresh o
# A form kept as a draft (the terminal hung up), then someone else saves:
# the restored form merges against the version the typing started from.
open_staff "vu van nhap"
note_box
typ 'Ghi chú nháp'
keys F2
see "@13=Ghi chú nháp" >/dev/null
kill -HUP "$(cat "$T/pid.e")"
see "EXITED" >/dev/null
ok "hang-up: the draft is kept" db_is "SELECT count(*) FROM draft WHERE fields LIKE '%Ghi chú nháp%'" 1
WIN=o
open_staff "vu van nhap"
keys $PHONE
typ 0966666666
keys F2
ok "the other officer saves a phone meanwhile" \
    db_is "SELECT phone FROM staff WHERE full_name = 'Vũ Văn Nháp'" '0966666666'
home
keys C-q
WIN=e
start
see "(c = " >/dev/null
keys c
see "@13=Ghi chú nháp" >/dev/null
keys F2
ok "the restored draft saves their phone and my note, no question" \
    db_is "SELECT phone || '|' || note || '|' || version FROM staff WHERE full_name = 'Vũ Văn Nháp'" \
    '0966666666|Ghi chú nháp|3'
ok "... and the draft is gone" db_is "SELECT count(*) FROM draft" 0
see "!$ASK" "!$STAFF_ONLY" "00070" >/dev/null

# --- the counts box ---
fresh e
DVC='Dịch vụ công trực tuyến'
VNEID='Kích hoạt, sử dụng VNeID (định danh điện tử mức 2)'
keys 6
see "05/03/2026" >/dev/null
keys Enter
see "Số lượt người dân được hỗ trợ" >/dev/null
keys NPage
keys Enter
ok "the counts box shows 25" box_has "$DVC" 25
keys F1
ok "F1 in the counts box: its help, which tells how typing works" see "chữ số đầu tiên"
keys Escape
see "!chữ số đầu tiên" >/dev/null
ok "... Esc: back in the box, unchanged" box_has "$DVC" 25
typ 30
ok "typing 30 on 25 replaces it: 30, not 2530" box_has "$DVC" 30
typ 5
ok "... the next digit appends: 305" box_has "$DVC" 305
keys Down
typ 1000001
ok "over the form's limit: the message names the category and the limit" \
    status_has "VNeID" "tối đa 100000 (giới hạn cho một nội dung)"
ok "... the number stays within it" box_has "$VNEID" 100000
keys Escape
ok "Esc with changes asks: keep the changes?" see "$KEEP_Q" "Quay lại sửa tiếp"
keys Down
keys Down
keys Enter
ok "back: the box, with the typed numbers" see "!$KEEP_Q" "─Số lượt người dân"
ok "... 305" box_has "$DVC" 305
ok "... and 100000" box_has "$VNEID" 100000
keys Escape
see "$KEEP_Q" >/dev/null
keys Enter
ok "yes: the form shows the kept counts" see "!$KEEP_Q" "!─Số lượt người dân" "$DVC: 305;"
keys Enter
see "─Số lượt người dân" >/dev/null
typ 7
keys F10
ok "F10 with changes asks too" see "$KEEP_Q"
keys Down
keys Enter
ok "no: the typed 7 is thrown away" see "!$KEEP_Q" "!─Số lượt người dân" "$DVC: 305;"
keys Enter
see "─Số lượt người dân" >/dev/null
keys Escape
ok "Esc without changes leaves at once" see "!$KEEP_Q" "!─Số lượt người dân"
keys Enter
see "─Số lượt người dân" >/dev/null
typ 305
keys F10
ok "... so does F10 when the same number was typed again" see "!$KEEP_Q" "!─Số lượt người dân"
# Letters go to the category with a word starting with them (folded: case,
# diacritics, đ); digits still type the number (issue 16's fewer keys).
# A letter on the form's counts field opens the box with it (no Enter).
typ ky4
ok "letters on the counts field open the box: 'ky' goes to Kỹ năng số, the digit types there" \
    box_has "Kỹ năng số, an toàn trên mạng" 4
typ đô2
ok "... 'đô' to the category with the word đô thị (any word)" \
    box_has "Hướng dẫn sử dụng nền tảng đô thị thông minh, IOC" 2
typ Thanh1
ok "... 'Thanh' (capital, no marks) to Thanh toán không dùng tiền mặt" \
    box_has "Thanh toán không dùng tiền mặt" 1
ok "... and the number typed before stays where it was" box_has "$DVC" 305
keys Escape
see "$KEEP_Q" >/dev/null
keys Down
keys Enter
see "!$KEEP_Q" "!─Số lượt người dân" "$DVC: 305;" >/dev/null
keys F2
# 100000 in one category is above the form's soft warning (many_helped, more
# than 1000): asked once, Enter saves anyway (issue 16).
ok "more than 1000 in one category: the form's warning asks first" \
    see "Đề nghị kiểm tra lại trước khi lưu" "VNeID"
keys Enter
ok "saved: 305 and 100000" \
    db_is "SELECT group_concat(category || '=' || count, ';') FROM (SELECT * FROM activity_help ORDER BY category)" \
    'online_public_services=305;vneid=100000'
printf 'Tổ công nghệ số cộng đồng,Ngày thực hiện,Số lượt người dân được hỗ trợ\nTổ An Bình,06/03/2026,VNeID: 100001\n' >"$T/big.csv"
s import "$T/big.csv" --kind activity --db "$DB" >"$T/big.out" 2>&1
ok "an import over the limit is refused by the same rule" \
    sh -c "grep -q '100001' '$T/big.out' && [ \"\$(sqlite3 '$DB' 'SELECT count(*) FROM activity')\" = 1 ]"
# A hang-up while the box is open: the numbers typed are not lost.
keys Enter
see "Số lượt người dân được hỗ trợ" >/dev/null
keys NPage Enter
see "─Số lượt người dân" >/dev/null
typ 42
box_has "$DVC" 42 >/dev/null
kill -HUP "$(cat "$T/pid.e")"
see "EXITED" >/dev/null
ok "hang-up in the counts box: the typed 42 is kept in the draft" \
    db_is "SELECT count(*) FROM draft WHERE fields LIKE '%online_public_services=42;%'" 1
start
see "(c = " >/dev/null
keys c
ok "... restored on the form" see "$DVC: 42;"
keys F2
ok "... and saved" \
    db_is "SELECT group_concat(category || '=' || count, ';') FROM (SELECT * FROM activity_help ORDER BY category)" \
    'online_public_services=42;vneid=100000'

# --- the note box asks too ---
fresh e
open_staff "hop ghi"
note_box
keys C-g
ok "Ctrl-G (F1) in the note box: its help" see "Esc quay lại, hỏi trước nếu ghi chú" "sang ô sau (Shift-Tab: ô trước)"
keys Escape
ok "... Esc: back in the note box" see "─Ghi chú" "!hỏi trước nếu"
typ ' thêm'
keys F10
ok "F10 in the note box with changes asks" see "$KEEP_Q"
keys Down
keys Enter
ok "no: the note is as it was" see "!$KEEP_Q" "!─Ghi chú" "@13=Ghi chú đầu" "!thêm"
keys Enter
see "─Ghi chú" >/dev/null
typ ' thêm'
keys Escape
ok "Esc in the note box with changes asks" see "$KEEP_Q" "Quay lại sửa tiếp"
keys Down Down Enter
ok "back: the note box, with the typed text" see "!$KEEP_Q" "─Ghi chú" "Ghi chú đầu thêm"
typ '!'
keys Escape
see "$KEEP_Q" >/dev/null
keys Enter
ok "yes: the form shows the changed note" see "!─Ghi chú" "@13=Ghi chú đầu thêm!"
keys F2
ok "... and it is saved" db_is "SELECT note FROM staff WHERE full_name = 'Trịnh Thị Hộp Ghi'" 'Ghi chú đầu thêm!'
see "!$STAFF_ONLY" >/dev/null
keys Enter
see "$STAFF_ONLY" >/dev/null
note_box
keys Escape
ok "Esc in the note box without changes leaves at once" see "!$KEEP_Q" "!─Ghi chú" "@13=Ghi chú đầu thêm!"
# A hang-up while the note box is open: the text typed is not lost.
note_box
typ ' còn'
see "Ghi chú đầu thêm! còn" >/dev/null
kill -HUP "$(cat "$T/pid.e")"
see "EXITED" >/dev/null
ok "hang-up in the note box: the typed text is kept in the draft" \
    db_is "SELECT count(*) FROM draft WHERE fields LIKE '%Ghi chú đầu thêm! còn%'" 1
start
see "(c = " >/dev/null
keys c
ok "... restored on the form" see "@13=Ghi chú đầu thêm! còn"
keys F2
ok "... and saved" db_is "SELECT note FROM staff WHERE full_name = 'Trịnh Thị Hộp Ghi'" 'Ghi chú đầu thêm! còn'

# --- a checklist (several choices) asks too ---
fresh e
open_staff "hop ghi"
keys $NOTE BTab BTab BTab Enter
see "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)" >/dev/null
keys Escape
ok "Esc in a checklist without changes leaves at once" see "!$KEEP_Q" "!Nền tảng tích hợp"
keys Enter
see "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)" >/dev/null
keys Space Escape
ok "Esc in a checklist with a box ticked asks" see "$KEEP_Q"
keys Down Enter
ok "no: nothing ticked on the form" see "!$KEEP_Q" "!Nền tảng tích hợp" "$STAFF_ONLY"
keys Enter
see "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP)" >/dev/null
keys Space F10
see "$KEEP_Q" >/dev/null
keys Enter
ok "yes: the ticked platform on the form" see "!$KEEP_Q" "Nền tảng tích hợp, chia sẻ"
keys F2
ok "... and saved" db_is "SELECT coalesce(platforms, '') FROM staff WHERE full_name = 'Trịnh Thị Hộp Ghi'" 'ndxp'

# --- a bad value keeps the focus ---
fresh e
keys 1
see "Họ và tên" >/dev/null
keys F7
see "$STAFF_ONLY" >/dev/null
typ 'Ngô Sửa Sai'
keys Tab
keys Tab
typ 1850
keys Tab
ok "Tab off 1850: the message names Năm sinh" status_has "Năm sinh" "1850"
ok "... and the focus stays on Năm sinh" focus_on 'Năm sinh'
keys C-u
typ 1985
keys Tab
ok "corrected, Tab moves on" focus_on 'Chức vụ'
# The decision fields are asked of a focal point only (issue 16's show_if).
keys Tab Tab Tab Space
keys $NOTE
keys BTab
keys BTab
keys BTab
keys BTab
keys BTab
typ 31/02/2026
keys Enter
ok "Enter off 31/02/2026: the message names Ngày quyết định" status_has "Ngày quyết định" "31/02/2026"
ok "... and the focus stays on it" focus_on 'Ngày quyết định'
keys C-u
typ 28/02/2026
keys Tab
keys Tab
keys Tab
typ 12ab
keys Down
ok "Down off 12ab: the message names Số điện thoại" status_has "Số điện thoại" "12ab"
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
fresh e
keys 4
see "Tổ An Bình" >/dev/null
keys F5
see "@0=Tổ An Bình" >/dev/null
keys F7
ok "a member added from the team starts on Họ và tên" focus_on 'Họ và tên'
typ 'Ngô Văn Mới'
keys F2
ok "... the name typed at once is saved, in that team" \
    db_is "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id WHERE m.full_name = 'Ngô Văn Mới' AND t.name = 'Tổ An Bình'" 1
keys Escape
see "Tên Tổ" >/dev/null
keys F6
see "@0=Tổ An Bình" >/dev/null
keys F7
ok "an activity added from the team starts on Ngày thực hiện" focus_on 'Ngày thực hiện'
typ 20/03/2026
# Members present: a record picker with boxes asks too.
keys Tab Tab Tab Tab
focus_on 'Thành viên tham gia' >/dev/null
keys Enter
see "Ngô Văn Mới" "Tìm" >/dev/null
keys Escape
ok "Esc in the members picker without changes leaves at once" see "!$KEEP_Q" "!Ngô Văn Mới"
keys Enter
see "Ngô Văn Mới" >/dev/null
keys Space Escape
ok "Esc in the members picker with a member ticked asks" see "$KEEP_Q"
keys Down Down Enter
ok "back: the picker, the member still ticked" see "!$KEEP_Q" "[x] Ngô Văn Mới"
keys Escape
see "$KEEP_Q" >/dev/null
keys Enter
ok "yes: the member on the form" see "!$KEEP_Q" "!Tìm" "Ngô Văn Mới"
keys F2
ok "... saved with the activity" \
    db_is "SELECT count(*) FROM activity_member am JOIN activity a ON a.id = am.activity_id JOIN member m ON m.id = am.member_id WHERE a.held_on = '2026-03-20' AND m.full_name = 'Ngô Văn Mới'" 1
ok "... the date typed at once is saved" \
    db_is "SELECT count(*) FROM activity a JOIN team t ON t.id = a.team_id WHERE a.held_on = '2026-03-20'" 1
keys C-q
ok "quits cleanly" see "EXITED rc=0"
# Ended by Ctrl-Q: 0; by a hang-up (the draft kept): 1; anything else (a
# sanitizer's abort, a crash) is a failure, as is any sanitizer report.
ended_well() {
	well=0
	for f in "$T"/san.*; do
		[ -e "$f" ] || continue
		sed 's/^/# /' "$f" | head -n 40
		well=1
	done
	bad=$(awk '$2 != 0 && $2 != 1' "$T/exits")
	[ -z "$bad" ] && [ "$(wc -l <"$T/exits")" -ge 10 ] || {
		echo "# socds ended: $(tr '\n' ' ' <"$T/exits")"; well=1; }
	return $well
}
ok "every socds ended by Ctrl-Q or a hang-up, no sanitizer report" ended_well
done_testing
