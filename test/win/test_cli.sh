#!/bin/sh
# socds.exe from the command line under Wine: the jobs a commune runs on its
# Windows PC (init, demo, import of a CP1258 CSV made by glibc's iconv,
# exports read back by independent readers, the package merged at the
# province, report, backup and restore, check), with UTF-8 folder and file
# names. $1: the wrapper that runs socds.exe under Wine. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_utf8
tap_init wine-cli
SRC=${SOCDS_TEST_SRCDIR:?}
# Python with openpyxl: Debian's, whatever python3 comes first in PATH.
PY=python3
/usr/bin/python3 -c 'import openpyxl' 2>/dev/null && PY=/usr/bin/python3
TAP_CAPTURE=1
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" "$SOCDS" --lang en "$@"; }
sv() { env -i PATH=/usr/bin:/bin HOME="$T/home" "$SOCDS" "$@"; }
# Live rows of a table, every stored column but local bookkeeping, in id order.
rows() {
	cols=$(sqlite3 "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$2') WHERE name <> 'synced_version'")
	sqlite3 -csv "$1" "SELECT $cols FROM $2 WHERE deleted = 0 ${3:+AND unit_code = '$3'} ORDER BY id"
}
same_rows() { rows "$1" "$3" "${4:-}" >"$T/a"; rows "$2" "$3" "${4:-}" >"$T/b"; [ -s "$T/a" ] && cmp -s "$T/a" "$T/b" || { diff "$T/a" "$T/b" | head -5; return 1; }; }

D="$T/Dữ liệu Điểm"	# a folder whose name is not in any ANSI code page
mkdir -p "$D"
ok "version" s version
ok "help speaks Vietnamese by default" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' '$SOCDS' --help | grep -q 'Cách dùng'"
ok "demo commune in a Vietnamese-named folder" s demo --unit 21853 --db "$D/xã.db"
ok "the file is where it was named" test -s "$D/xã.db"
ok "stored names are NFC" test "$(sqlite3 "$D/xã.db" "SELECT count(*) FROM staff WHERE full_name <> full_name")" = 0
ok "status" s status --db "$D/xã.db"
ok "check" s check --db "$D/xã.db"

# Export for people in UTF-8: read back by Python's csv reader.
ok "export staff CSV" sv export csv --kind staff --db "$D/xã.db" --out "$D/Cán bộ.csv"
ok "CSV has a BOM, Vietnamese headers and every officer" $PY -c "
import csv, sys, sqlite3
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
r = list(csv.reader(raw[3:].decode('utf-8').splitlines()))
assert 'Họ và tên' in r[0], r[0]
n = sqlite3.connect(sys.argv[2]).execute('SELECT count(*) FROM staff WHERE deleted = 0').fetchone()[0]
assert len(r) - 1 == n, (len(r), n)
" "$D/Cán bộ.csv" "$D/xã.db"

# Import of a CP1258 file that glibc's iconv made (an independent encoder).
ok "machine CSV of staff" s export csv --kind staff --machine --db "$D/xã.db" --out "$T/staff.csv"
ok "machine CSV of villages" s export csv --kind village --machine --db "$D/xã.db" --out "$T/village.csv"
ok "iconv makes it CP1258" sh -c "tail -c +4 '$T/staff.csv' | iconv -f UTF-8 -t CP1258 >'$T/cp.csv'"
ok "init an empty commune" s init --unit 21853 --db "$T/cp.db"
ok "villages in" s import "$T/village.csv" --kind village --db "$T/cp.db"
ok "CP1258 import" s import "$T/cp.csv" --kind staff --encoding cp1258 --db "$T/cp.db"
ok "same officers, every value" same_rows "$D/xã.db" "$T/cp.db" staff
for enc in viscii:VISCII tcvn:TCVN5712-1; do
	ok "export staff in ${enc%%:*}" s export csv --kind staff --machine --encoding "${enc%%:*}" --db "$D/xã.db" --out "$T/${enc%%:*}.csv"
	ok "glibc's iconv reads the ${enc%%:*} file as the same text" sh -c "iconv -f '${enc#*:}' -t UTF-8 '$T/${enc%%:*}.csv' >'$T/back.csv' && tail -c +4 '$T/staff.csv' | cmp - '$T/back.csv'"
done

# XLSX, read by openpyxl.
ok "export XLSX to a Vietnamese file name" s export xlsx --db "$D/xã.db" --out "$D/Báo cáo.xlsx"
ok "openpyxl reads it; strings NFC" sh -c "$PY '$SRC/test/cli/read_xlsx.py' '$D/Báo cáo.xlsx' '$T/x' && test ! -s '$T/x/notnfc' && grep -q . '$T/x/sheets'"

# The package, merged at the province by the same socds.exe.
ok "package" s export package --db "$D/xã.db" --out "$D/gói.zip"
ok "manifest checksums match (Python's zipfile)" $PY -c "
import zipfile, json, hashlib, sys
z = zipfile.ZipFile(sys.argv[1]); m = json.loads(z.read('manifest.json'))
assert m['unit']['code'] == '21853'
for t in m['tables'] + m['files']:
    assert hashlib.sha256(z.read(t['file'])).hexdigest() == t['sha256'], t['file']
" "$D/gói.zip"
ok "province database" s init --unit 52 --db "$T/tinh.db"
ok "merge" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' '$SOCDS' --lang en merge '$D/gói.zip' --db '$T/tinh.db' >'$T/m1'"
for k in staff training team member activity; do ok "province has the commune's $k" same_rows "$D/xã.db" "$T/tinh.db" "$k" 21853; done
ok "merge again changes nothing" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' '$SOCDS' --lang en merge '$D/gói.zip' --db '$T/tinh.db' | grep -q 'inserted 0, updated 0'"
$PY -c "import sys; b = bytearray(open(sys.argv[1],'rb').read()); b[len(b)//2] ^= 1; open(sys.argv[2],'wb').write(b)" "$D/gói.zip" "$T/flip.zip"
ok "a damaged package refused, named" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T/home' '$SOCDS' --lang en merge '$T/flip.zip' --db '$T/tinh.db' 2>'$T/e'; grep -q flip.zip '$T/e'"

# Report, backup and restore.
ok "report (text)" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' '$SOCDS' report --db '$D/xã.db' >'$T/r.txt' && grep -q 'Xã Phù Cát' '$T/r.txt'"
ok "report (xlsx)" s report --format xlsx --db "$D/xã.db" --out "$D/Báo cáo kỳ.xlsx"
ok "report workbook opens" $PY -c "import openpyxl, sys; openpyxl.load_workbook(sys.argv[1])" "$D/Báo cáo kỳ.xlsx"
ok "backup" s backup --db "$D/xã.db" --out "$D/sao lưu.db"
ok "backup is a whole database" test "$(sqlite3 "$D/sao lưu.db" 'PRAGMA integrity_check')" = ok
BEFORE=$(sqlite3 "$D/xã.db" "SELECT count(*) FROM staff")
sqlite3 "$D/xã.db" "UPDATE staff SET deleted = 1"
ok "restore" s restore "$D/sao lưu.db" --force --db "$D/xã.db"
ok "restored officers are back" test "$(sqlite3 "$D/xã.db" "SELECT count(*) FROM staff WHERE deleted = 0")" = "$BEFORE"

# Bad input: one clear message naming the file, nothing written.
printf 'Họ và tên,Năm sinh\nA,abc\n' >"$T/bad.csv"
ok "a bad row refused with its row named" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T/home' '$SOCDS' --lang en import '$T/bad.csv' --kind staff --db '$T/cp.db' 2>'$T/e'; grep -q 'bad.csv' '$T/e'"
done_testing
