#!/bin/sh
# One receipt round (issue 17) between socds.exe (under Wine) and the Linux
# socds: a commune's package made on Windows, named with a drive letter and
# backslashes, is merged by the Linux office with --receipts; socds.exe takes
# the receipt (the office key pinned on first use), lists what the office
# rejected or holds in conflict as CSV, and makes a change-only package that
# the Linux office merges. $1: the wrapper that runs socds.exe under Wine;
# $2: the Linux socds. TAP output.
set -u
WIN=$1
LIN=$2
. "$(dirname "$0")/../lib/tap.sh"
tap_utf8
tap_init wine-receipt
TAP_CAPTURE=1
if [ ! -x "$LIN" ]; then
	tap_skip "no Linux socds given (meson option linux_socds)"
fi
# w/l ARGS: socds.exe or the Linux socds, the output in $T/o and $T/e (ok
# keeps $T/out and $T/err for its own).
w() { env -i PATH=/usr/bin:/bin HOME="$T/home" "$WIN" --lang en "$@" >"$T/o" 2>"$T/e" || { cat "$T/e"; return 1; }; }
l() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$LIN" --lang en "$@" >"$T/o" 2>"$T/e" || { cat "$T/e"; return 1; }; }
# wfails STATUS TEXT ARGS: socds.exe exits STATUS, TEXT in its message.
wfails() {
	want=$1 text=$2
	shift 2
	env -i PATH=/usr/bin:/bin HOME="$T/home" "$WIN" --lang "${WLANG:-en}" "$@" >"$T/o" 2>"$T/e"
	got=$?
	[ "$got" = "$want" ] && grep -qF -- "$text" "$T/e" || { echo "exit $got, expected $want"; cat "$T/e"; return 1; }
}
wfails_vi() { WLANG=vi; wfails "$@"; r=$?; WLANG=en; return $r; }
q() { sqlite3 "$1" "$2"; }
has() { for h in "$@"; do grep -qF -- "$h" "$T/o" || { cat "$T/o"; return 1; }; done; }
# The Windows name of a Unix path: Wine's drive Z: is /, and backslashes.
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

D="$T/Gói gửi tỉnh"	# a folder whose name is not in any ANSI code page
mkdir -p "$D" "$T/r"
WD=$(winpath "$D")
ok "Windows: demo commune 21859" w demo --unit 21859 --seed 5 --db "$WD\\xã.db"
DB="$D/xã.db"
ok "Windows: its package, named Z:\\...\\goi-1.zip" w export package --db "$WD\\xã.db" --out "$WD\\goi-1.zip"
ok "... package_sent keeps the part after the last backslash" same file "$(q "$DB" "SELECT file || '/' || content FROM package_sent")" "goi-1.zip/whole"
ok "Linux: province database" l init --unit 52 --db "$T/p.db"
ok "Linux merges it with --receipts" l merge "$D/goi-1.zip" --receipts "$T/r" --db "$T/p.db"
ok "... receipt 1 written" has "Receipt written: $T/r/socds-receipt-21859-0001.zip"
ok "Windows takes the receipt" w receipt "$(winpath "$T/r/socds-receipt-21859-0001.zip")" --db "$WD\\xã.db"
ok "... every row accepted, the office key pinned on first use" has "rejected 0, conflicts 0" "pinned on first use"
FP52=$(env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$LIN" --lang en key show --db "$T/p.db" | sed -n 's/^Fingerprint: *//p')
ok "... the pin is the office's own key" same key "$(q "$DB" "SELECT how || '/' || fingerprint FROM unit_key WHERE unit_code = '52'")" "first-use/$FP52"
ok "... every row of the package acknowledged" same ack "$(q "$DB" "SELECT count(*) FROM ack")" "$(q "$T/p.db" "SELECT count(*) FROM merge_row WHERE merge_seq = 1")"

# 64-bit numbers (PRId64) in a translated message: libintl expands <PRId64>
# as socds.exe's printf reads it ("lld"), so the Vietnamese one is found.
ok "the same receipt again: refused, in Vietnamese" wfails_vi 1 "biên nhận số 1 của 52 đã được nhận rồi" receipt "$(winpath "$T/r/socds-receipt-21859-0001.zip")" --db "$WD\\xã.db"

# The province deletes a team; the commune, not knowing, adds an activity to
# it. Both edit the same officer: a conflict.
TEAM=$(q "$DB" "SELECT id FROM team WHERE deleted = 0 ORDER BY id LIMIT 1")
q "$T/p.db" "UPDATE team SET deleted = 1, version = version + 1 WHERE id = '$TEAM';
UPDATE participant SET deleted = 1, version = version + 1
    WHERE member_id IN (SELECT id FROM member WHERE team_id = '$TEAM');
UPDATE member SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';
UPDATE activity SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';"
NEW_ACT=01a20777-0000-7000-8000-0000000000ac
q "$DB" "CREATE TEMP TABLE x AS SELECT * FROM activity WHERE team_id = '$TEAM' LIMIT 1;
UPDATE x SET id = '$NEW_ACT', version = 1, synced_version = NULL, description = 'hoạt động mới';
INSERT INTO activity SELECT * FROM x;"
X=$(q "$DB" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1")
q "$T/p.db" "UPDATE staff SET note = 'sửa ở tỉnh', version = version + 1 WHERE id = '$X'"
q "$DB" "UPDATE staff SET note = 'sửa ở xã', version = version + 1 WHERE id = '$X'"
ok "Windows: a second package" w export package --db "$WD\\xã.db" --out "$WD\\goi-2.zip"
ok "Linux merges it with --receipts" l merge "$D/goi-2.zip" --receipts "$T/r" --db "$T/p.db"
ok "Windows takes receipt 2: 1 rejected, 1 conflict" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' '$WIN' --lang en receipt '$(winpath "$T/r/socds-receipt-21859-0002.zip")' --db '$WD\\xã.db' | grep -q 'rejected 1, conflicts 1'"
ok "receipt --list --format csv" w receipt --list --format csv --db "$WD\\xã.db"
tr -d '\r' <"$T/o" >"$T/list.csv"
ok "... header exactly" same header "$(head -1 "$T/list.csv")" "kind,id,unit,outcome,reason,office_version"
ok "... the rejected activity, naming the deleted team" sh -c "grep '^activity,$NEW_ACT,21859,rejected,' '$T/list.csv' | grep -qF 'which is deleted here'"
ok "... the conflicting officer with the office's version" same conflict "$(grep "^staff,$X,21859,conflict," "$T/list.csv" | sed 's/.*,//')" "$(q "$T/p.db" "SELECT version FROM staff WHERE id = '$X'")"
ok "... those two rows only" same rows "$(wc -l <"$T/list.csv")" 3

# A change-only package from Windows: only what the office has not taken.
Y=$(q "$DB" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET 1")
q "$DB" "UPDATE staff SET note = 'Đã sửa trên Windows: Nguyễn Thị Ngọc Ánh', version = version + 1 WHERE id = '$Y'"
ok "Windows: export package --changes" w export package --changes --db "$WD\\xã.db" --out "$WD\\goi-3.zip"
ok "... recorded as changes on goi-2.zip" same sent "$(q "$DB" "SELECT p.content || '/' || b.file FROM package_sent p JOIN package_sent b ON b.sha256 = p.base_sha256 WHERE p.file = 'goi-3.zip'")" "changes/goi-2.zip"
ok "... its manifest names the base" python3 -c "
import json, sys, zipfile
m = json.loads(zipfile.ZipFile(sys.argv[1]).read('manifest.json'))
assert m['content'] == 'changes', m['content']
assert m['base']['file'] == 'goi-2.zip', m['base']
" "$D/goi-3.zip"
ok "... smaller than a whole package" test "$(wc -c <"$D/goi-3.zip")" -lt "$(wc -c <"$D/goi-2.zip")"
ok "Linux merges it" l merge "$D/goi-3.zip" --db "$T/p.db"
ok "... the edit an update; the two records with remarks sent again" has "inserted 0, updated 1, unchanged 0, deleted 0, conflicts 1, rejected 1"
ok "... the note is the same bytes" same note "$(q "$T/p.db" "SELECT hex(note) || '/' || version FROM staff WHERE id = '$Y'")" "$(q "$DB" "SELECT hex(note) || '/' || version FROM staff WHERE id = '$Y'")"

# A Windows office: --receipts takes a folder named with a drive letter and a
# trailing backslash, and refuses a file.
ok "Windows: province database" w init --unit 52 --db "$WD\\tỉnh.db"
mkdir "$T/Biên nhận"
ok "Windows merges with --receipts Z:\\...\\" w merge "$WD\\goi-1.zip" --receipts "$(winpath "$T/Biên nhận")\\" --db "$WD\\tỉnh.db"
ok "... the receipt in that folder" test -s "$T/Biên nhận/socds-receipt-21859-0001.zip"
ok "... its package named by its file's name alone" sh -c "unzip -p '$T/Biên nhận/socds-receipt-21859-0001.zip' manifest.json | grep -q '\"file\": \"goi-1.zip\"'"
ok "... --receipts naming a file is a usage error" wfails 2 "not a folder" merge "$WD\\goi-2.zip" --receipts "$WD\\goi-1.zip" --db "$WD\\tỉnh.db"
q "$D/tỉnh.db" "INSERT INTO receipt_issued VALUES ('21859', 9, NULL, 'x', 'x')"
ok "Windows: a status receipt into Z:\\...\\Biên nhận" w receipt --status 21859 --out "$(winpath "$T/Biên nhận")" --db "$WD\\tỉnh.db"
ok "... named in that folder with its number" has "Receipt written: $(winpath "$T/Biên nhận")\\socds-receipt-21859-0010.zip"
ok "the commune refuses it: not the key pinned for 52" wfails 1 "but the key pinned for 52 is $FP52" receipt "$(winpath "$T/Biên nhận/socds-receipt-21859-0010.zip")" --db "$WD\\xã.db"
done_testing
