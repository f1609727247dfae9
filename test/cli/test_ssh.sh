#!/bin/sh
# The README's server recipe, for real: one service account owns the
# database (0600, in a 0700 folder); each officer's SSH key in its
# authorized_keys is forced to `socds --as NAME --db PATH`; a real sshd on
# 127.0.0.1 and real ssh clients run as real officer accounts. Checks what
# an officer can and cannot do through it, that a refused attempt leaves the
# database as it was, and that the interface starts over ssh -tt.
set -u
SOCDS=$1
. "$(dirname "$0")/../lib/tap.sh"
[ "$(id -u)" -eq 0 ] || tap_skip "needs root to create accounts and start sshd"
for p in /usr/sbin/sshd ssh ssh-keygen useradd setpriv tmux sqlite3 unzip; do
	command -v "$p" >/dev/null ||
	    tap_skip "$p is missing (openssh-server, openssh-client, tmux, sqlite3, unzip)"
done
R=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
SVC=socdssvc$R OA=socdsed$R OV=socdsvw$R
TAP_TMP=/tmp	# the officers' accounts reach it: not under a private $TMPDIR
tap_init ssh
chmod 0755 "$T"
SOCK=socdsssh$R
PID=
ssh_cleanup() {
	tmux -L "$SOCK" kill-server 2>/dev/null
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	for u in $SVC $OA $OV; do userdel -r "$u" 2>/dev/null; userdel "$u" 2>/dev/null; done
}
TAP_CLEANUP=ssh_cleanup
# A failed check shows the first lines socds said.
TAP_ON_FAIL='sed "s/^/#   /" "$T/err" 2>/dev/null | head -3'
not() { ! "$@"; }
# refused CMD...: socds itself said no (1 or 2), not ssh (255).
refused() { "$@"; r=$?; [ $r -eq 1 ] || [ $r -eq 2 ]; }
says() { grep -q -- "$1" "$T/err"; }

# The accounts: the service account has a shell (sshd runs the forced
# command with it) and no password ('*', not locked: sshd without PAM
# refuses a locked account); officers have none.
useradd -m -d "$T/svc" -s /bin/sh "$SVC" && usermod -p '*' "$SVC" || exit 1
for u in $OA $OV; do useradd -m -d "$T/h-$u" -s /usr/sbin/nologin "$u" || exit 1; done
asu() { u=$1; shift; setpriv --reuid="$(id -u "$u")" --regid="$(id -g "$u")" --clear-groups \
    env -i PATH=/usr/bin:/bin HOME="$(getent passwd "$u" | cut -d: -f6)" LC_ALL=C.UTF-8 "$@"; }

# The database: the service account's, 0600 in a 0700 folder.
DB=$T/srv/socds.db
mkdir -m 0700 "$T/srv" && chown "$SVC:" "$T/srv"
asu "$SVC" "$SOCDS" --lang en demo --db "$DB" --unit 548 >/dev/null || { echo "Bail out! demo"; exit 1; }
asu "$SVC" "$SOCDS" user add "$OA" --unit 21853 --role editor --db "$DB" || exit 1
asu "$SVC" "$SOCDS" user add "$OV" --unit 548 --role viewer --db "$DB" || exit 1
mkdir "$T/pkg" && chown "$SVC:" "$T/pkg"
# Each commune's package from its own database, signed with its own key.
for c in 21853 21859; do
	asu "$SVC" "$SOCDS" demo --unit "$c" --db "$T/pkg/c$c.db" >/dev/null || exit 1
	asu "$SVC" "$SOCDS" export package --out "$T/pkg/p$c.zip" --db "$T/pkg/c$c.db" >/dev/null || exit 1
done
asu "$SVC" "$SOCDS" backup --out "$T/pkg/b.db" --db "$DB" >/dev/null || exit 1
chmod 0644 "$T"/pkg/*

# Keys and the forced commands.
mkdir -m 0700 "$T/svc/.ssh"
for u in $OA $OV; do
	ssh-keygen -q -t ed25519 -N '' -C "$u" -f "$T/h-$u/key" || exit 1
	chown "$u:" "$T/h-$u/key" "$T/h-$u/key.pub"
	printf 'command="%s --as %s --db %s",restrict,pty %s\n' "$SOCDS" "$u" "$DB" \
	    "$(cat "$T/h-$u/key.pub")" >>"$T/svc/.ssh/authorized_keys"
done
chmod 0600 "$T/svc/.ssh/authorized_keys"
chown -R "$SVC:" "$T/svc/.ssh"

# sshd on 127.0.0.1 only, its own host key and configuration.
mkdir -p /run/sshd && chmod 0755 /run/sshd
mkdir -m 0700 "$T/sshd"
ssh-keygen -q -t ed25519 -N '' -f "$T/sshd/host" || exit 1
for try in 1 2 3 4 5; do
	PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000))
	cat >"$T/sshd/config" <<EOF
ListenAddress 127.0.0.1
HostKey $T/sshd/host
PidFile $T/sshd/pid
UsePAM no
StrictModes yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile .ssh/authorized_keys
AllowUsers $SVC
PermitUserEnvironment no
X11Forwarding no
LogLevel ERROR
EOF
	/usr/sbin/sshd -D -e -f "$T/sshd/config" -p "$PORT" 2>"$T/sshd/log" &
	PID=$!
	i=0
	while [ $i -lt 50 ] && kill -0 "$PID" 2>/dev/null && [ ! -s "$T/sshd/pid" ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ -s "$T/sshd/pid" ] && break
	kill "$PID" 2>/dev/null
	PID=
done
if [ -z "$PID" ]; then
	echo "Bail out! sshd did not start: $(head -3 "$T/sshd/log")"
	exit 1
fi

# ssh as an officer: ssh OFFICER COMMAND (words as the officer types them).
sshc() { u=$1; shift; asu "$u" ssh -F /dev/null -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes -o IdentitiesOnly=yes \
    -i "$T/h-$u/key" -p "$PORT" -- "$SVC@127.0.0.1" "$@"; }
run() { sshc "$@" >"$T/out" 2>"$T/err" </dev/null; }
runin() { f=$1; shift; sshc "$@" >"$T/out" 2>"$T/err" <"$f"; }
sum() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }
rows() { asu "$SVC" sqlite3 "$DB" "SELECT (SELECT count(*) FROM merge_log),
    (SELECT count(*) FROM merge_issue), (SELECT count(*) FROM audit),
    (SELECT count(*) FROM app_user), (SELECT count(*) FROM staff)"; }

ok "the editor's status over ssh" run "$OA" --lang en status
ok "... shows the database of the forced command" grep -q "548" "$T/out"
ok "the editor exports its commune's package to standard output" run "$OA" export package --unit 21853 --out -
ok "... a whole package" sh -c "cp '$T/out' '$T/got.zip' && unzip -tq '$T/got.zip' >/dev/null"
ok "'socds' before the command is taken as typed by habit" run "$OA" socds --lang en status

before=$(sum) rows_before=$(rows)
ok "the editor may not restore (from standard input)" refused runin "$T/pkg/b.db" "$OA" --lang en restore -
ok "... told who, role, unit and what" says "'$OA' is editor of unit 21853 and may not restore"
ok "the editor may not add users" refused run "$OA" --lang en user add "$OA" --unit 548 --role admin
ok "... only an admin may" says "only an admin may"
ok "--db in the command is refused" refused run "$OA" --lang en status --db /etc/passwd
ok "--db= glued too" refused run "$OA" --lang en --db=/etc/passwd status
ok "--as in the command is refused" refused run "$OA" --lang en --as "$SVC" status
ok "... saying why" says "works only on the database its forced command names"
ok "a server path is refused (import /etc/passwd)" refused run "$OA" --lang en import /etc/passwd --kind staff
ok "... may not name files on the server" says "may not name files on the server"
ok "a server path is refused (merge /etc/shadow)" refused run "$OA" --lang en merge /etc/shadow
ok "an output path on the server is refused" refused run "$OA" --lang en export csv --kind staff --out "$T/svc/leak.csv"
ok "... and no file is made there" test ! -e "$T/svc/leak.csv"
ok "no shell for an officer" refused run "$OA" sh -c id
ok "... nothing ran" not grep -q "uid=" "$T/out"
ok "a viewer may not merge" refused runin "$T/pkg/p21853.zip" "$OV" --lang en merge -
ok "... a viewer reads only" says "'$OV' is viewer of unit 548 and may not merge"
ok "the editor of 21853 may not merge 21859's package (standard input)" refused runin "$T/pkg/p21859.zip" "$OA" --lang en merge -
ok "... told it is not its unit" says "may not merge a package of unit 21859, which is not 21853"
ok "the refused attempts wrote no row (merge log, issues, audit, users, staff)" test "$(rows)" = "$rows_before"
ok "the refused attempts left the database's bytes as they were" test "$(sum)" = "$before"
ok "the editor merges its own commune's package from standard input" runin "$T/pkg/p21853.zip" "$OA" --lang en merge -
ok "... and the merge log names the officer, not the service account" \
    test "$(asu "$SVC" sqlite3 "$DB" "SELECT os_user FROM merge_log ORDER BY seq DESC LIMIT 1")" = "$OA"
ok "the database file is 0600 and the service account's" test "$(stat -c '%a %U' "$DB")" = "600 $SVC"
ok "its folder is 0700" test "$(stat -c '%a' "$T/srv")" = "700"
ok "no temporary folder of a forced command is left" sh -c "! ls /tmp | grep -q '^socds-as-'"

# receipt (issue 17) through the forced command. At the office: 21853's
# status receipt and its merge's receipt written again, to standard output;
# a receipt file or an --out on the server refused. At the commune (a second
# key of the same officer, forced onto the commune's database): the receipt
# taken in from standard input, the remarks listed.
manifest() { python3 -c 'import json, sys, zipfile
m = json.loads(zipfile.ZipFile(sys.argv[1]).read("manifest.json"))
print(m["office"], m["unit"], m["number"], m["package"] is not None)' "$1"; }
ok "the editor writes 21853's status receipt to standard output" run "$OA" --lang en receipt \
    --status 21853 --out -
ok "... a receipt of 548 for 21853, no package" test "$(manifest "$T/out")" = "548 21853 1 False"
SEQ=$(asu "$SVC" sqlite3 "$DB" "SELECT max(seq) FROM merge_log WHERE status = 'merged' AND
    unit_code = '21853'")
ok "... and its merge's receipt again (--reissue) to standard output" run "$OA" --lang en \
    receipt --reissue "$SEQ" --out -
cp "$T/out" "$T/r.zip"
ok "... answering the package merged" test "$(manifest "$T/r.zip")" = "548 21853 2 True"
ok "a receipt file on the server is refused" refused run "$OA" --lang en receipt /etc/passwd
ok "... may not name files on the server" says "may not name files on the server"
ok "an --out on the server is refused" refused run "$OA" --lang en receipt --status 21853 \
    --out "$T/svc/r.zip"
ok "... and no file is made there" test ! -e "$T/svc/r.zip"
ok "approve --receipts on the server is refused" refused run "$OA" --lang en approve \
    --unit 21853 --period 2026-Q1 --receipts "$T/svc"
ok "... may not name files there either" says "may not name files on the server"
CDB=$T/pkg/c21853.db
asu "$SVC" "$SOCDS" user add "$OA" --unit 21853 --role editor --db "$CDB" || exit 1
# The commune's demo puts 21853 under the province (the districts were
# abolished); this server's database is district 548's, so the commune is
# told 548 is above it, as a commune still under a district would be.
asu "$SVC" sqlite3 "$CDB" "UPDATE unit SET parent_code = '548' WHERE code = '21853'" || exit 1
ssh-keygen -q -t ed25519 -N '' -C "$OA-c" -f "$T/h-$OA/key2" || exit 1
chown "$OA:" "$T/h-$OA/key2" "$T/h-$OA/key2.pub"
printf 'command="%s --as %s --db %s",restrict,pty %s\n' "$SOCDS" "$OA" "$CDB" \
    "$(cat "$T/h-$OA/key2.pub")" >>"$T/svc/.ssh/authorized_keys"
sshc2() { asu "$OA" ssh -F /dev/null -o StrictHostKeyChecking=no \
    -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes -o IdentitiesOnly=yes \
    -i "$T/h-$OA/key2" -p "$PORT" -- "$SVC@127.0.0.1" "$@"; }
run2() { sshc2 "$@" >"$T/out" 2>"$T/err" </dev/null; }
runin2() { f=$1; shift; sshc2 "$@" >"$T/out" 2>"$T/err" <"$f"; }
ok "at the commune, the receipt is taken in from standard input" runin2 "$T/r.zip" --lang en \
    receipt -
ok "... said so" grep -q "receipt 2 from 548" "$T/out"
ok "... kept in the commune's file" test "$(asu "$SVC" sqlite3 "$CDB" \
    "SELECT office || '/' || number FROM receipt_taken")" = "548/2"
ok "... the same again is refused" refused runin2 "$T/r.zip" --lang en receipt -
ok "the remarks listed (csv)" run2 --lang en receipt --list --format csv
ok "... the header exact" test "$(head -1 "$T/out" | tr -d '\r')" = \
    "kind,id,unit,outcome,reason,office_version"
ok "no temporary folder of a receipt is left" sh -c "! ls /tmp | grep -q '^socds-as-'"

# The interface over ssh -tt (tmux plays the terminal).
tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 30 \
    "setpriv --reuid=$(id -u "$OA") --regid=$(id -g "$OA") --clear-groups env -i PATH=/usr/bin:/bin HOME=$T/h-$OA TERM=xterm ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes -o IdentitiesOnly=yes -i $T/h-$OA/key -p $PORT -- $SVC@127.0.0.1; sleep 30"
i=0
while [ $i -lt 100 ] && ! tmux -L "$SOCK" capture-pane -p >"$T/screen" 2>/dev/null || ! grep -q "548 " "$T/screen"; do
	sleep 0.1; i=$((i + 1)); [ $i -ge 100 ] && break
done
cp "$T/screen" "$T/err"
ok "the interface starts over ssh -tt: first screen with the unit" grep -q "548 Huyện Phù Cát" "$T/screen"
# The exchange screen (7), take in a package (5), a server path: refused.
tmux -L "$SOCK" send-keys 7; sleep 0.5
tmux -L "$SOCK" send-keys 5; sleep 0.5
tmux -L "$SOCK" send-keys /etc/passwd Enter; sleep 1
tmux -L "$SOCK" capture-pane -p >"$T/screen"
cp "$T/screen" "$T/err"
ok "... where a server path typed for a package is refused" grep -q "socds --as" "$T/screen"
done_testing
