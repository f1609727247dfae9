#!/bin/sh
# Period reports "as of" their period's end (issue 13, point 2), on a commune
# database (demo 21853) and an office database (demo 548): every staffing,
# member and trained figure of `socds report --format csv` for a past month
# and a past quarter equals sqlite3 SQL written here from the rule in words;
# records dated after the period change nothing in its report; a person who
# left before the period's end is not counted; records under an abolished
# commune count for the commune it was merged into whole (a split one only in
# the total, as "unassigned"), as of the day too; a task marked done after the
# period's end shows its earlier status; the text says "tính đến ngày".
# TAP output for meson. Usage: sh test_asof.sh /abs/path/to/socds
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init asof
tap_utf8

PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs /usr/bin/python3 and sqlite3"
fi

TODAY=$(date +%Y-%m-%d)

# check_csv DB CSV FROM TO: every figure of the report's CSV that counts people
# equals the SQL below, for every unit and part (the unit with all below it,
# its own records, each unit below it). The rule in words: a day D is the
# period's end, or today when that is earlier. An officer counts when live and
# in post on D: from in_post_from, or when empty the decision date, or when
# both are empty the day the record was made; until in_post_until (that day
# still counts). A team member likewise from joined_on (or the record's day)
# until left_on. Trained: attended a live training starting from 1 January of
# the period end's year to the period's end. The units counted: the unit's
# own part is the unit alone; the unit's total is the unit and every unit
# below it, plus every abolished commune whose records are credited to one of
# them (unit_map maps it there, or, with no unit_map row, its successor_code
# names it); a unit below counts itself and the units below it, except
# abolished communes, plus the abolished communes credited to them whole
# (every unit_map row of it names the same new code, or with none its
# successor_code does): a commune split between several is credited to none
# of them, only to the total; those are the total's "unassigned" part (no unit
# code): the abolished communes of the total credited whole to none of the
# unit and the units below it.
check_csv() {
	"$PY" - "$@" <<'PYEOF'
import csv, io, subprocess, sys
db, path, frm, to = sys.argv[1:5]
raw = open(path, "rb").read()
rows = list(csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
figs = ["staff.total", "staff.by_employment", "staff.by_it_qualification", "staff.focal_units",
        "staff.dedicated_focal_units", "network.members", "network.platforms",
        "training.trained_share", "cdtt.members_by_affiliation", "cdtt.network_members",
        "cdtt.network_platforms", "training.officials_trained_share"]
# Sets (codes joined by ';'): the SQL gives each set with its count, and a
# person is counted under every code of the set (an empty set is '' for the
# qualification; for platforms, no platform is counted).
by_key = {"staff.by_employment", "staff.by_it_qualification", "network.platforms",
          "cdtt.members_by_affiliation", "cdtt.network_platforms"}
sets = {"staff.by_it_qualification": True, "network.platforms": False, "cdtt.network_platforms": False}
got, scopes = {}, set()
for r in rows:
    if r["figure"] not in figs:
        continue
    k = (r["part"], r["unit_code"], r["figure"])
    got.setdefault(k, {})[r["key"]] = (float(r["value"] or 0), float(r["denominator"] or 0))
    scopes.add((r["part"], r["unit_code"]))
D = "(SELECT CASE WHEN '%s' < date('now', 'localtime') THEN '%s' ELSE date('now', 'localtime') END)" % (to, to)
officer = ("s.deleted = 0 AND %s >= CASE WHEN s.in_post_from IS NOT NULL THEN s.in_post_from"
           " WHEN s.decision_date IS NOT NULL THEN s.decision_date ELSE substr(s.created_at, 1, 10) END"
           " AND (s.in_post_until IS NULL OR %s <= s.in_post_until)") % (D, D)
member = ("m.deleted = 0 AND %s >= CASE WHEN m.joined_on IS NULL THEN substr(m.created_at, 1, 10)"
          " ELSE m.joined_on END AND (m.left_on IS NULL OR %s <= m.left_on)") % (D, D)
trained = ("EXISTS (SELECT 1 FROM participant p, training t WHERE p.staff_id = s.id AND"
           " t.id = p.training_id AND p.deleted = 0 AND p.attended = 1 AND t.deleted = 0 AND"
           " t.start_date >= '%s-01-01' AND t.start_date <= '%s')") % (to[:4], to)
sql = {
    "staff.total": "SELECT '', count(*), 0 FROM staff s WHERE s.unit_code IN sc AND " + officer,
    "staff.by_employment": "SELECT ifnull(s.employment, ''), count(*), 0 FROM staff s"
        " WHERE s.unit_code IN sc AND " + officer + " GROUP BY 1",
    "staff.by_it_qualification": "SELECT ifnull(s.it_qualification, ''), count(*), 0 FROM staff s"
        " WHERE s.unit_code IN sc AND " + officer + " GROUP BY 1",
    "staff.dedicated_focal_units": "SELECT '', sum(EXISTS (SELECT 1 FROM staff s WHERE"
        " s.unit_code = u.code AND s.focal_point = 1 AND (s.employment = 'dedicated' OR"
        " s.focal_department = 1) AND " + officer + ")), count(*) FROM unit u WHERE u.code IN sc"
        " AND u.level = 'commune' AND u.status = 'current'",
    "network.platforms": "SELECT ifnull(s.platforms, ''), count(*), (SELECT count(*) FROM staff s"
        " WHERE s.unit_code IN sc AND s.dt_network = 1 AND " + officer + ") FROM staff s"
        " WHERE s.unit_code IN sc AND s.dt_network = 1 AND " + officer + " GROUP BY 1",
    "cdtt.network_members": "SELECT '', count(*), 0 FROM member m WHERE m.unit_code IN sc"
        " AND m.dt_network = 1 AND " + member,
    "cdtt.network_platforms": "SELECT ifnull(m.platforms, ''), count(*), (SELECT count(*) FROM"
        " member m WHERE m.unit_code IN sc AND m.dt_network = 1 AND " + member + ") FROM member m"
        " WHERE m.unit_code IN sc AND m.dt_network = 1 AND " + member + " GROUP BY 1",
    "staff.focal_units": "SELECT '', sum(EXISTS (SELECT 1 FROM staff s WHERE s.unit_code = u.code"
        " AND s.focal_point = 1 AND " + officer + ")), count(*) FROM unit u WHERE u.code IN sc"
        " AND u.level = 'commune' AND u.status = 'current'",
    "network.members": "SELECT '', (SELECT count(*) FROM staff s WHERE s.unit_code IN sc AND"
        " s.dt_network = 1 AND " + officer + ") + (SELECT count(*) FROM member m WHERE"
        " m.unit_code IN sc AND " + member + "), 0",
    "training.trained_share": "SELECT '', sum(" + trained + "), count(*) FROM staff s"
        " WHERE s.unit_code IN sc AND " + officer,
    # Each unit that entered its officials (a live figure above 0) for the
    # period end's year: its own staff in post on D trained in that year up to
    # the period's end, of those officials; summed over the units.
    "training.officials_trained_share": "SELECT '', sum((SELECT count(*) FROM staff s WHERE"
        " s.unit_code = e.unit_code AND " + officer + " AND " + trained + ")), sum(e.value)"
        " FROM statistic e WHERE e.unit_code IN sc AND e.indicator = 'officials' AND"
        " e.deleted = 0 AND e.value > 0 AND e.year = " + to[:4],
    "cdtt.members_by_affiliation": "SELECT ifnull(m.affiliation, ''), count(*), 0 FROM member m"
        " WHERE m.unit_code IN sc AND " + member + " GROUP BY 1",
}
script = []
OLD = "o.level = 'commune' AND o.status = 'abolished'"
WHOLE = ("((SELECT count(DISTINCT m.new_code) FROM unit_map m WHERE m.old_code = o.code) = 1 AND"
         " (SELECT m.new_code FROM unit_map m WHERE m.old_code = o.code) IN t OR (NOT EXISTS"
         " (SELECT 1 FROM unit_map m WHERE m.old_code = o.code) AND o.successor_code IN t))")
home = [u for p, u in scopes if p == "unit"]
for part, unit in sorted(scopes):
    if part == "unassigned":
        sc = ("WITH RECURSIVE t(code) AS (VALUES ('%s') UNION SELECT x.code FROM unit x"
              " JOIN t ON x.parent_code = t.code), sc(code) AS (SELECT o.code FROM unit o WHERE "
              + OLD + " AND (o.code IN t OR EXISTS (SELECT 1 FROM unit_map m WHERE m.old_code"
              " = o.code AND m.new_code IN t)) AND NOT " + WHOLE + ") ") % home[0]
    elif part == "own":
        sc = "WITH sc(code) AS (VALUES ('%s')) " % unit
    else:
        tree = ("WITH RECURSIVE t(code) AS (VALUES ('%s') UNION SELECT x.code FROM unit x"
                " JOIN t ON x.parent_code = t.code), " % unit)
        if part == "unit":
            sc = tree + ("sc(code) AS (SELECT code FROM t UNION SELECT o.code FROM unit o WHERE "
                 + OLD + " AND (EXISTS (SELECT 1 FROM unit_map m WHERE m.old_code = o.code"
                 " AND m.new_code IN t) OR (NOT EXISTS (SELECT 1 FROM unit_map m WHERE"
                 " m.old_code = o.code) AND o.successor_code IN t))) ")
        else:
            sc = tree + ("sc(code) AS (SELECT t.code FROM t JOIN unit o ON o.code = t.code"
                 " WHERE NOT (" + OLD + ") UNION SELECT o.code FROM unit o WHERE " + OLD +
                 " AND " + WHOLE + ") ")
    for f in figs:
        if part == "unassigned" and f in by_key:
            continue    # the unassigned part has the counts and shares only
        script.append("SELECT '%s', '%s', '%s', * FROM (%s%s);" % (part, unit, f, sc, sql[f]))
out = subprocess.run(["sqlite3", "-batch", "-noheader", "-separator", "\t", db],
                     input="\n".join(script), capture_output=True, text=True, check=True).stdout
want = {}
for line in out.splitlines():
    part, unit, f, key, v, d = line.split("\t")
    w = want.setdefault((part, unit, f), {})
    for code in (key.split(";") if f in sets else [key]):
        if f in sets and code == "" and not sets[f]:
            continue
        was = w.get(code, (0.0, 0.0))
        w[code] = (was[0] + float(v or 0), float(d or 0))
bad = 0
checked = 0
for k in sorted(set(got) | set(want)):
    # The report lists every platform, those nobody has with 0 of the network.
    g = {x: y for x, y in got.get(k, {}).items() if y != (0.0, 0.0)
         and not (k[2] in sets and not sets[k[2]] and y[0] == 0)}
    w = {x: y for x, y in want.get(k, {}).items() if y != (0.0, 0.0)}
    checked += 1
    if g != w:
        bad += 1
        print("# %s: report %r, sqlite3 %r" % (" ".join(k), g, w))
if checked < 7 or bad:
    sys.exit(1)
print("# %d figures of %d units equal" % (checked, len(scopes)))
PYEOF
}

# csv_val CSV FIGURE KEY PART [COLUMN]: a value of the unit's own report.
csv_val() {
	"$PY" - "$@" <<'PYEOF'
import csv, io, sys
path, fig, key, part = sys.argv[1:5]
col = sys.argv[5] if len(sys.argv) > 5 else "value"
raw = open(path, "rb").read()
for r in csv.DictReader(io.StringIO(raw[3:].decode("utf-8"), newline="")):
    if r["figure"] == fig and r["key"] == key and r["part"] == part:
        print(r[col])
        break
else:
    print("none")
PYEOF
}

C="$T/commune.db"
O="$T/office.db"
ok "demo: a commune database (21853)" run 0 demo --unit 21853 --db "$C"
ok "demo: an office database (548)" run 0 demo --unit 548 --db "$O"
ok "demo: some officers left (in_post_until), some members left (left_on)" \
    test "$(sqlite3 "$O" "SELECT count(*) FROM staff WHERE in_post_until < date('now')") -gt 0" \
    -a "$(sqlite3 "$O" "SELECT count(*) FROM member WHERE left_on < date('now')")" -gt 0
ok "demo: a current commune's officers are in post from after 1 July 2025" same "before" \
    "$(sqlite3 "$C" "SELECT count(*) FROM staff WHERE in_post_from < '2025-07-01'")" "0"

# ------------------------------------------ figures = sqlite3, past periods ---
for db in "$C" "$O"; do
	which=$(basename "$db" .db)
	for p in "2025-12 2025-12-01 2025-12-31" "2026-Q3 2026-07-01 2026-09-30" "2026-Q1 2026-01-01 2026-03-31" \
	    "2026-05 2026-05-01 2026-05-31"; do
		set -- $p
		ok "$which $1: report --format csv" run 0 report --db "$db" --period "$1" --format csv --out "$T/$which-$1.csv"
		ok "$which $1: every staffing, member and trained figure = sqlite3 as of $3" \
		    check_csv "$db" "$T/$which-$1.csv" "$2" "$3"
	done
done
ok "office 2025-12: fewer staff than the live records (some came later)" test \
    "$(csv_val "$T/office-2025-12.csv" staff.total "" unit)" -lt "$(sqlite3 "$O" "SELECT count(*) FROM staff WHERE deleted = 0")"

# -------------------- records under abolished communes, credited as of the day ---
# An officer and a member under Xã Cát Sơn (21856, merged whole into 21868),
# an officer under Xã Cát Khánh (21862, made split here between 21859 and
# 21853: credited to neither, counted in the office's total only), in post
# from August 2025; one more officer under 21856 who left on 15/12/2025.
sqlite3 "$O" "INSERT INTO unit_map (old_code, new_code, old_name, old_district_code, old_province_code)
     VALUES ('21862', '21853', 'Xã Cát Khánh', '548', '52');
   INSERT INTO staff (id, unit_code, created_at, updated_at, full_name, in_post_from, in_post_until,
       dt_network, focal_point, employment, it_qualification, platforms, name_key, name_sort) VALUES
     ('00000000-0000-7000-8000-a50f0000c001', '21856', '2025-08-01T08:00:00Z', '2025-08-01T08:00:00Z',
      'Cũ Cát Sơn', '2025-08-01', NULL, 1, 1, 'dedicated', 'college_it;infosec_cert', 'vnform;emc', 'cu', x'00'),
     ('00000000-0000-7000-8000-a50f0000c002', '21862', '2025-08-01T08:00:00Z', '2025-08-01T08:00:00Z',
      'Cũ Cát Khánh', '2025-08-01', NULL, 1, 0, 'concurrent', 'other', 'ndxp', 'cu', x'00'),
     ('00000000-0000-7000-8000-a50f0000c003', '21856', '2025-08-01T08:00:00Z', '2025-08-01T08:00:00Z',
      'Cũ Đã Nghỉ', '2025-08-01', '2025-12-15', 1, 0, 'concurrent', 'none', NULL, 'cu', x'00');
   INSERT INTO member (id, unit_code, created_at, updated_at, team_id, full_name, joined_on, dt_network,
       platforms, name_key, name_sort)
     SELECT '00000000-0000-7000-8000-a50f0000c004', '21856', '2025-08-01T08:00:00Z', '2025-08-01T08:00:00Z',
       id, 'Thành Viên Cũ', '2025-08-01', 1, 'vnform', 'tv', x'00' FROM team WHERE deleted = 0
       ORDER BY id LIMIT 1;" || echo "# sqlite3 insert failed"
for p in "2025-12 2025-12-01 2025-12-31" "2025-11 2025-11-01 2025-11-30"; do
	set -- $p
	ok "office $1, records under abolished communes: report --format csv" \
	    run 0 report --db "$O" --period "$1" --format csv --out "$T/office-old-$1.csv"
	ok "office $1: figures = sqlite3, records under abolished communes credited" \
	    check_csv "$O" "$T/office-old-$1.csv" "$2" "$3"
done
ok "office 2025-12: the two in post count in the total, the one who left does not" same "staff" \
    "$(csv_val "$T/office-old-2025-12.csv" staff.total "" unit)" \
    "$(($(csv_val "$T/office-2025-12.csv" staff.total "" unit) + 2))"

# ------------------------------------ records dated after the period change nothing ---
DB=$C
q() { sqlite3 -batch -noheader "$DB" "$1"; }
U=$(q "SELECT unit_code FROM home")
STAMP="strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/before.csv"
run 0 report --db "$DB" --period 2026 --format csv --out "$T/now0.csv"
TEAM=$(q "SELECT id FROM team WHERE deleted = 0 ORDER BY id LIMIT 1")
STAFF=$(q "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1")
q "INSERT INTO staff (id, unit_code, created_at, updated_at, full_name, decision_date, dt_network,
       name_key, name_sort) VALUES
     ('00000000-0000-7000-8000-a50f00000001', '$U', $STAMP, $STAMP, 'Mới Không Ngày', NULL, 1, 'moi', x'00'),
     ('00000000-0000-7000-8000-a50f00000002', '$U', $STAMP, $STAMP, 'Mới Có Quyết Định', '2026-02-01', 1, 'moi', x'00');
   INSERT INTO staff (id, unit_code, created_at, updated_at, full_name, in_post_from, name_key, name_sort)
     VALUES ('00000000-0000-7000-8000-a50f00000003', '$U', '2025-08-01T08:00:00Z', '2025-08-01T08:00:00Z',
             'Nhận Việc Sau', '2026-01-05', 'nhan', x'00');
   INSERT INTO member (id, unit_code, created_at, updated_at, team_id, full_name, joined_on, name_key, name_sort)
     VALUES ('00000000-0000-7000-8000-a50f00000004', '$U', $STAMP, $STAMP, '$TEAM', 'Vào Tổ Sau', '2026-03-01', 'vao', x'00'),
            ('00000000-0000-7000-8000-a50f00000005', '$U', $STAMP, $STAMP, '$TEAM', 'Vào Tổ Không Ngày', NULL, 'vao', x'00');
   INSERT INTO training (id, unit_code, created_at, updated_at, title, start_date, name_key, name_sort)
     VALUES ('00000000-0000-7000-8000-a50f00000006', '$U', $STAMP, $STAMP, 'Lớp tháng Giêng', '2026-01-15', 'lop', x'00');
   INSERT INTO participant (id, unit_code, created_at, updated_at, training_id, staff_id, attended)
     VALUES ('00000000-0000-7000-8000-a50f00000007', '$U', $STAMP, $STAMP,
             '00000000-0000-7000-8000-a50f00000006', '$STAFF', 1);" || echo "# sqlite3 insert failed"
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/after.csv"
run 0 report --db "$DB" --period 2026 --format csv --out "$T/now1.csv"
ok "commune: the new records count today (3 more staff, 2 more members)" same "staff, network" \
    "$(csv_val "$T/now1.csv" staff.total "" unit), $(csv_val "$T/now1.csv" network.members "" unit)" \
    "$(($(csv_val "$T/now0.csv" staff.total "" unit) + 3)), $(($(csv_val "$T/now0.csv" network.members "" unit) + 4))"
ok "commune: ... but the 2025-12 report is the same, byte for byte" cmp "$T/before.csv" "$T/after.csv"
run 0 report --db "$DB" --period 2026-Q1 --format csv --out "$T/q1.csv"
ok "commune 2026-Q1: figures = sqlite3 with the new records" check_csv "$DB" "$T/q1.csv" 2026-01-01 2026-03-31

# ------------------------------------------- a person who left is not counted ---
# Two officers and a member in post since August 2025: one officer left on
# 15/12/2025, the other on 10/01/2026; the member left on 20/12/2025.
LEFT=$(q "SELECT id FROM staff WHERE deleted = 0 AND in_post_until IS NULL AND id NOT LIKE '00000000-%' ORDER BY id LIMIT 1")
LATER=$(q "SELECT id FROM staff WHERE deleted = 0 AND in_post_until IS NULL AND id NOT LIKE '00000000-%' ORDER BY id LIMIT 1 OFFSET 1")
MEM=$(q "SELECT id FROM member WHERE deleted = 0 AND left_on IS NULL AND id NOT LIKE '00000000-%' ORDER BY id LIMIT 1")
ok "commune: two officers and a member to try" test -n "$LEFT" -a -n "$LATER" -a -n "$MEM"
NAME=$(q "SELECT full_name FROM staff WHERE id = '$LEFT'")
q "UPDATE staff SET in_post_from = '2025-08-01' WHERE id IN ('$LEFT', '$LATER');
   UPDATE member SET joined_on = '2025-08-01' WHERE id = '$MEM';"
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/in.csv"
ok "commune 2025-12: figures = sqlite3 with both officers in post" check_csv "$DB" "$T/in.csv" 2025-12-01 2025-12-31
q "UPDATE staff SET in_post_until = '2025-12-15' WHERE id = '$LEFT';
   UPDATE staff SET in_post_until = '2026-01-10' WHERE id = '$LATER';
   UPDATE member SET left_on = '2025-12-20' WHERE id = '$MEM';"
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/left.csv"
ok "commune 2025-12: one officer fewer (left on 15/12), the one who left in January still counts" \
    same "staff" "$(csv_val "$T/left.csv" staff.total "" unit)" "$(($(csv_val "$T/in.csv" staff.total "" unit) - 1))"
ok "commune 2025-12: the member who left on 20/12 is not in the network" same "network" \
    "$(csv_val "$T/left.csv" network.members "" unit)" \
    "$(($(csv_val "$T/in.csv" network.members "" unit) - 1 - $(q "SELECT dt_network FROM staff WHERE id = '$LEFT'")))"
ok "commune 2025-12: figures = sqlite3 after they left" check_csv "$DB" "$T/left.csv" 2025-12-01 2025-12-31
run 0 report --db "$DB" --period 2025-11 --format csv --out "$T/nov.csv"
# November less December: the officer who left in December, less those who came in December.
ok "commune 2025-11: the officer who left in December is counted in November" same "staff" \
    "$(($(csv_val "$T/nov.csv" staff.total "" unit) - $(csv_val "$T/left.csv" staff.total "" unit)))" \
    "$((1 - $(q "SELECT count(*) FROM staff WHERE deleted = 0 AND
        coalesce(in_post_from, decision_date, substr(created_at, 1, 10)) BETWEEN '2025-12-01' AND '2025-12-31'")))"
ok "commune 2025-11: figures = sqlite3" check_csv "$DB" "$T/nov.csv" 2025-11-01 2025-11-30
run 0 report --db "$DB" --period 2025-12
ok "text 2025-12: the officer who left is not among the untrained" sh -c '! grep -qF "$1 —" "$2"' sh "$NAME" "$T/out"
ok "text 2025-12: sections I and IV say 'tính đến ngày 31/12/2025'" sh -c '
    grep -qx "I\. .* (tính đến ngày 31/12/2025)" "$1" && grep -qx "IV\. .* (tính đến ngày 31/12/2025)" "$1"' sh "$T/out"
ok "text 2025-12: trained is progress towards the year ('lũy kế từ đầu năm')" grep -qF "lũy kế từ đầu năm" "$T/out"
ok "text 2025-12: every line at most 78 columns" "$PY" -c '
import sys
sys.exit(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")) > 78)' "$T/out"
run 0 report --db "$DB"
ok "text with no period: counted as of today" grep -q "(tính đến ngày $(date +%d/%m/%Y))" "$T/out"

# ------------------------------------------- tasks as of the period's end ---
# A yearly task of the commune, its demo progress set aside: in progress from
# 20/11/2025, then done on 10/02/2026.
run 0 tasks --db "$DB"
TASK=$(awk -F'\t' 'NR > 1 && $4 == "yearly" { print $1; exit }' "$T/out")
ok "commune: a yearly task to try" test -n "$TASK"
q "UPDATE task_progress SET deleted = 1 WHERE task_code = '$TASK'"
task_status() {	# task_status [PERIOD]: TASK's status and overdue in socds tasks
	run 0 tasks ${1:+--period "$1"} --db "$DB" && awk -F'\t' -v c="$TASK" '$1 == c { print $2 "," $3 }' "$T/out"
}
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/t0.csv"
run 0 report --db "$DB" --period 2026-Q1 --format csv --out "$T/tq1.csv"
q "INSERT INTO task_progress (id, unit_code, created_at, updated_at, task_code, status, evidence_date)
     VALUES ('00000000-0000-7000-8000-a50f00000010', '$U', $STAMP, $STAMP, '$TASK', 'in_progress', '2025-11-20')"
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/t1.csv"
q "INSERT INTO task_progress (id, unit_code, created_at, updated_at, task_code, status, evidence_date)
     VALUES ('00000000-0000-7000-8000-a50f00000011', '$U', $STAMP, $STAMP, '$TASK', 'done', '2026-02-10')"
run 0 report --db "$DB" --period 2025-12 --format csv --out "$T/t2.csv"
run 0 report --db "$DB" --period 2026-Q1 --format csv --out "$T/t3.csv"
tasks_row() { csv_val "$1" tasks.status "$2" unit; }
ok "2025-12: in progress since 20/11/2025 (one more in progress, one fewer not started)" same "in progress, not started" \
    "$(tasks_row "$T/t1.csv" in_progress), $(tasks_row "$T/t1.csv" not_started)" \
    "$(($(tasks_row "$T/t0.csv" in_progress) + 1)), $(($(tasks_row "$T/t0.csv" not_started) - 1))"
ok "2025-12: done on 10/02/2026 is not done yet in December 2025 (the report unchanged)" cmp "$T/t1.csv" "$T/t2.csv"
ok "socds tasks --period 2025-12: in progress, overdue on 31/12/2025 (a year's work is due by December)" \
    same "$TASK" "$(task_status 2025-12)" "in_progress,overdue"
ok "socds tasks --period 2026-Q1: done" same "$TASK" "$(task_status 2026-Q1)" "done,"
ok "2026-Q1 report: one more done than before" same "done" \
    "$(tasks_row "$T/t3.csv" done)" "$(($(tasks_row "$T/tq1.csv" done) + 1))"
# Done recorded with no evidence date: dated the day it was recorded (today).
q "UPDATE task_progress SET evidence_date = NULL WHERE id = '00000000-0000-7000-8000-a50f00000011'"
ok "done with no evidence date: not done in 2026-Q3, and not overdue on 30/09/2026" \
    same "$TASK" "$(task_status 2026-Q3)" "not_started,"
ok "... and done today" same "$TASK" "$(task_status)" "done,"

# Trained is year to date: a training in February 2026 counts for May 2026.
DB=$C
# An officer in post since September 2025, with no training yet.
S2=00000000-0000-7000-8000-a50f00000019
q "INSERT INTO staff (id, unit_code, created_at, updated_at, full_name, in_post_from, name_key, name_sort)
     VALUES ('$S2', '$U', $STAMP, $STAMP, 'Chưa Học Lớp Nào', '2025-09-01', 'chua', x'00')"
ok "commune: an officer in post since 01/09/2025, never trained" \
    same "trainings" "$(q "SELECT count(*) FROM participant WHERE staff_id = '$S2'")" 0
run 0 report --db "$DB" --period 2026-05 --format csv --out "$T/may0.csv"
q "INSERT INTO training (id, unit_code, created_at, updated_at, title, start_date, name_key, name_sort)
     VALUES ('00000000-0000-7000-8000-a50f00000020', '$U', $STAMP, $STAMP, 'Lớp tháng Hai', '2026-02-15', 'lop', x'00');
   INSERT INTO participant (id, unit_code, created_at, updated_at, training_id, staff_id, attended)
     VALUES ('00000000-0000-7000-8000-a50f00000021', '$U', $STAMP, $STAMP,
             '00000000-0000-7000-8000-a50f00000020', '$S2', 1);"
run 0 report --db "$DB" --period 2026-05 --format csv --out "$T/may1.csv"
ok "2026-05: trained (year to date) counts the February training, of the same staff" same "trained/of" \
    "$(csv_val "$T/may1.csv" training.trained_share "" unit)/$(csv_val "$T/may1.csv" training.trained_share "" unit denominator)" \
    "$(($(csv_val "$T/may0.csv" training.trained_share "" unit) + 1))/$(csv_val "$T/may0.csv" training.trained_share "" unit denominator)"
ok "2026-05: ... while trainings held in May are unchanged" same "by format" \
    "$(csv_val "$T/may1.csv" training.participants "" unit)" "$(csv_val "$T/may0.csv" training.participants "" unit)"

# A task due in 2024 at the office: in progress from May 2024, done in November
# 2024; overdue only after its due time, as of the period's end.
DB=$O
run 0 tasks --period 2024-06 --db "$DB"
ONCE=$(awk -F'\t' 'NR > 1 && $4 == "" && $5 ~ /2024$/ && $2 == "not_started" { print $1; exit }' "$T/out")
ok "office: a task due in 2024, not started" test -n "$ONCE"
ok "office 2024-06: not overdue on 30/06/2024" sh -c 'awk -F"\t" -v c="$1" "\$1 == c { print \$3 }" "$2" | grep -qx ""' sh "$ONCE" "$T/out"
run 0 tasks --period 2025-03 --db "$DB"
ok "office 2025-03: overdue on 31/03/2025" sh -c 'awk -F"\t" -v c="$1" "\$1 == c { print \$3 }" "$2" | grep -qx overdue' sh "$ONCE" "$T/out"
OU=$(q "SELECT unit_code FROM home")
q "INSERT INTO task_progress (id, unit_code, created_at, updated_at, task_code, status, evidence_date)
     VALUES ('00000000-0000-7000-8000-a50f00000030', '$OU', $STAMP, $STAMP, '$ONCE', 'in_progress', '2024-05-10'),
            ('00000000-0000-7000-8000-a50f00000031', '$OU', $STAMP, $STAMP, '$ONCE', 'done', '2024-11-20')"
TASK=$ONCE
ok "office 2024-06: in progress (done in November is not yet), not overdue" same "$ONCE" "$(task_status 2024-06)" "in_progress,"
ok "office 2024-Q4: done" same "$ONCE" "$(task_status 2024-Q4)" "done,"
ok "office 2024-04: not started, before any progress" same "$ONCE" "$(task_status 2024-04)" "not_started,"

done_testing
