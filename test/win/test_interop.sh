#!/bin/sh
# Packages cross between socds.exe (under Wine) and the Linux socds: a
# commune's package made on Windows merges on Linux, and one made on Linux
# merges on Windows, with every stored value identical; both provinces end
# with the same data. $1: the wrapper that runs socds.exe under Wine;
# $2: the Linux socds. TAP output.
set -u
WIN=$1
LIN=$2
. "$(dirname "$0")/../lib/tap.sh"
tap_utf8
tap_init wine-interop
TAP_CAPTURE=1
if [ ! -x "$LIN" ]; then
	tap_skip "no Linux socds given (meson option linux_socds)"
fi
w() { env -i PATH=/usr/bin:/bin HOME="$T/home" "$WIN" --lang en "$@"; }
l() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$LIN" --lang en "$@"; }
# The tables that hold a unit's data.
TABLES="village staff training participant team member activity activity_member
activity_help activity_tally member_tally task_progress"
# Every row of a table for a unit (all of them with no unit), every column
# but local bookkeeping, in a fixed order.
rows() {
	cols=$(sqlite3 "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$2') WHERE name <> 'synced_version'")
	sqlite3 -csv "$1" "SELECT $cols FROM $2 ${3:+WHERE unit_code = '$3'} ORDER BY $cols"
}
same_unit() {	# same_unit A.db B.db UNIT: every table, every value
	for t in $TABLES; do
		rows "$1" "$t" "${3:-}" >"$T/a"
		rows "$2" "$t" "${3:-}" >"$T/b"
		if ! cmp -s "$T/a" "$T/b"; then
			echo "# $t differs:"
			diff "$T/a" "$T/b" | head -6 | sed 's/^/#   /'
			return 1
		fi
	done
	[ "$(sqlite3 "$1" "SELECT count(*) FROM staff ${3:+WHERE unit_code = '$3'}")" -gt 0 ]
}

ok "Windows: demo commune 21859" w demo --unit 21859 --seed 5 --db "$T/w.db"
ok "Windows: its package" w export package --db "$T/w.db" --out "$T/w.zip"
ok "Linux: demo commune 21853" l demo --unit 21853 --db "$T/l.db"
ok "Linux: its package" l export package --db "$T/l.db" --out "$T/l.zip"

ok "Linux: province database" l init --unit 52 --db "$T/pl.db"
ok "Linux province merges both" l merge "$T/w.zip" "$T/l.zip" --db "$T/pl.db"
ok "Windows' records arrive on Linux with every value identical" same_unit "$T/w.db" "$T/pl.db" 21859
ok "Windows province merges both" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' '$WIN' --lang en init --unit 52 --db '$T/pw.db' >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME='$T/home' '$WIN' --lang en merge '$T/l.zip' '$T/w.zip' --db '$T/pw.db'"
ok "Linux's records arrive on Windows with every value identical" same_unit "$T/l.db" "$T/pw.db" 21853
ok "both provinces hold the same data" same_unit "$T/pl.db" "$T/pw.db"

# A change made on Windows travels as an update.
sqlite3 "$T/w.db" "UPDATE staff SET note = 'Đã sửa trên Windows: Nguyễn Thị Ngọc Ánh', version = version + 1 WHERE id = (SELECT min(id) FROM staff)"
ok "Windows: a second package" w export package --db "$T/w.db" --out "$T/w2.zip"
ok "Linux merges it as one update" sh -c "env -i PATH=/usr/bin:/bin HOME='$T/home' LC_ALL=C.UTF-8 '$LIN' --lang en merge '$T/w2.zip' --db '$T/pl.db' | grep -q 'updated 1'"
ok "... and the note is the same bytes" same_unit "$T/w.db" "$T/pl.db" 21859
done_testing
