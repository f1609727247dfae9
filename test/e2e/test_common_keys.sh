#!/bin/sh
# The keys every screen shares (issue 14, point 5: one table of them,
# ui_keys_* in src/ui/keys.c, and one handler, ui_key_common): on every screen
# — home, a list, a menu and the record picker over it, a form, the exchange,
# plan tasks, report, dashboard, audit log and paper settings screens — F1
# (and PuTTY's own ESC[11~) opens the help naming that screen's keys, F10
# leaves the help back to the same screen, and F10 or Esc leaves the screen;
# ? opens the help where letters are not typed; the key bar still starts with
# F1 and ends with F10; Ctrl-Q quits from a screen deep in the stack.
# In a real terminal at 80x24 on the demo database of an office (548).
#   sh test/e2e/test_common_keys.sh /abs/path/to/socds
E2E_NAME=common
. "$(dirname "$0")/../lib/tmux.sh"

HOME_LINE="u   Thiết lập văn bản báo cáo"
DB=$T/demo.db
if ! run 0 demo --unit 548 --db "$DB"; then
	echo "Bail out! socds demo failed"
	exit 1
fi
SZ=80x24
start "$DB"

# help_round NAME KEY: KEY opens the help over the screen; F10 comes back to
# it as it was (its title row and key bar unchanged).
help_round() {
	snap
	title=$(row 0)
	bar=$(row -1)
	keys "$2"
	ok "$1: $2 opens the help, with the screen's keys" see "@0=Giúp" "Các phím:" \
	    "~F10(, [^ ]+)* +"
	keys F10
	ok "$1: F10 leaves the help, back to the screen" see "!Các phím:" "@0=$title" "@-1=$bar"
}
# bar_ends NAME: the key bar starts with F1 and ends with F10.
bar_ends() {
	ok "$1: the key bar starts with F1, ends with F10" see "@-1~^F1[^ ]+ .*F10[^ ]+ *\$"
}

bar_ends home
help_round home F1
help_round home "?"

# Each screen of the home menu: the help both ways, then back home.
for scr in "1 list" "7 exchange" "8 tasks" "9 report" "0 dashboard" "a audit" "u paper"; do
	k=${scr%% *}
	name=${scr#* }
	keys "$k"
	ok "$name: opened from home with $k" see "!$HOME_LINE"
	bar_ends "$name"
	help_round "$name" F1
	help_round "$name" "?"
	# PuTTY's default F1, byte for byte.
	echo "'ESC[11~'" >>"$T/keys"
	tm send-keys -t e2e -l -- "$(printf '\033[11~')"
	ok "$name: PuTTY's F1 (ESC[11~) opens the help" see "@0=Giúp"
	keys F10
	see "!Các phím:" >/dev/null
	if [ "$name" = list ] || [ "$name" = audit ]; then
		keys Escape
		ok "$name: Esc goes back home" see "$HOME_LINE"
	else
		keys F10
		ok "$name: F10 goes back home" see "$HOME_LINE"
	fi
done

# Boxes over a list: a menu (F4) and the record picker (F4, Village).
keys 1
see "!$HOME_LINE" >/dev/null
keys F4
ok "list: F4 opens the filter menu" see "Bỏ tất cả bộ lọc"
help_round "filter menu" F1
ok "filter menu: still open after the help" see "Bỏ tất cả bộ lọc"
keys Down Enter
ok "record picker: opened from the menu" see "@-1~Enter"
help_round "record picker" F1
keys Escape
ok "record picker: Esc closes it" see "!Bỏ tất cả bộ lọc"
ok "record picker: back on the list" see "F7"
# A form: F7 from the list.
keys F7
ok "form: F7 opens a new record's form" see "F2"
# Esc and a function key in one write (typed fast, or a slow link): curses
# reads F10 whole while socds asks what followed the Esc; F10 is kept, not lost.
raw "Esc F10 in one write" "$(printf '\033\033[21~')"
ok "form: Esc then F10 typed at once: both act (form, then list, left: home)" see "$HOME_LINE"
keys 1
see "F7" >/dev/null
keys F7
see "F2" >/dev/null
help_round form F1
keys Escape
ok "form: Esc without changes goes back to the list" see "F7"
# Ctrl-Q from a screen two deep quits socds.
keys F10
see "$HOME_LINE" >/dev/null
keys 0
see "!$HOME_LINE" >/dev/null
keys C-q
ok "dashboard: Ctrl-Q quits socds" see "EXITED rc=0"
done_testing
