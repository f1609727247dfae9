/* os/posix/account: the account this process acts for. */
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "../os-common.h"

/* The account's name from the user database, else "uid" and its number. */
void
os_account_system(char *buf, size_t size)
{
	struct passwd *pw;

	if ((pw = getpwuid(geteuid())) != NULL)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "uid%ld", (long)geteuid());
}
