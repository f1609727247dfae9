#!/bin/sh
# make-import.sh: inputs for the import benchmark.
#
#   test/bench/make-import.sh SOCDS OUTDIR [ROWS] [SCALE]
#
# Writes into OUTDIR:
#   members.csv  ROWS (default 100000) valid rows of `socds export csv --machine
#                --kind member` from a demo district (548, --scale SCALE, default
#                430, about 123,000 members)
#   target.db    that district without those members (nor their activities and
#                trainings): importing members.csv into it must succeed; the rest
#                of the members (about 23,000) stay, for the duplicate checks
#   base.db      target.db with the baseline's table (import-baseline.sql)
#
# Copy target.db and base.db before each run; then
#   socds import members.csv --kind member --db T.db
#   sqlite3 B.db "PRAGMA foreign_keys=ON" ".import --csv --skip 1 members.csv member_in"
set -eu

SOCDS=$(realpath "$1")
OUT=$2
ROWS=${3:-100000}
SCALE=${4:-430}
HERE=$(dirname "$(realpath "$0")")

mkdir -p "$OUT"
cd "$OUT"
rm -f full.db full.db-wal full.db-shm target.db target.db-wal target.db-shm base.db
"$SOCDS" demo --unit 548 --db full.db --scale "$SCALE" >/dev/null
"$SOCDS" export csv --machine --kind member --db full.db --out all.csv --force >/dev/null 2>&1
head -n "$((ROWS + 1))" all.csv > members.csv
rm -f all.csv
sqlite3 full.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp full.db target.db
sqlite3 target.db <<SQL
CREATE TEMP TABLE csvin(team_id, full_name, gender, birth_year, role, affiliation, phone,
    joined_on, note, id, unit_code, created_at, updated_at, version, deleted);
.import --csv --skip 1 members.csv csvin
DELETE FROM activity_member;
DELETE FROM activity_help;
DELETE FROM activity;
DELETE FROM participant WHERE member_id IN (SELECT id FROM csvin);
DELETE FROM member WHERE id IN (SELECT id FROM csvin);
VACUUM;
SQL
# Any writing command brings the file to the current schema first.
"$SOCDS" export csv --kind village --db target.db --out village.csv --force >/dev/null 2>&1
rm -f village.csv full.db full.db-wal full.db-shm
sqlite3 target.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp target.db base.db
sqlite3 base.db < "$HERE/import-baseline.sql"
echo "$(($(wc -l < members.csv) - 1)) rows in $OUT/members.csv; target.db, base.db"
