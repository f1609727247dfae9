#!/bin/sh
# Issue 13, the small gaps left after points 1, 3 and 7, on a commune demo
# database (Xã Phù Cát, 21853) and an office's (the old district 548):
#  - the text report wraps a long label with its lines under the label's
#    text (after "- " or "4. "), every line at most 78 columns: a staff
#    member's long name in the list of those not trained, and the report's
#    own long labels;
#  - socds report warns, on one line of stderr and in a note of the text
#    report, when live records point at deleted ones (left by an older
#    socds or a hand), naming how many and suggesting socds check --repair;
#    its figures stay as they were (the CSV byte for byte).
# TAP output for meson. Usage: sh test_gaps.sh /abs/path/to/socds
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init gaps
tap_utf8

PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs /usr/bin/python3 and sqlite3"
fi

TAP_LABEL=which	# each check named "commune: ..." or "office: ..."
q() { sqlite3 -batch -noheader -cmd '.timeout 5000' "$DB" "$1"; }
# too_wide FILE N: no line wider than N columns.
too_wide() {
	"$PY" - "$1" "$2" <<'PYEOF'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)
bad = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n") if width(l) > int(sys.argv[2])]
for l in bad:
    print("# %d columns: %s" % (width(l), l))
sys.exit(1 if bad else 0)
PYEOF
}
# hangs FILE MIN [TEXT]: in the report's body (from "I. " to "Nơi nhận:"),
# every label that wraps ("- X" or "4. X" with no dots on its line and more
# lines after it up to the dotted one, or a name's further lines) has those
# lines start under its text; at least MIN such labels, one holding TEXT.
hangs() {
	"$PY" - "$@" <<'PYEOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
need, text = int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None
start = next(i for i, l in enumerate(lines) if l.startswith("I. "))
end = next(i for i, l in enumerate(lines) if l.startswith("Nơi nhận:"))
mark = re.compile(r"^( *)(- |\d+\. )(\S.*)$")
wrapped, bad, found, i = 0, 0, text is None, start
while i < end:
    m = mark.match(lines[i])
    if not m or "...." in lines[i] or lines[i].endswith(":"):
        i += 1
        continue
    hang = len(m.group(1)) + len(m.group(2))
    j, label = i + 1, lines[i]
    while j < end and lines[j].startswith(" ") and not mark.match(lines[j]):
        lead = len(lines[j]) - len(lines[j].lstrip(" "))
        label += " " + lines[j].strip()
        if lead != hang:
            print("# line %d starts at column %d, its label's text at %d:" % (j + 1, lead, hang))
            print("#   %s\n#   %s" % (lines[i], lines[j]))
            bad += 1
        j += 1
        if "...." in lines[j - 1]:
            break
    if j > i + 1:
        wrapped += 1
        if text is not None and text in label:
            found = True
    i = j
if wrapped < need:
    print("# %d wrapped labels, expected at least %d" % (wrapped, need))
if not found:
    print("# no wrapped label holds '%s'" % text)
sys.exit(0 if bad == 0 and wrapped >= need and found else 1)
PYEOF
}

for which in commune office; do
DB="$T/$which.db"
if [ "$which" = commune ]; then UNIT=21853; else UNIT=548; fi
run 0 demo --unit "$UNIT" --db "$DB" || { echo "Bail out! socds demo --unit $UNIT failed"; exit 1; }

# ------------------------------------------------- wrapped labels (2) ---
# A staff member not trained in 2026 gets a name too long for one line.
LONG="Nguyễn Thị Hồng Nhung Phương Thảo Minh Châu Ngọc Ánh Bảo Trân Diễm Quỳnh"
run 0 --db "$DB" report --period 2026
NAME=$(sed -n '/chưa được bồi dưỡng/{n;s/^ *- \(.*\) — .*/\1/p;q}' "$T/out")
ok "the report lists a staff member not trained ('$NAME')" [ -n "$NAME" ]
q "UPDATE staff SET full_name = '$LONG' WHERE id = (SELECT id FROM staff
    WHERE full_name = '$NAME' AND deleted = 0 LIMIT 1)"
ok "a long name in the report" run 0 --db "$DB" report --period 2026 --out "$T/wrap.txt" --force
ok "... every line at most 78 columns" too_wide "$T/wrap.txt" 78
ok "... the name's further lines start under its first letter" hangs "$T/wrap.txt" 1 "$LONG"
ok "... and every wrapped label's, under its text after '- ' or '4. ' (at least 3)" \
    hangs "$T/wrap.txt" 3
# (Back to the name, its search key still the one sqlite3 left.)
q "UPDATE staff SET full_name = '$NAME' WHERE full_name = '$LONG'"

# ------------------------------- live records pointing at deleted (3) ---
# A team deleted by hand with all that is its (as the interface deletes it):
# nothing dangles, no warning.
TEAM=$(q "SELECT t.id FROM team t WHERE t.deleted = 0 AND EXISTS (SELECT 1 FROM member m
    WHERE m.team_id = t.id AND m.deleted = 0) ORDER BY t.rowid LIMIT 1")
q "UPDATE team SET deleted = 1, version = version + 1 WHERE id = '$TEAM';
UPDATE member SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';
UPDATE activity SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';
UPDATE participant SET deleted = 1, version = version + 1
    WHERE member_id IN (SELECT id FROM member WHERE team_id = '$TEAM');"
ok "a team deleted with what is its: socds check exits 0" run 0 --db "$DB" check
ok "... the report warns of nothing" sh -c '"$@" >"$T/a.txt" 2>"$T/a.err" &&
    ! grep -q . "$T/a.err" && ! grep -qF "Ghi chú:" "$T/a.txt" ||
    { sed "s/^/#   /" "$T/a.err"; false; }' sh "$SOCDS" --db "$DB" report --period 2026
run 0 --db "$DB" report --period 2026 --format csv --out "$T/a.csv" --force
# One member of it brought back to life by hand: a live record pointing at a
# deleted team, as an older socds could leave it.
MEMBER=$(q "SELECT id FROM member WHERE team_id = '$TEAM' ORDER BY rowid LIMIT 1")
q "UPDATE member SET deleted = 0 WHERE id = '$MEMBER'"
ok "a live member of the deleted team: socds check exits 1" run 1 --db "$DB" check
ok "the report: exit 0" run 0 --db "$DB" report --period 2026
cp "$T/out" "$T/b.txt"
ok "... one warning line on stderr, naming 1 record and socds check --repair" sh -c '
    [ "$(wc -l <"$1")" -eq 1 ] && grep -qF "cảnh báo: 1 bản ghi đang dùng còn trỏ tới bản ghi đã xóa" "$1" &&
    grep -qF "socds check --repair" "$1" || { sed "s/^/#   /" "$1"; false; }' sh "$T/err"
ok "... and a note in the text report, before the signature, saying the same" "$PY" - "$T/b.txt" <<'PYEOF'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
i, j = t.find("Ghi chú: 1 bản ghi"), t.find("Nơi nhận:")
note = " ".join(t[i:j].split())
ok = 0 <= i < j and "socds check --repair" in note
print("# the note: '%s'" % note) if not ok else None
sys.exit(0 if ok else 1)
PYEOF
ok "... the note keeps to 78 columns" too_wide "$T/b.txt" 78
ok "the CSV report (the warning on stderr)" run 0 --db "$DB" report --period 2026 --format csv \
    --out "$T/b.csv" --force
# The warning changes no figure: they count live records as before, the
# member brought back among them (once in its affiliation, once in the DT
# network), every other figure as it was.
U=$(q "SELECT unit_code FROM home")
ok "... its figures: those before, the live member counted as live records are" \
    "$PY" - "$T/a.csv" "$T/b.csv" "$U" <<'PYEOF'
import csv, sys
def sums(path):
    rows = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
    h = rows[0]
    fi, ui, vi, pi = (h.index(c) for c in ("figure", "unit_code", "value", "part"))
    out = {}
    for r in rows[1:]:
        if r[ui] == sys.argv[3] and r[pi] == "unit":
            out[r[fi]] = out.get(r[fi], 0) + float(r[vi] or 0)
    return out
a, b = sums(sys.argv[1]), sums(sys.argv[2])
want = dict(a)
for f in ("cdtt.members_by_affiliation", "network.members"):
    want[f] = want.get(f, 0) + 1
bad = [(f, a.get(f), b.get(f)) for f in sorted(set(want) | set(b)) if want.get(f) != b.get(f)]
for f, x, y in bad:
    print("# %s: before %s, now %s" % (f, x, y))
sys.exit(1 if bad or len(a) < 10 else 0)
PYEOF
ok "... the warning is there too" grep -qF "socds check --repair" "$T/err"
# An activity of the team back too (with the deleted members it lists as
# present): the warning counts what socds check lists, one line each.
q "UPDATE activity SET deleted = 0 WHERE id = (SELECT id FROM activity WHERE team_id = '$TEAM'
    AND EXISTS (SELECT 1 FROM activity_member x WHERE x.activity_id = activity.id) LIMIT 1)"
run 1 --db "$DB" check
NCHECK=$(grep -c "^  " "$T/out")	# a line per record, under the headings
ok "more records pointing at deleted ones: the warning counts socds check's $NCHECK" sh -c '
    e=$1 c=$2; shift 2; "$@" >/dev/null 2>"$e" && grep -qF "cảnh báo: $c bản ghi" "$e" ||
    { sed "s/^/#   /" "$e"; false; }' sh "$T/d.err" "$NCHECK" "$SOCDS" --db "$DB" report --period 2026
ok "... which are more than 2 (the activity, its team's members present)" [ "$NCHECK" -gt 2 ]
run 0 --db "$DB" check --repair
ok "after socds check --repair: no warning" sh -c '"$@" >/dev/null 2>"$T/c.err" &&
    ! grep -q . "$T/c.err"' sh "$SOCDS" --db "$DB" report --period 2026
done

done_testing
