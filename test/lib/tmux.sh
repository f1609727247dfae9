# tmux.sh: the harness the tmux end-to-end tests share (sourced, not run):
#   E2E_NAME=name; . "$(dirname "$0")/../lib/tmux.sh"
# Before sourcing, a test sets E2E_NAME (used in the tmux socket's name) and
# passes the socds binary as $1. It gives: a private tmux server (tm), keys
# and text sent (keys, typ), the screen read back (snap, see, holds,
# focus_on, width_is, settle), the database read back (sq, sql_is), whole
# screens compared with test/golden/ (golden), and TAP from tap.sh (ok, each
# check named after the window size, with the keys sent and the screen as
# diagnostics when it fails; done_testing).
# Golden screens: `golden NAME [EXPECTATION...]` waits until the expectations
# hold and the screen is still, masks what legitimately varies (golden_mask
# below) and compares the screen with test/golden/NAME.txt, printing a unified
# diff when they differ. SOCDS_GOLDEN_UPDATE=1 writes the files instead (then
# review them with git diff before committing).
set -u
. "$(dirname "$0")/../lib/tap.sh"
# The tools below (grep, sed, wc -m) count and match characters in UTF-8.
tap_utf8
SOCDS=${1:?usage: $0 /path/to/socds}
case $SOCDS in /*) ;; *) SOCDS=$(pwd)/$SOCDS ;; esac

SZ=any
W=80
H=24
WIN=e2e		# the tmux session that start makes, keys go to and snap reads

if ! TMUX_BIN=$(command -v tmux) || ! command -v sqlite3 >/dev/null; then
	tap_skip "tmux and sqlite3 are needed"
fi
if [ ! -x "$SOCDS" ]; then
	echo "Bail out! $SOCDS is not an executable"
	exit 1
fi
unset TMUX TMUX_PANE
SOCK=socds-${E2E_NAME:-e2e}-$$
tap_init e2e
: >"$T/keys"

# tmux with nothing of the caller's: no config, a clean environment, UTF-8.
tm() {
	env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 \
	    "$TMUX_BIN" -u -L "$SOCK" -f /dev/null "$@"
}
SOCKPATH=
tmux_cleanup() {
	tm kill-server 2>/dev/null
	# tmux leaves its socket behind.
	[ -n "$SOCKPATH" ] && rm -f "$SOCKPATH"
}
TAP_CLEANUP=tmux_cleanup

# The terminal type for the normal runs: tmux's own, else screen's.
TTERM=tmux-256color
tput -T "$TTERM" longname >/dev/null 2>&1 || TTERM=screen-256color

# What the pane runs: socds with a clean environment (its pid recorded so that
# it can be sent a signal), then a line with its exit status and any terminal
# mode it left wrong, then nothing.
cat >"$T/run.sh" <<'EOF'
# run.sh DB TERM SOCDS HOME PIDFILE [NAME=VALUE...]
db=$1 term=$2 socds=$3 home=$4 pidf=$5
shift 5
sh -c 'pidf=$1 home=$2 term=$3 socds=$4 db=$5
    shift 5
    echo $$ >"$pidf.new" && mv "$pidf.new" "$pidf" &&
    exec env -i PATH=/usr/bin:/bin HOME="$home" LC_ALL=C.UTF-8 TERM="$term" "$@" "$socds" --db "$db"' \
    sh "$pidf" "$home" "$term" "$socds" "$db" "$@"
rc=$?
bad=$(stty -a | tr ' ;' '\n\n' | grep -x -e -icanon -e -echo -e -isig -e -icrnl -e -opost |
    tr '\n' ' ')
echo "EXITED rc=$rc TTY[${bad% }]"
exec sleep 3600
EOF

# One session that only keeps the server alive between runs of socds.
tm new-session -d -s keep -x 80 -y 24 'exec sleep 3600' || {
	echo "Bail out! cannot start tmux"
	exit 1
}
SOCKPATH=$(tm display -p -t keep '#{socket_path}')

# ok (tap.sh): "ok N - 80x24: ...", the evidence when it fails, keys counted anew.
TAP_LABEL=SZ
TAP_ON_FAIL=evidence
TAP_AFTER=': >"$T/keys"'

evidence() {
	if [ -s "$T/keys" ]; then
		echo "# keys sent since the test before: $(tr '\n' ' ' <"$T/keys")"
	fi
	if tm has-session -t "$WIN" 2>/dev/null; then
		tm capture-pane -p -t "$WIN" >"$T/evidence" 2>/dev/null
		echo "# screen $(tm display -p -t "$WIN" '#{pane_width}x#{pane_height}, cursor at row #{cursor_y} column #{cursor_x}'):"
		sed 's/^/# |/' "$T/evidence"
	fi
}

# start DB [TERM]: socds on DB in a fresh W x H window; waits for the home
# screen (START_SEE: an expectation that holds on it, in Vietnamese by default;
# empty: no wait). START_ENV: more NAME=VALUE words (no blanks, no quotes) for
# socds's clean environment.
START_SEE="Cán bộ, công chức làm công tác chuyển đổi số"
start() {
	tm kill-session -t "$WIN" 2>/dev/null
	rm -f "$T/pid"
	: >"$T/keys"
	tm new-session -d -s "$WIN" -x "$W" -y "$H" \
	    "sh '$T/run.sh' '$1' '${2:-$TTERM}' '$SOCDS' '$T/home' '$T/pid' ${START_ENV:-}"
	see "$START_SEE"
}

keys() {	# keys KEY...: tmux key names (Tab, Enter, F2, C-u...)
	echo "$*" >>"$T/keys"
	tm send-keys -t "$WIN" "$@"
}
typ() {		# typ TEXT: the text as typed, byte for byte
	echo "'$1'" >>"$T/keys"
	tm send-keys -t "$WIN" -l -- "$1"
}
tabs() {	# tabs N [KEY]: N times Tab (or KEY)
	tn=$1
	while [ "$tn" -gt 0 ]; do
		keys "${2:-Tab}"
		tn=$((tn - 1))
	done
}

snap() {
	tm capture-pane -p -t "$WIN" >"$T/screen" 2>/dev/null || : >"$T/screen"
	SL=$(wc -l <"$T/screen")
}
row() {		# row N: line N of the last snap (0 = top; -1 = last)
	rn=$1
	[ "$rn" -lt 0 ] && rn=$((SL + rn))
	sed -n "$((rn + 1))p" "$T/screen"
}
# One expectation on the last snap:
#   TEXT  somewhere      !TEXT  nowhere      ~REGEX  a line matches
#   @R=TEXT  on row R    @R!TEXT  not on row R    @R~REGEX  row R matches
# (R counts from 0 at the top; -1 is the key bar, -2 the status line).
holds() {
	case $1 in
	@*)
		hr=${1#@}
		hrow=${hr%%[!0-9-]*}
		hr=${hr#"$hrow"}
		hop=${hr%"${hr#?}"}
		htxt=${hr#?}
		case $hop in
		=) row "$hrow" | grep -qF -- "$htxt" ;;
		!) ! row "$hrow" | grep -qF -- "$htxt" ;;
		"~") row "$hrow" | grep -qE -- "$htxt" ;;
		*) echo "# bad expectation '$1'"; return 1 ;;
		esac ;;
	!*) ! grep -qF -- "${1#!}" "$T/screen" ;;
	"~"*) grep -qE -- "${1#"~"}" "$T/screen" ;;
	*) grep -qF -- "$1" "$T/screen" ;;
	esac
}
# see [-t SECONDS] EXPECTATION...: polls the screen every 50 ms (5 s at most
# by default) until all hold.
see() {
	slim=100
	if [ "$1" = -t ]; then
		slim=$(($2 * 20))
		shift 2
	fi
	si=0
	while :; do
		snap
		smiss=
		for sx in "$@"; do
			holds "$sx" || { smiss=$sx; break; }
		done
		[ -z "$smiss" ] && return 0
		si=$((si + 1))
		[ "$si" -ge "$slim" ] && break
		sleep 0.05
	done
	echo "# not seen within $((slim / 20)) s: '$smiss'"
	return 1
}
# form_rows FIRST LABEL...: the labels start rows FIRST, FIRST+1... in order.
form_rows() {
	snap
	fr=$1
	shift
	for fl in "$@"; do
		case $(row "$fr") in
		" $fl"*) ;;
		*) echo "# row $fr: expected the label '$fl'"; return 1 ;;
		esac
		fr=$((fr + 1))
	done
}
# focus_on LABEL: the cursor is on the row of that label.
focus_on() {
	fi_=0
	while [ $fi_ -lt 100 ]; do
		snap
		want=$(grep -n "^ $1" "$T/screen" | head -n 1 | cut -d: -f1)
		cy=$(tm display -p -t "$WIN" '#{cursor_y}')
		[ -n "$want" ] && [ "$cy" -eq $((want - 1)) ] && return 0
		fi_=$((fi_ + 1))
		sleep 0.05
	done
	echo "# cursor on row $cy, the label '$1' is on row $((${want:-0} - 1))"
	return 1
}
# width_is R N: row R is N characters long (trailing blanks dropped).
width_is() {
	snap
	ww=$(row "$1" | sed 's/ *$//' | tr -d '\n' | wc -m)
	[ "$ww" -eq "$2" ] || { echo "# row $1 is $ww characters wide, expected $2"; return 1; }
}
pane_is() {	# pane_is FORMAT VALUE
	pv=$(tm display -p -t "$WIN" "$1")
	[ "$pv" = "$2" ] || { echo "# $1 is '$pv', expected '$2'"; return 1; }
}
resize() {
	echo "(resize-window $1x$2)" >>"$T/keys"
	tm resize-window -t "$WIN" -x "$1" -y "$2"
}

sq() {
	sqlite3 -batch -cmd '.timeout 5000' "$DB" "$1" 2>&1
}
sql_is() {	# sql_is QUERY EXPECTED
	sgot=$(sq "$1")
	[ "$sgot" = "$2" ] && return 0
	echo "# sqlite3 \$DB \"$1\""
	echo "#   got:      $(printf '%s' "$sgot" | tr '\n' '/')"
	echo "#   expected: $2"
	return 1
}

raw() {		# raw NAME BYTES: one key as a terminal sends it, byte for byte
	echo "$1" >>"$T/keys"
	tm send-keys -t "$WIN" -l -- "$2"
}
# still EXPECTATION...: after a pause long enough for a key to act (and for a
# lone Esc's delay), the expectations hold.
still() {
	sleep 0.4
	see "$@"
}
# settle: waits (4 s at most) until the screen, colours included, stops
# changing, then snaps it.
settle() {
	st_prev=
	st_i=0
	while [ $st_i -lt 40 ]; do
		st_cur=$(tm capture-pane -p -e -t "$WIN" 2>/dev/null | cksum)
		[ "$st_cur" = "$st_prev" ] && break
		st_prev=$st_cur
		sleep 0.1
		st_i=$((st_i + 1))
	done
	snap
}

# --- golden screens ---
GOLDEN_DIR=$(cd "$(dirname "$0")/../golden" 2>/dev/null && pwd) || GOLDEN_DIR=
# golden_mask: stdin to stdout with what legitimately varies from run to run
# replaced by a fixed word, by pattern:
#   $T (the test's temporary folder)   -> <T>
#   the account running the test -> <me> (with the blanks after it -> <me>
#   and one blank: a column's width differs with the name's length)
#   a time of day hh:mm or hh:mm:ss    -> hh:mm, hh:mm:ss (the clock moves on)
#   a record id (UUID, maybe cut by …) -> <id>
# Dates are not masked: a golden test fixes "today" (faketime) instead.
golden_mask() {
	gm_me=$(id -un 2>/dev/null || echo '<nobody>')
	sed -E -e "s|$T|<T>|g" \
	    -e "s/(^|[^[:alnum:]_])$gm_me +/\1<me> /g" \
	    -e "s/(^|[^[:alnum:]_])$gm_me([^[:alnum:]_]|$)/\1<me>\2/g" \
	    -e 's/[0-9]{2}:[0-9]{2}:[0-9]{2}/hh:mm:ss/g' \
	    -e 's/([^0-9]|^)[0-9]{2}:[0-9]{2}([^0-9]|$)/\1hh:mm\2/g' \
	    -e 's/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/<id>/g' \
	    -e 's/[0-9a-f]{8}-[0-9a-f-]*…/<id>…/g'
}
# golden NAME [EXPECTATION...]: the screen, masked, equals test/golden/NAME.txt
# (a unified diff as diagnostics when not); with SOCDS_GOLDEN_UPDATE=1 the
# file is written instead.
golden() {
	gn=$1
	shift
	if [ $# -gt 0 ]; then see "$@" || return 1; fi
	settle
	golden_mask <"$T/screen" >"$T/golden-$gn.txt"
	gf=$GOLDEN_DIR/$gn.txt
	if [ -n "${SOCDS_GOLDEN_UPDATE:-}" ]; then
		cp "$T/golden-$gn.txt" "$gf" && echo "# wrote $gf"
		return
	fi
	if [ ! -f "$gf" ]; then
		echo "# no $gf: SOCDS_GOLDEN_UPDATE=1 writes it"
		return 1
	fi
	diff -u --label "test/golden/$gn.txt" --label "screen" "$gf" "$T/golden-$gn.txt" >"$T/golden.diff" &&
	    return 0
	sed 's/^/# /' "$T/golden.diff"
	return 1
}
# db_is QUERY EXPECTED: polls (5 s at most) until QUERY on $DB gives EXPECTED
# (a screen saves after the key is sent, not before the script's next line).
db_is() {
	di=0
	while [ $di -lt 100 ]; do
		[ "$(sq "$1")" = "$2" ] && return 0
		sleep 0.05
		di=$((di + 1))
	done
	sql_is "$1" "$2"
}
