#!/bin/sh
# The dashboard's "DT staff trained, by unit" chart has the rows the report's
# table by unit has (issue 13, point 3): the office's own staff ("Cơ quan báo
# cáo") first, each unit below, the total ("Tổng cộng", = the indicator above
# and section I) last. In a real terminal at 80x24 on an office database (the
# old district 548) every bar and percentage is checked against independently
# written SQL and against the report CSV's rows (part 'own' and the total);
# on a commune's (21853), which has no units below, neither the chart nor the
# report's table by unit is there. TAP output for meson.
# Usage: sh test_dashboard_units.sh /abs/path/to/socds
E2E_NAME=dashunits
. "$(dirname "$0")/../lib/tmux.sh"

PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP needs /usr/bin/python3"
	exit 0
fi
run() {	# run ARGS...: socds with a clean environment, out and err in $T/out, $T/err
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" \
	    >"$T/out" 2>"$T/err"
}
YEAR=$(env -i PATH=/usr/bin:/bin date +%Y)

# The checker: the screen, the database (read only), the report CSV.
cat >"$T/units.py" <<'PYEOF'
import csv, math, re, sqlite3, sys
screen, db, home, frm, to, report = sys.argv[1:7]
rows = (open(screen, encoding="utf-8").read().split("\n") + [""] * 24)[:24]
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
BELOW = ("WITH RECURSIVE below(code) AS (SELECT ? UNION SELECT u.code FROM unit u"
         " JOIN below b ON u.parent_code = b.code) ")
def one(sql, *args):
    return con.execute(sql, args).fetchone()[0]
# Live staff in post on the day the period is counted as of (its end, or
# today when that is earlier): from in_post_from, else the decision date, else
# the day the record was made, until in_post_until (that day too); and those
# of them trained in the year to the period's end (trainings starting from 1
# January of the end's year to the end): of unit u and below (own = False),
# or of u alone (own = True).
def scope(own):
    return "(SELECT ? AS code)" if own else "below"
ASOF = one("SELECT CASE WHEN ? < date('now', 'localtime') THEN ? ELSE date('now', 'localtime')"
           " END", to, to)
IN_POST = (" AND ? >= CASE WHEN s.in_post_from IS NOT NULL THEN s.in_post_from WHEN"
           " s.decision_date IS NOT NULL THEN s.decision_date ELSE substr(s.created_at, 1, 10)"
           " END AND (s.in_post_until IS NULL OR s.in_post_until >= ?)")
def staff(u, own=False):
    return one(("" if own else BELOW) + "SELECT count(*) FROM staff s JOIN %s b ON"
               " b.code = s.unit_code WHERE s.deleted = 0" % scope(own) + IN_POST,
               u, ASOF, ASOF)
def trained(u, own=False):
    return one(("" if own else BELOW) + "SELECT count(DISTINCT s.id) FROM staff s JOIN %s b"
               " ON b.code = s.unit_code JOIN participant p ON p.staff_id = s.id AND"
               " p.deleted = 0 AND p.attended = 1 JOIN training t ON t.id = p.training_id"
               " AND t.deleted = 0 AND t.start_date BETWEEN ? AND ? WHERE s.deleted = 0"
               % scope(own) + IN_POST, u, to[:4] + "-01-01", to, ASOF, ASOF)
def lround(x):
    return int(math.floor(x + 0.5))
def bar(v, d, w=30):
    v = 0 if d <= 0 or v < 0 else min(v, d)
    e = lround(v / d * w * 8) if d > 0 else 0
    s = ["·"] * w
    for i in range(e // 8):
        s[i] = "█"
    if e // 8 < w and e % 8:
        s[e // 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][e % 8]
    return "".join(s)
def pct(v, d):
    return ("%3.0f%%" % (100.0 * v / d)) if d > 0 else "—"
def check(name, good, why=""):
    print(("PASS " if good else "FAIL ") + name + ("" if good else ": " + why))
# The report CSV's trained share for the unit: its own part, and the total.
rep = {}
rr = list(csv.reader(open(report, encoding="utf-8-sig", newline="")))
h = rr[0]
fi, ui, vi, di, pi = (h.index(c) for c in ("figure", "unit_code", "value", "denominator", "part"))
for r in rr[1:]:
    if r[fi] == "training.trained_share" and r[ui] == home:
        rep[r[pi]] = (float(r[vi] or 0), float(r[di] or 0))
name = lambda r: r[3:29].strip()
own = [y for y, r in enumerate(rows) if name(r) == "Cơ quan báo cáo"]
tot = [y for y, r in enumerate(rows) if name(r) == "Tổng cộng"]
check("one 'Cơ quan báo cáo' row and one 'Tổng cộng' row", len(own) == 1 and len(tot) == 1,
      "rows %r and %r" % (own, tot))
if len(own) != 1 or len(tot) != 1:
    sys.exit(0)
yo, yt = own[0], tot[0]
check("'Cơ quan báo cáo' right under the chart's title", yo >= 1 and rows[yo - 1].startswith(" ")
      and rows[yo - 1][1] != " " and rows[yo - 1][3:29].strip() != "", repr(rows[yo - 1]))
communes = dict(con.execute("SELECT name, code FROM unit WHERE parent_code = ? AND status ="
                            " 'current'", (home,)).fetchall())
between = [name(rows[y]) for y in range(yo + 1, yt)]
check("every unit below, by name, between them (%d)" % len(communes),
      sorted(between) == sorted(communes), "found %r" % between)
for y, label, v, d, part in ((yo, "own", trained(home, True), staff(home, True), "own"),
                             (yt, "total", trained(home), staff(home), "unit")):
    r = rows[y]
    check("%s: bar of %d/%d trained" % (label, v, d), r[32:62] == bar(v, d),
          "row %d has %r, expected %r" % (y, r[32:62], bar(v, d)))
    check("%s: %s" % (label, pct(v, d).strip()), r[64:70].rstrip() == pct(v, d),
          "row %d: %r" % (y, r[64:]))
    check("%s: as the report CSV's part '%s' (%r)" % (label, part, rep.get(part)),
          rep.get(part) == (float(v), float(d)), "SQL says %d/%d" % (v, d))
# The total is the sum of the rows above it, and the indicator's n/d.
parts = [(trained(home, True), staff(home, True))] + \
    [(trained(c), staff(c)) for c in communes.values()]
check("total = own + every unit below (trained, staff)",
      (sum(p[0] for p in parts), sum(p[1] for p in parts)) == (trained(home), staff(home)),
      "%r" % parts)
ind = [r for r in rows if re.match(r"^ %d/%d +\d+%%" % (trained(home), staff(home)), r[52:])]
check("the total row's figure is the indicator's (%d/%d)" % (trained(home), staff(home)),
      len(ind) == 1, "indicator rows %r" % ind)
check("nothing past column 80 and the months still drawn", all(len(r) <= 80 for r in rows)
      and any("T1  T3  T5" in r for r in rows), "")
PYEOF

for which in office many commune; do
SZ="80x24 $which"
DB=$T/$which.db
if [ "$which" = commune ]; then UNIT=21853; else UNIT=548; fi
if [ "$which" = many ]; then
	# Five more communes under the office, without records: more rows
	# than the screen has room for. Their names sort first ("Xã An ..."),
	# yet the units with staff must be the ones shown first.
	cp "$T/office.db" "$DB"
	for c in 1 2 3 4 5; do
		sq "INSERT INTO unit (code, level, kind, name, name_key, parent_code)
		    VALUES ('9990$c', 'commune', 'Xã', 'Xã An Thử $c', 'xa an thu $c', '548')" >/dev/null
	done
elif ! run demo --unit "$UNIT" --db "$DB"; then
	echo "Bail out! socds demo --unit $UNIT failed: $(cat "$T/err")"
	exit 1
fi
run --db "$DB" report --period "$YEAR" --format csv --out "$T/r.csv" --force ||
    { echo "Bail out! socds report failed: $(cat "$T/err")"; exit 1; }
run --db "$DB" report --period "$YEAR" --out "$T/r.txt" --force
start "$DB"
keys 0
see "T1  T3  T5  T7  T9  T11" >/dev/null
sleep 0.3
snap
if [ "$which" = many ]; then
	# Own and total stay; the units that do not fit are counted.
	NK=$(sq "SELECT count(*) FROM unit WHERE parent_code = '548' AND status = 'current'")
	many_rows() {
		"$PY" - "$T/screen" "$NK" <<'PYEOF'
import re, sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
name = lambda r: r[3:29].strip()
own = [y for y, r in enumerate(rows) if name(r) == "Cơ quan báo cáo"]
tot = [y for y, r in enumerate(rows) if name(r) == "Tổng cộng"]
if len(own) != 1 or len(tot) != 1:
    print("# rows 'Cơ quan báo cáo' %r, 'Tổng cộng' %r" % (own, tot))
    sys.exit(1)
mid = [rows[y] for y in range(own[0] + 1, tot[0])]
more = [r for r in mid if r[3:6] == "..."]
shown = len(mid) - len(more)
m = re.search(r"(\d+)", more[-1]) if more else None
ok = m is not None and shown + int(m.group(1)) == int(sys.argv[2]) and \
    tot[0] + 1 < len(rows) and "T1  T3" not in rows[tot[0]]
if not ok:
    print("# %d units shown, the line after them: %r; %s units below" %
          (shown, more, sys.argv[2]))
sys.exit(0 if ok else 1)
PYEOF
	}
	ok "more units than rows: own and total shown, the rest counted ('... N more')" many_rows
	ok "... and the months still drawn below" see "T1  T3  T5  T7  T9  T11"
	with_staff_first() {
		"$PY" - "$T/screen" <<'PYEOF'
import sys
rows = open(sys.argv[1], encoding="utf-8").read().split("\n")
name = lambda r: r[3:29].strip()
own = [y for y, r in enumerate(rows) if name(r) == "Cơ quan báo cáo"][0]
tot = [y for y, r in enumerate(rows) if name(r) == "Tổng cộng"][0]
mid = [r for r in rows[own + 1:tot] if r[3:6] != "..."]
empty = [r[64:70].strip() == "—" for r in mid]
print("# shown: %r" % [(name(r), r[64:70].strip()) for r in mid])
sys.exit(0 if mid and not empty[0] and empty == sorted(empty) else 1)
PYEOF
	}
	ok "... units with staff come first, the empty ones ('—') after them" with_staff_first
elif [ "$which" = office ]; then
	"$PY" "$T/units.py" "$T/screen" "$DB" "$UNIT" "$YEAR-01-01" "$YEAR-12-31" "$T/r.csv" \
	    >"$T/units.out" 2>&1 || echo "FAIL the checker: $(tail -1 "$T/units.out")" >>"$T/units.out"
	while IFS= read -r line; do
		case $line in
		PASS\ *) ok "${line#PASS }" true ;;
		FAIL\ *) echo "# ${line#FAIL }"; ok "${line#FAIL }" false ;;
		*) echo "# $line" ;;
		esac
	done <"$T/units.out"
	ok "the report's table by unit has the same two rows" sh -c \
	    'grep -q "^ Cơ quan báo cáo " "$1" && grep -q "^ Tổng cộng " "$1"' sh "$T/r.txt"
else
	ok "a commune: no chart by unit (no 'Cơ quan báo cáo', no 'Tổng cộng')" \
	    see "!Cơ quan báo cáo" "!Tổng cộng" "T1  T3  T5"
	ok "... as its report has no table by unit" sh -c '! grep -q "^ Cơ quan báo cáo " "$1"' \
	    sh "$T/r.txt"
fi
keys F10
see "Cán bộ, công chức làm công tác chuyển đổi số" >/dev/null
keys F10
ok "quits cleanly" see "EXITED rc=0"
done

done_testing
