#!/bin/sh
# Who may do what: the operating-system account that makes the database is its
# admin; an editor changes only its unit and the units below; a viewer reads;
# an account not in the table is refused. Real accounts, made for the test.
set -u
SOCDS=$1
if [ "$(id -u)" -ne 0 ] || ! command -v useradd >/dev/null || ! command -v setpriv >/dev/null; then
	echo "1..0 # SKIP needs root to create test accounts"
	exit 0
fi
. "$(dirname "$0")/../lib/tap.sh"
TAP_TMP=/tmp	# under /tmp whatever TMPDIR is: the test accounts reach it
tap_init roles
chmod 0777 "$T"
USERS="socdsed$$ socdsvw$$ socdsno$$"
TAP_CLEANUP='for u in $USERS; do userdel "$u" 2>/dev/null; done'
for u in $USERS; do useradd -M -s /usr/sbin/nologin "$u" || exit 1; done
set -- $USERS
ED=$1 VW=$2 NO=$3
TAP_ON_FAIL='sed "s/^/#   /" "$T/err" | head -3'
as() {	# as USER WANT ARGS...: socds as that account; exit status must be WANT
	u=$1 want=$2; shift 2
	setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --clear-groups \
	    env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@" >"$T/out" 2>"$T/err"
	[ $? -eq "$want" ]
}
says() { grep -q -- "$1" "$T/err"; }
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@" >"$T/out" 2>"$T/err"; }

s demo --unit 548 --db "$T/d.db" || exit 1
chmod 0666 "$T/d.db"
ok "the account that made the database is its admin" sh -c "'$SOCDS' user list --db '$T/d.db' | grep -q '^root.*admin'"
ok "admin adds an editor of one commune" s user add "$ED" --unit 21853 --role editor --db "$T/d.db"
ok "admin adds a viewer" s user add "$VW" --unit 548 --role viewer --db "$T/d.db"
printf 'full_name,birth_year\nThử Quyền Một,1990\n' >"$T/one.csv"
chmod 0644 "$T/one.csv"
ok "editor imports into its own commune" as "$ED" 0 import "$T/one.csv" --kind staff --unit 21853 --db "$T/d.db"
ok "editor may not write another commune (exit 1)" as "$ED" 1 import "$T/one.csv" --kind staff --unit 21859 --db "$T/d.db"
ok "... and is told which unit it may change" says "21853"
ok "viewer reads the report" as "$VW" 0 report --db "$T/d.db"
ok "viewer may not change records (exit 1)" as "$VW" 1 import "$T/one.csv" --kind staff --unit 21853 --db "$T/d.db"
ok "an account not in the table is refused (exit 1)" as "$NO" 1 status --db "$T/d.db"
ok "... and told how to get access" says "socds user add"
ok "only an admin manages users" as "$ED" 1 user add "$NO" --unit 21853 --db "$T/d.db"
ok "the audit log names the editor" sh -c "sqlite3 '$T/d.db' \"SELECT count(*) FROM audit WHERE os_user = '$ED' AND action = 'insert'\" | grep -qx 1"
ok "the import itself is an audit event" sh -c "sqlite3 '$T/d.db' \"SELECT count(*) FROM audit WHERE os_user = '$ED' AND action = 'import'\" | grep -qx 1"
ok "nothing written by the refused attempts" sh -c "sqlite3 '$T/d.db' \"SELECT count(*) FROM staff WHERE full_name = 'Thử Quyền Một'\" | grep -qx 1"

# Restore, users and merge ask the one function (store_allow); a refused
# attempt changes nothing, not a byte of the database nor a log row.
sum() { cat "$T/d.db" "$T/d.db-wal" 2>/dev/null | sha256sum; }
rows() { sqlite3 "$T/d.db" "SELECT (SELECT count(*) FROM merge_log), (SELECT count(*) FROM merge_issue), (SELECT count(*) FROM audit), (SELECT count(*) FROM app_user)"; }
s backup --out "$T/b.db" --db "$T/d.db" || exit 1
chmod 0644 "$T/b.db"
# Each commune's package comes from its own database, signed with its own key
# (a district's database signs as the district, which is no package for itself).
s demo --unit 21859 --db "$T/c59.db" || exit 1
s demo --unit 21853 --db "$T/c53.db" || exit 1
s export package --out "$T/b21859.zip" --db "$T/c59.db" || exit 1
s export package --out "$T/b21853.zip" --db "$T/c53.db" || exit 1
chmod 0644 "$T"/*.zip
before=$(sum) rows_before=$(rows)
ok "a viewer's restore is refused (exit 1)" as "$VW" 1 --lang en restore "$T/b.db" --force --db "$T/d.db"
ok "... saying who, which role and unit, and what was asked" says "'$VW' is viewer of unit 548 and may not restore"
ok "an editor's restore is refused too" as "$ED" 1 --lang en restore "$T/b.db" --force --db "$T/d.db"
ok "an editor's user add is refused" as "$ED" 1 --lang en user add "$ED" --unit 21853 --role admin --db "$T/d.db"
ok "... only an admin may manage users" says "only an admin may"
ok "an editor's user remove is refused" as "$ED" 1 --lang en user remove "$VW" --db "$T/d.db"
ok "an editor of 21853 may not merge a package of 21859" as "$ED" 1 --lang en merge "$T/b21859.zip" --db "$T/d.db"
ok "... and is told why" says "may not merge a package of unit 21859, which is not 21853"
ok "a viewer may not merge" as "$VW" 1 --lang en merge "$T/b21853.zip" --db "$T/d.db"
ok "the refused attempts wrote no merge log, issue, audit or user row" test "$(rows)" = "$rows_before"
ok "the refused attempts left the database bytes as they were" test "$(sum)" = "$before"
ok "no database was kept aside by a refused restore" sh -c "! ls '$T' | grep -q before-restore"
ok "an editor of 21853 merges its own commune's package" as "$ED" 0 --lang en merge "$T/b21853.zip" --db "$T/d.db"
ok "... and the merge log names the editor" sh -c "sqlite3 '$T/d.db' \"SELECT count(*) FROM merge_log WHERE os_user = '$ED' AND status = 'merged'\" | grep -qx 1"
ok "an admin merges any package below" s merge "$T/b21859.zip" --db "$T/d.db"

# socds --as NAME: the account is NAME (an SSH forced command), not the OS user.
fc() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 SSH_ORIGINAL_COMMAND="$1" "$SOCDS" --as "$2" --db "$T/d.db" >"$T/out" 2>"$T/err"; }
ok "--as names the account: the editor's status" fc "--lang en status" "$ED"
not() { ! "$@"; }
ok "--as: the editor's user add is refused" not fc "--lang en user add x --unit 21853" "$ED"
ok "... as for the OS account of that name" says "'$ED' is editor of unit 21853 and may not manage users"
ok "--as an unknown account is refused" sh -c "! SSH_ORIGINAL_COMMAND=status '$SOCDS' --as nosuch$$ --db '$T/d.db'"
ok "--db in the original command is refused" sh -c "! SSH_ORIGINAL_COMMAND='status --db /etc/passwd' '$SOCDS' --as '$ED' --db '$T/d.db'"
ok "--as in the original command is refused" sh -c "! SSH_ORIGINAL_COMMAND='--as root status' '$SOCDS' --as '$ED' --db '$T/d.db' 2>'$T/err'"
ok "--db= glued is refused too" sh -c "! SSH_ORIGINAL_COMMAND='status --db=/etc/passwd' '$SOCDS' --as '$ED' --db '$T/d.db'"
ok "a server path is refused" sh -c "! SSH_ORIGINAL_COMMAND='--lang en import /etc/passwd --kind staff' '$SOCDS' --as '$ED' --db '$T/d.db' 2>'$T/err'"
ok "... with the reason" says "may not name files on the server"
ok "init is not available under --as" sh -c "! SSH_ORIGINAL_COMMAND='init --unit 21853 --force' '$SOCDS' --as root --db '$T/d.db'"
ok "an unterminated quote is refused" sh -c "! SSH_ORIGINAL_COMMAND=\"units 'Phù\" '$SOCDS' --as '$ED' --db '$T/d.db'"
ok "quoted words reach the command whole" sh -c "SSH_ORIGINAL_COMMAND=\"units 'Phù Cát'\" '$SOCDS' --as '$ED' --db '$T/d.db' | grep -q 21853"
ok "merge from standard input, with the account's scope" sh -c "! SSH_ORIGINAL_COMMAND='merge -' '$SOCDS' --as '$ED' --db '$T/d.db' <'$T/b21859.zip'"
ok "export to standard output is a whole package" sh -c "SSH_ORIGINAL_COMMAND='export package --unit 21853' '$SOCDS' --as '$ED' --db '$T/d.db' >'$T/out.zip' && unzip -tq '$T/out.zip' >/dev/null"
ok "the temporary folder is gone afterwards" sh -c "! ls /tmp | grep -q '^socds-as-'"
mkdir -p "$T/files" && cp "$T/b21853.zip" "$T/files/pkg.zip"
ok "--files DIR: a plain name there is allowed" sh -c "SSH_ORIGINAL_COMMAND='--lang en merge pkg.zip' '$SOCDS' --as '$ED' --files '$T/files' --db '$T/d.db' >/dev/null"
ok "--files DIR: a path with / is refused" sh -c "! SSH_ORIGINAL_COMMAND='merge ../b21853.zip' '$SOCDS' --as '$ED' --files '$T/files' --db '$T/d.db'"

# Restore by the admin works; over a damaged database only without --as.
ok "an admin's restore works" s --lang en restore "$T/b.db" --force --db "$T/d.db"
ok "... and the database is the backup's" sh -c "sqlite3 '$T/d.db' \"SELECT count(*) FROM merge_log\" | grep -qx 0"
printf 'not a database' >"$T/broken.db"
ok "over a damaged database, an --as account may not restore" sh -c "! SSH_ORIGINAL_COMMAND='restore -' '$SOCDS' --as root --db '$T/broken.db' <'$T/b.db'"
ok "... and the damaged file is left as it was" grep -qx 'not a database' "$T/broken.db"
ok "... a plain OS account with access to the file may" s --lang en restore "$T/b.db" --force --db "$T/broken.db"
ok "admin removes a user" s user remove "$VW" --db "$T/d.db"
ok "the removed viewer is refused" as "$VW" 1 report --db "$T/d.db"
done_testing
