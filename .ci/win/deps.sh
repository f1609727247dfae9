#!/bin/sh
# deps.sh ARCH: cross-build socds' dependencies for Windows (ARCH = x86_64 or
# i686) as static libraries from Debian 12's source packages, into
#   ${SOCDS_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/socds-win}/ARCH/
# (lib/, include/, lib/pkgconfig/, share/, cross.ini for Meson, READY when done).
# Each library is rebuilt only when its source version or its recipe below
# changes (stamps/LIB). Sources are fetched once into the cache's src/.
# Then .ci/win/smoke.c is built and run under Wine (exit non-zero on failure).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"
JOBS=${SOCDS_WIN_JOBS:-2}
CACHE=${SOCDS_WIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/socds-win}
SRC=$CACHE/src

# Each library: its Debian source package; in build order (a library comes
# after those it needs: its stamp includes theirs).
LIBS="zlib ncurses sqlite3 utf8proc gmp nettle jansson libzip libxlsxwriter cmocka intl"
srcpkg() {
	case $1 in
	intl) echo gettext ;;
	*) echo "$1" ;;
	esac
}
needs() {
	case $1 in
	nettle) echo gmp ;;
	libzip | libxlsxwriter) echo zlib ;;
	*) echo "" ;;
	esac
}

usage() {
	echo "usage: $0 x86_64|i686" >&2
	exit 2
}

# --- host tools ---------------------------------------------------------------

install_packages() {
	a=$(echo "$ARCH" | tr _ -)
	# (zip and groff-base: zip.sh, for ./dev windows)
	want="gcc make pkg-config cmake m4 tcl dpkg-dev xz-utils gettext meson ninja-build zip groff-base
gcc-mingw-w64-$a-win32 g++-mingw-w64-$a-win32 binutils-mingw-w64-$a wine"
	[ "$ARCH" = x86_64 ] && want="$want wine64"
	missing=""
	for p in $want; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "deps: installing:$missing" >&2
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
}

# --- sources ------------------------------------------------------------------

# deb-src lines for the machine's own mirrors (deb822 .sources or one-line lists).
src_lines() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush() {
			if (deb && uris != "" && suites != "") {
				n = split(uris, u, " "); m = split(suites, s, " ")
				for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
					print "deb-src " u[i] " " s[j] " " comps
			}
			deb = 0; uris = ""; suites = ""; comps = "main"
		}
		BEGIN { comps = "main" }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]*#/ { next }
		tolower($1) == "types:" { deb = ($0 ~ /[ \t]deb([ \t]|$)/) }
		tolower($1) == "uris:" { $1 = ""; uris = $0 }
		tolower($1) == "suites:" { $1 = ""; suites = $0 }
		tolower($1) == "components:" { $1 = ""; comps = $0 }
		tolower($1) == "enabled:" && tolower($2) == "no" { deb = 0 }
		END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		# deb [options] URI SUITE COMPONENTS...
		sed -n 's/^[ \t]*deb[ \t]\+\(\[[^]]*\][ \t]\+\)\?/deb-src /p' "$f"
	done
}

fetch() {
	mkdir -p "$SRC/lists/partial"
	cd "$SRC"
	missing=""
	for lib in $LIBS; do
		p=$(srcpkg "$lib")
		ls "$SRC/${p}"_*.dsc >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	src_lines | sort -u >"$SRC/sources.list"
	if [ ! -s "$SRC/sources.list" ]; then
		echo "deps: no apt source found in /etc/apt to derive a deb-src entry from" >&2
		return 1
	fi
	set -- -o Dir::Etc::SourceList="$SRC/sources.list" -o Dir::Etc::SourceParts=- \
		-o Dir::State::Lists="$SRC/lists" -o APT::Sandbox::User=root
	echo "deps: fetching Debian sources:$missing" >&2
	apt-get "$@" -qq update
	for p in $missing; do
		# The newest version first; a mirror that lists a version but lacks
		# its files (a lagging security mirror) falls back to the next.
		ok=0
		for v in $(apt-cache "$@" showsrc --only-source "$p" |
			sed -n 's/^Version: //p' | sort -u | sort -r -V); do
			if apt-get "$@" -qq source --download-only "$p=$v" >/dev/null 2>&1; then
				ok=1
				break
			fi
			rm -f "$SRC/${p}"_*
		done
		[ "$ok" = 1 ] || {
			echo "deps: cannot fetch source package $p" >&2
			return 1
		}
	done
}

dsc() {	# dsc LIB: the source package's .dsc (the newest fetched)
	ls "$SRC/$(srcpkg "$1")"_*.dsc | sort -V | tail -n 1
}

version() {	# version LIB: Debian version of its source package
	sed -n 's/^Version: //p' "$(dsc "$1")"
}

# unpack LIB: a fresh Debian source tree in $B/src; cd there.
unpack() {
	rm -rf "$B"
	mkdir -p "$B"
	dpkg-source -q -x "$(dsc "$1")" "$B/src" >/dev/null
	cd "$B/src"
}

# --- recipes (run by "deps.sh --build ARCH LIB", output in the log) ---------------
# Each recipe's text is part of its stamp: editing it rebuilds that library.

cmake_build() {	# cmake_build ARGS...: configure $B/src in $B/b, build, install
	cmake -S "$B/src" -B "$B/b" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$PREFIX/toolchain.cmake" \
		-DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
		-DCMAKE_INSTALL_LIBDIR=lib -DBUILD_SHARED_LIBS=OFF "$@"
	cmake --build "$B/b" -j "$JOBS"
	cmake --install "$B/b"
}

configure_host() {	# configure_host SRCDIR ARGS...: autoconf cross configure
	d=$1
	shift
	"$d/configure" --host="$HOST" --build="$(gcc -dumpmachine)" --prefix="$PREFIX" \
		--disable-shared --enable-static "$@"
}

build_zlib() {
	unpack zlib
	# Debian's tarball has no win32/: the Unix configure, cross and static.
	CHOST=$HOST CFLAGS=-O2 ./configure --static --prefix="$PREFIX"
	make -j"$JOBS" libz.a
	make install
}

build_ncurses() {
	unpack ncurses
	mkdir -p "$B/b"
	cd "$B/b"
	configure_host ../src --enable-widec --enable-term-driver --enable-sp-funcs \
		--without-ada --without-cxx --without-cxx-binding --without-progs --without-tests \
		--without-manpages --without-shared --with-normal --without-debug \
		--without-libtool --disable-home-terminfo --disable-db-install --disable-termcap \
		--enable-ext-funcs --enable-ext-colors --enable-ext-mouse --disable-mixed-case \
		--disable-pc-files --with-build-cc=gcc
	# The library alone: socds uses no menu, form or panel.
	make -j"$JOBS" -C include
	make -j"$JOBS" -C ncurses
	make -C include install
	make -C ncurses install
	v=$(sed -n "s/^NCURSES_MAJOR *= *//p" ../src/dist.mk).$(sed -n "s/^NCURSES_MINOR *= *//p" ../src/dist.mk)
	# No .pc from --disable-pc-files (they would name the build's paths): a
	# static one. Sources include <curses.h>, so both folders are on the path.
	cat >"$PREFIX/lib/pkgconfig/ncursesw.pc" <<EOF
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: ncursesw
Description: ncurses $v, wide characters, Windows console driver (static)
Version: $v
Libs: -L\${libdir} -lncursesw
Cflags: -DNCURSES_STATIC -I\${includedir}/ncursesw -I\${includedir}
EOF
}

SQLITE_CFLAGS="-O2 -DSQLITE_ENABLE_FTS5 -DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_MATH_FUNCTIONS
-DSQLITE_SECURE_DELETE -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_MAX_VARIABLE_NUMBER=250000
-DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_OMIT_LOAD_EXTENSION"

build_sqlite3() {
	unpack sqlite3
	# The amalgamation is made by a native build (needs tclsh), then cross-compiled.
	# socds needs FTS5 (trigram tokenizer) and JSON (built in since 3.38).
	mkdir -p "$B/b"
	cd "$B/b"
	../src/configure --disable-tcl --disable-readline
	make sqlite3.c sqlite3.h
	# shellcheck disable=SC2086
	"$HOST-gcc" $SQLITE_CFLAGS -c sqlite3.c -o sqlite3.o
	"$HOST-ar" rcs libsqlite3.a sqlite3.o
	mkdir -p "$PREFIX/lib/pkgconfig" "$PREFIX/include"
	cp libsqlite3.a "$PREFIX/lib/"
	cp sqlite3.h ../src/src/sqlite3ext.h "$PREFIX/include/"
	v=$(cat ../src/VERSION)
	cat >"$PREFIX/lib/pkgconfig/sqlite3.pc" <<EOF
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: SQLite
Description: SQL database engine (amalgamation, static, FTS5)
Version: $v
Libs: -L\${libdir} -lsqlite3
Cflags: -I\${includedir}
EOF
}

build_utf8proc() {
	unpack utf8proc
	cmake_build -DUTF8PROC_ENABLE_TESTING=OFF
	# Its .pc is for the DLL (UTF8PROC_EXPORTS); a static user needs UTF8PROC_STATIC.
	f="$PREFIX/lib/pkgconfig/libutf8proc.pc"
	sed -i 's/^Cflags:.*/Cflags: -I${includedir} -DUTF8PROC_STATIC/' "$f"
	grep -q UTF8PROC_STATIC "$f"
}

build_gmp() {
	unpack gmp
	# Debian's tarball drops doc/ (non-free manual); configure still lists it.
	mkdir -p doc
	printf 'all:\n.DEFAULT:\n\t@:\n' >doc/Makefile.in
	mkdir -p "$B/b"
	cd "$B/b"
	configure_host ../src --disable-cxx
	make -j"$JOBS"
	make install
}

build_nettle() {
	unpack nettle
	# A Debian patch touches configure.ac: keep make from running autoheader.
	touch stamp-h.in config.h.in
	mkdir -p "$B/b"
	cd "$B/b"
	configure_host ../src --disable-documentation --disable-openssl \
		--with-include-path="$PREFIX/include" --with-lib-path="$PREFIX/lib"
	make -j"$JOBS"
	make install
	grep -q gmp "$PREFIX/lib/pkgconfig/hogweed.pc"
}

build_jansson() {
	unpack jansson
	cmake_build -DJANSSON_BUILD_DOCS=OFF -DJANSSON_EXAMPLES=OFF -DJANSSON_WITHOUT_TESTS=ON \
		-DJANSSON_BUILD_SHARED_LIBS=OFF
}

build_libzip() {
	unpack libzip
	# zlib only; AES goes through Windows' bcrypt.
	cmake_build -DENABLE_BZIP2=OFF -DENABLE_LZMA=OFF -DENABLE_ZSTD=OFF -DENABLE_GNUTLS=OFF \
		-DENABLE_OPENSSL=OFF -DENABLE_MBEDTLS=OFF -DENABLE_COMMONCRYPTO=OFF \
		-DENABLE_WINDOWS_CRYPTO=ON -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF \
		-DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF
	# zip.h declares dllimport unless ZIP_STATIC, which a static build's zipconf.h defines.
	grep -q '^#define ZIP_STATIC' "$PREFIX/include/zipconf.h"
	grep -q 'bcrypt' "$PREFIX/lib/pkgconfig/libzip.pc"
}

build_libxlsxwriter() {
	unpack libxlsxwriter
	# Under MinGW, 1.1.4 undefines _WIN32 in packager.c and utility.c (names
	# then go through narrow fopen: "Điểm.xlsx" is garbled) and adds minizip's
	# iowin32.c only for MSVC. Keep _WIN32 and take iowin32.c on any WIN32.
	sed -i '/^#ifdef __MINGW32__$/{N;N;s/^#ifdef __MINGW32__\n#undef _WIN32\n#endif$//}' \
		src/packager.c src/utility.c
	sed -i '/if(MSVC)/{N;s/if(MSVC)\(\n[^\n]*iowin32\.c\)/if(WIN32)\1/}' CMakeLists.txt
	! grep -q '^#undef _WIN32' src/packager.c src/utility.c
	grep -B1 'iowin32\.c' CMakeLists.txt | grep -q 'if(WIN32)'
	cmake_build -DUSE_SYSTEM_MINIZIP=OFF -DBUILD_TESTS=OFF -DBUILD_EXAMPLES=OFF
	# Its .pc says "Version: 4" (the SONAME); give the real one.
	v=$(sed -n 's/^#define LXW_VERSION "\(.*\)"/\1/p' include/xlsxwriter.h)
	sed -i "s/^Version:.*/Version: $v/" "$PREFIX/lib/pkgconfig/xlsxwriter.pc"
}

build_cmocka() {
	unpack cmocka
	cmake_build -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF
	# Static only: the DLL and its import library go, the .pc names the static one.
	rm -f "$PREFIX/bin/libcmocka.dll" "$PREFIX/lib/libcmocka.dll.a"
	sed -i 's/-lcmocka$/-lcmocka-static/' "$PREFIX/lib/pkgconfig/cmocka.pc"
	grep -q -- -lcmocka-static "$PREFIX/lib/pkgconfig/cmocka.pc"
}

build_intl() {
	unpack intl
	# Debian's patches touch configure.ac and Makefile.am files (Java, shared
	# library links: nothing used here); keep make from rerunning autotools.
	find . \( -name Makefile.in -o -name configure -o -name aclocal.m4 -o -name config.h.in \) \
		-exec touch {} +
	# Only gettext-runtime's libintl, static and without iconv: messages come
	# back as the .mo stores them (UTF-8), whatever the code page.
	mkdir -p "$B/b"
	cd "$B/b"
	# socds is built with mingw's own printf (__USE_MINGW_ANSI_STDIO), where
	# PRId64 is "lld"; libintl expands a message's <PRId64> with its own, so it
	# must be the same ("I64d" otherwise, and every such message untranslated).
	CPPFLAGS=-D__USE_MINGW_ANSI_STDIO=1 \
	configure_host ../src/gettext-runtime --disable-java --disable-csharp --disable-libasprintf \
		--disable-openmp --disable-c++ --disable-dependency-tracking \
		--without-libiconv-prefix --without-libintl-prefix --with-included-gettext \
		--disable-relocatable am_cv_func_iconv=no
	make -C intl -j"$JOBS"
	make -C intl install
	! "$HOST-nm" "$PREFIX/lib/libintl.a" | grep -q ' U .*iconv'
	"$HOST-strings" -n 3 -a "$PREFIX/lib/libintl.a" | grep -qx lld
	cat >"$PREFIX/lib/pkgconfig/intl.pc" <<EOF
prefix=$PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: intl
Description: GNU libintl from gettext-runtime (static, no iconv)
Version: $(version intl | sed 's/-[^-]*$//')
Libs: -L\${libdir} -lintl
Cflags: -I\${includedir}
EOF
}

# --- driver -------------------------------------------------------------------

recipe() {	# recipe LIB: the text its stamp hashes
	sed -n "/^build_$1() {/,/^}/p" "$SELF"
	[ "$1" = sqlite3 ] && echo "$SQLITE_CFLAGS"
	sed -n '/^cmake_build() {/,/^}/p;/^configure_host() {/,/^}/p;/^unpack() {/,/^}/p' "$SELF"
}

stamp_of() {	# stamp_of LIB: what its stamp must say for it to be current
	echo "$(srcpkg "$1") $(version "$1")"
	echo "recipe $(recipe "$1" | sha256sum | cut -c1-16)"
	for d in $(needs "$1"); do cat "$PREFIX/stamps/$d"; done
}

write_toolchain() {
	mkdir -p "$PREFIX/lib/pkgconfig" "$PREFIX/include" "$PREFIX/stamps"
	cat >"$PREFIX/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR $ARCH)
set(CMAKE_C_COMPILER $HOST-gcc)
set(CMAKE_CXX_COMPILER $HOST-g++)
set(CMAKE_RC_COMPILER $HOST-windres)
set(CMAKE_FIND_ROOT_PATH $PREFIX /usr/$HOST)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
EOF
	# Meson runs cross-built tests through Wine where it can run them.
	if wine_ok; then w=""; else w="# "; fi
	sed "s|@PREFIX@|$PREFIX|g; s|@WINE32@|$w|" "$HERE/cross-$ARCH.ini" >"$PREFIX/cross.ini.new"
	mv "$PREFIX/cross.ini.new" "$PREFIX/cross.ini"
}

pkgcfg() {
	PKG_CONFIG_LIBDIR="$PREFIX/lib/pkgconfig" PKG_CONFIG_PATH="" pkg-config --static "$@"
}

wine_ok() {	# can this machine run an $ARCH .exe?
	command -v wine >/dev/null || return 1
	[ "$ARCH" = x86_64 ] && return 0
	dpkg-query -W -f='${Status}' wine32:i386 2>/dev/null | grep -q "install ok installed"
}

smoke() {
	d="$PREFIX/smoke"
	rm -rf "$d"
	mkdir -p "$d"
	# shellcheck disable=SC2046
	"$HOST-gcc" -std=c17 -O1 -Wall -Wextra -o "$d/smoke.exe" "$HERE/smoke.c" \
		$(pkgcfg --cflags --libs sqlite3 libutf8proc nettle hogweed jansson libzip \
			xlsxwriter ncursesw cmocka intl) -static
	"$HOST-strip" "$d/smoke.exe"
	mkdir -p "$d/locale/vi/LC_MESSAGES"
	printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Score"\nmsgstr "Điểm"\n' >"$d/smoke.po"
	msgfmt -o "$d/locale/vi/LC_MESSAGES/smoke.mo" "$d/smoke.po"
	if ! wine_ok; then
		echo "deps: smoke.exe built; no Wine for $ARCH here, not run" >&2
		return 0
	fi
	export WINEPREFIX="${WINEPREFIX:-$CACHE/wineprefix}" WINEDEBUG=-all
	[ -f "$WINEPREFIX/system.reg" ] || wineboot -i >/dev/null 2>&1
	(cd "$d" && wine smoke.exe)
}

main() {
	[ $# -eq 1 ] || usage
	ARCH=$1
	case $ARCH in x86_64 | i686) ;; *) usage ;; esac
	HOST=$ARCH-w64-mingw32
	PREFIX=$CACHE/$ARCH
	LOG=$PREFIX/deps.log
	mkdir -p "$PREFIX" "$SRC"
	# One build of an arch at a time (helpers may share a cache).
	exec 9>"$PREFIX/.lock"
	flock 9
	t0=$(date +%s)
	install_packages
	fetch
	write_toolchain
	: >"$LOG"
	for lib in $LIBS; do
		want=$(stamp_of "$lib")
		if [ -f "$PREFIX/stamps/$lib" ] && [ "$(cat "$PREFIX/stamps/$lib")" = "$want" ]; then
			printf '%-14s %-28s cached\n' "$lib" "$(version "$lib")"
			continue
		fi
		# Others may be using the prefix: not ready while a library changes.
		rm -f "$PREFIX/READY"
		t=$(date +%s)
		echo "=== $lib $(version "$lib")" >>"$LOG"
		if ! sh "$SELF" --build "$ARCH" "$lib" >>"$LOG" 2>&1; then
			tail -n 40 "$LOG" >&2
			echo "deps: $lib failed for $ARCH (whole log: $LOG)" >&2
			exit 1
		fi
		rm -rf "$PREFIX/build/$lib"
		echo "$want" >"$PREFIX/stamps/$lib"
		printf '%-14s %-28s %4ds\n' "$lib" "$(version "$lib")" $(($(date +%s) - t))
	done
	{
		for lib in $LIBS; do echo "$(srcpkg "$lib") $(version "$lib")"; done
		echo "deps.sh $(sha256sum "$SELF" | cut -c1-16)"
	} >"$PREFIX/STAMP"
	t=$(date +%s)
	if ! smoke >>"$LOG" 2>&1; then
		tail -n 40 "$LOG" >&2
		echo "deps: smoke test failed for $ARCH (whole log: $LOG)" >&2
		exit 1
	fi
	grep -E '^\[  (PASSED|FAILED) |^deps:' "$LOG" || true
	printf '%-43s %4ds\n' "smoke" $(($(date +%s) - t))
	touch "$PREFIX/READY"
	printf 'deps: %s ready in %ds: %s (cross file %s)\n' "$ARCH" $(($(date +%s) - t0)) \
		"$PREFIX" "$PREFIX/cross.ini"
}

if [ "${1:-}" = --build ]; then
	# One recipe, in a shell of its own so that set -e holds.
	ARCH=$2
	HOST=$ARCH-w64-mingw32
	PREFIX=$CACHE/$ARCH
	B=$PREFIX/build/$3
	set -x
	"build_$3"
	exit 0
fi
main "$@"; exit $?	# one line: an edit during a run cannot shift what runs next
