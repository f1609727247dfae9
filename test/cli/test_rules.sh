#!/bin/sh
# The rules across fields (forms/*.form `rule` lines) as a user meets them
# from a shell, in Vietnamese: an import breaking each rule (end before
# start, a participant both ways, the same person twice in a training —
# against what is stored and within the file — a member present from
# another team) gets one line naming the file, row, field and what is wrong,
# and nothing is stored; a package breaking them has those rows refused with
# the same words. Then the schema's constraints, reached with the rule lines
# removed from a copy of the forms (SOCDS_DATADIR), answer with the mapped
# Vietnamese message. No output of any of it holds SQLite's text.
# TAP output for meson.
set -u
SOCDS=$1
SRC=${SOCDS_TEST_SRCDIR:-$(dirname "$0")/../..}
. "$(dirname "$0")/../lib/tap.sh"
tap_init rules
DB="$T/c.db"
: >"$T/all-output"

# run EXPECTED_STATUS ARGS...: socds in Vietnamese (the default) with a clean
# environment; stdout and stderr in $T/out and $T/err, and kept for the
# last check.
run() {
	want=$1
	shift
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 \
	    ${DATADIR:+SOCDS_DATADIR=$DATADIR} "$SOCDS" "$@" >"$T/out" 2>"$T/err"
	got=$?
	cat "$T/out" "$T/err" >>"$T/all-output"
	if [ "$got" != "$want" ]; then
		echo "# socds $*: exit $got, expected $want" >&2
		sed 's/^/#   /' "$T/err" >&2
		return 1
	fi
	return 0
}
err_has() { grep -qF -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "# stdout lacks '$1':"; sed 's/^/#   /' "$T/out"; return 1; }; }
err_count() {	# err_count N: N lines on stderr
	c=$(wc -l <"$T/err")
	[ "$c" -eq "$1" ] || { echo "# $c lines on stderr, expected $1:"; sed 's/^/#   /' "$T/err"; return 1; }
}
q() { sqlite3 "$1" "$2"; }
snap() { sqlite3 "$DB" .dump >"$T/before.sql"; }
unchanged() {
	sqlite3 "$DB" .dump >"$T/after.sql"
	cmp -s "$T/before.sql" "$T/after.sql" || { diff "$T/before.sql" "$T/after.sql" | head -5 | sed 's/^/#   /'; return 1; }
}
csv() { printf "$2" >"$T/$1"; }

# --- a commune with a training, a staff member, two teams, a member each ---
ok "init commune 21853" run 0 init --unit 21853 --db "$DB"
csv staff.csv 'full_name\nNguyễn Thị Hồng Nhung\n'
csv team.csv 'name\nTổ An Hòa\nTổ Bình Minh\n'
csv member.csv 'team_id,full_name\nTổ An Hòa,Phạm Văn Tâm\nTổ Bình Minh,Bùi Văn Xa\n'
csv training.csv 'title,start_date,end_date\nKỹ năng số,05/03/2026,06/03/2026\n'
csv part.csv 'training_id,staff_id,member_id\nKỹ năng số,Nguyễn Thị Hồng Nhung,\n'
ok "import staff" run 0 import "$T/staff.csv" --kind staff --db "$DB"
ok "import teams" run 0 import "$T/team.csv" --kind team --db "$DB"
ok "import members" run 0 import "$T/member.csv" --kind member --db "$DB"
ok "import a training" run 0 import "$T/training.csv" --kind training --db "$DB"
ok "import its participant" run 0 import "$T/part.csv" --kind participant --db "$DB"
csv act.csv 'team_id,held_on,members_present\nTổ An Hòa,06/03/2026,Phạm Văn Tâm\n'
ok "import an activity with its member" run 0 import "$T/act.csv" --kind activity --db "$DB"

# --- imports breaking each rule: one line each, nothing stored ---
snap
csv bad-training.csv 'title,start_date,end_date\nLớp A,05/03/2026,04/03/2026\n'
ok "end before start: refused" run 1 import "$T/bad-training.csv" --kind training --db "$DB"
ok "end before start: row, field and dates in Vietnamese" \
    err_has "bad-training.csv:2: Ngày kết thúc: 04/03/2026 trước Ngày bắt đầu 05/03/2026"
ok "end before start: one line for the row, one for the file" err_count 2

csv both.csv 'training_id,staff_id,member_id\nKỹ năng số,Nguyễn Thị Hồng Nhung,Phạm Văn Tâm\n'
ok "both staff and member: refused" run 1 import "$T/both.csv" --kind participant --db "$DB"
ok "both: names both fields, in Vietnamese" \
    err_has "both.csv:2: Cán bộ, công chức, Thành viên Tổ công nghệ số cộng đồng: chỉ chọn một trong hai, không chọn cả hai"
csv neither.csv 'training_id,staff_id,member_id,attended\nKỹ năng số,,,có\n'
ok "neither: refused" run 1 import "$T/neither.csv" --kind participant --db "$DB"
ok "neither: in Vietnamese" err_has "neither.csv:2: Cán bộ, công chức, Thành viên Tổ công nghệ số cộng đồng: hãy chọn một trong hai"

csv again.csv 'training_id,staff_id,member_id\nKỹ năng số,nguyen thi hong nhung,\n'
ok "already a participant: refused" run 1 import "$T/again.csv" --kind participant --db "$DB"
ok "already a participant: the person and the field" \
    err_has "again.csv:2: Cán bộ, công chức: Nguyễn Thị Hồng Nhung đã được ghi nhận với cùng Lớp bồi dưỡng, tập huấn"
ok "already a participant: one line for the row, one for the file" err_count 2

csv twice.csv 'training_id,staff_id,member_id\nKỹ năng số,,Phạm Văn Tâm\nKỹ năng số,,Bùi Văn Xa\nKỹ năng số,,pham van tam\n'
ok "twice in the file: refused" run 1 import "$T/twice.csv" --kind participant --db "$DB"
ok "twice in the file: the later row names the earlier" \
    err_has "twice.csv:4: Thành viên Tổ công nghệ số cộng đồng: bị lặp lại với cùng Lớp bồi dưỡng, tập huấn (đã có ở dòng 2)"
ok "twice in the file: the other rows are fine" err_count 2

csv activity.csv 'team_id,held_on,members_present\nTổ An Hòa,07/03/2026,Phạm Văn Tâm; Bùi Văn Xa\n'
ok "member of another team: refused" run 1 import "$T/activity.csv" --kind activity --db "$DB"
ok "member of another team: the member, the team field" \
    err_has "activity.csv:2: Thành viên tham gia: Bùi Văn Xa không thuộc Tổ công nghệ số cộng đồng đã chọn"
ok "nothing of it stored" unchanged

# --- merge: a package whose rows break the rules ---
D="$T/d.db"
ok "init district 548" run 0 init --unit 548 --db "$D"
ok "package 1" run 0 export package --db "$DB" --out "$T/p1.zip"
ok "merge package 1" run 0 merge "$T/p1.zip" --db "$D"
TR=$(q "$DB" "SELECT id FROM training")
ST=$(q "$DB" "SELECT id FROM staff")
M1=$(q "$DB" "SELECT id FROM member WHERE full_name = 'Phạm Văn Tâm'")
M2=$(q "$DB" "SELECT id FROM member WHERE full_name = 'Bùi Văn Xa'")
TEAM1=$(q "$DB" "SELECT id FROM team WHERE name = 'Tổ An Hòa'")
TEAM2=$(q "$DB" "SELECT id FROM team WHERE name = 'Tổ Bình Minh'")
ACT=$(q "$DB" "SELECT id FROM activity")
# At the office, the member has since moved to the other team: the activity
# received before, unchanged in the next package, is not judged again.
q "$D" "UPDATE member SET team_id = '$TEAM2', version = version + 1 WHERE id = '$M1'"
NOW=2026-03-08T08:00:00Z
row() {	# row ID TRAINING STAFF MEMBER: a participant written past every rule
	echo "INSERT INTO participant (id, unit_code, created_at, updated_at, training_id, staff_id,"\
	    " member_id) VALUES ('$1', '21853', '$NOW', '$NOW', '$2', ${3:-NULL}, ${4:-NULL});"
}
# The commune's own database is made to hold what its rules refuse: the
# schema's CHECKs ignored and the unique indexes dropped, as a damaged or
# hostile copy could.
sqlite3 "$DB" "PRAGMA ignore_check_constraints = 1;
DROP INDEX participant_staff; DROP INDEX participant_member;
UPDATE training SET end_date = '2026-03-01', version = version + 1, updated_at = '$NOW';
$(row 01900000-0000-7000-8000-000000000001 "$TR" "'$ST'")
$(row 01900000-0000-7000-8000-000000000002 "$TR" "'$ST'" "'$M2'")
$(row 01900000-0000-7000-8000-000000000003 "$TR" NULL "'$M2'")
$(row 01900000-0000-7000-8000-000000000004 "$TR" NULL "'$M2'")
INSERT INTO activity (id, unit_code, created_at, updated_at, team_id, held_on)
    VALUES ('01900000-0000-7000-8000-000000000005', '21853', '$NOW', '$NOW', '$TEAM1', '2026-03-07');
INSERT INTO activity_member VALUES ('01900000-0000-7000-8000-000000000005', '$M1'),
    ('01900000-0000-7000-8000-000000000005', '$M2');"
ok "package 2, breaking every rule" run 0 export package --db "$DB" --out "$T/p2.zip"
cp "$D" "$T/d-before.db"
ok "merge package 2: the good row goes in" run 0 merge "$T/p2.zip" --db "$D"
cp "$T/out" "$T/merge.txt"
mhas() { grep -qF -- "$1" "$T/merge.txt" || { echo "# merge report lacks '$1':"; sed 's/^/#   /' "$T/merge.txt"; return 1; }; }
ok "merge: end before start refused, in Vietnamese" \
    mhas "data/training.csv:2: Ngày kết thúc: 01/03/2026 trước Ngày bắt đầu 05/03/2026"
ok "merge: already a participant refused" \
    mhas "Cán bộ, công chức: Nguyễn Thị Hồng Nhung đã được ghi nhận với cùng Lớp bồi dưỡng, tập huấn"
ok "merge: both staff and member refused" \
    mhas "Cán bộ, công chức, Thành viên Tổ công nghệ số cộng đồng: chỉ chọn một trong hai, không chọn cả hai"
ok "merge: twice in the package, the second refused" \
    mhas "Thành viên Tổ công nghệ số cộng đồng: Bùi Văn Xa đã được ghi nhận với cùng Lớp bồi dưỡng, tập huấn"
ok "merge: member of another team refused" \
    mhas "data/activity.csv:3: Thành viên tham gia:"
ok "... naming the member and the team field" mhas "không thuộc Tổ công nghệ số cộng đồng đã chọn"
ok "merge: five rows refused, the unchanged activity not among them" \
    sh -c "grep -q 'từ chối 5\$' '$T/merge.txt' && ! grep -q 'từ chối activity $ACT' '$T/merge.txt'"
ok "merge: the training keeps its end date" test "$(q "$D" "SELECT end_date FROM training")" = 2026-03-06
ok "merge: one participant per person and training" \
    test "$(q "$D" "SELECT count(*) FROM participant WHERE deleted = 0")" = 2
ok "merge: the one good new participant is in" \
    test "$(q "$D" "SELECT count(*) FROM participant WHERE member_id = '$M2'")" = 1
ok "merge: only the activity received before" test "$(q "$D" "SELECT group_concat(id) FROM activity")" = "$ACT"

# --- below the rules: the schema's constraints, mapped ---
DATADIR="$T/data"
mkdir -p "$DATADIR"
cp -r "$SRC/forms" "$SRC/assets" "$DATADIR/"
for f in "$DATADIR"/forms/*.form; do
	grep -v '^rule ' "$f" >"$f.new" && mv "$f.new" "$f"
done
DB="$T/g.db"
ok "init with forms without rules" run 0 init --unit 21853 --db "$DB"
ok "import staff there" run 0 import "$T/staff.csv" --kind staff --db "$DB"
ok "import members there" run 0 import "$T/team.csv" --kind team --db "$DB"
ok "import members there" run 0 import "$T/member.csv" --kind member --db "$DB"
ok "import the training there" run 0 import "$T/training.csv" --kind training --db "$DB"
ok "import the participant there" run 0 import "$T/part.csv" --kind participant --db "$DB"
snap
ok "CHECK end >= start: refused" run 1 import "$T/bad-training.csv" --kind training --db "$DB"
ok "CHECK end >= start: the mapped Vietnamese message" \
    err_has "bad-training.csv:2: Ngày kết thúc: lớp học không thể kết thúc trước ngày bắt đầu"
ok "CHECK staff xor member: refused" run 1 import "$T/both.csv" --kind participant --db "$DB"
ok "CHECK staff xor member: mapped" \
    err_has "both.csv:2: Cán bộ, công chức hoặc thành viên Tổ: mỗi học viên là đúng một trong hai"
ok "UNIQUE participant: refused" run 1 import "$T/again.csv" --kind participant --db "$DB"
ok "UNIQUE participant: mapped" err_has "again.csv:2: Cán bộ, công chức: đã là học viên của lớp này"
csv hours.csv 'title,hours\nLớp H,-3\n'
sed -i '/^  min       0$/d' "$DATADIR/forms/training.form"
ok "CHECK hours >= 0: refused" run 1 import "$T/hours.csv" --kind training --db "$DB"
ok "CHECK hours >= 0: mapped" err_has "hours.csv:2: Số giờ học: không được là số âm"
ok "nothing stored past the guard" unchanged

# --- every kind of bad value of every field of every form, imported ---
# A row per field with a value most types refuse, rows of values too long,
# negative, impossible: each import refused (or its problems listed), the
# messages kept for the check below. With the rules and without.
DB="$T/h.db"
ok "init for the bad values" run 0 init --unit 21853 --db "$DB"
bad_values() {	# bad_values FORMS_DIR: every form's fields with bad values
	long=$(printf '%0300d' 7)
	for form in "$1"/*.form; do
		kind=$(basename "$form" .form)
		[ "$kind" = task_progress ] && continue	# not imported
		fields=$(sed -n 's/^field  *//p' "$form" | tr -d '\r')
		header=$(echo $fields | tr ' ' ',')
		nf=$(echo $fields | wc -w)
		{
			echo "$header"
			for v in '31/02/2026' '-5' '%%%;%%%' "$long" '=1+1' '0000-00-00' 'có;không' \
			    '01900000-0000-7000-8000-00000000000f'; do
				i=0
				while [ $i -lt "$nf" ]; do
					row=
					j=0
					while [ $j -lt "$nf" ]; do
						[ $j -gt 0 ] && row="$row,"
						[ $j -eq $i ] && row="$row\"$v\""
						j=$((j + 1))
					done
					echo "$row"
					i=$((i + 1))
				done
				# the value in every field at once
				row=
				j=0
				while [ $j -lt "$nf" ]; do
					[ $j -gt 0 ] && row="$row,"
					row="$row\"$v\""
					j=$((j + 1))
				done
				echo "$row"
			done
		} >"$T/bad-$kind.csv"
		run 1 import "$T/bad-$kind.csv" --kind "$kind" --db "$DB" || return 1
		grep -q 'bad-'"$kind"'.csv:[0-9]*: ' "$T/err" || { echo "# no row named for $kind"; return 1; }
	done
}
ok "bad values of every field, with the rules" bad_values "$DATADIR/forms"
DATADIR=
ok "bad values of every field, without the rules" bad_values "$SRC/forms"
snap
ok "none of it stored" unchanged

# A broken form file of each kind of rule fault: told at file:line.
DATADIR="$T/broken"
mkdir -p "$DATADIR"
cp -r "$SRC/forms" "$SRC/assets" "$DATADIR/"
for r in 'rule before end_date start_date' 'rule after end_date' 'rule after title start_date' \
    'rule after end_date nowhere'; do
	cp "$SRC/forms/training.form" "$DATADIR/forms/training.form"
	echo "$r" >>"$DATADIR/forms/training.form"
	ok "broken rule '$r': refused at its line" run 1 import "$T/training.csv" --kind training --db "$DB"
	ok "... naming training.form and the line" \
	    err_has "training.form:$(wc -l <"$DATADIR/forms/training.form"):"
done
DATADIR=

# --- no output above holds SQLite's text ---
no_sqlite() {
	if grep -nE 'constraint|SQLITE|sqlite3|CHECK|UNIQUE|NOT NULL' "$T/all-output"; then
		echo "# SQLite's text reached a user"
		return 1
	fi
	# and the checks did look at output
	[ "$(wc -l <"$T/all-output")" -gt 40 ]
}
ok "no output holds SQLite's text" no_sqlite

done_testing
