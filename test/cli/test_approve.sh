#!/bin/sh
# Approval and lock (issue 17, part D). At the province (52): approve, list
# (text and CSV), reopen with a reason, approve again (same row, revision +1),
# the audit rows; who may (admin, an editor of a unit above; not an editor of
# the commune itself, not a viewer). At the commune (21853), an approval row
# put in with sqlite3 as a receipt would: an import of a Q3 activity and a
# bin restore are refused with the Vietnamese message, the data unchanged; Q4
# passes, and so does Q3 once reopened.
# TAP output for meson. Usage: sh test_approve.sh /abs/path/to/socds
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init approve
tap_utf8

if ! command -v sqlite3 >/dev/null; then
	tap_skip "needs sqlite3"
fi
P=$T/p.db
C=$T/c.db
sq() { sqlite3 -batch -cmd '.timeout 5000' "$1" "$2"; }
has() { grep -qF -- "$1" "$T/$2" || { echo "# not in $2: '$1'"; sed 's/^/#   /' "$T/$2"; false; }; }
# socds --as NAME (the SSH forced command): the account is NAME.
as() {	# as NAME WANT COMMAND
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 SSH_ORIGINAL_COMMAND="$3" \
	    "$SOCDS" --as "$1" --db "$P" >"$T/out" 2>"$T/err"
	got=$?
	[ "$got" -eq "$2" ] && return 0
	echo "# --as $1 $3: exit $got, expected $2"
	sed 's/^/#   /' "$T/err"
	return 1
}

ok "province demo" run 0 demo --unit 52 --db "$P"
ok "approve 21853 2026-Q3" run 0 --lang en approve --unit 21853 --period 2026-Q3 --db "$P"
ok "... says so, with the id" has "Approved period 2026-Q3 of 21853 (52:1, revision 1)" out
ok "... warns: no package of 21853 merged for it" has "no package of 21853 for 2026-Q3" err
ok "approving it again is refused" run 1 --lang en approve --unit 21853 --period Q3/2026 \
    --db "$P"
ok "... saying it is approved already" has "is approved already" err
ok "list as CSV" run 0 approve --list --format csv --db "$P"
ok "... the header" same header "$(head -1 "$T/out")" \
    "id,unit,period,date_from,date_to,state,at,by_unit"
ok "... the row" sh -c "sed -n 2p '$T/out' | grep -q '^52:1,21853,2026-Q3,2026-07-01,2026-09-30,approved,20[0-9-]*T[0-9:]*Z,52\$'"
ok "list as text" run 0 --lang en approve --list --db "$P"
ok "... names the unit" has "Xã Phù Cát" out
ok "reopen needs a reason" run 2 --lang en reopen --unit 21853 --period 2026-Q3 --db "$P"
ok "reopen with a reason" run 0 --lang en reopen --unit 21853 --period 2026-Q3 \
    --reason "sửa số liệu tháng 8" --db "$P"
ok "... revision 2" has "(52:1, revision 2)" out
ok "... the row reopened, with the reason" same row \
    "$(sq "$P" "SELECT state || '/' || revision || '/' || reason FROM approval")" \
    "reopened/2/sửa số liệu tháng 8"
ok "reopening it again is refused" run 1 --lang en reopen --unit 21853 --period 2026-Q3 \
    --reason x --db "$P"
ok "reopening what was never approved is refused" run 1 --lang en reopen --unit 21853 \
    --period 2026-Q4 --reason x --db "$P"
ok "approve again after reopening" run 0 --lang en approve --unit 21853 --period 2026-Q3 \
    --db "$P"
ok "... the same row, revision 3" same row \
    "$(sq "$P" "SELECT count(*) || '/' || id || '/' || state || '/' || revision FROM approval")" \
    "1/52:1/approved/3"
ok "the office does not approve itself" run 1 --lang en approve --unit 52 --period 2026 \
    --db "$P"
ok "... saying why" has "is not a unit below 52" err
ok "a bad period is refused" run 1 --lang en approve --unit 21853 --period 2026-Q5 --db "$P"
ok "audited: 2 approvals and a reopening of 52:1" same audit \
    "$(sq "$P" "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit
        WHERE kind = 'approval' AND record_id = '52:1' ORDER BY seq)")" "approve reopen approve"

ok "the province's report names the approved commune" run 0 report --period 2026-Q3 --db "$P"
ok "... under the table by unit" has "Đã phê duyệt: Xã Phù Cát: 2026-Q3 (52, " out
ok "... and in its CSV" run 0 report --period 2026-Q3 --format csv --db "$P"
ok "... a row of 21853" sh -c "grep -q '^approval,approval,21853,Xã Phù Cát,\"2026-Q3 (52, [0-9/]*)\",.*,below' '$T/out'"
ok "... not a report of 2026-Q4" run 0 report --period 2026-Q4 --db "$P"
ok "... which says nothing of it" sh -c "! grep -q 'Đã phê duyệt' '$T/out'"

# Who may approve: an editor of a unit above the commune, not of the commune.
ok "users" sh -c "'$SOCDS' user add provedit --unit 52 --role editor --db '$P' >/dev/null &&
    '$SOCDS' user add commedit --unit 21853 --role editor --db '$P' >/dev/null &&
    '$SOCDS' user add provview --unit 52 --role viewer --db '$P' >/dev/null"
ok "the commune's own editor may not" as commedit 1 "--lang en approve --unit 21853 --period 2026-Q4"
ok "... saying why" has "is not below 21853" err
ok "a viewer may not" as provview 1 "--lang en approve --unit 21853 --period 2026-Q4"
ok "an editor of the province may" as provedit 0 "--lang en approve --unit 21853 --period 2026-Q4"
ok "... and reopen" as provedit 0 "--lang en reopen --unit 21853 --period 2026-Q4 --reason 'nhầm kỳ'"
ok "... audited under that account" same audit \
    "$(sq "$P" "SELECT count(*) FROM audit WHERE kind = 'approval' AND os_user = 'provedit'")" 2

# At the commune: the approval as a receipt brings it.
ok "commune demo" run 0 demo --unit 21853 --db "$C"
Q3=$(sq "$C" "SELECT id FROM activity WHERE deleted = 0 AND held_on BETWEEN '2026-07-01'
    AND '2026-09-30' LIMIT 1")
sq "$C" "UPDATE activity SET deleted = 1, version = version + 1 WHERE id = '$Q3'"
sq "$C" "INSERT INTO approval(id, unit_code, period, date_from, date_to, state, revision, at,
    by_unit, by_user) VALUES ('52:1', '21853', '2026-Q3', '2026-07-01', '2026-09-30',
    'approved', 1, '2026-10-05T03:00:00Z', '52', 'tinh')"
ok "the commune's report of Q3 says it is approved" run 0 report --period 2026-Q3 --db "$C"
ok "... under its title" has "Đã phê duyệt: 2026-Q3 (52, 05/10/2026)" out
ok "export the activities" run 0 export csv --kind activity --machine --out "$T/a.csv" --db "$C"
TEAM=$(sq "$C" "SELECT id FROM team WHERE deleted = 0 LIMIT 1")
printf 'team_id,held_on,place,activity_kind\n%s,2026-08-15,Nhà văn hóa,team_meeting\n' "$TEAM" \
    >"$T/q3.csv"
sed 's/2026-08-15/2026-10-15/' "$T/q3.csv" >"$T/q4.csv"
dump() { sq "$C" .dump | sha256sum; }
BEFORE=$(dump)
ok "import of a Q3 activity is refused" run 1 --lang vi import "$T/q3.csv" --kind activity \
    --db "$C"
ok "... with the Vietnamese message naming the period" has "Kỳ 2026-Q3 của Xã Phù Cát đã được cấp trên (52) phê duyệt ngày 05/10/2026: bản ghi này chỉ xem được, không sửa được. Nếu cần sửa, đề nghị cấp trên mở lại kỳ (socds reopen)." err
ok "... the data unchanged" same dump "$(dump)" "$BEFORE"
ok "bin restore of a Q3 activity is refused" run 1 --lang vi bin restore "$Q3" --db "$C"
ok "... with the message" has "Kỳ 2026-Q3 của Xã Phù Cát" err
ok "... still deleted, the data unchanged" same dump "$(dump)" "$BEFORE"
ok "a Q4 activity goes in" run 0 import "$T/q4.csv" --kind activity --db "$C"
sq "$C" "UPDATE approval SET state = 'reopened', revision = 2, reason = 'x'"
ok "reopened: the Q3 activity goes in" run 0 import "$T/q3.csv" --kind activity --db "$C"
ok "... and the bin restore too" run 0 bin restore "$Q3" --db "$C"

# unit reassign moves records into the unit they now belong to: not into an
# approved period of it.
A=$(sq "$P" "SELECT id FROM activity WHERE deleted = 0 AND held_on BETWEEN '2026-07-01'
    AND '2026-09-30' LIMIT 1")
sq "$P" "UPDATE activity SET unit_code = '21568' WHERE id = '$A'"
ok "approve 21583 2026-Q3" run 0 approve --unit 21583 --period 2026-Q3 --db "$P"
ok "reassign 21568 -> 21583 of a Q3 activity is refused" run 1 --lang en unit reassign 21568 \
    21583 --db "$P"
ok "... naming the period" has "Period 2026-Q3 of Phường Quy Nhơn was approved here (52)" err
ok "... the activity stays where it was" same unit \
    "$(sq "$P" "SELECT unit_code FROM activity WHERE id = '$A'")" 21568
ok "reopened, the reassign goes" sh -c "'$SOCDS' reopen --unit 21583 --period 2026-Q3 \
    --reason x --db '$P' >/dev/null && '$SOCDS' unit reassign 21568 21583 --db '$P' >/dev/null"

# At the office: a package row in a period it approved is rejected, counted
# and logged as other rejections; the rest of the package goes in.
ok "the commune's 2026 package" run 0 export package --period 2026 --out "$T/c.zip" --db "$C"
ok "merged at the province, where 2026-Q3 of 21853 is approved" run 0 --lang en merge \
    "$T/c.zip" --db "$P"
ok "... rows rejected naming the period" has "Period 2026-Q3 of Xã Phù Cát was approved here (52)" out
ok "... counted in the merge log, as the issues" same rejected \
    "$(sq "$P" "SELECT rejected > 0 AND rejected = (SELECT count(*) FROM merge_issue
        WHERE issue = 'rejected') FROM merge_log WHERE status = 'merged'")" 1
ok "... no Q3 activity of the commune came in" same q3 \
    "$(sq "$P" "SELECT count(*) FROM activity WHERE unit_code = '21853' AND held_on
        BETWEEN '2026-07-01' AND '2026-09-30' AND id IN (SELECT record_id FROM audit
        WHERE merge_seq IS NOT NULL)")" 0
ok "... and its Q4 activities did" sh -c "[ \"\$(sqlite3 '$P' \"SELECT count(*) FROM activity
    WHERE unit_code = '21853' AND held_on >= '2026-10-01' AND id IN (SELECT record_id FROM audit
    WHERE merge_seq IS NOT NULL)\")\" -gt 0 ]"
SEQ=$(sq "$P" "SELECT max(seq) FROM merge_log WHERE status = 'merged'")
ok "approve 21853 2026-Q4 after the merge" run 0 approve --unit 21853 --period 2026-Q4 --db "$P"
ok "reverting the merge refuses its Q4 rows" run 0 --lang en merge --revert "$SEQ" --db "$P"
ok "... naming the period" has "Period 2026-Q4 of Xã Phù Cát was approved here (52)" out
ok "... the merged Q4 activities stay" same q4 \
    "$(sq "$P" "SELECT count(*) FROM activity WHERE unit_code = '21853' AND held_on >= '2026-10-01'
        AND deleted = 1 AND id IN (SELECT record_id FROM audit WHERE merge_seq = $SEQ)")" 0
# approve --receipts DIR: the approval goes down at once in a status receipt
# (job_receipt_status), its path printed; a bad folder is refused before
# anything is approved; the commune takes the receipt in and has the period.
mkdir -p "$T/rc"
NAPP=$(sq "$P" "SELECT count(*) FROM approval")
ok "approve --receipts with no such folder is refused" run 2 --lang en approve --unit 21853 \
    --period 2026-Q1 --receipts "$T/none" --db "$P"
ok "... saying so" has "--receipts $T/none: not a folder" err
ok "... nothing approved" same approvals "$(sq "$P" "SELECT count(*) FROM approval")" "$NAPP"
ok "reopen takes no --receipts" run 2 --lang en reopen --unit 21853 --period 2026-Q3 \
    --reason x --receipts "$T/rc" --db "$P"
ok "approve 21853 2026-Q1 --receipts DIR" run 0 --lang en approve --unit 21853 \
    --period 2026-Q1 --receipts "$T/rc" --db "$P"
N=$(sq "$P" "SELECT printf('%04d', max(number)) FROM receipt_issued WHERE unit_code = '21853'")
R=$T/rc/socds-receipt-21853-$N.zip
ok "... approved" has "Approved period 2026-Q1 of 21853" out
ok "... and the receipt's path printed" has "Receipt written: $R" out
ok "... the receipt is there" test -f "$R"
ok "... recorded as issued, with no merge" same issued \
    "$(sq "$P" "SELECT count(*) FROM receipt_issued WHERE unit_code = '21853' AND
        number = $N + 0 AND merge_seq IS NULL")" 1
ok "... its manifest: a status receipt for 21853 carrying 2026-Q1" same manifest \
    "$(python3 -c 'import json, sys, zipfile
m = json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json"))
print(m["unit"], m["package"], sorted(a["period"] for a in m["approvals"] if a["state"] == "approved"))' "$R")" \
    "21853 None ['2026-Q1', '2026-Q3', '2026-Q4']"
ok "the commune takes it in" run 0 --lang en receipt "$R" --db "$C"
ok "... and has 2026-Q1 approved" same q1 \
    "$(sq "$C" "SELECT state FROM approval WHERE unit_code = '21853' AND period = '2026-Q1'")" \
    approved
done_testing
