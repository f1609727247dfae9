#!/bin/sh
# Soft warnings (issue 16, point 2), the real binary in tmux at 80x24: a
# training of 0 hours saved with F2 shows the form's warning (the field's
# label, the value, the message) and asks; Esc goes back to the form with
# nothing stored and the focus on the field; F2 and Enter ("save anyway")
# store it with warnings_ok = no_hours; an edit that no longer fires the
# warning drops it (saved again while it still fires, it is not asked
# again). CSV and XLSX exports, read back by python, have the column; an
# import of a row that fires a warning takes the row, tells the warning, and
# keeps as confirmed only what the file's column says.
#
#   sh test/e2e/test_warn.sh /abs/path/to/socds
E2E_NAME=warn
. "$(dirname "$0")/../lib/tmux.sh"
TAP_LABEL=	# the checks' names without the window size
DB="$T/w.db"
is() { db_is "$@"; }	# is SQL VALUE: the query gives VALUE within 5 s
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }

if ! s init --unit 21853 --db "$DB" >"$T/setup.log" 2>&1; then
	echo "Bail out! setup failed: $(cat "$T/setup.log")"
	exit 1
fi

START_SEE=
start "$DB"
ok "home screen at 80x24" see "Lớp bồi dưỡng, tập huấn"

# --- a new training of 0 hours ---
keys 2
see "Tên lớp bồi dưỡng, tập huấn" >/dev/null
keys F7
see "Cơ quan, đơn vị tổ chức" >/dev/null
typ 'Lớp không giờ'
tabs 6
typ 0
keys F2
ok "F2: the warning names the field, the value and why" \
    see "Đề nghị kiểm tra lại trước khi lưu" "Số giờ học: 0" "lớp học 0 giờ?" \
    "Vẫn lưu: tôi đã kiểm tra" "Quay lại biểu mẫu để sửa"
ok "... whole, on one line of the box" see "│ - Số giờ học: 0 — lớp học 0 giờ? Kiểm tra lại số giờ học"
keys Escape
ok "Esc: back to the form, not saved" see "Chưa lưu: sửa lại giá trị" "Cơ quan, đơn vị tổ chức"
ok "... the focus on Số giờ học" focus_on "Số giờ học"
ok "... and nothing is stored" is "SELECT count(*) FROM training" 0
keys F2
see "Đề nghị kiểm tra lại trước khi lưu" >/dev/null
keys Enter
ok "Enter on 'save anyway': saved" see "!Đề nghị kiểm tra" "Lớp không giờ"
ok "... stored with the warning confirmed" \
    is "SELECT printf('%g', hours) || ' ' || warnings_ok FROM training WHERE title = 'Lớp không giờ'" "0 no_hours"

# --- the CSV export has the column (python's csv reads it back) ---
s export csv --kind training --out "$T/training.csv" --db "$DB" >>"$T/setup.log" 2>&1
ok "the CSV export has warnings_ok = no_hours" python3 - "$T/training.csv" <<'EOF'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
ok = len(rows) == 1 and rows[0].get("warnings_ok") == "no_hours"
if not ok:
    print("# rows: %r" % rows)
sys.exit(0 if ok else 1)
EOF

# --- and the XLSX export, a column "Cảnh báo đã xác nhận" ---
s export xlsx --out "$T/all.xlsx" --db "$DB" >>"$T/setup.log" 2>&1
ok "the XLSX export has the column and the name" python3 - "$T/all.xlsx" <<'EOF'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist()
               if n.startswith("xl/") and n.endswith(".xml"))
sys.exit(0 if "Cảnh báo đã xác nhận" in text and "no_hours" in text else 1)
EOF

# --- saved again, still 0 hours: confirmed before, not asked again ---
keys /
typ 'khong gio'
keys Enter
see "Lớp không giờ" >/dev/null
keys Enter
see "Cơ quan, đơn vị tổ chức" >/dev/null
tabs 7
typ 'Hội trường xã'
keys F2
ok "saved again with 0 hours: not asked again" see "!Đề nghị kiểm tra" "!Cơ quan, đơn vị tổ chức"
ok "... the warning still confirmed" \
    is "SELECT place || ' ' || warnings_ok FROM training" "Hội trường xã no_hours"

# --- an edit that no longer fires it drops it ---
see "Lớp không giờ" >/dev/null
keys Enter
see "Cơ quan, đơn vị tổ chức" >/dev/null
tabs 6
keys C-u
typ 2
keys F2
ok "2 hours: saved without a question" see "!Đề nghị kiểm tra" "!Cơ quan, đơn vị tổ chức"
ok "... and the warning is dropped" \
    is "SELECT printf('%g', hours) || ' ' || coalesce(warnings_ok, 'NULL') FROM training" "2 NULL"

# --- import: rows that fire a warning are taken, and told ---
printf 'title,hours,warnings_ok\nLớp A,0,no_hours\nLớp B,0,\nLớp C,3,no_hours\n' >"$T/in.csv"
s import "$T/in.csv" --kind training --db "$DB" >"$T/import.out" 2>&1
ok "import: the three rows are taken" is "SELECT count(*) FROM training" 4
ok "... confirmed only where the file says so and it fires" \
    is "SELECT group_concat(title || '=' || coalesce(warnings_ok, '-'), ' ') FROM (SELECT * FROM training WHERE title LIKE 'Lớp _' ORDER BY title)" \
    "Lớp A=no_hours Lớp B=- Lớp C=-"
ok "... the report tells the unconfirmed one (line 3)" grep -q "3.*Số giờ học: 0" "$T/import.out"

done_testing
