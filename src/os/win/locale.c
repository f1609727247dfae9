/* os/win/locale: msvcrt has no UTF-8 locale. Its "C" one, current from the
 * start, is kept: it leaves bytes over 0x7F alone (a code page locale such
 * as Vietnamese_Vietnam.1258 would class or case UTF-8 bytes as letters of
 * that page), and socds converts to UTF-16 itself where Windows wants it. */
#include <errno.h>
#include <libintl.h>
#include <stdlib.h>
#include <string.h>

#include <windows.h>

#include "socds/os.h"

void
os_locale_start(const char *lang)
{
	/* libintl takes the messages' locale from LC_ALL, LC_MESSAGES or LANG
	 * (else from Windows) and ignores LANGUAGE, socds' choice, when that
	 * is "C". Naming socds' language there also passes it on to a program
	 * this one starts (the backup), which reads LC_ALL first. */
	_putenv_s("LC_ALL", strcmp(lang, "en") == 0 ? "en_US.UTF-8" : "vi_VN.UTF-8");
}

int
os_textdomain_dir(const char *domain, const char *dir)
{
	wchar_t wdir[OS_PATH_MAX];

	if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, dir, -1, wdir,
	    OS_PATH_MAX) == 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return wbindtextdomain(domain, wdir) != NULL ? 0 : -1;
}
