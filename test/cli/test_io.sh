#!/bin/sh
# Data travelling: export -> import into an empty database gives the same
# rows (compared with the sqlite3 shell); each legacy encoding round-trips;
# the upload package merges at the district, twice without duplicates, and a
# damaged one is refused with nothing changed. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init io
TAP_CAPTURE=1	# ok: stdout and stderr of each check in $T/out and $T/err
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }
# Live rows of a table, every stored column, in id order: what must survive.
# synced_version (local bookkeeping) is left out; columns added later follow it.
rows() {
	cols=$(sqlite3 "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$2') WHERE name <> 'synced_version'")
	sqlite3 -csv "$1" "SELECT $cols FROM $2 WHERE deleted = 0 ORDER BY id"
}
children() { sqlite3 -csv "$1" "SELECT c.* FROM $2 c JOIN activity a ON a.id = c.activity_id WHERE a.deleted = 0 ORDER BY 1, 2"; }
same_rows() { rows "$1" "$3" >"$T/a"; rows "$2" "$3" >"$T/b"; [ -s "$T/a" ] && cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b" | head -5; return 1; }; }
same_children() { children "$1" "$3" >"$T/a"; children "$2" "$3" >"$T/b"; [ -s "$T/a" ] && cmp -s "$T/a" "$T/b"; }

ok "demo commune" s demo --unit 21853 --db "$T/a.db"
KINDS="village staff training team member participant activity"

# Machine CSV (column names, canonical values, ids): exact round trip.
ok "empty database for the same commune" s init --unit 21853 --db "$T/b.db"
for k in $KINDS; do
	ok "export $k (machine)" s export csv --kind "$k" --machine --db "$T/a.db" --out "$T/m-$k.csv"
	ok "import $k" s import "$T/m-$k.csv" --kind "$k" --db "$T/b.db"
done
# rows() drops synced_version (local bookkeeping).
for k in $KINDS; do ok "same $k rows" same_rows "$T/a.db" "$T/b.db" "$k"; done
ok "same members present" same_children "$T/a.db" "$T/b.db" activity_member
ok "same citizens helped" same_children "$T/a.db" "$T/b.db" activity_help
ok "export files are 0600" test "$(stat -c %a "$T/m-staff.csv")" = 600
ok "export starts with a UTF-8 BOM" sh -c "head -c 3 '$T/m-staff.csv' | od -An -tx1 | grep -q 'ef bb bf'"
ok "no overwrite without --force" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' export csv --kind staff --db '$T/a.db' --out '$T/m-staff.csv'"
ok "--force replaces" s export csv --kind staff --machine --db "$T/a.db" --out "$T/m-staff.csv" --force

# The human CSV (Vietnamese headers, dd/mm/yyyy, labels, names) imports back too.
ok "empty database (human)" s init --unit 21853 --db "$T/h.db"
for k in village staff training team member activity; do
	ok "export $k (for people)" s export csv --kind "$k" --db "$T/a.db" --out "$T/h-$k.csv"
	ok "import $k (for people)" s import "$T/h-$k.csv" --kind "$k" --db "$T/h.db"
done
for k in village staff training team member activity; do ok "same $k rows (for people)" same_rows "$T/a.db" "$T/h.db" "$k"; done
ok "human CSV has Vietnamese headers" grep -q "Họ và tên" "$T/h-staff.csv"
ok "human CSV has dd/mm/yyyy dates" grep -qE '[0-3][0-9]/[01][0-9]/20[0-9][0-9]' "$T/h-activity.csv"

# Each legacy encoding: export, import into a fresh database, same people.
for enc in cp1258 viscii tcvn; do
	ok "init for $enc" s init --unit 21853 --db "$T/$enc.db"
	ok "village for $enc" s import "$T/m-village.csv" --kind village --db "$T/$enc.db"
	ok "export staff in $enc" s export csv --kind staff --encoding "$enc" --db "$T/a.db" --out "$T/$enc.csv"
	ok "$enc file is not UTF-8" sh -c "! iconv -f UTF-8 -t UTF-8 '$T/$enc.csv' >/dev/null 2>&1"
	ok "import staff from $enc" s import "$T/$enc.csv" --kind staff --encoding "$enc" --db "$T/$enc.db"
	ok "same staff after $enc" same_rows "$T/a.db" "$T/$enc.db" staff
done
ok "auto-detects CP1258" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' init --unit 21853 --db '$T/auto.db' >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' import '$T/cp1258.csv' --kind staff --db '$T/auto.db' --dry-run"
# A value an encoding cannot hold: named, and no file written.
sqlite3 "$T/a.db" "UPDATE staff SET note = 'ghi chú 漢字' WHERE id = (SELECT min(id) FROM staff)"
ok "unrepresentable character refused" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' export csv --kind staff --encoding viscii --db '$T/a.db' --out '$T/bad.csv' 2>'$T/err2'; grep -q 'U+6F22' '$T/err2'"
ok "nothing written for it" test ! -e "$T/bad.csv"

# The upload package at the district office.
ok "package of the commune" s export package --db "$T/a.db" --out "$T/a.zip"
ok "package is 0600" test "$(stat -c %a "$T/a.zip")" = 600
ok "package opens as a plain ZIP" sh -c "python3 -c \"import zipfile,sys; z=zipfile.ZipFile('$T/a.zip'); n=z.namelist(); sys.exit(0 if 'manifest.json' in n and 'data/staff.csv' in n and 'baocao.xlsx' in n else 1)\""
ok "manifest checksums match the members" python3 -c "
import zipfile, json, hashlib, sys
z = zipfile.ZipFile('$T/a.zip'); m = json.loads(z.read('manifest.json'))
assert m['format'] == 'socds-package' and m['format_version'] == 2 and m['unit']['code'] == '21853'
for t in m['tables'] + m['files']:
    assert hashlib.sha256(z.read(t['file'])).hexdigest() == t['sha256'], t['file']
"
ok "district database" s init --unit 548 --db "$T/d.db"
ok "merge the package" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge '$T/a.zip' --db '$T/d.db' >'$T/merge1.txt'"
ok "merge report counts inserts" grep -qE "(inserted|thêm mới) [1-9]" "$T/merge1.txt"
for k in $KINDS; do ok "district has the commune's $k" same_rows "$T/a.db" "$T/d.db" "$k"; done
sqlite3 "$T/d.db" .dump >"$T/d1.sql"
ok "merge again" s merge "$T/a.zip" --db "$T/d.db"
sqlite3 "$T/d.db" "SELECT * FROM village" >/dev/null
# (merge_row: each merge keeps each row's outcome for the unit's receipt, issue 17.)
ok "second merge changed no record" sh -c "sqlite3 '$T/d.db' .dump | grep -vE 'INSERT INTO (merge_log|merge_row|audit)' >'$T/d2.sql'; grep -vE 'INSERT INTO (merge_log|merge_row|audit)' '$T/d1.sql' | cmp -s - '$T/d2.sql'"
python3 -c "
b = bytearray(open('$T/a.zip','rb').read()); b[len(b)//2] ^= 1; open('$T/flip.zip','wb').write(b)"
ok "flipped byte refused" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge '$T/flip.zip' --db '$T/d.db' 2>'$T/err3'; grep -q flip.zip '$T/err3'"
ok "nothing changed by it" sh -c "sqlite3 '$T/d.db' .dump | grep -vE 'INSERT INTO (merge_log|merge_row|audit)' | cmp -s - '$T/d2.sql'"
ok "a package from elsewhere refused" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' demo --unit 00004 --db '$T/hn.db' >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' export package --db '$T/hn.db' --out '$T/hn.zip' >/dev/null &&
    ! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge '$T/hn.zip' --db '$T/d.db'"
done_testing
