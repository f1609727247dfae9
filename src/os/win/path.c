/* os/win/path: resolving names, this program's file, making folders. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "os-win.h"

typedef DWORD (WINAPI *os_final_fn)(HANDLE, LPWSTR, DWORD, DWORD);

int
os_realpath(const char *path, char *out)
{
	static os_final_fn final;
	static bool looked;
	wchar_t w[OS_WPATH_MAX], full[OS_WPATH_MAX];
	DWORD n = 0;
	HANDLE h;

	if (os_win_path(path, w) != 0)
		return -1;
	/* Like realpath: what does not exist has no real name. */
	h = CreateFileW(w, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return os_win_fail();
	if (!looked) {
		/* Vista's: asked for by name, so that a missing one is no crash. */
		FARPROC fn = GetProcAddress(GetModuleHandleW(L"kernel32.dll"),
		    "GetFinalPathNameByHandleW");
		memcpy(&final, &fn, sizeof final);
		looked = true;
	}
	/* The name with links resolved (the drive letter, not the volume GUID). */
	if (final != NULL)
		n = final(h, full, OS_WPATH_MAX, FILE_NAME_NORMALIZED | VOLUME_NAME_DOS);
	CloseHandle(h);
	if (n == 0 || n >= OS_WPATH_MAX) {
		n = GetFullPathNameW(w, OS_WPATH_MAX, full, NULL);
		if (n == 0)
			return os_win_fail();
		if (n >= OS_WPATH_MAX) {
			errno = ENAMETOOLONG;
			return -1;
		}
	}
	return os_win_utf8(full, out, OS_PATH_MAX);
}

int
os_self_exe(char *buf, size_t size)
{
	wchar_t w[OS_WPATH_MAX];
	DWORD n = GetModuleFileNameW(NULL, w, OS_WPATH_MAX);

	if (n == 0)
		return os_win_fail();
	if (n >= OS_WPATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return os_win_utf8(w, buf, size);
}

int
os_mkdir(const char *path, bool private)
{
	wchar_t w[OS_WPATH_MAX];
	DWORD attr, code;

	if (os_win_path(path, w) != 0)
		return -1;
	if (CreateDirectoryW(w, private ? os_win_private_sa(true) : NULL))
		return 0;
	code = GetLastError();
	/* "C:\" exists but cannot be made: denied, not "already there". */
	if ((attr = GetFileAttributesW(w)) != INVALID_FILE_ATTRIBUTES)
		code = attr & FILE_ATTRIBUTE_DIRECTORY ? ERROR_SUCCESS : ERROR_DIRECTORY;
	if (code == ERROR_SUCCESS)
		return 0;
	errno = os_win_errno(code);
	return -1;
}

/* Where the folders of path begin: after "C:\", "\\server\share\" or "\". */
static size_t
os_win_root(const char *p)
{
	size_t i = 0;

	if (p[0] != '\0' && p[1] == ':')
		return p[2] == '/' || p[2] == '\\' ? 3 : 2;
	if ((p[0] == '/' || p[0] == '\\') && (p[1] == '/' || p[1] == '\\')) {
		/* \\server\share\, or \\?\C:\ */
		int seps = 0;
		for (i = 2; p[i] != '\0' && seps < 2; i++)
			if (p[i] == '/' || p[i] == '\\')
				seps++;
		if (p[2] == '?' && p[4] != '\0' && p[5] == ':')
			return p[6] != '\0' ? 7 : 6;
		return i;
	}
	return p[0] == '/' || p[0] == '\\' ? 1 : 0;
}

size_t
os_path_root(const char *path)
{
	return os_win_root(path);
}

bool
os_path_sep(char c)
{
	return c == '/' || c == '\\';
}

int
os_mkdtemp(char *tmpl)
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t len = strlen(tmpl);
	char *x;

	if (len < 6 || strcmp(tmpl + len - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	x = tmpl + len - 6;
	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[6];
		wchar_t w[OS_WPATH_MAX];
		if (os_random(r, sizeof r, true) != 0)
			return -1;
		for (int i = 0; i < 6; i++)
			x[i] = letters[r[i] % (sizeof letters - 1)];
		if (os_win_path(tmpl, w) != 0)
			return -1;
		if (CreateDirectoryW(w, os_win_private_sa(true)))
			return 0;
		if (GetLastError() != ERROR_ALREADY_EXISTS)
			return os_win_fail();
	}
	errno = EEXIST;
	return -1;
}

int
os_rmdir(const char *path)
{
	wchar_t w[OS_WPATH_MAX];

	if (os_win_path(path, w) != 0)
		return -1;
	return RemoveDirectoryW(w) ? 0 : os_win_fail();
}
