#!/bin/sh
# The keys of real terminals (issue 12, point 1), end to end: socds runs in
# a private tmux server at 80x24 under each TERM officers meet (xterm,
# xterm-256color, putty without a terminfo entry, linux, screen,
# tmux-256color, vt100, vt220), and every terminal's own byte sequences are
# sent raw (send-keys -l), never as tmux key names: PuTTY's ESC[n~, Linux
# and SCO modes, the Linux console, xterm/Windows Terminal, rxvt, vt100's
# ESC O P and PuTTY's VT100+ ESC O T... Each key's effect is checked on the
# screen, and saves in the database. Then: while the window is too small,
# only resizing and quitting act.
#
#   sh test/e2e/test_keys.sh /abs/path/to/socds
E2E_NAME=keys
. "$(dirname "$0")/../lib/tmux.sh"
TT=none		# the TERM of the run, in every check's name ("TERM=xterm: ...")
SZ=TERM=$TT

HOME_T='Cán bộ, công chức làm công tác chuyển đổi số'
HOME_M='00070 Phường Hoàn Kiếm'			# on the home screen only
STAFF_ONLY='Thư điện tử'			# on the staff form only
PART_T='Học viên lớp bồi dưỡng, tập huấn'	# title of the participants list
MEMB_T='Thành viên Tổ công nghệ số cộng đồng'
ACT_T='Hoạt động của Tổ công nghệ số cộng đồng'
FIRST='An Văn Một'
LAST='Đỗ Thị Bốn'

E=$(printf '\033')
# The matrix: each key, every sequence some terminal sends for it.
#   NAME=BYTES, the name saying whose it is.
F1S="xterm/vt100/tmux:${E}OP putty/rxvt/win-openssh:${E}[11~ linux:${E}[[A putty-sco:${E}[M"
F2S="xterm/vt100/tmux:${E}OQ putty/rxvt/win-openssh:${E}[12~ linux:${E}[[B putty-sco:${E}[N"
F5S="xterm/putty/linux/tmux:${E}[15~ linux-console/putty-linux:${E}[[E putty-vt100+/win-openssh:${E}OT putty-sco:${E}[Q"
F6S="xterm/putty/linux/tmux:${E}[17~ putty-vt100+/win-openssh:${E}OU putty-sco:${E}[R"
F10S="xterm/putty/linux/tmux:${E}[21~ putty-vt100+/win-openssh:${E}OY putty-sco:${E}[V"
HOMES="putty/linux/tmux/screen/vt220/win-openssh:${E}[1~ xterm/win-terminal/sco:${E}[H xterm-app:${E}OH rxvt:${E}[7~"
ENDS="putty/linux/tmux/screen/vt220/win-openssh:${E}[4~ xterm/win-terminal/sco:${E}[F xterm-app:${E}OF rxvt:${E}[8~"

DB=$T/keys.db
s() { env -i PATH=/usr/bin:/bin HOME="$T/home" LC_ALL=C.UTF-8 "$SOCDS" "$@"; }
s init --unit 00070 --db "$DB" >/dev/null 2>&1 || { echo "Bail out! socds init failed"; exit 1; }
printf 'full_name,birth_year\n%s,1980\nBùi Thị Hai,1981\nCao Văn Ba,1982\n%s,1983\n' \
    "$FIRST" "$LAST" >"$T/staff.csv"
printf 'title,start_date\nLớp Khóa Phím,2026-01-10\n' >"$T/training.csv"
printf 'name\nTổ Phím Tắt\n' >"$T/team.csv"
for k in staff training team; do
	s import "$T/$k.csv" --kind "$k" --db "$DB" >/dev/null 2>&1 ||
	    { echo "Bail out! socds import $k failed"; exit 1; }
done

# SOCDS_KEYS_TERMS narrows the runs (e.g. to one TERM while working).
for TT in ${SOCDS_KEYS_TERMS:-xterm xterm-256color putty linux screen tmux-256color vt100 vt220}; do
	SZ=TERM=$TT
	start "$DB" "$TT"
	if [ "$TT" = putty ]; then
		ok "no terminfo entry for putty: falls back, said on the status line" \
		    see "$HOME_T" "@-2='putty'" "@-2='xterm'"
	else
		ok "the home screen, no fallback" see "$HOME_T" "@-2!is not known"
	fi

	# F1 opens the help, F10 leaves it: each terminal's bytes.
	i=0
	for f1 in $F1S; do
		i=$((i + 1))
		raw "F1 ($f1)" "${f1#*:}"
		ok "F1 as ${f1%%:*} sends it opens the help" see "(1-9, 0)"
		f10=$(echo "$F10S" | tr ' ' '\n' | sed -n "$(( (i - 1) % 3 + 1 ))p")
		raw "F10 ($f10)" "${f10#*:}"
		ok "F10 as ${f10%%:*} sends it leaves the help" see "$HOME_M" "!(1-9, 0)"
	done

	# Home and End in the staff list, seen by what Enter opens: the first
	# and the last name the list shows (all on one page).
	keys 1
	see "@2=Họ và tên" "$FIRST" "$LAST" >/dev/null
	snap
	FIRST=$(row 3 | sed 's/^ //; s/  .*//')
	LAST=$(sed -n '4,22p' "$T/screen" | grep -v '^ *$' | tail -n 1 | sed 's/^ //; s/  .*//')
	for end in $ENDS; do
		raw "End ($end)" "${end#*:}"
		keys Enter
		ok "End as ${end%%:*} sends it goes to the last row" see "$STAFF_ONLY" "@2=$LAST"
		raw "Esc" "$E"
		ok "... Esc alone goes back after the delay" still "!$STAFF_ONLY" "@2=Họ và tên"
	done
	for home in $HOMES; do
		raw "End" "${E}[4~"
		raw "Home ($home)" "${home#*:}"
		keys Enter
		ok "Home as ${home%%:*} sends it goes to the first row" see "$STAFF_ONLY" "@2=$FIRST"
		raw "Esc" "$E"
		see "!$STAFF_ONLY" >/dev/null
	done

	# F2 saves a form.
	i=0
	for f2 in $F2S; do
		i=$((i + 1))
		name="Bùi Phím $i $TT"
		keys F7
		see "$STAFF_ONLY" >/dev/null
		typ "$name"
		raw "F2 ($f2)" "${f2#*:}"
		# A name alone: the soft warning (name_only) first; Enter saves.
		see "Đề nghị kiểm tra lại trước khi lưu" >/dev/null
		keys Enter
		ok "F2 as ${f2%%:*} sends it saves the form" see "!$STAFF_ONLY" "$name"
		ok "... stored once" sql_is "SELECT count(*) FROM staff WHERE full_name = '$name'" 1
	done

	# An unknown sequence after Esc: not Esc, and its tail is not typed.
	keys F7
	see "$STAFF_ONLY" >/dev/null
	typ "Chưa Lưu $TT"
	raw "unknown ESC[99~" "${E}[99~"
	ok "Esc + an unknown sequence: the form stays, nothing typed, the key named" \
	    still "$STAFF_ONLY" "@2=Chưa Lưu $TT" "@2!99~" "@-2=[99~"
	# The keypad in application mode (PuTTY, vt100): digits.
	keys Tab Tab
	raw "keypad 1 9 8 7" "${E}Oq${E}Oy${E}Ox${E}Ow"
	ok "the application keypad's ESC O q.. types digits" see "@4=1987"
	raw "F2 (tilde)" "${E}[12~"
	ok "... saved with them" see "!$STAFF_ONLY" "Chưa Lưu $TT"
	ok "... stored 1987" sql_is "SELECT birth_year FROM staff WHERE full_name = 'Chưa Lưu $TT'" 1987

	# F10 leaves a list.
	i=0
	for f10 in $F10S; do
		i=$((i + 1))
		[ "$i" -gt 1 ] && { keys 1; see "@2=Họ và tên" >/dev/null; }
		raw "F10 ($f10)" "${f10#*:}"
		ok "F10 as ${f10%%:*} sends it leaves the list (and opens nothing)" \
		    still "$HOME_M" "@2!Họ và tên" "!Lớp Khóa Phím"
	done

	# F5 and Ctrl-O reach a training's participants.
	keys 2
	see "Lớp Khóa Phím" >/dev/null
	for f5 in $F5S; do
		raw "F5 ($f5)" "${f5#*:}"
		ok "F5 as ${f5%%:*} sends it opens the participants" see "@0=$PART_T"
		raw "F10" "${E}[21~"
		see "@0!$PART_T" >/dev/null
	done
	keys C-o
	ok "Ctrl-O (F5's alternative) opens the participants" see "@0=$PART_T"
	raw "Esc" "$E"
	see "Lớp Khóa Phím" "@0!$PART_T" >/dev/null
	keys Enter
	see "@2=Lớp Khóa Phím" >/dev/null
	keys C-o
	ok "Ctrl-O on the training's form opens its participants too" see "@0=$PART_T"
	raw "Esc" "$E"
	see "@0!$PART_T" "@2=Lớp Khóa Phím" >/dev/null
	raw "Esc" "$E"
	sleep 0.3
	raw "F10" "${E}[21~"
	see "$HOME_M" >/dev/null

	# F6 and Ctrl-P reach a team's activities, F5 its members.
	keys 4
	see "Tổ Phím Tắt" >/dev/null
	for f6 in $F6S; do
		raw "F6 ($f6)" "${f6#*:}"
		ok "F6 as ${f6%%:*} sends it opens the team's activities" see "@0=$ACT_T"
		raw "F10" "${E}[21~"
		see "@0!$ACT_T" >/dev/null
	done
	keys C-p
	ok "Ctrl-P (F6's alternative) opens the team's activities" see "@0=$ACT_T"
	raw "F10" "${E}[21~"
	see "@0!$ACT_T" >/dev/null
	keys C-o
	ok "Ctrl-O opens the team's members" see "@0=$MEMB_T"
	raw "F10" "${E}[21~"
	see "@0!$MEMB_T" "Tổ Phím Tắt" >/dev/null
	raw "F1" "${E}OP"
	ok "the help lists F5 and F6 with their alternatives" see "F5, Ctrl-O" "F6, Ctrl-P"
	raw "F10" "${E}[21~"
	see "Tổ Phím Tắt" "!F5, Ctrl-O" >/dev/null
	raw "F10" "${E}[21~"
	see "$HOME_M" >/dev/null
	raw "F10" "${E}[21~"
	ok "F10 on the home screen quits" see "EXITED rc=0"
	# The next run's list fits on one page again.
	sq "UPDATE staff SET deleted = 1 WHERE full_name LIKE 'Bùi Phím %' OR full_name LIKE 'Chưa Lưu %'" >/dev/null
done

# --- putty-256color: the 256-colour fallback ---
TT=putty-256color
SZ=TERM=$TT
start "$DB" putty-256color
ok "putty-256color falls back to xterm-256color, said once" \
    see "@-2='putty-256color'" "@-2='xterm-256color'"

# --- while the window is too small, only resizing and quitting act ---
TT=xterm
SZ=TERM=$TT
start "$DB" xterm
keys 1
see "@2=Họ và tên" >/dev/null
keys F7
see "$STAFF_ONLY" >/dev/null
typ 'Cửa Sổ Nhỏ'
keys Tab Tab
typ 1977
see "@4=1977" >/dev/null
resize 60 20
ok "60x20: the too-small screen" see "60 x 20" "!$STAFF_ONLY"
for f2 in $F2S; do
	raw "F2 ($f2)" "${f2#*:}"
done
keys C-s
raw "Esc" "$E"
keys c Enter 1 n q
raw "F10" "${E}[21~"
keys c
ok "F2 (every form of it), Ctrl-S, Esc, c, F10 while too small: nothing acts" \
    still "60 x 20" "!EXITED"
ok "... nothing saved" sql_is "SELECT count(*) FROM staff WHERE full_name = 'Cửa Sổ Nhỏ'" 0
resize 80 24
ok "back at 80x24: the form intact, as typed" \
    see "$STAFF_ONLY" "@2=Cửa Sổ Nhỏ" "@4=1977" "@-2!c = "
resize 60 20
see "60 x 20" >/dev/null
keys C-q
ok "Ctrl-Q while too small quits" see "EXITED rc=0"
ok "... the form kept as a draft" \
    sql_is "SELECT count(*) FROM draft WHERE fields LIKE '%Cửa Sổ Nhỏ%'" 1
ok "... and nothing saved" sql_is "SELECT count(*) FROM staff WHERE full_name = 'Cửa Sổ Nhỏ'" 0

done_testing
