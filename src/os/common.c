/* os/common: the parts of os.h that are the same on every system, over the
 * calls each system's folder provides. */
#include <errno.h>
#include <stdio.h>

#include "socds/os.h"
#include "os-common.h"

/* Written here only: once by os_account_force, else at first use. */
static char os_account_name[64];
static bool os_account_given;

const char *
os_account(void)
{
	if (os_account_name[0] == '\0')
		os_account_system(os_account_name, sizeof os_account_name);
	return os_account_name;
}

void
os_account_force(const char *name)
{
	snprintf(os_account_name, sizeof os_account_name, "%s", name);
	os_account_given = true;
}

bool
os_account_forced(void)
{
	return os_account_given;
}

int
os_mkdir_parents(const char *path)
{
	char tmp[OS_PATH_MAX];

	if ((size_t)snprintf(tmp, sizeof tmp, "%s", path) >= sizeof tmp) {
		errno = ENAMETOOLONG;
		return -1;
	}
	/* Each folder on the way, once (a doubled separator names none). */
	for (char *p = tmp + os_path_root(tmp); *p; p++)
		if (os_path_sep(*p) && p > tmp && !os_path_sep(p[-1])) {
			char c = *p;
			*p = '\0';
			if (os_mkdir(tmp, false) != 0)
				return -1;
			*p = c;
		}
	return os_mkdir(tmp, false);
}
