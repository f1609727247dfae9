#!/bin/sh
# No path can show SQLite's own text to a user. SQLite's messages are read
# in one function only, store_error (src/store/error.c), which turns every
# one of them into a message of our own (constraints: the field and a
# Vietnamese message); nothing else calls sqlite3_errmsg or sqlite3_errstr,
# and nothing formats what they return. The catalogue has no message about
# "constraint failed". Runs of the real binary over the rules' faults are
# grepped in test_rules.sh. TAP output for meson.
set -u
ROOT=$1
. "$(dirname "$0")/../lib/tap.sh"

# Every call, as FILE:FUNCTION, from the C sources (comments included: a
# mention is a hint someone means to use it).
calls() {
	for f in $(find "$ROOT/src" -name '*.c' | sort); do
		awk -v file="${f#$ROOT/}" '
			/^[a-z_][a-z_0-9]*\(/ { fn = $0; sub(/\(.*/, "", fn) }
			/sqlite3_err(msg|str|msg16)[ \t]*\(/ { print file ":" fn }
		' "$f"
	done | sort -u
}
allowed() {
	got=$(calls)
	want="src/store/error.c:store_error"
	[ "$got" = "$want" ] || { echo "# sqlite3_errmsg/errstr outside store_error:"; echo "$got" | sed 's/^/#   /'; return 1; }
}
ok "sqlite3_errmsg and sqlite3_errstr only in store_error" allowed

# store_error itself: its message m only reaches the constraint mapping,
# which matches it against the table and never prints it.
no_m_printed() {
	awk '/^store_error\(/,/^}/' "$ROOT/src/store/error.c" >/tmp/socds-se.$$
	awk '/^store_constraint\(/,/^}/' "$ROOT/src/store/error.c" >>/tmp/socds-se.$$
	bad=$(grep -nE 'err_set\(.*[ ,(]m[,)]' /tmp/socds-se.$$)
	rm -f /tmp/socds-se.$$
	[ -z "$bad" ] || { echo "# SQLite's message formatted into an error:"; echo "$bad" | sed 's/^/#   /'; return 1; }
}
ok "store_error never formats SQLite's message" no_m_printed

# sqlite3_exec's own error string: taken only by store_exec, which frees
# it unread (its result code goes through store_error).
no_exec_errmsg() {
	got=$(for f in $(find "$ROOT/src" -name '*.c' | sort); do
		awk -v file="${f#$ROOT/}" '
			/^[a-z_][a-z_0-9]*\(/ { fn = $0; sub(/\(.*/, "", fn) }
			/sqlite3_exec\(/ && !/NULL, NULL, NULL\)/ && !/NULL,$/ { print file ":" fn }
		' "$f"
	done | sort -u)
	[ "$got" = "src/store/store.c:store_exec" ] || { echo "# sqlite3_exec's error text taken:"; echo "$got" | sed 's/^/#   /'; return 1; }
	body=$(awk '/^store_exec\(/,/^}/' "$ROOT/src/store/store.c")
	[ "$(echo "$body" | grep -c 'msg')" -eq 3 ] && echo "$body" | grep -q 'sqlite3_free(msg)' ||
	    { echo "# store_exec does more with the message than free it"; return 1; }
}
ok "no sqlite3_exec error text is shown" no_exec_errmsg

catalogue() {
	bad=$(grep -niE 'constraint failed|SQLITE_|sqlite3' "$ROOT/assets/po/vi.po" || true)
	[ -z "$bad" ] || { echo "# the catalogue speaks SQLite:"; echo "$bad" | sed 's/^/#   /'; return 1; }
}
ok "the catalogue has no 'constraint failed'" catalogue

# The mapping has a row for each constraint the forms' rules stand before.
mapped() {
	for m in "end_date >= start_date" "(staff_id IS NULL) <> (member_id IS NULL)" \
	    "participant.training_id, participant.staff_id" \
	    "participant.training_id, participant.member_id"; do
		grep -qF "\"$m\"" "$ROOT/src/store/error.c" || { echo "# no mapping for $m"; return 1; }
	done
}
ok "each two-field constraint of the schema is mapped" mapped

done_testing
