/* os/posix/term: what the terminal's locale writes; keys and size are curses' own. */
#include <langinfo.h>
#include <string.h>

#include "socds/os.h"

bool
os_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs != NULL && strcmp(cs, "UTF-8") == 0;
}

/* A POSIX terminal needs nothing before curses: TERM and the locale are
 * the user's. */
void
os_term_prepare(void)
{
}

/* curses reads every key of a POSIX terminal whole, and SIGWINCH gives it
 * the size. */
enum os_term_got
os_term_key(int ms, struct os_term_in *in)
{
	(void)ms;
	(void)in;
	return OS_TERM_CURSES;
}

/* A signal does not wait for us: the work is kept before we exit. */
void
os_stop_done(void)
{
}
