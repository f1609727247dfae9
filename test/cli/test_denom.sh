#!/bin/sh
# Figures a unit enters per year (statistic) and the shares of Bình Định's
# targets made from them: on a commune database and on an office database,
# every share in `socds report --format csv` equals independently written
# SQL; a unit that entered nothing reads "not entered", never 0; a figure
# imported from CSV travels up in a package and merges at the office without
# duplicates; the commune's own duties are tasks of a commune and of no
# province; the smart-city help category has its fixed row. TAP output.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init denom
TAP_CAPTURE=1	# ok: stdout and stderr of each check in $T/out and $T/err
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" --lang en "$@"; }
q() { sqlite3 "$1" "$2"; }
eq() { [ "$1" = "$2" ] || { echo "got '$1', expected '$2'"; return 1; }; }
Y=$(date +%Y)
C=$T/c.db
O=$T/o.db

# The report's CSV as a table `r` of a scratch database (sqlite3's own CSV
# reader; the byte-order mark off first).
load() {	# load CSV DB: the rows of CSV into DB, table r
	sed '1s/^\xEF\xBB\xBF//' "$1" >"$1.plain" && rm -f "$2" &&
	sqlite3 "$2" ".import --csv '$1.plain' r"
}
# One share of the report: value/denominator, or //not entered, of figure $2,
# unit $3, part $4 (the percent is checked on its own: pct_ok).
share() { q "$1" "SELECT CASE WHEN percent = 'not entered' THEN value || '/' || denominator || '/' || percent ELSE value || '/' || denominator END FROM r WHERE figure = '$2' AND unit_code = '$3' AND part = '$4'"; }
# Every share's percent is 100 * value / denominator to one decimal (each
# side rounds on its own: a half may go either way).
pct_ok() { eq "$(q "$1" "SELECT count(*) FROM r WHERE (figure LIKE 'society.%' OR figure = 'training.officials_trained_share') AND percent <> 'not entered' AND abs(percent - 100.0 * value / denominator) > 0.051")" 0; }

# The same, written again from the records: for unit U (and the units below
# it), each unit that entered both figures for year $Y counts. On today's map
# (src/store/store-internal.h): an abolished commune counts in a unit below
# the report's own unit only when credited to it, i.e. the old-to-new mapping
# (unit_map) names one current commune within it, or, with no rule, its
# successor_code does; the report's own unit keeps every unit below it and
# gets whatever the mapping sends within it (split communes too).
below_of() {	# below_of UNIT: WITH ... below(code)
	echo "WITH RECURSIVE tree(code) AS (SELECT '$1' UNION
	    SELECT x.code FROM unit x JOIN tree t ON x.parent_code = t.code),
	  is_home(yes) AS (SELECT '$1' = (SELECT unit_code FROM home)),
	  below(code) AS (SELECT t.code FROM tree t JOIN unit x ON x.code = t.code
	    WHERE (SELECT yes FROM is_home) OR x.level <> 'commune' OR x.status = 'current'
	  UNION SELECT o.code FROM unit o WHERE o.level = 'commune' AND o.status = 'abolished'
	    AND CASE WHEN EXISTS (SELECT 1 FROM unit_map m WHERE m.old_code = o.code)
	    THEN EXISTS (SELECT 1 FROM unit_map m JOIN tree t ON t.code = m.new_code
	      WHERE m.old_code = o.code) AND ((SELECT yes FROM is_home)
	      OR (SELECT count(DISTINCT m.new_code) FROM unit_map m WHERE m.old_code = o.code) = 1)
	    ELSE ifnull(o.successor_code IN (SELECT code FROM tree), 0) END)"
}
want_pair() {	# want_pair DB UNIT NUM DEN [own]
	scope="SELECT code FROM below"
	[ "${5:-}" = own ] && scope="SELECT '$2'"
	q "$1" "$(below_of "$2") SELECT CASE WHEN count(*) = 0 THEN '//not entered'
	    ELSE sum(num) || '/' || sum(den) END
	    FROM (SELECT (SELECT value FROM statistic WHERE unit_code = d.unit_code AND year = $Y
	    AND indicator = '$3' AND deleted = 0) AS num, d.value AS den FROM statistic d
	    WHERE d.unit_code IN ($scope) AND d.year = $Y AND d.indicator = '$4' AND d.deleted = 0
	    AND d.value > 0) WHERE num IS NOT NULL"
}
# The day a report of this year counts people as of: today (the year's end
# is later); the program runs with no TZ (env -i), so today as it sees it.
ASOF=$(env -i date +%Y-%m-%d)
want_trained() {	# want_trained DB UNIT [own]: trained staff this year, in post
	# on ASOF (from in_post_from, else the decision date, else the day the
	# record was made; until in_post_until, that day included), of officials entered
	scope="SELECT code FROM below"
	[ "${3:-}" = own ] && scope="SELECT '$2'"
	q "$1" "$(below_of "$2") SELECT CASE WHEN count(*) = 0 THEN '//not entered'
	    ELSE sum(tr) || '/' || sum(den) END
	    FROM (SELECT d.value AS den, (SELECT count(*) FROM staff st WHERE st.unit_code = d.unit_code
	    AND st.deleted = 0 AND CASE WHEN st.in_post_from IS NOT NULL THEN st.in_post_from
	    WHEN st.decision_date IS NOT NULL THEN st.decision_date ELSE substr(st.created_at, 1, 10) END <= '$ASOF'
	    AND ifnull(st.in_post_until, '9999-12-31') >= '$ASOF' AND st.id IN (SELECT p.staff_id FROM participant p, training t
	    WHERE t.id = p.training_id AND p.deleted = 0 AND p.attended = 1 AND t.deleted = 0
	    AND substr(t.start_date, 1, 4) = '$Y')) AS tr FROM statistic d
	    WHERE d.unit_code IN ($scope) AND d.year = $Y AND d.indicator = 'officials'
	    AND d.deleted = 0 AND d.value > 0)"
}
PAIRS="society.eid_share:eid_adults:population_15 society.dvc_share:dvc_adults:population_15
society.ehealth_share:ehealth_people:population society.cashless_share:cashless_adults:population_15
society.fibre_share:fibre_households:households"
check_unit() {	# check_unit DB REPORTDB UNIT PART [own]: every share of UNIT's row
	for p in $PAIRS; do
		fig=${p%%:*}; rest=${p#*:}; num=${rest%%:*}; den=${rest#*:}
		eq "$(share "$2" "$fig" "$3" "$4")" "$(want_pair "$1" "$3" "$num" "$den" "${5:-}")" ||
		    { echo "$fig $3 $4"; return 1; }
	done
	eq "$(share "$2" training.officials_trained_share "$3" "$4")" \
	    "$(want_trained "$1" "$3" "${5:-}")" || { echo "officials $3 $4"; return 1; }
}

# --- a commune ---
ok "demo commune 21853" s demo --unit 21853 --db "$C"
ok "it has its figures for last year and this" eq "$(q "$C" "SELECT count(DISTINCT year) || ' ' || count(*) FROM statistic WHERE deleted = 0")" "2 18"
ok "officials entered: 20 to 40" eq "$(q "$C" "SELECT count(*) FROM statistic WHERE indicator = 'officials' AND value NOT BETWEEN 20 AND 40")" 0
ok "households entered are its villages' households" eq "$(q "$C" "SELECT value FROM statistic WHERE indicator = 'households' AND year = $Y")" "$(q "$C" "SELECT sum(households) FROM village WHERE deleted = 0")"
ok "report CSV of the year" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period $Y --format csv --db '$C' >'$T/c.csv'"
ok "loaded" load "$T/c.csv" "$T/rc.db"
ok "every share equals the SQL (commune)" check_unit "$C" "$T/rc.db" 21853 unit
ok "... and its percent" pct_ok "$T/rc.db"
ok "the targets are the plan's for 2025 (seed 001, II.2.2)" eq "$(q "$T/rc.db" "SELECT group_concat(figure || '=' || target, ' ') FROM (SELECT figure, target FROM r WHERE figure IN ('training.officials_trained_share', 'society.eid_share', 'society.dvc_share', 'society.ehealth_share', 'society.cashless_share', 'society.fibre_share') ORDER BY figure)")" \
    "society.cashless_share=85 society.dvc_share=80 society.ehealth_share=90 society.eid_share=50 society.fibre_share=95 training.officials_trained_share=85"
ok "a share is a number here, not 'not entered'" eq "$(share "$T/rc.db" society.eid_share 21853 unit | grep -c 'not entered')" 0
# A year it entered nothing for: said, not 0.
ok "report CSV of 2024" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period 2024 --format csv --db '$C' >'$T/c24.csv'"
ok "loaded" load "$T/c24.csv" "$T/rc24.db"
ok "2024: every share reads 'not entered', value empty" eq "$(q "$T/rc24.db" "SELECT count(*) FROM r WHERE figure IN ('training.officials_trained_share', 'society.eid_share', 'society.dvc_share', 'society.ehealth_share', 'society.cashless_share', 'society.fibre_share') AND percent = 'not entered' AND value = '' AND denominator = ''")" 6
ok "the text report says 'chưa nhập' (Vietnamese)" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' report --period 2024 --db '$C' | grep -A1 'Tỷ lệ dân số có hồ sơ sức khỏe điện tử' | grep -q 'chưa nhập, mục tiêu 90,0%'"
ok "... never 0% for them" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period 2024 --db '$C' | grep -A1 'electronic health record' | grep -q '0/0'"

# Duties of the commune: its own yearly tasks, a group in the report.
ok "socds tasks lists the commune's duties" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' tasks --db '$C' | cut -f1 | grep -c '^XA-' | grep -qx 3"
ok "... yearly" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' tasks --db '$C' | awk -F '\t' '\$1 ~ /^XA-/ && \$4 != \"yearly\"' | grep -c . | grep -qx 0"
ok "the report counts them as their own group" eq "$(q "$T/rc.db" "SELECT value FROM r WHERE figure = 'tasks.duties' AND key = 'total' AND part = 'unit'")" 3
ok "... done as the year's progress says" eq "$(q "$T/rc.db" "SELECT value FROM r WHERE figure = 'tasks.duties' AND key = 'done' AND part = 'unit'")" \
    "$(q "$C" "SELECT count(*) FROM task t WHERE t.code LIKE 'XA-%' AND (SELECT status FROM task_progress p WHERE p.task_code = t.code AND p.deleted = 0 AND substr(ifnull(p.evidence_date, p.created_at), 1, 4) = '$Y' ORDER BY p.updated_at DESC, p.id DESC LIMIT 1) = 'done'")"
ok "the text report shows 'Nhiệm vụ của xã'" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' report --period $Y --db '$C' | grep -q 'Nhiệm vụ của xã'"
ok "a province has none of them" sh -c "s() { env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' \"\$@\"; }; s init --unit 52 --db '$T/p.db' >/dev/null && s tasks --db '$T/p.db' | cut -f1 | grep -c '^XA-' | grep -qx 0"
ok "the smart-city help category has its fixed row" eq "$(q "$T/rc.db" "SELECT count(*) FROM r WHERE figure = 'cdtt.helped_by_category' AND key = 'smart_city' AND part = 'unit'")" 1

# --- an office: a row per commune, "not entered" where a commune entered none ---
ok "demo office 548" s demo --unit 548 --db "$O"
ok "report CSV of the year" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period $Y --format csv --db '$O' >'$T/o.csv'"
ok "loaded" load "$T/o.csv" "$T/ro.db"
ok "the total equals the SQL over the communes below" check_unit "$O" "$T/ro.db" 548 unit
ok "... every percent too" pct_ok "$T/ro.db"
for u in $(q "$O" "SELECT code FROM unit WHERE parent_code = '548' AND status = 'current' ORDER BY code"); do
	ok "commune $u's row equals the SQL" check_unit "$O" "$T/ro.db" "$u" below
done
NONE=$(q "$O" "SELECT code FROM unit WHERE parent_code = '548' AND status = 'current' AND code NOT IN (SELECT unit_code FROM statistic WHERE deleted = 0) LIMIT 1")
ok "a commune of the demo entered no figures" test -n "$NONE"
ok "its row reads 'not entered', not 0" eq "$(share "$T/ro.db" society.eid_share "$NONE" below)" "//not entered"
ok "the office's own row reads 'not entered'" check_unit "$O" "$T/ro.db" 548 own own
ok "... as the text report says, unit by unit" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period $Y --db '$O' | grep -c 'not entered' | awk '{ exit !(\$1 >= 12) }'"

# --- a figure imported from CSV travels up and merges without duplicates ---
printf 'year,indicator,value,source,as_of\r\n2024,Dân số từ 15 tuổi trở lên,8000,Công an xã,31/12/2024\r\n2024,eid_adults,3000,Công an xã,31/12/2024\r\n' >"$T/s.csv"
ok "import two figures for 2024 at the commune" s import "$T/s.csv" --kind statistic --db "$C"
ok "imported with source and date" eq "$(q "$C" "SELECT group_concat(indicator || '=' || value || '@' || as_of, ' ') FROM (SELECT * FROM statistic WHERE year = 2024 ORDER BY indicator)")" "eid_adults=3000@2024-12-31 population_15=8000@2024-12-31"
ok "the same file again is refused (one figure per unit, year, indicator)" sh -c "! env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en import '$T/s.csv' --kind statistic --db '$C' 2>'$T/e2'; grep -q 'already recorded for this unit with the same Year' '$T/e2'"
ok "2024's share now counts" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period 2024 --format csv --db '$C' >'$T/c24b.csv'"
ok "loaded" load "$T/c24b.csv" "$T/rc24b.db"
ok "... 3000/8000 (37.5%)" eq "$(q "$T/rc24b.db" "SELECT value || '/' || denominator || '/' || percent FROM r WHERE figure = 'society.eid_share' AND part = 'unit'")" "3000/8000/37.5"
ok "district office" s init --unit 548 --db "$T/d.db"
ok "package the commune" s export package --db "$C" --out "$T/c1.zip"
ok "the package holds the figures" sh -c "unzip -l '$T/c1.zip' | grep -q 'data/statistic.csv'"
ok "merge it" s merge "$T/c1.zip" --db "$T/d.db"
ok "the office has the commune's figures, as made" eq "$(q "$T/d.db" "SELECT count(*) || ' ' || sum(value) FROM statistic WHERE unit_code = '21853' AND deleted = 0")" "$(q "$C" "SELECT count(*) || ' ' || sum(value) FROM statistic WHERE deleted = 0")"
ok "merge the same package again" s merge "$T/c1.zip" --db "$T/d.db"
# The commune corrects a figure; the next package brings the change.
q "$C" "UPDATE statistic SET value = 8100, version = version + 1 WHERE year = 2024 AND indicator = 'population_15'"
ok "package again" s export package --db "$C" --out "$T/c2.zip"
ok "merge it" s merge "$T/c2.zip" --db "$T/d.db"
ok "no figure twice at the office" eq "$(q "$T/d.db" "SELECT count(*) FROM (SELECT 1 FROM statistic WHERE deleted = 0 GROUP BY unit_code, year, indicator HAVING count(*) > 1)")" 0
ok "the correction arrived" eq "$(q "$T/d.db" "SELECT value FROM statistic WHERE unit_code = '21853' AND year = 2024 AND indicator = 'population_15' AND deleted = 0")" 8100
ok "as many as the commune has" eq "$(q "$T/d.db" "SELECT count(*) FROM statistic WHERE deleted = 0")" "$(q "$C" "SELECT count(*) FROM statistic WHERE deleted = 0")"
# An office that holds its own copy of the commune's figures (the demo made
# them under other ids): the commune's rows are refused, not doubled.
ok "merge into the demo office" s merge "$T/c2.zip" --db "$O"
ok "still no figure twice there" eq "$(q "$O" "SELECT count(*) FROM (SELECT 1 FROM statistic WHERE deleted = 0 GROUP BY unit_code, year, indicator HAVING count(*) > 1)")" 0
ok "the refusals are logged with the reason" sh -c "[ \$(sqlite3 '$O' \"SELECT count(*) FROM merge_issue WHERE kind = 'statistic' AND reason LIKE '%already recorded for this unit%'\") -gt 0 ]"
ok "the office's report of 2024 shares the merged figures" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en report --period 2024 --format csv --db '$T/d.db' >'$T/d24.csv'"
ok "loaded" load "$T/d24.csv" "$T/rd24.db"
ok "... 3000/8100 at the office, for the commune and in total" sh -c "[ \"\$(sqlite3 '$T/rd24.db' \"SELECT value || '/' || denominator FROM r WHERE figure = 'society.eid_share' AND unit_code = '21853' AND part = 'below'\")\" = 3000/8100 ] && [ \"\$(sqlite3 '$T/rd24.db' \"SELECT value || '/' || denominator FROM r WHERE figure = 'society.eid_share' AND part = 'unit'\")\" = 3000/8100 ]"
done_testing
