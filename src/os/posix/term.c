/* os/posix/term: what the terminal's locale writes. */
#include <langinfo.h>
#include <string.h>

#include "socds/os.h"

bool
os_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && strcmp(cs, "UTF-8") == 0;
}
