/* os/posix/env: the environment, and where the account keeps its data. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "socds/os.h"

int
os_getenv(const char *name, char *out, size_t size)
{
	const char *v = getenv(name);

	if (v == NULL || *v == '\0') {
		errno = ENOENT;
		return -1;
	}
	if ((size_t)snprintf(out, size, "%s", v) >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
os_setenv(const char *name, const char *value)
{
	return setenv(name, value, 1);
}

int
os_data_home(char *out, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	/* The XDG rule: a relative value is ignored. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(out, size, "%s", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(out, size, "%s/.local/share", home);
	else {
		errno = ENOENT;
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

void
os_args_utf8(int *argc, char ***argv)
{
	/* Arguments are bytes here, UTF-8 in a UTF-8 locale, and stay so. */
	(void)argc;
	(void)argv;
}
