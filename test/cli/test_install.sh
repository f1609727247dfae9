#!/bin/sh
# meson install puts the binary, forms/, assets/, the man page and the
# Vietnamese catalogue in place, and the installed binary finds its data.
set -u
BUILD=$1
. "$(dirname "$0")/../lib/tap.sh"
tap_init inst
TAP_CAPTURE=1	# each check's output in $T/out and $T/err, shown when it fails
prefix=$(meson introspect "$BUILD" --buildoptions | python3 -c \
    'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
ok "meson install" env DESTDIR="$T" meson install -C "$BUILD" --no-rebuild --quiet
R="$T$prefix"
ok "binary installed" test -x "$R/bin/socds"
ok "units installed" test -s "$R/share/socds/assets/units/units.csv"
ok "lists installed" test -s "$R/share/socds/assets/lists/help_category.csv"
ok "forms installed" test -d "$R/share/socds/forms"
ok "man page installed" sh -c "ls '$R'/share/man/man1/socds.1*"
ok "Vietnamese catalogue installed" test -s "$R/share/locale/vi/LC_MESSAGES/socds.mo"
ok "build-only files not installed" test ! -e "$R/share/socds/assets/po"
# Outside the build tree the binary reads the installed data directory.
ok "installed binary builds a demo" env -i PATH=/usr/bin:/bin HOME="$T" SOCDS_DATADIR="$R/share/socds" \
    "$R/bin/socds" demo --db "$T/x.db"
ok "installed binary without its data says so" sh -c "env -i PATH=/usr/bin:/bin HOME='$T' \
    SOCDS_DATADIR='$T/nowhere' '$R/bin/socds' demo --db '$T/y.db' 2>&1 | grep -q nowhere"
done_testing
