#!/bin/sh
# socds tasks (and the task rows of socds report) through the real binary on
# new databases: a commune formed on 1 July 2025 lists no task due before it
# and no provincial action, and is overdue on no 2024 task; the province lists
# its provincial actions; a yearly task done in 2025 is not done in 2026.
# TAP output for meson. Usage: sh test_tasks.sh /abs/path/to/socds
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init tasks
tap_utf8

if ! command -v sqlite3 >/dev/null; then
	tap_skip "needs sqlite3"
fi

# Rows of the last `socds tasks` (tab-separated, header dropped).
rows() { tail -n +2 "$T/out"; }
listed() { rows | cut -f1 | grep -qx "$1"; }
not_listed() { ! listed "$1" || { echo "# $1 is listed"; return 1; }; }
status_of() { rows | awk -F '\t' -v c="$1" '$1 == c { print $2 }'; }
none() { [ -z "$1" ] || { echo "# unexpected:"; echo "$1" | sed 's/^/#   /'; return 1; }; }

# Phường An Nhơn (21910, the code of old Phường Đập Đá): formed on 1 July 2025 in
# Gia Lai, on old Bình Định's land.
C=$T/commune.db
ok "init a commune formed on 1 July 2025" run 0 init --unit 21910 --db "$C"
ok "socds tasks runs on it" run 0 tasks --db "$C"
cp "$T/out" "$T/commune.tsv"
ok "the header names the columns" test "$(head -n 1 "$T/out")" = \
    "$(printf 'code\tstatus\toverdue\tyearly\tdue\ttitle')"
ok "the commune has tasks (Bình Định's yearly ones)" listed BD-3.1
ok "no task due in 2024 is listed" none "$(rows | awk -F '\t' '$5 ~ /2024/ && $5 !~ /[Tt]ừ năm 2024/')"
ok "no task is overdue but yearly ones" none "$(rows | awk -F '\t' '$3 == "overdue" && $4 != "yearly"')"
ok "no provincial action: submission to the People's Committee (BD-5.1)" not_listed BD-5.1
ok "no provincial action: study tours (BD-6.2)" not_listed BD-6.2
ok "not the districts' task (BD-1.2)" not_listed BD-1.2
ok "not another province's plan" none "$(rows | cut -f1 | grep -v '^BD-' | grep -v '^XA-')"

# The province (Gia Lai 52, which kept Bình Định's code).
P=$T/province.db
ok "init the province" run 0 init --unit 52 --db "$P"
ok "socds tasks runs on the province" run 0 tasks --db "$P"
ok "the province lists BD-5.1 (Trình UBND tỉnh)" listed BD-5.1
ok "the province lists BD-6.2 (đoàn công tác)" listed BD-6.2
ok "the province lists only its own plan" none "$(rows | cut -f1 | grep -v '^BD-')"
ok "BD-5.1 (Năm 2024, not done) is overdue at the province" \
    test "$(rows | awk -F '\t' '$1 == "BD-5.1" { print $3 }')" = overdue

# A yearly task done in 2025 (its evidence dated 2025) is not done in 2026.
sqlite3 "$C" "INSERT INTO task_progress(id, unit_code, created_at, updated_at, task_code,
    status, evidence_no, evidence_date) VALUES ('00000000-0000-7000-8000-0000000000a1',
    '21910', '2025-05-12T08:00:00Z', '2025-05-12T08:00:00Z', 'BD-3.1', 'done', '12/BC-UBND',
    '2025-05-10');" || echo "# sqlite3 insert failed"
ok "tasks --period 2025" run 0 tasks --period 2025 --db "$C"
ok "BD-3.1 is done in 2025" test "$(status_of BD-3.1)" = done
ok "and not overdue in 2025" test -z "$(rows | awk -F '\t' '$1 == "BD-3.1" { print $3 }')"
ok "tasks --period 2026" run 0 tasks --period 2026 --db "$C"
ok "BD-3.1 is not done in 2026" test "$(status_of BD-3.1)" = not_started
ok "tasks (today) agrees with --period 2026 for BD-3.1" sh -c \
    "[ \"\$(date +%Y)\" != 2026 ] || { env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME='$T/home' \
    '$SOCDS' tasks --db '$C' | awk -F '\t' '\$1 == \"BD-3.1\" { print \$2 }' | grep -qx not_started; }"
# The report counts the same: done 1 for 2025, 0 for 2026.
done_in() {
	run 0 report --period "$1" --format csv --db "$C" || return 1
	awk -F, '$1 == "tasks.status" && $3 == "21910" && $5 == "done" { print $7 }' "$T/out"
}
ok "the 2025 report counts the task done" test "$(done_in 2025)" = 1
ok "the 2026 report does not" test "$(done_in 2026)" = 0
# The report's overdue figure is the list's.
ok "report overdue = tasks overdue (2026)" sh -c "
	o=\$(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME='$T/home' '$SOCDS' report --period 2026 \
	    --format csv --db '$C' | awk -F, '\$1 == \"tasks.status\" && \$3 == \"21910\" &&
	    \$5 == \"overdue\" { print \$7 }')
	l=\$(env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME='$T/home' '$SOCDS' tasks --period 2026 \
	    --db '$C' | awk -F '\t' 'NR > 1 && \$3 == \"overdue\"' | wc -l)
	[ \"\$o\" = \"\$l\" ] || { echo \"# report \$o, list \$l\"; exit 1; }"

# socds tasks set: the task status job from the command line.
ok "tasks set records a status" run 0 tasks set BD-3.1 done --note "Đã tổ chức" \
    --evidence-no 12/QĐ-UBND --evidence-date 2026-03-02 --db "$C"
ok "the list shows it done" sh -c "env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME='$T/home' \
    '$SOCDS' tasks --db '$C' | awk -F '\t' '\$1 == \"BD-3.1\" { print \$2 }' | grep -qx done"
ok "a progress record, its evidence stored as typed" test "$(sqlite3 "$C" \
    "SELECT status || '|' || evidence_no || '|' || evidence_date FROM task_progress
     WHERE task_code = 'BD-3.1' AND deleted = 0 ORDER BY rowid DESC LIMIT 1")" = "done|12/QĐ-UBND|2026-03-02"
before=$(sqlite3 "$C" "SELECT count(*) FROM task_progress")
ok "an unknown status is refused" run 1 tasks set BD-3.1 finished --db "$C"
ok "an unknown task is refused" run 1 tasks set NOPE-1 done --db "$C"
ok "set without a status is bad usage" run 2 tasks set BD-3.1 --db "$C"
ok "nothing written by the refusals" test "$(sqlite3 "$C" "SELECT count(*) FROM task_progress")" = "$before"

# Bad usage.
ok "a unit outside the database is refused" run 1 tasks --unit 40 --db "$C"
ok "a bad period is bad usage" run 2 tasks --period 2026-Q5 --db "$C"

done_testing
