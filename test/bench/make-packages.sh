#!/bin/sh
# make-packages.sh: inputs for the import and merge benchmarks.
#
#   test/bench/make-packages.sh SOCDS OUTDIR [PACKAGES] [SCALE] [PROVINCE]
#
# Writes into OUTDIR:
#   province.db     an empty database of PROVINCE (default 79), the merging side
#   p/NNN.zip       PACKAGES (default 300) upload packages of communes of PROVINCE,
#                   made by `socds demo --unit COMMUNE --scale SCALE` (default 10,
#                   about 3,300 rows a package) and `socds export package`
#   merge.sql       the sqlite3 baseline of the merge (see below)
#   rows.txt        how many rows the packages hold
#
# A province has at most 168 current communes (79, Ho Chi Minh City), fewer
# than 300: past the last commune the list starts again with another --seed,
# as if a second computer of that commune sent its own records (distinct ids).
#
# The baseline loads the same CSV files with the sqlite3 shell into the same
# tables and indexes, in one transaction:
#   cp OUTDIR/province.db base.db && sqlite3 base.db < OUTDIR/merge.sql
set -eu

SOCDS=$(realpath "$1")
OUT=$2
N=${3:-300}
SCALE=${4:-10}
PROV=${5:-79}
JOBS=${JOBS:-$(nproc)}

mkdir -p "$OUT/p" "$OUT/tmp"
OUT=$(realpath "$OUT")
rm -f "$OUT/province.db" "$OUT/province.db-wal" "$OUT/province.db-shm"
"$SOCDS" init --unit "$PROV" --db "$OUT/province.db" >/dev/null
sqlite3 "$OUT/province.db" "SELECT code FROM unit WHERE parent_code = '$PROV'
    AND level = 'commune' AND status = 'current' ORDER BY code" > "$OUT/communes.txt"
NC=$(wc -l < "$OUT/communes.txt")
[ "$NC" -gt 0 ] || { echo "no current communes below $PROV" >&2; exit 1; }

# One package: commune i mod NC, seed i.
i=0
while [ "$i" -lt "$N" ]; do
	echo "$i"
	i=$((i + 1))
done | xargs -P "$JOBS" -I{} sh -c '
	i=$1; out=$2; socds=$3; scale=$4; nc=$5
	c=$(sed -n "$((i % nc + 1))p" "$out/communes.txt")
	f=$(printf "%03d" "$i")
	db="$out/tmp/$f.db"
	rm -f "$db" "$db-wal" "$db-shm"
	"$socds" demo --db "$db" --unit "$c" --scale "$scale" --seed "$((i + 1))" >/dev/null
	"$socds" export package --db "$db" --out "$out/p/$f.zip" --force >/dev/null
	rm -f "$db" "$db-wal" "$db-shm"
' sh {} "$OUT" "$SOCDS" "$SCALE" "$NC"
rmdir "$OUT/tmp" 2>/dev/null || true

# The baseline: every package's tables, in the merge's order, into staging
# tables of the same columns, then into the real tables (same columns, same
# indexes, foreign keys on), all in one transaction. Child rows (activity
# members, citizens helped) are split out of their cells as the merge does.
KINDS="village staff training team member participant activity task_progress"
{
	echo "PRAGMA foreign_keys = ON;"
	echo "BEGIN;"
	for k in $KINDS; do
		for z in "$OUT"/p/*.zip; do
			f=$(basename "$z" .zip)
			mkdir -p "$OUT/csv/$f"
			unzip -o -q "$z" "data/$k.csv" -d "$OUT/csv/$f" 2>/dev/null || continue
			echo ".import --csv --skip 1 $OUT/csv/$f/data/$k.csv in_$k"
		done
	done
	echo "COMMIT;"
} > "$OUT/import-lines.sql"

# Staging tables take the CSV header's columns (the first package's).
z=$(ls "$OUT"/p/*.zip | head -n 1)
f=$(basename "$z" .zip)
{
	for k in $KINDS; do
		[ -f "$OUT/csv/$f/data/$k.csv" ] || continue
		cols=$(head -n 1 "$OUT/csv/$f/data/$k.csv" | sed 's/^\xef\xbb\xbf//; s/\r$//')
		echo "CREATE TEMP TABLE in_$k($cols);"
	done
} > "$OUT/staging.sql"

{
	cat "$OUT/staging.sql"
	sed '$d' "$OUT/import-lines.sql"
	cat "$(dirname "$0")/merge-baseline.sql"
	echo "COMMIT;"
} > "$OUT/merge.sql"

# Rows as the manifests count them.
rows=0
for z in "$OUT"/p/*.zip; do
	n=$(unzip -p "$z" manifest.json | sed -n 's/.*"rows": *\([0-9]*\).*/\1/p' | paste -sd+ | bc)
	rows=$((rows + n))
done
echo "$rows" > "$OUT/rows.txt"
echo "$N packages, $rows rows, in $OUT"
