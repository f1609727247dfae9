#!/bin/sh
# The approvals screen (issue 17, part D) in a real terminal at 80x24, on a
# province demo (52): Exchange data (7), item 7 opens it, empty; F2 (as PuTTY
# sends it) asks for the unit's code and the period and approves 2026-Q3 of
# 21853 (sqlite3 reads the row, state approved, and its audit row); Enter
# shows the row; F8 asks for the reason and reopens it (state reopened,
# revision 2, the reason). Keys are F-keys and Enter only.
# TAP output for meson. Usage: sh test_approve.sh /abs/path/to/socds
E2E_NAME=approve
. "$(dirname "$0")/../lib/tmux.sh"

SZ=80x24
DB=$T/province.db
if ! env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" demo --unit 52 \
    --db "$DB" >"$T/out" 2>"$T/err"; then
	echo "Bail out! socds demo failed: $(cat "$T/err")"
	exit 1
fi

start "$DB"
keys 7
ok "Exchange data offers the approvals as 7" \
    see "7  Kỳ đã phê duyệt: phê duyệt hoặc mở lại kỳ của đơn vị cấp dưới"
keys 7
ok "the screen opens, nothing approved yet" \
    see "@0=Kỳ đã phê duyệt" "Chưa có kỳ nào được phê duyệt" "@-1=F2Duyệt" "@-1=F8Mở lại"
raw "F2 (PuTTY)" "$(printf '\033[12~')"
ok "F2 asks for the unit's code" see "Mã đơn vị cấp dưới (ví dụ 21853)"
typ 21853
keys Enter
ok "... then the period" see "Kỳ (2026, 2026-Q3 hoặc 2026-11)"
typ 2026-Q3
keys Enter
ok "approved: the status line says so, the row is listed" \
    see "Đã phê duyệt kỳ 2026-Q3 của 21853 (52:1)" "@3~^ 52:1 +21853 +Xã Phù Cát +2026-Q3 +đã phê duyệt"
ok "... the row in the file" sql_is \
    "SELECT id || '/' || unit_code || '/' || period || '/' || state || '/' || revision FROM approval" \
    "52:1/21853/2026-Q3/approved/1"
ok "... audited" sql_is "SELECT count(*) FROM audit WHERE action = 'approve' AND record_id = '52:1'" 1
keys Enter
ok "Enter shows the row whole" see "21853 Xã Phù Cát, 2026-Q3 (2026-07-01 – 2026-09-30)" "lần 1"
keys Enter
see "@3~^ 52:1" >/dev/null
keys F8
ok "F8 asks for the reason" see "Lý do mở lại kỳ"
typ "sửa số liệu tháng 8"
keys Enter
ok "reopened: said, and the row shows it" \
    see "Đã mở lại kỳ 2026-Q3 của 21853 (52:1)" "@3~đã mở lại"
ok "... in the file, with the reason" sql_is \
    "SELECT state || '/' || revision || '/' || reason FROM approval WHERE id = '52:1'" \
    "reopened/2/sửa số liệu tháng 8"
ok "... audited" sql_is "SELECT count(*) FROM audit WHERE action = 'reopen' AND record_id = '52:1'" 1
keys F2
see "Mã đơn vị cấp dưới" >/dev/null
typ 52
keys Enter
see "Kỳ (2026" >/dev/null
typ 2026
keys Enter
ok "the province cannot approve itself" see "không phải đơn vị trực thuộc 52"
keys F10
ok "F10 goes back to Exchange data" see "@0=Trao đổi dữ liệu"
done_testing
