#!/bin/sh
# The recycle bin (issue 16, point 7) in a real terminal at 80x24, on a
# commune demo database (21853): a team deleted from its list (F8) shows on
# top of the bin (home menu 'b') with "+ N" for its members, activities and
# participations; Enter shows what went with it and restores it all as a new
# version (sqlite3 reads deleted = 0 and the versions bumped); the team's list
# shows it again. Then a second team is purged (F8 in the bin, confirmed):
# its tombstone stays with its name blank and it leaves the bin. Last, a
# member deleted alone and then its team: restoring the member offers to
# restore the team first, and yes brings both back. The lists are
# driven with F-keys and Enter only (letters start a search there).
# TAP output for meson. Usage: sh test_bin.sh /abs/path/to/socds
E2E_NAME=bin
. "$(dirname "$0")/../lib/tmux.sh"

SZ=80x24
DB=$T/commune.db
if ! env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" demo --unit 21853 \
    --db "$DB" >"$T/out" 2>"$T/err"; then
	echo "Bail out! socds demo failed: $(cat "$T/err")"
	exit 1
fi

# The first team of the list (sorted by name) and what goes with it.
TEAM=$(sq "SELECT id FROM team WHERE deleted = 0 ORDER BY name_sort, rowid LIMIT 1")
TEAM_NAME=$(sq "SELECT name FROM team WHERE id = '$TEAM'")
N=$(sq "SELECT (SELECT count(*) FROM member WHERE team_id = '$TEAM' AND deleted = 0)
    + (SELECT count(*) FROM activity WHERE team_id = '$TEAM' AND deleted = 0)
    + (SELECT count(*) FROM participant p JOIN member m ON m.id = p.member_id
    WHERE m.team_id = '$TEAM' AND p.deleted = 0)")
LIVE_BEFORE=$(sq "SELECT count(*) FROM member WHERE team_id = '$TEAM' AND deleted = 0")

start "$DB"
ok "the home menu offers the recycle bin as b" see "b   Thùng rác: bản ghi đã xóa"
keys 4
see "$TEAM_NAME" >/dev/null
keys F8
see "(c = có / k = không)" >/dev/null
keys c
ok "the team is deleted from its list" see "Đã xóa '$TEAM_NAME'"
ok "... a tombstone in the file" sql_is "SELECT deleted FROM team WHERE id = '$TEAM'" 1

keys Escape
see "Cán bộ" >/dev/null
keys b
ok "the bin opens from home, the team on top with + $N" \
    see "Thùng rác: bản ghi đã xóa" "@3=$TEAM_NAME" "@3=+ $N" "@3=Tổ CNSCĐ"
keys Enter
ok "Enter shows what went with it and offers to restore" \
    see "Khôi phục bản ghi đã xóa" "Bị xóa cùng, và sẽ được khôi phục cùng:" "Tổ viên: "
keys Enter
ok "restored, with the records deleted with it" \
    see "Đã khôi phục '$TEAM_NAME' cùng $N bản ghi bị xóa kèm."
ok "... live again as a new version, what went with it too" sql_is \
    "SELECT (SELECT deleted || '/' || version FROM team WHERE id = '$TEAM'),
    (SELECT count(*) FROM member WHERE team_id = '$TEAM' AND deleted = 0 AND version >= 3)" \
    "0/3|$LIVE_BEFORE"
ok "... and out of the bin" see "@3!$TEAM_NAME"

keys Escape
see "Cán bộ" >/dev/null
keys 4
ok "the team's list shows it again" see "$TEAM_NAME"

# Purge: another team deleted, then purged from the bin after the question.
keys Down
sleep 0.3
OTHER=$(sq "SELECT id FROM team WHERE deleted = 0 ORDER BY name_sort, rowid LIMIT 1 OFFSET 1")
OTHER_NAME=$(sq "SELECT name FROM team WHERE id = '$OTHER'")
keys F8
see "(c = có / k = không)" >/dev/null
keys c
see "Đã xóa '$OTHER_NAME'" >/dev/null
keys Escape
see "Cán bộ" >/dev/null
keys b
see "@3=$OTHER_NAME" >/dev/null
keys F8
ok "F8 in the bin asks before purging" see "Xóa hẳn dữ liệu cá nhân của '$OTHER_NAME'"
keys c
ok "purged: out of the bin" see "Đã xóa hẳn" "!$OTHER_NAME"
ok "... the tombstone stays, its name blank" sql_is \
    "SELECT deleted || '/' || name || '/' || version FROM team WHERE id = '$OTHER'" "1//2"

# A member deleted alone, then its team: the member waits for its team, and
# the bin offers to restore the team first.
MEM=$(sq "SELECT m.id FROM member m JOIN team t ON t.id = m.team_id WHERE m.deleted = 0
    AND t.deleted = 0 AND (SELECT count(*) FROM member x WHERE x.full_name = m.full_name) = 1
    AND (SELECT count(*) FROM team y WHERE y.name = t.name) = 1 LIMIT 1")
MEM_NAME=$(sq "SELECT full_name FROM member WHERE id = '$MEM'")
MTEAM=$(sq "SELECT team_id FROM member WHERE id = '$MEM'")
MTEAM_NAME=$(sq "SELECT name FROM team WHERE id = '$MTEAM'")
keys F10
see "Cán bộ" >/dev/null
keys 5
see "F10" >/dev/null
keys /
typ "$MEM_NAME"
keys Enter
see "@3= $MEM_NAME" >/dev/null
keys F8
see "(c = có / k = không)" >/dev/null
keys c
see "Đã xóa '$MEM_NAME'" >/dev/null
keys F10
see "Cán bộ" >/dev/null
keys 4
see "F10" >/dev/null
keys /
typ "$MTEAM_NAME"
keys Enter
see "@3= $MTEAM_NAME" >/dev/null
keys F8
see "(c = có / k = không)" >/dev/null
keys c
see "Đã xóa '$MTEAM_NAME'" >/dev/null
keys F10
see "Cán bộ" >/dev/null
keys b
ok "the bin: the team on top, the member deleted before it below" \
    see "@3=$MTEAM_NAME" "@4=$MEM_NAME"
keys Down
keys Enter
see "Khôi phục bản ghi đã xóa" >/dev/null
keys Enter
ok "restoring the member offers to restore its team first" \
    see "thuộc '$MTEAM_NAME', bản ghi này cũng đã bị xóa" "Khôi phục Tổ '$MTEAM_NAME' trước?"
keys c
ok "yes: the member is restored after its team" see "Đã khôi phục '$MEM_NAME'"
ok "... both live in the file" sql_is "SELECT (SELECT deleted FROM team WHERE id = '$MTEAM'),
    (SELECT deleted FROM member WHERE id = '$MEM')" "0|0"

keys C-q
done_testing
