#!/bin/sh
# Signed packages (issue 11, points 2 and 5): every database has a unit key;
# a package carries the key and its signature over the seal; the district
# pins a commune's key on the first package (or in advance with `key trust`)
# and refuses whole a package signed by another key, unless an admin accepts
# the new key by its fingerprint; a backup carries the key. Package bombs are
# refused from their headers, fast and with flat memory. forge_package.py is
# the independent reader and forger (Python zipfile, hashlib, cryptography).
# TAP output.
set -u
SOCDS=$1
FORGE=$(dirname "$0")/forge_package.py
. "$(dirname "$0")/../lib/tap.sh"
tap_init sign
TAP_CAPTURE=1	# ok: stdout and stderr of each check in $T/out and $T/err
s() { env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 LANGUAGE=en "$SOCDS" --lang en "$@"; }
# Refused: exit 1 and the message (stderr) kept in $T/msg.
refused() { ! s "$@" >"$T/msg.out" 2>"$T/msg"; }
msg_has() { grep -qF -- "$1" "$T/msg" || { cat "$T/msg"; return 1; }; }
# The data of the district, every table but the logs: must not move.
data() { sqlite3 "$1" .dump | grep -vE '^INSERT INTO "?(merge_log|merge_issue|audit)"?' ; }
same_data() { data "$1" | cmp -s - "$2"; }
# A command's output kept aside ($T/out is the next check's).
keep() { s "$@" >"$T/kept"; }
fp_of() { s key show --db "$1" | sed -n 's/^Fingerprint: *//p'; }

if ! python3 -c "import cryptography" 2>/dev/null; then
	tap_skip "python3-cryptography is not installed"
fi

# --- the unit key ---
ok "commune database" s demo --unit 21853 --db "$T/a.db"
ok "key show" s key show --db "$T/a.db"
cp "$T/out" "$T/show.txt"
ok "key show: four lines" test "$(wc -l <"$T/show.txt")" -eq 4
ok "key show: the unit" grep -qE '^Unit: +21853 ' "$T/show.txt"
ok "key show: fingerprint in six groups of five digits" \
    grep -qE '^Fingerprint: +[0-9]{5}( [0-9]{5}){5}$' "$T/show.txt"
ok "key show: the public key in hex" grep -qE '^Public key: +[0-9a-f]{64}$' "$T/show.txt"
FP_A=$(fp_of "$T/a.db")
PUB_A=$(sed -n 's/^Public key: *//p' "$T/show.txt")
ok "the fingerprint is SHA-256 of the key, read independently" \
    test "$(python3 "$FORGE" fingerprint "$PUB_A")" = "$FP_A"
ok "the same key every time" test "$(fp_of "$T/a.db")" = "$FP_A"
ok "the key is in the database (table signing_key)" \
    test "$(sqlite3 "$T/a.db" "SELECT hex(public_key) FROM signing_key" | tr A-F a-f)" = "$PUB_A"
ok "init makes a key too" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' init --unit 21859 --db '$T/i.db' >/dev/null &&
    test \"\$(sqlite3 '$T/i.db' 'SELECT count(*) FROM signing_key')\" = 1"

# --- a signed package, read by an independent reader ---
ok "export package" s export package --db "$T/a.db" --out "$T/a.zip"
ok "seal and signature verify (Python cryptography)" python3 "$FORGE" verify "$T/a.zip"
ok "signed by the unit's key" test "$(cat "$T/out")" = "$FP_A"
ok "manifest: format 2, the signer's fingerprint for people" python3 -c "
import json, zipfile
m = json.loads(zipfile.ZipFile('$T/a.zip').read('manifest.json'))
assert m['format_version'] == 2, m['format_version']
assert m['signer'] == {'unit': '21853', 'fingerprint': '$FP_A', 'public_key': '$PUB_A'}, m['signer']
"

# --- first use pins the key ---
ok "district database" s init --unit 548 --db "$T/d.db"
ok "key list: none pinned yet, and how to pin" keep key list --db "$T/d.db"
ok "... says so" grep -q "No keys pinned yet" "$T/kept"
data "$T/d.db" >"$T/d0.sql"
python3 "$FORGE" v1 "$T/a.zip" "$T/v1.zip"
ok "re-sealed the old way (SHA-256, no key): refused" refused merge "$T/v1.zip" --db "$T/d.db"
ok "... saying it is not signed" msg_has "is not signed"
ok "... nothing changed" same_data "$T/d.db" "$T/d0.sql"
ok "... no key pinned" test "$(sqlite3 "$T/d.db" 'SELECT count(*) FROM unit_key')" = 0
ok "merge the genuine package" keep merge "$T/a.zip" --db "$T/d.db"
ok "report: key pinned on first use, with its fingerprint" \
    grep -qF "key of 21853 pinned on first use: $FP_A" "$T/kept"
ok "the pin is stored (first-use)" test "$(sqlite3 "$T/d.db" \
    "SELECT fingerprint || '|' || how FROM unit_key WHERE unit_code = '21853'")" = "$FP_A|first-use"
ok "key list shows it" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en key list --db '$T/d.db' | grep -F '21853' | grep -F '$FP_A' | grep -q first-use"
ok "the same package again: no new pin line" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en merge '$T/a.zip' --db '$T/d.db' >'$T/m2.txt' && ! grep -q 'pinned' '$T/m2.txt'"
data "$T/d.db" >"$T/d1.sql"

# --- another key for the same unit: refused whole ---
python3 "$FORGE" resign "$T/a.zip" "$T/forged.zip"
ok "forged package still verifies under its own key" python3 "$FORGE" verify "$T/forged.zip"
FP_F=$(cat "$T/out")
ok "re-signed with another key: refused" refused merge "$T/forged.zip" --db "$T/d.db"
ok "... naming the unit" msg_has "unit 21853"
ok "... the package's key" msg_has "$FP_F"
ok "... the pinned key" msg_has "$FP_A"
ok "... and how to accept" msg_has "--accept-key"
ok "... nothing changed (data tables byte for byte)" same_data "$T/d.db" "$T/d1.sql"
# A second database of the same unit (a new computer): its own key.
ok "a second database for 21853" s demo --unit 21853 --seed 5 --db "$T/a2.db"
ok "its package" s export package --db "$T/a2.db" --out "$T/a2.zip"
FP_A2=$(fp_of "$T/a2.db")
ok "its key differs" test "$FP_A2" != "$FP_A"
ok "second key for the same unit: refused" refused merge "$T/a2.zip" --db "$T/d.db"
ok "... nothing changed" same_data "$T/d.db" "$T/d1.sql"
ok "--accept-key with another fingerprint: still refused" \
    refused merge "$T/a2.zip" --accept-key "$FP_F" --db "$T/d.db"
ok "... nothing changed" same_data "$T/d.db" "$T/d1.sql"
ok "--accept-key that is not a fingerprint: usage error" \
    sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge '$T/a2.zip' --accept-key 12345 --db '$T/d.db'; test \$? -ne 0"
DASHED=$(echo "$FP_A2" | tr ' ' '-')
ok "--accept-key with the new fingerprint (dashes): merged" \
    keep merge "$T/a2.zip" --accept-key "$DASHED" --db "$T/d.db"
ok "report: key replaced, new and old fingerprints" \
    grep -qF "key of 21853 replaced: $FP_A2 (was $FP_A)" "$T/kept"
ok "the pin is replaced" test "$(sqlite3 "$T/d.db" \
    "SELECT fingerprint || '|' || how FROM unit_key WHERE unit_code = '21853'")" = "$FP_A2|replaced"
ok "the replacement is audited" sh -c "sqlite3 '$T/d.db' \"SELECT detail FROM audit WHERE action = 'key'\" | grep -qF 'key of 21853 pinned (replaced): $FP_A2'"
ok "now the old key is refused" refused merge "$T/a.zip" --db "$T/d.db"

# --- trusted in advance ---
ok "commune 21859" s demo --unit 21859 --db "$T/c.db"
ok "its package" s export package --db "$T/c.db" --out "$T/c.zip"
FP_C=$(fp_of "$T/c.db")
ok "key trust with a wrong fingerprint" s key trust 21859 "$FP_A" --db "$T/d.db"
data "$T/d.db" >"$T/d2.sql"
ok "package with another key than the trusted one: refused" refused merge "$T/c.zip" --db "$T/d.db"
ok "... naming both fingerprints" sh -c "grep -qF '$FP_C' '$T/msg' && grep -qF '$FP_A' '$T/msg'"
ok "... nothing changed" same_data "$T/d.db" "$T/d2.sql"
NOSPACE=$(echo "$FP_C" | tr -d ' ')
ok "key trust, the fingerprint typed without spaces" s key trust 21859 "$NOSPACE" --db "$T/d.db"
ok "key list: trusted" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en key list --db '$T/d.db' | grep -F '21859' | grep -F '$FP_C' | grep -q trusted"
ok "now merged" keep merge "$T/c.zip" --db "$T/d.db"
ok "report: the key trusted in advance" grep -qF "key of 21859 is the one trusted in advance: $FP_C" "$T/kept"
ok "the key itself is now stored" test "$(sqlite3 "$T/d.db" \
    "SELECT length(public_key) || '|' || how FROM unit_key WHERE unit_code = '21859'")" = "32|trusted"
ok "key trust: a unit not below the district refused" refused key trust 00004 "$FP_C" --db "$T/d.db"
ok "key trust: a bad fingerprint refused" refused key trust 21859 "1234" --db "$T/d.db"

# --- a backup carries the key ---
ok "backup of the commune" s backup --db "$T/a.db" --out "$T/a.bak"
ok "restored elsewhere" s restore "$T/a.bak" --db "$T/r.db"
ok "the restored database has the same key" test "$(fp_of "$T/r.db")" = "$FP_A"
ok "package from the restored database" s export package --db "$T/r.db" --out "$T/r.zip"
ok "it verifies, signed by the same key" sh -c "test \"\$(python3 '$FORGE' verify '$T/r.zip')\" = '$FP_A'"
ok "an office that trusts the key in advance" s init --unit 548 --db "$T/d3.db"
ok "... key trust" s key trust 21853 "$FP_A" --db "$T/d3.db"
ok "... merges it" s merge "$T/r.zip" --db "$T/d3.db"

# --- a database made before signed packages gets its key at first export ---
sqlite3 "$T/c.db" "DELETE FROM signing_key"
ok "export from a database without a key" s export package --db "$T/c.db" --out "$T/c-new.zip"
ok "a key was made and stored" test "$(sqlite3 "$T/c.db" 'SELECT count(*) FROM signing_key')" = 1
ok "the package is signed with it" sh -c "test \"\$(python3 '$FORGE' verify '$T/c-new.zip')\" = \"\$(env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' --lang en key show --db '$T/c.db' | sed -n 's/^Fingerprint: *//p')\""
ok "making the key is audited" sh -c "sqlite3 '$T/c.db' \"SELECT detail FROM audit WHERE action = 'key'\" | grep -q 'signing key of 21859 made'"

# --- only an admin accepts or trusts a key (real accounts, as test_roles.sh) ---
if [ "$(id -u)" -eq 0 ] && command -v useradd >/dev/null && command -v setpriv >/dev/null; then
	ED=socdsked$$
	useradd -M -s /usr/sbin/nologin "$ED" && trap 'userdel "$ED" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
	chmod 0777 "$T"
	chmod 0644 "$T/a.zip" "$T/a2.zip"
	as_ed() { setpriv --reuid="$(id -u "$ED")" --regid="$(id -g "$ED")" --clear-groups \
	    env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 "$SOCDS" --lang en "$@" >"$T/msg.out" 2>"$T/msg"; }
	ok "a district with an editor" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' init --unit 548 --db '$T/e.db' >/dev/null &&
	    env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' user add '$ED' --unit 548 --role editor --db '$T/e.db' >/dev/null &&
	    env -i PATH=/usr/bin:/bin HOME='$T' LC_ALL=C.UTF-8 '$SOCDS' merge '$T/a.zip' --db '$T/e.db' >/dev/null && chmod 0666 '$T/e.db'"
	data "$T/e.db" >"$T/e0.sql"
	ok "editor: key trust refused" eval '! as_ed key trust 21859 "$FP_C" --db "$T/e.db"'
	ok "... saying only an admin may" msg_has "only an admin"
	ok "editor: merge --accept-key refused" eval '! as_ed merge "$T/a2.zip" --accept-key "$FP_A2" --db "$T/e.db"'
	ok "... saying only an admin may accept the new key" msg_has "only an admin may accept a new key for unit 21853"
	ok "... nothing changed" same_data "$T/e.db" "$T/e0.sql"
	ok "editor merges a package signed by the pinned key" eval 'as_ed merge "$T/a.zip" --db "$T/e.db"'
fi

# --- bombs: 1 GiB of zeros in a 1 MB package ---
python3 "$FORGE" bomb "$T/a.zip" "$T/bomb.zip" "$T/liar.zip"
data "$T/d.db" >"$T/d4.sql"
measure() {
	/usr/bin/time -f "%e %M" -o "$T/time" env -i PATH=/usr/bin:/bin HOME="$T" LC_ALL=C.UTF-8 \
	    "$SOCDS" --lang en merge "$1" --db "$T/d.db" >/dev/null 2>"$T/msg"
	test $? -eq 1 || return 1
	read -r secs kb <<EOF
$(tail -n 1 "$T/time")
EOF
	echo "# $(basename "$1"): refused in $secs s, max RSS $kb KB" >>"$T/figures"
	# Under a second even under ASan on a loaded machine (0.02-0.13 s in a
	# plain build), and flat memory (the whole program is ~8 MB).
	awk -v s="$secs" -v k="$kb" 'BEGIN { exit !(s < 1.0 && k < 40000) }'
}
ok "bomb package is 1 MB" test "$(stat -c %s "$T/bomb.zip")" -lt 2000000
ok "bomb refused from its headers, fast, flat memory" measure "$T/bomb.zip"
ok "... as a bomb" msg_has "ZIP bomb"
ok "bomb lying about its size: refused at the first byte past it" measure "$T/liar.zip"
ok "... saying so" msg_has "inflates to more than the 1000 bytes it declares"
ok "... nothing changed" same_data "$T/d.db" "$T/d4.sql"
cat "$T/figures" 2>/dev/null
done_testing
