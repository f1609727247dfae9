#!/bin/sh
# The Exchange screen's two issue-17 questions at 80x24: a receipts folder
# when merging (item 5; `socds merge --receipts`) and a change-only package
# when exporting (item 1; `socds export package --changes`). Province 52
# merges commune 21853's whole package on the screen with a receipts folder:
# socds-receipt-21853-0001.zip is written (python3 reads its manifest) and
# named in the summary; a folder that is not one is refused, nothing merged.
# At the commune, a change-only package before any receipt is refused with
# the job's message, no file; once the receipt is taken in, the change-only
# export writes a zip whose manifest says content "changes", its base the
# package the receipt answered. TAP output for meson.
# Usage: sh test_transfer_changes.sh /abs/path/to/socds
E2E_NAME=xferchg
. "$(dirname "$0")/../lib/tmux.sh"
command -v python3 >/dev/null || tap_skip "python3 reads the zips"
s() { run 0 "$@"; }
man() {	# man ZIP EXPR: EXPR of the zip's manifest (m), printed by python3
	python3 -c 'import json, sys, zipfile
m = json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json"))
print(eval(sys.argv[2]))' "$1" "$2"
}

SZ=80x24
C=$T/commune.db
P=$T/province.db
ok "commune 21853" s demo --unit 21853 --db "$C"
ok "its whole package" s export package --db "$C" --out "$T/c.zip"
ok "province 52" s init --unit 52 --db "$P"
mkdir -p "$T/receipts"
cd "$T" || exit 1

# At the province: item 5, the package, then the receipts folder.
DB=$P
start "$P"
keys 7
see '5  ' >/dev/null
keys 5
see 'Tệp gói dữ liệu cần tiếp nhận' >/dev/null
typ "$T/c.zip"
keys Enter
ok "merging asks for a receipts folder (empty = none)" see \
    'Thư mục ghi biên nhận (để trống = không ghi)'
typ "nofolder"
keys Enter
ok "a folder that is not one is refused" see 'nofolder: không phải thư mục; chưa tiếp nhận gì'
ok "... nothing merged" sql_is "SELECT count(*) FROM merge_log" 0
keys 5
see 'Tệp gói dữ liệu cần tiếp nhận' >/dev/null
typ "$T/c.zip"
keys Enter
see 'Thư mục ghi biên nhận' >/dev/null
typ "receipts"
keys Enter
R=$T/receipts/socds-receipt-21853-0001.zip
ok "merged, the summary names the receipt written" see -t 20 '21853 Xã Phù Cát: thêm mới' \
    'Đã ghi biên nhận:' ' receipts/socds-receipt-21853-0001.zip.'
ok "... the receipt is there" test -f "$R"
ok "... its manifest: receipt 1 of 52 for 21853, answering the package" same manifest \
    "$(man "$R" '(m["format"], m["office"], m["unit"], m["number"], m["package"]["file"])')" \
    "('socds-receipt', '52', '21853', 1, 'c.zip')"
ok "... recorded as issued" db_is "SELECT unit_code || '/' || number FROM receipt_issued" \
    "21853/1"
keys F10
see '@0=socds' >/dev/null
keys F10
see "EXITED rc=0" >/dev/null

# At the commune: item 1 asks whole or change-only first.
DB=$C
DAY=$(date +%Y%m%d)
start "$C"
keys 7
see '1  ' >/dev/null
keys 1
ok "item 1 asks which package: whole or change-only" see '┌─Xuất gói nào?' \
    'Gói đầy đủ (mọi bản ghi, hoặc một kỳ)' \
    'Gói chỉ phần thay đổi (những gì cấp trên chưa xác nhận)'
keys Down Enter
ok "change-only: the name as the command line makes it" see "socds-21853-changes-$DAY.zip"
keys Enter
ok "no receipt taken yet: refused with the job's message" see \
    'chưa nhận được biên nhận nào của cấp trên; hãy gửi gói đầy đủ'
ok "... no file" test ! -e "$T/socds-21853-changes-$DAY.zip"
ok "the commune takes the receipt in" s receipt "$R" --db "$C"
V=$(sq "SELECT id FROM village WHERE deleted = 0 ORDER BY id LIMIT 1")
sq "UPDATE village SET households = households + 1, version = version + 1 WHERE id = '$V'" \
    >/dev/null
keys 1
see '┌─Xuất gói nào?' >/dev/null
keys Down Enter
see "socds-21853-changes-$DAY.zip" >/dev/null
keys Enter
Z=$T/socds-21853-changes-$DAY.zip
ok "the change-only package is written, its rows counted" see -t 20 \
    "~Đã ghi gói chỉ phần thay đổi socds-21853-changes-$DAY.zip: [0-9]+ dòng"
ok "... its manifest says content \"changes\", format 3" same content \
    "$(man "$Z" '(m["content"], m["format_version"])')" "('changes', 3)"
ok "... its base is the package the receipt answered" same base \
    "$(man "$Z" 'm["base"]["sha256"]')" "$(man "$R" 'm["package"]["sha256"]')"
ok "... and it carries the village changed" python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sys.exit(not any(sys.argv[2] in z.read(n).decode() for n in z.namelist() if "village" in n))' \
    "$Z" "$V"
keys 1
see '┌─Xuất gói nào?' >/dev/null
keys Enter
ok "whole: the period is asked as before" see '2026-Q3'
keys Escape
keys F10
see '@0=socds' >/dev/null
keys F10
ok "F10 quits" see "EXITED rc=0"
done_testing
