#!/bin/sh
# The socds binary as a user meets it from a shell: exit codes, one-line
# messages in the user's language, files never half-made nor changed when
# refused. TAP output for meson.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init cli

# run EXPECTED_STATUS ARGS...: runs socds with a clean environment, keeps
# stdout/stderr in $T/out and $T/err, and checks the status.
run() {
	want=$1
	shift
	# LC_ALL outranks LANG (POSIX), so it is set only when LANG is not tested.
	if [ -n "${XLANG:-}" ]; then loc="LANG=$XLANG"; else loc="LC_ALL=C.UTF-8"; fi
	env -i PATH=/usr/bin:/bin HOME="$T/home" "$loc" \
	    ${XDG:+XDG_DATA_HOME=$XDG} "$SOCDS" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "# socds $*: exit $got, expected $want" >&2
		sed 's/^/#   /' "$T/err" >&2
		return 1
	fi
	return 0
}
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { sed 's/^/#   /' "$T/err"; return 1; }; }
err_has() { grep -q -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
out_has() { grep -q -- "$1" "$T/out" || { echo "# stdout lacks '$1':"; sed 's/^/#   /' "$T/out"; return 1; }; }
no_crash() { ! grep -qiE 'sanitizer|segmentation|core dumped|runtime error' "$T/err"; }
same_file() { cmp -s "$1" "$2"; }

ok "--version" run 0 --version
ok "version names the schema" out_has "socds 0"
ok "help runs" run 0 help
ok "help lists init" out_has "init"
ok "help lists demo" out_has "demo"

# Bad usage: exit 2, one line, in Vietnamese unless asked otherwise.
ok "unknown command exits 2" run 2 frobnicate
ok "unknown command: one line" one_line
ok "unknown command: names it" err_has "frobnicate"
ok "unknown command: Vietnamese by default" err_has "lệnh"
ok "--lang en speaks English" run 2 --lang en frobnicate
ok "--lang en: English text" err_has "unknown command"
XLANG=en_US.UTF-8
ok "LANG=en_US.UTF-8 speaks English" run 2 frobnicate
ok "LANG=en: English text" err_has "unknown command"
XLANG=
ok "unknown option exits 2" run 2 init --bogus
ok "unknown option: one line" one_line
ok "init without --unit exits 2" run 2 init --db "$T/a.db"
ok "init with a malformed code exits 2" run 2 init --unit abc --db "$T/a.db"
ok "option without value exits 2" run 2 init --db
ok "bad --scale exits 2" run 2 demo --scale many --db "$T/a.db"
ok "bad --lang exits 2" run 2 --lang fr status
ok "nothing created by bad usage" test ! -e "$T/a.db"

# Bad paths and files: exit 1, one line naming the file, nothing changed.
ok "--db in a missing folder exits 1" run 1 init --unit 00004 --db /nonexistent/dir/x.db
ok "missing folder: one line" one_line
ok "missing folder: names the path" err_has "/nonexistent/dir/x.db"
ok "missing database for check exits 1" run 1 check --db "$T/none.db"
ok "missing database: names it" err_has "$T/none.db"
ok "missing database not created" test ! -e "$T/none.db"
printf 'họ tên,năm sinh\nNguyễn Văn An,1990\n' >"$T/notdb.db"
cp "$T/notdb.db" "$T/notdb.orig"
ok "non-SQLite file exits 1" run 1 check --db "$T/notdb.db"
ok "non-SQLite: one line" one_line
ok "non-SQLite: names the file" err_has "$T/notdb.db"
ok "non-SQLite file unchanged" same_file "$T/notdb.db" "$T/notdb.orig"
ok "non-SQLite file: init refuses to overwrite" run 1 init --unit 00004 --db "$T/notdb.db"
ok "non-SQLite file still unchanged" same_file "$T/notdb.db" "$T/notdb.orig"
ok "unknown unit code exits 1" run 1 init --unit 99999 --db "$T/u.db"
ok "unknown unit: one line" one_line
ok "unknown unit: names the code" err_has "99999"
ok "unknown unit: no file left" sh -c "! ls -A '$T' | grep -q '^u.db\|\.u\.db'"
ok "abolished unit refused" run 1 init --unit 00001 --db "$T/u.db"

# A damaged data file is named with its line, and nothing is created.
SRCDIR=${SOCDS_TEST_SRCDIR:-$(dirname "$0")/../..}
mkdir -p "$T/data/assets"
cp -r "$SRCDIR/assets/units" "$SRCDIR/assets/lists" "$SRCDIR/assets/demo" "$T/data/assets/"
sed -i '5s/^/"/' "$T/data/assets/units/units.csv"
broken() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 SOCDS_DATADIR="$T/data" \
    "$SOCDS" init --unit 00004 --db "$T/b.db" >"$T/out" 2>"$T/err"; [ $? -eq 1 ]; }
ok "broken units.csv exits 1" broken
ok "broken units.csv: one line" one_line
ok "broken units.csv: names file and line" err_has "units.csv:5"
ok "broken units.csv: no database left" test ! -e "$T/b.db"

# A file from a newer socds: refused, byte-for-byte unchanged.
ok "make a v1 database" run 0 init --unit 00004 --db "$T/new.db"
sqlite3 "$T/new.db" "PRAGMA user_version=99;" >/dev/null 2>&1
cp "$T/new.db" "$T/new.orig"
ok "newer database exits 1" run 1 status --db "$T/new.db"
ok "newer database: one line" one_line
ok "newer database: says newer" err_has "99"
ok "newer database unchanged" same_file "$T/new.db" "$T/new.orig"
ok "newer database: check refuses too" run 1 check --db "$T/new.db"
ok "newer database still unchanged" same_file "$T/new.db" "$T/new.orig"

# The good path.
ok "init a commune" run 0 init --unit 00070 --db "$T/c.db"
ok "init says which unit" out_has "Phường Hoàn Kiếm"
ok "database is 0600" test "$(stat -c %a "$T/c.db")" = 600
ok "init twice refused" run 1 init --unit 00070 --db "$T/c.db"
ok "init twice: says it exists" err_has "$T/c.db"
ok "status shows the unit" run 0 status --db "$T/c.db"
ok "status names the unit" out_has "00070"
ok "units finds by folded name" run 0 units "hoan kiem" --db "$T/c.db"
ok "units: Hoàn Kiếm found" out_has "00070"
ok "demo builds" run 0 demo --db "$T/d.db"
ok "demo: Tỉnh Gia Lai (52) by default" out_has "52 Tỉnh Gia Lai"
ok "check passes on the demo" run 0 check --db "$T/d.db"
ok "sqlite3 integrity and references: only ok" test "$(sqlite3 "$T/d.db" 'PRAGMA integrity_check; PRAGMA foreign_key_check;')" = ok
ok "demo refuses to overwrite" run 1 demo --db "$T/d.db"
ok "demo --force replaces" run 0 demo --db "$T/d.db" --force --unit 00004
ok "replaced database is the new unit" sh -c "sqlite3 '$T/d.db' 'SELECT unit_code FROM home' | grep -q 00004"

# The default database: XDG folder made 0700, file 0600.
XDG="$T/xdg"
ok "demo to the default path" run 0 demo
ok "default folder is 0700" test "$(stat -c %a "$T/xdg/socds")" = 700
ok "default database is 0600" test "$(stat -c %a "$T/xdg/socds/socds.db")" = 600
ok "status of the default database" run 0 status
ok "status counts activities" out_has "[0-9]"
ok "no command without a terminal exits 2" run 2
ok "no terminal: one line" one_line
XDG=
ok "no socds run crashed" no_crash

done_testing
