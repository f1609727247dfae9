#!/bin/sh
# The official paper settings screen (issue 13, point 7 in the interface):
# reached from the home screen (key u), it lists the keys socds unit settings
# lists, with their defaults; Enter changes one and keeps it at once through
# the call socds unit set makes (the unit_setting row, an audit event
# 'unit-setting' naming the unit and the key), the deputy is chosen from a
# menu, F8 sets a value back to its default after a question, a value too
# long is refused saying so and nothing is kept. The report then carries the
# values. In a real terminal at 80x24, on a commune database (21853) and an
# office's (the old district 548). TAP output for meson.
# Usage: sh test_paper_ui.sh /abs/path/to/socds
E2E_NAME=paperui
. "$(dirname "$0")/../lib/tmux.sh"

run() {	# run ARGS...: socds with a clean environment, out and err in $T/out, $T/err
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" \
	    >"$T/out" 2>"$T/err"
}
TAB=$(printf '\t')

for which in commune office; do
SZ="80x24 $which"
DB=$T/$which.db
if [ "$which" = commune ]; then U=21853; else U=548; fi
if ! run demo --unit "$U" --db "$DB"; then
	echo "Bail out! socds demo --unit $U failed: $(cat "$T/err")"
	exit 1
fi
# The defaults, as socds unit settings gives them.
run --db "$DB" unit settings
setting() { awk -F"$TAB" -v k="--$1" '$1 == k { print $2 }' "$T/out"; }
BODY=$(setting body)
SIGNER_TITLE=$(setting signer-title)
start "$DB"
ok "home: a line for the paper settings (key u)" see "u   Thiết lập văn bản báo cáo"
keys u
ok "u opens the settings: the unit, every key with its default" see \
    "Thiết lập văn bản báo cáo" "Đơn vị: $U " "@6=Cơ quan chủ quản (dòng trên)" \
    "@7~Cơ quan ban hành báo cáo +$BODY +\\(mặc định\\)" "@17=Họ tên người ký" \
    "@16~Cấp phó ký thay \\(KT\\.\\) +không: người đứng đầu ký"

# The signer's name: the last line.
keys End Enter
see "Họ tên người ký" >/dev/null
typ "Nguyễn Văn An"
keys Enter
ok "Enter, a name, Enter: saved, said on the status line" see "Họ tên người ký: đã lưu" \
    "@17~Họ tên người ký +Nguyễn Văn An *\$"
ok "... kept in unit_setting, as socds unit set keeps it" sql_is \
    "SELECT value FROM unit_setting WHERE unit_code = '$U' AND key = 'signer_name'" "Nguyễn Văn An"
ok "... audited as socds unit set audits it" sql_is \
    "SELECT count(*) FROM audit WHERE action = 'unit-setting' AND detail = '$U signer_name=Nguyễn Văn An'" 1
# The deputy signs: a menu.
keys Up Enter
see "có: cấp phó ký thay (KT.)" >/dev/null
keys Down Enter
ok "the deputy chosen from a menu: 'có'" see "@16~Cấp phó ký thay \\(KT\\.\\) +có: cấp phó ký thay"
ok "... kept as 1" sql_is "SELECT value FROM unit_setting WHERE unit_code = '$U' AND key = 'deputy'" 1
# The issuing body: changed, then back to the default with F8.
keys Home Down Enter
see "@7~$BODY" >/dev/null
keys C-u
typ "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
keys Enter
ok "the issuing body changed" see "@7~Cơ quan ban hành báo cáo +SỞ KHOA HỌC VÀ CÔNG NGHỆ *\$"
ok "... kept" sql_is "SELECT value FROM unit_setting WHERE unit_code = '$U' AND key = 'body'" \
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
run --db "$DB" report --period 2026
cp "$T/out" "$T/r.txt"
ok "the report: the issuing body, 'KT. $SIGNER_TITLE' and the signer's name" sh -c '
    grep -q "SỞ KHOA HỌC VÀ CÔNG NGHỆ" "$1" && grep -q "KT\\. $2" "$1" &&
    grep -q "Nguyễn Văn An" "$1" || { sed "s/^/#   /" "$1" | tail -12; false; }' \
    sh "$T/r.txt" "$SIGNER_TITLE"
keys F8
ok "F8 asks before setting the body back" see "Đưa 'Cơ quan ban hành báo cáo' về giá trị mặc định?"
keys c
ok "... yes: the default again" see "Cơ quan ban hành báo cáo: đã trở về giá trị mặc định" \
    "@7~Cơ quan ban hành báo cáo +$BODY +\\(mặc định\\)"
ok "... its row gone, the change audited" sql_is \
    "SELECT (SELECT count(*) FROM unit_setting WHERE unit_code = '$U' AND key = 'body'),
    (SELECT count(*) FROM audit WHERE action = 'unit-setting' AND detail = '$U body=(default)')" "0|1"
# A number too long (at most 12 characters): refused, nothing kept.
keys Home Down Down Down Enter
see "Số báo cáo" >/dev/null
typ "1234567890123"
keys Enter
ok "a number of 13 characters: refused, naming the key" see "~số báo cáo.*(12|13)"
ok "... nothing kept" sql_is \
    "SELECT count(*) FROM unit_setting WHERE unit_code = '$U' AND key = 'number'" 0
run --db "$DB" unit settings
ok "socds unit settings shows what the screen set" \
    grep -q "^--signer-name${TAB}Nguyễn Văn An${TAB}(đã đặt)\$" "$T/out"
keys Escape
see "Cán bộ, công chức làm công tác chuyển đổi số" >/dev/null
keys F10
ok "quits cleanly" see "EXITED rc=0"
done

done_testing
