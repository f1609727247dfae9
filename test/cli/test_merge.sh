#!/bin/sh
# merge from the command line: the report names its merge; `merge --revert ID`
# puts back what that merge changed, refuses a record changed since, and
# refuses to run twice; a package row of another commune's record is rejected
# with its reason. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init merge
TAP_CAPTURE=1	# ok: stdout and stderr of each check in $T/out and $T/err
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" --lang en "$@"; }
q() { sqlite3 "$1" "$2"; }

ok "demo commune A" s demo --unit 21853 --db "$T/a.db"
ok "demo commune B" s demo --unit 21859 --db "$T/b.db" --seed 5
ok "district" s init --unit 548 --db "$T/d.db"
ok "package A" s export package --db "$T/a.db" --out "$T/a1.zip"
ok "package B" s export package --db "$T/b.db" --out "$T/b1.zip"
ok "merge both" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/a1.zip' '$T/b1.zip' --db '$T/d.db' >'$T/m1.txt'"
ok "the report names each merge" sh -c "grep -q 'a1.zip: 21853 .*(merge 1)' '$T/m1.txt' && grep -q 'b1.zip: 21859 .*(merge 2)' '$T/m1.txt'"

# Commune A edits two officers; the merge changes them; the office then edits one.
X=$(q "$T/a.db" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1")
Y=$(q "$T/a.db" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET 1")
OLDX=$(q "$T/d.db" "SELECT birth_year FROM staff WHERE id = '$X'")
q "$T/a.db" "UPDATE staff SET birth_year = 1950, version = version + 1 WHERE id IN ('$X', '$Y')"
ok "package A again" s export package --db "$T/a.db" --out "$T/a2.zip"
ok "merge it" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/a2.zip' --db '$T/d.db' >'$T/m2.txt'"
ok "two updated, as merge 3" grep -q "(merge 3)" "$T/m2.txt"
ok "audited with old values" test "$(q "$T/d.db" "SELECT count(*) FROM audit WHERE merge_seq = 3 AND record_id = '$X' AND json_extract(old_values, '\$.birth_year') = '$OLDX' AND json_extract(new_values, '\$.birth_year') = '1950'")" = 1
q "$T/d.db" "UPDATE staff SET note = 'sửa ở huyện', version = version + 1 WHERE id = '$Y'"
ok "revert merge 3" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge --revert 3 --db '$T/d.db' >'$T/r.txt'"
ok "one put back, one refused and named" sh -c "grep -q 'merge 3 reverted: 1 records put back, 1 refused' '$T/r.txt' && grep -q 'refused staff $Y: changed since that merge' '$T/r.txt'"
ok "X has its old birth year" test "$(q "$T/d.db" "SELECT birth_year FROM staff WHERE id = '$X'")" = "$OLDX"
ok "Y keeps the office's edit" test "$(q "$T/d.db" "SELECT note FROM staff WHERE id = '$Y'")" = "sửa ở huyện"
ok "a second revert is refused" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge --revert 3 --db '$T/d.db' 2>'$T/e'; grep -q 'reverted already' '$T/e'"
ok "revert of no merge" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge --revert 77 --db '$T/d.db'"
ok "revert needs a number" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge --revert x3 --db '$T/d.db'; [ \$? -eq 2 ]"

# A copy of B's database sent as A's: every row of B's records rejected.
cp "$T/b.db" "$T/h.db"
q "$T/h.db" "UPDATE home SET unit_code = '21853'; UPDATE staff SET unit_code = '21853', version = 999999, full_name = 'Kẻ Mạo Danh'; UPDATE village SET unit_code = '21853'; UPDATE training SET unit_code = '21853'; UPDATE participant SET unit_code = '21853'; UPDATE team SET unit_code = '21853'; UPDATE member SET unit_code = '21853'; UPDATE activity SET unit_code = '21853'"
# It signs with A's own key (A's officer made it): judged row by row, not refused by key.
q "$T/h.db" "DELETE FROM signing_key; ATTACH '$T/a.db' AS a; INSERT INTO signing_key SELECT * FROM a.signing_key; DETACH a"
BEFORE=$(q "$T/d.db" "SELECT group_concat(id || version || full_name) FROM staff WHERE unit_code = '21859'")
ok "hostile package" s export package --db "$T/h.db" --out "$T/h.zip"
ok "merge it" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/h.zip' --db '$T/d.db' >'$T/m3.txt'"
ok "rows rejected with the owner named" grep -q "h.zip:data/staff.csv:2: the record belongs to unit 21859, which is not part of 21853" "$T/m3.txt"
ok "the report lists 20 issues, then how many more" sh -c "[ \$(grep -c '^  rejected ' '$T/m3.txt') -eq 20 ] && grep -qE '^  \.\.\. and [0-9]+ more; all [0-9]+ are in the merge log' '$T/m3.txt'"
ok "B's officers untouched" test "$(q "$T/d.db" "SELECT group_concat(id || version || full_name) FROM staff WHERE unit_code = '21859'")" = "$BEFORE"

# Issue 13: a live row of a record the office has deleted. The office deletes
# one of A's teams with what is its (as its interface does); A, not knowing,
# adds an activity to that team and edits one of its members (twice), and
# edits an officer. The merge rejects the two rows, naming each, its field and the
# deleted team, counts them in its summary, and takes in the officer.
TEAM=$(q "$T/a.db" "SELECT t.id FROM team t WHERE t.deleted = 0 AND EXISTS (SELECT 1 FROM member m
    WHERE m.team_id = t.id AND m.deleted = 0) ORDER BY t.id LIMIT 1")
TEAM_NAME=$(q "$T/a.db" "SELECT name FROM team WHERE id = '$TEAM'")
q "$T/d.db" "UPDATE team SET deleted = 1, version = version + 1 WHERE id = '$TEAM';
UPDATE participant SET deleted = 1, version = version + 1
    WHERE member_id IN (SELECT id FROM member WHERE team_id = '$TEAM');
UPDATE member SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';
UPDATE activity SET deleted = 1, version = version + 1 WHERE team_id = '$TEAM';"
OFFICE_BEFORE=$(q "$T/d.db" "SELECT group_concat(id || '/' || version || '/' || deleted, ' ') FROM
    (SELECT id, version, deleted FROM team UNION ALL SELECT id, version, deleted FROM member
    UNION ALL SELECT id, version, deleted FROM activity ORDER BY 1)")
NEW_ACT=01a20777-0000-7000-8000-0000000000ac
q "$T/a.db" "CREATE TEMP TABLE x AS SELECT * FROM activity WHERE team_id = '$TEAM' LIMIT 1;
UPDATE x SET id = '$NEW_ACT', version = 1, synced_version = NULL, description = 'hoạt động mới';
INSERT INTO activity SELECT * FROM x;"
MEM=$(q "$T/a.db" "SELECT id FROM member WHERE team_id = '$TEAM' AND deleted = 0 ORDER BY id LIMIT 1")
MEM_NAME=$(q "$T/a.db" "SELECT full_name FROM member WHERE id = '$MEM'")
# (Edited twice: once would be the version the office's delete wrote, a conflict.)
Z=$(q "$T/a.db" "SELECT id FROM staff WHERE deleted = 0 ORDER BY id LIMIT 1 OFFSET 2")
q "$T/a.db" "UPDATE member SET note = 'sửa ở xã', version = version + 2 WHERE id = '$MEM';
UPDATE staff SET note = 'sửa ở xã', version = version + 1 WHERE id = '$Z'"
ok "package A with rows of a team the office deleted" s export package --db "$T/a.db" --out "$T/a4.zip"
ok "merge it" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/a4.zip' --db '$T/d.db' >'$T/m4.txt'"
cp "$T/m4.txt" "$T/m4.keep"
ok "the new activity rejected, naming it, its field and the deleted team" sh -c "grep -F '  rejected activity $NEW_ACT ' '$T/m4.keep' |
    grep -qF \"a4.zip:data/activity.csv:\" && grep -F '  rejected activity $NEW_ACT ' '$T/m4.keep' |
    grep -qF \": this activity belongs to team '\$1' ($TEAM), which is deleted here; delete it at the unit too, or restore that team here and merge again\"" sh "$TEAM_NAME"
ok "the edited member rejected, naming them and the team" sh -c "grep -F '  rejected member $MEM ' '$T/m4.keep' |
    grep -qF \": member '\$1' belongs to team '\$2' ($TEAM), which is deleted here\"" sh "$MEM_NAME" "$TEAM_NAME"
ok "the summary: 2 rejected, both of a record deleted here; the officer updated" sh -c "grep -qE 'updated 1, .*rejected 2\$' '$T/m4.keep' &&
    grep -qx '  of the rejected, 2 live records belong to a record deleted here' '$T/m4.keep'"
ok "the office's teams, members and activities as they were" test "$(q "$T/d.db" "SELECT group_concat(id || '/' || version || '/' || deleted, ' ') FROM
    (SELECT id, version, deleted FROM team UNION ALL SELECT id, version, deleted FROM member
    UNION ALL SELECT id, version, deleted FROM activity ORDER BY 1)")" = "$OFFICE_BEFORE"
ok "the officer's edit taken in" test "$(q "$T/d.db" "SELECT note FROM staff WHERE id = '$Z'")" = "sửa ở xã"
ok "the merge log: 2 rejected, the reasons kept" test "$(q "$T/d.db" "SELECT rejected || '/' || (SELECT count(*) FROM merge_issue i
    WHERE i.merge_seq = l.seq AND i.reason LIKE '%which is deleted here%') FROM merge_log l ORDER BY seq DESC LIMIT 1")" = "2/2"
ok "socds check on the office: nothing live points to a deleted record" s check --db "$T/d.db"
# Issue 16: a person new to the office who looks already recorded there (the
# office entered her for the commune itself) is merged all the same, with a
# warning naming the person found and where; merged again, nothing is said.
printf 'Họ và tên,Năm sinh\nNguyễn Thị Hồng Nhung,1990\n' >"$T/nhung.csv"
ok "a commune records Nguyễn Thị Hồng Nhung, 1990" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' init --unit 21853 --db '$T/c.db' >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' import '$T/nhung.csv' --kind staff --db '$T/c.db' >/dev/null"
ok "the office recorded her for the commune too" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' init --unit 548 --db '$T/o.db' >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' import '$T/nhung.csv' --kind staff --unit 21853 --db '$T/o.db' >/dev/null"
NHUNG=$(q "$T/c.db" "SELECT id FROM staff")
ok "the commune's package" s export package --db "$T/c.db" --out "$T/c1.zip"
ok "merged" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/c1.zip' --db '$T/o.db' >'$T/m5.txt'"
ok "... inserted, never refused" grep -qE 'inserted 1, .*rejected 0$' "$T/m5.txt"
ok "... with a warning naming the person already recorded and where" grep -qF "  warning staff $NHUNG: $T/c1.zip:data/staff.csv:2: Full name: likely duplicate: 'Nguyễn Thị Hồng Nhung', born 1990, is already recorded (staff, 21853 Xã Phù Cát)" "$T/m5.txt"
ok "both are kept" test "$(q "$T/o.db" "SELECT count(*) FROM staff WHERE deleted = 0")" = 2
ok "merged again: no warning" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/c1.zip' --db '$T/o.db' >'$T/m6.txt' && ! grep -q warning '$T/m6.txt'"
done_testing
