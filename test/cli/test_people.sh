#!/bin/sh
# What the seeds ask about people (issue 13, point 6, first half), on a
# commune database (socds demo --unit 21853) and an office database (--unit
# 548): each new figure of `socds report --format csv` equals SQL written
# here for sqlite3 — the dedicated-or-department focal point (seed 003), IT
# qualifications counted under each one held, team members in the DT network
# (from enterprises apart) and their platform access, certificates issued (the
# office's own row and the rows of the units below add up to the total, and
# the XLSX by-unit sheet has the same numbers). A staff CSV with two IT
# qualifications is counted under both and exported joined; a member CSV
# without the new columns still imports; a schema v10 file upgrades.
# TAP output for meson. Usage: sh test_people.sh /abs/path/to/socds
set -u
SOCDS=$1
SRC=${SOCDS_TEST_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/../lib/tap.sh"
tap_init people
tap_utf8

PY=/usr/bin/python3
if ! "$PY" -c 'import openpyxl' 2>/dev/null || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs /usr/bin/python3 with openpyxl, and sqlite3"
fi

differ() {
	[ "$2" != "$3" ] && return 0
	echo "# $1: both '$2'"
	return 1
}
has() { grep -qF -- "$2" "$1" || { echo "# no '$2' in $(basename "$1")"; return 1; }; }
q() { sqlite3 -batch -noheader "$DB" "$1"; }

# The report of $DB as CSV, read by python3's csv: one line per row,
# figure|part|unit_code|key|value|denominator, into $T/rep.
report() {
	run 0 report --db "$DB" --format csv --out "$T/rep.csv" --force || return 1
	"$PY" - "$T/rep.csv" >"$T/rep" <<'PYEOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for r in csv.DictReader(f):
        print("|".join([r["figure"], r["part"], r["unit_code"], r["key"], r["value"],
                        r["denominator"]]))
PYEOF
}
# fig FIGURE PART UNIT [KEY]: "value" or "value/denominator" from $T/rep.
fig() {
	awk -F'|' -v f="$1" -v p="$2" -v u="$3" -v k="${4:-}" \
	    '$1 == f && $2 == p && $3 == u && $4 == k { print ($6 == "" ? $5 : $5 "/" $6) }' "$T/rep"
}
# byall FIGURE PART UNIT: every key of a breakdown as key=value[/denominator];...
byall() {
	awk -F'|' -v f="$1" -v p="$2" -v u="$3" '$1 == f && $2 == p && $3 == u && $4 != "" {
	    s = s (s == "" ? "" : ";") $4 "=" ($6 == "" ? $5 : $5 "/" $6) } END { print s }' "$T/rep"
}

# The units whose records a row of the report counts, on today's map (map
# rules, src/store/store-internal.h): the unit and every unit below it
# (parent_code), except that an abolished commune counts in a unit below the
# report's own unit only by crediting: it goes to the one current commune the
# old-to-new mapping (unit_map) names for it, or to its successor_code when
# the mapping has no rule for it. The report's own unit keeps every unit below
# it and also gets what the mapping sends to any unit within it, even a
# commune split among several (those are "not yet assigned" below it).
scope_of() {	# scope_of UNIT_SQL: WITH ... below(code)
	echo "WITH RECURSIVE tree(code) AS ($1 UNION
	    SELECT u.code FROM unit u JOIN tree t ON u.parent_code = t.code),
	  is_home(yes) AS (SELECT ($1) = (SELECT unit_code FROM home)),
	  below(code) AS (SELECT t.code FROM tree t JOIN unit u ON u.code = t.code
	    WHERE (SELECT yes FROM is_home) OR u.level <> 'commune' OR u.status = 'current'
	  UNION SELECT o.code FROM unit o WHERE o.level = 'commune' AND o.status = 'abolished'
	    AND CASE WHEN EXISTS (SELECT 1 FROM unit_map m WHERE m.old_code = o.code)
	    THEN EXISTS (SELECT 1 FROM unit_map m JOIN tree t ON t.code = m.new_code
	      WHERE m.old_code = o.code) AND ((SELECT yes FROM is_home)
	      OR (SELECT count(DISTINCT m.new_code) FROM unit_map m WHERE m.old_code = o.code) = 1)
	    ELSE ifnull(o.successor_code IN (SELECT code FROM tree), 0) END)"
}
# The units of the report's total; sub UNIT: of any one unit's row.
BELOW=$(scope_of "SELECT unit_code FROM home")
sub() { scope_of "SELECT '$1'"; }
# The report (no period) counts people as of today, as the program sees it
# (run with no TZ, env -i). An officer is in post from in_post_from, else the
# decision date, else the day the record was made, until in_post_until (that
# day included); a team member is in the team from joined_on, else the day
# the record was made, until left_on (that day included).
TODAY=$(env -i date +%Y-%m-%d)
in_post() {	# in_post [ALIAS.]: the condition on a staff row
	echo "CASE WHEN ${1:-}in_post_from IS NOT NULL THEN ${1:-}in_post_from
	    WHEN ${1:-}decision_date IS NOT NULL THEN ${1:-}decision_date
	    ELSE substr(${1:-}created_at, 1, 10) END <= '$TODAY'
	    AND ifnull(${1:-}in_post_until, '9999-12-31') >= '$TODAY'"
}
in_team() {	# in_team [ALIAS.]: the condition on a member row
	echo "CASE WHEN ${1:-}joined_on IS NOT NULL THEN ${1:-}joined_on
	    ELSE substr(${1:-}created_at, 1, 10) END <= '$TODAY'
	    AND ifnull(${1:-}left_on, '9999-12-31') >= '$TODAY'"
}
COMMUNES="SELECT u.code FROM unit u JOIN below b ON b.code = u.code
    WHERE u.level = 'commune' AND u.status = 'current'"
# A ';'-joined set column split by a recursive CTE (not json_each), one row per code.
split_sql() {	# split_sql BELOW TABLE COLUMN CONDITION
	echo "$1, parts(rest, code) AS (
	    SELECT t.$3 || ';', NULL FROM $2 t JOIN below b ON b.code = t.unit_code
	    WHERE t.deleted = 0 AND $4 AND t.$3 IS NOT NULL AND t.$3 <> ''
	    UNION ALL SELECT substr(rest, instr(rest, ';') + 1), substr(rest, 1, instr(rest, ';') - 1)
	    FROM parts WHERE rest <> '')"
}
# expect_by LIST SQL: for every code of assets/lists/LIST.csv in list order,
# code=n (n from SQL's code|n rows, 0 when absent), joined by ';'.
expect_by() {
	q "$2" >"$T/by"
	awk -F, 'NR > 1 { print $1 }' "$SRC/assets/lists/$1.csv" | tr -d '\r' | while read -r c; do
		v=$(awk -F'|' -v c="$c" '$1 == c { print $2 }' "$T/by")
		printf '%s=%s\n' "$c" "${v:-0}"
	done | paste -sd';'
}

expect_focal() {	# n/d of current communes below with a dedicated or department focal point
	q "$BELOW SELECT (SELECT count(*) FROM ($COMMUNES) c WHERE c.code IN (SELECT unit_code
	    FROM staff WHERE deleted = 0 AND focal_point = 1 AND (employment = 'dedicated'
	    OR focal_department = 1) AND $(in_post))) || '/' || (SELECT count(*) FROM ($COMMUNES))"
}
expect_it() {
	expect_by it_qualification "$(split_sql "$BELOW" staff it_qualification "$(in_post t.)")
	    SELECT code, count(*) FROM parts WHERE code IS NOT NULL GROUP BY code"
}
expect_certs() {	# expect_certs [UNIT]: certificates in trainings of UNIT's subtree
	if [ $# -gt 0 ]; then b=$(sub "$1"); else b=$BELOW; fi
	q "$b SELECT count(*) FROM participant p, training t WHERE p.training_id = t.id
	    AND t.unit_code IN (SELECT code FROM below) AND t.deleted = 0 AND p.deleted = 0
	    AND p.certificate = 1"
}
expect_net() {	# expect_net [UNIT]
	if [ $# -gt 0 ]; then b=$(sub "$1"); else b=$BELOW; fi
	q "$b SELECT count(*) FROM member WHERE unit_code IN (SELECT code FROM below)
	    AND deleted = 0 AND dt_network = 1 AND $(in_team)"
}
expect_ent() {
	q "$BELOW SELECT count(*) FROM member WHERE unit_code IN (SELECT code FROM below)
	    AND deleted = 0 AND dt_network = 1 AND $(in_team)
	    AND affiliation IN ('business', 'bank_staff', 'postal_telecom')"
}
expect_plat() {	# every platform: members in the network holding it / all in the network
	d=$(expect_net)
	expect_by platform "$(split_sql "$BELOW" member platforms "t.dt_network = 1 AND $(in_team t.)")
	    SELECT code, count(*) FROM parts WHERE code IS NOT NULL GROUP BY code" |
	    awk -v d="$d" -v RS=';' -v ORS=';' '{ sub(/\n$/, ""); print $0 "/" d }' | sed 's/;$//'
}

# check_all WHAT UNIT: every new figure of the report equals its SQL.
check_all() {
	report || return 1
	ok "$1: dedicated-or-department focal point = SQL" same focal \
	    "$(fig staff.dedicated_focal_units unit "$2")" "$(expect_focal)"
	ok "$1: by IT qualification, a person under each held = SQL" same itq \
	    "$(byall staff.by_it_qualification unit "$2")" "$(expect_it)"
	ok "$1: certificates issued = SQL" same certs \
	    "$(fig training.certificates unit "$2")" "$(expect_certs)"
	ok "$1: team members in the DT network = SQL" same net \
	    "$(fig cdtt.network_members unit "$2")" "$(expect_net)"
	ok "$1: of them from enterprises = SQL" same ent \
	    "$(fig cdtt.network_enterprise unit "$2")" "$(expect_ent)"
	ok "$1: their platform access = SQL" same plat \
	    "$(byall cdtt.network_platforms unit "$2")" "$(expect_plat)"
}

# ------------------------------------------------------ commune database ---
DB="$T/c.db"
run 0 demo --unit 21853 --db "$DB" || { echo "Bail out! socds demo --unit 21853 failed"; exit 1; }
C=$(q "SELECT unit_code FROM home")
check_all "commune $C" "$C"
# The demo has what the figures count (else the checks above prove little).
ok "commune: the demo has people with two IT qualifications" same two \
    "$(q "SELECT count(*) > 0 FROM staff WHERE deleted = 0 AND it_qualification LIKE '%;%'")" 1
ok "commune: the demo has team members in the network with platforms" same plat \
    "$(q "SELECT count(*) > 0 FROM member WHERE deleted = 0 AND dt_network = 1
        AND platforms IS NOT NULL")" 1
ok "commune: the demo has certificates" differ certs "$(expect_certs)" 0

# A concurrent focal point counts for the old figure, not for the new one;
# the same officer as a department's counts for both. Made by import.
q "UPDATE staff SET focal_point = 0" >/dev/null
printf '%s\n' "Họ và tên,Năm sinh,Chuyên trách/kiêm nhiệm,Đầu mối chuyển đổi số,Đầu mối CĐS là bộ phận" \
    "Đặng Thị Mười,1988,Kiêm nhiệm,Có,Không" >"$T/conc.csv"
ok "import a concurrent focal point" run 0 import "$T/conc.csv" --kind staff --db "$DB"
report
ok "a concurrent focal point: any focal point 1/1" same any \
    "$(fig staff.focal_units unit "$C")" "1/1"
ok "a concurrent focal point: no dedicated one 0/1" same ded \
    "$(fig staff.dedicated_focal_units unit "$C")" "0/1"
printf '%s\n' "Họ và tên,Năm sinh,Chuyên trách/kiêm nhiệm,Đầu mối chuyển đổi số,Đầu mối CĐS là bộ phận" \
    "Phan Văn Mười Một,1987,Kiêm nhiệm,Có,Có" >"$T/dept.csv"
ok "import a focal point who is a department's officer" \
    run 0 import "$T/dept.csv" --kind staff --db "$DB"
report
ok "a department as focal point: 1/1" same ded "$(fig staff.dedicated_focal_units unit "$C")" "1/1"
ok "stored focal_department = 1" same dept \
    "$(q "SELECT focal_department FROM staff WHERE full_name = 'Phan Văn Mười Một'")" 1

# Two IT qualifications in one CSV cell: counted under both.
before_u=$(fig staff.by_it_qualification unit "$C" university_it)
before_s=$(fig staff.by_it_qualification unit "$C" infosec_cert)
before_t=$(fig staff.total unit "$C")
printf '%s\n' "Họ và tên,Giới tính,Năm sinh,Trình độ công nghệ thông tin" \
    "Lê Văn Hai,Nam,1990,Đại học CNTT; Chứng chỉ an toàn thông tin" >"$T/itq.csv"
ok "import a staff CSV with two IT qualifications" run 0 import "$T/itq.csv" --kind staff --db "$DB"
ok "stored as a set in list order" same set \
    "$(q "SELECT it_qualification FROM staff WHERE full_name = 'Lê Văn Hai'")" \
    "university_it;infosec_cert"
report
ok "counted under Đại học CNTT" same univ \
    "$(fig staff.by_it_qualification unit "$C" university_it)" "$((before_u + 1))"
ok "and under Chứng chỉ an toàn thông tin" same sec \
    "$(fig staff.by_it_qualification unit "$C" infosec_cert)" "$((before_s + 1))"
ok "one more officer, not two" same total "$(fig staff.total unit "$C")" "$((before_t + 1))"
check_all "commune after imports" "$C"
printf '%s\n' "Họ và tên,Năm sinh,Trình độ công nghệ thông tin" \
    "Lê Văn Ba,1991,infosec_cert;university_it" >"$T/itq2.csv"
ok "codes given the other way round and by code are the same set" \
    run 0 import "$T/itq2.csv" --kind staff --db "$DB"
ok "… stored in list order" same set2 \
    "$(q "SELECT it_qualification FROM staff WHERE full_name = 'Lê Văn Ba'")" \
    "university_it;infosec_cert"
printf '%s\n' "Họ và tên,Năm sinh,Trình độ công nghệ thông tin" \
    "Lê Văn Bốn,1992,Đại học CNTT; bằng lái xe" >"$T/itq3.csv"
ok "a code that is no IT qualification is refused" run 1 import "$T/itq3.csv" --kind staff \
    --db "$DB"
ok "… naming the field and the value" sh -c 'grep -F "Trình độ công nghệ thông tin" "$1" |
    grep -qF "bằng lái xe"' sh "$T/err"
ok "… and nothing imported" same none \
    "$(q "SELECT count(*) FROM staff WHERE full_name = 'Lê Văn Bốn'")" 0
ok "export writes the set joined (machine CSV)" run 0 export csv --kind staff --machine \
    --db "$DB" --out "$T/staff-m.csv" --force
ok "… university_it;infosec_cert" has "$T/staff-m.csv" ",university_it;infosec_cert,"
ok "export writes the labels joined (CSV for people)" run 0 export csv --kind staff \
    --db "$DB" --out "$T/staff.csv" --force
ok "… Đại học CNTT, Chứng chỉ an toàn thông tin" has "$T/staff.csv" \
    "\"Đại học CNTT, Chứng chỉ an toàn thông tin\""
# The exported file goes back in: a second database gets the same sets.
run 0 demo --unit 21853 --db "$T/c2.db" >/dev/null
ok "the machine CSV imports into another database" run 0 import "$T/staff-m.csv" --kind staff \
    --db "$T/c2.db" --force
ok "… with the set" same set3 "$(sqlite3 "$T/c2.db" \
    "SELECT it_qualification FROM staff WHERE full_name = 'Lê Văn Hai'")" "university_it;infosec_cert"

# Team members: an old CSV (no network or platform columns) still imports;
# a new one with them is counted.
TEAM=$(q "SELECT name FROM team WHERE deleted = 0 ORDER BY name LIMIT 1")
net0=$(expect_net)
printf '%s\n' "Tổ công nghệ số cộng đồng,Họ và tên,Giới tính,Năm sinh,Vai trò trong Tổ,Thành phần,Số điện thoại,Ngày tham gia Tổ,Ghi chú" \
    "$TEAM,Trần Văn Cũ,Nam,2001,Thành viên,Nhân viên ngân hàng,,01/03/2025," >"$T/old-member.csv"
ok "a member CSV without the new columns imports" \
    run 0 import "$T/old-member.csv" --kind member --db "$DB"
ok "… not in the network, no platforms" same old \
    "$(q "SELECT dt_network || '|' || ifnull(platforms, 'NULL') FROM member
        WHERE full_name = 'Trần Văn Cũ'")" "0|NULL"
printf '%s\n' "Tổ công nghệ số cộng đồng,Họ và tên,Năm sinh,Thành phần,Thành viên Mạng lưới chuyển đổi số,Nền tảng số dùng chung được cấp quyền truy cập" \
    "$TEAM,Trần Văn Mới,2002,Nhân viên ngân hàng,Có,\"Nền tảng khảo sát, thu thập ý kiến người dân (VNFORM); NDXP\"" \
    >"$T/new-member.csv"
ok "a member CSV with network and platforms imports" \
    run 0 import "$T/new-member.csv" --kind member --db "$DB"
ok "… stored" same new \
    "$(q "SELECT dt_network || '|' || platforms FROM member WHERE full_name = 'Trần Văn Mới'")" \
    "1|ndxp;vnform"
report
ok "one more team member in the network" same net1 \
    "$(fig cdtt.network_members unit "$C")" "$((net0 + 1))"
check_all "commune after member imports" "$C"

# A schema v10 file (without the new columns) upgrades when opened: what
# versions 11 (in-post dates), 12 (these columns) and 13 (statistic) added is
# taken away first, as are 15's warnings_ok, 16's recycle bin and 17's receipt tables (14 only renames abolished units,
# which a v10 file of the same data may well need too).
cp "$DB" "$T/v10.db"
sqlite3 "$T/v10.db" "DROP INDEX member_network; ALTER TABLE member DROP COLUMN platforms;
    ALTER TABLE member DROP COLUMN dt_network; ALTER TABLE staff DROP COLUMN focal_department;
    DROP INDEX member_asof; DROP INDEX staff_asof; ALTER TABLE member DROP COLUMN left_on;
    ALTER TABLE staff DROP COLUMN in_post_from; ALTER TABLE staff DROP COLUMN in_post_until;
    DROP TABLE statistic; DELETE FROM kind_count WHERE kind = 'statistic';
    ALTER TABLE village DROP COLUMN warnings_ok; ALTER TABLE staff DROP COLUMN warnings_ok; ALTER TABLE training DROP COLUMN warnings_ok; ALTER TABLE participant DROP COLUMN warnings_ok; ALTER TABLE team DROP COLUMN warnings_ok; ALTER TABLE member DROP COLUMN warnings_ok; ALTER TABLE activity DROP COLUMN warnings_ok; ALTER TABLE task_progress DROP COLUMN warnings_ok;
    DROP TABLE deletion_item; DROP TABLE deletion; DROP INDEX village_bin; DROP INDEX staff_bin; DROP INDEX training_bin; DROP INDEX participant_bin; DROP INDEX team_bin; DROP INDEX member_bin; DROP INDEX activity_bin; DROP INDEX task_progress_bin;
    DROP TABLE merge_row; DROP TABLE receipt_issued; DROP TABLE package_sent; DROP TABLE receipt_taken; DROP TABLE ack; DROP TABLE remark; DROP TABLE approval;
    PRAGMA user_version = 10;" >/dev/null
ok "a v10 database reports (and upgrades)" run 0 report --db "$T/v10.db" --format csv
ok "… to v12 or later, with the new columns" same upgraded \
    "$(sqlite3 "$T/v10.db" "SELECT (SELECT user_version FROM pragma_user_version) >= 12,
        (SELECT count(*) FROM pragma_table_info('member') WHERE name IN ('dt_network', 'platforms')),
        (SELECT count(*) FROM pragma_table_info('staff') WHERE name = 'focal_department')")" "1|2|1"

# ------------------------------------------------------- office database ---
DB="$T/o.db"
run 0 demo --unit 548 --db "$DB" || { echo "Bail out! socds demo --unit 548 failed"; exit 1; }
O=$(q "SELECT unit_code FROM home")
# The demo's communes each have a dedicated or a department's focal point;
# the first one's becomes a concurrent officer's, not a department's, so the
# two focal-point rows differ.
FOC=$(q "SELECT min(unit_code) FROM staff WHERE deleted = 0 AND focal_point = 1 AND unit_code IN
    (SELECT code FROM unit WHERE parent_code = '$O' AND level = 'commune' AND status = 'current')")
q "UPDATE staff SET employment = 'concurrent', focal_department = 0, version = version + 1
    WHERE unit_code = '$FOC' AND focal_point = 1" >/dev/null
# A team member in the network recorded under an abolished commune (before
# the merger) that the mapping sends to one current commune of the office:
# counted in that commune's row, as on today's map.
OLD=$(q "SELECT m.old_code FROM unit_map m JOIN unit o ON o.code = m.old_code
    JOIN unit c ON c.code = m.new_code WHERE o.status = 'abolished' AND o.level = 'commune'
    AND c.parent_code = '$O' AND c.status = 'current' AND c.level = 'commune'
    AND m.new_code <> m.old_code AND NOT EXISTS (SELECT 1 FROM unit_map x
    WHERE x.old_code = m.old_code AND x.new_code <> m.new_code) ORDER BY 1 LIMIT 1")
NEW=$(q "SELECT new_code FROM unit_map WHERE old_code = '$OLD'")
q "UPDATE member SET unit_code = '$OLD', version = version + 1 WHERE id = (SELECT min(id)
    FROM member WHERE unit_code = '$NEW' AND deleted = 0 AND dt_network = 1 AND $(in_team))" >/dev/null
ok "office: a network member under abolished commune $OLD (now $NEW)" same old \
    "$(q "SELECT count(*) FROM member WHERE unit_code = '$OLD' AND deleted = 0 AND dt_network = 1")" 1
check_all "office $O" "$O"
ok "office: the two focal-point rows differ" differ focal \
    "$(fig staff.focal_units unit "$O")" "$(fig staff.dedicated_focal_units unit "$O")"
ok "office: enterprises are a part of the network members" same part \
    "$(q "SELECT $(expect_ent) < $(expect_net) AND $(expect_ent) > 0")" 1
# Per unit: the office's own row, one row per unit below, adding up to the total.
for f in training.certificates cdtt.network_members; do
	case $f in training.*) ex=expect_certs ;; *) ex=expect_net ;; esac
	bad=0
	for u in $(awk -F'|' -v f="$f" '$1 == f && $2 == "below" { print $3 }' "$T/rep"); do
		[ "$(fig "$f" below "$u")" = "$($ex "$u")" ] || { echo "# $f $u: $(fig "$f" below "$u") vs $($ex "$u")"; bad=1; }
	done
	ok "office: $f of each unit below = SQL" same "$f below" "$bad" 0
	own=$(fig "$f" own "$O")
	case $f in
	training.*) want=$(q "SELECT count(*) FROM participant p, training t WHERE p.training_id = t.id
	    AND t.unit_code = '$O' AND t.deleted = 0 AND p.deleted = 0 AND p.certificate = 1") ;;
	*) want=$(q "SELECT count(*) FROM member WHERE unit_code = '$O' AND deleted = 0 AND dt_network = 1
	    AND $(in_team)") ;;
	esac
	ok "office: $f own row = SQL" same "$f own" "$own" "$want"
	sum=$(awk -F'|' -v f="$f" '$1 == f && ($2 == "below" || $2 == "own") { s += $5 } END { print s + 0 }' "$T/rep")
	ok "office: $f own + units below = total" same "$f sum" "$sum" "$(fig "$f" unit "$O")"
done
ok "office: there are units below" same below \
    "$(awk -F'|' '$1 == "training.certificates" && $2 == "below"' "$T/rep" | wc -l | tr -d ' ')" \
    "$(q "SELECT count(*) FROM unit WHERE parent_code = '$O' AND status = 'current'")"

# The text report shows both focal rows and the certificates, in 78 columns.
ok "text report" run 0 report --db "$DB" --out "$T/rep.txt" --force
ok "… the any-focal-point row" has "$T/rep.txt" "Số xã có đầu mối chuyển đổi số"
ok "… the dedicated-or-department row" has "$T/rep.txt" "Số xã có đầu mối CĐS chuyên trách"
ok "… certificates" has "$T/rep.txt" "Số lượt được cấp chứng chỉ/giấy chứng nhận ........ $(expect_certs)"
ok "… team members in the network" has "$T/rep.txt" "Thành viên Tổ CNSCĐ tham gia Mạng lưới CĐS"
ok "… at most 78 columns" "$PY" -c '
import sys, unicodedata
w = lambda s: sum(0 if unicodedata.combining(c) else 1 for c in s)
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if w(l) > 78]
[print("# %d: %s" % (w(l), l)) for l in bad]
sys.exit(1 if bad else 0)' "$T/rep.txt"

# The XLSX by-unit sheet: a certificates column with the CSV's numbers.
ok "xlsx report" run 0 report --db "$DB" --format xlsx --out "$T/rep.xlsx" --force
mkdir -p "$T/x"
"$PY" "$SRC/test/cli/read_report_xlsx.py" "$T/rep.xlsx" "$T/x" >/dev/null
xcol() {	# xcol LABEL ROWNAME: the number in the by-unit sheet
	"$PY" - "$T/x/sheet2.tsv" "$1" "$2" <<'PYEOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
col = rows[0].index("s:" + sys.argv[2])
for r in rows[1:]:
    if len(r) > 1 and r[1] == "s:" + sys.argv[3]:
        print(r[col][2:] if col < len(r) else "")
PYEOF
}
ok "xlsx by unit: certificates total" same xtot \
    "$(xcol "Số lượt được cấp chứng chỉ/giấy chứng nhận" "Tổng cộng")" "$(fig training.certificates unit "$O")"
ok "xlsx by unit: certificates of the office itself" same xown \
    "$(xcol "Số lượt được cấp chứng chỉ/giấy chứng nhận" "Cơ quan báo cáo")" \
    "$(fig training.certificates own "$O")"
FIRST=$(awk -F'|' '$1 == "training.certificates" && $2 == "below" { print $3; exit }' "$T/rep")
ok "xlsx by unit: certificates of a unit below" same xbelow \
    "$(xcol "Số lượt được cấp chứng chỉ/giấy chứng nhận" "$(q "SELECT name FROM unit WHERE code = '$FIRST'")")" \
    "$(fig training.certificates below "$FIRST")"

done_testing
