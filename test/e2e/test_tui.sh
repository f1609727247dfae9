#!/bin/sh
# The terminal interface end to end, as a user drives it: socds runs in a
# private tmux server (tmux regress/ style) at a fixed size, keys go in with
# send-keys, the screen comes back with capture-pane, and what was saved is
# read back with the sqlite3 shell. Everything runs at 80x24 and again at
# 200x60. TAP output for meson; a failure prints the keys sent and the screen.
#
#   sh test/e2e/test_tui.sh /abs/path/to/socds
#
# Matches are made on data and on labels from forms/*.form, not on the
# interface's own words, which are being translated.
E2E_NAME=e2e
. "$(dirname "$0")/../lib/tmux.sh"
# Colours in use on the screen: an SGR colour parameter in capture-pane -e.
colours_used() {
	tm capture-pane -p -e -t e2e | grep -qE "$(printf '\033')\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"
}
reverse_used() {
	tm capture-pane -p -e -t e2e | grep -qE "$(printf '\033')\[([0-9;]*;)?7[;m]"
}

# --- names, typed in NFC and in NFD (combining marks from an input method) ---
NFC_DONG='Nguyễn Thị Đồng'
NFC_TRAN='Trần Văn Đồng'
NFD_TRAN=$(printf 'Tra\314\202\314\200n Va\314\206n \304\220o\314\202\314\200ng')
# The bytes each must be stored as (NFC), spelled out so that the check does
# not depend on how this file is normalized.
HEX_DONG=4E677579E1BB856E205468E1BB8B20C490E1BB936E67
HEX_TRAN=5472E1BAA76E2056C4836E20C490E1BB936E67
LONG=AbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcdefghijAbcde
STAFF_ONLY='Thư điện tử'		# on the staff form, not in the staff list
HOME_TITLES='Cán bộ, công chức làm công tác chuyển đổi số
Lớp bồi dưỡng, tập huấn
Thôn, tổ dân phố
Tổ công nghệ số cộng đồng
Thành viên Tổ công nghệ số cộng đồng
Hoạt động của Tổ công nghệ số cộng đồng'

home_ok() {
	see "00070 Phường Hoàn Kiếm" || return 1
	echo "$HOME_TITLES" | while IFS= read -r ht; do
		holds "$ht" || { echo "# home lacks '$ht'"; exit 1; }
	done
}
staff_form_ok() {
	see "$STAFF_ONLY" && form_rows 2 'Họ và tên' 'Giới tính' 'Năm sinh' \
	    'Chức vụ, chức danh' 'Chuyên trách/kiêm nhiệm' 'Trình độ công nghệ thông tin' \
	    'Đầu mối chuyển đổi số' \
	    'Thành viên Mạng lưới' 'Nền tảng số dùng chung' 'Số điện thoại' \
	    'Thư điện tử' 'Ghi chú' && holds '@2~Họ và tên +\*' &&
	    holds '!Số quyết định phân công'	# show_if focal_point = có (issue 16)
}
one_line_err() {
	[ "$(wc -l <"$T/err")" -eq 1 ] && return 0
	sed 's/^/#   stderr: /' "$T/err"
	return 1
}
exited_ok() {	# exited_ok RC-REGEX: socds has left and the terminal is sane
	see "~EXITED rc=$1 TTY\[\]" && pane_is '#{alternate_on}' 0 &&
	    pane_is '#{cursor_flag}' 1
}

# --- (11) not a terminal: no screen, exit 2, one line ---
SZ=no-tty
DB=$T/notty.db
"$SOCDS" init --unit 00070 --db "$DB" >/dev/null 2>&1
env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 TERM="$TTERM" \
    "$SOCDS" --db "$DB" </dev/null >"$T/out" 2>"$T/err"
rc=$?
ok "socds --db X </dev/null exits 2" test "$rc" -eq 2
ok "... with one line on stderr" one_line_err
ok "... and nothing on stdout (no escape sequences)" test ! -s "$T/out"

for size in 80x24 200x60; do
	W=${size%x*}
	H=${size#*x}
	SZ=$size
	DB=$T/$size.db
	"$SOCDS" init --unit 00070 --db "$DB" >/dev/null 2>&1 ||
	    echo "# socds init failed for $DB"

	# --- (1) staff typed in NFC and in NFD ---
	start "$DB"
	ok "home screen: the unit and the six record kinds" home_ok
	ok "colours are used with TERM=$TTERM" colours_used
	keys 1
	ok "1 opens the staff list with its column headers" \
	    see "@2=Họ và tên" "@2=Chức vụ, chức" "!$STAFF_ONLY"
	keys F7
	ok "F7 opens a staff form: labels of forms/staff.form in order, name required" staff_form_ok
	typ "$NFC_DONG"
	keys Tab Enter
	see "─Giới tính" "Nữ"
	keys Down Down Enter
	see "!─Giới tính" "@3=Nữ"
	keys Tab
	typ 1985
	keys F2
	ok "a name typed in NFC is saved and listed" see "!$STAFF_ONLY" "@3=$NFC_DONG"
	keys F7
	see "$STAFF_ONLY"
	typ "$NFD_TRAN"
	ok "a name typed in NFD shows composed in the form" see "@2=$NFC_TRAN"
	keys Tab Tab
	typ 1990
	keys F2
	see "!$STAFF_ONLY" "$NFC_TRAN"
	keys F7
	see "$STAFF_ONLY"
	typ 'Lê Văn Hùng'
	keys F2
	# A name alone: the soft warning (name_only) asks once; Enter saves.
	ok "a name alone: the soft warning names it, Enter saves anyway" \
	    see "Đề nghị kiểm tra lại trước khi lưu" "chỉ có họ tên"
	keys Enter
	ok "three staff listed, the title counts 3" \
	    see "!$STAFF_ONLY" "$NFC_DONG" "$NFC_TRAN" "Lê Văn Hùng" "@0~ 3\$"
	ok "NFC-typed name stored as NFC" \
	    sql_is "SELECT hex(full_name) FROM staff WHERE name_key = 'nguyen thi dong'" "$HEX_DONG"
	ok "NFD-typed name stored as NFC" \
	    sql_is "SELECT hex(full_name) FROM staff WHERE name_key = 'tran van dong'" "$HEX_TRAN"
	ok "no decomposed text stored" \
	    sql_is "SELECT count(*) FROM staff WHERE full_name = '$NFD_TRAN'" 0
	ok "name_key folded: lower case, no marks, đ -> d" \
	    sql_is "SELECT group_concat(name_key, '|') FROM (SELECT name_key FROM staff ORDER BY 1)" \
	    'le van hung|nguyen thi dong|tran van dong'
	ok "chosen gender and typed birth year stored" \
	    sql_is "SELECT gender || '|' || birth_year || '|' || unit_code FROM staff WHERE name_key = 'nguyen thi dong'" \
	    'female|1985|00070'

	# --- (2) folded incremental search ---
	keys /
	typ dong
	ok "'/dong' keeps the Đồng rows only" \
	    see "@1=dong" "@3~Đồng" "@4~Đồng" "!Lê Văn Hùng"
	keys Escape
	ok "Esc in the search clears it" see "@1!dong" "Lê Văn Hùng"
	keys /
	typ DONG
	ok "'/DONG' finds the same rows" see "@3~Đồng" "@4~Đồng" "!Lê Văn Hùng"
	keys Escape
	see "Lê Văn Hùng"
	keys /
	typ 'đồng'
	keys Enter
	ok "'/đồng' too; Enter leaves the search keeping the filter" \
	    see "@1=đồng" "@3~Đồng" "@4~Đồng" "!Lê Văn Hùng"
	keys /
	keys Escape
	see "Lê Văn Hùng"
	# The look-alike Ð (U+00D0, eth) searches as Đ does.
	keys /
	typ "$(printf '\303\220')ồng"
	ok "'/Ðồng' with the look-alike eth finds the Đồng rows" \
	    see "@3~Đồng" "@4~Đồng" "!Lê Văn Hùng"
	keys Escape
	see "Lê Văn Hùng"

	# --- (3) edit a record ---
	keys /
	typ tran
	keys Enter
	see "!$NFC_DONG"
	keys Enter
	ok "Enter opens the record's form with its values" \
	    see "$STAFF_ONLY" "@2=$NFC_TRAN" "@4=1990"
	keys Tab Tab C-u
	typ 1991
	keys F2
	ok "after F2 the form closes" see "!$STAFF_ONLY" "@3=$NFC_TRAN"
	ok "the changed birth year is stored, version 2, name untouched" \
	    sql_is "SELECT birth_year || '|' || version || '|' || hex(full_name) FROM staff WHERE name_key = 'tran van dong'" \
	    "1991|2|$HEX_TRAN"
	keys Enter
	ok "the form opened again shows 1991" see "$STAFF_ONLY" "@4=1991"
	keys Escape
	see "!$STAFF_ONLY"
	keys /
	keys Escape
	see "Lê Văn Hùng"

	# --- (4) delete with confirmation ---
	keys /
	typ hung
	keys Enter
	see "@3=Lê Văn Hùng" "!$NFC_DONG"
	keys F8
	ok "F8 asks on the status line, naming the record" see "@-2=c = " "@-2=Lê Văn Hùng"
	keys k
	ok "k keeps it" see "@-2!c = " "@3=Lê Văn Hùng"
	ok "... and it is not deleted in the file" \
	    sql_is "SELECT deleted FROM staff WHERE name_key = 'le van hung'" 0
	keys F8
	see "@-2=c = "
	keys c
	ok "c deletes: the row leaves the list" see "@-2!c = " "@3!Lê Văn Hùng"
	ok "... stored as deleted = 1 (a tombstone), version 2" \
	    sql_is "SELECT deleted || '|' || version FROM staff WHERE name_key = 'le van hung'" '1|2'
	keys /
	keys Escape
	ok "the whole list no longer has it; the title counts 2" \
	    see "@1!hung" "@3~Đồng" "@4~Đồng" "@5!Lê Văn Hùng" "@0~ 2\$"
	keys Escape
	ok "Esc goes back home, which counts 2 staff" \
	    see "~Cán bộ, công chức làm công tác chuyển đổi số +2 *\$"

	# --- (5) a training and a participant chosen in the picker; (8) decimal ---
	keys 2
	see "@2=Tên lớp bồi dưỡng, tập huấn"
	keys F7
	see "Cơ quan, đơn vị tổ chức" "Số giờ học"
	typ 'Tập huấn kỹ năng số'
	tabs 6
	typ abc
	tabs 6 BTab
	keys F2
	ok "hours 'abc' refused: the status line names Số giờ học and abc" \
	    see "@-2=Số giờ học" "@-2=abc" "Cơ quan, đơn vị tổ chức"
	ok "... and the focus goes to Số giờ học" focus_on 'Số giờ học'
	ok "... and nothing is saved" sql_is "SELECT count(*) FROM training" 0
	keys C-u
	typ '3,5'
	keys F2
	ok "corrected to 3,5, F2 saves the training" \
	    see "!Cơ quan, đơn vị tổ chức" "@3=Tập huấn kỹ năng số"
	ok "... hours stored as 3.5" \
	    sql_is "SELECT title || '|' || hours || '|' || format FROM training" 'Tập huấn kỹ năng số|3.5|in_person'
	keys F5
	ok "F5 on the training list opens its participants" \
	    see "@0=Tập huấn kỹ năng số" "@2=Cán bộ, công chức" "!Cơ quan, đơn vị tổ chức"
	keys F7
	ok "the participant form has the training filled in" \
	    see "Có tham dự" "@2=Lớp bồi dưỡng, tập huấn" "@2=Tập huấn kỹ năng số"
	keys Enter
	ok "Enter on Cán bộ, công chức opens a record picker with the staff" \
	    see "$NFC_DONG" "$NFC_TRAN"
	typ tran
	ok "typing 'tran' in the picker filters it" see "$NFC_TRAN" "!$NFC_DONG"
	keys Enter
	ok "Enter chooses: the form shows the staff member" \
	    see "@3=Cán bộ, công chức" "@3=$NFC_TRAN" "Có tham dự"
	keys F2
	ok "F2 saves the participant, listed under the training" \
	    see "!Có tham dự" "@3=$NFC_TRAN"
	ok "participant row: that training, that staff member, attended, no certificate" \
	    sql_is "SELECT count(*) FROM participant p JOIN staff s ON s.id = p.staff_id JOIN training t ON t.id = p.training_id WHERE s.name_key = 'tran van dong' AND t.title = 'Tập huấn kỹ năng số' AND p.member_id IS NULL AND p.attended = 1 AND p.certificate = 0 AND p.deleted = 0" 1

	keys Escape
	see "@2=Tên lớp bồi dưỡng, tập huấn" "!Có tham dự"
	keys Enter
	see "Cơ quan, đơn vị tổ chức" "@2=Tập huấn kỹ năng số"
	keys F5
	ok "F5 on a saved training's form opens its participants too" \
	    see "!Cơ quan, đơn vị tổ chức" "@0=Tập huấn kỹ năng số" "@3=$NFC_TRAN"
	keys Escape
	see "Cơ quan, đơn vị tổ chức" "@2=Tập huấn kỹ năng số"

	# --- (6) village, team, members, activity ---
	keys Escape
	see "@2=Tên lớp bồi dưỡng, tập huấn"
	keys Escape
	see "00070 Phường Hoàn Kiếm"
	keys 3
	see "@2=Tên thôn, tổ dân phố"
	keys F7
	see "Số hộ gia đình" "Ghi chú"
	typ 'Thôn An Hòa'
	keys Tab Tab
	typ 120
	keys F2
	ok "a village is saved and listed" see "!Ghi chú" "@3=Thôn An Hòa"
	keys Escape
	see "00070 Phường Hoàn Kiếm"
	keys 4
	see "@2=Tên Tổ"
	keys F7
	see "Số quyết định thành lập"
	typ 'Tổ CNSCĐ thôn An Hòa'
	keys Tab Enter
	ok "the team's village is chosen in a record picker" see "Thôn An Hòa" "@3!Thôn An Hòa"
	keys Enter
	see "@3=Thôn An Hòa"
	keys F2
	ok "a team is saved and listed" \
	    see "!Số quyết định thành lập" "@3=Tổ CNSCĐ thôn An Hòa" "@3=Thôn An Hòa"
	keys F5
	ok "F5 on the team list opens its members" \
	    see "@0=Tổ CNSCĐ thôn An Hòa" "@2=Họ và tên" "!Số quyết định thành lập"
	keys F7
	see "Ngày tham gia Tổ" "@2=Tổ CNSCĐ thôn An Hòa"
	typ 'Phạm Thị Lan'
	keys F2
	see "!Ngày tham gia Tổ" "@3=Phạm Thị Lan"
	keys F7
	see "Ngày tham gia Tổ"
	typ 'Võ Văn Nam'
	keys F2
	ok "two members are saved and listed under the team" \
	    see "!Ngày tham gia Tổ" "Phạm Thị Lan" "Võ Văn Nam"
	keys Escape
	see "@2=Tên Tổ"
	keys F6
	ok "F6 on the team list opens its activities" \
	    see "@0=Tổ CNSCĐ thôn An Hòa" "@2=Ngày thực" "@2=Địa điểm"
	keys F7
	see "Số lượt người dân được hỗ trợ"
	typ 15/03/2026
	keys Tab
	typ 'Nhà văn hóa thôn An Hòa'
	keys Tab Enter
	see "Hướng dẫn đến từng hộ gia đình"
	keys Down Down Enter
	ok "the kind of activity is chosen in a menu" \
	    see "@5=Hướng dẫn đến từng hộ gia đình" "!Tuyên truyền trên loa"
	keys Tab Enter
	ok "Enter on the note Nội dung opens its editor box" see "─Nội dung"
	typ 'Hướng dẫn cài đặt VNeID'
	keys F2
	ok "F2 in the box keeps the note: the form shows it" \
	    see "!─Nội dung" "@6=Hướng dẫn cài đặt VNeID"
	keys Tab Enter
	see "Phạm Thị Lan" "Võ Văn Nam"
	keys Space Down Space
	ok "members present: Space ticks both in the picker" \
	    see "~\[x\] Phạm Thị Lan" "~\[x\] Võ Văn Nam"
	keys Enter
	ok "Enter confirms: the form names both members" \
	    see "@7=Phạm Thị Lan" "@7=Võ Văn Nam" "![x] Võ Văn Nam"
	keys Tab Enter
	see "Dịch vụ công trực tuyến" "Chữ ký số"
	typ 12
	keys Down
	typ 3
	ok "the counts box takes a number per category" see "~ 12 *│" "~ 3 *│"
	keys Enter
	ok "Enter confirms the counts: the form shows them" \
	    see "!─Số lượt người dân" "@8=Dịch vụ công trực tuyến: 12; Kích hoạt"
	keys F2
	ok "F2 saves the activity, listed under the team" \
	    see "!Thành viên tham gia" "@3=15/03/2026" "@3=Nhà văn hóa thôn An Hòa"
	ok "... the row shows the citizens helped, 12 + 3" see "@3~ 15 *\$"
	ok "activity row: team, date, place, kind" \
	    sql_is "SELECT a.held_on || '|' || a.place || '|' || a.activity_kind || '|' || a.description FROM activity a JOIN team t ON t.id = a.team_id WHERE t.name = 'Tổ CNSCĐ thôn An Hòa'" \
	    '2026-03-15|Nhà văn hóa thôn An Hòa|door_to_door|Hướng dẫn cài đặt VNeID'
	ok "activity_member: both members, of that team" \
	    sql_is "SELECT group_concat(full_name, ',') FROM (SELECT m.full_name FROM activity_member am JOIN member m ON m.id = am.member_id JOIN activity a ON a.id = am.activity_id WHERE m.team_id = a.team_id ORDER BY 1)" \
	    'Phạm Thị Lan,Võ Văn Nam'
	ok "activity_help: 12 online public services, 3 VNeID" \
	    sql_is "SELECT group_concat(category || '=' || count, ',') FROM (SELECT * FROM activity_help ORDER BY category)" \
	    'online_public_services=12,vneid=3'
	ok "team points at the village; members at the team" \
	    sql_is "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id JOIN village v ON v.id = t.village_id WHERE v.name = 'Thôn An Hòa' AND v.households = 120" 2

	# --- (6b) the activity list's search looks at what it shows ---
	keys /
	typ 15/03
	ok "activity search: the date as shown (dd/mm)" see "@1=15/03" "@3=15/03/2026"
	keys Escape
	see "@1!15/03" "@3=15/03/2026"
	keys /
	typ 'tung ho'
	ok "activity search: the kind by its label" see "@1=tung ho" "@3=15/03/2026"
	keys Escape
	keys /
	typ cnscd
	ok "activity search: the team, not shown, does not match" see "@1=cnscd" "!15/03/2026"
	keys Escape
	see "@3=15/03/2026"

	# --- (12) leaving: q, then the shell is back in a sane terminal ---
	keys Escape
	see "@2=Tên Tổ"
	keys Escape
	see "00070 Phường Hoàn Kiếm"
	keys q
	ok "q on the home screen quits: exit 0, terminal restored" exited_ok 0

	# --- (7) resizing while a form holds unsaved text ---
	start "$DB"
	keys 1
	see "@2=Chức vụ, chức"
	keys F7
	see "$STAFF_ONLY"
	typ 'Lê Thị Thu'
	keys Tab Tab
	typ 1977
	see "@4=1977"
	resize 100 30
	ok "at 100x30 the form is laid out again, key bar on the last line" \
	    see "@29~F2.*F10" "@2=Lê Thị Thu" "@4=1977" "@13=Ghi chú" "@0~Phường Hoàn Kiếm\$"
	ok "... the title spans the new width" width_is 0 99
	resize 60 20
	ok "at 60x20 a 'too small' screen names the sizes" \
	    see "60 x 20" "~80.*24" "!Họ và tên"
	resize 80 24
	ok "back at 80x24: typed text kept, key bar on the last line" \
	    see "@23~F2.*F10" "@2=Lê Thị Thu" "@4=1977" "@13=Ghi chú"
	if [ "$size" != 80x24 ]; then
		resize "$W" "$H"
		ok "back at $size: typed text kept, key bar on the last line" \
		    see "@$((H - 1))~F2.*F10" "@2=Lê Thị Thu" "@4=1977" "@13=Ghi chú"
	fi
	ok "... the title spans the width" width_is 0 $((W - 1))
	keys F2
	ok "F2 after the resizes saves what was typed" see "!$STAFF_ONLY" "Lê Thị Thu"
	ok "... stored" sql_is "SELECT birth_year FROM staff WHERE full_name = 'Lê Thị Thu'" 1977

	# --- (8) bad values refused, field by field, until corrected ---
	nstaff=$(sq "SELECT count(*) FROM staff")
	keys F7
	see "$STAFF_ONLY"
	keys F2
	ok "empty required name refused: status names Họ và tên" see "@-2=Họ và tên" "$STAFF_ONLY"
	ok "... nothing saved" sql_is "SELECT count(*) FROM staff" "$nstaff"
	# Typed with the look-alike Ð (U+00D0, eth), as some keyboards give it.
	typ "$(printf '\303\220')ặng Văn Kiểm"
	keys Tab Tab
	typ 1850
	keys BTab BTab
	keys F2
	ok "birth year 1850 refused: status names Năm sinh and 1850" \
	    see "@-2=Năm sinh" "@-2=1850" "$STAFF_ONLY"
	ok "... the focus goes to Năm sinh" focus_on 'Năm sinh'
	ok "... nothing saved" sql_is "SELECT count(*) FROM staff" "$nstaff"
	keys C-u
	typ 1980
	# The decision fields are asked of a focal point only (issue 16).
	tabs 4
	keys Space
	tabs 3
	typ 31/02/2026
	keys F2
	ok "date 31/02/2026 refused: status names Ngày quyết định and the value" \
	    see "@-2=Ngày quyết định" "@-2=31/02/2026"
	ok "... the focus is on Ngày quyết định" focus_on 'Ngày quyết định'
	keys C-u
	typ 03/2026
	keys F2
	ok "partial date 03/2026 refused: status names the field and the value" \
	    see "~^ Ngày quyết định: .*03/2026" "!31/02"
	ok "... nothing saved" sql_is "SELECT count(*) FROM staff" "$nstaff"
	keys C-u
	typ 15/01/2026
	tabs 3
	typ 12ab
	keys F2
	ok "phone 12ab refused: status names Số điện thoại and 12ab" \
	    see "~^ Số điện thoại: .*12ab"
	ok "... the focus is on Số điện thoại" focus_on 'Số điện thoại'
	keys C-u
	typ '+84 (0) 912 345 678'
	keys Tab
	typ 'a@'
	keys F2
	ok "email a@ refused: status names Thư điện tử and a@" see "@-2=Thư điện tử" "@-2=a@"
	ok "... nothing saved" sql_is "SELECT count(*) FROM staff" "$nstaff"
	keys C-u
	typ 'Kiem.DV@HaNoi.gov.vn'
	keys F2
	ok "all corrected, F2 saves" see "!$STAFF_ONLY" "Đặng Văn Kiểm"
	ok "... the look-alike Ð stored as the Vietnamese Đ (U+0110)" \
	    sql_is "SELECT count(*) FROM staff WHERE full_name = '$(printf '\304\220')ặng Văn Kiểm'" 1
	ok "... and no name holds the eth U+00D0" \
	    sql_is "SELECT count(*) FROM staff WHERE instr(full_name, '$(printf '\303\220')') > 0" 0
	ok "... with the corrected values (date ISO, +84 phone as 0 and digits, domain lower case)" \
	    sql_is "SELECT birth_year || '|' || decision_date || '|' || phone || '|' || email FROM staff WHERE full_name = 'Đặng Văn Kiểm'" \
	    '1980|2026-01-15|0912345678|Kiem.DV@hanoi.gov.vn'

	# Text over its max: Họ và tên allows 80 characters; 85 are typed.
	nstaff=$(sq "SELECT count(*) FROM staff")
	keys F7
	see "$STAFF_ONLY"
	typ "$LONG"
	told=no
	if see -t 1 "@-2=Họ và tên" >/dev/null; then
		told=typing
	else
		keys F2
		see -t 2 "@-2=Họ và tên" >/dev/null && told=save
	fi
	ok "85 characters in Họ và tên (max 80): the status line names the field" \
	    test "$told" != no
	if [ "$told" = typing ]; then
		# Refused as typed: the field must then hold the 80 that fit, and
		# the user has been told.
		ok "... the field keeps the first 80 characters" \
		    see "~ Họ và tên +\* +.*bcdefghij\$" "!Abcde "
	fi
	ok "... and no cut-down name is saved behind the user's back" \
	    sql_is "SELECT count(*) FROM staff WHERE full_name LIKE 'Abcdefghij%'" 0
	snap
	if holds "$STAFF_ONLY"; then
		keys Escape
		see "@-2=c = " >/dev/null && keys c
	fi
	see "!$STAFF_ONLY"

	# --- (9) Esc on a changed form asks first ---
	keys F7
	see "$STAFF_ONLY"
	typ 'Tạm Thời'
	keys Escape
	ok "Esc on a changed form asks on the status line" see "@-2=c = " "$STAFF_ONLY"
	keys k
	ok "k keeps the form and the typed text" see "@-2!c = " "$STAFF_ONLY" "@2=Tạm Thời"
	keys Escape
	see "@-2=c = "
	keys c
	ok "Esc again and c discards: back to the list" see "!$STAFF_ONLY" "!Tạm Thời"
	ok "... nothing saved" sql_is "SELECT count(*) FROM staff WHERE full_name = 'Tạm Thời'" 0
	keys F7
	see "$STAFF_ONLY"
	keys Escape
	ok "Esc on an unchanged form goes back without asking" see "!$STAFF_ONLY" "@-2!c = "

	# --- (12) Ctrl-Q from a list, SIGHUP in a form ---
	keys C-q
	ok "Ctrl-Q in a list quits: exit 0, terminal restored" exited_ok 0
	start "$DB"
	keys 1
	see "@2=Chức vụ, chức"
	keys F7
	see "$STAFF_ONLY"
	typ 'Bị ngắt'
	see "@2=Bị ngắt"
	if [ -s "$T/pid" ]; then
		echo "(kill -HUP $(cat "$T/pid"))" >>"$T/keys"
		kill -HUP "$(cat "$T/pid")"
	fi
	ok "SIGHUP while a form is open: socds exits, terminal restored" exited_ok '[0-9]+'
	ok "SIGHUP: the typing was kept as a draft" sql_is \
	    "SELECT count(*) FROM draft WHERE fields LIKE '%Bị ngắt%'" 1
	# The next start offers the form back, with what was typed.
	tm kill-session -t e2e 2>/dev/null
	rm -f "$T/pid"
	tm new-session -d -s e2e -x "$W" -y "$H" \
	    "sh '$T/run.sh' '$DB' '$TTERM' '$SOCDS' '$T/home' '$T/pid'"
	ok "the next start offers the unsaved form" see "(c = "
	keys c
	ok "restored: the form shows what was typed" see "@2=Bị ngắt"
	keys F2
	see "Đề nghị kiểm tra lại trước khi lưu" >/dev/null	# a name alone
	keys Enter
	see "'Bị ngắt'." >/dev/null	# the saved message: the save is done
	ok "the restored form saves" sql_is \
	    "SELECT count(*) FROM staff WHERE full_name = 'Bị ngắt' AND deleted = 0" 1
	ok "saving it deletes the draft" sql_is "SELECT count(*) FROM draft" 0
	keys F10 q
	exited_ok '[0-9]+' >/dev/null

	# --- (10) TERM=vt100: no colour, still usable ---
	start "$DB" vt100
	ok "vt100: the home screen renders" home_ok
	ok "vt100: monochrome (no colour codes), the selection in reverse video" \
	    eval '! colours_used && reverse_used'
	keys 1
	ok "vt100: the staff list renders" see "@2=Họ và tên" "$NFC_DONG" "$NFC_TRAN"
	keys /
	typ nguyen
	keys Enter
	see "!$NFC_TRAN"
	keys Enter
	ok "vt100: search and Enter open the form" see "$STAFF_ONLY" "@2=$NFC_DONG" "@4=1985"
	keys Tab Tab C-u
	typ 1986
	keys F2
	ok "vt100: F2 saves" see "!$STAFF_ONLY" "$NFC_DONG"
	ok "vt100: ... stored" sql_is "SELECT birth_year FROM staff WHERE name_key = 'nguyen thi dong'" 1986
	keys F10
	see "00070 Phường Hoàn Kiếm"
	keys q
	ok "vt100: F10, q quits with exit 0 and a sane terminal" exited_ok 0

	# --- a district office: free-standing records ask for their unit ---
	DB=$T/$size-district.db
	"$SOCDS" demo --unit 548 --db "$DB" >/dev/null 2>&1 || echo "# socds demo failed for $DB"
	start "$DB"
	keys 1
	see "@2=Họ và tên" "@0=Huyện Phù Cát"
	keys F7
	ok "district: the staff form starts with the unit, the district by default" \
	    see "@2=548 Huyện Phù Cát" "$STAFF_ONLY" "@4=Họ và tên"
	keys Enter
	ok "district: Enter on the unit opens a menu of the district and its communes" \
	    see "~│ 548 Huyện Phù Cát" "~│ [0-9]{5} Xã "
	keys Down Enter
	see "@2~[0-9]{5} Xã "
	snap
	ucode=$(row 2 | grep -oE '[0-9]{5} Xã ' | cut -c1-5)
	keys Tab
	typ 'Hồ Thị Quận'
	keys F2
	see "Đề nghị kiểm tra lại trước khi lưu" >/dev/null	# a name alone
	keys Enter
	ok "district: saved and listed" see "!$STAFF_ONLY" "Hồ Thị Quận"
	ok "district: stored with the commune chosen ($ucode)" \
	    sql_is "SELECT unit_code FROM staff WHERE full_name = 'Hồ Thị Quận'" "${ucode:-none}"
	keys Escape
	see "~Huyện Phù Cát *\$"
	keys F10
	ok "district: F10 on the home screen quits: exit 0, terminal restored" exited_ok 0
	tm kill-session -t e2e 2>/dev/null
done

done_testing
