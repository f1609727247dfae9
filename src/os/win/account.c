/* os/win/account: the account this process acts for. */
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <sddl.h>

#include "os-win.h"
#include "../os-common.h"

/* s cut to fit size bytes, never in the middle of a letter. */
static void
os_account_set(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
}

void
os_account_system(char *buf, size_t size)
{
	wchar_t w[257];	/* UNLEN + 1 */
	DWORD n = sizeof w / sizeof w[0];
	char name[4 * 257];
	wchar_t *sid;

	buf[0] = '\0';
	/* The logon name (not %USERNAME%, which anyone can set), without its
	 * domain: the one account of a desktop. */
	if (GetUserNameW(w, &n) && os_win_from_wide(w, name, sizeof name) == 0 && name[0] != '\0')
		os_account_set(buf, size, name);
	else if (os_win_user_sid() != NULL && ConvertSidToStringSidW(os_win_user_sid(), &sid)) {
		/* No name: the account's SID ("S-1-5-21-..."), as POSIX falls back
		 * to "uid" and its number. */
		if (os_win_from_wide(sid, name, sizeof name) == 0)
			os_account_set(buf, size, name);
		LocalFree(sid);
	}
	if (buf[0] == '\0')
		os_account_set(buf, size, "user");
}
