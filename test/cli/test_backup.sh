#!/bin/sh
# socds backup and restore from a shell: exit codes, file modes, one-line
# messages naming the file, and a database left as it was when a restore is
# refused. TAP output for meson.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init backup

# run EXPECTED_STATUS ARGS...: socds with a clean environment; stdout and
RUN_ENV='${XDG:+XDG_DATA_HOME=$XDG}'
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || { sed 's/^/#   /' "$T/err"; return 1; }; }
err_has() { grep -qF -- "$1" "$T/err" || { echo "# stderr lacks '$1':"; sed 's/^/#   /' "$T/err"; return 1; }; }
out_has() { grep -qF -- "$1" "$T/out" || { echo "# stdout lacks '$1':"; sed 's/^/#   /' "$T/out"; return 1; }; }
no_crash() { ! grep -qiE 'sanitizer|segmentation|core dumped|runtime error' "$T/err"; }
mode_is() { [ "$(stat -c %a "$2")" = "$1" ] || { echo "# $2 is $(stat -c %a "$2"), not $1"; return 1; }; }
same_file() { cmp -s "$1" "$2"; }
sql() { sqlite3 "$1" "$2" 2>/dev/null; }
no_aside() { ! ls "$T" | grep -q 'before-restore'; }
no_temp() { [ -z "$(ls -A "$1" | grep '^\.')" ] || { ls -A "$1" | sed 's/^/#   /'; return 1; }; }
DB=$T/c.db

ok "help lists backup" run 0 help
ok "help: backup" out_has "backup"
ok "help: restore" out_has "restore"
ok "help backup shows its usage" run 0 help backup
ok "help backup: --out" out_has "--out"

ok "init a database" run 0 init --unit 00070 --db "$DB"

# Backup to the default place: DB-DIR/backups, folder 0700, file 0600.
ok "backup exits 0" run 0 backup --db "$DB"
ok "backup names the copy" out_has "$T/backups/socds-"
ok "backups folder is 0700" mode_is 700 "$T/backups"
B=$(ls "$T"/backups/socds-*.db 2>/dev/null | head -n 1)
ok "one backup made" test -n "$B"
ok "backup is 0600" mode_is 600 "$B"
ok "backup passes integrity_check" test "$(sql "$B" 'PRAGMA integrity_check')" = ok
ok "backup has the home unit" test "$(sql "$B" 'SELECT unit_code FROM home')" = 00070
ok "backup is one file (no -wal beside it)" test ! -e "$B-wal"
ok "no temporary file left" no_temp "$T/backups"

# --out and --force.
ok "backup --out" run 0 backup --db "$DB" --out "$T/b1.db"
ok "backup --out: names the file" out_has "$T/b1.db"
ok "backup --out is 0600" mode_is 600 "$T/b1.db"
cp "$T/b1.db" "$T/b1.orig"
ok "backup onto an existing file exits 1" run 1 backup --db "$DB" --out "$T/b1.db"
ok "existing: one line" one_line
ok "existing: names the file" err_has "$T/b1.db"
ok "existing: file unchanged" same_file "$T/b1.db" "$T/b1.orig"
ok "existing, in English" run 1 --lang en backup --db "$DB" --out "$T/b1.db"
ok "existing: says --force" err_has "--force"
ok "backup --force replaces" run 0 backup --db "$DB" --out "$T/b1.db" --force
ok "replaced copy is sound" test "$(sql "$T/b1.db" 'PRAGMA integrity_check')" = ok
ok "backup onto the database itself exits 1" run 1 backup --db "$DB" --out "$DB" --force
ok "onto itself: one line" one_line
ok "onto itself: database still sound" test "$(sql "$DB" 'PRAGMA integrity_check')" = ok

# Bad usage and bad paths.
ok "backup with an argument exits 2" run 2 backup extra --db "$DB"
ok "argument: one line" one_line
ok "backup with an unknown option exits 2" run 2 backup --keep 3 --db "$DB"
ok "unknown option: one line" one_line
ok "backup --out without a value exits 2" run 2 backup --db "$DB" --out
mkdir -p "$T/m"
ok "backup of a missing database exits 1" run 1 backup --db "$T/m/none.db"
ok "missing database: one line" one_line
ok "missing database: names it" err_has "$T/m/none.db"
ok "missing database: nothing made" test -z "$(ls -A "$T/m")"
ok "backup into a missing folder exits 1" run 1 backup --db "$DB" --out "$T/nowhere/x.db"
ok "missing folder: one line" one_line
ok "missing folder: names the file" err_has "$T/nowhere/x.db"

# Restore refuses bad files: exit 1, one line naming the file, the database
# byte-for-byte as it was and nothing set aside.
sql "$DB" "INSERT INTO setting VALUES ('after_backup', '1');" >/dev/null
cp "$DB" "$T/c.orig"
ok "restore without FILE exits 2" run 2 restore --db "$DB"
ok "no FILE: one line" one_line
ok "restore with two files exits 2" run 2 restore "$T/b1.db" "$B" --db "$DB"
printf 'họ tên,năm sinh\nNguyễn Văn An,1990\n' >"$T/notdb.db"
ok "restore a non-SQLite file exits 1" run 1 restore "$T/notdb.db" --db "$DB"
ok "non-SQLite: one line" one_line
ok "non-SQLite: names the file" err_has "$T/notdb.db"
ok "non-SQLite: database unchanged" same_file "$DB" "$T/c.orig"
head -c 20000 "$T/b1.db" >"$T/cut.db"
ok "restore a truncated file exits 1" run 1 restore "$T/cut.db" --db "$DB"
ok "truncated: one line" one_line
ok "truncated: names the file" err_has "$T/cut.db"
ok "truncated: database unchanged" same_file "$DB" "$T/c.orig"
cp "$T/b1.db" "$T/newer.db"
sql "$T/newer.db" "PRAGMA user_version=99;" >/dev/null
ok "restore a newer file exits 1" run 1 restore "$T/newer.db" --db "$DB"
ok "newer: one line" one_line
ok "newer: says 99" err_has "99"
ok "newer: database unchanged" same_file "$DB" "$T/c.orig"
sql "$T/other.db" "CREATE TABLE t(x);" >/dev/null
ok "restore another program's SQLite file exits 1" run 1 restore "$T/other.db" --db "$DB"
ok "other SQLite: names the file" err_has "$T/other.db"
ok "restore a missing file exits 1" run 1 restore "$T/none.db" --db "$DB"
ok "missing file: names it" err_has "$T/none.db"
ok "refused restores set nothing aside" no_aside
ok "refused restores leave no temporary file" no_temp "$T"
ok "database still unchanged" same_file "$DB" "$T/c.orig"

# Another socds (here sqlite3) has the database open: refused, nothing lost.
mkfifo "$T/fifo"
sqlite3 "$DB" <"$T/fifo" >"$T/held" 2>&1 &
holder=$!
exec 3>"$T/fifo"
echo "SELECT count(*) FROM setting;" >&3
i=0
while [ ! -s "$T/held" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ok "restore while the database is open exits 1" run 1 restore "$T/b1.db" --db "$DB"
ok "open: one line" one_line
ok "open: names the database" err_has "$DB"
ok "open: nothing set aside" no_aside
exec 3>&-
wait "$holder"
ok "open: the change after the backup is still there" \
    test "$(sql "$DB" "SELECT value FROM setting WHERE key = 'after_backup'")" = 1

# The name kept aside is taken (for the next few seconds): refused without --force.
take_aside_names() {
	for s in 0 1 2 3; do
		echo taken >"$DB.before-restore-$(env -i date -d "+$s seconds" +%Y%m%d-%H%M%S)"
	done
}
aside_dbs() {	# how many of the files kept aside are SQLite databases
	c=0
	for f in "$DB".before-restore-*; do
		[ "$(head -c 15 "$f")" = "SQLite format 3" ] && c=$((c + 1))
	done
	echo $c
}
take_aside_names
cp "$DB" "$T/c.orig"
ok "restore when the aside name is taken exits 1" run 1 restore "$T/b1.db" --db "$DB"
ok "aside taken: one line" one_line
ok "aside taken: says --force" err_has "--force"
ok "aside taken: database unchanged" same_file "$DB" "$T/c.orig"
rm -f "$DB".before-restore-*

# The good path: the backup's data comes back, the old file is kept aside.
ok "restore a good backup" run 0 restore "$T/b1.db" --db "$DB"
ok "restore names the file kept aside" out_has "$DB.before-restore-"
A=$(ls "$DB".before-restore-* 2>/dev/null | head -n 1)
ok "old database kept aside" test -n "$A"
ok "aside keeps the change made after the backup" \
    test "$(sql "$A" "SELECT value FROM setting WHERE key = 'after_backup'")" = 1
ok "aside is 0600" mode_is 600 "$A"
ok "restored: the change after the backup is gone" \
    test -z "$(sql "$DB" "SELECT value FROM setting WHERE key = 'after_backup'")"
ok "restored database is 0600" mode_is 600 "$DB"
ok "restored database passes socds check" run 0 check --db "$DB"
ok "restored: status shows the unit" run 0 status --db "$DB"
ok "restored: unit 00070" out_has "00070"
ok "restore leaves no temporary file" no_temp "$T"
rm -f "$DB".before-restore-*
take_aside_names
ok "restore --force over a taken aside name" run 0 restore "$B" --force --db "$DB"
ok "restore --force: the old database replaced the taken name" test "$(aside_dbs)" -eq 1
rm -f "$DB".before-restore-*

# Restore where there is no database yet; the default database and folder.
ok "restore into a new file" run 0 restore "$T/b1.db" --db "$T/fresh.db"
ok "new file: nothing to keep aside" sh -c "! grep -q before-restore '$T/out'"
ok "new file is 0600" mode_is 600 "$T/fresh.db"
XDG="$T/xdg"
ok "restore to the default database" run 0 restore "$T/b1.db"
ok "default folder is 0700" mode_is 700 "$T/xdg/socds"
ok "backup of the default database" run 0 backup
ok "default backups folder is 0700" mode_is 700 "$T/xdg/socds/backups"
XDG=
ok "no socds run crashed" no_crash

done_testing
