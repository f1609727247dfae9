#!/bin/sh
# Lists that tell more (issue 16, point 8, and the list side of point 3): the
# real binary in tmux at 80x24, keys sent as a user types them; what the
# screen shows is compared with sqlite3 reading the real database file.
#  - a multi-choice cell shows its first item and how many more ("… +2");
#  - the activity list shows the team and the citizens helped (the sum of
#    the counts), sorts by that total with F9, and a team's own activities
#    leave the team column out;
#  - a chooser tells namesakes apart by their team, and above a commune by
#    their unit too;
#  - letters typed on a list start a search ("dong" finds Đồng, no delete
#    question), q too; Esc clears it;
#  - after F2 the highlight is on the row saved, wherever the order puts it
#    (a record renamed to the top, a new one at the end of a long list).
# F7 and F2 are also sent as PuTTY sends them (ESC[18~, ESC[12~).
E2E_NAME=lists
. "$(dirname "$0")/../lib/tmux.sh"
SZ=80x24
DB=$T/l.db
E=$(printf '\033')
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }

s init --unit 00070 --db "$DB" >"$T/init.out" 2>&1 ||
	{ echo "Bail out! socds init failed: $(cat "$T/init.out")"; exit 1; }
{
	echo 'full_name,birth_year,platforms'
	echo 'Nguyễn Thị Ba Nền,1980,ndxp;emc;vnform'
	echo 'Hoàng Văn Đông,1975,'
	i=10
	while [ $i -lt 50 ]; do
		echo "Phạm Văn Số$i,1990,"
		i=$((i + 1))
	done
} >"$T/staff.csv"
printf 'name\nThôn Một\nThôn Hai\n' >"$T/village.csv"
printf 'name,village_id\nTổ An Một,Thôn Một\nTổ An Hai,Thôn Hai\n' >"$T/team.csv"
printf 'team_id,full_name,birth_year\nTổ An Một,Lê Thị Trùng Tên,1990\nTổ An Hai,Lê Thị Trùng Tên,1990\n' \
    >"$T/member.csv"
cat >"$T/activity.csv" <<'EOF'
team_id,held_on,place,helped
Tổ An Một,05/03/2026,Nhà văn hóa,Dịch vụ công trực tuyến: 25; Chữ ký số: 4
Tổ An Hai,06/03/2026,Chợ,Dịch vụ công trực tuyến: 7
Tổ An Hai,07/03/2026,Trường,
EOF
printf 'title,start_date\nTập huấn kỹ năng số,07/04/2026\n' >"$T/training.csv"
for k in staff village team member activity training; do
	s import "$T/$k.csv" --kind $k --db "$DB" >"$T/import.out" 2>&1 ||
		{ echo "Bail out! socds import $k failed: $(cat "$T/import.out")"; exit 1; }
done

HOME_S="00070 Phường Hoàn Kiếm"
START_SEE=$HOME_S
STAFF_ONLY='Thư điện tử'
# selected_is NAME: Enter on the highlighted row opens NAME's form; Esc back.
selected_is() {
	keys Enter
	see "$STAFF_ONLY" "@2=$1" || return 1
	keys Escape
	see "!$STAFF_ONLY"
}
# helped DATE: the citizens helped in the activity of that day, per sqlite3.
helped() {
	sq "SELECT ifnull(sum(h.count), 0) FROM activity a LEFT JOIN activity_help h ON
	    h.activity_id = a.id WHERE a.held_on = '$1' AND a.deleted = 0"
}

start "$DB"

# --- multi-choice: the first item and how many more ---
keys 1
see "@2=Họ và tên" >/dev/null
ok "the staff list has the platforms column" see "@2~Nền tảng"
ok "a staff member with three platforms shows the first and '+2'" \
    see "~Nguyễn Thị Ba Nền .*Nền tảng.*… \\+2 *\$"

# --- letters start a search ---
typ dong
ok "'dong' typed on the list opens the search with it and filters" \
    see "@1=dong" "Hoàng Văn Đông" "!Phạm Văn Số" "!Nguyễn Thị Ba Nền"
ok "... no delete question (d is not a command)" see "!(c = " "!có / k = không"
keys Escape
ok "Esc clears the search" see "@1!dong" "Phạm Văn Số10"
typ q
ok "q types a q into the search (it goes back no more)" see "@1=q" "@2=Họ và tên"
keys Escape
see "@1!q" "Phạm Văn Số10" >/dev/null
typ 4
ok "a digit searches too" see "@1=4" "Phạm Văn Số14" "!Phạm Văn Số10"
keys Escape
see "Phạm Văn Số10" >/dev/null

# --- the highlight on the row saved ---
keys PPage NPage Down Down Down
keys Enter
see "$STAFF_ONLY" >/dev/null
snap
LOW=$(row 2 | sed 's/^ *Họ và tên *\* *//; s/ *\[.*//; s/ *$//')
keys Escape
see "!$STAFF_ONLY" >/dev/null
keys Enter
see "$STAFF_ONLY" "@2=$LOW" >/dev/null
keys Tab Tab C-u
typ 1991
raw F2 "${E}[12~"
ok "a record lower in the list, edited, F2 (PuTTY's ESC[12~): the highlight stays on it" \
    selected_is "$LOW"
db_is "SELECT birth_year FROM staff WHERE full_name = '$LOW'" 1991 >/dev/null
keys Enter
see "$STAFF_ONLY" "@2=$LOW" >/dev/null
keys C-u
typ 'Phạm Văn Anh'
raw F2 "${E}[12~"
ok "renamed so that it sorts first: the list follows it there" \
    see "!$STAFF_ONLY" "@3=Phạm Văn Anh"
ok "... with the highlight on it" selected_is 'Phạm Văn Anh'
raw F7 "${E}[18~"
see "$STAFF_ONLY" >/dev/null
typ 'Phạm Văn Yên'
raw F2 "${E}[12~"
see "Đề nghị kiểm tra lại trước khi lưu" >/dev/null	# a name alone (name_only)
keys Enter
ok "a new record at the end of a long list (F7 as ESC[18~): the page shows it" \
    see "!$STAFF_ONLY" "Phạm Văn Yên" "!Phạm Văn Anh"
ok "... with the highlight on it" selected_is 'Phạm Văn Yên'
ok "... saved once" sql_is "SELECT count(*) FROM staff WHERE full_name = 'Phạm Văn Yên'" 1
keys Escape
see "$HOME_S" >/dev/null

# --- the activity list: team and citizens helped ---
keys 6
see "@2=Ngày thực" >/dev/null
ok "the activity list has the team and the citizens helped as columns" \
    see "@2~^ Tổ công nghệ số.* Ngày thực.* Số lượt"
for d in 2026-03-05 2026-03-06 2026-03-07; do
	dd=$(echo "$d" | awk -F- '{ print $3 "/" $2 "/" $1 }')
	team=$(sq "SELECT t.name FROM activity a JOIN team t ON t.id = a.team_id WHERE a.held_on = '$d'")
	ok "activity of $dd: its team ($team) and the sum of its counts ($(helped "$d"))" \
	    see "~^ $team +$dd .* $(helped "$d") *\$"
done
# F9: each column up, then down: the fifth column (the total) up is the 9th.
i=0
while [ $i -lt 9 ]; do keys F9; i=$((i + 1)); done
ok "F9 sorts by the citizens helped, smallest first" \
    see "@2~[▲^] Số lượt" "@3~ $(helped 2026-03-07) *\$" "@5~ $(helped 2026-03-05) *\$"
keys F9
ok "... then largest first" see "@2~[▼v] Số lượt" "@3~ $(helped 2026-03-05) *\$"
keys Escape
see "$HOME_S" >/dev/null
keys 4
see "Tổ An Hai" >/dev/null
typ 'an hai'
keys Enter
see "@3=Tổ An Hai" "!Tổ An Một" >/dev/null
keys F6
ok "a team's own activities leave the team column out" \
    see "@0=Tổ An Hai" "@2~^ Ngày thực" "@2!Tổ công nghệ" "~^ 06/03/2026 .* 7 *\$"
keys Escape Escape
see "$HOME_S" >/dev/null

# --- choosers tell namesakes apart ---
keys 2
see "Tập huấn kỹ năng số" >/dev/null
keys F5
see "@0=Tập huấn kỹ năng số" >/dev/null
keys F7
see "Có tham dự" >/dev/null
keys Down Enter
ok "the member chooser shows each namesake with their team" \
    see "~│ Lê Thị Trùng Tên +Tổ An Một +│" "~│ Lê Thị Trùng Tên +Tổ An Hai +│"
keys Escape
see "Có tham dự" "!Lê Thị Trùng Tên" >/dev/null
keys Escape
see "!Có tham dự" >/dev/null
keys C-q
see "EXITED rc=0" >/dev/null

# Above a commune (the old district 548), each row names the unit too.
DB=$T/district.db
s demo --unit 548 --db "$DB" >/dev/null 2>&1 || echo "# socds demo failed for $DB"
START_SEE="Huyện Phù Cát"
start "$DB"
MNAME=$(sq "SELECT full_name FROM member WHERE deleted = 0 ORDER BY name_sort, rowid LIMIT 1")
MTEAM=$(sq "SELECT t.name FROM member m JOIN team t ON t.id = m.team_id WHERE m.deleted = 0
    ORDER BY m.name_sort, m.rowid LIMIT 1")
MUNIT=$(sq "SELECT u.name FROM member m JOIN unit u ON u.code = m.unit_code WHERE m.deleted = 0
    ORDER BY m.name_sort, m.rowid LIMIT 1" | sed 's/^\(Xã\|Phường\|Thị trấn\) //')
keys 2
see "@2=Tên lớp" >/dev/null
keys F5
see "@2=Cán bộ" >/dev/null
keys F7
see "Có tham dự" >/dev/null
keys Down Enter
ok "district: the member chooser names the team and the unit ($MTEAM, $MUNIT)" \
    see "~│ $MNAME +$MTEAM, $MUNIT +│"
keys Escape Escape Escape Escape
keys C-q
done_testing
