#!/bin/sh
# One safe way to write a file (issue 11, point 6), with the real binary:
# every output is 0600 whatever the umask; links planted at the names the old
# code used are never followed; the open database, its -wal and its backups
# folder are never written over, however they are named; temporaries of a
# killed run are removed at the next run and nothing else is; a package
# export puts nothing in $TMPDIR. TAP output.
set -u
SOCDS=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$(dirname "$0")/../lib/tap.sh"
tap_init safe
LIVE=
TAP_CLEANUP='[ -n "$LIVE" ] && kill $LIVE 2>/dev/null'
TAP_CAPTURE=1	# each check's output in $T/out and $T/err, shown when it fails
umask 022
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 TMPDIR="$T/tmp" "$SOCDS" --lang en "$@"; }
# Exit status 1 and one line naming $1 and saying why.
refused() {
	what=$1; why=$2; shift 2
	s "$@" >"$T/o2" 2>"$T/e2"; rc=$?
	[ $rc -eq 1 ] || { echo "exit $rc"; cat "$T/e2"; return 1; }
	[ "$(wc -l <"$T/e2")" -eq 1 ] && grep -qF -- "$what" "$T/e2" && grep -q -- "$why" "$T/e2" ||
	    { cat "$T/e2"; return 1; }
}
sha() { sha256sum "$1" | cut -d' ' -f1; }
mode() { stat -c %a "$1"; }
temps() { find "$1" -maxdepth 1 -name '.*.socds-*.tmp*' | wc -l; }
mkdir "$T/tmp" "$T/db" "$T/o"
DB=$T/db/a.db

ok "demo commune" s demo --unit 21853 --db "$DB"
ok "a backup (makes the backups folder)" s backup --db "$DB"
BAK=$(ls "$T/db/backups/"socds-*.db | head -1)

# --- modes: 0600 whatever the umask (022 here) ---
ok "export csv" s export csv --kind staff --db "$DB" --out "$T/o/s.csv"
ok "export xlsx" s export xlsx --db "$DB" --out "$T/o/x.xlsx"
ok "export package" s export package --db "$DB" --out "$T/o/p.zip"
ok "report text" s report --db "$DB" --out "$T/o/r.txt"
ok "report csv" s report --db "$DB" --format csv --out "$T/o/r.csv"
ok "report xlsx" s report --db "$DB" --format xlsx --out "$T/o/r.xlsx"
ok "backup --out" s backup --db "$DB" --out "$T/o/b.db"
printf 'full_name,gender,birth_year\nMột Người,nobody,1990\nHai Người,female,1991\n' >"$T/bad.csv"
s import "$T/bad.csv" --kind staff --db "$DB" --skip-invalid --rejects "$T/o/rej.csv" >/dev/null 2>&1
ok "import rejects file written" test -f "$T/o/rej.csv"
for f in s.csv x.xlsx p.zip r.txt r.csv r.xlsx b.db rej.csv; do
	ok "$f is 0600 under umask 022" test "$(mode "$T/o/$f")" = 600
done
ok "backup in the backups folder is 0600" test "$(mode "$BAK")" = 600
ok "the backups folder is 0700" test "$(mode "$T/db/backups")" = 700
ok "no temporary left in the output folder" test "$(temps "$T/o")" -eq 0
ok "the package is whole (unzip -t)" unzip -tq "$T/o/p.zip"
ok "the workbooks are whole" sh -c "unzip -tq '$T/o/x.xlsx' && unzip -tq '$T/o/r.xlsx'"

# --- links planted at every name the old code used for its temporaries ---
# (OUT.new-PID, .OUT.part-PID, OUT.part-PID) for the next PIDs: never followed.
mkdir "$T/plant"
echo "victim" >"$T/victim"
V=$(sha "$T/victim")
last=$(cat /proc/sys/kernel/ns_last_pid 2>/dev/null || echo $$)
python3 - "$T/plant" "$T/victim" "$last" <<'PY'
import os, sys
d, victim, last = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name in ("r.xlsx", "x.xlsx", "p.zip", "s.csv", "r.csv", "b.db"):
    for pid in range(last + 1, last + 600):
        for fmt in ("%s.new-%d", ".%s.part-%d", "%s.part-%d", ".%s.new-%d"):
            os.symlink(victim, os.path.join(d, fmt % (name, pid)))
PY
ok "report xlsx among planted links" s report --db "$DB" --format xlsx --out "$T/plant/r.xlsx"
ok "report csv among planted links" s report --db "$DB" --format csv --out "$T/plant/r.csv"
ok "export xlsx among planted links" s export xlsx --db "$DB" --out "$T/plant/x.xlsx"
ok "export package among planted links" s export package --db "$DB" --out "$T/plant/p.zip"
ok "export csv among planted links" s export csv --kind staff --db "$DB" --out "$T/plant/s.csv"
ok "backup among planted links" s backup --db "$DB" --out "$T/plant/b.db"
ok "the victim is unchanged" test "$(sha "$T/victim")" = "$V"
ok "the planted links are still links" sh -c "[ \$(find '$T/plant' -type l | wc -l) -eq 14376 ]"
ok "outputs are files of their own" sh -c "for f in r.xlsx r.csv x.xlsx p.zip s.csv b.db; do [ -f '$T/plant/'\$f ] && [ ! -L '$T/plant/'\$f ] || exit 1; done"
# The output name itself a link: refused without --force; with it, the link
# is replaced and what it pointed to stays.
ln -s "$T/victim" "$T/o/ln.xlsx"
ok "an output name that is a link: refused without --force" refused "$T/o/ln.xlsx" "already exists" report --db "$DB" --format xlsx --out "$T/o/ln.xlsx"
ok "with --force the link itself is replaced" s report --db "$DB" --format xlsx --out "$T/o/ln.xlsx" --force
ok "... and the file it pointed to is unchanged" test "$(sha "$T/victim")" = "$V"
ok "... by a file, 0600" sh -c "[ ! -L '$T/o/ln.xlsx' ] && [ \$(stat -c %a '$T/o/ln.xlsx') = 600 ]"

# --- the open database, its -wal, its backups: never an output ---
DBSHA=$(sha "$DB")
BAKSHA=$(sha "$BAK")
OPEN="open database"
ok "export csv --out DB --force: refused" refused "$DB" "$OPEN" export csv --kind staff --db "$DB" --out "$DB" --force
ok "export csv --out DB-wal --force: refused" refused "$DB-wal" "$OPEN" export csv --kind staff --db "$DB" --out "$DB-wal" --force
ok "export csv --out DB-journal --force: refused" refused "$DB-journal" "$OPEN" export csv --kind staff --db "$DB" --out "$DB-journal" --force
ok "export xlsx --out DB --force: refused" refused "$DB" "$OPEN" export xlsx --db "$DB" --out "$DB" --force
ok "export package --out DB --force: refused" refused "$DB" "$OPEN" export package --db "$DB" --out "$DB" --force
ok "report --out DB --force: refused" refused "$DB" "$OPEN" report --db "$DB" --out "$DB" --force
ok "report xlsx --out DB --force: refused" refused "$DB" "$OPEN" report --db "$DB" --format xlsx --out "$DB" --force
ok "import --rejects DB: refused" refused "$DB" "$OPEN" import "$T/bad.csv" --kind staff --db "$DB" --skip-invalid --rejects "$DB"
ok "in Vietnamese (the default) too" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' export csv --kind staff --db '$DB' --out '$DB' --force 2>&1 | grep -q 'cơ sở dữ liệu đang mở'"
ln -s a.db "$T/db/link.db"
ok "a link to the DB: refused" refused "$T/db/link.db" "$OPEN" export csv --kind staff --db "$DB" --out "$T/db/link.db" --force
ln "$DB" "$T/o/hard.db"
ok "a hard link to the DB: refused" refused "$T/o/hard.db" "$OPEN" export csv --kind staff --db "$DB" --out "$T/o/hard.db" --force
mkdir "$T/db/sub"
ok "a relative path to the DB: refused" sh -c "cd '$T/db/sub' && env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en export csv --kind staff --db ../a.db --out ./../sub/../a.db --force 2>'$T/e3'; [ \$? -eq 1 ] && grep -q '$OPEN' '$T/e3' || { cat '$T/e3' >&2; false; }"
ok "an existing backup: refused" refused "$BAK" "backups folder" export csv --kind staff --db "$DB" --out "$BAK" --force
ok "a new file in the backups folder: refused" refused "$T/db/backups/x.csv" "backups folder" export xlsx --db "$DB" --out "$T/db/backups/x.csv"
ok "the database is unchanged (sha256)" test "$(sha "$DB")" = "$DBSHA"
ok "the database is sound" sh -c "[ \"\$(sqlite3 '$DB' 'PRAGMA integrity_check')\" = ok ]"
ok "the backup is unchanged" test "$(sha "$BAK")" = "$BAKSHA"
ok "nothing new in the backups folder" sh -c "[ ! -e '$T/db/backups/x.csv' ] && [ -z \"\$(find '$T/db/backups' -name '.*.socds-*')\" ]"
ok "no temporary left beside the database" test "$(temps "$T/db")" -eq 0
ok "a backup still goes to the backups folder" s backup --db "$DB"

# --- leftovers of killed runs: removed at the next run, nothing else ---
sh -c 'exit 0' & wait $!
DEAD=$!
sleep 300 & LIVE=$!
R=0123456789abcdef
for f in ".s.csv.socds-$DEAD-$R.tmp" ".p.zip.socds-$DEAD-$R.tmp.Ab12Cd" \
    "backups/.socds-x.db.socds-$DEAD-$R.tmp-journal" "backups/.socds-x.db.socds-$DEAD-$R.tmp" \
    ".s.csv.socds-$LIVE-$R.tmp" "s.csv.socds-$DEAD-$R.tmp" ".s.csv.socds-$DEAD-0123.tmp" \
    ".s.csv.part-$DEAD" "s.csv.new-$DEAD" ".s.csv.socds-$DEAD-$R.tmp.bak" "notes.txt"; do
	echo x >"$T/db/$f"
done
chmod 600 "$T/db/.s.csv.socds-$DEAD-$R.tmp"
ln -s "$T/victim" "$T/db/.l.socds-$DEAD-$R.tmp"
ok "the next run (status)" s status --db "$DB"
ok "a dead run's temporary beside the database: removed" test ! -e "$T/db/.s.csv.socds-$DEAD-$R.tmp"
ok "a dead run's libzip temporary: removed" test ! -e "$T/db/.p.zip.socds-$DEAD-$R.tmp.Ab12Cd"
ok "a dead run's temporary in the backups folder: removed" test ! -e "$T/db/backups/.socds-x.db.socds-$DEAD-$R.tmp"
ok "... and its -journal" test ! -e "$T/db/backups/.socds-x.db.socds-$DEAD-$R.tmp-journal"
ok "a live run's temporary: kept" test -e "$T/db/.s.csv.socds-$LIVE-$R.tmp"
for f in "s.csv.socds-$DEAD-$R.tmp" ".s.csv.socds-$DEAD-0123.tmp" ".s.csv.part-$DEAD" \
    "s.csv.new-$DEAD" ".s.csv.socds-$DEAD-$R.tmp.bak" "notes.txt"; do
	ok "a look-alike is kept: $f" test -e "$T/db/$f"
done
ok "a link with the pattern's name is kept" test -L "$T/db/.l.socds-$DEAD-$R.tmp"
ok "... and what it points to" test "$(sha "$T/victim")" = "$V"
kill $LIVE 2>/dev/null; wait $LIVE 2>/dev/null; LIVE=

# --- a killed export leaves at most its temporaries, 0600, and the next run removes them ---
ok "a bigger database (demo --scale 20)" s demo --unit 21853 --scale 20 --db "$T/db/big.db"
# kill -9 as soon as the package's temporary exists (polled every millisecond).
killed() {
	python3 - "$SOCDS" "$T/db" "$1" "$T" "$2" <<'PY'
import os, signal, subprocess, sys, time, glob
socds, d, out, home, what = sys.argv[1:6]
env = {"PATH": "/usr/bin:/bin", "HOME": home, "LC_ALL": "C.UTF-8", "TMPDIR": home + "/tmp"}
args = {"package": ["export", "package"], "package-zip": ["export", "package"],
        "xlsx": ["export", "xlsx"], "backup": ["backup"]}[what]
# package-zip: killed while libzip writes its own temporary beside ours.
suffix = ".tmp.??????" if what == "package-zip" else ".tmp*"
p = subprocess.Popen([socds] + args + ["--db", d + "/big.db", "--out", out], env=env,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = os.path.basename(out)
deadline = time.time() + 30
while time.time() < deadline and p.poll() is None:
    if glob.glob(os.path.join(d, "." + base + ".socds-%d-*" % p.pid + suffix)):
        time.sleep(0.005)
        break
    time.sleep(0.001)
if p.poll() is not None:
    sys.exit("finished before it could be killed")
p.send_signal(signal.SIGKILL)
p.wait()
print(p.pid)
PY
}
for what in package package-zip xlsx backup; do
	out=$T/db/k-$what.out
	pid=$(killed "$out" "$what" 2>"$T/err")
	ok "$what: killed mid-way (pid $pid)" test -n "$pid"
	ok "$what: no output under its name" test ! -e "$out"
	ok "$what: only temporaries of that run left, all 0600" sh -c "
	    for f in \$(ls -A '$T/db'); do case \$f in
	        a.db*|big.db*|backups|sub|link.db|notes.txt|*.new-*|*.part-*|s.csv.socds-*|.s.csv.socds-*|.l.socds-*) ;;
	        .*.socds-$pid-*.tmp*) [ \"\$(stat -c %a '$T/db/'\$f)\" = 600 ] || exit 1 ;;
	        *) echo \"unexpected \$f\"; exit 1 ;;
	    esac; done"
	[ "$what" = package-zip ] &&
	    ok "$what: libzip's own temporary was there, 0600" sh -c "f=\$(ls -A '$T/db' | grep '^\\..*\\.socds-$pid-[0-9a-f]*\\.tmp\\.[A-Za-z0-9]\\{6\\}\$') && [ \$(stat -c %a '$T/db/'\$f) = 600 ]"
	ok "$what: the next run removes them" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' status --db '$T/db/big.db' >/dev/null 2>&1 && ! ls -A '$T/db' | grep -q '\\.socds-$pid-'"
done

# --- a package export puts nothing in TMPDIR ---
before=$(stat -c %y "$T/tmp")
ok "package export with TMPDIR set" s export package --db "$T/db/big.db" --out "$T/o/big.zip"
ok "TMPDIR is still empty" test -z "$(ls -A "$T/tmp")"
ok "TMPDIR was not even touched (mtime)" test "$(stat -c %y "$T/tmp")" = "$before"
ok "the package merges-ready: unzip -t" unzip -tq "$T/o/big.zip"

# --- never over a device or a pipe: --out /dev/null --force once put an
# ordinary file in place of /dev/null ---
mkfifo "$T/o/pipe"
ok "report --out a pipe --force is refused" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' report --db '$T/db/big.db' --out '$T/o/pipe' --force 2>'$T/o/pipe.err'"
ok "... with one message naming it" grep -q "pipe.*not a file\|ống dẫn" "$T/o/pipe.err"
ok "... and the pipe is still a pipe" test -p "$T/o/pipe"
ln -s "$T/o/pipe" "$T/o/pipe-link"
ok "export csv through a symlink to the pipe is refused" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' export csv --kind staff --db '$T/db/big.db' --out '$T/o/pipe-link' --force 2>/dev/null"
ok "... and the link is still a link to the pipe" sh -c "test -L '$T/o/pipe-link' && test -p '$T/o/pipe-link'"

done_testing
