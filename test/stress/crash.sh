#!/bin/sh
# crash: an officer's laptop dies while saving. A saver process inserts staff
# records one save at a time and is killed with SIGKILL after a random 5-80 ms,
# again and again on the same file. Every save it acknowledged ("ack N ID",
# printed only after store_record_insert returned 0) must be in the file, the
# file must pass PRAGMA integrity_check (checked by the sqlite3 shell, not by
# socds), and socds must open and check it. TAP output for meson.
#
#   crash.sh SOCDS SAVER
#
# STRESS_KILLS (default 200) sets the number of kills, STRESS_SEED the random
# delays (printed, so that a failure can be replayed).
#
# SIGKILL proves the file survives a process dying at any instruction; it does
# not drop the operating system's page cache, so it cannot prove the fsyncs of
# a power cut (synchronous=FULL is there for that).
set -u
SOCDS=$1
SAVER=$2
KILLS=${STRESS_KILLS:-200}
GROUP=20
T=$(mktemp -d "${TMPDIR:-/tmp}/socds-crash-XXXXXX")
pid=
# On any way out, no saver left running and no folder left behind.
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM HUP PIPE
DB=$T/crash.db
n=0
failed=0

tap() {	# tap STATUS DESCRIPTION: one TAP line (STATUS 0 = ok)
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# complete_acks FILE: the "N ID" of every whole ack line of FILE. A line the
# kill cut (no newline yet) was never acknowledged, so it is left out.
ends_cut() { [ -s "$1" ] && [ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" != '\n' ]; }
complete_acks() {
	if ends_cut "$1"; then sed '$d' "$1"; else cat "$1"; fi |
	    sed -n 's/^ack \([0-9][0-9]*\) \([0-9a-f-]\{36\}\)$/\1 \2/p'
}

# stored_saves [-readonly]: "N ID" of every Saver row in the file, sorted, in
# $T/stored; the sqlite3 shell's own errors in $T/sqlerr.
stored_saves() {
	sqlite3 "$@" -batch -separator ' ' "$DB" \
	    "SELECT substr(full_name, 7), id FROM staff WHERE full_name LIKE 'Saver %'" \
	    2>"$T/sqlerr" | LC_ALL=C sort >"$T/stored"
}

# missing: how many acknowledged saves $T/stored lacks (the first few in $T/missing).
missing() {
	LC_ALL=C sort "$T/acked" >"$T/acked.sorted"
	LC_ALL=C comm -23 "$T/acked.sorted" "$T/stored" >"$T/missing"
	wc -l <"$T/missing" | tr -d ' '
}

if ! "$SOCDS" init --unit 00004 --db "$DB" >"$T/out" 2>"$T/err"; then
	echo "Bail out! socds init failed: $(cat "$T/err")"
	exit 1
fi
tap 0 "socds init --unit 00004"

: >"$T/acked"

# What a kill cannot show: that an ack comes only after the save reached the
# disk. Under strace, every "ack" must follow an fsync/fdatasync of the WAL
# made after the save's last write to it.
if ! command -v strace >/dev/null 2>&1; then
	n=$((n + 1)); echo "ok $n # SKIP strace is not installed"
elif ! ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -o "$T/trace" -e trace=openat,write,pwrite64,pwritev,fsync,fdatasync \
    "$SAVER" --first 999000001 20 "$DB" >"$T/ack" 2>"$T/err"; then
	# (LeakSanitizer cannot run under ptrace, hence detect_leaks=0.)
	n=$((n + 1)); echo "ok $n # SKIP strace cannot trace here: $(head -n 1 "$T/err" | cut -c 1-200)"
else
	complete_acks "$T/ack" >>"$T/acked"
	res=$(awk '
	    /^openat\(.*-wal", / { sub(/.*= /, ""); wal = $0 + 0; next }
	    wal != "" && /^(pwrite64|pwritev|write)\(/ {
		fd = $0; sub(/^[a-z0-9]*\(/, "", fd); sub(/,.*/, "", fd)
		if (fd + 0 == wal) dirty = 1
		else if (fd + 0 == 1 && /"ack /) { acks++; if (dirty || !synced) bad++; synced = 0 }
		next }
	    wal != "" && /^f(data)?sync\(/ {
		fd = $0; sub(/^[a-z]*\(/, "", fd); sub(/\).*/, "", fd)
		if (fd + 0 == wal && / = 0$/) { dirty = 0; synced = 1 } }
	    END { printf "%d %d", acks, bad }' "$T/trace")
	[ "${res% *}" -eq 20 ] && [ "${res#* }" -eq 0 ]
	tap $? "each ack follows an fsync of the WAL (strace: ${res% *} acks, ${res#* } before the sync)"
fi

seed=${STRESS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# seed $seed (STRESS_SEED=$seed repeats these delays)"
# Delays in ms, 5 to 80, drawn once so the run is reproducible.
awk -v seed="$seed" -v n="$KILLS" 'BEGIN { srand(seed);
    for (i = 0; i < n; i++) printf "%d\n", 5 + int(rand() * 76) }' >"$T/delays"

acks=$(wc -l <"$T/acked" | tr -d ' ')	# acknowledged saves so far
cuts=0		# kills that cut an ack line in half
empty=0		# kills before the first ack of that run (during start or open)
saver_errors=0	# savers that stopped on their own (a save failed)
kill_missing=0	# acknowledged saves missing right after some kill
group_bad=0	# problems found in the current group of kills
i=0
start=$(date +%s)
while read -r ms; do
	i=$((i + 1))
	first=$(((i - 1) * 1000000 + 1))
	"$SAVER" --first "$first" 1000000 "$DB" >"$T/ack" 2>"$T/saver.err" &
	pid=$!
	# Every other kill waits for the first ack, so that on a loaded machine
	# (a slow start) half the kills still land among saves; the others may
	# land anywhere, the open included.
	if [ $((i % 2)) -eq 0 ]; then
		w=0
		while [ ! -s "$T/ack" ] && [ $w -lt 500 ] && kill -0 "$pid" 2>/dev/null; do
			sleep 0.01; w=$((w + 1))
		done
	fi
	sleep "$(printf '0.%03d' "$ms")"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	if [ "$st" -ne 137 ]; then
		# It stopped by itself: a save or the open failed and told its user.
		saver_errors=$((saver_errors + 1))
		group_bad=$((group_bad + 1))
		echo "# kill $i: saver exited $st before the kill: $(head -n 1 "$T/saver.err" | cut -c 1-300)"
	fi
	ends_cut "$T/ack" && cuts=$((cuts + 1))
	complete_acks "$T/ack" >"$T/ack.new"
	got=$(wc -l <"$T/ack.new" | tr -d ' ')
	[ "$got" -eq 0 ] && empty=$((empty + 1))
	cat "$T/ack.new" >>"$T/acked"
	acks=$((acks + got))

	# After each kill: a quick read-only look. A read-only connection does
	# not checkpoint, so the next saver still finds the WAL the dead one left.
	stored_saves -readonly
	if [ -s "$T/sqlerr" ]; then
		group_bad=$((group_bad + 1))
		echo "# kill $i (after ${ms} ms): sqlite3: $(head -n 1 "$T/sqlerr" | cut -c 1-300)"
	fi
	m=$(missing)
	if [ "$m" -ne 0 ]; then
		kill_missing=$((kill_missing + m))
		group_bad=$((group_bad + 1))
		echo "# kill $i (after ${ms} ms): $m acknowledged saves missing, e.g. $(head -n 3 "$T/missing" | tr '\n' ',')"
	fi

	if [ $((i % GROUP)) -eq 0 ] || [ "$i" -eq "$KILLS" ]; then
		# The full check of the group: the sqlite3 shell's integrity check
		# (read-write: it also checkpoints and so exercises the WAL's
		# recovery), every ack so far, and socds opening and checking it.
		ic=$(sqlite3 -batch "$DB" 'PRAGMA integrity_check; PRAGMA foreign_key_check;' 2>&1)
		[ "$ic" = ok ] || { group_bad=$((group_bad + 1)); echo "integrity: $ic" | head -n 5 | sed 's/^/# /'; }
		stored_saves
		m=$(missing)
		if [ "$m" -ne 0 ] || [ -s "$T/sqlerr" ]; then
			group_bad=$((group_bad + 1))
			echo "# $m acknowledged saves missing, e.g. $(head -n 3 "$T/missing" | tr '\n' ',')"
		fi
		if ! "$SOCDS" check --db "$DB" >"$T/out" 2>"$T/err"; then
			group_bad=$((group_bad + 1))
			echo "# socds check failed: $(head -n 1 "$T/err" | cut -c 1-300)"
		fi
		rows=$(wc -l <"$T/stored" | tr -d ' ')
		tap "$group_bad" "after $i kills: integrity ok, $acks acknowledged saves all present ($rows rows), socds check ok"
		group_bad=0
	fi
done <"$T/delays"
elapsed=$(($(date +%s) - start))

# A save committed just before the kill, before its ack was printed, is in
# the file without an ack: at most one such row per kill.
rows=$(wc -l <"$T/stored" | tr -d ' ')
unacked=$((rows - acks))
[ "$unacked" -ge 0 ] && [ "$unacked" -le "$i" ]
tap $? "rows without an ack ($unacked) are at most one per kill ($i)"
tap "$saver_errors" "no save failed on its own ($saver_errors savers stopped before their kill)"
# Kills landing before the first save prove nothing: most must land among
# saves (a loaded machine or sanitizers slow the start, so not all).
[ "$acks" -gt $((i / 2)) ] && [ "$empty" -lt $((i * 3 / 4)) ]
tap $? "kills landed among saves ($empty of $i before the first ack)"

if [ "$failed" -eq 0 ]; then
	echo "# $i kills, $acks acknowledged saves, all present"
else
	echo "# $i kills, $acks acknowledged saves, $(wc -l <"$T/missing" | tr -d ' ') missing at the end ($kill_missing summed over the checks after each kill), $failed checks failed"
fi
echo "# $unacked committed saves were not yet acknowledged when killed; $cuts ack lines cut; ${elapsed}s"
echo "1..$n"
[ "$failed" -eq 0 ]
