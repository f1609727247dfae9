/* os/win/file: what is at a path, private files, sync, atomic replace, with
 * the wide-character calls (UTF-8 names whatever the code page). */
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "os-win.h"

/* Others may read, write, rename or remove a file socds has open, as on
 * POSIX: without FILE_SHARE_DELETE a replace of it would fail. */
#define OS_WIN_SHARE (FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

int
os_win_fill(HANDLE h, bool link, struct os_stat *st)
{
	BY_HANDLE_FILE_INFORMATION fi;
	bool private;

	memset(st, 0, sizeof *st);
	if (GetFileType(h) != FILE_TYPE_DISK) {
		st->kind = OS_OTHER;	/* NUL, CON, a pipe */
		st->mine = true;
		st->nlink = 1;
		return 0;
	}
	if (!GetFileInformationByHandle(h, &fi))
		return os_win_fail();
	if (link)
		st->kind = OS_LINK;
	else if (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
		st->kind = OS_DIR;
	else
		st->kind = OS_FILE;
	st->size = (int64_t)(((uint64_t)fi.nFileSizeHigh << 32) | fi.nFileSizeLow);
	st->dev = fi.dwVolumeSerialNumber;
	st->ino = ((uint64_t)fi.nFileIndexHigh << 32) | fi.nFileIndexLow;
	st->nlink = (unsigned)fi.nNumberOfLinks;
	os_win_owner(h, &st->mine, &private);
	/* POSIX's bits as near as the file's rules say: only the account (0600),
	 * or others too (0644); the read-only attribute takes writing away. */
	st->mode = st->kind == OS_DIR ? (private ? 0700 : 0755) : (private ? 0600 : 0644);
	if (fi.dwFileAttributes & FILE_ATTRIBUTE_READONLY)
		st->mode &= ~0222u;
	return 0;
}

/* Whether the entry at w is a symbolic link or a junction (not any reparse
 * point: a cloud file's placeholder is a file). */
static bool
os_win_is_link(const wchar_t *w)
{
	WIN32_FIND_DATAW fd;
	HANDLE f;
	DWORD attr = GetFileAttributesW(w);

	if (attr == INVALID_FILE_ATTRIBUTES || !(attr & FILE_ATTRIBUTE_REPARSE_POINT))
		return false;
	if ((f = FindFirstFileW(w, &fd)) == INVALID_HANDLE_VALUE)
		return false;
	FindClose(f);
	return fd.dwReserved0 == IO_REPARSE_TAG_SYMLINK ||
	    fd.dwReserved0 == IO_REPARSE_TAG_MOUNT_POINT;
}

static int
os_stat_at(const char *path, struct os_stat *st, bool follow)
{
	wchar_t w[OS_WPATH_MAX];
	bool link;
	HANDLE h;
	int rc;

	if (os_win_path(path, w) != 0)
		return -1;
	link = !follow && os_win_is_link(w);
	/* Attributes and owner only: no sharing mode can refuse that. */
	h = CreateFileW(w, FILE_READ_ATTRIBUTES | READ_CONTROL, OS_WIN_SHARE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS | (link ? FILE_FLAG_OPEN_REPARSE_POINT : 0), NULL);
	if (h == INVALID_HANDLE_VALUE) {
		WIN32_FILE_ATTRIBUTE_DATA ad;
		DWORD code = GetLastError();
		/* The page file and its kind: seen, not opened. */
		if (code == ERROR_SHARING_VIOLATION &&
		    GetFileAttributesExW(w, GetFileExInfoStandard, &ad)) {
			memset(st, 0, sizeof *st);
			st->kind = ad.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY ? OS_DIR : OS_FILE;
			st->size = (int64_t)(((uint64_t)ad.nFileSizeHigh << 32) | ad.nFileSizeLow);
			st->mode = 0644;
			st->nlink = 1;
			return 0;
		}
		errno = os_win_errno(code);
		return -1;
	}
	rc = os_win_fill(h, link, st);
	CloseHandle(h);
	return rc;
}

int
os_stat(const char *path, struct os_stat *st)
{
	return os_stat_at(path, st, true);
}

int
os_lstat(const char *path, struct os_stat *st)
{
	return os_stat_at(path, st, false);
}

bool
os_exists(const char *path)
{
	struct os_stat st;

	return os_stat(path, &st) == 0;
}

bool
os_same_file(const struct os_stat *a, const struct os_stat *b)
{
	/* A file index is unique on its volume only. */
	return a->dev == b->dev && a->ino == b->ino;
}

/* -1 with errno kept: h (if any) closed, and the file w (if any) removed. */
static int
os_fail(HANDLE h, const wchar_t *remove)
{
	int saved = errno;

	if (h != INVALID_HANDLE_VALUE)
		CloseHandle(h);
	if (remove != NULL)
		DeleteFileW(remove);
	errno = saved;
	return -1;
}

/* h (given to the stream, or closed here) as a "w+b" stream, or closed and NULL. */
static int
os_stream(HANDLE h, FILE **fp)
{
	int fd;

	if (fp == NULL)
		return CloseHandle(h) ? 0 : os_win_fail();
	if ((fd = _open_osfhandle((intptr_t)h, _O_RDWR | _O_BINARY)) < 0)
		return os_fail(h, NULL);
	if ((*fp = _fdopen(fd, "w+b")) == NULL) {
		int saved = errno;
		_close(fd);	/* closes h too */
		errno = saved;
		return -1;
	}
	return 0;
}

int
os_file_new(const char *path, FILE **fp)
{
	wchar_t w[OS_WPATH_MAX];
	HANDLE h;

	if (os_win_path(path, w) != 0)
		return -1;
	/* CREATE_NEW refuses any name in use, a link's too: nothing is
	 * written through one. */
	h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, OS_WIN_SHARE, os_win_private_sa(false),
	    CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return os_win_fail();
	if (os_stream(h, fp) != 0)
		return os_fail(INVALID_HANDLE_VALUE, w);
	return 0;
}

int
os_file_anon(const char *dir, FILE **fp)
{
	wchar_t w[OS_WPATH_MAX];
	char name[OS_PATH_MAX];
	unsigned char r[8];
	HANDLE h = INVALID_HANDLE_VALUE;

	/* Windows has no file without a name: a hidden one that the system
	 * removes when its last handle closes, the process's death included. */
	for (int tries = 0; tries < 8 && h == INVALID_HANDLE_VALUE; tries++) {
		if (os_random(r, sizeof r, true) != 0)
			return -1;
		if ((size_t)snprintf(name, sizeof name, "%s/.socds-anon-%lu-%02x%02x%02x%02x%02x%02x%02x%02x",
		    dir, GetCurrentProcessId(), r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) >=
		    sizeof name) {
			errno = ENAMETOOLONG;
			return -1;
		}
		if (os_win_path(name, w) != 0)
			return -1;
		h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE | DELETE, OS_WIN_SHARE,
		    os_win_private_sa(false), CREATE_NEW,
		    FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_DELETE_ON_CLOSE, NULL);
		if (h == INVALID_HANDLE_VALUE && GetLastError() != ERROR_FILE_EXISTS)
			return os_win_fail();
	}
	if (h == INVALID_HANDLE_VALUE)
		return os_win_fail();
	return os_stream(h, fp);
}

/* h opened on path for reading (or, write, for writing too); INVALID with errno. */
static HANDLE
os_open(const char *path, bool write)
{
	wchar_t w[OS_WPATH_MAX];
	HANDLE h;

	if (os_win_path(path, w) != 0)
		return INVALID_HANDLE_VALUE;
	h = CreateFileW(w, GENERIC_READ | (write ? GENERIC_WRITE : 0), OS_WIN_SHARE, NULL,
	    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE)
		os_win_fail();
	return h;
}

int64_t
os_file_head(const char *path, void *buf, size_t n)
{
	HANDLE h = os_open(path, false);
	size_t got = 0;

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	while (got < n) {
		DWORD want = n - got > 1u << 30 ? 1u << 30 : (DWORD)(n - got), r = 0;
		if (!ReadFile(h, (char *)buf + got, want, &r, NULL)) {
			os_win_fail();
			return os_fail(h, NULL);
		}
		if (r == 0)
			break;
		got += r;
	}
	CloseHandle(h);
	return (int64_t)got;
}

int
os_file_sync(const char *path)
{
	/* FlushFileBuffers wants a handle that may write. */
	HANDLE h = os_open(path, true);

	if (h == INVALID_HANDLE_VALUE)
		return -1;
	if (!FlushFileBuffers(h)) {
		os_win_fail();
		return os_fail(h, NULL);
	}
	return CloseHandle(h) ? 0 : os_win_fail();
}

int
os_stream_sync(FILE *fp)
{
	intptr_t h;

	if (fflush(fp) != 0 || ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	if ((h = _get_osfhandle(_fileno(fp))) == -1) {
		errno = EBADF;
		return -1;
	}
	return FlushFileBuffers((HANDLE)h) ? 0 : os_win_fail();
}

int
os_file_seal(const char *path)
{
	wchar_t w[OS_WPATH_MAX];
	struct os_stat st;
	HANDLE h, hw;

	if (os_win_path(path, w) != 0)
		return -1;
	/* Looked at on the name itself: a link put there is seen as one. */
	h = CreateFileW(w, FILE_READ_ATTRIBUTES | READ_CONTROL, OS_WIN_SHARE, NULL, OPEN_EXISTING,
	    FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
	if (h == INVALID_HANDLE_VALUE)
		return os_win_fail();
	if (os_win_fill(h, false, &st) != 0)
		return os_fail(h, NULL);
	if (st.kind != OS_FILE || !st.mine || st.nlink != 1 || os_win_is_link(w)) {
		CloseHandle(h);
		return 1;
	}
	/* The very file looked at, now to change. */
	hw = ReOpenFile(h, GENERIC_READ | GENERIC_WRITE | READ_CONTROL | WRITE_DAC, OS_WIN_SHARE, 0);
	if (hw == INVALID_HANDLE_VALUE) {
		os_win_fail();
		return os_fail(h, NULL);
	}
	CloseHandle(h);
	if ((st.mode & 077) != 0 && os_win_private_set(hw, false) != 0)
		return os_fail(hw, NULL);
	if (!FlushFileBuffers(hw)) {
		os_win_fail();
		return os_fail(hw, NULL);
	}
	return CloseHandle(hw) ? 0 : os_win_fail();
}

/* Whether a failed call on a file may succeed a moment later: an indexer or
 * a virus scanner holding it open without sharing. */
static bool
os_win_transient(DWORD code)
{
	return code == ERROR_SHARING_VIOLATION || code == ERROR_LOCK_VIOLATION ||
	    code == ERROR_ACCESS_DENIED;
}

int
os_replace(const char *from, const char *to, bool overwrite)
{
	wchar_t wf[OS_WPATH_MAX], wt[OS_WPATH_MAX];
	DWORD flags = MOVEFILE_WRITE_THROUGH | (overwrite ? MOVEFILE_REPLACE_EXISTING : 0);

	if (os_win_path(from, wf) != 0 || os_win_path(to, wt) != 0)
		return -1;
	/* A rename in one folder: NTFS makes it atomic; without
	 * REPLACE_EXISTING it refuses a name that exists, even at the last
	 * moment. */
	for (int tries = 0;; tries++) {
		DWORD code;
		if (MoveFileExW(wf, wt, flags))
			return 0;
		code = GetLastError();
		if (!os_win_transient(code) || tries == 20) {
			errno = os_win_errno(code);
			return -1;
		}
		Sleep(50);
	}
}

int
os_remove(const char *path)
{
	wchar_t w[OS_WPATH_MAX];
	DWORD attr;

	if (os_win_path(path, w) != 0)
		return -1;
	if (DeleteFileW(w))
		return 0;
	/* POSIX removes a read-only file; Windows wants the attribute off. */
	if (GetLastError() == ERROR_ACCESS_DENIED &&
	    (attr = GetFileAttributesW(w)) != INVALID_FILE_ATTRIBUTES &&
	    (attr & FILE_ATTRIBUTE_READONLY) && !(attr & FILE_ATTRIBUTE_DIRECTORY) &&
	    SetFileAttributesW(w, attr & ~(DWORD)FILE_ATTRIBUTE_READONLY)) {
		if (DeleteFileW(w))
			return 0;
		os_win_fail();
		SetFileAttributesW(w, attr);
		return -1;
	}
	return os_win_fail();
}

void
os_dir_sync(const char *dir)
{
	/* MOVEFILE_WRITE_THROUGH and FlushFileBuffers already write names. */
	(void)dir;
}

int
os_disk_free(const char *dir, uint64_t *bytes)
{
	wchar_t w[OS_WPATH_MAX];
	ULARGE_INTEGER avail;

	if (os_win_path(dir, w) != 0)
		return -1;
	if (!GetDiskFreeSpaceExW(w, &avail, NULL, NULL))
		return os_win_fail();
	*bytes = avail.QuadPart;	/* what this account may use (quotas) */
	return 0;
}

bool
os_errno_full(int errnum)
{
	return errnum == ENOSPC || errnum == EFBIG;
}

unsigned
os_private_begin(void)
{
	/* Files a library makes inherit the rules of socds' private folders. */
	return 0;
}

void
os_private_end(unsigned saved)
{
	(void)saved;
}
