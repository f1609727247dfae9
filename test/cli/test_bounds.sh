#!/bin/sh
# Bounded input (issue 11, point 5, CSV): files far over csv.h's limits are
# refused at once with one message naming the file and line, nothing is
# imported, and memory stays flat (peak RSS measured with /usr/bin/time);
# a file of thousands of bad rows prints the first 100 problems and
# "... and N more", while the rejects file still gets every row. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init bounds
DB="$T/d.db"
RSS_MAX_KB=40960	# 40 MB: the reader keeps at most one row of 1 MiB (7 MB seen; 23 MB under ASan)

TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time

# run EXPECTED_STATUS ARGS...: socds in English with a clean environment;
# stdout, stderr and the peak RSS (KB) in $T/out, $T/err, $T/rss.
run() {
	want=$1
	shift
	if [ -n "$TIME" ]; then
		env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 \
		    "$TIME" -f '%M' -o "$T/rss" "$SOCDS" --lang en "$@" >"$T/out" 2>"$T/err"
	else
		env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 \
		    "$SOCDS" --lang en "$@" >"$T/out" 2>"$T/err"
	fi
	got=$?
	if [ "$got" != "$want" ]; then
		echo "# socds $*: exit $got, expected $want" >&2
		head -5 "$T/err" | sed 's/^/#   /' >&2
		return 1
	fi
	return 0
}
err_has() { grep -q -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; head -5 "$T/err" | sed 's/^/#   /'; return 1; }; }
err_count() {	# err_count PATTERN N: exactly N lines of stderr match
	c=$(grep -c -- "$1" "$T/err")
	[ "$c" -eq "$2" ] || { echo "# $c lines match '$1', expected $2"; return 1; }
}
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { echo "# $(wc -l <"$T/err") lines:"; head -5 "$T/err" | sed 's/^/#   /'; return 1; }; }
flat() {	# the last run's peak RSS under RSS_MAX_KB
	[ -z "$TIME" ] && { echo "# /usr/bin/time missing: RSS not measured"; return 0; }
	kb=$(tail -1 "$T/rss")
	echo "# peak RSS ${kb} KB"
	[ "$kb" -lt "$RSS_MAX_KB" ]
}
counts() { sqlite3 "$DB" "SELECT (SELECT count(*) FROM staff) || ' ' || (SELECT count(*) FROM audit)"; }
snap() { counts >"$T/before" && [ -s "$T/before" ] && sqlite3 "$DB" .dump >"$T/before.sql"; }
unchanged() {
	counts >"$T/after"
	sqlite3 "$DB" .dump >"$T/after.sql"
	cmp -s "$T/before" "$T/after" && cmp -s "$T/before.sql" "$T/after.sql" ||
	    { echo "# rows before: $(cat "$T/before"), after: $(cat "$T/after")"; return 1; }
}

ok "init a district database" run 0 init --unit 548 --db "$DB"
printf 'Full name,Year of birth\nNguyễn Văn An,1980\n' >"$T/good.csv"
ok "one good row imported" run 0 import "$T/good.csv" --kind staff --db "$DB"
ok "the database as it is" snap

# 100,000 columns: refused at the 257th, one message.
python3 -c "
import sys
n = 100000
with open(sys.argv[1], 'w') as f:
    f.write('Full name,' + ','.join('c%d' % i for i in range(n)) + '\n')
    f.write('A,' + ','.join('x' for i in range(n)) + '\n')
" "$T/cols.csv"
ok "100,000 columns: exit 1" run 1 import "$T/cols.csv" --kind staff --db "$DB"
ok "100,000 columns: one message" one_line
ok "100,000 columns: names file and line" err_has "cols.csv:1: more than 256 columns"
ok "100,000 columns: flat memory" flat
ok "100,000 columns: nothing imported" unchanged
ok "100,000 columns, --skip-invalid: exit 1" run 1 import "$T/cols.csv" --kind staff --skip-invalid --db "$DB"
ok "100,000 columns, --skip-invalid: one message" one_line
ok "100,000 columns, --skip-invalid: nothing imported" unchanged

# A field of 50 MB (quoted) on line 2.
{ printf 'Full name,Note\nA,"'; head -c 52428800 /dev/zero | tr '\0' x; printf '"\n'; } >"$T/field.csv"
ok "50 MB field: exit 1" run 1 import "$T/field.csv" --kind staff --db "$DB"
ok "50 MB field: one message" one_line
ok "50 MB field: names file, line and column" err_has "field.csv:2: column 2: the cell is longer than 131072 bytes"
ok "50 MB field: flat memory" flat
ok "50 MB field: nothing imported" unchanged
ok "50 MB field, dry run: exit 1" run 1 import "$T/field.csv" --kind staff --dry-run --db "$DB"
ok "50 MB field, dry run: one message" one_line

# A line of 10 MB of short cells, without a newline at the end: under the
# cell limit, over the row limit.
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('Full name,Note\n')
    f.write(','.join('B' * 1000 for i in range(10000)))
" "$T/row.csv"
ok "10 MB row: exit 1" run 1 import "$T/row.csv" --kind staff --db "$DB"
ok "10 MB row: one message" one_line
ok "10 MB row: names file and line" err_has "row.csv:2: "
ok "10 MB row: the limit named" err_has "more than 256 columns\|longer than 1048576 bytes"
ok "10 MB row: flat memory" flat
ok "10 MB row: nothing imported" unchanged
# ... and one 10 MB cell without a newline.
{ printf 'Full name,Note\nA,'; head -c 10485760 /dev/zero | tr '\0' y; } >"$T/line.csv"
ok "10 MB line without newline: exit 1" run 1 import "$T/line.csv" --kind staff --db "$DB"
ok "10 MB line without newline: one message" one_line
ok "10 MB line without newline: file and line" err_has "line.csv:2: column 2"
ok "10 MB line without newline: flat memory" flat
ok "10 MB line without newline: nothing imported" unchanged
# A header that never ends (no newline at all).
head -c 10485760 /dev/zero | tr '\0' h >"$T/header.csv"
ok "10 MB header: exit 1" run 1 import "$T/header.csv" --kind staff --db "$DB"
ok "10 MB header: one message" one_line
ok "10 MB header: names the header" err_has "header.csv:1: the header (the first row) is longer than 65536 bytes"
ok "10 MB header: flat memory" flat

# 5,000 bad rows: 100 problems shown, then how many more.
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('Full name,Year of birth\n')
    for i in range(5000):
        f.write('Person %d,1800\n' % i)
" "$T/bad.csv"
ok "5,000 bad rows: exit 1" run 1 import "$T/bad.csv" --kind staff --db "$DB"
ok "5,000 bad rows: exactly 100 problems shown" err_count "bad.csv:[0-9]*: " 100
ok "5,000 bad rows: the first 100 rows (lines 2 to 101)" sh -c "grep -q 'bad.csv:2: ' '$T/err' && grep -q 'bad.csv:101: ' '$T/err' && ! grep -q 'bad.csv:102: ' '$T/err'"
ok "5,000 bad rows: then 'and 4900 more'" err_count "bad.csv: \.\.\. and 4900 more problems" 1
ok "5,000 bad rows: and the sum" err_has "bad.csv: 5000 of 5000 rows are not valid"
ok "5,000 bad rows: 102 lines in all" sh -c "[ \$(wc -l <'$T/err') -eq 102 ]"
ok "5,000 bad rows: flat memory" flat
ok "5,000 bad rows: nothing imported" unchanged
ok "5,000 bad rows, --skip-invalid: exit 1" run 1 import "$T/bad.csv" --kind staff --skip-invalid --db "$DB"
ok "5,000 bad rows, --skip-invalid: 100 problems shown" err_count "bad.csv:[0-9]*: " 100
ok "5,000 bad rows, --skip-invalid: the rest are in the rejects file" err_count "and 4900 more problems, not shown; every row not imported is in .*bad.csv.rejects.csv" 1
ok "5,000 bad rows, --skip-invalid: the rejects file has every row" sh -c "[ \$(wc -l <'$T/bad.csv.rejects.csv') -eq 5001 ]"
ok "5,000 bad rows, --skip-invalid: nothing imported" unchanged
ok "5,000 bad rows, --skip-invalid --dry-run: exit 1" run 1 import "$T/bad.csv" --kind staff --skip-invalid --dry-run --db "$DB"
ok "5,000 bad rows, dry run: 100 shown, then 4900 more" sh -c "[ \$(grep -c 'bad.csv:[0-9]*: ' '$T/err') -eq 100 ] && grep -q 'bad.csv: \.\.\. and 4900 more problems, not shown\$' '$T/err'"
ok "5,000 bad rows, dry run: nothing imported" unchanged
# With good rows among them, the good ones go in and the count still holds.
{ cat "$T/bad.csv"; printf 'Trần Thị Bình,1990\n'; } >"$T/mixed.csv"
ok "5,000 bad and 1 good, --skip-invalid: exit 0" run 0 import "$T/mixed.csv" --kind staff --skip-invalid --db "$DB"
ok "5,000 bad and 1 good: 100 shown, 4900 more" sh -c "[ \$(grep -c 'mixed.csv:[0-9]*: ' '$T/err') -eq 100 ] && grep -q 'and 4900 more' '$T/err'"
ok "5,000 bad and 1 good: the good row is in" sh -c "[ \$(sqlite3 '$DB' 'SELECT count(*) FROM staff') -eq 2 ]"
# 100 bad rows exactly: no "more" line.
head -101 "$T/bad.csv" >"$T/hundred.csv"
ok "100 bad rows: exit 1" run 1 import "$T/hundred.csv" --kind staff --db "$DB"
ok "100 bad rows: all 100 shown, no 'more'" sh -c "[ \$(grep -c 'hundred.csv:[0-9]*: ' '$T/err') -eq 100 ] && ! grep -q 'more problems' '$T/err'"

done_testing
