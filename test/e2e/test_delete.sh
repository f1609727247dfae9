#!/bin/sh
# Deleting with dependants (issue 13, point 1), on a commune demo database,
# on an office's (the old district 548) and on the default demo (the province
# 52 as its Sở KH&CN), in a real terminal at 80x24: a team,
# a training and a staff member deleted in the interface; each question names
# what goes with the record (counted here from the file before the answer),
# and after each delete every figure of 'socds report --format csv' equals
# independently written SQL over live records whose parents are live too (a
# member of a deleted team, an activity of one, a participation of a deleted
# person or training would differ). A village with a live team is refused.
# Then socds check: 0 on the result, 1 naming a hand-made live member of the
# deleted team, 0 again after --repair. TAP output for meson.
# Usage: sh test_delete.sh /abs/path/to/socds
E2E_NAME=delete
. "$(dirname "$0")/../lib/tmux.sh"

PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
	echo "1..0 # SKIP needs /usr/bin/python3"
	exit 0
fi
run() {	# run ARGS...: socds with a clean environment, out and err in $T/out, $T/err
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@" \
	    >"$T/out" 2>"$T/err"
}
# The one record of TABLE live before (ids in $T/live) and deleted now.
gone() {
	sq "SELECT id FROM $1 WHERE deleted = 1" | grep -Fx -f "$T/live"
}

# A commune (Xã Phù Cát, 21853), an office: the old district 548 (Huyện
# Phù Cát) and its communes, and the default demo: the province 52 as its
# Sở KH&CN and the communes and wards it fills.
for which in commune district province; do
SZ="80x24 $which"
DB=$T/$which.db
# The office explicitly (the default demo may be another unit).
case $which in
commune) set -- --unit 21853 ;;
district) set -- --unit 548 ;;
*) set -- ;;
esac
if ! run demo "$@" --db "$DB"; then
	echo "Bail out! socds demo failed: $(cat "$T/err")"
	exit 1
fi
U=$(sq "SELECT unit_code FROM home")

# --- every figure against SQL of our own ---
# Live, with live parents: what the figures may count.
# (Each on one line: the table below is a line per figure.)
LIVE_TEAM="SELECT id FROM team WHERE deleted = 0"
# In post (in the team) at the end of 2026, or today when that is earlier.
A26="min('2026-12-31', date('now', 'localtime'))"
IN_POST="$A26 BETWEEN ifnull(in_post_from, ifnull(decision_date, date(created_at))) AND ifnull(in_post_until, '9999-12-31')"
IN_TEAM="$A26 BETWEEN ifnull(joined_on, date(created_at)) AND ifnull(left_on, '9999-12-31')"
LIVE_MEMBER="SELECT id FROM member WHERE deleted = 0 AND $IN_TEAM AND team_id IN ($LIVE_TEAM)"
# Participations count whoever took part, in the team today or not.
ANY_MEMBER="SELECT id FROM member WHERE deleted = 0 AND team_id IN ($LIVE_TEAM)"
LIVE_STAFF="SELECT id FROM staff WHERE deleted = 0 AND $IN_POST"
Y26="BETWEEN '2026-01-01' AND '2026-12-31'"
LIVE_ACT="SELECT id FROM activity WHERE deleted = 0 AND team_id IN ($LIVE_TEAM) AND held_on $Y26"
LIVE_TRAINING="SELECT id FROM training WHERE deleted = 0 AND start_date $Y26"
LIVE_PART="SELECT id FROM participant WHERE deleted = 0 AND attended = 1"
LIVE_PART="$LIVE_PART AND training_id IN ($LIVE_TRAINING) AND (staff_id IN"
LIVE_PART="$LIVE_PART (SELECT id FROM staff WHERE deleted = 0) OR member_id IN ($ANY_MEMBER))"
# FIGURE|SQL giving the sum of its values (denominator: FIGURE/d).
cat >"$T/want.sql" <<EOF
staff.total|SELECT count(*) FROM ($LIVE_STAFF)
network.members|SELECT (SELECT count(*) FROM staff WHERE deleted = 0 AND dt_network = 1 AND $IN_POST) + (SELECT count(*) FROM ($LIVE_MEMBER))
cdtt.teams|SELECT count(*) FROM ($LIVE_TEAM)
cdtt.members_by_affiliation|SELECT count(*) FROM ($LIVE_MEMBER)
cdtt.villages_without_team|SELECT count(*) FROM village v WHERE deleted = 0 AND NOT EXISTS (SELECT 1 FROM team t WHERE t.village_id = v.id AND t.deleted = 0)
cdtt.activities|SELECT count(*) FROM ($LIVE_ACT)
cdtt.activities_by_kind|SELECT count(*) FROM ($LIVE_ACT)
cdtt.activities_by_month|SELECT count(*) FROM ($LIVE_ACT)
cdtt.helped_by_category|SELECT ifnull(sum(count), 0) FROM activity_help WHERE activity_id IN ($LIVE_ACT)
cdtt.helped_by_month|SELECT ifnull(sum(count), 0) FROM activity_help WHERE activity_id IN ($LIVE_ACT)
training.by_format|SELECT count(*) FROM ($LIVE_TRAINING)
training.by_topic|SELECT count(*) FROM ($LIVE_TRAINING)
training.participants|SELECT count(*) FROM ($LIVE_PART)
training.trained_share|SELECT count(DISTINCT p.staff_id) FROM participant p WHERE p.staff_id IN ($LIVE_STAFF) AND p.id IN ($LIVE_PART)
training.trained_share/d|SELECT count(*) FROM ($LIVE_STAFF)
training.certificates|SELECT count(*) FROM participant WHERE deleted = 0 AND certificate = 1 AND training_id IN ($LIVE_TRAINING) AND (staff_id IN (SELECT id FROM staff WHERE deleted = 0) OR member_id IN (SELECT id FROM member WHERE deleted = 0))
cdtt.network_members|SELECT count(*) FROM member WHERE dt_network = 1 AND id IN ($LIVE_MEMBER)
EOF
# The CSV report's values summed per figure (FIGURE and FIGURE/d), the
# columns found by their header's names.
report_sums() {
	run --db "$DB" report --period 2026 --unit "$U" --format csv --out "$T/r.csv" --force ||
	    { sed 's/^/# /' "$T/err"; return 1; }
	"$PY" - "$T/r.csv" "$U" >"$T/got" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head = rows[0]
fi, ui, vi, di = (head.index(c) for c in ("figure", "unit_code", "value", "denominator"))
# The unit's own figures (part 'unit'); 'own' rows repeat the office's share.
pi = head.index("part") if "part" in head else None
sums = {}
for r in rows[1:]:
    if r[ui] != sys.argv[2] or (pi is not None and r[pi] != "unit"):
        continue
    for key, col in ((r[fi], vi), (r[fi] + "/d", di)):
        try:
            sums[key] = sums.get(key, 0) + float(r[col] or 0)
        except ValueError:
            pass
for k, v in sorted(sums.items()):
    print("%s|%g" % (k, v))
EOF
}
figures_equal_sql() {
	report_sums || return 1
	fbad=0
	while IFS='|' read -r fid fsql; do
		want=$(sq "$fsql")
		got=$(awk -F'|' -v f="$fid" '$1 == f { print $2 }' "$T/got")
		[ -n "$got" ] || got=0	# a figure of no rows is zero
		if [ "$got" != "$want" ]; then
			echo "# $fid: the report says $got, SQL over live records $want"
			fbad=1
		fi
	done <"$T/want.sql"
	return $fbad
}
ok "the demo: every figure equals SQL over live records" figures_equal_sql
ok "the demo: socds check finds nothing" run check --db "$DB"

# --- the question names what goes with the record ---
# "4 thành viên, 37 hoạt động và 1 lượt tham gia tập huấn" from items given
# as N|TEXT (items of N = 0 left out).
phrase() {
	pn=0
	for pp in "$@"; do [ "${pp%%|*}" != 0 ] && pn=$((pn + 1)); done
	pi=0
	pout=
	for pp in "$@"; do
		[ "${pp%%|*}" = 0 ] && continue
		pi=$((pi + 1))
		if [ "$pi" -eq 1 ]; then pout=${pp#*|}
		elif [ "$pi" -eq "$pn" ]; then pout="$pout và ${pp#*|}"
		else pout="$pout, ${pp#*|}"
		fi
	done
	printf '%s\n' "$pout"
}
# The bottom lines above the key bar, joined (a question wraps).
question() {
	snap
	qj=
	qi=$((SL - 4))
	while [ "$qi" -lt $((SL - 1)) ]; do
		qj="${qj:+$qj }$(row "$qi" | sed 's/^ *//; s/ *$//')"
		qi=$((qi + 1))
	done
	printf '%s\n' "$qj"
}
asked() {	# asked TEXT: the question holds TEXT
	see "(c = có / k = không)" >/dev/null
	question >"$T/q"
	grep -qF -- "$1" "$T/q" && return 0
	echo "# the question: '$(cat "$T/q")'"
	echo "# expected in it: '$1'"
	return 1
}

start "$DB"
# Teams: the first in the list.
keys 4
see "Tổ CNSCĐ" >/dev/null
# The list's help (F1) says deleting takes what belongs to the record along.
help_says() {	# help_says TEXT...: the help, its lines joined, holds each TEXT
	see "F10" >/dev/null
	snap
	tr '\n' ' ' <"$T/screen" | sed 's/  */ /g' >"$T/help"
	for ht in "$@"; do
		grep -qF -- "$ht" "$T/help" || { echo "# not in the help: '$ht'"; return 1; }
	done
}
keys F1
ok "the list's help: deleting takes what belongs to the record, the question names it" \
    help_says "F8 hoặc Del để xóa bản ghi cùng những gì thuộc về nó" \
    "thành viên và hoạt động của tổ" "câu hỏi xác nhận nêu rõ những gì sẽ bị xóa theo"
keys Escape
see "Tổ CNSCĐ" "!câu hỏi xác nhận" >/dev/null
TEAM=$(sq "SELECT id FROM team WHERE deleted = 0 ORDER BY name_sort, rowid LIMIT 1")
TEAM_NAME=$(sq "SELECT name FROM team WHERE id = '$TEAM'")
M=$(sq "SELECT count(*) FROM member WHERE team_id = '$TEAM' AND deleted = 0")
A=$(sq "SELECT count(*) FROM activity WHERE team_id = '$TEAM' AND deleted = 0")
P=$(sq "SELECT count(*) FROM participant p JOIN member m ON m.id = p.member_id
    WHERE m.team_id = '$TEAM' AND p.deleted = 0")
X=$(sq "SELECT count(DISTINCT a.id) FROM activity_member am JOIN member m ON m.id = am.member_id
    JOIN activity a ON a.id = am.activity_id WHERE m.team_id = '$TEAM' AND a.deleted = 0
    AND a.team_id <> '$TEAM'")
WANT=$(phrase "$M|$M thành viên" "$A|$A hoạt động" "$P|$P lượt tham gia tập huấn" \
    "$X|tên trong danh sách có mặt của $X hoạt động")
keys F8
ok "team: the question names it and its village" asked "Xóa '$TEAM_NAME' ("
ok "... and what goes with it: 'cùng $WANT'" sh -c 'grep -qF -- "cùng $1?" "$2" ||
    { echo "# the question: $(cat "$2")"; false; }' sh "$WANT" "$T/q"
keys c
see "Đã xóa '$TEAM_NAME'" >/dev/null
ok "team: it, its members and activities are tombstones, versions bumped" sql_is \
    "SELECT (SELECT deleted || '/' || version FROM team WHERE id = '$TEAM'),
    (SELECT count(*) FROM member WHERE team_id = '$TEAM' AND (deleted = 0 OR version < 2)),
    (SELECT count(*) FROM activity WHERE team_id = '$TEAM' AND (deleted = 0 OR version < 2))" \
    "1/2|0|0"
ok "after the team: every figure equals SQL over live records" figures_equal_sql

# Trainings: the first in the list (newest first); its participants counted
# for every training, read back for the one deleted.
keys Escape 2
see "Tập huấn" >/dev/null
sq "SELECT id FROM training WHERE deleted = 0" >"$T/live"
sq "SELECT t.id || '|' || count(p.id) FROM training t LEFT JOIN participant p ON
    p.training_id = t.id AND p.deleted = 0 WHERE t.deleted = 0 GROUP BY t.id" >"$T/parts"
keys F8
see "(c = có / k = không)" >/dev/null
question >"$T/q_training"
NAME=$(sed -n "s/^Xóa '\\([^']*\\)'.*/\\1/p" "$T/q_training")
keys c
see "Đã xóa '$NAME'" >/dev/null
TR=$(gone training)
N=$(awk -F'|' -v t="$TR" '$1 == t { print $2 }' "$T/parts")
ok "training: the question names its $N participants" \
    sh -c '[ "$1" -gt 0 ] && grep -qF -- "cùng $1 người tham gia?" "$2" ||
    { echo "# the question: $(cat "$2")"; false; }' sh "${N:-0}" "$T/q_training"
ok "training: its participants are tombstones" sql_is \
    "SELECT count(*) FROM participant WHERE training_id = '$TR' AND (deleted = 0 OR version < 2)" 0
ok "after the training: every figure equals SQL over live records" figures_equal_sql

# Staff: the first in the list; their participations go with them.
keys Escape 1
see "Cán bộ" >/dev/null
sq "SELECT id FROM staff WHERE deleted = 0" >"$T/live"
sq "SELECT s.id || '|' || count(p.id) FROM staff s LEFT JOIN participant p ON
    p.staff_id = s.id AND p.deleted = 0 WHERE s.deleted = 0 GROUP BY s.id" >"$T/parts"
keys F8
see "(c = có / k = không)" >/dev/null
question >"$T/q_staff"
NAME=$(sed -n "s/^Xóa '\\([^']*\\)'.*/\\1/p" "$T/q_staff")
keys c
see "Đã xóa '$NAME'" >/dev/null
ST=$(gone staff)
N=$(awk -F'|' -v t="$ST" '$1 == t { print $2 }' "$T/parts")
ok "staff: the question names their $N training participations" \
    sh -c 'if [ "$1" -gt 0 ]; then grep -qF -- "cùng $1 lượt tham gia tập huấn?" "$2";
    else ! grep -qF "cùng" "$2"; fi || { echo "# the question: $(cat "$2")"; false; }' \
    sh "${N:-0}" "$T/q_staff"
ok "staff: their participations are tombstones" sql_is \
    "SELECT count(*) FROM participant WHERE staff_id = '$ST' AND deleted = 0" 0
ok "after the staff member: every figure equals SQL over live records" figures_equal_sql

# A village with a live team is refused, in words, nothing asked (in the
# commune, where village names are not repeated).
if [ "$which" = commune ]; then
keys Escape 3
see "Thôn" >/dev/null
VIL=$(sq "SELECT v.name FROM village v WHERE v.deleted = 0 AND EXISTS (SELECT 1 FROM team t
    WHERE t.village_id = v.id AND t.deleted = 0) ORDER BY v.name_sort, v.rowid LIMIT 1")
keys /
typ "$VIL"
keys Enter
see "@3= $VIL" >/dev/null
keys F8
ok "village with a live team: refused, saying why, nothing asked" \
    see "'$VIL' vẫn còn tổ đang hoạt động (1)" "!(c = có / k = không)"
ok "... and it stays" sql_is "SELECT count(*) FROM village WHERE name = '$VIL' AND deleted = 0" 1
fi
keys C-q
see "EXITED rc=0" >/dev/null

# --- socds check ---
ok "after the deletes: socds check exits 0" run check --db "$DB"
# A live member of the deleted team, as an older socds or a hand would leave it.
sq "INSERT INTO member (id, unit_code, created_at, updated_at, version, deleted, team_id,
    full_name, name_key, name_sort) VALUES ('01a20777-0000-7000-8000-0000000000aa', '$U',
    '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 1, 0, '$TEAM', 'Người Lạc', 'nguoi lac',
    x'00')" >/dev/null
check_names() {
	run check --db "$DB"
	rc=$?
	[ "$rc" -eq 1 ] || { echo "# exit $rc"; return 1; }
	grep -qF "member 'Người Lạc' (01a20777-0000-7000-8000-0000000000aa): team_id" "$T/out" &&
	    grep -qF "'$TEAM_NAME' ($TEAM)" "$T/out" && grep -qF "1" "$T/err" ||
	    { sed 's/^/# /' "$T/out" "$T/err"; return 1; }
}
ok "a live member of the deleted team: check exits 1 naming it, the field, the team" check_names
ok "check --repair tombstones it" sh -c '"$@" >/dev/null 2>&1' sh env -i PATH=/usr/bin:/bin \
    HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" check --repair --db "$DB"
ok "... and check exits 0 again" run check --db "$DB"
ok "... the member is a tombstone, version bumped" sql_is \
    "SELECT deleted || '/' || version FROM member WHERE id = '01a20777-0000-7000-8000-0000000000aa'" \
    "1/2"
ok "every figure still equals SQL over live records" figures_equal_sql
done

done_testing
