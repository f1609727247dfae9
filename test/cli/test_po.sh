#!/bin/sh
# Every user-visible message in the sources has a Vietnamese translation:
# Vietnamese is the default language, so a missing one would show English.
set -u
SRC=$1
T=$(mktemp -d "${TMPDIR:-/tmp}/socds-po-XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
cd "$SRC" || exit 1
# shellcheck disable=SC2046
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o "$T/socds.pot" $(cat assets/po/POTFILES) || exit 1
cp assets/po/vi.po "$T/vi.po"
msgmerge -q --update --backup=none "$T/vi.po" "$T/socds.pot" || exit 1
stats=$(msgfmt --check --statistics -o /dev/null "$T/vi.po" 2>&1)
echo "# $stats"
if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
	echo "not ok 1 - every message translated to Vietnamese"
	msgattrib --untranslated --only-fuzzy --no-obsolete "$T/vi.po" 2>/dev/null | grep '^msgid' | sed 's/^/# /'
	msgattrib --untranslated --no-obsolete "$T/vi.po" | grep '^msgid' | sed 's/^/# /'
	echo "1..1"
	exit 1
fi
echo "ok 1 - every message translated to Vietnamese"
echo "1..1"
