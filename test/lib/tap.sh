# tap.sh: the TAP harness the shell tests share (sourced, not run).
#   . "$(dirname "$0")/../lib/tap.sh"
#   tap_init NAME      $T: a fresh temporary folder (under $TMPDIR) with $T/home,
#                      removed on exit (kept, and named on stderr, when KEEP is set)
#   tap_utf8           the test's own tools (grep, sed, wc -m) in UTF-8 (LC_ALL=C.UTF-8)
#   tap_skip REASON    prints "1..0 # SKIP REASON" and exits 0
#   ok DESCRIPTION COMMAND...   one check: passes when COMMAND succeeds
#   run STATUS ARGS... socds ($SOCDS) with a clean environment, its stdout and
#                      stderr in $T/out and $T/err; fails (with the exit status
#                      and stderr as diagnostics) unless it exits with STATUS
#   same WHAT GOT EXPECTED      fails with a diagnostic unless GOT = EXPECTED
#   done_testing       prints the plan 1..N and exits 1 if any check failed
# Settings a test may give before its checks:
#   RUN_ENV     more NAME=VALUE words for run's environment, expanded at each run:
#               RUN_ENV='TZ=UTC ${XDG:+XDG_DATA_HOME=$XDG}' (single quotes)
#   RUN_SHOW_OUT=1  a failed run shows its stdout too, after stderr
#   RUN_HOME    run's HOME (default $T/home, made by tap_init)
#   TAP_CAPTURE=1  ok puts the command's stdout and stderr in $T/out and $T/err
#               and shows their first 20 lines when the check fails
#   TAP_LABEL   name of a variable whose value prefixes each check ("$SZ: ...")
#   TAP_ON_FAIL a command run after a failed check (more diagnostics)
#   TAP_AFTER   a command run after every check
#   TAP_TMP     the folder tap_init makes $T in (default $TMPDIR, else /tmp)
#   TAP_CLEANUP a command run on exit before $T is removed
n=0
failed=0

tap_cleanup() {
	[ -n "${TAP_CLEANUP:-}" ] && eval "$TAP_CLEANUP"
	[ -n "${T:-}" ] || return
	if [ -n "${KEEP:-}" ]; then
		echo "kept $T" >&2
	else
		rm -rf "$T"
	fi
}

tap_utf8() {	# the test's tools count and match characters in UTF-8
	LC_ALL=C.UTF-8
	export LC_ALL
	unset LANGUAGE
}

tap_init() {	# tap_init NAME
	T=$(mktemp -d "${TAP_TMP:-${TMPDIR:-/tmp}}/socds-$1-XXXXXX") || exit 1
	trap tap_cleanup EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	mkdir -p "$T/home"
}

tap_skip() {	# tap_skip REASON
	echo "1..0 # SKIP $1"
	exit 0
}

tap_do() {
	if [ -n "${TAP_CAPTURE:-}" ]; then
		"$@" >"$T/out" 2>"$T/err"
	else
		"$@"
	fi
}

ok() {	# ok DESCRIPTION COMMAND...: passes when COMMAND succeeds
	n=$((n + 1))
	tap_d=$1
	shift
	if [ -n "${TAP_LABEL:-}" ]; then
		eval "tap_d=\"\${$TAP_LABEL}: \$tap_d\""
	fi
	if tap_do "$@"; then
		echo "ok $n - $tap_d"
	else
		echo "not ok $n - $tap_d"
		failed=$((failed + 1))
		[ -z "${TAP_CAPTURE:-}" ] || sed 's/^/#   /' "$T/err" "$T/out" | head -20
		[ -n "${TAP_ON_FAIL:-}" ] && eval "$TAP_ON_FAIL"
	fi
	[ -n "${TAP_AFTER:-}" ] && eval "$TAP_AFTER"
	return 0
}

run() {	# run EXPECTED_STATUS ARGS...: socds, stdout and stderr in $T/out, $T/err
	tap_want=$1
	shift
	eval "tap_env=\"${RUN_ENV:-}\""
	# shellcheck disable=SC2086
	env -i PATH=/usr/bin:/bin HOME="${RUN_HOME:-$T/home}" LC_ALL=C.UTF-8 $tap_env \
	    "$SOCDS" "$@" >"$T/out" 2>"$T/err"
	tap_got=$?
	[ "$tap_got" = "$tap_want" ] && return 0
	echo "# socds $*: exit $tap_got, expected $tap_want"
	sed 's/^/#   /' "$T/err"
	[ -z "${RUN_SHOW_OUT:-}" ] || sed 's/^/#   /' "$T/out"
	return 1
}

same() {	# same WHAT GOT EXPECTED
	[ "$2" = "$3" ] && return 0
	echo "# $1: got '$2', expected '$3'"
	return 1
}

done_testing() {	# the plan, then the exit status: 1 when any check failed
	echo "1..$n"
	[ "$failed" -eq 0 ] || exit 1
	exit 0
}
