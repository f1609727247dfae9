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
#    its figures stay as they were.
# TAP output for meson. Usage: sh test_gaps.sh /abs/path/to/socds
set -u
SOCDS=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/socds-gaps-XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE
n=0
failed=0

PY=/usr/bin/python3
if [ ! -x "$PY" ] || ! command -v sqlite3 >/dev/null; then
	echo "1..0 # SKIP needs /usr/bin/python3 and sqlite3"
	exit 0
fi

ok() {
	n=$((n + 1))
	d=$1
	shift
	if "$@"; then
		echo "ok $n - $which: $d"
	else
		echo "not ok $n - $which: $d"
		failed=$((failed + 1))
	fi
}
run() {	# run EXPECTED_STATUS ARGS...: stdout, stderr in $T/out, $T/err
	want=$1
	shift
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] && return 0
	echo "# socds $*: exit $got, expected $want"
	sed 's/^/#   /' "$T/err"
	return 1
}
q() { sqlite3 -batch -noheader -cmd '.timeout 5000' "$DB" "$1"; }
same() {
	[ "$2" = "$3" ] && return 0
	echo "# $1: got '$2', expected '$3'"
	return 1
}
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

mkdir -p "$T/home"
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
done

echo "1..$n"
[ "$failed" -eq 0 ]
