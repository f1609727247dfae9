#!/bin/sh
# zip.sh ARCH EXE VERSION OUT.zip: lay out socds for Windows and zip it.
# The layout is the installed one (meson.build: share/socds/{forms,assets},
# share/locale) with everything beside socds.exe, where the Windows build
# looks for it:
#   socds-VERSION-winNN/socds.exe                       stripped
#   socds-VERSION-winNN/forms/, assets/{demo,lists,tasks,units}/
#   socds-VERSION-winNN/locale/vi/LC_MESSAGES/socds.mo
#   socds-VERSION-winNN/socds.1.txt                     the man page as text
#   socds-VERSION-winNN/DOC-TOI.txt                     read-me in Vietnamese
# Text files get CRLF and a UTF-8 BOM so that Notepad shows them right.
set -eu
[ $# -eq 4 ] || { echo "usage: $0 ARCH EXE VERSION OUT.zip" >&2; exit 2; }
arch=$1 exe=$2 version=$3 out=$4
cd "$(dirname "$0")/../.."
case $arch in
x86_64) win=win64 ;;
i686) win=win32 ;;
*) echo "zip.sh: unknown arch $arch" >&2; exit 2 ;;
esac
name=socds-$version-$win
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
d=$stage/$name
mkdir -p "$d/locale/vi/LC_MESSAGES"

"$arch-w64-mingw32-strip" -o "$d/socds.exe" "$exe"
cp -R forms "$d/"
# As meson.build's install_subdir('assets'): no po/, man/ or build helpers.
mkdir -p "$d/assets"
for sub in assets/*/; do
	sub=${sub%/}
	case ${sub#assets/} in po | man) continue ;; esac
	cp -R "$sub" "$d/assets/"
done
rm -f "$d/assets/units/build_units.py" "$d/assets/tasks/extract_seed_tasks.py"
for lang in $(cat assets/po/LINGUAS); do
	mkdir -p "$d/locale/$lang/LC_MESSAGES"
	msgfmt --check -o "$d/locale/$lang/LC_MESSAGES/socds.mo" "assets/po/$lang.po"
done

crlf_bom() {	# crlf_bom < LF text > CRLF text with a UTF-8 BOM
	printf '\357\273\277'
	sed 's/\r$//; s/$/\r/'
}
# -k: the page is UTF-8; HY=0: no hyphenation; -cbou: plain text, no overstrike.
groff -k -Kutf-8 -man -rHY=0 -Tutf8 -P-cbou assets/man/socds.1 | crlf_bom >"$d/socds.1.txt"
sed "s/@VERSION@/$version/g; s/@WIN@/$win/g" .ci/win/DOC-TOI.txt | crlf_bom >"$d/DOC-TOI.txt"

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$out"
(cd "$stage" && zip -q -X -r "$out" "$name")
echo "zip.sh: $out ($(du -k "$out" | cut -f1) KiB; socds.exe $(du -k "$d/socds.exe" | cut -f1) KiB)"
