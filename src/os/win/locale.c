/* os/win/locale: msvcrt has no UTF-8 locale. Its "C" one, current from the
 * start, is kept: it leaves bytes over 0x7F alone (a code page locale such
 * as Vietnamese_Vietnam.1258 would class or case UTF-8 bytes as letters of
 * that page), and socds converts to UTF-16 itself where Windows wants it. */
#include <stdlib.h>
#include <string.h>

#include "socds/os.h"

void
os_locale_start(void)
{
	static const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	/* libintl reads the messages locale from these (else from Windows) and
	 * ignores LANGUAGE, socds' choice, when it is plain C: as on POSIX,
	 * where such a locale gives way to C.UTF-8. */
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v == NULL || *v == '\0')
			continue;
		if (strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0)
			_putenv_s(vars[i], "C.UTF-8");
		break;
	}
}
