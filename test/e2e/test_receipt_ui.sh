#!/bin/sh
# Taking in a receipt from the office above on the Exchange screen (issue 17,
# parts B and E) at 80x24: commune 21853 sends a whole package, province 52
# merges it with --receipts, and the commune takes the receipt in with menu
# item 6 (the file typed as for an import): a box says which office and
# number, the counts and the office key pinned on first use; sqlite3 reads
# the receipt taken. The same receipt again is refused, nothing written. The
# receipts themselves are part B's: until `socds receipt` exists this test is
# skipped. TAP output for meson. Usage: sh test_receipt_ui.sh /abs/path/to/socds
E2E_NAME=receiptui
. "$(dirname "$0")/../lib/tmux.sh"
if ! env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" help 2>&1 |
    grep -q '^  receipt '; then
	tap_skip "no receipts yet: socds receipt is part B's"
fi
s() { run 0 "$@"; }

SZ=80x24
DB=$T/commune.db
ok "commune 21853" s demo --unit 21853 --db "$DB"
ok "its whole package" s export package --db "$DB" --out "$T/c.zip"
ok "province 52" s init --unit 52 --db "$T/p.db"
mkdir -p "$T/receipts"
ok "the province merges it and writes a receipt" s merge "$T/c.zip" --receipts "$T/receipts" \
    --db "$T/p.db"
R=$T/receipts/socds-receipt-21853-0001.zip
ok "... named for the unit and its number" test -f "$R"

start "$DB"
keys 7
ok "the Exchange screen offers the receipt as item 6" see '6  Nhận biên nhận của cấp trên'
keys 6
see 'Tệp biên nhận của cấp trên' >/dev/null
typ "$R"
keys Enter
ok "the receipt is taken in: office, number, counts" see '┌─Đã tiếp nhận biên nhận' \
    'Biên nhận số 1 của 52' 'Cho gói dữ liệu' '~Chấp nhận [0-9]+, trả lại 0, xung đột 0'
ok "... with the office's key pinned on first use" see \
    'Đã ghi nhận khóa của 52 ở lần tiếp nhận đầu tiên'
ok "... kept in the file" db_is "SELECT office || '/' || number FROM receipt_taken" "52/1"
keys Enter
ok "the box closes onto the screen, the summary under the menu" see '@0=Trao đổi dữ liệu' \
    'Biên nhận số 1 của 52 Tỉnh Gia Lai.'
BEFORE=$(sq "SELECT count(*) FROM receipt_taken")
keys 6
see 'Tệp biên nhận của cấp trên' >/dev/null
typ "$R"
keys Enter
ok "the same receipt again is refused, naming the file" see "$(basename "$R")" \
    '!┌─Đã tiếp nhận biên nhận'
ok "... nothing written" sql_is "SELECT count(*) FROM receipt_taken" "$BEFORE"
keys F10
see '@0=socds' >/dev/null
keys F10
ok "F10 quits" see "EXITED rc=0"
done_testing
