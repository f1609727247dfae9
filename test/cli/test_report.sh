#!/bin/sh
# socds report on demo databases (the district Huyện Phù Cát and one of its
# communes): the text report as an official paper (at most 78 columns, the
# national header, today's date as official papers write it, the issuing body,
# the signature block, a row per commune), the CSV parsed by python3's csv
# module and the XLSX read back by openpyxl (read_report_xlsx.py), their
# figures equal to independent sqlite3 queries of the same file; --explain;
# bad usage and files never replaced without --force. TAP output for meson.
# Usage: sh test_report.sh /abs/path/to/socds   (SOCDS_TEST_SRCDIR: the source tree)
set -u
SOCDS=$1
SRC=${SOCDS_TEST_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
READ="$SRC/test/cli/read_report_xlsx.py"
. "$(dirname "$0")/../lib/tap.sh"
tap_init report
tap_utf8
TAB=$(printf '\t')

# The Debian python3 with openpyxl (python3-openpyxl), not whatever is first on PATH.
PY=/usr/bin/python3
if ! "$PY" -c 'import openpyxl' 2>/dev/null || ! command -v sqlite3 >/dev/null; then
	tap_skip "needs /usr/bin/python3 with openpyxl, and sqlite3"
fi

# socds runs with a clean environment (Vietnamese, the machine's clock): run in ../lib/tap.sh.
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { sed 's/^/#   /' "$T/err"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
has_line() {	# has_line FILE TEXT: some line of FILE contains TEXT
	grep -qF -- "$2" "$1" && return 0
	echo "# no line with '$2' in $(basename "$1")"
	return 1
}

q() { sqlite3 -batch -noheader "$DB" "$1"; }
# The unit and every unit below it (any depth), from the unit table.
below() {
	echo "WITH RECURSIVE below(code) AS (SELECT '$1' UNION SELECT u.code FROM unit u"
	echo " JOIN below b ON u.parent_code = b.code)"
}
P26="BETWEEN '2026-01-01' AND '2026-12-31'"
# Staff in post at the end of 2026, or today when that is earlier: from
# in_post_from (else the decision, else the record's day) to in_post_until.
A26="min('2026-12-31', date('now', 'localtime'))"
IN_POST26="AND $A26 BETWEEN ifnull(s.in_post_from, ifnull(s.decision_date, date(s.created_at)))
    AND ifnull(s.in_post_until, '9999-12-31')"
sql_staff() { q "$(below "$1") SELECT count(*) FROM staff s JOIN below b ON b.code = s.unit_code WHERE s.deleted = 0 $IN_POST26"; }
sql_trained() {
	q "$(below "$1") SELECT count(DISTINCT s.id) FROM staff s JOIN below b ON b.code = s.unit_code
	    JOIN participant p ON p.staff_id = s.id AND p.deleted = 0 AND p.attended = 1
	    JOIN training t ON t.id = p.training_id AND t.deleted = 0 AND t.start_date $P26
	    WHERE s.deleted = 0 $IN_POST26"
}
sql_activities() { q "$(below "$1") SELECT count(*) FROM activity a JOIN below b ON b.code = a.unit_code WHERE a.deleted = 0 AND a.held_on $P26"; }
sql_helped() {
	q "$(below "$1") SELECT ifnull(sum(h.count), 0) FROM activity a JOIN below b ON b.code = a.unit_code
	    JOIN activity_help h ON h.activity_id = a.id WHERE a.deleted = 0 AND a.held_on $P26"
}
# The unit's own records, not those of the units below it.
sql_own_staff() { q "SELECT count(*) FROM staff s WHERE s.unit_code = '$1' AND s.deleted = 0 $IN_POST26"; }
sql_own_activities() { q "SELECT count(*) FROM activity WHERE unit_code = '$1' AND deleted = 0 AND held_on $P26"; }
sql_communes() { q "SELECT code FROM unit WHERE parent_code = '$1' AND status = 'current' AND level = 'commune' ORDER BY code"; }

# The CSV report as TSV: figure, unit_code, key, label, value, denominator,
# percent, target — through python3's csv module (quotes, commas, BOM).
csv_to_tsv() {
	"$PY" - "$1" "$2" <<'EOF'
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
bom = raw.startswith(b"\xef\xbb\xbf")
rows = list(csv.reader(io.StringIO(raw[3 if bom else 0:].decode("utf-8"), newline="")))
head = ["figure", "section", "unit_code", "unit", "key", "label", "value", "denominator",
        "percent", "target", "part"]
# The office's own rows (part "own") go to a file of their own (OUT.own).
with open(sys.argv[2], "w", encoding="utf-8") as out, \
        open(sys.argv[2] + ".own", "w", encoding="utf-8") as own:
    if not bom or rows[0] != head:
        sys.exit("no BOM or bad header: %r" % rows[0])
    for r in rows[1:]:
        if len(r) != len(head) or r[10] not in ("unit", "own", "below"):
            sys.exit("row of %d fields: %r" % (len(r), r))
        (own if r[10] == "own" else out).write(
            "\t".join([r[0], r[2], r[4], r[5], r[6], r[7], r[8], r[9]]) + "\n")
EOF
}
# csv FIGURE UNIT KEY FIELD: a field (5 value, 6 denominator, 4 label) of the CSV row.
csv() { awk -F'\t' -v f="$1" -v u="$2" -v k="$3" -v c="$4" '$1 == f && $2 == u && $3 == k { print $c }' "$CSV"; }
csv_sum() { awk -F'\t' -v f="$1" -v u="$2" '$1 == f && $2 == u { s += $5 } END { printf "%d", s }' "$CSV"; }

# Display width of every line (python3 unicodedata: combining marks take no
# column, wide characters two); prints the lines wider than $2.
too_wide() {
	"$PY" - "$1" "$2" <<'EOF'
import sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w
text = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for i, line in enumerate(text.split("\n"), 1):
    if width(line) > int(sys.argv[2]) or "\t" in line or "\r" in line:
        print("# line %d is %d columns: %s" % (i, width(line), line))
        bad += 1
sys.exit(1 if bad else 0)
EOF
}

# Today as official papers write it: "ngày 05 tháng 3 năm 2026" (day two
# digits; months 1 and 2 with a leading zero). Two dates around midnight.
date_words() {
	env -i PATH=/usr/bin:/bin date +'%d %m %Y' | {
		read -r d m y
		m=${m#0}
		[ "$m" -lt 3 ] && m="0$m"
		echo "ngày $d tháng $m năm $y"
	}
}

# xl SHEET LABEL: the row of the XLSX sheet whose column A is exactly LABEL.
xl() { awk -F'\t' -v l="s:$2" '$2 == l { print; exit }' "$T/x/sheet$1.tsv"; }
xl_col() { xl "$1" "$2" | cut -f"$3"; }	# xl_col SHEET LABEL FIELD (3 = B, 4 = C, ...)
# The rows under the row labelled LABEL whose column A is indented ("    ..."): their B summed.
xl_sum_under() {
	awk -F'\t' -v l="s:$2" '
	    go && substr($2, 1, 6) != "s:    " { exit }
	    go { if ($3 !~ /^n:/) bad = 1; sub(/^n:/, "", $3); s += $3 }
	    $2 == l { go = 1 }
	    END { if (bad) print "bad"; else printf "%d", s }' "$T/x/sheet$1.tsv"
}
# frac TAGGED NUM DEN: a p: cell (a number with a % format) equal to NUM/DEN.
frac() {
	case $1 in p:*) ;; *) echo "# '$1' is not a number with a percent format"; return 1;; esac
	awk -v a="${1#p:}" -v n="$2" -v d="$3" 'BEGIN { x = a - n / d; exit !(x < 1e-9 && x > -1e-9) }' ||
	    { echo "# $1 is not $2/$3"; return 1; }
}
# The CSV's percent column is 100 * value / denominator, to one decimal.
csv_percents() {
	awk -F'\t' '$7 != "" { d = $7 - 100 * $5 / $6; if (d > 0.05 || d < -0.05) { print "# " $0; b = 1 } }
	    END { exit b }' "$CSV"
}
csv_has_ids() {	# csv_has_ids UNIT IDS...
	u=$1
	shift
	for id in "$@"; do
		awk -F'\t' -v f="$id" -v u="$u" '$1 == f && $2 == u { x = 1 } END { exit !x }' "$CSV" ||
		    { echo "# no row for $id"; return 1; }
	done
}
csv_tasks() {	# the unit has plan tasks; done + in progress + not started <= total
	t=$(csv tasks.status "$1" total 5)
	s=$(awk -F'\t' -v u="$1" '$1 == "tasks.status" && $2 == u && ($3 == "done" ||
	    $3 == "in_progress" || $3 == "not_started") { s += $5 } END { print s + 0 }' "$CSV")
	[ -n "$t" ] && [ "$t" -gt 0 ] && [ "$s" -le "$t" ] || { echo "# tasks $s of $t"; return 1; }
}
# text_unit_row FILE NAME STAFF ACTIVITIES: one row for the unit in the table by
# unit (unit, staff, focal, trained, teams, activities) with those numbers.
text_unit_row() {
	line=$(grep -E "^ $2 +[0-9]" "$1")
	[ "$(printf '%s\n' "$line" | grep -c .)" = 1 ] || { echo "# rows: $line"; return 1; }
	# shellcheck disable=SC2046
	set -- $(printf '%s\n' "$line" | sed "s/^ $2 *//") "$3" "$4"
	[ "$1" = "$6" ] && [ "$5" = "$7" ] || { echo "# row: $line; expected $6 ... $7"; return 1; }
}
explain_sql() {	# every id of $2.. is followed by its SQL in $1
	f=$1
	shift
	for id in "$@"; do
		awk -v id="$id" 'index($0, id " ") == 1 { f = 1; next } f && /^  SQL: SELECT / { ok = 1; exit }
		    f && /^$/ { exit } END { exit !ok }' "$f" || { echo "# $id: no SQL"; return 1; }
	done
}

cd "$T" || exit 1
# The figure ids, read from their one definition.
IDS=$(sed -n 's/^[[:space:]]*{ "\([a-z_]*\.[a-z_]*\)", SEC_.*/\1/p' "$SRC/src/store/figures.c")

# ---------------------------------------------------------------- the demos ---
run 0 demo --unit 548 --db "$T/district.db" || { echo "Bail out! socds demo failed"; exit 1; }
run 0 demo --unit 21853 --db "$T/commune.db" || { echo "Bail out! socds demo --unit failed"; exit 1; }

for which in district commune; do
	DB="$T/$which.db"
	U=$(q "SELECT unit_code FROM home")
	PLACE=$(q "SELECT substr(name, length(kind) + 2) FROM unit WHERE code = '$U'")
	COMMUNES=$(sql_communes "$U")
	if [ "$which" = district ]; then
		ISSUER1="UBND HUYỆN PHÙ CÁT" ISSUER2="PHÒNG VĂN HÓA VÀ THÔNG TIN"
		SIGN="TRƯỞNG PHÒNG"
		ok "$which: the home unit is 548 with its 7 current communes" \
		    same "home, communes" "$U $(echo "$COMMUNES" | wc -l)" "548 7"
	else
		ISSUER1="UBND XÃ PHÙ CÁT" ISSUER2="" SIGN="TM. ỦY BAN NHÂN DÂN"
		ok "$which: the home unit is 21853" same "home" "$U" "21853"
	fi

	# --- text ---
	W1=$(date_words)
	run 0 --db "$DB" report --period 2026
	W2=$(date_words)
	cp "$T/out" "$T/$which.txt"
	TXT="$T/$which.txt"
	ok "$which text: written, nothing on stderr" test -s "$TXT" -a ! -s "$T/err"
	ok "$which text: every line at most 78 columns (A4 portrait)" too_wide "$TXT" 78
	ok "$which text: national name beside the issuing body" \
	    sh -c 'head -1 "$1" | grep -qF -- "$2" && head -1 "$1" | grep -qF "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"' \
	    sh "$TXT" "$ISSUER1"
	ok "$which text: motto beside the issuing body's second line" \
	    sh -c 'sed -n 2p "$1" | grep -qF -- "$2" && sed -n 2p "$1" | grep -qF "Độc lập - Tự do - Hạnh phúc"' \
	    sh "$TXT" "$ISSUER2"
	ok "$which text: place and today's date ('$PLACE, $W2')" \
	    sh -c 'grep -qF -- "$2, $3" "$1" || grep -qF -- "$2, $4" "$1"' sh "$TXT" "$PLACE" "$W1" "$W2"
	ok "$which text: title and period in words" sh -c 'grep -qx " *BÁO CÁO *" "$1" &&
	    grep -qx " *Kết quả thực hiện chuyển đổi số năm 2026 *" "$1" &&
	    grep -qx " *(từ ngày 01/01/2026 đến ngày 31/12/2026) *" "$1" && ! grep -qF "kỳ 2026" "$1"' sh "$TXT"
	ok "$which text: signature block" sh -c 'grep -qF "Nơi nhận:" "$1" &&
	    grep -qF "(Ký, ghi rõ họ tên)" "$1" && grep -qF -- "$2" "$1" && grep -qF -- "- Lưu: VT." "$1"' \
	    sh "$TXT" "$SIGN"
	if [ "$which" = commune ]; then
		ok "$which text: the chair signs for the committee" has_line "$TXT" "CHỦ TỊCH"
	fi
	# The signature block closes the paper: "Nơi nhận:" beside the signer's
	# first line, "- Lưu: VT." the last line; no "Như trên" without a "Kính gửi".
	ok "$which text: signature block at the end" \
	    sh -c 'grep "Nơi nhận:" "$1" | grep -qF -- "$2" && tail -1 "$1" | grep -qF -- "- Lưu: VT." &&
	    ! grep -qF "Như trên" "$1" && ! grep -qF "Kính gửi" "$1"' sh "$TXT" "$SIGN"
	ok "$which text: the Số line with the report's number suffix" \
	    grep -qE "^ *Số: +/BC-(VHTT|UBND) " "$TXT"
	ok "$which text: labels start with a capital ('2. Cán bộ CĐS')" \
	    sh -c 'grep -qE "^ [0-9]+\. Cán bộ CĐS \." "$1" && ! grep -qE "^ *[0-9]+\. [a-zđ]" "$1"' sh "$TXT"
	ok "$which text: citizens helped are 'lượt người dân'" \
	    sh -c 'grep -qF "Số lượt người dân được hỗ trợ, theo nội dung:" "$1"' sh "$TXT"
	ok "$which text: overdue is 'trong đó quá hạn', under the status counts" \
	    sh -c 'grep -A5 "^ 1\. Số nhiệm vụ" "$1" | tail -1 | grep -qF "trong đó quá hạn"' sh "$TXT"

	# --- CSV ---
	run 0 --db "$DB" report --period 2026 --format csv
	CSV="$T/$which.tsv"
	ok "$which csv: BOM, the documented header, eleven fields a row" csv_to_tsv "$T/out" "$CSV"
	ok "$which csv: staff total = sqlite3" same "staff.total" "$(csv staff.total "$U" "" 5)" "$(sql_staff "$U")"
	ok "$which csv: trained share numerator = sqlite3" \
	    same "trained" "$(csv training.trained_share "$U" "" 5)" "$(sql_trained "$U")"
	ok "$which csv: trained share denominator = sqlite3" \
	    same "of" "$(csv training.trained_share "$U" "" 6)" "$(sql_staff "$U")"
	ok "$which csv: activities in 2026 = sqlite3" \
	    same "cdtt.activities" "$(csv cdtt.activities "$U" "" 5)" "$(sql_activities "$U")"
	ok "$which csv: citizens helped in 2026 (by category) = sqlite3" \
	    same "helped" "$(csv_sum cdtt.helped_by_category "$U")" "$(sql_helped "$U")"
	ok "$which csv: citizens helped in 2026 (by month) = sqlite3" \
	    same "helped" "$(csv_sum cdtt.helped_by_month "$U")" "$(sql_helped "$U")"
	ok "$which csv: activities by month add up to the activities" \
	    same "by month" "$(csv_sum cdtt.activities_by_month "$U")" "$(sql_activities "$U")"
	ok "$which csv: percent is 100 * value / denominator" csv_percents
	# shellcheck disable=SC2086
	ok "$which csv: every figure of figures.c has a row for the unit" csv_has_ids "$U" $IDS
	ok "$which csv: plan tasks for the unit" csv_tasks "$U"
	units_in_csv=$(awk -F'\t' -v u="$U" '$1 == "staff.total" && $2 != u { print $2 }' "$CSV" | sort)
	ok "$which csv: one row per current commune below, each once" \
	    same "units" "$(echo $units_in_csv)" "$(if [ "$which" = district ]; then echo $COMMUNES; fi)"
	if [ "$which" = district ]; then
		for c in $COMMUNES; do
			ok "$which csv: commune $c staff, trained, activities = sqlite3" same "$c" \
			    "$(csv staff.total "$c" "" 5) $(csv training.trained_share "$c" "" 5)/$(csv training.trained_share "$c" "" 6) $(csv cdtt.activities "$c" "" 5)" \
			    "$(sql_staff "$c") $(sql_trained "$c")/$(sql_staff "$c") $(sql_activities "$c")"
		done
		OWN="$CSV.own"
		ok "$which csv: the office's own rows (part 'own'): staff, activities = sqlite3" same "own" \
		    "$(awk -F'\t' -v u="$U" '$1 == "staff.total" && $2 == u { print $5 }' "$OWN") $(awk -F'\t' -v u="$U" '$1 == "cdtt.activities" && $2 == u { print $5 }' "$OWN")" \
		    "$(sql_own_staff "$U") $(sql_own_activities "$U")"
		ok "$which csv: every figure has own rows, zeros shown" sh -c '
		    for id in $2; do awk -F"\t" -v f="$id" "\$1 == f { ok = 1 } END { exit !ok }" "$1" || exit 1; done' \
		    sh "$OWN" "$IDS"
		ok "$which csv: own + the communes' rows = the unit's (staff, activities)" sh -c '
		    for f in staff.total cdtt.activities; do
		        a=$(awk -F"\t" -v f=$f -v u="$2" "\$1 == f && \$3 == \"\" { s += \$5 } END { print s + 0 }" "$1" "$3")
		        t=$(awk -F"\t" -v f=$f -v u="$2" "\$1 == f && \$2 == u { print \$5 }" "$1")
		        [ "$a" = $((t * 2)) ] || { echo "# $f: rows $a, twice the total $t"; exit 1; }
		    done' sh "$CSV" "$U" "$OWN"
	fi

	# --- the text report's figures and rows, against the CSV and sqlite3 ---
	lab=$(csv staff.total "$U" "" 4)
	ok "$which text: staff total on its labelled line" \
	    grep -qE "^ [0-9]+\. $lab \.+ $(sql_staff "$U")\$" "$TXT"
	lab=$(csv cdtt.activities "$U" "" 4)
	ok "$which text: activities on their labelled line" \
	    grep -qE "^ [0-9]+\. $lab \.+ $(sql_activities "$U")\$" "$TXT"
	if [ "$which" = district ]; then
		for c in $COMMUNES; do
			name=$(q "SELECT name FROM unit WHERE code = '$c'")
			# Unit, staff, focal, trained, teams, activities.
			ok "$which text: a row for $name (staff, activities = sqlite3)" \
			    text_unit_row "$TXT" "$name" "$(sql_staff "$c")" "$(sql_activities "$c")"
		done
		ok "$which text: the office's own row (its own staff, activities = sqlite3)" \
		    text_unit_row "$TXT" "Cơ quan báo cáo" "$(sql_own_staff "$U")" "$(sql_own_activities "$U")"
		ok "$which text: the total row = section I = sqlite3" \
		    text_unit_row "$TXT" "Tổng cộng" "$(sql_staff "$U")" "$(sql_activities "$U")"
		ok "$which text: the rows of section V add up to the total (staff, activities)" sh -c '
		    sed -n "/^V\. /,/Tổng cộng/p" "$1" | awk "/^ Cơ quan báo cáo|^ Xã |^ Phường |^ Thị trấn |^ Đặc khu / {
		        s += \$(NF - 4); a += \$NF } /Tổng cộng/ { t = \$(NF - 4); ta = \$NF }
		        END { if (s != t || a != ta) { print \"# rows \" s \"/\" a \", total \" t \"/\" ta; exit 1 } }"' sh "$TXT"
	else
		ok "$which text: no table of units below (no section V)" sh -c '! grep -q "^V\. " "$1"' sh "$TXT"
	fi

	# --- XLSX, read back by openpyxl ---
	rm -rf "$T/x" "$T/$which.xlsx"
	run 0 --db "$DB" report --period 2026 --format xlsx --out "$T/$which.xlsx"
	ok "$which xlsx: written" test -s "$T/$which.xlsx"
	ok "$which xlsx: openpyxl reads it" "$PY" "$READ" "$T/$which.xlsx" "$T/x"
	if [ "$which" = district ]; then want_sheets="Báo cáo|Theo đơn vị"; else want_sheets="Báo cáo"; fi
	ok "$which xlsx: sheets" same "sheets" "$(paste -sd'|' "$T/x/sheets")" "$want_sheets"
	ok "$which xlsx: 'Báo cáo' is A4 (paperSize 9) portrait, fit to the page width" \
	    same "setup" "$(grep "^Báo cáo$TAB" "$T/x/setup" | cut -f2-4)" "9${TAB}portrait${TAB}1"
	ok "$which xlsx: header cells (issuer, national name, motto)" same "header" \
	    "$(awk -F'\t' '$1 == 1 || $1 == 2 { print $2 "|" $3 }' "$T/x/sheet1.tsv" | paste -sd'#')" \
	    "s:$ISSUER1|s:CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM#s:${ISSUER2:-────────}|s:Độc lập - Tự do - Hạnh phúc"
	ok "$which xlsx: place and date line" sh -c '
	    c=$(awk -F"\t" "\$1 == 4 { print \$3 }" "$1")
	    [ "$c" = "s:$2, $3" ] || [ "$c" = "s:$2, $4" ] || { echo "# B4 is $c"; exit 1; }' \
	    sh "$T/x/sheet1.tsv" "$PLACE" "$W1" "$W2"
	ok "$which xlsx: title and period" same "title" \
	    "$(awk -F'\t' '$1 == 5 || $1 == 6 { print $2 }' "$T/x/sheet1.tsv" | paste -sd'#')" \
	    "s:BÁO CÁO#s:Kết quả thực hiện chuyển đổi số năm 2026 (từ ngày 01/01/2026 đến ngày 31/12/2026)"
	ok "$which xlsx: national header merged across B:E" sh -c 'grep -qx "Báo cáo${2}B1:E1" "$1" &&
	    grep -qx "Báo cáo${2}B2:E2" "$1"' sh "$T/x/merged" "$TAB"
	ok "$which xlsx: signature block" sh -c 'grep -qF "${2}s:Nơi nhận:" "$1" &&
	    grep -qF "s:(Ký, ghi rõ họ tên)" "$1" && grep -qF "s:$3" "$1"' sh "$T/x/sheet1.tsv" "$TAB" "$SIGN"
	ok "$which xlsx: every string is NFC" test ! -s "$T/x/notnfc"
	lab=$(csv staff.total "$U" "" 4)
	ok "$which xlsx: staff total = CSV = sqlite3" same "staff" "$(xl_col 1 "$lab" 3)" "n:$(sql_staff "$U")"
	lab=$(csv training.trained_share "$U" "" 4)
	num=$(sql_trained "$U") den=$(sql_staff "$U")
	ok "$which xlsx: trained share: number and of = sqlite3" \
	    same "trained" "$(xl_col 1 "$lab" 3-4)" "n:$num${TAB}n:$den"
	ok "$which xlsx: trained share is a real fraction with a % format" frac "$(xl_col 1 "$lab" 5)" "$num" "$den"
	ok "$which xlsx: target 100% as a percentage" same "target" "$(xl_col 1 "$lab" 6)" "p:1"
	lab=$(csv cdtt.activities "$U" "" 4)
	ok "$which xlsx: activities in 2026 = sqlite3" same "activities" "$(xl_col 1 "$lab" 3)" "n:$(sql_activities "$U")"
	# The figure's own label (the CSV gives key labels on breakdown rows): from --explain.
	run 0 report --explain
	flab=$(sed -n 's/^cdtt\.helped_by_category — //p' "$T/out")
	ok "$which xlsx: citizens helped (rows under their figure) = sqlite3" \
	    same "helped" "$(xl_sum_under 1 "$flab")" "$(sql_helped "$U")"
	if [ "$which" = district ]; then
		ok "$which xlsx: 'Theo đơn vị' is A4 (paperSize 9)" \
		    same "paper" "$(grep "^Theo đơn vị$TAB" "$T/x/setup" | cut -f2)" "9"
		ok "$which xlsx: 'Theo đơn vị': the office's own row first, the total last" same "first, last" \
		    "$(awk -F'\t' '$1 > 1 { print $2 }' "$T/x/sheet2.tsv" | sed -n '1p;$p' | paste -sd'|')" \
		    "s:Cơ quan báo cáo|s:Tổng cộng"
		ok "$which xlsx: 'Theo đơn vị': between them one row per current commune" same "units" \
		    "$(awk -F'\t' '$1 > 1 { print $2 }' "$T/x/sheet2.tsv" | sed '1d;$d' | sort | paste -sd'|')" \
		    "$(for c in $COMMUNES; do q "SELECT 's:' || name FROM unit WHERE code = '$c'"; done | sort | paste -sd'|')"
		slab=$(csv staff.total "$U" "" 4)
		tlab=$(csv training.trained_share "$U" "" 4)
		scol=$(awk -F'\t' -v l="s:$slab" '$1 == 1 { for (i = 2; i <= NF; i++) if ($i == l) print i }' "$T/x/sheet2.tsv")
		tcol=$(awk -F'\t' -v l="s:$tlab" '$1 == 1 { for (i = 2; i <= NF; i++) if ($i == l) print i }' "$T/x/sheet2.tsv")
		ok "$which xlsx: 'Theo đơn vị' has columns for staff and trained share" test -n "$scol" -a -n "$tcol"
		for c in $COMMUNES; do
			name=$(q "SELECT name FROM unit WHERE code = '$c'")
			row=$(awk -F'\t' -v l="s:$name" '$2 == l' "$T/x/sheet2.tsv")
			s=$(printf '%s\n' "$row" | cut -f"${scol:-2}")
			t=$(printf '%s\n' "$row" | cut -f"${tcol:-2}")
			ok "$which xlsx: $name staff = sqlite3" same "staff" "$s" "n:$(sql_staff "$c")"
			ok "$which xlsx: $name trained share, a % fraction = sqlite3" \
			    frac "$t" "$(sql_trained "$c")" "$(sql_staff "$c")"
		done
		row=$(awk -F'\t' '$2 == "s:Cơ quan báo cáo"' "$T/x/sheet2.tsv")
		ok "$which xlsx: the office's own row: staff = sqlite3 (its own staff only)" \
		    same "own staff" "$(printf '%s\n' "$row" | cut -f"${scol:-2}")" "n:$(sql_own_staff "$U")"
		row=$(awk -F'\t' '$2 == "s:Tổng cộng"' "$T/x/sheet2.tsv")
		ok "$which xlsx: the total row: staff = sqlite3 = section I" \
		    same "total staff" "$(printf '%s\n' "$row" | cut -f"${scol:-2}")" "n:$(sql_staff "$U")"
		ok "$which xlsx: the total row: trained share = sqlite3" \
		    frac "$(printf '%s\n' "$row" | cut -f"${tcol:-2}")" "$(sql_trained "$U")" "$(sql_staff "$U")"
	fi
done

# ------------------------------------------------------- a commune, by --unit ---
DB="$T/district.db"
run 0 --db "$DB" report --period 2026 --unit 21859
cp "$T/out" "$T/unit.txt"
ok "--unit 21859: the commune's own paper (its committee issues it)" sh -c '
    head -1 "$1" | grep -qF "UBND XÃ ĐỀ GI" && grep -qF "TM. ỦY BAN NHÂN DÂN" "$1" &&
    grep -qE "^ *Số: +/BC-UBND " "$1" && grep -qF "Đề Gi, ngày " "$1"' sh "$T/unit.txt"
run 0 --db "$DB" report --period 2026 --unit 21859 --format csv
csv_to_tsv "$T/out" "$T/unit.tsv"
CSV="$T/unit.tsv"
ok "--unit 21859: staff = sqlite3, no rows of other units" sh -c '
    [ "$(awk -F"\t" "\$2 != \"21859\"" "$1" | wc -l)" = 0 ] && [ "$2" = "$3" ]' \
    sh "$CSV" "$(csv staff.total 21859 "" 5)" "$(sql_staff 21859)"
ok "--unit outside the home unit: refused (exit 1)" run 1 --db "$DB" report --unit 00070
ok "--unit outside: one line naming the unit" sh -c 'grep -qF "00070" "$1" && [ "$(wc -l <"$1")" -eq 1 ]' sh "$T/err"

# ---------------------------------------------------------------- --explain ---
run 0 report --explain
cp "$T/out" "$T/explain"
nids=$(echo "$IDS" | wc -l)
ok "--explain: figures.c has figures ($nids)" test "$nids" -gt 10
# shellcheck disable=SC2086
ok "--explain: every figure id, each followed by its SQL" explain_sql "$T/explain" $IDS
ok "--explain: one SQL line per figure" same "SQL lines" "$(grep -c '^  SQL: ' "$T/explain")" "$nids"
ok "--explain: the plan tasks rule" has_line "$T/explain" "tasks.status"
ok "--explain needs no database" test ! -e "$T/home/.local/share/socds/socds.db"

# ---------------------------------------------------------------- bad usage ---
ok "--format pdf: exit 2" run 2 --db "$DB" report --format pdf
ok "--format pdf: one line" one_line
ok "--format pdf: names it" err_has "pdf"
ok "--period 2026-Q5: exit 2" run 2 --db "$DB" report --period 2026-Q5
ok "--period 2026-Q5: one line naming it" err_has "2026-Q5"
ok "--format xlsx without --out: exit 2" run 2 --db "$DB" report --format xlsx
ok "--format xlsx without --out: one line" one_line
ok "an unknown option: exit 2" run 2 --db "$DB" report --colour

printf 'keep me\n' >"$T/exists.xlsx"
printf 'keep me\n' >"$T/exists.csv"
printf 'keep me\n' >"$T/exists.txt"
ok "xlsx onto an existing file without --force: exit 1" \
    run 1 --db "$DB" report --format xlsx --out "$T/exists.xlsx"
ok "  ... one line naming the file" sh -c 'grep -qF "exists.xlsx" "$1" && [ "$(wc -l <"$1")" -eq 1 ]' sh "$T/err"
ok "  ... the file is untouched" same "exists.xlsx" "$(cat "$T/exists.xlsx")" "keep me"
ok "csv onto an existing file without --force: exit 1" \
    run 1 --db "$DB" report --format csv --out "$T/exists.csv"
ok "  ... the file is untouched" same "exists.csv" "$(cat "$T/exists.csv")" "keep me"
ok "text onto an existing file without --force: exit 1" run 1 --db "$DB" report --out "$T/exists.txt"
ok "  ... the file is untouched" same "exists.txt" "$(cat "$T/exists.txt")" "keep me"
ok "no temporary file left beside them" sh -c '[ "$(ls "$1" | grep -c "exists\.")" = 3 ]' sh "$T"
ok "xlsx with --force replaces it" run 0 --db "$DB" report --period 2026 --format xlsx --out "$T/exists.xlsx" --force
ok "  ... with a workbook openpyxl reads" "$PY" "$READ" "$T/exists.xlsx" "$T/x2"
ok "csv with --force replaces it" run 0 --db "$DB" report --format csv --out "$T/exists.csv" --force
ok "  ... with the CSV report" sh -c 'head -c 9 "$1" | grep -q "figure"' sh "$T/exists.csv"

done_testing
