#!/bin/sh
# Class lists and attendance in one screen (issue 16, point 4), the real
# binary in tmux at 80x24 on a commune demo database (with one namesake
# imported): a training's list, F11, the filter by team, three ticked, a
# certificate on one, F2: sqlite3 shows the new participants with the right
# flags. The training's form, Ctrl-R: five names pasted (one without
# diacritics, one with its year, one unknown, one of two namesakes): the two
# asked about, one namesake chosen, nobody created; an existing participant
# unticked after one question is a tombstone. An activity's form: F3 on
# members present opens the team's attendance sheet, F5 ticks all, the form
# saves them. sqlite3 only reads. TAP output for meson.
# Usage: sh test_roster.sh /abs/path/to/socds
E2E_NAME=roster
. "$(dirname "$0")/../lib/tmux.sh"
SZ=80x24
DB=$T/r.db
run() {	# run ARGS...: socds with a clean environment
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" \
	    >"$T/out" 2>"$T/err"
}
if ! run demo --unit 21853 --db "$DB"; then
	echo "Bail out! socds demo failed: $(cat "$T/err")"
	exit 1
fi
# A namesake of a member of another team (another year).
printf 'team_id,full_name,birth_year\nTổ CNSCĐ Thôn An Hòa,Trần Minh Hưởng,1995\n' >"$T/ns.csv"
if ! run import "$T/ns.csv" --kind member --db "$DB"; then
	echo "Bail out! socds import failed: $(cat "$T/err")"
	exit 1
fi
MEMBERS=$(sq "SELECT count(*) FROM member")
# part_is TRAINING NAME EXPECTED: the person's participation in the
# training as "attended|certificate|deleted".
part_is() {
	sql_is "SELECT p.attended || '|' || p.certificate || '|' || p.deleted FROM participant p
	    LEFT JOIN staff s ON s.id = p.staff_id LEFT JOIN member m ON m.id = p.member_id
	    WHERE p.training_id = '$1' AND coalesce(s.full_name, m.full_name) = '$2'" "$3"
}
live() {	# live TRAINING: its live participants
	sq "SELECT count(*) FROM participant WHERE training_id = '$1' AND deleted = 0"
}

start "$DB"
keys 2
see "Lớp bồi dưỡng, tập huấn —" "F11Điểm danh" >/dev/null
snap
# The first row's title, maybe cut ("…"), then the whole from the file.
CUT=$(row 3 | sed 's/^ //; s/….*//; s/  .*//')
TR=$(sq "SELECT id FROM training WHERE title LIKE '$CUT%'")
TITLE=$(sq "SELECT title FROM training WHERE id = '$TR'")
SHORT=$(echo "$TITLE" | cut -d" " -f1-2)	# the first words: a title is cut at 80 columns
BEFORE=$(live "$TR")
ok "the training list shows F11 Điểm danh in its key bar" holds "@-1=F11Điểm danh"
raw F11 "$(printf '\033[23~')"	# as PuTTY sends it
ok "F11 opens the class list of the training, its $BEFORE participants ticked" \
    see "Điểm danh — $TITLE" "$BEFORE đã chọn · 38 người"
typ "vinh thanh"
ok "the filter (folded, the team's name) shows the team's 6 members" \
    see "$BEFORE đã chọn · 6 người" "Vũ Tiến Kha" "!Nông Cẩm Châu"
keys Tab Space Space c
ok "Space ticks two, c ticks the third with a certificate" \
    see "$((BEFORE + 3)) đã chọn" "~\[x\] Trịnh Quốc Khiêm .*\[x\]  \[x\]" \
    "~\[x\] Vũ Tiến Kha .*\[x\]  \[ \]"
# a and c move down as Space does (one key a person): Up comes back to Khiêm.
keys Up a
ok "c had moved down: Up a marks Khiêm absent" see "$((BEFORE + 3)) đã chọn" \
    "~\[x\] Trịnh Quốc Khiêm .*\[ \]  \[x\]"
keys Up a
ok "... and so had a: Up a marks him present again" \
    see "~\[x\] Trịnh Quốc Khiêm .*\[x\]  \[x\]"
keys F2
ok "F2 saves the class and says what it did" see "Đã lưu danh sách lớp: thêm 3, bỏ 0, sửa 0."
ok "sqlite3: three participants more" sql_is "SELECT count(*) - $BEFORE FROM participant
    WHERE training_id = '$TR' AND deleted = 0" 3
ok "... Khiêm attended, with a certificate" part_is "$TR" "Trịnh Quốc Khiêm" "1|1|0"
ok "... Kha attended, no certificate" part_is "$TR" "Vũ Tiến Kha" "1|0|0"
ok "... each a new record of version 1, audited" sql_is "SELECT count(*) FROM participant p
    JOIN audit a ON a.record_id = p.id AND a.action = 'insert' WHERE p.training_id = '$TR'
    AND p.version = 1 AND p.member_id IN (SELECT id FROM member WHERE team_id =
    (SELECT id FROM team WHERE name = 'Tổ CNSCĐ Thôn Vĩnh Thạnh'))" 3

# The training's participants (F5): F11 there too.
see "Lớp bồi dưỡng, tập huấn —" >/dev/null
keys F5
see "Học viên lớp bồi dưỡng, tập huấn — $SHORT" "!Điểm danh —" >/dev/null
ok "the participants' list shows F11 Điểm danh" holds "@-1~F11Điểm danh"
keys F11
ok "... and opens the class list, the three new ones ticked" \
    see "Điểm danh — $TITLE" "$((BEFORE + 3)) đã chọn"
keys Escape
ok "Esc without changes leaves at once" see "Học viên lớp bồi dưỡng, tập huấn — $SHORT" "!Điểm danh —"
keys Escape

# The training's form, Ctrl-R; five names pasted.
see "Lớp bồi dưỡng, tập huấn —" >/dev/null
keys Enter
see "Tên lớp bồi dưỡng" "F11Điểm danh" >/dev/null
keys C-r
see "Điểm danh — $TITLE" >/dev/null
keys F4
see "Dán danh sách họ tên" >/dev/null
for name in "vo bao xinh" "Nguyễn Kim Tiên;1976" "Người Không Có" "Trần Minh Hưởng" \
    "Nguyễn Văn Việt, 2000"; do
	typ "$name"
	keys Enter
done
keys F2
ok "pasted: the unknown name is asked about, nothing offered but Bỏ qua" \
    see "Người Không Có (1/2)" "Không có ai tên này" "Bỏ qua"
keys Enter
ok "the namesakes are both offered, with year and team" \
    see "Trần Minh Hưởng (2/2)" "Có 2 người trùng tên này" \
    "Trần Minh Hưởng, 1992 — Tổ CNSCĐ Thôn Chánh Lý" \
    "Trần Minh Hưởng, 1995 — Tổ CNSCĐ Thôn An Hòa"
keys Down Enter
ok "three matched, two decided" see "3/5 tên khớp và đã được chọn; 2 tên do bạn quyết định."
# An existing participant unticked.
FIRST=$(sq "SELECT coalesce(s.full_name, m.full_name) FROM participant p LEFT JOIN staff s
    ON s.id = p.staff_id LEFT JOIN member m ON m.id = p.member_id WHERE p.training_id = '$TR'
    AND p.deleted = 0 ORDER BY p.rowid LIMIT 1")
typ "$FIRST"
keys Tab
see "~\[x\] $FIRST" >/dev/null
keys Space
see "~\[ \] $FIRST" >/dev/null
keys F2
ok "F2 asks once before removing a participant" see "Bỏ 1 học viên khỏi lớp"
keys c
ok "saved: 4 added, 1 removed" see "Đã lưu danh sách lớp: thêm 4, bỏ 1, sửa 0."
ok "sqlite3: the four matched or chosen are participants" sql_is "SELECT count(*) FROM
    participant p LEFT JOIN staff s ON s.id = p.staff_id LEFT JOIN member m ON
    m.id = p.member_id WHERE p.training_id = '$TR' AND p.deleted = 0 AND
    (s.full_name IN ('Võ Bảo Xinh', 'Nguyễn Văn Việt') OR (m.full_name = 'Nguyễn Kim Tiên'
    AND m.birth_year = 1976) OR (m.full_name = 'Trần Minh Hưởng' AND m.birth_year = 1995))" 4
ok "... the other Hưởng is not" sql_is "SELECT count(*) FROM participant p JOIN member m ON
    m.id = p.member_id WHERE p.training_id = '$TR' AND m.full_name = 'Trần Minh Hưởng'
    AND m.birth_year = 1992" 0
ok "... the unticked one is a tombstone (version 2)" sql_is "SELECT p.deleted || '/' ||
    p.version FROM participant p LEFT JOIN staff s ON s.id = p.staff_id LEFT JOIN member m
    ON m.id = p.member_id WHERE p.training_id = '$TR' AND coalesce(s.full_name, m.full_name)
    = '$FIRST'" "1/2"
ok "... nobody was created" sql_is "SELECT count(*) FROM member" "$MEMBERS"

# An activity: its form's members present.
keys F10
see "Lớp bồi dưỡng, tập huấn —" >/dev/null
keys F10
see "Đơn vị: 21853" >/dev/null
keys 6
see "Hoạt động của Tổ công nghệ số cộng đồng —" >/dev/null
keys Enter
see "Thành viên tham gia" >/dev/null
snap
TEAM_NAME=$(row 2 | sed 's/^ *Tổ công nghệ số cộng đồng *\* //; s/ *\[↵\]$//; s/ *$//')
HELD=$(row 3 | sed 's|.* \([0-9][0-9]\)/\([0-9][0-9]\)/\([0-9]\{4\}\).*|\3-\2-\1|')
ACT=$(sq "SELECT a.id FROM activity a JOIN team t ON t.id = a.team_id WHERE t.name =
    '$TEAM_NAME' AND a.held_on = '$HELD' AND a.deleted = 0 ORDER BY a.rowid LIMIT 1")
N=$(sq "SELECT count(*) FROM member WHERE team_id = (SELECT team_id FROM activity WHERE
    id = '$ACT') AND deleted = 0")
keys Down Down Down Down Down F3
ok "F3 on members present opens the team's attendance sheet" \
    see "Thành viên tham gia — $TEAM_NAME" "· $N người" "F2Xong" "!aDự"
# The team fits on the screen: the sheet opens on its rows, Space ticks (or
# unticks) the first at once, no Down first (issue 16's fewer keys).
snap
case $(row 3) in " [x]"*) FLIP='@3= [ ]' ;; *) FLIP='@3= [x]' ;; esac
keys Space
ok "... on its rows (the team fits): Space flips the first row at once" see "$FLIP"
# Esc after a change asks, as the picker it replaces did; no throws away.
keys Escape
ok "Esc after a change asks first" see "Giữ các thay đổi?"
keys Down Enter
ok "... and leaves the form as it was" see "Hoạt động của Tổ công nghệ số cộng đồng — sửa" \
    "!Hoạt động của Tổ công nghệ số cộng đồng — sửa *"
keys F3
see "Thành viên tham gia — $TEAM_NAME" >/dev/null
keys F5
see "$N đã chọn" >/dev/null
keys Enter
see "Hoạt động của Tổ công nghệ số cộng đồng — sửa *" >/dev/null
keys F2
ok "the form saves the members present the sheet gave it" db_is \
    "SELECT count(*) FROM activity_member WHERE activity_id = '$ACT'" "$N"
ok "... as a new version of the activity" sql_is \
    "SELECT version > 1 FROM activity WHERE id = '$ACT'" 1
done_testing
