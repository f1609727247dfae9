/* os/win/env: the environment in UTF-16 (the code page cannot hold every
 * Vietnamese letter), the account's data folder, UTF-8 arguments. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <shellapi.h>

#include "os-win.h"

/* The variable as UTF-16 into w (n units); -1 with errno. */
static int
os_getenv_w(const char *name, wchar_t *w, DWORD n)
{
	wchar_t wname[256];
	DWORD len;

	if (os_win_to_wide(name, wname, sizeof wname / sizeof wname[0]) != 0)
		return -1;
	/* The process's own block: _wputenv and SetEnvironmentVariableW both
	 * write it. */
	len = GetEnvironmentVariableW(wname, w, n);
	if (len == 0) {
		errno = ENOENT;
		return -1;
	}
	if (len >= n) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int
os_getenv(const char *name, char *out, size_t size)
{
	wchar_t w[OS_WPATH_MAX];

	if (os_getenv_w(name, w, OS_WPATH_MAX) != 0)
		return -1;
	return os_win_from_wide(w, out, size);
}

int
os_setenv(const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value) + 2;
	wchar_t *w = malloc(n * sizeof *w);
	int rc = -1;
	char *both = malloc(n);

	if (w == NULL || both == NULL) {
		errno = ENOMEM;
		goto out;
	}
	snprintf(both, n, "%s=%s", name, value);
	if (os_win_to_wide(both, w, n) != 0)
		goto out;
	/* The C library's copy (getenv, and libintl reads it) and, through
	 * it, Windows' own block that started programs inherit. */
	if (_wputenv(w) != 0)
		goto out;
	rc = 0;
out:
	free(w);
	free(both);
	return rc;
}

int
os_data_home(char *out, size_t size)
{
	wchar_t w[OS_WPATH_MAX];
	size_t len;

	/* What SHGetKnownFolderPath(FOLDERID_LocalAppData) answers, from the
	 * variable Windows sets at logon: no shell32 call at every start. */
	if (os_getenv_w("LOCALAPPDATA", w, OS_WPATH_MAX) == 0 ||
	    os_getenv_w("APPDATA", w, OS_WPATH_MAX) == 0)
		return os_win_utf8(w, out, size);
	if (os_getenv_w("USERPROFILE", w, OS_WPATH_MAX) != 0)
		return -1;
	if (os_win_utf8(w, out, size) != 0)
		return -1;
	len = strlen(out);
	if ((size_t)snprintf(out + len, size - len, "/AppData/Local") >= size - len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

void
os_args_utf8(int *argc, char ***argv)
{
	int n;
	wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
	char **args;

	/* Kept: the C library's argv then stays, in the code page. */
	if (wargv == NULL || n < 1)
		return;
	if ((args = calloc((size_t)n + 1, sizeof *args)) == NULL) {
		LocalFree(wargv);
		return;
	}
	for (int i = 0; i < n; i++) {
		int len = WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, NULL, 0, NULL, NULL);
		if (len <= 0 || (args[i] = malloc((size_t)len)) == NULL ||
		    WideCharToMultiByte(CP_UTF8, 0, wargv[i], -1, args[i], len, NULL, NULL) != len) {
			for (int j = 0; j <= i; j++)
				free(args[j]);
			free(args);
			LocalFree(wargv);
			return;
		}
	}
	LocalFree(wargv);
	*argc = n;
	*argv = args;	/* for the life of the process, as the C library's was */
}
