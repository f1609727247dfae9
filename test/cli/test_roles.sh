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
T=$(mktemp -d /tmp/socds-roles-XXXXXX)
chmod 0777 "$T"
USERS="socdsed$$ socdsvw$$ socdsno$$"
cleanup() { for u in $USERS; do userdel "$u" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT INT TERM
for u in $USERS; do useradd -M -s /usr/sbin/nologin "$u" || exit 1; done
set -- $USERS
ED=$1 VW=$2 NO=$3
n=0
failed=0
ok() {
	n=$((n + 1)); d=$1; shift
	if "$@"; then echo "ok $n - $d"
	else echo "not ok $n - $d"; failed=$((failed + 1)); sed 's/^/#   /' "$T/err" | head -3; fi
}
as() {	# as USER WANT ARGS...: socds as that account; exit status must be WANT
	u=$1 want=$2; shift 2
	setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --clear-groups \
	    env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@" >"$T/out" 2>"$T/err"
	[ $? -eq "$want" ]
}
says() { grep -q -- "$1" "$T/err"; }
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" "$@" >"$T/out" 2>"$T/err"; }

s demo --db "$T/d.db" || exit 1
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
ok "admin removes a user" s user remove "$VW" --db "$T/d.db"
ok "the removed viewer is refused" as "$VW" 1 report --db "$T/d.db"
echo "1..$n"
[ "$failed" -eq 0 ]
