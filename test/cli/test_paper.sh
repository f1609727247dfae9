#!/bin/sh
# The report as an official paper (Decree 30/2020/NĐ-CP) from the unit's
# settings: socds unit settings shows the defaults built from the unit's name
# and level; socds unit set keeps the issuing body, number, place, recipients
# and signer (checked as forms check text; a viewer, or an editor of another
# unit, is refused); the text report (at most 78 columns) and the XLSX (read
# back by openpyxl: header and footer page numbers, the Số line, the signer)
# carry them. Also: the periods in words, two units' reports line up row by
# row (zeros shown), and the CSV's labels are Vietnamese (read by python3's csv).
# TAP output for meson. Usage: sh test_paper.sh /abs/path/to/socds
set -u
SOCDS=$1
SRC=${SOCDS_TEST_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
READ="$SRC/test/cli/read_report_xlsx.py"
. "$(dirname "$0")/../lib/tap.sh"
tap_init paper
tap_utf8
TAB=$(printf '\t')

PY=/usr/bin/python3
if ! "$PY" -c 'import openpyxl' 2>/dev/null || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs /usr/bin/python3 with openpyxl, and sqlite3"
fi

not() { ! "$@"; }
# as NAME EXPECTED COMMAND: the command as account NAME (socds --as, an SSH forced command)
as() {
	u=$1 want=$2
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 SSH_ORIGINAL_COMMAND="$3" \
	    "$SOCDS" --as "$u" --db "$DB" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" = "$want" ] && return 0
	echo "# as $u: $3: exit $got, expected $want"
	sed 's/^/#   /' "$T/err"
	return 1
}
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { sed 's/^/#   /' "$T/err"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
has() { grep -qF -- "$2" "$1" || { echo "# no '$2' in $(basename "$1")"; return 1; }; }
q() { sqlite3 -batch -noheader "$DB" "$1"; }
setting() { awk -F'\t' -v k="--$1" '$1 == k { print $2 }' "$T/out"; }
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

DB="$T/d.db"
run 0 demo --unit 548 --db "$DB" || { echo "Bail out! socds demo failed"; exit 1; }
ME=$(id -un)

# ------------------------------------------------------------ the schema ---
ok "schema v10 or later: the unit_setting table" same "version >= 10, table" \
    "$(q "SELECT (SELECT user_version FROM pragma_user_version) >= 10"), $(q "SELECT count(*) FROM sqlite_master WHERE name = 'unit_setting'")" "1, 1"

# -------------------------------------------------------------- defaults ---
ok "unit settings: the home unit's defaults" run 0 --db "$DB" unit settings
ok "... the district's body above it: UBND and its name in capitals" \
    same "body-above" "$(setting body-above)" "UBND HUYỆN PHÙ CÁT"
ok "... the body: its culture and information office" same "body" "$(setting body)" "PHÒNG VĂN HÓA VÀ THÔNG TIN"
ok "... the place: the name without its kind" same "place" "$(setting place)" "Phù Cát"
ok "... every value marked as a default" sh -c '! grep -qF "(đã đặt)" "$1"' sh "$T/out"
ok "unit settings of a commune: 'UBND XÃ ...', signed for the committee by its chair" \
    sh -c '"$1" --db "$2" unit settings 21859 >"$3/c" && grep -q "^--body${4}UBND XÃ ĐỀ GI${4}" "$3/c" &&
    grep -q "^--on-behalf${4}TM. ỦY BAN NHÂN DÂN${4}" "$3/c" && grep -q "^--signer-title${4}CHỦ TỊCH${4}" "$3/c" &&
    grep -q "^--number-suffix${4}BC-UBND${4}" "$3/c"' sh "$SOCDS" "$DB" "$T" "$TAB"
PROV=$(q "SELECT parent_code FROM unit WHERE code = '548'")
if [ -n "$PROV" ]; then
	PNAME=$(q "SELECT upper(name) FROM unit WHERE code = '$PROV'")
	ok "unit settings of the province: 'UBND TỈNH ...' over the department of science and technology" \
	    sh -c '"$1" --db "$2" unit settings "$3" >"$4/p" && grep -q "^--body${5}SỞ KHOA HỌC VÀ CÔNG NGHỆ${5}" "$4/p" &&
	    grep -q "^--number-suffix${5}BC-SKHCN${5}" "$4/p" && grep -q "^--body-above${5}UBND TỈNH " "$4/p"' \
	    sh "$SOCDS" "$DB" "$PROV" "$T" "$TAB"
fi

# ------------------------------------------------------------ unit set ---
ok "unit set: the province's department issues it, a deputy signs" run 0 --db "$DB" unit set \
    --body-above "UBND TỈNH GIA LAI" --body "SỞ KHOA HỌC VÀ CÔNG NGHỆ" --place "Gia Lai" \
    --number 125 --number-suffix "BC-SKHCN" --signer-title "GIÁM ĐỐC" --deputy-title "PHÓ GIÁM ĐỐC" \
    --deputy --signer-name "Nguyễn Văn An" \
    --recipients "Bộ Khoa học và Công nghệ (để báo cáo);UBND tỉnh Gia Lai (để báo cáo);Các xã, phường"
run 0 --db "$DB" unit settings
ok "unit settings: the values kept, marked as set" sh -c 'grep -q "^--body${2}SỞ KHOA HỌC VÀ CÔNG NGHỆ${2}(đã đặt)$" "$1" &&
    grep -q "^--signer-name${2}Nguyễn Văn An${2}(đã đặt)$" "$1" && grep -q "^--deputy${2}1${2}" "$1"' sh "$T/out" "$TAB"
ok "unit set: one audit event per value, naming the unit" \
    same "audit" "$(q "SELECT count(*) FROM audit WHERE action = 'unit-setting' AND detail LIKE '548 %'")" "10"
# Decomposed input (NFD, as some keyboards send it) is kept NFC.
NFD=$(printf 'Gia Lai\314\200')
run 0 --db "$DB" unit set --place "$NFD"
ok "unit set: a decomposed value is stored NFC" same "place" \
    "$(q "SELECT hex(value) FROM unit_setting WHERE unit_code = '548' AND key = 'place'")" \
    "$(printf 'Gia La\303\254' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)"
run 0 --db "$DB" unit set --place "Gia Lai"

# ------------------------------------------------------- the text paper ---
run 0 --db "$DB" report --period 2026-Q3
cp "$T/out" "$T/q3.txt"
TXT="$T/q3.txt"
ok "text: every line at most 78 columns" too_wide "$TXT" 78
ok "text: the body above and the issuing body, the national name and motto beside them" sh -c '
    sed -n 1p "$1" | grep -qF "UBND TỈNH GIA LAI" && sed -n 1p "$1" | grep -qF "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" &&
    sed -n 2p "$1" | grep -qF "SỞ KHOA HỌC VÀ CÔNG NGHỆ" && sed -n 2p "$1" | grep -qF "Độc lập - Tự do - Hạnh phúc" &&
    sed -n 3p "$1" | grep -q "^ *─\{8\} \+─\{25\} *$"' sh "$TXT"
ok "text: 'Số: 125/BC-SKHCN' beside 'Gia Lai, ngày ...'" \
    sh -c 'grep -qE "^ *Số: 125/BC-SKHCN +Gia Lai, ngày [0-9]{2} tháng [0-9]{2} năm [0-9]{4} *$" "$1"' sh "$TXT"
ok "text: the subject with the quarter in words, its dates, a rule under it" sh -c '
    grep -A3 "^ *BÁO CÁO *$" "$1" | sed -n 2p | grep -qx " *Kết quả thực hiện chuyển đổi số Quý III năm 2026 *" &&
    grep -A3 "^ *BÁO CÁO *$" "$1" | sed -n 3p | grep -qx " *(từ ngày 01/07/2026 đến ngày 30/09/2026) *" &&
    grep -A3 "^ *BÁO CÁO *$" "$1" | sed -n 4p | grep -qx " *─\{10\} *"' sh "$TXT"
ok "text: the deputy signs: 'KT. GIÁM ĐỐC' above 'PHÓ GIÁM ĐỐC', the name last" sh -c '
    grep -n "KT. GIÁM ĐỐC" "$1" | grep -qF "Nơi nhận:" &&
    grep -A1 "KT. GIÁM ĐỐC" "$1" | tail -1 | grep -qF "PHÓ GIÁM ĐỐC" &&
    p=$(grep -n "PHÓ GIÁM ĐỐC" "$1" | tail -1 | cut -d: -f1) &&
    a=$(grep -n "Nguyễn Văn An" "$1" | cut -d: -f1) && [ "$a" -gt $((p + 2)) ] &&
    ! grep -qF "(Ký, ghi rõ họ tên)" "$1"' sh "$TXT"
ok "text: the recipients as set, '- Lưu: VT.' added last, no 'Như trên' without 'Kính gửi'" sh -c '
    grep -qE "^- Bộ Khoa học và Công nghệ" "$1" && grep -qE "^- Các xã, phường;" "$1" &&
    grep -qE "^- Lưu: VT\." "$1" && ! grep -qF "Như trên" "$1"' sh "$TXT"
run 0 --db "$DB" unit set --addressee "Ủy ban nhân dân tỉnh Gia Lai"
run 0 --db "$DB" report --period 2026-11
cp "$T/out" "$T/m11.txt"
ok "text: a month in words and its dates" sh -c '
    grep -qx " *Kết quả thực hiện chuyển đổi số tháng 11 năm 2026 *" "$1" &&
    grep -qx " *(từ ngày 01/11/2026 đến ngày 30/11/2026) *" "$1" && ! grep -qF "kỳ 2026" "$1"' sh "$T/m11.txt"
ok "text: with an addressee: 'Kính gửi:' under the subject, '- Như trên;' first recipient" sh -c '
    grep -qx " *Kính gửi: Ủy ban nhân dân tỉnh Gia Lai *" "$1" &&
    grep -A1 "^Nơi nhận:" "$1" | tail -1 | grep -q "^- Như trên;"' sh "$T/m11.txt"
ok "text: with an addressee still at most 78 columns" too_wide "$T/m11.txt" 78
run 0 --db "$DB" report --period 2026
ok "text: a year in words" grep -qx " *Kết quả thực hiện chuyển đổi số năm 2026 *" "$T/out"
run 0 --db "$DB" unit set --no-deputy --addressee ""
run 0 --db "$DB" report --period 2026
ok "text: the head signs when no deputy: 'GIÁM ĐỐC', no 'KT.'" sh -c '
    grep "Nơi nhận:" "$1" | grep -q "GIÁM ĐỐC" && ! grep -qF "KT." "$1" && ! grep -qF "Kính gửi" "$1"' sh "$T/out"
run 0 --db "$DB" unit set --deputy

# ------------------------------------------------------------ the XLSX ---
run 0 --db "$DB" report --period 2026-Q3 --format xlsx --out "$T/q3.xlsx"
ok "xlsx: openpyxl reads it" "$PY" "$READ" "$T/q3.xlsx" "$T/x"
HF=$(grep "^Báo cáo$TAB" "$T/x/headfoot")
ok "xlsx: page numbers in the footer (&P of &N), centred" \
    same "footer centre" "$(printf '%s\n' "$HF" | cut -f6)" "&P/&N"
ok "xlsx: 'Theo đơn vị' numbered too" \
    same "footer centre" "$(grep "^Theo đơn vị$TAB" "$T/x/headfoot" | cut -f6)" "&P/&N"
ok "xlsx: the issuing body in the page header" sh -c 'printf "%s\n" "$1" | cut -f4 | grep -qF "SỞ KHOA HỌC VÀ CÔNG NGHỆ"' sh "$HF"
ok "xlsx: body above, issuing body, the rule (A1:A3)" same "A1:A3" \
    "$(awk -F'\t' '$1 <= 3 { print $2 }' "$T/x/sheet1.tsv" | paste -sd'|')" \
    "s:UBND TỈNH GIA LAI|s:SỞ KHOA HỌC VÀ CÔNG NGHỆ|s:────────"
ok "xlsx: the Số line (A4)" same "A4" "$(awk -F'\t' '$1 == 4 { print $2 }' "$T/x/sheet1.tsv")" "s:Số: 125/BC-SKHCN"
ok "xlsx: the subject in words with its dates, bold, a rule under it" same "A6, A7" \
    "$(awk -F'\t' '$1 == 6 || $1 == 7 { print $2 }' "$T/x/sheet1.tsv" | paste -sd'|')" \
    "s:Kết quả thực hiện chuyển đổi số Quý III năm 2026 (từ ngày 01/07/2026 đến ngày 30/09/2026)|s:──────────"
ok "xlsx: 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC' and the signer's name" sh -c '
    grep -qF "s:KT. GIÁM ĐỐC" "$1" && grep -qF "s:PHÓ GIÁM ĐỐC" "$1" && grep -qF "s:Nguyễn Văn An" "$1" &&
    grep -qF "s:- Lưu: VT." "$1" && ! grep -qF "Như trên" "$1"' sh "$T/x/sheet1.tsv"
ok "xlsx: every string NFC" test ! -s "$T/x/notnfc"

# --------------------------------------------------- who may change it ---
run 0 --db "$DB" user add "$ME" --unit 548 --role admin
run 0 --db "$DB" user add vw$$ --unit 548 --role viewer
run 0 --db "$DB" user add ed$$ --unit 21859 --role editor
before=$(q "SELECT group_concat(unit_code || key || value, '|') FROM unit_setting")
ok "a viewer may not change the settings (exit 1)" as vw$$ 1 "unit set --place Pleiku"
ok "... one line naming the account and what it asked" sh -c 'one_line() { [ "$(wc -l <"$1")" -eq 1 ]; }; one_line "$1" && grep -qF "vw$2" "$1"' sh "$T/err" "$$"
ok "a viewer reads them" as vw$$ 0 "unit settings"
ok "an editor of a commune sets its own commune's signer" as ed$$ 0 "unit set 21859 --signer-name 'Trần Thị Bình'"
ok "... but not the district's (exit 1)" as ed$$ 1 "unit set 548 --place X"
ok "... told which unit it may change" err_has "21859"
ok "nothing changed by the refused attempts" same "settings" \
    "$(q "SELECT group_concat(unit_code || key || value, '|') FROM unit_setting WHERE unit_code = '548'")" \
    "$(printf '%s' "$before" | tr '|' '\n' | grep '^548' | paste -sd'|')"
run 0 --db "$DB" report --unit 21859 --period 2026
ok "the commune's report carries its signer, for the committee" sh -c '
    grep "Nơi nhận:" "$1" | grep -qF "TM. ỦY BAN NHÂN DÂN" && tail -1 "$1" | grep -qF "Trần Thị Bình"' sh "$T/out"

# ------------------------------------------------------------ bad values ---
snap=$(q "SELECT group_concat(unit_code || key || value, '|') FROM unit_setting")
LONG=$("$PY" -c 'print("Ư" * 121)')
ok "a body of 121 characters: refused (exit 1)" run 1 --db "$DB" unit set --body "$LONG"
ok "... one line naming the option and the limit" sh -c 'one_line() { [ "$(wc -l <"$1")" -eq 1 ]; }; one_line "$1" &&
    grep -qF -- "--body" "$1" && grep -qF "120" "$1"' sh "$T/err"
ok "invalid UTF-8: refused (exit 1)" run 1 --db "$DB" unit set --place "$(printf 'Gia\377Lai')"
ok "... one line naming the option" sh -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -qF -- "--place" "$1"' sh "$T/err"
ok "a line break: refused (exit 1)" run 1 --db "$DB" unit set --signer-name "$(printf 'Nguyễn\nVăn An')"
ok "... one line" one_line
ok "one bad value among good ones: none kept" run 1 --db "$DB" unit set --place "Pleiku" --body "$LONG"
ok "nothing kept from the refused values" same "settings" \
    "$(q "SELECT group_concat(unit_code || key || value, '|') FROM unit_setting")" "$snap"
ok "unit set with nothing to set: usage (exit 2), one line" sh -c '"$1" --db "$2" unit set 2>"$3/e"; [ $? -eq 2 ] &&
    [ "$(wc -l <"$3/e")" -eq 1 ]' sh "$SOCDS" "$DB" "$T"
ok "an unknown unit: refused" run 1 --db "$DB" unit set 99999 --place X
ok "--deputy with --no-deputy: usage (exit 2)" run 2 --db "$DB" unit set --deputy --no-deputy
ok "'' sets a value back to its default" sh -c '"$1" --db "$2" unit set --body "" &&
    "$1" --db "$2" unit settings | grep -q "^--body${3}PHÒNG VĂN HÓA VÀ THÔNG TIN${3}(mặc định)$"' sh "$SOCDS" "$DB" "$TAB"

# ------------------------------------------- two units' reports line up ---
# The labels of sections I to IV (values, dots and listed names dropped) are
# the same lines in the same order for two communes with different data.
labels() {
	sed -n '/^I\. /,/^V\. \|^Nơi nhận:/p' "$1" | grep -v '^      - \|^      \.\.\. \|^Nơi nhận:\|^V\. ' |
	    sed 's/ *\.\.\.*.*$//; s/ [0-9][0-9/,%() ]*\( mục tiêu.*\)\?$//; s/[[:space:]]*$//' | grep -v '^ *$'
}
run 0 --db "$DB" report --unit 21859 --period 2026-Q3 && cp "$T/out" "$T/a.txt"
run 0 --db "$DB" report --unit 21880 --period 2026-Q3 && cp "$T/out" "$T/b.txt"
labels "$T/a.txt" >"$T/a.lab"
labels "$T/b.txt" >"$T/b.lab"
ok "two communes: their figures differ" not cmp -s "$T/a.txt" "$T/b.txt"
ok "two communes: the same row labels in the same order" sh -c 'diff "$1" "$2" >"$3" || { sed "s/^/# /" "$3"; exit 1; }' \
    sh "$T/a.lab" "$T/b.lab" "$T/lab.diff"
ok "... and that is many rows, zeros shown" sh -c '[ "$(wc -l <"$1")" -gt 60 ] && grep -q "\.\. 0$" "$2"' sh "$T/a.lab" "$T/a.txt"
ok "... every month of the quarter has its row" sh -c '[ "$(grep -c "^     - 0[789]/2026 " "$1")" -eq 6 ]' sh "$T/a.txt"

# ------------------------------------------------- CSV labels Vietnamese ---
run 0 --db "$DB" report --period 2026 --format csv --out "$T/r.csv"
ok "csv: task rows labelled in Vietnamese, keys kept as codes" "$PY" - "$T/r.csv" <<'PYEOF'
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
head = rows[0]
want = {"total": "Số nhiệm vụ theo kế hoạch của đơn vị", "done": "Đã hoàn thành",
        "in_progress": "Đang thực hiện", "not_started": "Chưa thực hiện",
        "cancelled": "Đã hủy bỏ", "overdue": "Trong đó quá hạn (chưa hoàn thành đúng hạn)"}
got = {}
for r in rows[1:]:
    d = dict(zip(head, r))
    if d["figure"] == "tasks.status":
        got.setdefault(d["key"], set()).add(d["label"])
bad = {k: v for k, v in got.items() if v != {want.get(k)}}
if set(got) != set(want) or bad:
    sys.exit("# task labels %r" % got)
# Every label starts with a capital letter and none is an English code.
for r in rows[1:]:
    d = dict(zip(head, r))
    if d["label"][:1].islower() or d["label"] in ("total", "done", "in_progress"):
        sys.exit("# label %r of %s" % (d["label"], d["figure"]))
PYEOF
ok "text: citizens helped are 'lượt người dân', as the form says" sh -c '
    grep -qF "Số lượt người dân được hỗ trợ, theo nội dung:" "$1" && ! grep -qF "Số người dân" "$1"' sh "$T/a.txt"
ok "csv: done + in progress + not started + cancelled = total, for every unit" "$PY" - "$T/r.csv" <<'PYEOF'
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
head = rows[0]
t = {}
for r in rows[1:]:
    d = dict(zip(head, r))
    if d["figure"] == "tasks.status":
        t.setdefault(d["unit_code"], {})[d["key"]] = int(d["value"])
for u, v in t.items():
    if v["done"] + v["in_progress"] + v["not_started"] + v["cancelled"] != v["total"] or \
            v["overdue"] > v["in_progress"] + v["not_started"]:
        sys.exit("# unit %s: %r" % (u, v))
if not t:
    sys.exit("# no task rows")
PYEOF

done_testing
