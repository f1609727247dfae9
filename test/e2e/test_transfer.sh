#!/bin/sh
# The data-exchange screen in a real terminal: the upload package and a CSV
# export made from the interface, and a CSV import that shows its columns and
# first rows, the dry-run result, and writes only after the user confirms.
E2E_NAME=xfer
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size

run 0 demo --unit 21853 --db "$T/a.db" || exit 1
run 0 init --unit 21853 --db "$T/b.db" || exit 1
cd "$T" || exit 1
start "$T/a.db"
ok "home shows data exchange as item 7" see " 7  "
keys 7
ok "exchange screen" see "1  "
# 1: the upload package, all periods, default name.
keys 1
ok "asks whole or change-only first" see "Gói chỉ phần thay đổi"
keys Enter
ok "asks for the period" see "2026-Q3"
keys Enter
ok "proposes a file name" see "socds-21853-all.zip"
keys Enter
ok "package written" see "socds-21853-all.zip."
ok "package file exists" test -s "$T/socds-21853-all.zip"
ok "package is 0600" test "$(stat -c %a "$T/socds-21853-all.zip")" = 600
# 3: CSV of villages for people, UTF-8.
keys 3
ok "asks which records" see "Thôn, tổ dân phố"
keys Down Down Down Enter
ok "asks the encoding" see "UTF-8"
keys Enter
ok "proposes a CSV name" see "socds-21853-village.csv"
keys Enter
ok "says the CSV is written" see "socds-21853-village.csv."
ok "CSV written" test -s "$T/socds-21853-village.csv"
# 4: import that CSV into the other database: preview, dry run, confirm.
start "$T/b.db"
ok "second database opens" see " 7  "
keys 7
see "1  " >/dev/null
keys 4
ok "asks for the file" see "CSV"
typ "$T/socds-21853-village.csv"
keys Enter
ok "asks which records (import)" see "Thôn, tổ dân phố"
keys Down Down Down Enter
ok "preview maps the columns" see "->"
ok "preview shows a village of the file" see "Thôn"
keys Enter
ok "dry run counts the valid rows" see "0 "
ok "nothing written by the preview and dry run" test "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM village')" = 0
keys Enter
ok "asks before importing" see "(c = "
keys c
ok "says it imported" see "socds-21853-village.csv"
ok "villages are in the database" test "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM village')" = "$(sqlite3 "$T/a.db" 'SELECT count(*) FROM village WHERE deleted = 0')"
# 5: a VISCII file (made with iconv): 'auto' cannot tell it from
# Windows-1258 for sure, so the screen shows line 1 in each legacy encoding
# and the user picks; Esc there imports nothing.
printf '"Tên thôn, tổ dân phố",Loại,Số hộ gia đình\nThôn Giới Hữu Đức,Thôn,77\n' |
	iconv -f UTF-8 -t VISCII >"$T/viscii.csv" || exit 1
nv=$(sqlite3 "$T/b.db" 'SELECT count(*) FROM village')
keys 4
see "CSV" >/dev/null
typ "$T/viscii.csv"
keys Enter
see "Thôn, tổ dân phố" >/dev/null
keys Down Down Down Enter
ok "VISCII under auto: the screen asks which encoding reads right" see 'VISCII       "Tên thôn, tổ dân phố",Loại'
ok "... showing the line as Windows-1258 reads it too" see "Windows-1258 "
ok "... and as TCVN 5712 reads it" see "TCVN 5712 "
keys Escape
sleep 0.3
ok "Esc there imports nothing" test "$(sqlite3 "$T/b.db" 'SELECT count(*) FROM village')" = "$nv"
keys 4
see "CSV" >/dev/null
typ "$T/viscii.csv"
keys Enter
see "Thôn, tổ dân phố" >/dev/null
keys Down Down Down Enter
see "VISCII       " >/dev/null
keys Down Enter
ok "VISCII chosen: the preview reads the name right" see "Thôn Giới Hữu Đức | Thôn | 77"
ok "... and names the encoding" see "VISCII"
keys Enter
see "1 " >/dev/null
keys Enter
ok "asks before importing the VISCII file" see "(c = "
keys c
ok "says it imported the VISCII file" see "viscii.csv"
ok "the village is stored in UTF-8, NFC" \
    test "$(sqlite3 "$T/b.db" "SELECT households FROM village WHERE name = 'Thôn Giới Hữu Đức'")" = 77
keys F10 q
ok "quits cleanly" see "EXITED rc=0"
done_testing
