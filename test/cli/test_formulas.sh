#!/bin/sh
# No formulas in CSV for people (issue 11, point 7): a cell that starts with
# = + - @ tab or CR gets a "'" in the human export (read back with Python's
# csv module, an independent reader), while --machine, the package's members
# and the XLSX (read with openpyxl: plain strings) keep the values exactly;
# the human export imports back to the same values, and so does a corrected
# rejects file. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init formulas
DB="$T/d.db"

TAP_CAPTURE=1	# ok: stdout and stderr of each check in $T/out and $T/err
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" --lang en "$@"; }

PY=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ] || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs python3-openpyxl and sqlite3"
fi

# The values, as Python literals, by id: what the database holds and every
# exact reader must give back.
cat >"$T/values.py" <<'EOF'
NAMES = ['=HYPERLINK("http://x","y")', '+1', '-1', '@SUM(A1)', "'=already", 'Nguyễn Văn An']
NOTES = ['\tnote led by a tab', '\rnote led by a CR', '=1+2', '- a list', '', 'plain']
PHONE = '+84912345678'
PHONE_STORED = '0912345678'	# what the form makes of PHONE
RISKY = ('=', '+', '-', '@', '\t', '\r')
def risky(v):
    return v.lstrip("'").startswith(RISKY)
EOF

ok "init a commune database" s init --unit 21853 --db "$DB"
# The records: names through import (the form takes them as they are);
# notes led by tab or CR cannot be typed (the form trims them), so they are
# written straight into the database, as an old version might have left them,
# and so is the name starting with an apostrophe (import takes one "'" before
# "=" off, as a spreadsheet does; on screen it can be typed).
"$PY" - "$T" <<'EOF'
import csv, sys
sys.path.insert(0, sys.argv[1])
from values import NAMES, PHONE
with open(sys.argv[1] + '/in.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['full_name', 'birth_year', 'phone'])
    for i, name in enumerate(NAMES):
        w.writerow([name, 1980 + i, PHONE if i == 0 else ''])
EOF
ok "import the names" s import "$T/in.csv" --kind staff --db "$DB"
"$PY" - "$T" "$DB" <<'EOF'
import sqlite3, sys
sys.path.insert(0, sys.argv[1])
from values import NAMES, NOTES, PHONE
db = sqlite3.connect(sys.argv[2])
db.execute("UPDATE staff SET full_name = ? WHERE full_name = ?", ("'=already", "=already"))
# The form stores 0912345678 for +84 912 345 678 now; an older version kept
# the "+84", which an export must still guard.
db.execute("UPDATE staff SET phone = ? WHERE phone IS NOT NULL", (PHONE,))
for name, note in zip(NAMES, NOTES):
    db.execute('UPDATE staff SET note = ? WHERE full_name = ?', (note or None, name))
db.commit()
EOF
ok "every name and note is stored as given" "$PY" - "$T" "$DB" <<'EOF'
import sqlite3, sys
sys.path.insert(0, sys.argv[1])
from values import NAMES, NOTES
db = sqlite3.connect(sys.argv[2])
got = {r[0]: r[1] or '' for r in db.execute('SELECT full_name, note FROM staff')}
assert got == dict(zip(NAMES, NOTES)), got
EOF

# --- the export for people ---
ok "export csv for people" s export csv --kind staff --db "$DB" --out "$T/people.csv"
cat >"$T/check_people.py" <<'EOF'
import csv, sys
sys.path.insert(0, sys.argv[1])
from values import NAMES, NOTES, PHONE, risky
with open(sys.argv[2], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.reader(f))
head, rows = rows[0], rows[1:]
iname, inote, iphone = head.index(sys.argv[3]), head.index(sys.argv[4]), head.index(sys.argv[5])
assert len(rows) == len(NAMES), len(rows)
seen = 0
for r in rows:
    for cell in r:
        # No cell a spreadsheet would run: each starts with "'" or is safe.
        assert not cell.startswith(('=', '+', '-', '@', '\t', '\r')), repr(cell)
    name = r[iname]
    orig = name[1:] if risky(name[1:]) and name.startswith("'") else name
    assert orig in NAMES, repr(name)
    if risky(orig):
        assert name == "'" + orig, repr(name)
        seen += 1
    else:
        assert name == orig, repr(name)
    note = NOTES[NAMES.index(orig)]
    assert r[inote] == ("'" + note if risky(note) else note), (r[inote], note)
    if r[iphone]:
        assert r[iphone] == "'" + PHONE, repr(r[iphone])
assert seen == 5, seen
EOF
ok "people's CSV: each risky cell starts with ', the rest as it is" \
    "$PY" "$T/check_people.py" "$T" "$T/people.csv" "Full name" "Note" "Phone"
ok "people's CSV: the tab- and CR-led notes carry the '" \
    sh -c "grep -q \"\\\"'\$(printf '\\r')note led by a CR\\\"\" '$T/people.csv' && grep -q \"'\$(printf '\\t')note led by a tab\" '$T/people.csv'"

# --- --machine and the package: exact ---
cat >"$T/check_exact.py" <<'EOF'
import csv, io, sys, zipfile
sys.path.insert(0, sys.argv[1])
from values import NAMES, NOTES, PHONE
src = sys.argv[2]
if src.endswith('.zip'):
    text = zipfile.ZipFile(src).read('data/staff.csv').decode('utf-8-sig')
else:
    text = open(src, encoding='utf-8-sig', newline='').read()
rows = list(csv.reader(io.StringIO(text, newline='')))
head, rows = rows[0], rows[1:]
got = {r[head.index('full_name')]: r[head.index('note')] for r in rows}
assert got == dict(zip(NAMES, NOTES)), got
assert PHONE in [r[head.index('phone')] for r in rows]
EOF
ok "export csv --machine" s export csv --kind staff --machine --db "$DB" --out "$T/machine.csv"
ok "--machine keeps every value exactly" "$PY" "$T/check_exact.py" "$T" "$T/machine.csv"
ok "export package" s export package --db "$DB" --out "$T/p.zip"
ok "the package's data/staff.csv keeps every value exactly" "$PY" "$T/check_exact.py" "$T" "$T/p.zip"

# --- XLSX: plain strings, never formulas ---
ok "export xlsx" s export xlsx --db "$DB" --out "$T/x.xlsx"
ok "XLSX cells are strings with the exact values" "$PY" - "$T" "$T/x.xlsx" <<'EOF'
import sys, openpyxl
sys.path.insert(0, sys.argv[1])
from values import NAMES
wb = openpyxl.load_workbook(sys.argv[2])
found = {}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value in NAMES:
                found[c.value] = c.data_type
assert set(found) == set(NAMES), sorted(found)
assert all(t == 's' for t in found.values()), found
EOF

# --- back in: the people's export imports to the same values ---
ok "init a second database of the same commune" s init --unit 21853 --db "$T/back.db"
ok "import the people's CSV" s import "$T/people.csv" --kind staff --db "$T/back.db"
ok "the names come back exactly, without the '" "$PY" - "$T" "$T/back.db" <<'EOF'
import sqlite3, sys
sys.path.insert(0, sys.argv[1])
from values import NAMES, NOTES, PHONE_STORED
db = sqlite3.connect(sys.argv[2])
got = {r[0]: (r[1] or '', r[2] or '') for r in db.execute('SELECT full_name, note, phone FROM staff')}
assert set(got) == set(NAMES), got
for name, note in zip(NAMES, NOTES):
    # The form trims a leading tab or line end, as when typed; the rest exact.
    assert got[name][0] == note.lstrip('\t\r'), (name, got[name], note)
assert got[NAMES[0]][1] == PHONE_STORED
EOF
# Import takes one "'" before = + - @ tab CR off whatever the file, as a
# spreadsheet reads it: the one value a --machine file cannot carry back
# is one that itself starts so (README says so). Everything else is exact.
ok "init a third database" s init --unit 21853 --db "$T/m.db"
ok "import the machine CSV" s import "$T/machine.csv" --kind staff --db "$T/m.db"
ok "the machine CSV imports to the same values, but for a leading '=" "$PY" - "$T" "$T/m.db" <<'EOF'
import sqlite3, sys
sys.path.insert(0, sys.argv[1])
from values import NAMES
db = sqlite3.connect(sys.argv[2])
got = sorted(r[0] for r in db.execute('SELECT full_name FROM staff'))
want = sorted("=already" if n == "'=already" else n for n in NAMES)
assert got == want, got
EOF

# --- the rejects file: guarded for people, and imports back once corrected ---
"$PY" - "$T" <<'EOF'
import csv, sys
sys.path.insert(0, sys.argv[1])
with open(sys.argv[1] + '/bad.csv', 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['Full name', 'Year of birth', 'Note'])
    w.writerow(['=HYPERLINK("http://evil","click")', '1800', '@cmd'])
    w.writerow(['Trần Thị Bình', '1990', ''])
EOF
ok "import with --skip-invalid" s import "$T/bad.csv" --kind staff --skip-invalid --db "$T/back.db"
ok "the rejects file guards the row's cells" "$PY" - "$T/bad.csv.rejects.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert len(rows) == 2, rows
r = rows[1]
assert r[0] == "'=HYPERLINK(\"http://evil\",\"click\")" and r[2] == "'@cmd", r
assert not r[-1].startswith(('=', '+', '-', '@')), r
EOF
# Corrected in a spreadsheet: the year fixed, the reason column removed.
"$PY" - "$T/bad.csv.rejects.csv" "$T/fixed.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.writer(f)
    for i, r in enumerate(rows):
        r = r[:-1]
        if i > 0:
            r[1] = '1985'
        w.writerow(r)
EOF
ok "the corrected rejects file imports" s import "$T/fixed.csv" --kind staff --db "$T/back.db"
ok "its values come back without the '" "$PY" - "$T/back.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute('SELECT note, birth_year FROM staff WHERE full_name = ?',
                 ('=HYPERLINK("http://evil","click")',)).fetchall()
assert got == [('@cmd', 1985)], got
EOF

done_testing
