#!/bin/sh
# Drawing right, end to end: names with wide characters, flags, emoji joined
# with ZWJ and combining marks placed on a column edge; long messages; Ctrl-L;
# delete questions that tell namesakes apart. socds runs in a private tmux
# server at 80x24 and again at 200x60; capture-pane shows what the terminal
# holds. The harness is test/lib/tmux.sh, shared with test_tui.sh. TAP output for meson.
#
#   sh test/e2e/test_draw.sh /abs/path/to/socds
E2E_NAME=draw
. "$(dirname "$0")/../lib/tmux.sh"
exited_ok() {	# exited_ok RC-REGEX: socds has left and the terminal is sane
	see "~EXITED rc=$1 TTY\[\]" && pane_is '#{alternate_on}' 0 &&
	    pane_is '#{cursor_flag}' 1
}
# dcol R TEXT: the terminal column where TEXT starts on row R (wc -L counts
# display width: CJK and emoji 2, marks 0); empty when TEXT is not there.
dcol() {
	row "$1" | awk -v t="$2" '{ i = index($0, t); if (i > 0) print substr($0, 1, i - 1) "|" }' |
	    sed 's/|$//' | tr -d '\n' | wc -L | { read -r c; row "$1" | grep -qF -- "$2" && echo "$c"; }
}
# same_col TEXT R1 R2...: TEXT starts at one column on each of the rows.
same_col() {
	st=$1
	shift
	sc0=
	for sr in "$@"; do
		sc=$(dcol "$sr" "$st")
		[ -n "$sc" ] || { echo "# row $sr lacks '$st'"; return 1; }
		[ -z "$sc0" ] && sc0=$sc
		[ "$sc" -eq "$sc0" ] || { echo "# '$st' starts at column $sc on row $sr, $sc0 on row $1"; return 1; }
	done
}
# bottom_joined N: the N lines above the key bar, trimmed, joined by spaces.
bottom_joined() {
	bj=
	bi=$((SL - 1 - $1))
	while [ "$bi" -lt $((SL - 1)) ]; do
		bl=$(row "$bi" | sed 's/^ *//; s/ *$//')
		bj="${bj:+$bj }$bl"
		bi=$((bi + 1))
	done
	printf '%s\n' "$bj"
}
# The pane's terminal, written to as another program would (wall, a stray
# background job): what Ctrl-L is for.
pane_write() {
	printf '%b' "$1" >"$(tm display -p -t e2e '#{pane_tty}')"
}

HAN=$(printf '\346\274\242\345\255\227')			# 漢字
FLAG=$(printf '\360\237\207\273\360\237\207\263')		# 🇻🇳
RI_V=$(printf '\360\237\207\273')				# 🇻 alone
TECH=$(printf '\360\237\221\251\342\200\215\360\237\222\273')	# 👩‍💻
WOMAN=$(printf '\360\237\221\251')				# 👩
ZWJ=$(printf '\342\200\215')
PLACEHOLDER=$(printf '\357\277\275')				# U+FFFD
E_MARKS=$(printf '\303\212\314\204')				# Ê + combining macron
# Each name ends on the name column's edge (26 columns from column 1).
N_HAN="Nguyễn Văn Aaaaaaaaaaaaa$HAN"		# 24 columns + 4: 漢 would be split
N_TECH="Trần Thị Bbbbbbbbbbbbbb${TECH}x"	# the ZWJ sequence on columns 23-24
N_FLAG="Lê Văn Cccccccccccccccc$FLAG"		# the flag on the last two columns
N_FLAGS="Phạm Thị Ddddddddddddd$FLAG$FLAG"	# the second flag does not fit
N_MARK="Hoàng Văn ${E_MARKS}eeeeeeeeee漢漢漢漢"
LONG_NAME="Nguyễn Thị Hồng Nhung Phương Thảo Ngọc Bích Khánh Linh Thu Trang Minh"
LONG_TITLE="Tập huấn nâng cao kỹ năng số cho cán bộ, công chức cấp xã và thành viên Tổ công nghệ số cộng đồng về dịch vụ công trực tuyến, thanh toán không dùng tiền mặt và an toàn thông tin"
LONG_PLACE="Hội trường Ủy ban nhân dân phường Hoàn Kiếm, số 126 phố Hàng Trống"

# asked TEXT...: the lines above the key bar (a question or message, wrapped
# over up to three lines), trimmed and joined by spaces, hold each TEXT
# (!TEXT: do not); polls like see.
asked() {
	ai=0
	while :; do
		snap
		aq=$(bottom_joined 3)
		amiss=
		for at in "$@"; do
			case $at in
			!*) if printf '%s\n' "$aq" | grep -qF -- "${at#!}"; then amiss=$at; break; fi ;;
			*) printf '%s\n' "$aq" | grep -qF -- "$at" || { amiss=$at; break; } ;;
			esac
		done
		[ -z "$amiss" ] && return 0
		ai=$((ai + 1))
		[ "$ai" -ge 100 ] && break
		sleep 0.05
	done
	echo "# the bottom lines, joined: '$aq'; expected '$amiss'"
	return 1
}

# The rows of the list holding the five names above.
name_rows() {
	for nn in Aaaaaaaaaaaaa Bbbbbbbbbbbbbb Cccccccccccccccc Ddddddddddddd eeeeeeeeee; do
		ni=$(grep -nF -- "$nn" "$T/screen" | head -n 1 | cut -d: -f1)
		[ -n "$ni" ] && printf ' %s' $((ni - 1))
	done
	echo
}
columns_line_up() {
	snap
	rows=$(name_rows)
	[ "$(echo "$rows" | wc -w)" -eq 5 ] || { echo "# the five names are not all listed: rows$rows"; return 1; }
	# The second column starts at 28: 1 + the name's 26 + a blank.
	hc=$(dcol 2 "Chức vụ")
	[ "$hc" = 28 ] || { echo "# the second column's header starts at column $hc"; return 1; }
	# shellcheck disable=SC2086
	same_col "Không" $rows
}
no_half_glyph() {
	snap
	# 漢 would need columns 25-26 of 1-26: it is left out whole, "…" after.
	holds "Aaaaaaaaaaaaa… " && holds "!Aaaaaaaaaaaaa$(printf '\346\274\242')" || {
		echo "# the CJK name is not cut before its wide character"; return 1; }
	# No name runs into column 27, the blank between the columns.
	for r in $(name_rows); do
		nw=$(row "$r" | sed 's/   .*//' | tr -d '\n' | wc -L)
		[ "$nw" -le 27 ] || { echo "# row $r: the name takes $nw columns"; return 1; }
	done
}
clusters_whole() {
	snap
	# The flag: whole or one placeholder, never one regional indicator alone.
	fl=$(grep -F "Cccccccccccccccc" "$T/screen")
	case $fl in
	*"Cccccccccccccccc$FLAG"*|*"Cccccccccccccccc$PLACEHOLDER"*) ;;
	*) echo "# the flag row: '$fl'"; return 1 ;;
	esac
	if grep -F "Ddddddddddddd" "$T/screen" | sed "s/$FLAG//g" | grep -qF "$RI_V"; then
		echo "# half a flag on the row of two flags"; return 1
	fi
	if printf '%s\n' "$fl" | sed "s/$FLAG//g" | grep -qF "$RI_V"; then
		echo "# half a flag on '$fl'"; return 1
	fi
	tl=$(grep -F "Bbbbbbbbbbbbbb" "$T/screen")
	case $tl in
	*"Bbbbbbbbbbbbbb${TECH}x"*|*"Bbbbbbbbbbbbbb${PLACEHOLDER}"*x*) ;;
	*) echo "# the ZWJ row: '$tl'"; return 1 ;;
	esac
	# No joiner strayed anywhere else, no woman without her laptop.
	if sed "s/$TECH//g" "$T/screen" | grep -qF -e "$ZWJ" -e "$WOMAN"; then
		echo "# a piece of the ZWJ sequence is on the screen alone"; return 1
	fi
	# The letter keeps its combining mark.
	holds "${E_MARKS}eeeeeeeeee"
}
redraw_same() {
	snap
	cp "$T/screen" "$T/first"
	tabs 6 Down
	tabs 6 Up
	sleep 0.3
	snap
	cmp -s "$T/first" "$T/screen" || { echo "# moving the selection changed the screen:";
	    diff "$T/first" "$T/screen" | sed 's/^/#   /'; return 1; }
	resize $((W + 1)) "$H"
	sleep 0.3
	resize "$W" "$H"
	sleep 0.3
	snap
	cmp -s "$T/first" "$T/screen" || { echo "# a resize changed the screen:";
	    diff "$T/first" "$T/screen" | sed 's/^/#   /'; return 1; }
}
# sane DESCRIPTION COMMAND...: a check that the tests above left socds
# working; told only when it fails.
sane() {
	sd=$1
	shift
	"$@" && return 0
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $SZ: $sd"
	evidence
}
question_wraps() {	# question_wraps N FIRST: the question takes N lines, FIRST on the first
	see "@-$(($1 + 1))~^ .*$2" && holds "@-$(($1 + 2))!$2"
}

for size in 80x24 200x60; do
	W=${size%x*}
	H=${size#*x}
	SZ=$size
	DB=$T/$size.db
	"$SOCDS" init --unit 00070 --db "$DB" >/dev/null 2>&1 || echo "# socds init failed for $DB"
	printf 'full_name,birth_year\n%s,1980\n%s,1981\n%s,1982\n%s,1983\n%s,1984\n%s,1980\n' \
	    "$N_HAN" "$N_TECH" "$N_FLAG" "$N_FLAGS" "$N_MARK" "$LONG_NAME" >"$T/staff.csv"
	printf 'name\nThôn Đông\nThôn Tây\n' >"$T/village.csv"
	printf 'name,village_id\nTổ CNSCĐ Đông,Thôn Đông\n' >"$T/team.csv"
	printf 'team_id,held_on,place\nTổ CNSCĐ Đông,05/03/2026,Nhà văn hóa thôn Đông\n' >"$T/activity.csv"
	printf 'title,start_date,place\n"%s",03/02/2026,"%s"\nTập huấn kỹ năng số,07/04/2026,Hội trường UBND\nTập huấn kỹ năng số,09/05/2026,Nhà văn hóa thôn Tây\n' \
	    "$LONG_TITLE" "$LONG_PLACE" >"$T/training.csv"
	for k in staff village team activity training; do
		"$SOCDS" import "$T/$k.csv" --kind "$k" --db "$DB" >"$T/out" 2>&1 ||
		    sed 's/^/# import: /' "$T/out"
	done

	# --- (1) wide characters and clusters on a column edge ---
	start "$DB"
	keys 1
	see "Bbbbbbbbbbbbbb" "Hoàng Văn" >/dev/null
	ok "the columns after names with CJK, emoji, flags and marks line up" columns_line_up
	ok "a wide character that does not fit is left out whole, with '…'" no_half_glyph
	ok "a flag and a ZWJ sequence are drawn whole or as one placeholder" clusters_whole
	ok "every redraw of the list is the same (the selection passing, a resize)" redraw_same

	# --- (2) a delete question: whole, wrapped at a space, with a second detail ---
	keys /
	typ "hong nhung"
	keys Enter
	see "@3=Nguyễn Thị Hồng Nhung" "!Bbbbbbbbbbbbbb" >/dev/null
	keys F8
	if [ "$W" -lt 100 ]; then
		ok "a question longer than the status line wraps to a second line" \
		    question_wraps 2 "'Nguyễn"
	fi
	ok "... at a space: nothing of it is cut, the birth year and unit are named" \
	    asked "'$LONG_NAME' (" "1980, Phường Hoàn Kiếm)?"
	keys k
	see "@-2!1980" >/dev/null
	sane "answering no keeps the record" sql_is "SELECT deleted FROM staff WHERE full_name = '$LONG_NAME'" 0

	# --- (3) a long value shows its start and '…' where it is cut ---
	keys Enter
	see "@2~Nguyễn Thị Hồng Nhung" "Giới tính" >/dev/null
	keys Tab
	if [ "$W" -lt 100 ]; then
		ok "a long value, left, shows its start and '…' at the cut" \
		    see "@2~\\* Nguyễn Thị Hồng Nhung Phương.*…" "@2!Trang Minh"
	else
		sane "a long value that fits is shown whole" see "@2~\\* $LONG_NAME\$"
	fi
	keys F1
	ok "the form's help speaks of the [↵] marks the form shows" see "[↵]" "!Giới tính"
	keys Escape
	see "Giới tính" >/dev/null
	keys Escape
	see "@3=Nguyễn Thị Hồng Nhung" "!Giới tính" >/dev/null
	keys /
	keys Escape
	see "Bbbbbbbbbbbbbb" >/dev/null

	# --- (4) Ctrl-L clears what another program left on the terminal ---
	pane_write "\\033[$((H - 6));20HSTALE…\\033[$((H - 8));1H…"
	see "STALE…" >/dev/null
	keys C-l
	ok "Ctrl-L clears a stale '…' and draws the screen again" \
	    see "!STALE" "Bbbbbbbbbbbbbb" "@$((H - 9))!…"
	keys Escape
	see "00070 Phường Hoàn Kiếm" >/dev/null

	# --- (5) delete questions that tell namesakes apart, dates dd/mm/yyyy ---
	keys 2
	see "@3~Tập huấn kỹ năng số" "@5~Tập huấn nâng cao" >/dev/null
	if [ "$W" -lt 100 ]; then
		keys F7
		ok "a field's help longer than the status line wraps at spaces, whole" \
		    asked "Tên lớp như trong kế hoạch hoặc giấy mời, ví dụ: Tập huấn kỹ năng số cho Tổ công nghệ số cộng đồng"
		keys Escape
		see "@5~Tập huấn nâng cao" >/dev/null
	fi
	keys F8
	snap
	q1=$(bottom_joined 3)
	keys k Down F8
	ok "training: the question gives the date dd/mm/yyyy and the place" \
	    asked "'Tập huấn kỹ năng số' (" "!$q1" "!2026-0"
	q2=$(bottom_joined 3)
	ok "... and tells namesakes apart" \
	    eval 'printf "%s\n%s\n" "$q1" "$q2" | grep -c -e "(07/04/2026, Hội trường UBND)" \
	    -e "(09/05/2026, Nhà văn hóa thôn Tây)" | grep -qx 2'
	keys k Down F8
	if [ "$W" -lt 100 ]; then
		ok "a long question wraps over three lines, at spaces, '…' at the end" \
		    eval 'question_wraps 3 "Tập huấn nâng cao" &&
		    asked "$(echo "$LONG_TITLE" | cut -c1-100)" && holds "@-2~…\$"'
	else
		ok "a long question wraps over two lines, at spaces" \
		    question_wraps 2 "Tập huấn nâng cao"
		ok "... and nothing of it is cut" asked "'$LONG_TITLE' (03/02/2026, $LONG_PLACE)?"
	fi
	keys k Escape
	see "00070 Phường Hoàn Kiếm" >/dev/null
	keys 6
	see "Nhà văn hóa thôn Đông" >/dev/null
	keys F8
	ok "activity: the question gives the date dd/mm/yyyy and the place" \
	    asked "(05/03/2026, Nhà văn hóa thôn Đông" "!2026-03-05"
	keys k Escape
	see "00070 Phường Hoàn Kiếm" >/dev/null
	keys 4
	see "Tổ CNSCĐ Đông" >/dev/null
	keys F8
	ok "team: the question names its village" asked "'Tổ CNSCĐ Đông' (Thôn Đông"
	keys k Escape
	see "00070 Phường Hoàn Kiếm" >/dev/null
	keys 1
	see "Bbbbbbbbbbbbbb" >/dev/null
	keys /
	typ aaaaaaaaaaaaa
	keys Enter
	see "!Bbbbbbbbbbbbbb" >/dev/null
	keys F8
	ok "staff: the question gives the name whole, the birth year and the unit" \
	    asked "'$N_HAN' (" "1980, Phường Hoàn Kiếm)?"
	keys k
	keys C-q
	sane "socds quits cleanly" exited_ok 0
done

tm kill-session -t e2e 2>/dev/null
done_testing
