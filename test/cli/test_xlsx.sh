#!/bin/sh
# socds export xlsx, read back by an independent reader (openpyxl, through
# read_xlsx.py) and compared cell by cell with independent sqlite3 queries of
# the same database: sheets, counts, exact Vietnamese text, real dates and
# numbers, names for ids, citizens helped per category, frozen headers, file
# mode, and files never overwritten nor left half-written. TAP output for meson.
# Usage: sh test_xlsx.sh /abs/path/to/socds   (SOCDS_TEST_SRCDIR: the source tree)
set -u
SOCDS=$1
SRC=${SOCDS_TEST_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
READ="$SRC/test/cli/read_xlsx.py"
. "$(dirname "$0")/../lib/tap.sh"
tap_init xlsx
# Byte order for sort and awk, as SQLite orders ids.
LC_ALL=C
export LC_ALL
TAB=$(printf '\t')

PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then
		PY=$p
		break
	fi
done
if [ -z "$PY" ] || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs python3-openpyxl and sqlite3"
fi

# run EXPECTED_STATUS ARGS...: socds with a clean environment (UTC clock
# unless TZ_RUN says otherwise); stdout/stderr in $T/out and $T/err.
RUN_ENV='TZ=${TZ_RUN:-UTC} ${SOCDS_DATADIR:+SOCDS_DATADIR=$SOCDS_DATADIR}'
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { sed 's/^/#   /' "$T/err"; return 1; }; }
err_has() { grep -q -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
mode_600() { [ "$(stat -c %a "$1")" = 600 ] || { echo "# $1: mode $(stat -c %a "$1")"; return 1; }; }
# only_file DIR NAME: DIR holds NAME and nothing else (no temporary left).
only_file() { [ "$(ls -A "$1")" = "$2" ] || { echo "# $1 holds:"; ls -A "$1" | sed 's/^/#   /'; return 1; }; }
empty_dir() { [ -z "$(ls -A "$1")" ] || { echo "# $1 holds:"; ls -A "$1" | sed 's/^/#   /'; return 1; }; }
# same WANT GOT: equal files, not empty, else the first differences.
same() {
	[ -s "$1" ] || { echo "# nothing expected: $1 is empty"; return 1; }
	cmp -s "$1" "$2" && return 0
	echo "# expected (<) and read back (>) differ:"
	diff "$1" "$2" | head -6 | sed 's/^/#   /'
	return 1
}
# sql DB QUERY: one independent, read-only answer, tab-separated.
sql() { sqlite3 -readonly -batch -noheader -separator "$TAB" "$1" "$2"; }
# read_back FILE DIR: the workbook as text (see read_xlsx.py).
read_back() { rm -rf "$2" && "$PY" "$READ" "$1" "$2"; }
# col DIR SHEET HEADER: "id<TAB>cell" of column HEADER of sheet number SHEET,
# by id (the column "Mã bản ghi" names the record).
col() {
	awk -F "$TAB" -v h="s:$3" -v k="s:${IDH:-Mã bản ghi}" '
	    NR == 1 { for (i = 1; i <= NF; i++) { if ($i == h) c = i; if ($i == k) id = i }
		if (!c || !id) exit 1; next }
	    { print substr($id, 3) "\t" $c }' "$1/sheet$2.tsv" | sort
}
# want DB QUERY: the expected "id<TAB>cell" lines, by id.
want() { sql "$1" "$2" | sort; }
# column_sum DIR SHEET HEADER: the sum of a column of numbers.
column_sum() {
	col "$1" "$2" "$3" | awk -F "$TAB" '{ if ($2 != "") s += substr($2, 3) } END { printf "%d\n", s }'
}
# rows DIR SHEET_NAME: data rows of a sheet, from read_xlsx's info.
rows() { awk -F "$TAB" -v s="$2" '$1 == s { print $4 }' "$1/info"; }
not() { ! "$@"; }
# cell_pair FILE LABEL VALUE: a row of FILE (a sheet's TSV) starts LABEL, VALUE.
cell_pair() {
	[ -n "$(awk -F "$TAB" -v a="$2" -v b="$3" '$1 == a && $2 == b' "$1")" ] ||
	    { echo "# no row '$2' '$3' in $1"; return 1; }
}
# header_has SHEET_TSV CELL: the header row holds CELL.
header_has() { head -1 "$1" | tr "$TAB" '\n' | grep -qxF -- "$2"; }
# eq A B: equal and not empty.
eq() { [ -n "$1" ] && [ "$1" = "$2" ] || { echo "# '$1' is not '$2'"; return 1; }; }
title() { sed -n 's/^title\.vi[[:space:]]*//p' "$SRC/forms/$1.form"; }
# labels DB LIST: a scratch database with the list's code -> label table.
labels() {
	rm -f "$T/lists.db"
	sqlite3 "$T/lists.db" ".import --csv $SRC/assets/lists/$1.csv list" >/dev/null
}

# The sheets after the summary, in order: kind, table, sheet number, name.
KINDS="staff training participant village team member activity"
sheet_no() {
	case $1 in
	staff) echo 2 ;; training) echo 3 ;; participant) echo 4 ;; village) echo 5 ;;
	team) echo 6 ;; member) echo 7 ;; activity) echo 8 ;;
	esac
}

mkdir -p "$T/home" "$T/o"
DB="$T/demo.db"
ok "demo database made" run 0 demo --unit 548 --db "$DB"
[ "$failed" -eq 0 ] || { echo "Bail out! no demo database: nothing to export"; exit 1; }
ok "export xlsx exits 0" run 0 export xlsx --out "$T/o/d.xlsx" --db "$DB"
ok "the workbook is 0600" mode_600 "$T/o/d.xlsx"
ok "no temporary file left beside it" only_file "$T/o" d.xlsx
ok "openpyxl reads it" read_back "$T/o/d.xlsx" "$T/r"

# Sheets: the summary first, then the kinds in order, names within 31 characters.
cat >"$T/sheets.want" <<'EOF'
Tổng hợp
CBCC làm công tác CĐS
Lớp bồi dưỡng, tập huấn
Học viên lớp bồi dưỡng
Thôn, tổ dân phố
Tổ công nghệ số cộng đồng
Thành viên Tổ CNSCĐ
Hoạt động của Tổ CNSCĐ
EOF
ok "sheets: summary, then staff … activity" same "$T/sheets.want" "$T/r/sheets"

# Counts: the summary and the sheets against sqlite3's count of live rows.
for k in $KINDS; do
	live=$(sql "$DB" "SELECT count(*) FROM $k WHERE deleted = 0")
	t=$(title "$k")
	got=$(awk -F "$TAB" -v t="$t" '$1 == t { print $2 }' "$T/r/summary")
	ok "summary: $k count $live" eq "$live" "$got"
	sheet=$(sed -n "$(sheet_no "$k")p" "$T/r/sheets")
	got=$(rows "$T/r" "$sheet")
	ok "sheet $sheet: $live rows" eq "$live" "$got"
done
ok "header row frozen on every data sheet" \
    [ "$(awk -F "$TAB" 'NR > 1 && $2 != "A2"' "$T/r/info")" = "" ]
ok "a filter over every data sheet" \
    [ "$(awk -F "$TAB" 'NR > 1 && $3 !~ /^A1:[A-Z]+[0-9]+$/' "$T/r/info")" = "" ]
ok "summary names the unit's code" cell_pair "$T/r/sheet1.tsv" "s:Mã đơn vị" "s:548"
ok "summary names the unit" cell_pair "$T/r/sheet1.tsv" "s:Tên đơn vị" "s:Huyện Phù Cát"
ok "summary: no period means everything" cell_pair "$T/r/sheet1.tsv" "s:Kỳ báo cáo" "s:Toàn bộ"
ok "summary has its creation time as a date" grep -q "^s:Thời điểm lập${TAB}t:" "$T/r/sheet1.tsv"

# Text: exact, NFC, names by id.
ok "every string is NFC" [ ! -s "$T/r/notnfc" ]
want "$DB" "SELECT id, 's:' || full_name FROM staff WHERE deleted = 0" >"$T/w"
col "$T/r" 2 "Họ và tên" >"$T/g"
ok "staff names exact, by id" same "$T/w" "$T/g"
name=$(sql "$DB" "SELECT full_name FROM staff WHERE deleted = 0 AND full_name GLOB '*[^ -~]*' ORDER BY id LIMIT 1")
ok "a staff name with diacritics ($name) appears" grep -qF "s:$name$TAB" "$T/r/sheet2.tsv"
want "$DB" "SELECT a.id, 's:' || t.name FROM activity a JOIN team t ON t.id = a.team_id WHERE a.deleted = 0" >"$T/w"
col "$T/r" 8 "Tổ công nghệ số cộng đồng" >"$T/g"
ok "activities name their team, not its id" same "$T/w" "$T/g"
want "$DB" "SELECT a.id, ifnull('s:' || (SELECT group_concat(full_name, ', ') FROM (SELECT m.full_name FROM activity_member am JOIN member m ON m.id = am.member_id WHERE am.activity_id = a.id ORDER BY am.member_id)), '') FROM activity a WHERE a.deleted = 0" >"$T/w"
col "$T/r" 8 "Thành viên tham gia" >"$T/g"
ok "members present as names joined by ', '" same "$T/w" "$T/g"
want "$DB" "SELECT p.id, ifnull('s:' || t.title, '') FROM participant p JOIN training t ON t.id = p.training_id WHERE p.deleted = 0" >"$T/w"
col "$T/r" 4 "Lớp bồi dưỡng, tập huấn" >"$T/g"
ok "participants name their training" same "$T/w" "$T/g"
want "$DB" "SELECT id, 's:' || CASE focal_point WHEN 1 THEN 'Có' ELSE 'Không' END FROM staff WHERE deleted = 0" >"$T/w"
col "$T/r" 2 "Đầu mối chuyển đổi số" >"$T/g"
ok "yes/no as Có/Không" same "$T/w" "$T/g"
labels employment
sqlite3 -batch -noheader -separator "$TAB" "$T/lists.db" "ATTACH '$DB' AS d" \
    "SELECT s.id, ifnull('s:' || l.vi, '') FROM d.staff s LEFT JOIN list l ON l.code = s.employment WHERE s.deleted = 0" | sort >"$T/w"
col "$T/r" 2 "Chuyên trách/kiêm nhiệm" >"$T/g"
ok "choices as their Vietnamese labels" same "$T/w" "$T/g"
want "$DB" "SELECT s.id, 's:' || u.code || ' ' || u.name FROM staff s JOIN unit u ON u.code = s.unit_code WHERE s.deleted = 0" >"$T/w"
col "$T/r" 2 "Đơn vị" >"$T/g"
ok "unit column: code and name" same "$T/w" "$T/g"

# Dates and numbers: real ones, equal to the stored values.
want "$DB" "SELECT id, 'd:' || held_on FROM activity WHERE deleted = 0" >"$T/w"
col "$T/r" 8 "Ngày thực hiện" >"$T/g"
ok "activity dates are real dates (dd/mm/yyyy) equal to the database's" same "$T/w" "$T/g"
want "$DB" "SELECT id, ifnull('d:' || start_date, '') || '|' || ifnull('d:' || end_date, '') FROM training WHERE deleted = 0" >"$T/w"
{ col "$T/r" 3 "Ngày bắt đầu" >"$T/g1" && col "$T/r" 3 "Ngày kết thúc" >"$T/g2"; } &&
    join -t "$TAB" "$T/g1" "$T/g2" | awk -F "$TAB" '{ print $1 "\t" $2 "|" $3 }' >"$T/g"
ok "training start and end dates" same "$T/w" "$T/g"
want "$DB" "SELECT id, ifnull('d:' || decision_date, '') FROM staff WHERE deleted = 0" >"$T/w"
col "$T/r" 2 "Ngày quyết định" >"$T/g"
ok "empty dates stay empty" same "$T/w" "$T/g"
want "$DB" "SELECT id, ifnull('n:' || birth_year, '') FROM staff WHERE deleted = 0" >"$T/w"
col "$T/r" 2 "Năm sinh" >"$T/g"
ok "years of birth are numbers" same "$T/w" "$T/g"
want "$DB" "SELECT id, ifnull(printf('n:%.15g', hours), '') FROM training WHERE deleted = 0" >"$T/w"
col "$T/r" 3 "Số giờ học" >"$T/g"
ok "hours (decimal) are numbers" same "$T/w" "$T/g"
want "$DB" "SELECT id, ifnull('n:' || households, '') FROM village WHERE deleted = 0" >"$T/w"
col "$T/r" 5 "Số hộ gia đình" >"$T/g"
ok "households are numbers" same "$T/w" "$T/g"
want "$DB" "SELECT id, 't:' || substr(updated_at, 1, 19) FROM member WHERE deleted = 0" >"$T/w"
col "$T/r" 7 "Cập nhật" >"$T/g"
ok "update times are date-times (TZ=UTC)" same "$T/w" "$T/g"

# Citizens helped: a number column per category, summing as the database does.
total=$(sql "$DB" "SELECT sum(h.count) FROM activity_help h JOIN activity a ON a.id = h.activity_id WHERE a.deleted = 0")
labels help_category
sqlite3 -batch -noheader -separator "$TAB" "$T/lists.db" "ATTACH '$DB' AS d" \
    "SELECT l.vi, sum(h.count) FROM d.activity_help h JOIN d.activity a ON a.id = h.activity_id JOIN list l ON l.code = h.category WHERE a.deleted = 0 GROUP BY l.vi" | sort >"$T/w"
sqlite3 -batch -noheader "$T/lists.db" "SELECT vi FROM list" >"$T/cats"
: >"$T/g"
sum=0
while IFS= read -r c; do
	s=$(column_sum "$T/r" 8 "$c")
	[ "$s" != 0 ] && printf '%s\t%s\n' "$c" "$s" >>"$T/g"
	sum=$((sum + s))
done <"$T/cats"
sort -o "$T/g" "$T/g"
ok "citizens helped: one number column per category, sums per category" same "$T/w" "$T/g"
ok "citizens helped: the columns sum to the database's $total" eq "$total" "$sum"
ok "no single text cell for citizens helped" \
    not header_has "$T/r/sheet8.tsv" "s:Số lượt người dân được hỗ trợ"

# Never overwritten, never half-written.
cp "$T/o/d.xlsx" "$T/d.copy"
ok "an existing file: exit 1" run 1 export xlsx --out "$T/o/d.xlsx" --db "$DB"
ok "an existing file: one line" one_line
ok "an existing file: named" err_has "$T/o/d.xlsx"
ok "an existing file: unchanged" cmp -s "$T/d.copy" "$T/o/d.xlsx"
ok "--force replaces it" run 0 export xlsx --out "$T/o/d.xlsx" --force --db "$DB"
ok "--force: still 0600, nothing else left" sh -c "[ \"\$(stat -c %a '$T/o/d.xlsx')\" = 600 ] && [ \"\$(ls -A '$T/o')\" = d.xlsx ]"
ok "a missing folder: exit 1" run 1 export xlsx --out "$T/none/x.xlsx" --db "$DB"
ok "a missing folder: one line naming the file" sh -c "[ \"\$(wc -l <'$T/err')\" -eq 1 ] && grep -q '$T/none/x.xlsx' '$T/err'"
mkdir -p "$T/full"
# A full disk, as a file size limit: libxlsxwriter's own writes fail silently,
# the export must notice and leave nothing.
( ulimit -f 300 && trap '' XFSZ && run 1 --lang en export xlsx --out "$T/full/x.xlsx" --db "$DB" )
ok "a full disk: exit 1" [ $? = 0 ]
ok "a full disk: says so" err_has "disk is full"
ok "a full disk: nothing left behind" empty_dir "$T/full"

# Tombstones are not exported; a category no longer in the list keeps a column.
M="$T/mod.db"
sqlite3 "$DB" ".backup '$M'"
gone=$(sql "$M" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1")
act=$(sql "$M" "SELECT id FROM activity WHERE deleted = 0 ORDER BY id LIMIT 1")
sqlite3 "$M" "UPDATE staff SET deleted = 1, version = version + 1 WHERE id = '$gone';
    INSERT INTO activity_help (activity_id, category, count) VALUES ('$act', 'legacy_code', 7)"
ok "export of a changed database" run 0 export xlsx --out "$T/m.xlsx" --db "$M"
read_back "$T/m.xlsx" "$T/rm"
live=$(sql "$M" "SELECT count(*) FROM staff WHERE deleted = 0")
ok "a deleted staff member is left out ($live rows)" eq "$live" "$(rows "$T/rm" "CBCC làm công tác CĐS")"
ok "a deleted staff member's id is absent" not grep -q "$gone" "$T/rm/sheet2.tsv"
ok "an unknown help category keeps its column, under its code" header_has "$T/rm/sheet8.tsv" "s:legacy_code"
ok "an unknown help category keeps its counts" eq 7 "$(column_sum "$T/rm" 8 legacy_code)"

# A period, a unit below the home unit, English, local time.
ok "export --period 2026-Q3" run 0 export xlsx --period 2026-Q3 --out "$T/q.xlsx" --db "$DB"
read_back "$T/q.xlsx" "$T/rq"
a=$(sql "$DB" "SELECT count(*) FROM activity WHERE deleted = 0 AND held_on BETWEEN '2026-07-01' AND '2026-09-30'")
ok "period: activities of the quarter ($a)" eq "$a" "$(rows "$T/rq" "Hoạt động của Tổ CNSCĐ")"
p=$(sql "$DB" "SELECT count(*) FROM participant p JOIN training t ON t.id = p.training_id WHERE p.deleted = 0 AND t.start_date BETWEEN '2026-07-01' AND '2026-09-30'")
ok "period: participants of the quarter's trainings ($p)" eq "$p" "$(rows "$T/rq" "Học viên lớp bồi dưỡng")"
ok "period: named in the summary" \
    cell_pair "$T/rq/sheet1.tsv" "s:Kỳ báo cáo" "s:2026-Q3 (01/07/2026 – 30/09/2026)"
ok "export --unit 21853" run 0 export xlsx --unit 21853 --out "$T/u.xlsx" --db "$DB"
read_back "$T/u.xlsx" "$T/ru"
s=$(sql "$DB" "SELECT count(*) FROM staff WHERE deleted = 0 AND unit_code = '21853'")
ok "unit: its staff only ($s)" eq "$s" "$(rows "$T/ru" "CBCC làm công tác CĐS")"
ok "--lang en" run 0 --lang en export xlsx --out "$T/en.xlsx" --db "$DB"
read_back "$T/en.xlsx" "$T/re"
ok "English headers" sh -c "head -1 '$T/re/sheet2.tsv' | grep -q '^s:Full name${TAB}s:Gender${TAB}.*${TAB}s:Unit${TAB}s:Record id${TAB}s:Updated$'"
ok "English yes/no" sh -c "cut -f 7 '$T/re/sheet2.tsv' | grep -qx 's:Yes'"
TZ_RUN=Asia/Ho_Chi_Minh
ok "export in Vietnam's time zone" run 0 export xlsx --out "$T/tz.xlsx" --db "$DB"
TZ_RUN=
read_back "$T/tz.xlsx" "$T/rt"
want "$DB" "SELECT id, 't:' || strftime('%Y-%m-%dT%H:%M:%S', updated_at, '+7 hours') FROM member WHERE deleted = 0" >"$T/w"
IDH="Mã bản ghi" col "$T/rt" 7 "Cập nhật" >"$T/g"
ok "update times in local time (UTC+7)" same "$T/w" "$T/g"

done_testing
