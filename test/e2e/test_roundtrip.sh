#!/bin/sh
# Closing the loop with the office above (issue 17), end to end on two real
# databases: commune 21853 (demo) and its province 52. Three rounds of
# package -> merge -> receipt -> fix -> change-only package:
#  0. a whole package, merged with --receipts; the commune takes the receipt
#     (the office's key pinned on first use) and every row is acknowledged;
#  1. the province deletes a team and edits a member; the commune adds an
#     activity under that team and edits the member too; its change-only
#     package carries only those rows; the receipt comes back with one row
#     rejected (with the office's reason) and one conflict, shown on the
#     commune's home screen under "Cần lưu ý";
#  2. on the screen the commune moves the activity to a live team and takes
#     the office's values for the member; saving clears each remark; the next
#     change-only package merges with no conflict and nothing rejected, and
#     its receipt leaves nothing open;
#  3. the province approves the commune's quarter; a status receipt carries
#     the approval down; an edit in that quarter is refused at the commune
#     (import, the form screen) with the Vietnamese message and nothing
#     saved; a change-only package whose base a fresh province never merged
#     is refused naming the base; after `reopen` (audited) and the next
#     receipt the same import passes.
# And receipts refused whole, each leaving the commune's file unchanged: one
# signed by a third database, one byte flipped, a package passed in as a
# receipt, another unit's receipt, an older receipt, a receipt for a package
# not made here. TAP output. Usage: sh test_roundtrip.sh /abs/path/to/socds
E2E_NAME=roundtrip
. "$(dirname "$0")/../lib/tmux.sh"

SZ=80x24
DB=$T/commune.db	# the commune (sq, start)
P=$T/province.db
R=$T/receipts
mkdir -p "$R"
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 LANGUAGE=en "$SOCDS" --lang en "$@"; }
svi() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" --lang vi "$@"; }
q() { sqlite3 -batch -cmd '.timeout 5000' "$1" "$2"; }
# Run and keep stdout+stderr in $T/o (shown when a check fails).
run() { "$@" >"$T/o" 2>&1 || { sed 's/^/# /' "$T/o"; return 1; }; }
fails() { if "$@" >"$T/o" 2>&1; then sed 's/^/# /' "$T/o"; return 1; fi; }
has() { grep -qF -- "$1" "$T/o" || { sed 's/^/# /' "$T/o"; return 1; }; }
# The commune's data and its receipt tables: what a refused receipt must not move.
dump() { q "$DB" .dump | grep -vE '^INSERT INTO "?audit"?' | sha256sum; }
manifest() { python3 -c 'import json,sys,zipfile; print(json.dumps(json.load(zipfile.ZipFile(sys.argv[1]).open("manifest.json"))))' "$1"; }
mf() { python3 -c 'import json,sys,zipfile; m=json.load(zipfile.ZipFile(sys.argv[1]).open("manifest.json"))
for k in sys.argv[2].split("."): m=m[k]
print(m)' "$1" "$2"; }
# A package's seal digest (what the office logs and a receipt names): the
# third field of the ZIP comment "socds-ed25519:KEY:SHA:SIG".
sha() { python3 -c 'import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).comment.decode().split(":")[2])' "$1"; }
data_rows() { python3 -c 'import sys,zipfile,csv,io
z=zipfile.ZipFile(sys.argv[1]); n=0
for i in z.namelist():
    if i.startswith("data/") and i.endswith(".csv"):
        n+=max(0,len(list(csv.reader(io.TextIOWrapper(z.open(i),encoding="utf-8-sig"))))-1)
print(n)' "$1"; }

ok "the commune's database (demo 21853)" run s demo --unit 21853 --db "$DB"
ok "the province's database (52)" run s init --unit 52 --db "$P"

# --- round 0: a whole package, its receipt ---
ok "round 0: the commune's whole package" run s export package --db "$DB" --out "$T/p0.zip"
P0_ROWS=$(data_rows "$T/p0.zip")
ok "... merged at the province with --receipts" run s merge "$T/p0.zip" --receipts "$R" --db "$P"
ok "... one receipt written, named for the unit and number 1" \
    test "$(ls "$R")" = "socds-receipt-21853-0001.zip"
ok "... its path printed" has "$R/socds-receipt-21853-0001.zip"
ok "... the receipt names the package it answers" \
    test "$(mf "$R/socds-receipt-21853-0001.zip" package.sha256)" = "$(sha "$T/p0.zip")"
ok "the commune takes it; the office's key pinned on first use" \
    run s receipt "$R/socds-receipt-21853-0001.zip" --db "$DB"
ok "... the office key is pinned under 52" test "$(q "$DB" "SELECT count(*) FROM unit_key WHERE unit_code = '52'")" = 1
ok "... every row of the package acknowledged at its version" \
    test "$(q "$DB" "SELECT count(*) FROM ack")" = "$P0_ROWS"
ok "... nothing open" sh -c "[ -z \"\$(env -i PATH=/usr/bin:/bin HOME='$T/home' LC_ALL=C.UTF-8 '$SOCDS' --lang en receipt --list --format csv --db '$DB' | tail -n +2)\" ]"

# --- round 1: the office deletes a team and edits a member ---
TEAM=$(q "$P" "SELECT t.id FROM team t WHERE t.deleted = 0 AND EXISTS (SELECT 1 FROM member m
    WHERE m.team_id = t.id AND m.deleted = 0) ORDER BY t.id LIMIT 1")
LIVE_TEAM=$(q "$P" "SELECT id FROM team WHERE deleted = 0 AND id <> '$TEAM' ORDER BY id LIMIT 1")
LIVE_TEAM_NAME=$(q "$P" "SELECT name FROM team WHERE id = '$LIVE_TEAM'")
q "$P" "UPDATE team SET deleted = 1, version = version + 1 WHERE id = '$TEAM';
UPDATE participant SET deleted = 1, version = version + 1
    WHERE member_id IN (SELECT id FROM member WHERE team_id = '$TEAM');
UPDATE member SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';
UPDATE activity SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';"
MEM=$(q "$P" "SELECT id FROM member WHERE team_id = '$LIVE_TEAM' AND deleted = 0 ORDER BY id LIMIT 1")
MEM_NAME=$(q "$P" "SELECT full_name FROM member WHERE id = '$MEM'")
q "$P" "UPDATE member SET phone = '0912000111', version = version + 1 WHERE id = '$MEM'"
# The commune, meanwhile: a new activity under that team, the same member edited.
NEW_ACT=01a20777-0000-7000-8000-0000000000ac
q "$DB" "CREATE TEMP TABLE x AS SELECT * FROM activity WHERE team_id = '$TEAM' AND deleted = 0 LIMIT 1;
UPDATE x SET id = '$NEW_ACT', version = 1, synced_version = NULL, description = 'hoạt động mới',
    held_on = date('now', 'start of month');
INSERT INTO activity SELECT * FROM x;
UPDATE member SET phone = '0977000222', version = version + 1 WHERE id = '$MEM';"
ok "round 1: a change-only package" run s export package --changes --db "$DB" --out "$T/p1.zip"
ok "... its manifest says changes, based on package 0" sh -c "
    [ \"\$(python3 -c 'import json,sys,zipfile; m=json.load(zipfile.ZipFile(sys.argv[1]).open(\"manifest.json\")); print(m[\"content\"], m[\"format_version\"], m[\"base\"][\"sha256\"])' '$T/p1.zip')\" = 'changes 3 $(sha "$T/p0.zip")' ]"
ok "... carries only the two changed rows" test "$(data_rows "$T/p1.zip")" = 2
ok "... merged: 1 rejected, 1 conflict" run s merge "$T/p1.zip" --receipts "$R" --db "$P"
ok "... (the summary)" grep -qE 'conflicts 1, rejected 1$' "$T/o"
ok "... receipt 2" test -f "$R/socds-receipt-21853-0002.zip"
ok "the commune takes receipt 2" run s receipt "$R/socds-receipt-21853-0002.zip" --db "$DB"
ok "receipt --list: the activity rejected with the office's reason, the member in conflict" \
    run s receipt --list --format csv --db "$DB"
ok "... header" test "$(head -1 "$T/o" | tr -d '\r')" = "kind,id,unit,outcome,reason,office_version"
ok "... the activity, rejected, its team deleted at the office" \
    sh -c "grep '^activity,$NEW_ACT,21853,rejected,' '$T/o' | grep -q 'deleted'"
ok "... the member, in conflict" grep -q "^member,$MEM,21853,conflict," "$T/o"
ok "... nothing else" test "$(wc -l <"$T/o")" = 3

# --- the home screen shows it ---
start "$DB"
ok "home: 'Cần lưu ý' lists what the office returned" see "2 bản ghi cấp trên trả lại hoặc xung đột"
# --- round 2: fixed on the screen ---
keys r
ok "r lists them: the activity returned, the member in conflict" \
    see '@0=Cấp trên trả lại' '@3=Trả lại' '@4=Xung đột'
keys Enter
ok "Enter opens the activity's form, the office's reason on the status line" \
    see '@-2~deleted here|đã bị xóa|đã xóa'
# The team is the form's first field: letters start its chooser's search.
typ "$LIVE_TEAM_NAME"
see "$LIVE_TEAM_NAME" >/dev/null
keys Enter
ok "... moved to a live team" see "$LIVE_TEAM_NAME"
raw F2 "$(printf '\033[12~')"
ok "F2 (PuTTY) saves it; back on the list" see '@0=Cấp trên trả lại' '@3=Xung đột'
ok "... saved under the live team, its remark cleared" db_is \
    "SELECT team_id, (SELECT count(*) FROM remark WHERE record_id = '$NEW_ACT') FROM activity WHERE id = '$NEW_ACT'" \
    "$LIVE_TEAM|0"
raw F3 "$(printf '\033[13~')"
ok "F3 on the conflict shows the office's values beside ours" see '0912000111' '0977000222'
keys Enter
see '@0~sửa' >/dev/null
raw F2 "$(printf '\033[12~')"
ok "the office's values taken and saved; nothing left open" db_is \
    "SELECT phone, (SELECT count(*) FROM remark) FROM member WHERE id = '$MEM'" "0912000111|0"
keys F10
see '@0!Cấp trên trả lại' >/dev/null
ok "home: the line is gone" see '!bản ghi cấp trên trả lại'
keys F10
see "EXITED rc=0" >/dev/null

ok "round 2: the next change-only package" run s export package --changes --db "$DB" --out "$T/p2.zip"
ok "... based on package 1" test "$(mf "$T/p2.zip" base.sha256)" = "$(sha "$T/p1.zip")"
ok "... carries the two fixed rows" test "$(data_rows "$T/p2.zip")" = 2
ok "... merged: nothing rejected, no conflict" run s merge "$T/p2.zip" --receipts "$R" --db "$P"
ok "... (the summary)" grep -qE 'inserted 1, updated 1, .*conflicts 0, rejected 0$' "$T/o"
ok "... the activity now at the province, under the live team" test \
    "$(q "$P" "SELECT team_id FROM activity WHERE id = '$NEW_ACT' AND deleted = 0")" = "$LIVE_TEAM"
ok "the commune takes receipt 3" run s receipt "$R/socds-receipt-21853-0003.zip" --db "$DB"
ok "... nothing open any more" test "$(s receipt --list --format csv --db "$DB" | wc -l)" = 1
ok "... the activity acknowledged at its version" test \
    "$(q "$DB" "SELECT a.version = k.version FROM activity a JOIN ack k ON k.record_id = a.id WHERE a.id = '$NEW_ACT'")" = 1

# --- receipts refused whole: the commune's file does not move ---
BEFORE=$(dump)
ok "receipt 2 again (older than 3): refused" fails s receipt "$R/socds-receipt-21853-0002.zip" --db "$DB"
ok "... naming the numbers" has "older"
cp "$R/socds-receipt-21853-0003.zip" "$T/flip.zip"
python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=1; open(p,"wb").write(bytes(b))' "$T/flip.zip"
ok "a receipt with one byte flipped: refused" fails s receipt "$T/flip.zip" --db "$DB"
ok "a package passed in as a receipt: refused" fails s receipt "$T/p2.zip" --db "$DB"
ok "... said to be a package" has "package"
ok "nothing moved" test "$(dump)" = "$BEFORE"

# --- round 3: the province approves the commune's quarter ---
Y=$(date +%Y)
QN=$(( ($(date +%m | sed 's/^0//') - 1) / 3 + 1 ))
PERIOD=$Y-Q$QN
ok "round 3: the province approves $PERIOD for 21853" run s approve --unit 21853 --period "$PERIOD" --db "$P"
ok "... listed" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' LC_ALL=C.UTF-8 '$SOCDS' --lang en approve --list --format csv --db '$P' | grep -q ',21853,$PERIOD,.*,approved,'"
ok "a status receipt carries it down" run s receipt --status 21853 --out "$R" --db "$P"
ok "... receipt 4" test -f "$R/socds-receipt-21853-0004.zip"
ok "the commune takes it" run s receipt "$R/socds-receipt-21853-0004.zip" --db "$DB"
ok "... the approval is kept at the commune" test \
    "$(q "$DB" "SELECT unit_code || '/' || period || '/' || state FROM approval")" = "21853/$PERIOD/approved"
printf 'team_id,held_on,place,activity_kind\n%s,%s,Nhà văn hóa thôn,team_meeting\n' "$LIVE_TEAM" \
    "$(date +%Y-%m-01)" >"$T/act.csv"
BEFORE=$(q "$DB" "SELECT * FROM activity ORDER BY id" | sha256sum)
N_ACT=$(q "$DB" "SELECT count(*) FROM activity")
ok "an activity of $PERIOD imported at the commune: refused" fails svi import "$T/act.csv" --kind activity --db "$DB"
ok "... with the Vietnamese message naming the period, the office and how to reopen" \
    has "Kỳ $PERIOD của Xã Phù Cát đã được cấp trên (52) phê duyệt ngày"
ok "... (the rest of it)" has "bản ghi này chỉ xem được, không sửa được. Nếu cần sửa, đề nghị cấp trên mở lại kỳ (socds reopen)."
ok "... the activities as they were" test "$(q "$DB" "SELECT * FROM activity ORDER BY id" | sha256sum)" = "$BEFORE"

# A province that never merged the base refuses the change-only package.
ok "a fresh province database" run s init --unit 52 --db "$T/p2.db"
ok "round 2's change-only package there: refused" fails s merge "$T/p2.zip" --db "$T/p2.db"
ok "... naming the base it builds on" has "p1.zip"
ok "... logged as refused, nothing merged" test \
    "$(q "$T/p2.db" "SELECT group_concat(status) || '/' || (SELECT count(*) FROM activity) FROM merge_log")" = "refused/0"

# Reopened at the province (audited); the next receipt unlocks the commune.
ok "the province reopens $PERIOD, with the reason" run s reopen --unit 21853 --period "$PERIOD" \
    --reason "Xã bổ sung hoạt động tháng 12" --db "$P"
ok "... audited" test "$(q "$P" "SELECT count(*) FROM audit WHERE action = 'reopen' AND detail LIKE '%21853 $PERIOD%bổ sung hoạt động%'")" = 1
ok "the next status receipt" run s receipt --status 21853 --out "$R" --db "$P"
ok "the commune takes receipt 5" run s receipt "$R/socds-receipt-21853-0005.zip" --db "$DB"
ok "... the approval reopened there" test "$(q "$DB" "SELECT state FROM approval")" = reopened
ok "the same import now goes in" run svi import "$T/act.csv" --kind activity --db "$DB"
ok "... one activity more" test "$(q "$DB" "SELECT count(*) FROM activity")" = $((N_ACT + 1))
done_testing
