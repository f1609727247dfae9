#!/bin/sh
# The dashboard, the report screen and the plan tasks in a real terminal
# (tmux): at 80x24 in colour (tmux-256color) and in TERM=vt100 with
# SOCDS_ASCII=1, every bar and monthly column is checked cell by cell against
# what independent sqlite3 queries of the same file say it must be; F4
# changes the period; the report screen shows the official paper and pages
# with PgDn; overdue plan tasks are marked; Enter opens a task's progress
# form; a too-small window says so and a resize back redraws. TAP for meson.
#
#   sh test/e2e/test_dashboard.sh /abs/path/to/socds
#
# Matches are made on data, on the report's own text and on the charts, not on
# the interface's words, which are being translated.
E2E_NAME=dash
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size
SRC=${SOCDS_TEST_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PY=/usr/bin/python3
[ -x "$PY" ] || tap_skip "/usr/bin/python3 is needed"
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }
q() { sqlite3 -batch -noheader "$DB" "$1"; }

# Cells as the terminal holds them: capture-pane -e parsed into (character,
# foreground, background) per cell, the SGR state carried from cell to cell.
cat >"$T/sgr.py" <<'SGR'
import sys
def cells(path):
    text = open(path, encoding="utf-8").read()
    grid, row, fg, bg, i = [], [], None, None, 0
    while i < len(text):
        c = text[i]
        if c == "\x1b" and text[i + 1:i + 2] == "[":
            j = i + 2
            while j < len(text) and not text[j].isalpha():
                j += 1
            if text[j] == "m":
                ps = [int(p) if p else 0 for p in text[i + 2:j].split(";")]
                k = 0
                while k < len(ps):
                    p = ps[k]
                    if p == 0:
                        fg = bg = None
                    elif 30 <= p <= 37 or 90 <= p <= 97:
                        fg = p
                    elif p == 39:
                        fg = None
                    elif 40 <= p <= 47 or 100 <= p <= 107:
                        bg = p
                    elif p == 49:
                        bg = None
                    elif p in (38, 48):
                        n = 3 if ps[k + 1] == 5 else 5
                        v = tuple(ps[k + 1:k + n])
                        if p == 38:
                            fg = v
                        else:
                            bg = v
                        k += n - 1
                    k += 1
            i = j + 1
            continue
        if c == "\n":
            grid.append(row)
            row = []
        else:
            row.append((c, fg, bg))
        i += 1
    grid.append(row)
    return grid
if __name__ == "__main__":
    # sgr.py CAPTURE ROW FROM TO: the colours (fg/bg) of the non-blank cells in that span
    g = cells(sys.argv[1])
    y, a, b = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    r = g[y] if y < len(g) else []
    print(" ".join(sorted({"%s/%s" % (f, k) for c, f, k in r[a:b] if c != " "})))
SGR

# The checker: reads a screen capture and the database (python's sqlite3, read
# only) and says, line by line, PASS or FAIL for each part of the dashboard.
cat >"$T/dash.py" <<'EOF'
import math, re, sqlite3, sys, unicodedata
screen, db, home, frm, to, year, mode, tasks = sys.argv[1:9]
rows = (open(screen, encoding="utf-8").read().split("\n") + [""] * 24)[:24]
ascii = mode == "ascii"
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
BELOW = ("WITH RECURSIVE below(code) AS (SELECT ? UNION SELECT u.code FROM unit u"
         " JOIN below b ON u.parent_code = b.code) ")
def one(sql, *args):
    return con.execute(sql, args).fetchone()[0]
# Staff in post at the period's end (or today, when earlier): from
# in_post_from (else the decision, else the record's day) to in_post_until.
ASOF = "min('%s', date('now', 'localtime'))" % to
IN_POST = (" AND s.deleted = 0 AND " + ASOF + " BETWEEN ifnull(s.in_post_from,"
           " ifnull(s.decision_date, date(s.created_at))) AND ifnull(s.in_post_until, '9999-12-31')")
def staff(u):
    return one(BELOW + "SELECT count(*) FROM staff s JOIN below b ON b.code = s.unit_code"
               " WHERE s.deleted = 0" + IN_POST, u)
def trained(u):
    return one(BELOW + "SELECT count(DISTINCT s.id) FROM staff s JOIN below b ON"
               " b.code = s.unit_code JOIN participant p ON p.staff_id = s.id AND"
               " p.deleted = 0 AND p.attended = 1 JOIN training t ON t.id = p.training_id"
               " AND t.deleted = 0 AND t.start_date BETWEEN ? AND ? WHERE s.deleted = 0"
               + IN_POST, u, frm, to)
def focal(u):
    r = con.execute(BELOW + "SELECT u.code, count(s.id) FROM unit u JOIN below b ON"
                    " b.code = u.code LEFT JOIN staff s ON s.unit_code = u.code AND"
                    " s.deleted = 0 AND s.focal_point = 1" + IN_POST + " WHERE u.level = 'commune' AND"
                    " u.status = 'current' GROUP BY u.code", (u,)).fetchall()
    return sum(1 for c, k in r if k > 0), len(r)
def villages(u):
    r = con.execute(BELOW + "SELECT v.id, count(t.id) FROM village v JOIN below b ON"
                    " b.code = v.unit_code LEFT JOIN team t ON t.village_id = v.id AND"
                    " t.deleted = 0 WHERE v.deleted = 0 GROUP BY v.id", (u,)).fetchall()
    return sum(1 for c, k in r if k > 0), len(r)
def by_month(u, what):
    v = [0] * 12
    if what == "activities":
        sql = ("SELECT a.held_on, 1 FROM activity a JOIN below b ON b.code = a.unit_code"
               " WHERE a.deleted = 0 AND a.held_on BETWEEN ? AND ?")
    else:
        sql = ("SELECT a.held_on, h.count FROM activity a JOIN below b ON b.code = a.unit_code"
               " JOIN activity_help h ON h.activity_id = a.id WHERE a.deleted = 0 AND"
               " a.held_on BETWEEN ? AND ?")
    for d, k in con.execute(BELOW + sql, (u, frm, to)):
        if int(d[:4]) == int(year):
            v[int(d[5:7]) - 1] += k
    return v

FULL, TRACK = ("#", ".") if ascii else ("█", "·")
EIGHTHS = ["", "+", "+", "+", "+", "+", "+", "+"] if ascii else \
    ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
LEVELS = " _.,-=+*#" if ascii else " ▁▂▃▄▅▆▇█"
def lround(x):
    return int(math.floor(x + 0.5))
def bar(v, d, w):
    v = 0 if d <= 0 or v < 0 else min(v, d)
    e = lround(v / d * w * 8) if d > 0 else 0
    s = [TRACK] * w
    for i in range(e // 8):
        s[i] = FULL
    if e // 8 < w and e % 8:
        s[e // 8] = EIGHTHS[e % 8]
    return "".join(s)
def columns(v):
    m = max(v)
    out = ""
    for x in v:
        lvl = lround(x / m * 8) if m > 0 else 0
        if x > 0 and lvl == 0:
            lvl = 1    # a month with something is never drawn as empty
        out += LEVELS[lvl] * 2
    return out
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)
def check(name, good, why=""):
    print(("PASS " if good else "FAIL ") + name + ("" if good else ": " + why))

# Indicators: a 20-cell bar at column 32, then "n/d pp%".
ind = [(y, r) for y, r in enumerate(rows) if re.match(r"^ \d+/\d+ +\d+%", r[52:])]
want = [focal(home), (trained(home), staff(home)), villages(home)]
check("three indicator lines", len(ind) == 3, "found %d: %r" % (len(ind), ind))
for (y, r), (v, d), what in zip(ind, want, ["focal points", "trained", "villages"]):
    exp = bar(v, d, 20)
    check("indicator '%s': bar of %d/%d" % (what, v, d), r[32:52] == exp,
          "row %d has %r, expected %r" % (y, r[32:52], exp))
    check("indicator '%s': %d/%d" % (what, v, d), r[52:].split()[0] == "%d/%d" % (v, d),
          "row %d: %r" % (y, r[52:]))
# By unit: one 30-cell bar per current commune below, at column 32, named at column 3.
communes = con.execute("SELECT code, name FROM unit WHERE parent_code = ? AND status ="
                       " 'current' AND level = 'commune'", (home,)).fetchall()
seen = {}
for y, r in enumerate(rows):
    name = r[3:29].strip()
    if any(name == n for c, n in communes):
        seen[name] = (y, r)
if communes:
    check("a bar per commune (%d)" % len(communes), len(seen) == len(communes),
          "found %r" % sorted(seen))
for c, name in communes:
    if name not in seen:
        continue
    y, r = seen[name]
    v, d = trained(c), staff(c)
    exp = bar(v, d, 30)
    check("%s: bar of %d/%d trained" % (name, v, d), r[32:62] == exp,
          "row %d has %r, expected %r" % (y, r[32:62], exp))
    pct = ("%3.0f%%" % (100.0 * v / d)) if d > 0 else "—"
    check("%s: %s" % (name, pct.strip()), r[64:70].rstrip() == pct, "row %d: %r" % (y, r[64:]))
# Months: two rows of twelve 2-cell columns at column 32, the year's sum at 57.
mon = [(y, r) for y, r in enumerate(rows)
       if len(r) > 57 and all(ch in LEVELS for ch in r[32:56]) and re.match(r"^ \d+$", r[56:])]
check("two monthly column rows", len(mon) == 2, "found %r" % mon)
for (y, r), what in zip(mon, ["activities", "helped"]):
    v = by_month(home, what)
    exp = columns(v)
    check("months of %s %s: %s" % (what, year, v), r[32:56] == exp,
          "row %d has %r, expected %r" % (y, r[32:56], exp))
    check("months of %s: the sum %d" % (what, sum(v)), r[57:].strip() == str(sum(v)),
          "row %d: %r" % (y, r[57:]))
lab = "J F M A M J J A S O N D" if ascii else "T1  T3  T5  T7  T9  T11"
lab_rows = [y for y, r in enumerate(rows) if r[32:].startswith(lab)]
check("month labels under the columns", len(lab_rows) == 1 and mon and lab_rows[0] == mon[-1][0] + 1,
      "labels at %r" % lab_rows)
# The plan tasks line, right below the labels: the report's numbers.
if lab_rows:
    nums = sorted(re.findall(r"\d+", rows[lab_rows[0] + 1]))
    check("tasks line shows %s" % tasks, nums == sorted(tasks.split()),
          "row %d: %r" % (lab_rows[0] + 1, rows[lab_rows[0] + 1]))
    # Overdue is "of them", after the parts that add up to the total.
    line = rows[lab_rows[0] + 1]
    check("tasks line: overdue is 'of them', after the parts",
          ("trong đó quá hạn" in line or "of them overdue" in line) and
          line.index("quá hạn" if "quá hạn" in line else "overdue") > line.index(";"), repr(line))
# The frame: the title with the period at the right, keys on the last row, nothing wider than 80.
check("title row ends with the period", rows[0].rstrip().endswith(" " + sys.argv[9]), repr(rows[0]))
check("key bar on the last row", re.match(r"^F1\S", rows[23]) is not None and "F10" in rows[23],
      repr(rows[23]))
check("nothing past column 80", all(width(r) <= 80 for r in rows),
      repr([r for r in rows if width(r) > 80]))
if len(sys.argv) > 10:
    # In colour, the bars and columns themselves carry a colour (not only the gaps).
    sys.path.insert(0, sys.argv[0].rsplit("/", 1)[0])
    import sgr
    g = sgr.cells(sys.argv[10])
    def plain(y, a, b):
        row = g[y] if y < len(g) else []
        return [(c, f) for c, f, k in row[a:b] if "\u2580" <= c <= "\u259f" and f is None]
    for (y, r), what in zip(ind, ["focal points", "trained", "villages"]):
        p = plain(y, 32, 52)
        check("indicator '%s': the bar is coloured" % what, not p,
              "row %d: %d block cells in the default colour" % (y, len(p)))
    for name, (y, r) in sorted(seen.items()):
        p = plain(y, 32, 62)
        check("%s: the bar is coloured" % name, not p,
              "row %d: %d block cells in the default colour" % (y, len(p)))
    for (y, r), what in zip(mon, ["activities", "helped"]):
        p = plain(y, 32, 56)
        check("months of %s: the columns are coloured" % what, not p,
              "row %d: %d block cells in the default colour" % (y, len(p)))
blocks = [ch for r in rows for ch in r if "\u2580" <= ch <= "\u259f"]
if ascii:
    check("no block characters", not blocks, repr(blocks[:5]))
    bars = "".join(r[32:62] for y, r in ind + list(seen.values()) + mon)
    check("charts in ASCII only", all(ord(ch) < 128 for ch in bars), repr(bars))
else:
    check("block characters drawn", len(blocks) > 20, "%d" % len(blocks))
EOF

# dash STEP FROM TO YEAR MODE TASKS LABEL: runs the checker on the screen now.
dash() {
	step=$1
	shift
	snap
	tm capture-pane -p -e -t e2e >"$T/screen-e"
	"$PY" "$T/dash.py" "$T/screen" "$DB" "$HOME_UNIT" "$@" >"$T/dash.out" 2>&1 ||
	    echo "FAIL checker: $(tail -1 "$T/dash.out")" >>"$T/dash.out"
	while IFS= read -r line; do
		case $line in
		PASS\ *) n=$((n + 1)); echo "ok $n - $step: ${line#PASS }" ;;
		FAIL\ *) n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $step: ${line#FAIL }"
			sed 's/^/# |/' "$T/screen" ;;
		*) echo "# $line" ;;
		esac
	done <"$T/dash.out"
}
# The plan task numbers of the report for a period: done, in progress, overdue, total.
tasks_of() {
	s --db "$DB" report --period "$1" --format csv | tr -d '\r' | awk -F, -v u="$HOME_UNIT" '
	    $1 == "tasks.status" && $3 == u { v[$5] = $7 }
	    END { print v["done"], v["in_progress"], v["not_started"], v["overdue"], v["total"] }'
}
colour() { tm capture-pane -p -e -t e2e | grep -qE "$(printf '\033')\[([0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"; }
no_colour() { ! colour; }

DB="$T/demo.db"
s demo --unit 548 --db "$DB" >/dev/null || { echo "Bail out! socds demo failed"; exit 1; }
HOME_UNIT=$(q "SELECT unit_code FROM home")
# The home screen names the unit with its code.
HOME_LINE="$HOME_UNIT $(q "SELECT name FROM unit WHERE code = '$HOME_UNIT'")"
YEAR=$(env -i PATH=/usr/bin:/bin date +%Y)

# --------------------------------------------------------- colour, 80x24 ---
start "$DB"
ok "colour: home screen" see "$HOME_LINE"
keys 0
ok "colour: the dashboard opens (key 0)" see "T1  T3  T5  T7  T9  T11"
settle
dash "colour $YEAR" "$YEAR-01-01" "$YEAR-12-31" "$YEAR" utf "$(tasks_of "$YEAR")" "$YEAR" "$T/screen-e"
ok "colour: colour attributes on the dashboard (SGR colour codes)" colour
cp "$T/screen" "$T/before-f4"

# F4: the period 2025-Q4.
keys F4
ok "F4 asks for the period" see "2026-Q3"
keys C-u
typ "2025-Q4"
keys Enter
ok "F4 2025-Q4: the prompt closes" see "!2026-Q3"
ok "F4 2025-Q4: the header shows 2025-Q4" see "2025-Q4"
settle
dash "2025-Q4" "2025-10-01" "2025-12-31" 2025 utf "$(tasks_of 2025-Q4)" "2025-Q4" "$T/screen-e"
ok "F4 2025-Q4: the figures changed" sh -c '! cmp -s "$1" "$2"' sh "$T/before-f4" "$T/screen"

# Too small, and back: the dashboard again.
resize 60 20
ok "60x20: says the window is too small (80 x 24)" see "80 x 24"
ok "60x20: and how big it is" see "60 x 20"
resize 80 24
ok "back to 80x24: the dashboard is drawn again" see "T1  T3  T5  T7  T9  T11"
settle
dash "80x24 again" "2025-10-01" "2025-12-31" 2025 utf "$(tasks_of 2025-Q4)" "2025-Q4"
keys F10

# The report screen (key 9): the official paper, a screen at a time.
ok "back home" see "$HOME_LINE"
s --db "$DB" report --period "$YEAR" >"$T/report.txt"
keys 9
ok "report screen (key 9): the national header" see "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
ok "report screen: the motto" see "Độc lập - Tự do - Hạnh phúc"
ok "report screen: the issuing body" see "UBND HUYỆN PHÙ CÁT"
settle
snap
# Rows 1..21 are the report's lines 1..21, from column 1.
same_lines() {	# same_lines FIRST: screen rows 1..21 = report lines FIRST..FIRST+20
	sed -n '2,22p' "$T/screen" | sed 's/ *$//' >"$T/got"
	sed -n "$1,$(($1 + 20))p" "$T/report.txt" | sed 's/ *$//; s/^/ /; s/^ $//' >"$T/want"
	cmp -s "$T/got" "$T/want" || { diff "$T/want" "$T/got" | sed 's/^/# /' | head -20; return 1; }
}
ok "report screen: the first 21 lines of the report" same_lines 1
keys NPage
ok "PgDn: the header scrolls away" see "!CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
settle
snap
ok "PgDn: the next 21 lines of the report" same_lines 22
keys F10

# The plan tasks (key 8): overdue ones are marked.
ok "back home again" see "$HOME_LINE"
keys 8
ok "plan tasks (key 8): the tasks are listed" see "BD-"
settle
snap
OVERDUE=$(awk '/^msgid "OVERDUE"$/ { getline; sub(/^msgstr "/, ""); sub(/"$/, ""); print; exit }' \
    "$SRC/assets/po/vi.po" 2>/dev/null)
[ -n "$OVERDUE" ] || OVERDUE="QUÁ HẠN"
# Tasks due "Năm 2024" on the screen, and the unit's latest status of each.
grep -E '^ [A-Z]+-[0-9.]+ ' "$T/screen" >"$T/taskrows"
ok "plan tasks: the unit's tasks (as many as the report counts)" \
    test "$(wc -l <"$T/taskrows")" -eq "$(tasks_of "$YEAR" | cut -d' ' -f5)"
over=0
while IFS= read -r row; do
	code=$(printf '%s\n' "$row" | awk '{ print $1 }')
	case $row in *"Năm 2024"*) ;; *) continue ;; esac
	st=$(q "SELECT status FROM task_progress WHERE unit_code = '$HOME_UNIT' AND task_code = '$code'
	    AND deleted = 0 ORDER BY updated_at DESC, id DESC LIMIT 1")
	case $st in
	done|cancelled)
		ok "plan tasks: $code (Năm 2024, $st) is not marked overdue" \
		    sh -c '! printf "%s\n" "$1" | grep -qF -e "$2" -e "OVERDUE"' sh "$row" "$OVERDUE" ;;
	*)
		over=$((over + 1))
		OVER_CODE=$code
		ok "plan tasks: $code (Năm 2024, ${st:-not started}) is marked overdue" \
		    sh -c 'printf "%s\n" "$1" | grep -qF -e "$2" -e "OVERDUE"' sh "$row" "$OVERDUE" ;;
	esac
done <"$T/taskrows"
ok "plan tasks: the demo has an overdue 'Năm 2024' task to show" test "$over" -gt 0
# The overdue row is drawn in the error colour (red background) when not selected.
if [ "$over" -gt 0 ]; then
	tm capture-pane -p -e -t e2e >"$T/tasks-e"
	y=$(grep -nE "^ $OVER_CODE " "$T/screen" | cut -d: -f1)
	ok "plan tasks: the overdue row is in the error colour (white on red), its words too" \
	    same "colours of $OVER_CODE's status" "$("$PY" "$T/sgr.py" "$T/tasks-e" $((y - 1)) 11 25)" "37/41"
	# Enter on it opens the unit's progress on that task.
	i=$(grep -nE "^ $OVER_CODE " "$T/taskrows" | cut -d: -f1)
	while [ "$i" -gt 1 ]; do keys Down; i=$((i - 1)); done
	keys Enter
	ok "Enter on $OVER_CODE opens its progress form" see "Mã nhiệm vụ"
	ok "  ... for that task" see "* $OVER_CODE"
	ok "  ... with its status field" see "Tình trạng"
	keys F10
	ok "  ... F10 back to the tasks" see "BD-"
fi
keys F10
ok "back home once more" see "$HOME_LINE"
keys F10
ok "colour: quits cleanly" see "EXITED rc=0"
tm kill-session -t e2e

# ------------------------------------------- TERM=vt100, ASCII, monochrome ---
START_ENV=SOCDS_ASCII=1
start "$DB" vt100
START_ENV=
ok "vt100: home screen" see "$HOME_LINE"
keys 0
ok "vt100: the dashboard opens (key 0)" see "J F M A M J J A S O N D"
settle
dash "vt100 $YEAR" "$YEAR-01-01" "$YEAR-12-31" "$YEAR" ascii "$(tasks_of "$YEAR")" "$YEAR"
ok "vt100: no colour codes" no_colour
keys F4
ok "vt100: F4 asks for the period" see "2026-Q3"
keys C-u
typ "2025-Q4"
keys Enter
ok "vt100: F4 2025-Q4: the header shows 2025-Q4" see "2025-Q4"
see "!2026-Q3" >/dev/null
settle
dash "vt100 2025-Q4" "2025-10-01" "2025-12-31" 2025 ascii "$(tasks_of 2025-Q4)" "2025-Q4"
keys q
ok "vt100: back home" see "$HOME_LINE"
keys q
ok "vt100: quits cleanly" see "EXITED rc=0"
tm kill-session -t e2e

# ------------------------- a month with little in it is not drawn as empty ---
# 2090 (a year no demo reaches): twenty activities in March and one in April
# (copies of a demo activity, no help counts): April's column must be the
# lowest level, not blank like the empty months, in both modes.
q "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < 21)
   INSERT INTO activity (id, unit_code, created_at, updated_at, team_id, held_on)
   SELECT printf('01a2073b-0000-7000-8000-%012d', i), a.unit_code, a.created_at, a.updated_at,
          a.team_id, CASE WHEN i <= 20 THEN '2090-03-15' ELSE '2090-04-15' END
   FROM k, (SELECT * FROM activity WHERE deleted = 0 ORDER BY id LIMIT 1) a"
for mode in utf ascii; do
	if [ "$mode" = utf ]; then start "$DB"; else START_ENV=SOCDS_ASCII=1; start "$DB" vt100; START_ENV=; fi
	see "$HOME_LINE" >/dev/null
	keys 0
	if [ "$mode" = utf ]; then see "T1  T3" >/dev/null; else see "J F M A" >/dev/null; fi
	settle
	keys F4
	see "2026-Q3" >/dev/null
	keys C-u
	typ "2090"
	keys Enter
	see "!2026-Q3" >/dev/null
	settle
	snap
	# Columns 32..39 (January to April) of the row whose sum is 21, by characters.
	got=$("$PY" -c 'import sys
for r in open(sys.argv[1], encoding="utf-8").read().split("\n"):
    if r.rstrip().endswith(" 21") and len(r) > 57:
        print(r[32:40]); break' "$T/screen")
	if [ "$mode" = utf ]; then want="    ██▁▁"; else want="    ##__"; fi
	ok "$mode: 2090 activities by month: March full, April (1 of 20) at the lowest level" \
	    sh -c '[ "$1" = "$2" ] || { echo "# columns Jan-Apr: [$1], expected [$2]"; exit 1; }' \
	    sh "$got" "$want"
	keys q
	see "$HOME_LINE" >/dev/null
	keys q
	see "EXITED" >/dev/null
	tm kill-session -t e2e
done

done_testing
