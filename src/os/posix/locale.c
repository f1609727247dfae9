/* os/posix/locale: the C library's locale for socds. */
#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "socds/os.h"

void
os_locale_start(const char *lang)
{
	(void)lang;	/* LANGUAGE says it, which glibc's gettext honours */
	/* Character handling needs UTF-8; offices often have no vi_VN locale. */
	if (setlocale(LC_ALL, "") == NULL || strcmp(setlocale(LC_CTYPE, NULL), "C") == 0 ||
	    strcmp(setlocale(LC_CTYPE, NULL), "POSIX") == 0)
		if (setlocale(LC_ALL, "C.UTF-8") == NULL)
			setlocale(LC_ALL, "C.utf8");
	/* Messages are chosen by LANGUAGE, which gettext honours in any
	 * locale but plain "C"; numbers and dates stay as the C locale writes them. */
	setlocale(LC_NUMERIC, "C");
}

int
os_textdomain_dir(const char *domain, const char *dir)
{
	return bindtextdomain(domain, dir) != NULL ? 0 : -1;
}
