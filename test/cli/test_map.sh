#!/bin/sh
# Today's map (issue 13, point 4). The default demo is Tỉnh Gia Lai (52) as
# its Sở Khoa học và Công nghệ with a few of its communes and wards, dated on
# today's map; its report (text and CSV) has a row per filled commune, the
# office's own row and a total equal to section I (sqlite3 SQL of our own).
# A record under an abolished commune counts in its one successor's row; one
# the mapping cannot place (split, or no rule) is listed (socds unit orphans,
# socds check, the report's note) until 'socds unit reassign' moves it.
# "Tỉnh Gia Lai (cũ)" (64) is told apart from Tỉnh Gia Lai (52), in a new
# database and in one upgraded from before schema v14. A commune database
# reports as its UBND; the old district (548) still works.
# TAP output for meson. Usage: sh test_map.sh /abs/path/to/socds
set -u
SOCDS=$1
SRC=${SOCDS_TEST_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
. "$(dirname "$0")/../lib/tap.sh"
tap_init map
tap_utf8
TAB=$(printf '\t')

if ! command -v sqlite3 >/dev/null; then
	tap_skip "needs sqlite3"
fi

q() { sqlite3 "$DB" "$1"; }
has() { grep -qF -- "$1" "$2" || { echo "# '$1' not in $2"; return 1; }; }
hasnt() { ! grep -qF -- "$1" "$2" || { echo "# '$1' is in $2"; return 1; }; }

# Section V of a text report as "name|staff|teams|activities" lines.
by_unit() {
	sed -n '/^V\. /,/^$/p' "$1" | sed '1,2d; /^$/d; s/^ //' |
	    awk -F '  +' 'NF >= 6 { print $1 "|" $2 "|" $5 "|" $6 }'
}
row() { by_unit "$2" | grep "^$1|" | head -1 | cut -d'|' -f2-; }
# Staff are counted as of a day: a report of all data counts them as of today
# (socds's own clock, as run()'s environment gives it). An officer is in post
# on that day when the day his post starts is on or before it (in_post_from;
# failing that the decision's date; failing that the day the record was made)
# and his post has not ended before it (no in_post_until, or that day or later).
DAY=$(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 date +%Y-%m-%d)
IN_POST="deleted = 0 AND ifnull(in_post_from, ifnull(decision_date, date(created_at))) <= '$DAY'
    AND ifnull(in_post_until, '$DAY') >= '$DAY'"
# The staff in post, live teams, activities of units (a SQL list) as "staff|teams|activities".
sql_row() {
	q "SELECT (SELECT count(*) FROM staff WHERE $IN_POST AND unit_code IN ($1)) || '|' ||
	    (SELECT count(*) FROM team WHERE deleted = 0 AND unit_code IN ($1)) || '|' ||
	    (SELECT count(*) FROM activity WHERE deleted = 0 AND unit_code IN ($1))"
}
csv_value() {	# csv_value FIGURE PART UNIT_CODE: the value column of that row
	awk -F, -v f="$1" -v p="$2" -v u="$3" '{ sub(/\r$/, "") } $1 == f && $NF == p && $3 == u { print $7; exit }' "$4"
}

# ------------------------------------------------------- the default demo ---
DB="$T/p.db"
ok "demo without --unit builds" run 0 demo --db "$DB"
ok "... for 52 Tỉnh Gia Lai" has "52 Tỉnh Gia Lai" "$T/out"
ok "its home is the province 52" same "home" "$(q "SELECT unit_code FROM home")" "52"
FILLED=$(q "SELECT DISTINCT unit_code FROM staff WHERE unit_code <> '52' ORDER BY 1" | tr '\n' ' ')
NF=$(q "SELECT count(DISTINCT unit_code) FROM staff WHERE unit_code <> '52'")
ok "a few communes and wards filled (4 to 8): $FILLED" test "$NF" -ge 4 -a "$NF" -le 8
ok "... the communes that succeeded Phù Cát and Quy Nhơn wards, all current, all of 52" same "filled" \
    "$(q "SELECT count(*) FROM unit WHERE code IN (SELECT unit_code FROM staff WHERE unit_code <> '52')
        AND status = 'current' AND level = 'commune' AND parent_code = '52'"),$(q "SELECT count(*) FROM unit
        WHERE code IN (SELECT unit_code FROM staff) AND code IN ('21853', '21859', '21583')")" "$NF,3"
ok "the demo is the same each time (deterministic)" sh -c '
    env -i PATH=/usr/bin:/bin HOME="$3" LC_ALL=C.UTF-8 "$1" demo --db "$2/p2.db" >/dev/null &&
    [ "$(sqlite3 "$2/p.db" "SELECT group_concat(full_name, \";\") FROM (SELECT full_name FROM staff ORDER BY 1)")" = \
      "$(sqlite3 "$2/p2.db" "SELECT group_concat(full_name, \";\") FROM (SELECT full_name FROM staff ORDER BY 1)")" ]' \
    sh "$SOCDS" "$T" "$T/home"

# Consistent dates: nothing of a current commune before it was formed.
ok "teams founded on or after 2025-07-01" same "early teams" \
    "$(q "SELECT count(*) FROM team WHERE founded_on < '2025-07-01'")" "0"
ok "staff decisions dated on or after 2025-07-01" same "early decisions" \
    "$(q "SELECT count(*) FROM staff WHERE decision_date < '2025-07-01'")" "0"
ok "activities held after their team was founded" same "early activities" \
    "$(q "SELECT count(*) FROM activity a JOIN team t ON t.id = a.team_id WHERE a.held_on < t.founded_on")" "0"
ok "members joined after their team was founded" same "early members" \
    "$(q "SELECT count(*) FROM member m JOIN team t ON t.id = m.team_id WHERE m.joined_on < t.founded_on")" "0"
ok "no district body organises a training after 2025" same "Phòng VH-TT" \
    "$(q "SELECT count(*) FROM training WHERE organizer LIKE 'Phòng Văn hóa%'")" "0"
# Topics match titles: the titles file says which topic each title is about.
grep -v '^#' "$SRC/assets/demo/training_titles.txt" |
    awk -F'|' '{ gsub(/\047/, "\047\047"); printf "INSERT INTO tt VALUES (\047%s\047, \047%s\047);\n", $1, $2 }' \
    >"$T/tt.sql"
ok "every training's topic is the one its title is about" same "mismatched topics" \
    "$(sqlite3 "$DB" "CREATE TEMP TABLE tt(title, topic); $(cat "$T/tt.sql")
        SELECT count(*) FROM training t LEFT JOIN tt ON tt.title = t.title
        WHERE tt.topic IS NULL OR tt.topic <> t.topic;")" "0"

# ------------------------------------------------------------ its report ---
ok "report (text)" run 0 report --db "$DB"
cp "$T/out" "$T/p.txt"
ok "headed by the province's committee" sh -c 'sed -n 1p "$1" | grep -q "UBND TỈNH GIA LAI"' sh "$T/p.txt"
ok "... and its Sở Khoa học và Công nghệ" sh -c 'sed -n 2p "$1" | grep -q "SỞ KHOA HỌC VÀ CÔNG NGHỆ"' sh "$T/p.txt"
ok "... its number suffix and place" sh -c 'grep -q "/BC-SKHCN *Gia Lai, ngày" "$1"' sh "$T/p.txt"
ok "... signed by its director" has "GIÁM ĐỐC" "$T/p.txt"
ok "no body that ended on 1 July 2025" sh -c '! grep -qE "HUYỆN|PHÒNG VĂN HÓA" "$1"' sh "$T/p.txt"
ok "the settings are the unit's own (socds unit settings: set)" sh -c \
    '"$1" --db "$2" unit settings >"$3/s" && grep -q "^--body${4}SỞ KHOA HỌC VÀ CÔNG NGHỆ${4}(đã đặt)$" "$3/s" &&
    grep -q "^--place${4}Gia Lai${4}(đã đặt)$" "$3/s" && grep -q "^--signer-title${4}GIÁM ĐỐC${4}(đã đặt)$" "$3/s"' \
    sh "$SOCDS" "$DB" "$T" "$TAB"
for c in $FILLED; do
	name=$(q "SELECT name FROM unit WHERE code = '$c'")
	ok "section V: $name's row = SQL" same "$name" "$(row "$name" "$T/p.txt")" "$(sql_row "'$c'")"
done
ok "section V: the office's own row = SQL" same "own" "$(row "Cơ quan báo cáo" "$T/p.txt")" "$(sql_row "'52'")"
ALL=$(q "SELECT group_concat(quote(code)) FROM unit WHERE code = '52' OR parent_code = '52'")
ok "section V: the total row = SQL" same "total" "$(row "Tổng cộng" "$T/p.txt")" "$(sql_row "$ALL")"
ok "section I's staff = the total row" sh -c 'grep -qE "^ [0-9]+\. Cán bộ CĐS \.* $2$" "$1"' sh "$T/p.txt" \
    "$(q "SELECT count(*) FROM staff WHERE $IN_POST")"
ok "no former district listed as a row of zeros" sh -c '! sed -n "/^V\. /,/^$/p" "$1" |
    grep -qE "^ (Huyện|Thị xã|Thành phố) "' sh "$T/p.txt"
ok "report (CSV)" run 0 report --format csv --db "$DB"
cp "$T/out" "$T/p.csv"
ok "CSV: the unit is 52 Tỉnh Gia Lai" sh -c 'grep -q "^staff.total,staffing,52,Tỉnh Gia Lai,," "$1"' sh "$T/p.csv"
ok "CSV: staff total, own and each filled commune = SQL" same "csv staff" \
    "$(csv_value staff.total unit 52 "$T/p.csv"),$(csv_value staff.total own 52 "$T/p.csv"),$(for c in $FILLED; do
        printf '%s;' "$(csv_value staff.total below "$c" "$T/p.csv")"; done)" \
    "$(q "SELECT count(*) FROM staff WHERE $IN_POST"),$(q "SELECT count(*) FROM staff WHERE $IN_POST
        AND unit_code = '52'"),$(for c in $FILLED; do printf '%s;' "$(q "SELECT count(*) FROM staff
        WHERE $IN_POST AND unit_code = '$c'")"; done)"

# ---------------------------------------- records under abolished codes ---
# Xã Cát Trinh (21877) went whole into Xã Phù Cát (21853): a record kept
# under it (as an old package brings it) counts in Xã Phù Cát's row. The
# officer moved is one in post, so that his count shows where he is credited.
ok "21877 Xã Cát Trinh: abolished, one rule to 21853" same "21877" \
    "$(q "SELECT status || ',' || (SELECT group_concat(new_code) FROM unit_map WHERE old_code = '21877')
        FROM unit WHERE code = '21877'")" "abolished,21853"
q "UPDATE staff SET unit_code = '21877' WHERE id = (SELECT id FROM staff WHERE unit_code = '21853'
    AND $IN_POST ORDER BY id LIMIT 1);
   UPDATE team SET unit_code = '21877' WHERE id = (SELECT id FROM team WHERE unit_code = '21853'
    AND deleted = 0 ORDER BY id LIMIT 1);"
run 0 report --db "$DB" && cp "$T/out" "$T/p1.txt"
ok "a record under 21877 counts in Xã Phù Cát's row (SQL of both codes)" same "Xã Phù Cát" \
    "$(row "Xã Phù Cát" "$T/p1.txt")" "$(sql_row "'21853', '21877'")"
ok "... and in the total" same "total" "$(row "Tổng cộng" "$T/p1.txt")" "$(sql_row "$ALL, '21877'")"
ok "... and no 'not yet assigned' row" hasnt "Đơn vị cũ chưa được gán" "$T/p1.txt"
# Phường Thị Nại (21568) has no rule: its record waits for an officer.
STAFF=$(q "SELECT id FROM staff WHERE unit_code = '21583' AND $IN_POST ORDER BY id LIMIT 1")
V0=$(q "SELECT version FROM staff WHERE id = '$STAFF'")
q "UPDATE staff SET unit_code = '21568' WHERE id = '$STAFF'"
run 0 report --db "$DB" && cp "$T/out" "$T/p2.txt"
ok "a record the mapping cannot place: a 'not yet assigned' row" sh -c \
    'grep -qE "^ Đơn vị cũ chưa được gán +1 " "$1"' sh "$T/p2.txt"
ok "... the note says how many" has "1 bản ghi thuộc đơn vị cũ chưa được gán" "$T/p2.txt"
ok "... the rows still add up to the total" same "total" "$(row "Tổng cộng" "$T/p2.txt")" \
    "$(sql_row "$ALL, '21877', '21568'")"
run 0 report --format csv --db "$DB" && cp "$T/out" "$T/p2.csv"
ok "... the CSV has it as part 'unassigned'" has \
    "staff.total,staffing,,Đơn vị cũ chưa được gán,,Cán bộ CĐS,1,,,,unassigned" "$T/p2.csv"
ok "socds unit orphans lists it" run 0 unit orphans --db "$DB"
ok "... under 21568, by its id" sh -c 'grep -q "^21568${2}Phường Thị Nại" "$1" && grep -q "staff${2}$3" "$1"' \
    sh "$T/out" "$TAB" "$STAFF"
ok "socds check counts it (and passes)" run 0 check --db "$DB"
ok "... 1" has "chưa được gán: 1" "$T/out"
ok "reassign of a current code is refused" run 1 unit reassign 21583 21853 --db "$DB"
ok "reassign 21568 -> 21583" run 0 unit reassign 21568 21583 --db "$DB"
ok "... moves the record, a new version" same "moved" \
    "$(q "SELECT unit_code || ',' || (version - $V0) FROM staff WHERE id = '$STAFF'")" "21583,1"
ok "... audited: the record's row and the event" same "audit" \
    "$(q "SELECT count(*) FROM audit WHERE action = 'reassign' AND record_id = '$STAFF'"),$(q "SELECT
        count(*) FROM audit WHERE action = 'reassign' AND detail LIKE '21568 -> 21583:%'")" "1,1"
run 0 report --db "$DB" && cp "$T/out" "$T/p3.txt"
ok "... now counted in Phường Quy Nhơn's row" same "Phường Quy Nhơn" \
    "$(row "Phường Quy Nhơn" "$T/p3.txt")" "$(sql_row "'21583'")"
ok "... nothing left unassigned" hasnt "chưa được gán" "$T/p3.txt"

# A commune split among several (Hà Nội's Phường Dịch Vọng Hậu, 00167).
DB="$T/hn.db"
ok "demo of Thành phố Hà Nội (01)" run 0 demo --unit 01 --db "$DB"
ok "00167: abolished, two rules" same "00167" \
    "$(q "SELECT count(DISTINCT new_code) FROM unit_map WHERE old_code = '00167'")" "2"
HN=$(q "SELECT id FROM staff WHERE unit_code <> '01' AND $IN_POST ORDER BY id LIMIT 1")
q "UPDATE staff SET unit_code = '00167' WHERE id = '$HN'"
run 0 report --db "$DB" && cp "$T/out" "$T/h.txt"
ok "a split commune's record: in the total, in no row" sh -c \
    'grep -qE "^ Đơn vị cũ chưa được gán +1 " "$1"' sh "$T/h.txt"
ok "... listed with the communes the mapping names" sh -c '"$1" --db "$2" unit orphans >"$3/o" &&
    grep -q "^00167${4}.*00166 " "$3/o" && grep -q "$5" "$3/o"' sh "$SOCDS" "$DB" "$T" "$TAB" "$HN"
ok "reassign to a commune the mapping does not name: refused" run 1 unit reassign 00167 00004 --db "$DB"
ok "... saying where it may go" has "00166" "$T/err"
ok "reassign 00167 -> 00166 --kind staff" run 0 unit reassign 00167 00166 --kind staff --db "$DB"
run 0 report --db "$DB" && cp "$T/out" "$T/h2.txt"
ok "... counted in Phường Cầu Giấy's row" same "Cầu Giấy" "$(row "Phường Cầu Giấy" "$T/h2.txt")" \
    "$(sql_row "'00166'")"

# ------------------------------------------------------ names that coincide ---
DB="$T/p.db"
ok "64 is 'Tỉnh Gia Lai (cũ)', 52 stays 'Tỉnh Gia Lai'" same "names" \
    "$(q "SELECT group_concat(name, '|') FROM (SELECT name FROM unit WHERE code IN ('52', '64') ORDER BY code)")" \
    "Tỉnh Gia Lai|Tỉnh Gia Lai (cũ)"
ok "no abolished unit bears a current unit's name" same "coinciding" \
    "$(q "SELECT count(*) FROM unit a JOIN unit c ON c.name = a.name WHERE a.status = 'abolished'
        AND c.status = 'current'")" "0"
ok "socds unit settings 64 shows the told-apart name" sh -c \
    '"$1" --db "$2" unit settings 64 | head -1 | grep -qx "64${3}Tỉnh Gia Lai (cũ)"' sh "$SOCDS" "$DB" "$TAB"
# A database from before schema v14 gets the new names when it is opened
# (v15's warnings_ok columns and v16's recycle bin taken away too, for them to be added again).
cp "$DB" "$T/old.db"
sqlite3 "$T/old.db" "UPDATE unit SET name = substr(name, 1, length(name) - 5),
    name_key = substr(name_key, 1, length(name_key) - 3) WHERE name LIKE '% (cũ)';
    ALTER TABLE village DROP COLUMN warnings_ok; ALTER TABLE staff DROP COLUMN warnings_ok; ALTER TABLE training DROP COLUMN warnings_ok; ALTER TABLE participant DROP COLUMN warnings_ok; ALTER TABLE team DROP COLUMN warnings_ok; ALTER TABLE member DROP COLUMN warnings_ok; ALTER TABLE activity DROP COLUMN warnings_ok; ALTER TABLE task_progress DROP COLUMN warnings_ok; ALTER TABLE statistic DROP COLUMN warnings_ok; DROP TABLE deletion_item; DROP TABLE deletion; DROP INDEX village_bin; DROP INDEX staff_bin; DROP INDEX training_bin; DROP INDEX participant_bin; DROP INDEX team_bin; DROP INDEX member_bin; DROP INDEX activity_bin; DROP INDEX task_progress_bin; DROP INDEX statistic_bin; DROP TABLE merge_row; DROP TABLE receipt_issued; DROP TABLE package_sent; DROP TABLE receipt_taken; DROP TABLE ack; DROP TABLE remark; DROP TABLE approval; PRAGMA user_version = 13;"
ok "old database: 64 was 'Tỉnh Gia Lai'" same "old" \
    "$(sqlite3 "$T/old.db" "SELECT name FROM unit WHERE code = '64'")" "Tỉnh Gia Lai"
ok "opened by socds, it upgrades" run 0 unit set --number 12 --db "$T/old.db"
ok "... and every name and search key is as in a new database" same "upgraded" \
    "$(sqlite3 "$T/old.db" "SELECT group_concat(code || name || name_key) FROM (SELECT * FROM unit ORDER BY code)" |
        sha256sum)" "$(q "SELECT group_concat(code || name || name_key) FROM (SELECT * FROM unit ORDER BY code)" |
        sha256sum)"

# --------------------------------------------------- commune and district ---
DB="$T/c.db"
ok "a commune database (--unit 21853)" run 0 demo --unit 21853 --db "$DB"
ok "report" run 0 report --db "$DB"
ok "... headed 'UBND XÃ PHÙ CÁT' over nothing (its rule next)" sh -c 'sed -n 1p "$1" | grep -q "^ *UBND XÃ PHÙ CÁT " &&
    sed -n 2p "$1" | grep -q "^ *─"' sh "$T/out"
ok "... its records dated on today's map" same "early" \
    "$(q "SELECT (SELECT count(*) FROM team WHERE founded_on < '2025-07-01') +
        (SELECT count(*) FROM staff WHERE decision_date < '2025-07-01')")" "0"
q "UPDATE staff SET unit_code = '21877' WHERE id = (SELECT id FROM staff WHERE $IN_POST ORDER BY id LIMIT 1)"
ok "... a record under its predecessor 21877 is its own: the report counts it" sh -c \
    '"$1" --db "$2" report | grep -qE "^ [0-9]+\. Cán bộ CĐS \.* $3$"' sh "$SOCDS" "$DB" \
    "$(q "SELECT count(*) FROM staff WHERE $IN_POST AND unit_code IN ('21853', '21877')")"
ok "... and nothing is unassigned" sh -c '"$1" --db "$2" unit orphans | grep -q "^0 "' sh "$SOCDS" "$DB"
DB="$T/d.db"
ok "the old district office (--unit 548) still builds" run 0 demo --unit 548 --db "$DB"
ok "... seven communes that report to it" same "communes" \
    "$(q "SELECT count(DISTINCT unit_code) FROM staff WHERE unit_code <> '548'")" "7"
ok "... its report is headed by its office" sh -c '"$1" --db "$2" report >"$3/d" &&
    sed -n 1p "$3/d" | grep -q "UBND HUYỆN PHÙ CÁT" && sed -n 2p "$3/d" | grep -q "PHÒNG VĂN HÓA VÀ THÔNG TIN"' \
    sh "$SOCDS" "$DB" "$T"

done_testing
