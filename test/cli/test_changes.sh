#!/bin/sh
# Change-only packages (issue 17, part C). A commune (demo 21853) sends a
# whole package to the province (52); a receipt is stood for by filling
# receipt_taken and ack with sqlite3 (the round-trip test takes real
# receipts); a month of new work is imported; `export package --changes`
# carries only what the office has not acknowledged (new, changed,
# tombstones, open remarks), names its base, and merges at the office with
# no conflict. An office that never merged the base, or reverted it,
# refuses the package, naming the base. The manifests are read with Python's
# zipfile and json, not socds. TAP output; the byte counts are printed.
set -u
SOCDS=$1
HERE=$(dirname "$0")
. "$HERE/../lib/tap.sh"
tap_init changes
tap_utf8
TAP_CAPTURE=1
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 LANGUAGE=en "$SOCDS" --lang en "$@"; }
refused() { ! s "$@" >"$T/msg.out" 2>"$T/msg"; }
msg_has() { grep -qF -- "$1" "$T/msg" || { cat "$T/msg"; return 1; }; }
keep() { s "$@" >"$T/kept" 2>&1; }
# The data of an office, every table but the logs: must not move.
data() { sqlite3 "$1" .dump | grep -vE '^INSERT INTO "?(merge_log|merge_issue|merge_row|audit|unit_key)"?'; }
same_data() { data "$1" | cmp -s - "$2"; }
q() { sqlite3 "$@"; }
KINDS="village staff training team member participant activity task_progress statistic"

command -v python3 >/dev/null && command -v sqlite3 >/dev/null || tap_skip "needs python3 and sqlite3"
cd "$T" || exit 1

# --- round 1: a whole package, merged ---
ok "commune database (demo 21853, a year of work)" s demo --unit 21853 --scale 4 --db c.db
ok "province database" s init --unit 52 --db p.db
ok "--changes before any receipt: refused" refused export package --changes --db c.db --out x0.zip
ok "... saying to send a whole package" msg_has "no receipt from the office above yet; send a whole package"
ok "... no file written" test ! -e x0.zip
ok "... in Vietnamese too" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang vi export package --changes --db c.db --out x0.zip 2>&1 | grep -qF 'gửi gói đầy đủ'"
ok "--changes with --period: usage" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' --lang en export package --changes --period 2026 --db c.db >/dev/null 2>&1; test \$? = 2"
ok "whole package" s export package --db c.db --out w1.zip
ok "package_sent names it (whole, no base)" test "$(q c.db "SELECT file || '|' || content || '|' || coalesce(base_sha256, '-') FROM package_sent")" = "w1.zip|whole|-"
BASE=$(q c.db "SELECT sha256 FROM package_sent WHERE file = 'w1.zip'")
MADE=$(q c.db "SELECT made_at FROM package_sent WHERE file = 'w1.zip'")
ok "merged at the province" keep merge w1.zip --db p.db
ok "... the office logs the same sha256 as package_sent" \
    test "$(q p.db "SELECT package_sha256 FROM merge_log WHERE status = 'merged'")" = "$BASE"
cp p.db p2.db	# the province before the change-only package, for the revert

# --- a receipt, stood for: everything acknowledged at its version ---
ACKSQL="INSERT INTO receipt_taken(office, number, sha256, package_sha256, at)
  VALUES ('52', 1, '$(printf '%064d' 1)', '$BASE', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));"
for k in $KINDS; do
	ACKSQL="$ACKSQL INSERT INTO ack(record_id, kind, version) SELECT id, '$k', version FROM $k;"
done
ok "receipt 1 taken (receipt_taken, ack)" q c.db "$ACKSQL"
ok "nothing new: a change-only package of 0 rows" keep export package --changes --db c.db --out x-empty.zip
ok "... says so" grep -qF "0 rows changed since the last receipt" "$T/kept"

# --- a month of new work: 60 activities, 2 trainings, 40 participants ---
ok "exports to build the month from" sh -c "for k in activity training participant; do
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' export csv --machine --kind \$k --db c.db --out \$k.csv 2>/dev/null || exit 1; done"
cat >gen.py <<'PY'
import csv, sys
META = {'id', 'unit_code', 'created_at', 'updated_at', 'version', 'deleted'}
kind, src, dst, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
with open(src, encoding='utf-8-sig', newline='') as f:
    rows = [r for r in csv.DictReader(f) if r['deleted'] == '0']
if kind == 'participant':        # a person once a class
    seen, keep = set(), []
    for r in rows:
        if (r['staff_id'], r['member_id']) not in seen:
            seen.add((r['staff_id'], r['member_id']))
            keep.append(r)
    rows = keep
rows = rows[::max(1, len(rows) // n)][:n]
for i, r in enumerate(rows):
    if kind == 'activity':
        r['held_on'] = '2026-11-%02d' % (1 + i % 28)
    elif kind == 'training':
        r['start_date'] = r['end_date'] = '2026-11-%02d' % (10 + i)
        r['title'] = 'Tập huấn kỹ năng số tháng 11 (đợt %d)' % (i + 1)
    else:
        r['training_id'] = sys.argv[5].split(',')[i % 2]
with open(dst, 'w', encoding='utf-8', newline='') as f:
    w = csv.DictWriter(f, [c for c in rows[0] if c not in META], extrasaction='ignore')
    w.writeheader()
    w.writerows(rows)
PY
ok "60 activities of November imported" sh -c "python3 gen.py activity activity.csv na.csv 60 &&
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' import na.csv --kind activity --db c.db >/dev/null 2>&1"
ok "2 trainings imported" sh -c "python3 gen.py training training.csv nt.csv 2 &&
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' import nt.csv --kind training --db c.db >/dev/null 2>&1"
NEWT=$(q c.db "SELECT group_concat(id) FROM (SELECT id FROM training WHERE title LIKE '%tháng 11%' ORDER BY rowid)")
ok "40 participants imported" sh -c "python3 gen.py participant participant.csv np.csv 40 '$NEWT' &&
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' import np.csv --kind participant --db c.db >/dev/null 2>&1"
ok "102 new records" test "$(q c.db "SELECT (SELECT count(*) FROM activity) + (SELECT count(*) FROM training)
    + (SELECT count(*) FROM participant) - (SELECT count(*) FROM ack WHERE kind IN ('activity', 'training', 'participant'))")" = 102
# An edit and a delete as the form screen makes them (a new version), and a
# remark the office left on a member nobody touched since.
EDIT=$(q c.db "SELECT id FROM staff ORDER BY rowid LIMIT 1")
GONE=$(q c.db "SELECT a.id FROM activity a JOIN ack k ON k.record_id = a.id WHERE a.deleted = 0 ORDER BY a.rowid LIMIT 1")
REM=$(q c.db "SELECT id FROM member ORDER BY rowid LIMIT 1")
ok "an officer's phone changed, an activity deleted, a remark on a member" q c.db "
UPDATE staff SET phone = '0912345678', version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = '$EDIT';
UPDATE activity SET deleted = 1, version = version + 1, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = '$GONE';
INSERT INTO remark(record_id, kind, unit_code, version, outcome, reason, at)
  SELECT id, 'member', unit_code, version, 'rejected', 'the team is deleted at the office', '2026-12-01T00:00:00Z' FROM member WHERE id = '$REM';"

# --- the change-only package ---
DAY=$(date +%Y%m%d)
ok "export package --changes (default name)" keep export package --changes --db c.db
ok "... named socds-21853-changes-$DAY.zip" test -f "socds-21853-changes-$DAY.zip"
mv "socds-21853-changes-$DAY.zip" x.zip
ok "... says how many rows" grep -qF "105 rows changed since the last receipt" "$T/kept"
ok "a whole package of the same database" s export package --db c.db --out w2.zip
ok "package_sent: the change-only package with its base" test "$(q c.db "SELECT content || '|' || base_sha256 FROM package_sent WHERE file = 'socds-21853-changes-$DAY.zip'")" = "changes|$BASE"
ok "manifest (Python zipfile, json): format 3, content, base, no workbook, no period" python3 -c "
import json, zipfile
z = zipfile.ZipFile('x.zip')
m = json.loads(z.read('manifest.json'))
assert m['format'] == 'socds-package' and m['format_version'] == 3, m['format_version']
assert m['content'] == 'changes', m.get('content')
assert m['base'] == {'sha256': '$BASE', 'file': 'w1.zip', 'receipt': 1, 'made_at': '$MADE'}, m['base']
assert m['period'] is None, m['period']
assert 'baocao.xlsx' not in z.namelist(), z.namelist()
assert [f['file'] for f in m['files']] == ['audit.csv'], m['files']
w = json.loads(zipfile.ZipFile('w2.zip').read('manifest.json'))
assert w['format_version'] == 2 and 'content' not in w and 'base' not in w, w
"
# The rows expected, worked out from the two whole packages: a record new
# since w1 or at another version, and the remarked member.
cat >rows.py <<'PY'
import csv, io, json, sys, zipfile
def rows(path):
    z = zipfile.ZipFile(path)
    out = {}
    for t in json.loads(z.read('manifest.json'))['tables']:
        for r in csv.DictReader(io.StringIO(z.read(t['file']).decode('utf-8-sig'))):
            out[r['id']] = (t['kind'], r['version'], r['deleted'])
    return out
old, new, got = rows('w1.zip'), rows('w2.zip'), rows('x.zip')
want = {i: v for i, v in new.items() if old.get(i, (0, 0))[1] != v[1] or i == sys.argv[1]}
assert set(got) == set(want), (len(got), len(want), sorted(set(got) ^ set(want))[:5])
assert all(got[i] == want[i] for i in got)
assert got[sys.argv[2]][2] == '1', 'the tombstone travels'
kinds = {}
for k, _, _ in got.values():
    kinds[k] = kinds.get(k, 0) + 1
print(' '.join('%s=%d' % kv for kv in sorted(kinds.items())))
PY
ok "its rows are exactly the new and changed ones, the tombstone and the remarked member" python3 rows.py "$REM" "$GONE"
ok "... 61 activities, 2 trainings, 40 participants, 1 staff, 1 member" \
    test "$(cat "$T/out")" = "activity=61 member=1 participant=40 staff=1 training=2"
ok "audit.csv: only rows since the base was made" python3 -c "
import csv, io, zipfile
a = list(csv.DictReader(io.StringIO(zipfile.ZipFile('x.zip').read('audit.csv').decode('utf-8-sig'))))
w = list(csv.DictReader(io.StringIO(zipfile.ZipFile('w2.zip').read('audit.csv').decode('utf-8-sig'))))
assert a and all(r['at'] >= '$MADE' for r in a), len(a)
assert len(a) < len(w), (len(a), len(w))
"
XB=$(wc -c <x.zip)
WB=$(wc -c <w2.zip)
echo "# size: change-only package $XB bytes, whole package $WB bytes ($((XB * 100 / WB))%)"
ok "the change-only package is under 20% of the whole one ($XB of $WB bytes)" test $((XB * 100)) -lt $((WB * 20))

# --- at the office ---
ok "merged at the province" keep merge x.zip --db p.db
ok "... 0 conflicts, 0 rejected" test "$(q p.db "SELECT conflicts || '|' || rejected || '|' || inserted FROM merge_log WHERE seq = 2")" = "0|0|102"
ok "... the office holds what the commune holds" sh -c "for k in $KINDS; do
    a=\$(sqlite3 c.db \"SELECT count(*), sum(deleted), sum(version) FROM \$k\")
    b=\$(sqlite3 p.db \"SELECT count(*), sum(deleted), sum(version) FROM \$k WHERE unit_code = '21853'\")
    [ \"\$a\" = \"\$b\" ] || { echo \"\$k: \$a / \$b\"; exit 1; }; done"
ok "... the phone changed, the activity deleted" test "$(q p.db "SELECT (SELECT phone FROM staff WHERE id = '$EDIT') || '|' || (SELECT deleted FROM activity WHERE id = '$GONE')")" = "0912345678|1"
ok "the same change-only package again: nothing changes" keep merge x.zip --db p.db
ok "a v2 whole package still merges (0 conflicts)" keep merge w2.zip --db p.db
ok "... logged merged, nothing new" test "$(q p.db "SELECT status || '|' || conflicts || '|' || inserted || '|' || updated FROM merge_log ORDER BY seq DESC LIMIT 1")" = "merged|0|0|0"

# --- an office that never merged the base ---
ok "a fresh province database" s init --unit 52 --db f.db
data f.db >f0.sql
ok "the change-only package: refused" refused merge x.zip --db f.db
SHA12=$(printf %.12s "$BASE")
MDAY=$(printf %s "$MADE" | sed -E 's/^([0-9]{4})-([0-9]{2})-([0-9]{2}).*/\3\/\2\/\1/')
ok "... naming the base, its sha256, receipt and date" msg_has "x.zip: this change-only package builds on w1.zip (sha256 $SHA12…, receipt 1 of $MDAY), which this office has not merged (or has reverted); merge it first, or ask 21853 for a whole package"
ok "... merge_log has a refused row naming it" test "$(q f.db "SELECT status || '|' || unit_code || '|' || (detail LIKE '%builds on w1.zip%') FROM merge_log")" = "refused|21853|1"
ok "... data unchanged" same_data f.db f0.sql
ok "... no key pinned" test "$(q f.db "SELECT count(*) FROM unit_key")" = 0
ok "... in Vietnamese, naming the base" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang vi merge x.zip --db f.db 2>&1 | grep -qF 'w1.zip (sha256 $SHA12'"
ok "the whole package into it: merged" keep merge w1.zip --db f.db
ok "then the change-only package: merged" keep merge x.zip --db f.db
ok "... 0 conflicts" test "$(q f.db "SELECT status || '|' || conflicts FROM merge_log ORDER BY seq DESC LIMIT 1")" = "merged|0"

ok "the base and the change-only package in one command, in that order: merged" sh -c "
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' init --unit 52 --db f3.db >/dev/null &&
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' --lang en merge w1.zip x.zip --db f3.db >/dev/null"
ok "... both logged merged" test "$(q f3.db "SELECT group_concat(status || ':' || package, ' ') FROM merge_log")" = "merged:w1.zip merged:x.zip"
ok "an office not above 21853 (Hà Nội): refused as any package" sh -c "
    env -i PATH=/usr/bin:/bin HOME='$T' '$SOCDS' init --unit 01 --db h.db >/dev/null"
ok "... refused" refused merge x.zip --db h.db
ok "... as not below it" msg_has "which is not below 01"

# --- the base reverted ---
ok "the base reverted at the province (before the change-only package)" keep merge --revert 1 --db p2.db
data p2.db >p2.sql
ok "the change-only package: refused" refused merge x.zip --db p2.db
ok "... naming the base" msg_has "builds on w1.zip (sha256 $SHA12…, receipt 1 of $MDAY), which this office has not merged (or has reverted)"
ok "... logged refused" test "$(q p2.db "SELECT status FROM merge_log ORDER BY seq DESC LIMIT 1")" = refused
ok "... data unchanged" same_data p2.db p2.sql

# --- the format gate (forged manifests, signed with a key of our own) ---
if python3 -c "import cryptography" 2>/dev/null; then
	cat >forge.py <<PY
import sys
sys.path.insert(0, '$(cd "$HERE" && pwd)')
from forge_package import members, signed, seal_v2, Ed25519PrivateKey
src, out, ver, content = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
man, m = members(src)
man['format_version'] = ver
if content == '-':
    man.pop('content', None)
else:
    man['content'] = content
key = Ed25519PrivateKey.generate()
open(out, 'wb').write(seal_v2(signed(man, m, key), key))
PY
	ok "format 4: refused by version" sh -c "python3 forge.py x.zip v4.zip 4 changes"
	ok "... this socds reads up to 3" refused merge v4.zip --db f.db
	ok "... so saying" msg_has "package format 4, this socds reads up to 3; update socds"
	python3 forge.py x.zip v3k.zip 3 changes
	ok "a change-only package re-signed with another key: refused" refused merge v3k.zip --db p.db
	ok "... naming the unit and its pinned key" msg_has "unit 21853"
	python3 forge.py x.zip v3w.zip 3 -
	ok "format 3 without content=changes: refused" refused merge v3w.zip --db f.db
	ok "... so saying" msg_has "package format 3 does not go with its content"
	python3 forge.py w1.zip v2c.zip 2 changes
	ok "format 2 calling itself changes: refused" refused merge v2c.zip --db f.db
	ok "... so saying" msg_has "package format 2 does not go with its content"
fi

done_testing
