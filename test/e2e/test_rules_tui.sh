#!/bin/sh
# The rules across fields on the form screen, in a real terminal (tmux) at
# 80x24: a training ending before it starts, a participant already in the
# training or given both as a staff member and a team member, and an
# activity whose members present are of another team are refused on F2
# with a Vietnamese message naming the field, the focus on that field, and
# nothing stored. TAP output for meson; a failure prints the screen.
#
#   sh test/e2e/test_rules_tui.sh /abs/path/to/socds
E2E_NAME=rules
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size
DB="$T/c.db"
# status TEXT: the status line (the row above the key bar) holds TEXT.
status() {
	see "$1" || return 1
	sed -n "$(($(wc -l <"$T/screen") - 1))p" "$T/screen" | grep -qF -- "$1" && return 0
	# a message longer than one line may wrap onto the line above
	sed -n "$(($(wc -l <"$T/screen") - 2)),$(($(wc -l <"$T/screen") - 1))p" "$T/screen" |
	    tr -d '\n' | grep -qF -- "$1" || { echo "# '$1' is not on the status line"; return 1; }
}
is() { db_is "$@"; }	# is SQL VALUE: the query gives VALUE within 5 s
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" >>"$T/setup.log" 2>&1; }

# A commune: a staff member, two teams with a member each, a training with
# that staff member as its participant.
printf 'full_name\nNguyễn Thị Hồng Nhung\n' >"$T/staff.csv"
printf 'name\nTổ An Hòa\nTổ Bình Minh\n' >"$T/team.csv"
printf 'team_id,full_name\nTổ An Hòa,Phạm Văn Tâm\nTổ Bình Minh,Bùi Văn Xa\n' >"$T/member.csv"
printf 'title,start_date\nKỹ năng số,05/03/2026\n' >"$T/training.csv"
printf 'training_id,staff_id\nKỹ năng số,Nguyễn Thị Hồng Nhung\n' >"$T/part.csv"
if ! { s init --unit 21853 --db "$DB" && s import "$T/staff.csv" --kind staff --db "$DB" &&
    s import "$T/team.csv" --kind team --db "$DB" && s import "$T/member.csv" --kind member --db "$DB" &&
    s import "$T/training.csv" --kind training --db "$DB" &&
    s import "$T/part.csv" --kind participant --db "$DB"; }; then
	echo "Bail out! setup failed: $(cat "$T/setup.log")"
	exit 1
fi

START_SEE=	# each check below waits for its own screen
start "$DB" screen-256color
ok "home screen at 80x24" see "Lớp bồi dưỡng, tập huấn"

# --- a training that ends before it starts ---
keys 2
see "Tên lớp bồi dưỡng, tập huấn" >/dev/null
keys F7
see "Cơ quan, đơn vị tổ chức" >/dev/null
typ 'Lớp ngược ngày'
keys Tab Tab Tab Tab
typ 05/03/2026
keys Tab
typ 04/03/2026
keys Tab
keys F2
ok "end before start: the message names both dates, in Vietnamese" \
    status "Ngày kết thúc: 04/03/2026 trước Ngày bắt đầu 05/03/2026"
ok "... the focus is on Ngày kết thúc" focus_on "Ngày kết thúc"
ok "... and nothing is stored" is "SELECT count(*) FROM training" 1
keys C-u
typ 06/03/2026
keys F2
ok "corrected, F2 saves it" see "!Cơ quan, đơn vị tổ chức" "Lớp ngược ngày"
ok "... stored with its dates" \
    is "SELECT start_date || ' ' || end_date FROM training WHERE title = 'Lớp ngược ngày'" "2026-03-05 2026-03-06"

# --- participants: the same person twice; both a staff member and a member ---
keys /
typ 'ky nang'
keys Enter
see "!Lớp ngược ngày" >/dev/null
keys F5
ok "F5 opens the participants of Kỹ năng số" see "Nguyễn Thị Hồng Nhung" "!Tên lớp bồi dưỡng"
keys F7
see "Có tham dự" >/dev/null
# A child form starts on its first empty field: Cán bộ, công chức.
keys Enter
see "Nguyễn Thị Hồng Nhung" >/dev/null
keys Enter
see "Có tham dự" >/dev/null
keys F2
ok "the same staff member again: refused, naming the person and the field" \
    status "Cán bộ, công chức: Nguyễn Thị Hồng Nhung đã được ghi nhận với cùng"
ok "... the focus is on Cán bộ, công chức" focus_on "Cán bộ, công chức"
ok "... and nothing is stored" is "SELECT count(*) FROM participant" 1
keys Tab Enter
see "Phạm Văn Tâm" >/dev/null
typ 'pham'
keys Enter
see "Có tham dự" >/dev/null
keys F2
ok "both a staff member and a team member: refused, naming both" \
    status "Cán bộ, công chức, Thành viên Tổ công nghệ số cộng đồng: chỉ chọn"
ok "... the focus is on Cán bộ, công chức" focus_on "Cán bộ, công chức"
ok "... and nothing is stored" is "SELECT count(*) FROM participant" 1

# --- an activity whose member present is of another team ---
# The picker offers the team's own members only; the team is then changed.
start "$DB" screen-256color
# The forms left open above were kept as drafts: not opened, thrown away.
see "chưa lưu" >/dev/null
keys k
see "Bỏ hẳn các biểu mẫu chưa lưu" >/dev/null
keys c
see "!Bỏ hẳn" "Hoạt động của Tổ công nghệ số cộng đồng" >/dev/null
keys 6
see "Ngày thực" >/dev/null
keys F7
ok "a new activity" see "Thành viên tham gia" "Số lượt người dân được hỗ trợ"
keys Enter
see "Tổ Bình Minh" >/dev/null
typ 'an hoa'
keys Enter
see "* Tổ An Hòa" >/dev/null
keys Tab
typ 07/03/2026
keys Tab Tab Tab Tab Enter
ok "members present: the picker offers Tổ An Hòa's member only" see "[ ] Phạm Văn Tâm" "!Bùi Văn Xa"
keys Space Enter
see "!─Chọn" " Thành viên tham gia             Phạm Văn Tâm" >/dev/null
keys BTab BTab BTab BTab BTab Enter
see "Tổ Bình Minh" >/dev/null
typ 'binh'
keys Enter
ok "the team changed to Tổ Bình Minh" see "* Tổ Bình Minh" "!─Chọn"
keys F2
ok "member of another team: refused, naming the member" \
    status "Thành viên tham gia: Phạm Văn Tâm không thuộc Tổ công nghệ số cộng"
ok "... the focus is on Thành viên tham gia" focus_on "Thành viên tham gia"
ok "... and nothing is stored" is "SELECT count(*) FROM activity" 0
keys BTab BTab BTab BTab BTab Enter
see "Tổ An Hòa" >/dev/null
typ 'an hoa'
keys Enter
see "* Tổ An Hòa" >/dev/null
keys F2
ok "back to Tổ An Hòa, F2 saves" is "SELECT count(*) FROM activity a JOIN activity_member m ON m.activity_id = a.id" 1
ok "nothing on screen speaks SQLite" see "!constraint" "!CHECK" "!SQLITE"

# --- below the rules: forms whose rule lines were removed (SOCDS_DATADIR) ---
SRC=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$T/data"
cp -r "$SRC/forms" "$SRC/assets" "$T/data/"
for f in "$T"/data/forms/*.form; do
	grep -v '^rule ' "$f" >"$f.new" && mv "$f.new" "$f"
done
START_ENV="SOCDS_DATADIR=$T/data"
start "$DB" screen-256color
if see "chưa lưu" >/dev/null 2>&1; then
	keys k
	see "Bỏ hẳn các biểu mẫu chưa lưu" >/dev/null
	keys c
fi
see "!Bỏ hẳn" "Lớp bồi dưỡng, tập huấn" >/dev/null
keys 2
see "Tên lớp bồi dưỡng, tập huấn" >/dev/null
keys F7
see "Cơ quan, đơn vị tổ chức" >/dev/null
typ 'Lớp không quy tắc'
keys Tab Tab Tab Tab
typ 05/03/2026
keys Tab
typ 04/03/2026
keys BTab BTab BTab BTab
keys F2
ok "the database's CHECK refuses it: the mapped Vietnamese message" \
    status "Ngày kết thúc: lớp học không thể kết thúc trước ngày bắt đầu"
ok "... the focus goes to Ngày kết thúc" focus_on "Ngày kết thúc"
ok "... nothing is stored, and no SQLite text" \
    is "SELECT count(*) FROM training WHERE title = 'Lớp không quy tắc'" 0
ok "... no SQLite text on screen" see "!constraint" "!CHECK" "!end_date"

done_testing
