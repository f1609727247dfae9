/* os/posix/account: the account this process acts for. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "socds/os.h"

/* Written here only: once by os_account_force, else at first use. */
static char os_account_name[64];
static bool os_account_given;

const char *
os_account(void)
{
	struct passwd *pw;

	if (os_account_name[0] != '\0')
		return os_account_name;
	if ((pw = getpwuid(geteuid())) != NULL)
		snprintf(os_account_name, sizeof os_account_name, "%s", pw->pw_name);
	else
		snprintf(os_account_name, sizeof os_account_name, "uid%ld", (long)geteuid());
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
