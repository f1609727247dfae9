#!/bin/sh
# socds.exe's screens under Wine, in a real terminal (a private tmux server):
# a Vietnamese name typed in NFC and in NFD (as Unikey and EVKey send them)
# is stored NFC, "/dong" finds both, and a console closed in the middle of a
# form (the process killed) gives the typing back as a draft. $1: the wrapper that runs socds.exe
# under Wine. TAP output; a failure prints the keys sent and the screen.
E2E_NAME=wine-tui
. "$(dirname "$0")/../lib/tmux.sh"
STAFF_ONLY='Thư điện tử'		# on the staff form, not in the staff list
NFC_DONG='Nguyễn Thị Đồng'
NFD_TRAN=$(printf 'Tra\314\202\314\200n Va\314\206n \304\220o\314\202\314\200ng')
NFC_TRAN='Trần Văn Đồng'
# The bytes each must be stored as (NFC), spelled out so that the check does
# not depend on how this file is normalized.
HEX_DONG=4E677579E1BB856E205468E1BB8B20C490E1BB936E67
HEX_TRAN=5472E1BAA76E2056C4836E20C490E1BB936E67

SZ=80x24
DB=$T/wine.db
env -i PATH=/usr/bin:/bin HOME="$T/home" "$SOCDS" init --unit 00070 --db "$DB" >/dev/null 2>&1 ||
    echo "# socds.exe init failed for $DB"
# Wine's first start in a prefix is slow: wait longer than a Linux start.
START_SEE=
start "$DB"
ok "the home screen, in Vietnamese, through Wine's console" \
    see -t 30 "Cán bộ, công chức làm công tác chuyển đổi số" "00070 Phường Hoàn Kiếm"
# F2 on a record with a name alone: the soft warning (name_only), Enter saves.
name_alone() { keys F2; see "Đề nghị kiểm tra lại trước khi lưu" >/dev/null; keys Enter; }
keys 1
ok "1 opens the staff list" see "@2=Họ và tên" "!$STAFF_ONLY"
keys F7
ok "F7 opens the staff form (letters search in lists)" see "$STAFF_ONLY"
typ "$NFC_DONG"
ok "a name typed in NFC shows as typed" see "@2=$NFC_DONG"
keys F2
ok "a name alone: the soft warning asks once" see "Đề nghị kiểm tra lại trước khi lưu"
keys Enter
ok "F2 saves; the list shows it" see "!$STAFF_ONLY" "@3=$NFC_DONG"
ok "stored as NFC" sql_is "SELECT hex(full_name) FROM staff WHERE name_key = 'nguyen thi dong'" "$HEX_DONG"
keys F7
see "$STAFF_ONLY" >/dev/null
typ "$NFD_TRAN"
ok "a name typed in NFD (combining marks) shows composed" see "@2=$NFC_TRAN"
name_alone
ok "saved" see "!$STAFF_ONLY" "$NFC_TRAN"
ok "stored as NFC, not as typed" sql_is "SELECT hex(full_name) FROM staff WHERE name_key = 'tran van dong'" "$HEX_TRAN"
keys F7
see "$STAFF_ONLY" >/dev/null
typ 'Lê Văn Hùng'
name_alone
see "!$STAFF_ONLY" "Lê Văn Hùng" >/dev/null
keys /
typ dong
ok "'/dong' keeps the two Đồng rows only" see "@1=dong" "@3~Đồng" "@4~Đồng" "!Lê Văn Hùng"
keys Escape
ok "Esc clears the search" see "@1!dong" "Lê Văn Hùng"

# The console closed in the middle of a form: the typing comes back.
keys F7
see "$STAFF_ONLY" >/dev/null
typ 'Phạm Thị Nháp'
see "@2=Phạm Thị Nháp" >/dev/null
sleep 1		# a pause in typing: socds keeps the draft
# Wine sends no close event when its terminal goes, so the hardest end is
# what is tested: the process killed outright (a power cut, Task Manager's
# End task), then the console closed.
kill -KILL "$(cat "$T/pid")"
tm kill-session -t "$WIN"
ok "process killed, console closed: the form is kept as a draft" \
    db_is "SELECT count(*) FROM draft WHERE fields LIKE '%Phạm Thị Nháp%'" 1
ok "... and nothing saved" sql_is "SELECT count(*) FROM staff WHERE full_name = 'Phạm Thị Nháp'" 0
sleep 1		# Wine lets the killed process go
start "$DB"
ok "socds.exe again: the draft is offered" see -t 30 "(c = "
keys c
ok "c opens the form as it was" see "$STAFF_ONLY" "@2=Phạm Thị Nháp"
name_alone
ok "F2 saves it" db_is "SELECT count(*) FROM staff WHERE full_name = 'Phạm Thị Nháp'" 1
ok "... and the draft is gone" db_is "SELECT count(*) FROM draft" 0
keys C-q
done_testing
