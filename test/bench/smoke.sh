#!/bin/sh
# The benchmark program itself works: a tiny database, the parts that need
# no packages, every row printed with a baseline. (The figures are for
# `meson test --benchmark`; this only keeps the program from rotting.)
set -u
BENCH=$1
SOCDS=$2
SQLITE3=$3
T=$(mktemp -d "${TMPDIR:-/tmp}/socds-bench-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
n=0
failed=0
ok() {
	n=$((n + 1)); d=$1; shift
	if "$@"; then echo "ok $n - $d"; else echo "not ok $n - $d"; failed=$((failed + 1)); fi
}
SOCDS_BENCH_DIR=$T SOCDS_BENCH_ONLY=tui,report,export "$BENCH" "$SOCDS" "$SQLITE3" 1 \
	>"$T/out" 2>"$T/err"
rc=$?
ok "the program ends well" [ "$rc" -eq 0 ]
for what in "start to first drawn screen" "list: End, then PgUp/PgDn" \
	"bytes to the terminal for a one-line scroll" "search per keystroke" \
	"peak memory (RSS) of the interface" "yearly report" "activities to CSV" \
	"to XLSX" "RSS) of the 1M-row CSV export"; do
	ok "a row for '$what', with a ratio" sh -c "grep -F -- '$what' '$T/out' | grep -q '×'"
done
ok "the Markdown table for README" grep -q '^| figure | socds |' "$T/figures.md"
[ "$failed" -eq 0 ] || { sed 's/^/# /' "$T/out" "$T/err"; }
echo "1..$n"
[ "$failed" -eq 0 ]
