#!/bin/sh
# A record in a period the office above approved (issue 17, parts D and E)
# on the form screen at 80x24, on a commune demo database (21853) on a fixed
# day, with an approval of 2026-Q3 put in with sqlite3 as a receipt leaves
# it: an activity of Q3 opens read-only (title "chỉ xem", the lock's message
# on the status line); typing, F2 and F8 are refused with that message and
# nothing is written (sqlite3 reads the same version and values). An
# activity of Q4 opens for editing, but moving its date into Q3 is refused
# by the store (ERR_PERM) and its whole message is shown. The lock itself is
# part D's (store_lock_record, store_lock_check): until `socds approve`
# exists these checks are skipped. The list is searched by date (letters
# search there); keys as PuTTY sends them.
# TAP output for meson. Usage: sh test_lock_form.sh /abs/path/to/socds
E2E_NAME=lockform
. "$(dirname "$0")/../lib/tmux.sh"
command -v faketime >/dev/null || tap_skip "faketime is needed (Debian package faketime)"
if ! env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" help 2>&1 |
    grep -q '^  approve '; then
	# SOCDS_LOCK_DEV=1: run anyway (a build with a lock of its own, before part D).
	[ -n "${SOCDS_LOCK_DEV:-}" ] || tap_skip "no lock yet: socds approve is part D's"
fi

DAY='2026-10-10 09:00:00'
REAL=$SOCDS
printf '#!/bin/sh\nexec env ASAN_OPTIONS=verify_asan_link_order=0 faketime %s %s "$@"\n' \
    "'$DAY'" "'$REAL'" >"$T/socds"
chmod +x "$T/socds"
SOCDS=$T/socds

SZ=80x24
DB=$T/commune.db
ok "the commune demo on a fixed day" run 0 demo --unit 21853 --seed 17 --db "$DB"
sq "INSERT INTO approval(id, unit_code, period, date_from, date_to, state, revision, at,
    by_unit, by_user) VALUES ('52:1', '21853', '2026-Q3', '2026-07-01', '2026-09-30',
    'approved', 1, '2026-10-05T08:00:00Z', '52', 'tinh')" >/dev/null

# An activity of Q3 alone on its day, and one of Q4 alone on its day.
day_of() {	# day_of FROM TO: a day with one activity between them
	sq "SELECT held_on FROM activity a WHERE deleted = 0 AND held_on BETWEEN '$1' AND '$2'
	    AND (SELECT count(*) FROM activity_member m WHERE m.activity_id = a.id) <= 1
	    GROUP BY held_on HAVING count(*) = 1 ORDER BY held_on LIMIT 1"
}
Q3=$(day_of 2026-07-01 2026-09-30)
Q4=$(day_of 2026-10-01 2026-10-10)
A3=$(sq "SELECT id FROM activity WHERE deleted = 0 AND held_on = '$Q3'")
A4=$(sq "SELECT id FROM activity WHERE deleted = 0 AND held_on = '$Q4'")
dmy() { echo "$1" | sed -E 's/(....)-(..)-(..)/\3\/\2\/\1/'; }
state() { sq "SELECT version || '|' || held_on || '|' || ifnull(place, '') FROM activity WHERE id = '$1'"; }
S3=$(state "$A3")
S4=$(state "$A4")
LOCK='đã được cấp trên (52) phê duyệt'

open_day() {	# open_day DATE: the activity of that day, from its list
	keys /
	typ "$(dmy "$1")"
	keys Enter
	see "@3=$(dmy "$1")" >/dev/null
	keys Enter
}

HOME_S='@0=socds'
START_SEE=$HOME_S
start "$DB"
keys 6
see '@2~Ngày thực' >/dev/null
open_day "$Q3"
ok "an activity of the approved quarter opens read-only, the lock on the status line" \
    golden lock-form '@0=— chỉ xem' "$LOCK"
keys Tab
typ x
ok "typing is refused with the lock's message" see "$LOCK" "!$(dmy "$Q3")x"
raw F2 "$(printf '\033[12~')"
ok "F2 is refused, the message in full" see "$LOCK" 'đề nghị cấp trên mở lại kỳ'
raw F8 "$(printf '\033[19~')"
ok "F8 is refused without asking" still "$LOCK" '!(c = có / k = không)'
ok "... nothing was written" sql_is "$(printf "SELECT version || '|' || held_on || '|' || ifnull(place, '') FROM activity WHERE id = '%s'" "$A3")" "$S3"
keys Escape
ok "Esc goes back without asking (nothing changed)" see '@2~Ngày thực'

keys F10
see "$HOME_S" >/dev/null
keys 6
see '@2~Ngày thực' >/dev/null
open_day "$Q4"
ok "an activity of the open quarter opens for editing" see '@0=— sửa' "!$LOCK"
keys Tab
keys C-u
typ "$(dmy "$Q3")"
raw F2 "$(printf '\033[12~')"
ok "moving it into the approved quarter is refused, the store's message in full" see \
    "$LOCK" 'chỉ xem được, không sửa được' 'đề nghị cấp trên mở lại kỳ'
ok "... nothing was written" sql_is "$(printf "SELECT version || '|' || held_on || '|' || ifnull(place, '') FROM activity WHERE id = '%s'" "$A4")" "$S4"
keys Escape
see '(c = có / k = không)' >/dev/null
keys c
see '@2~Ngày thực' >/dev/null
keys F10
see "$HOME_S" >/dev/null
keys F10
ok "F10 quits" see "EXITED rc=0"
done_testing
