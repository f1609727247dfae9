/* os/win/lock: one process at a time (LockFileEx on a lock file). */
#include <errno.h>
#include <windows.h>

#include "os-win.h"

int
os_lock_try(const char *path, struct os_lock *l)
{
	wchar_t w[OS_WPATH_MAX];
	OVERLAPPED ov = { 0 };
	HANDLE h;

	l->h = -1;
	if (os_win_path(path, w) != 0)
		return -1;
	/* FILE_FLAG_OPEN_REPARSE_POINT: a link planted there is locked, not
	 * followed (the lock file is never written). */
	h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE,
	    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, os_win_private_sa(false),
	    OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return os_win_fail();
	/* A lock belongs to its handle: a second one, in this process too, is
	 * refused, as with flock. Closing the handle (or dying) lets go. */
	if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov)) {
		DWORD code = GetLastError();
		CloseHandle(h);
		if (code == ERROR_LOCK_VIOLATION || code == ERROR_IO_PENDING)
			return 1;
		errno = os_win_errno(code);
		return -1;
	}
	l->h = (intptr_t)h;
	return 0;
}

void
os_unlock(struct os_lock *l)
{
	if (l->h != -1)
		CloseHandle((HANDLE)l->h);
	l->h = -1;
}
