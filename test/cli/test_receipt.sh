#!/bin/sh
# Receipts (issue 17) on real databases: a demo commune (21853) sends its
# package to the province (52), which merges it with --receipts; the commune
# takes the receipt: accepted rows are acknowledged, a rejected activity (its
# team deleted at the province) and a conflict (an officer edited on both
# sides) are listed as remarks. Each refusal (a flipped byte, a package as a
# receipt, another unit's receipt, an older one, another office's key, a
# receipt for a package not made here) leaves the database as it was. A
# status receipt carries an approval down; a lost receipt is written again
# with its number. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init receipt
tap_utf8
q() { sqlite3 "$1" "$2"; }
dump() { sqlite3 "$T/c.db" .dump | sha256sum; }
# take FILE [ARGS]: the commune takes a receipt, the output in $T/out.
take() { f=$1; shift; run 0 --lang en receipt "$f" --db "$T/c.db" "$@"; }
# refused FILE TEXT [ARGS]: exit 1, TEXT in the one message, c.db unchanged.
refused() {
	before=$(dump)
	rf=$1 rt=$2
	shift 2
	run 1 --lang en receipt "$rf" --db "$T/c.db" "$@" || return 1
	grep -qF "$rt" "$T/err" || { sed 's/^/# stderr: /' "$T/err"; return 1; }
	[ "$(wc -l <"$T/err")" -eq 1 ] || { echo "# more than one message"; return 1; }
	same "c.db .dump" "$(dump)" "$before"
}

ok "demo commune" run 0 demo --unit 21853 --db "$T/c.db"
ok "province" run 0 init --unit 52 --db "$T/p.db"
mkdir "$T/r"
ok "first package" run 0 export package --db "$T/c.db" --out "$T/c1.zip"
ok "... recorded as sent" same sent "$(q "$T/c.db" "SELECT count(*) FROM package_sent WHERE file = 'c1.zip' AND content = 'whole'")" 1
ok "merged with --receipts" run 0 --lang en merge "$T/c1.zip" --receipts "$T/r" --db "$T/p.db"
ok "... one receipt, its path printed" sh -c "grep -qx 'Receipt written: $T/r/socds-receipt-21853-0001.zip' '$T/out' && [ \$(ls '$T/r' | wc -l) -eq 1 ]"
ok "... merge_row: one row per package row" same rows "$(q "$T/p.db" "SELECT count(*) FROM merge_row WHERE merge_seq = 1")" "$(q "$T/p.db" "SELECT inserted FROM merge_log WHERE seq = 1")"
ok "... receipt_issued" same issued "$(q "$T/p.db" "SELECT unit_code || '/' || number || '/' || merge_seq FROM receipt_issued")" "21853/1/1"
ok "the commune takes it; the office key pinned on first use" take "$T/r/socds-receipt-21853-0001.zip"
ok "... accepted, key line" sh -c "grep -q 'accepted 319, rejected 0, conflicts 0' '$T/out' && grep -q 'pinned on first use' '$T/out'"
ok "... the key of 52 pinned" same how "$(q "$T/c.db" "SELECT how FROM unit_key WHERE unit_code = '52'")" first-use
ok "... every row acknowledged" same ack "$(q "$T/c.db" "SELECT count(*) FROM ack")" 319
ok "... taken" same taken "$(q "$T/c.db" "SELECT office || '/' || number FROM receipt_taken")" "52/1"

# The province deletes a team; the commune, not knowing, adds an activity to
# it. Both edit the same officer (a conflict); the commune edits another.
TEAM=$(q "$T/c.db" "SELECT id FROM team WHERE deleted = 0 ORDER BY id LIMIT 1")
q "$T/p.db" "UPDATE team SET deleted = 1, version = version + 1 WHERE id = '$TEAM';
UPDATE participant SET deleted = 1, version = version + 1
    WHERE member_id IN (SELECT id FROM member WHERE team_id = '$TEAM');
UPDATE member SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';
UPDATE activity SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';"
NEW_ACT=01a20777-0000-7000-8000-0000000000ac
q "$T/c.db" "CREATE TEMP TABLE x AS SELECT * FROM activity WHERE team_id = '$TEAM' LIMIT 1;
UPDATE x SET id = '$NEW_ACT', version = 1, synced_version = NULL, description = 'hoạt động mới';
INSERT INTO activity SELECT * FROM x;"
X=$(q "$T/c.db" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1")
Y=$(q "$T/c.db" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET 1")
q "$T/p.db" "UPDATE staff SET note = 'sửa ở tỉnh', version = version + 1 WHERE id = '$X'"
q "$T/c.db" "UPDATE staff SET note = 'sửa ở xã', version = version + 1 WHERE id IN ('$X', '$Y')"
cp "$T/c.db" "$T/c-copy.db"
ok "second package" run 0 export package --db "$T/c.db" --out "$T/c2.zip"
ok "merged with --receipts" run 0 --lang en merge "$T/c2.zip" --receipts "$T/r" --db "$T/p.db"
ok "... receipt 2" grep -qx "Receipt written: $T/r/socds-receipt-21853-0002.zip" "$T/out"
ok "the commune takes receipt 2" take "$T/r/socds-receipt-21853-0002.zip"
ok "... 1 rejected, 1 conflict" grep -q "rejected 1, conflicts 1" "$T/out"
ok "receipt --list shows them" run 0 --lang en receipt --list --db "$T/c.db"
ok "... the rejected activity, naming the deleted team" sh -c "grep -F 'rejected activity $NEW_ACT ' '$T/out' | grep -qF 'which is deleted here'"
ok "... the conflicting officer with the office's version" grep -qF "conflict staff $X (v" "$T/out"
ok "receipt --list --format csv" run 0 --lang en receipt --list --format csv --db "$T/c.db"
ok "... header exactly" same header "$(head -1 "$T/out" | tr -d '\r')" "kind,id,unit,outcome,reason,office_version"
ok "... two rows, English codes" sh -c "[ \$(wc -l <'$T/out') -eq 3 ] && grep -q '^activity,$NEW_ACT,21853,rejected,' '$T/out' && grep -q '^staff,$X,21853,conflict,' '$T/out'"
ok "the conflict carries the office's values" same values "$(q "$T/c.db" "SELECT json_extract(office_values, '\$.note') FROM remark WHERE record_id = '$X'")" "sửa ở tỉnh"
ok "the other officer's edit acknowledged at its version" same ack "$(q "$T/c.db" "SELECT a.version = s.version FROM ack a JOIN staff s ON s.id = a.record_id WHERE a.record_id = '$Y'")" 1
ok "the rejected activity is not acknowledged" same ack "$(q "$T/c.db" "SELECT count(*) FROM ack WHERE record_id = '$NEW_ACT'")" 0

# Refusals, each leaving the commune's database as it was.
ok "status receipt for 21853" run 0 --lang en receipt --status 21853 --out "$T/r" --db "$T/p.db"
ok "... number 3" grep -qx "Receipt written: $T/r/socds-receipt-21853-0003.zip" "$T/out"
cp "$T/r/socds-receipt-21853-0003.zip" "$T/flip.zip"
SIZE=$(wc -c <"$T/flip.zip")
printf 'X' | dd of="$T/flip.zip" bs=1 seek=$((SIZE / 2)) conv=notrunc 2>/dev/null
ok "refused: one byte flipped" refused "$T/flip.zip" "damaged or changed"
ok "refused: a package passed as a receipt" refused "$T/c2.zip" "an upload package, not a receipt"
ok "refused: an older receipt" refused "$T/r/socds-receipt-21853-0001.zip" "receipt 1 from 52 is older than receipt 2, taken"
ok "refused: the same receipt again" refused "$T/r/socds-receipt-21853-0002.zip" "receipt 2 from 52 was taken already"
ok "another commune" run 0 demo --unit 21859 --db "$T/b.db" --seed 5
ok "... its package merged with --receipts" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' export package --db '$T/b.db' --out '$T/b1.zip' >/dev/null && env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge '$T/b1.zip' --receipts '$T/r' --db '$T/p.db' >/dev/null"
ok "refused: another unit's receipt" refused "$T/r/socds-receipt-21859-0001.zip" "the receipt is for unit 21859, but this database is 21853"
ok "a package made from a copy of the commune's database" run 0 export package --db "$T/c-copy.db" --out "$T/copy.zip"
ok "... merged with --receipts" run 0 --lang en merge "$T/copy.zip" --receipts "$T/r" --db "$T/p.db"
ok "refused: a receipt for a package not made here" refused "$T/r/socds-receipt-21853-0004.zip" "which was not made in this database"
ok "a third database, also 52" run 0 init --unit 52 --db "$T/p2.db"
ok "... merges the commune's package" run 0 --lang en merge "$T/c2.zip" --db "$T/p2.db"
mkdir "$T/r2"
ok "... and writes a receipt signed with its own key" run 0 --lang en receipt --status 21853 --out "$T/r2/s.zip" --db "$T/p2.db"
q "$T/p2.db" "INSERT INTO receipt_issued VALUES ('21853', 9, NULL, 'x', 'x')"
ok "... a newer one" run 0 --lang en receipt --status 21853 --out "$T/r2/s10.zip" --db "$T/p2.db"
FP52=$(q "$T/c.db" "SELECT fingerprint FROM unit_key WHERE unit_code = '52'")
ok "refused: another key than the office's, both named" refused "$T/r2/s10.zip" "but the key pinned for 52 is $FP52"

# Approvals travel down: a status receipt carries the approval of 21853's Q3.
q "$T/p.db" "INSERT INTO approval(id, unit_code, period, date_from, date_to, state, revision, at, by_unit, by_user)
    VALUES ('52:1', '21853', '2026-Q3', '2026-07-01', '2026-09-30', 'approved', 1, '2026-10-05T08:00:00Z', '52', 'an'),
    ('52:2', '21859', '2026-Q3', '2026-07-01', '2026-09-30', 'approved', 1, '2026-10-05T08:00:00Z', '52', 'an')"
ok "status receipt with the approval" run 0 --lang en receipt --status 21853 --out "$T/r/st.zip" --db "$T/p.db"
ok "... only 21853's approval in it" same approvals "$(unzip -p "$T/r/st.zip" manifest.json | grep -c '"id": "52:')" 1
ok "the commune takes it" take "$T/r/st.zip"
ok "... approval stored" same approval "$(q "$T/c.db" "SELECT id || '/' || state || '/' || revision FROM approval")" "52:1/approved/1"
q "$T/p.db" "UPDATE approval SET state = 'reopened', revision = 2, reason = 'sửa số liệu' WHERE id = '52:1'"
ok "a reopening in the next receipt" run 0 --lang en receipt --status 21853 --out "$T/r/st2.zip" --db "$T/p.db"
ok "... taken: the newer revision wins" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' receipt '$T/r/st2.zip' --db '$T/c.db' >/dev/null && [ \"\$(sqlite3 '$T/c.db' \"SELECT state || '/' || revision FROM approval\")\" = reopened/2 ]"

# A lost receipt written again, with its number.
ok "receipt --reissue 2" run 0 --lang en receipt --reissue 2 --out "$T/again.zip" --db "$T/p.db"
ok "... number 2 again, for c2.zip" sh -c "unzip -p '$T/again.zip' manifest.json | grep -q '\"number\": 2,' && unzip -p '$T/again.zip' manifest.json | grep -q '\"file\": \"c2.zip\"'"
ok "... still one receipt_issued row for it" same issued "$(q "$T/p.db" "SELECT count(*) FROM receipt_issued WHERE merge_seq = 2")" 1
ok "reissue of no merge" run 1 --lang en receipt --reissue 99 --out "$T/x.zip" --db "$T/p.db"
ok "receipt with nothing to do is a usage error" run 2 receipt --db "$T/c.db"
ok "merge --receipts into no folder is a usage error" run 2 merge "$T/c2.zip" --receipts "$T/nowhere" --db "$T/p.db"

# The office key trusted in advance: key trust accepts the unit above.
ok "a fresh commune" run 0 init --unit 21853 --db "$T/f.db"
ok "key trust 52 at the commune" run 0 --lang en key trust 52 "$FP52" --db "$T/f.db"
ok "... pinned as trusted" same how "$(q "$T/f.db" "SELECT how FROM unit_key WHERE unit_code = '52'")" trusted

# The office's new key accepted by an admin who checked its fingerprint.
FP2=$(env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" --lang en key show --db "$T/p2.db" | sed -n 's/^Fingerprint: *//p')
ok "a wrong --accept-key is refused too" refused "$T/r2/s10.zip" "but the key pinned for 52 is $FP52" --accept-key "$FP52"
ok "--accept-key with the new fingerprint takes it" take "$T/r2/s10.zip" --accept-key "$FP2"
ok "... the pin replaced" same how "$(q "$T/c.db" "SELECT how || '/' || fingerprint FROM unit_key WHERE unit_code = '52'")" "replaced/$FP2"
ok "... audited" same audit "$(q "$T/c.db" "SELECT count(*) FROM audit WHERE action = 'receipt'")" 5
done_testing
