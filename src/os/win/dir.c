/* os/win/dir: listing a folder, removing what the caller picks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>

#include "os-win.h"

int
os_dir_each(const char *dir, os_dir_fn fn, void *arg)
{
	wchar_t w[OS_WPATH_MAX], pattern[OS_WPATH_MAX + 2], full[OS_WPATH_MAX];
	WIN32_FIND_DATAW fd;
	HANDLE hold, find;
	int removed = 0, rc = 0;
	size_t len;

	if (os_win_path(dir, w) != 0)
		return -1;
	/* Held open without FILE_SHARE_DELETE, the folder cannot be renamed or
	 * removed while it is listed: the names below are its own. */
	hold = CreateFileW(w, FILE_LIST_DIRECTORY, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
	    OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
	if (hold == INVALID_HANDLE_VALUE)
		return os_win_fail();
	len = wcslen(w);
	if (len > 0 && w[len - 1] == L'\\')
		len--;
	wmemcpy(pattern, w, len);
	wcscpy(pattern + len, L"\\*");
	if ((find = FindFirstFileW(pattern, &fd)) == INVALID_HANDLE_VALUE) {
		DWORD code = GetLastError();
		CloseHandle(hold);
		if (code == ERROR_FILE_NOT_FOUND || code == ERROR_NO_MORE_FILES)
			return 0;	/* a drive's root may have no . nor .. */
		errno = os_win_errno(code);
		return -1;
	}
	do {
		char name[OS_PATH_MAX], path[OS_PATH_MAX];
		struct os_stat st;
		bool link;
		HANDLE h;
		if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
			continue;
		if (os_win_from_wide(fd.cFileName, name, sizeof name) != 0)
			continue;
		/* Through UTF-8 again: a long one gets the \\?\ form. */
		if ((size_t)snprintf(path, sizeof path, "%s%s%s", dir,
		    *dir != '\0' && os_path_sep(dir[strlen(dir) - 1]) ? "" : "/", name) >= sizeof path ||
		    os_win_path(path, full) != 0)
			continue;
		link = (fd.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) &&
		    (fd.dwReserved0 == IO_REPARSE_TAG_SYMLINK ||
		    fd.dwReserved0 == IO_REPARSE_TAG_MOUNT_POINT);
		h = CreateFileW(full, FILE_READ_ATTRIBUTES | READ_CONTROL,
		    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
		    FILE_FLAG_BACKUP_SEMANTICS | (link ? FILE_FLAG_OPEN_REPARSE_POINT : 0), NULL);
		if (h == INVALID_HANDLE_VALUE)
			continue;	/* gone meanwhile, or held without sharing */
		if (os_win_fill(h, link, &st) != 0) {
			CloseHandle(h);
			continue;
		}
		CloseHandle(h);
		rc = fn(name, &st, arg);
		if (rc > 0 && st.kind != OS_DIR && !link && DeleteFileW(full))
			removed++;
		else if (rc > 0 && link && !(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) &&
		    DeleteFileW(full))
			removed++;	/* a link to a file: the link goes */
	} while (rc >= 0 && FindNextFileW(find, &fd));
	FindClose(find);
	CloseHandle(hold);
	return rc < 0 ? -1 : removed;
}
