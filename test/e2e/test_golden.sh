#!/bin/sh
# Golden screens (issue 14, point 6): the main screens at 80x24, whole, as
# tmux's regress/ compares them, in addition to the other tests' targeted
# checks. Each screen is compared with test/golden/NAME.txt after masking what
# legitimately varies (golden_mask in test/lib/tmux.sh: the temporary folder,
# the account, times of day, record ids); a difference is printed as a
# unified diff.
#
#   sh test/e2e/test_golden.sh /abs/path/to/socds
#   SOCDS_GOLDEN_UPDATE=1 sh test/e2e/test_golden.sh build/socds   # rewrite the files
#
# "Today" is fixed (faketime, GOLDEN_DAY below) for the demo and for the
# screens, so the demo's dates, the overdue tasks and the year's figures are
# the same on every run. Rewrite the files only when a screen is meant to
# change (a new label, a new column), and read the git diff of test/golden/
# before committing it: a refactoring must leave them as they are.
E2E_NAME=golden
. "$(dirname "$0")/../lib/tmux.sh"
command -v faketime >/dev/null || tap_skip "faketime is needed (Debian package faketime)"

GOLDEN_DAY='2026-06-15 09:00:00'
REAL=$SOCDS
# wrap FILE [ARG...]: socds on the golden day, with ARG... first (the pane's
# environment is clean: the wrapper adds the faked clock). An ASan build
# checks that its runtime is loaded first: faketime's is, by LD_PRELOAD.
wrap() {
	wf=$1
	shift
	printf '#!/bin/sh\nexec env ASAN_OPTIONS=verify_asan_link_order=0 faketime %s %s %s "$@"\n' \
	    "'$GOLDEN_DAY'" "'$REAL'" "$*" >"$wf"
	chmod +x "$wf"
}
wrap "$T/socds-vi"
# In English: the pane's LC_ALL=C.UTF-8 outranks LANGUAGE, so --lang en.
wrap "$T/socds-en" --lang en

DB=$T/golden.db
SOCDS=$T/socds-vi
ok "the demo on the golden day" run 0 demo --db "$DB" --seed 14

HOME_S='@0=socds'
back() {	# back EXPECTATION...: F10, then the screen before
	keys F10
	see "$@" >/dev/null
}

SZ=80x24
start "$DB"
ok "home" golden home "$HOME_S"
keys F1
ok "help of the home screen (F1)" golden home-help '@0=Giúp'
back "$HOME_S"

keys 1
ok "the staff list" golden staff-list '@2=Họ và tên'
keys Enter
ok "a filled staff record" golden staff-record 'Thư điện tử'
back '@2=Họ và tên'
keys F1
ok "help of a list (F1)" golden list-help '@0=Giúp'
back '@2=Họ và tên'
keys F7
ok "a new staff record" golden staff-new 'thêm mới'
keys F3
ok "the picker of the unit field (F3)" golden unit-picker '┌─Đơn vị'
keys Escape
see 'thêm mới' >/dev/null
back '@2=Họ và tên'
back "$HOME_S"

keys 2
ok "the trainings list" golden training-list '@2~Tên lớp'
back "$HOME_S"
keys 7
ok "the transfer screen (export, import, packages)" golden transfer '!Cần lưu ý'
back "$HOME_S"
keys 8
ok "the plan tasks" golden tasks 'BD-7.2'
back "$HOME_S"
keys 0
ok "the dashboard" golden dashboard 'T1  T3  T5  T7  T9  T11'
back "$HOME_S"
keys a
ok "the audit log" golden audit '@2~^ Thời gian'
back "$HOME_S"
keys u
ok "the paper settings" golden paper 'Họ tên người ký'
back "$HOME_S"
keys F10
ok "F10 on the home screen quits" see "EXITED rc=0"

# In English.
SOCDS=$T/socds-en
START_SEE=$HOME_S
start "$DB"
ok "home, in English" golden home-en "$HOME_S"
keys 1
ok "the staff list, in English" golden staff-list-en '@2~Full name|Họ và tên'
back "$HOME_S"
done_testing
