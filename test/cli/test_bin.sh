#!/bin/sh
# socds bin (issue 16, point 7) on a commune demo database (21853): a village
# tombstoned by an older socds (no deletion of its own) is listed, restored
# as a new version, refused a second time ("not deleted"), deleted again and
# purged: the tombstone stays with its name blank and leaves the list.
# TAP output for meson. Usage: sh test_bin.sh /abs/path/to/socds
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init bin
tap_utf8

if ! command -v sqlite3 >/dev/null; then
	tap_skip "needs sqlite3"
fi
DB=$T/d.db
sq() { sqlite3 -batch -cmd '.timeout 5000' "$DB" "$1"; }
has() { grep -qF -- "$1" "$T/$2" || { echo "# not in $2: '$1'"; sed 's/^/#   /' "$T/$2"; false; }; }

ok "demo" run 0 demo --unit 21853 --db "$DB"
V=$(sq "SELECT id FROM village WHERE deleted = 0 AND id NOT IN (SELECT village_id FROM team
    WHERE village_id IS NOT NULL) LIMIT 1")
NAME=$(sq "SELECT name FROM village WHERE id = '$V'")
sq "UPDATE village SET deleted = 1, version = version + 1 WHERE id = '$V'"

ok "bin list" run 0 --lang en bin list --db "$DB"
ok "... its id and name" has "$V  $NAME" out
ok "restore" run 0 --lang en bin restore "$V" --db "$DB"
ok "... says so" has "Restored village '$NAME' ($V)" out
ok "... live again, version bumped" same "deleted/version" \
    "$(sq "SELECT deleted || '/' || version FROM village WHERE id = '$V'")" "0/3"
ok "... in the audit log" same "restore events" \
    "$(sq "SELECT count(*) FROM audit WHERE action = 'restore' AND record_id = '$V'")" 1
ok "restoring a live record is refused" run 1 --lang en bin restore "$V" --db "$DB"
ok "... saying why" has "is not deleted" err
ok "an unknown subcommand is a usage error" run 2 --lang en bin frob --db "$DB"

sq "UPDATE village SET deleted = 1, version = version + 1 WHERE id = '$V'"
ok "purge (the demo's account is its admin)" run 0 --lang en bin purge "$V" --db "$DB"
ok "... says the tombstones stay" has "their tombstones stay" out
ok "... the tombstone stays, name blank" same "tombstone" \
    "$(sq "SELECT deleted || '/' || name || '/' || version FROM village WHERE id = '$V'")" "1//4"
ok "... out of the bin" run 0 --lang en bin list --db "$DB"
ok "... not listed" sh -c "! grep -qF '$V' '$T/out'"
done_testing
