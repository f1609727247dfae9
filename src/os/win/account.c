/* os/win/account: the account this process acts for. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <sddl.h>

#include "os-win.h"

/* Written here only: once by os_account_force, else at first use. */
static char os_account_name[64];
static bool os_account_given;

/* s cut to fit size bytes, never in the middle of a letter. */
static void
os_account_set(const char *s)
{
	size_t n = strlen(s);

	if (n >= sizeof os_account_name) {
		n = sizeof os_account_name - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(os_account_name, s, n);
	os_account_name[n] = '\0';
}

const char *
os_account(void)
{
	wchar_t w[257];	/* UNLEN + 1 */
	DWORD n = sizeof w / sizeof w[0];
	char name[4 * 257];
	wchar_t *sid;

	if (os_account_name[0] != '\0')
		return os_account_name;
	/* The logon name (not %USERNAME%, which anyone can set), without its
	 * domain: the one account of a desktop. */
	if (GetUserNameW(w, &n) && os_win_from_wide(w, name, sizeof name) == 0 && name[0] != '\0')
		os_account_set(name);
	else if (os_win_user_sid() != NULL && ConvertSidToStringSidW(os_win_user_sid(), &sid)) {
		/* No name: the account's SID ("S-1-5-21-..."), as POSIX falls back
		 * to "uid" and its number. */
		if (os_win_from_wide(sid, name, sizeof name) == 0)
			os_account_set(name);
		LocalFree(sid);
	}
	if (os_account_name[0] == '\0')
		os_account_set("user");
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
