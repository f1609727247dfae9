#!/bin/sh
# run.sh SECONDS [TARGET...]: builds the libFuzzer targets (when needed) in
# build-fuzz and runs each for SECONDS, printing one line per target. Exits 1
# when a target found a crash, a leak, a timeout or ran out of memory; 2 on a
# usage or build error.
#
#   test/fuzz/run.sh 30                       # what CI runs
#   test/fuzz/run.sh 600 fuzz_csv fuzz_form   # some targets, longer
#
# Environment:
#   BUILD=DIR        build folder (default: build-fuzz in the source tree)
#   FUZZ_JOBS=N      targets run at once (default 1; one core each)
#   FUZZ_ARGS=...    more libFuzzer options, e.g. "-max_len=8192 -use_value_profile=1"
#   FUZZ_WORK=DIR    where corpora grow and crashes land (default BUILD/fuzz-work)
#
# Each target reads its seeds in test/fuzz/corpus/TARGET (never written) and
# its dictionary test/fuzz/TARGET.dict, and grows FUZZ_WORK/TARGET/corpus,
# which later runs start from. A crash is kept as FUZZ_WORK/TARGET/crash-*
# (or leak-, timeout-, oom-) with the run's log beside it.
# Known findings in test/fuzz/crashes/ are replayed first (see README.md).
set -u

usage() {
	echo "usage: $0 SECONDS [fuzz_csv|fuzz_form|fuzz_package|fuzz_import|fuzz_merge|fuzz_receipt ...]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
secs=$1
shift
case $secs in '' | *[!0-9]*) usage ;; esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build-fuzz}
work=${FUZZ_WORK:-$build/fuzz-work}
jobs=${FUZZ_JOBS:-1}
all="fuzz_csv fuzz_form fuzz_package fuzz_import fuzz_merge fuzz_receipt"
targets=${*:-$all}
for t in $targets; do
	case " $all " in *" $t "*) ;; *) echo "$0: unknown target '$t'" >&2; usage ;; esac
done

# --- build ---
if [ ! -f "$build/build.ninja" ]; then
	CC=${CC:-clang} meson setup "$build" "$root" -Dfuzz=true >"$build.setup.log" 2>&1 || {
		cat "$build.setup.log" >&2
		echo "$0: meson setup failed (clang and libclang-rt-14-dev installed?)" >&2
		exit 2
	}
	rm -f "$build.setup.log"
elif ! meson configure "$build" | grep -Eq '^ *fuzz +true'; then
	meson configure "$build" -Dfuzz=true >/dev/null || exit 2
fi
mkdir -p "$work" || exit 2
# shellcheck disable=SC2086
if ! meson compile -C "$build" $targets >"$work/build.log" 2>&1; then
	tail -30 "$work/build.log" >&2
	echo "$0: build failed; the whole log is $work/build.log" >&2
	exit 2
fi

SOCDS_TEST_SRCDIR=$root
export SOCDS_TEST_SRCDIR

# The target a known finding belongs to, from its name.
target_of() {
	case $(basename "$1") in
	csv-*) echo fuzz_csv ;;
	form-*) echo fuzz_form ;;
	package-*) echo fuzz_package ;;
	import-*) echo fuzz_import ;;
	merge-*) echo fuzz_merge ;;
	receipt-*) echo fuzz_receipt ;;
	esac
}

# --- known findings: each must go through the harness (which lets known
# bugs pass), and is tried once more strictly to tell whether it is fixed. ---
status=0
for f in "$here"/crashes/*; do
	[ -f "$f" ] || continue
	t=$(target_of "$f")
	case " $targets " in *" $t "*) ;; *) continue ;; esac
	exe=$build/test/fuzz/$t
	if ! "$exe" "$f" >"$work/replay.log" 2>&1; then
		printf '%-13s %-8s %s (the harness no longer passes it; see %s)\n' "$t" "FAIL" \
		    "crashes/$(basename "$f")" "$work/replay.log"
		status=1
	elif SOCDS_FUZZ_STRICT=1 "$exe" "$f" >/dev/null 2>&1; then
		printf '%-13s %-8s %s: fixed; remove its tolerance from the harness and the file\n' \
		    "$t" "known" "crashes/$(basename "$f")"
	else
		printf '%-13s %-8s %s: still reproduces\n' "$t" "known" "crashes/$(basename "$f")"
	fi
done
rm -f "$work/replay.log"

# --- fuzzing ---
run_one() {
	t=$1
	dir=$work/$t
	mkdir -p "$dir/corpus"
	rm -f "$dir/run.log"
	dict=
	[ -f "$here/$t.dict" ] && dict=-dict=$here/$t.dict
	# shellcheck disable=SC2086
	"$build/test/fuzz/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 \
	    -print_final_stats=1 -artifact_prefix="$dir/" $dict ${FUZZ_ARGS:-} \
	    "$dir/corpus" "$here/corpus/$t" >"$dir/run.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/run.log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/run.log" | tail -1)
	last=$(grep -a -E '^#[0-9]+.*cov: ' "$dir/run.log" | tail -1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s\n' "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	# shellcheck disable=SC2012
	art=$(ls -t "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* "$dir"/oom-* 2>/dev/null | head -1)
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result="FAILED (exit $rc) ${art:-no artifact}; log $dir/run.log"
	fi
	printf '%-13s %10s execs %7s/s  cov %5s  ft %6s  corpus %5s  %s\n' "$t" \
	    "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$result"
	[ "$rc" -eq 0 ]
}

pids=""
n=0
for t in $targets; do
	if [ "$jobs" -le 1 ]; then
		run_one "$t" || status=1
		continue
	fi
	( run_one "$t" ) &
	pids="$pids $!"
	n=$((n + 1))
	if [ "$n" -ge "$jobs" ]; then
		for p in $pids; do wait "$p" || status=1; done
		pids=""
		n=0
	fi
done
for p in $pids; do wait "$p" || status=1; done
exit $status
