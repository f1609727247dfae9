#!/bin/sh
# socds import as a user meets it from a shell: exit codes, one line per
# problem naming file, line and field, and a database left exactly as it was
# (sqlite3 .dump before and after) whenever an import is refused or a dry run.
# TAP output for meson.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init import
DB="$T/d.db"

# run EXPECTED_STATUS ARGS...: socds with a clean environment; stdout and
RUN_ENV='${SOCDS_DATADIR:+SOCDS_DATADIR=$SOCDS_DATADIR}'
err_has() { grep -q -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
out_has() { grep -q -- "$1" "$T/out" || { echo "# stdout lacks '$1':"; sed 's/^/#   /' "$T/out"; return 1; }; }
err_lines() {	# err_lines PATTERN N: exactly N lines of stderr match
	c=$(grep -c -- "$1" "$T/err")
	[ "$c" -eq "$2" ] || { echo "# $c lines match '$1', expected $2:"; sed 's/^/#   /' "$T/err"; return 1; }
}
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { sed 's/^/#   /' "$T/err"; return 1; }; }
no_crash() { ! grep -qiE 'sanitizer|segmentation|core dumped|runtime error' "$T/err"; }
q() { sqlite3 "$DB" "$1"; }
is() {	# is SQL EXPECTED
	v=$(q "$1")
	[ "$v" = "$2" ] || { echo "# $1 -> '$v', expected '$2'"; return 1; }
}
snap() { sqlite3 "$DB" .dump >"$T/before.sql"; }
unchanged() {
	sqlite3 "$DB" .dump >"$T/after.sql"
	cmp -s "$T/before.sql" "$T/after.sql" || { diff "$T/before.sql" "$T/after.sql" | head -5 | sed 's/^/#   /'; return 1; }
}

ok "init a district database" run 0 init --unit 548 --db "$DB"

# --- usage: exit 2, nothing read ---
printf 'Họ và tên\nA\n' >"$T/one.csv"
snap
ok "no --kind exits 2" run 2 import "$T/one.csv" --db "$DB"
ok "no --kind: one line" one_line
ok "unknown kind exits 2" run 2 import "$T/one.csv" --kind people --db "$DB"
ok "unknown kind: names it" err_has "people"
ok "unknown encoding exits 2" run 2 import "$T/one.csv" --kind staff --encoding latin1 --db "$DB"
ok "unknown encoding: names it" err_has "latin1"
ok "no file exits 2" run 2 import --kind staff --db "$DB"
ok "two files exit 2" run 2 import "$T/one.csv" "$T/one.csv" --kind staff --db "$DB"
ok "--rejects without --skip-invalid exits 2" run 2 import "$T/one.csv" --kind staff --rejects "$T/r.csv" --db "$DB"
ok "malformed --unit exits 2" run 2 import "$T/one.csv" --kind staff --unit abc --db "$DB"
ok "usage errors change nothing" unchanged

# --- a good file ---
cat >"$T/staff.csv" <<'EOF'
STT,ho va ten,gioi tinh,nam sinh,chuc vu chuc danh,chuyen trach/kiem nhiem,dau moi chuyen doi so,ngay quyet dinh,so dien thoai
1,Nguyễn Thị Hồng Nhung,nữ,1990,cong chuc van phong - thong ke,chuyen trach,có,05/03/2024,0912 345 678
2,Trần Văn Đức,Nam,1985,Chủ tịch UBND,kiêm nhiệm,không,,
3,Lê Hữu Phước,nam,1979,,,x,1/2/2025,(0256) 382 1234
EOF
snap
ok "dry run of a good file exits 0" run 0 import "$T/staff.csv" --kind staff --dry-run --db "$DB"
ok "dry run says it would import 3" out_has ": 3"
ok "dry run changes nothing" unchanged
ok "good staff file imports" run 0 --lang en import "$T/staff.csv" --kind staff --db "$DB"
ok "reports 3 imported" out_has "imported: 3"
ok "no problems on stderr" test ! -s "$T/err"
ok "3 staff stored" is "SELECT count(*) FROM staff" 3
ok "values stored canonical" is "SELECT gender || ' ' || decision_date || ' ' || phone FROM staff WHERE name_key = 'nguyen thi hong nhung'" "female 2024-03-05 0912345678"
ok "database passes check" run 0 check --db "$DB"

# --- bad rows: nothing imported, every problem on its own line ---
cat >"$T/bad.csv" <<'EOF'
Họ và tên,Giới tính,Năm sinh,Ngày quyết định
Võ Văn An,Nam,1985,
Trần Thị Bình,x,1890,
Lê Văn Cường,Nam,1990,
Phạm Thị Dung,Nữ,1992,31/02/2026
,Nữ,1993,
EOF
snap
ok "a file with bad rows exits 1" run 1 import "$T/bad.csv" --kind staff --db "$DB"
ok "one line per problem (4) and a summary" err_lines "bad.csv:[0-9]*: " 4
ok "line 3 names Giới tính" err_has "bad.csv:3: Giới tính:"
ok "line 3 names Năm sinh" err_has "bad.csv:3: Năm sinh: 1890"
ok "line 5 names the date" err_has "bad.csv:5: Ngày quyết định: .*31/02/2026"
ok "line 6 names the missing name" err_has "bad.csv:6: Họ và tên:"
ok "and one summary line" err_lines "^socds: [^:]*bad.csv: " 1
ok "every line of stderr starts with socds:" sh -c "! grep -v '^socds: ' '$T/err'"
ok "refused import changes nothing" unchanged
ok "dry run of the bad file exits 1" run 1 --lang en import "$T/bad.csv" --kind staff --dry-run --db "$DB"
ok "dry run lists the same problems" err_lines "bad.csv:[0-9]*: " 4
ok "... in English with English labels" err_has "bad.csv:3: Year of birth: 1890 is not between 1940 and 2010"
ok "... and says nothing would be imported" err_has "3 of 5 rows are not valid; nothing would be imported"
ok "bad dry run changes nothing" unchanged

# --- --skip-invalid ---
ok "--skip-invalid imports the good rows" run 0 import "$T/bad.csv" --kind staff --skip-invalid --db "$DB"
ok "names the rejects file" out_has "bad.csv.rejects.csv"
ok "rejects file made" test -f "$T/bad.csv.rejects.csv"
ok "rejects file is 0600" sh -c "[ \"\$(stat -c %a '$T/bad.csv.rejects.csv')\" = 600 ]"
ok "rejects file: header and 3 rows" sh -c "[ \"\$(wc -l <'$T/bad.csv.rejects.csv')\" -eq 4 ]"
ok "rejects file: reason column" grep -q "Lý do" "$T/bad.csv.rejects.csv"
ok "rejects file: the reason" grep -q "Trần Thị Bình,x,1890,,\"Giới tính" "$T/bad.csv.rejects.csv"
ok "5 staff stored" is "SELECT count(*) FROM staff" 5
snap
ok "an existing rejects file is not replaced" run 1 import "$T/bad.csv" --kind staff --skip-invalid --db "$DB"
ok "... and named" err_has "bad.csv.rejects.csv"
ok "... and nothing changed" unchanged
ok "--lang en: the reason column in English" run 0 --lang en import "$T/bad.csv" --kind staff --skip-invalid --rejects "$T/r-en.csv" --dry-run --db "$DB"
ok "dry run with --skip-invalid writes no rejects file" test ! -e "$T/r-en.csv"
ok "dry run warns of likely duplicates" err_has "likely duplicate"
ok "... and changes nothing" unchanged

# --- legacy encoding: Windows-1258 as Excel writes it, ';' separated ---
printf 'Ho\362 va\314 t\352n;N\343m sinh\r\nNguy\352\336n V\343n \320\364\314ng;1988\r\n' >"$T/cp.csv"
ok "Windows-1258 file imports" run 0 import "$T/cp.csv" --kind staff --db "$DB"
ok "encoding named" out_has "Windows-1258"
ok "stored NFC" is "SELECT count(*) FROM staff WHERE full_name = 'Nguyễn Văn Đồng' AND birth_year = 1988" 1
ok "database still passes check" run 0 check --db "$DB"
snap
ok "the same file said to be UTF-8 exits 1" run 1 import "$T/cp.csv" --kind staff --encoding utf-8 --db "$DB"
ok "... one line" one_line
ok "... naming file and line" err_has "cp.csv:1:"
ok "... and nothing changed" unchanged

# --- broken files ---
printf 'Họ và tên,Năm sinh\nA,1990\n"B,1991\nC,1992\n' >"$T/quote.csv"
ok "unclosed quote exits 1" run 1 import "$T/quote.csv" --kind staff --db "$DB"
ok "... names the line" err_has "quote.csv:3:"
ok "... no crash" no_crash
: >"$T/empty.csv"
ok "empty file exits 1" run 1 import "$T/empty.csv" --kind staff --db "$DB"
ok "... says empty" err_has "empty.csv"
printf 'Họ và tên,Năm sinh\nA,1990\nB\377,1991\n' >"$T/utf.csv"
ok "invalid UTF-8 exits 1" run 1 import "$T/utf.csv" --kind staff --encoding utf-8 --db "$DB"
ok "... names the line" err_has "utf.csv:3:"
printf 'Họ và tên,Quê quán\nA,B\n' >"$T/col.csv"
ok "unknown column exits 1" run 1 --lang en import "$T/col.csv" --kind staff --db "$DB"
ok "... names column and text" err_has "column 2 'Quê quán'"
ok "missing file exits 1" run 1 import "$T/none.csv" --kind staff --db "$DB"
ok "... names it" err_has "$T/none.csv"
ok "broken files change nothing" unchanged

# --- references by name, through the whole chain ---
printf '"Tên thôn, tổ dân phố"\nThôn An Hòa\nThôn Chánh Hội\n' >"$T/v.csv"
ok "villages import (into a commune)" run 0 import "$T/v.csv" --kind village --unit 21853 --db "$DB"
printf 'Tên Tổ,"Thôn, tổ dân phố"\nTổ CNSCĐ thôn An Hòa,thon an hoa\n' >"$T/t.csv"
ok "a team names its village" run 0 import "$T/t.csv" --kind team --unit 21853 --db "$DB"
ok "... linked" is "SELECT count(*) FROM team t JOIN village v ON v.id = t.village_id WHERE v.name = 'Thôn An Hòa'" 1
printf 'Tổ công nghệ số cộng đồng,Họ và tên,Năm sinh,Vai trò trong Tổ\nto cnscd thon an hoa,Phạm Văn Tâm,1995,Tổ trưởng\nTổ CNSCĐ thôn An Hòa,Đỗ Thị Lan,1998,Thành viên\n' >"$T/m.csv"
ok "members name their team" run 0 import "$T/m.csv" --kind member --db "$DB"
ok "... in the team's commune" is "SELECT count(*) FROM member WHERE unit_code = '21853'" 2
printf 'Tổ công nghệ số cộng đồng,Ngày thực hiện,Thành viên tham gia,Số lượt người dân được hỗ trợ\nTổ CNSCĐ thôn An Hòa,05/03/2026,Phạm Văn Tâm; Đỗ Thị Lan,"VNeID: 3; Chữ ký số: 2"\n' >"$T/a.csv"
ok "an activity names members present" run 0 import "$T/a.csv" --kind activity --db "$DB"
ok "... two members present" is "SELECT count(*) FROM activity_member" 2
ok "... citizens helped" is "SELECT group_concat(category || '=' || count, ';') FROM (SELECT * FROM activity_help ORDER BY category)" "digital_signature=2;vneid=3"
printf 'Tổ công nghệ số cộng đồng,Ngày thực hiện\nTổ không có,05/03/2026\n' >"$T/a2.csv"
snap
ok "an unknown team exits 1" run 1 import "$T/a2.csv" --kind activity --db "$DB"
ok "... not found, with line and field" err_has "a2.csv:2: Tổ công nghệ số cộng đồng: .*'Tổ không có'"
ok "... nothing changed" unchanged
ok "the database passes check at the end" run 0 check --db "$DB"
ok "no crash anywhere" no_crash

done_testing
