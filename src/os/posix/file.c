/* os/posix/file: what is at a path, private files, sync, atomic replace. */
#define _GNU_SOURCE	/* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "os-posix.h"

void
os_posix_fill(const struct stat *sb, struct os_stat *st)
{
	memset(st, 0, sizeof *st);
	if (S_ISREG(sb->st_mode))
		st->kind = OS_FILE;
	else if (S_ISDIR(sb->st_mode))
		st->kind = OS_DIR;
	else if (S_ISLNK(sb->st_mode))
		st->kind = OS_LINK;
	else
		st->kind = OS_OTHER;
	st->size = (int64_t)sb->st_size;
	st->dev = (uint64_t)sb->st_dev;
	st->ino = (uint64_t)sb->st_ino;
	st->mode = (unsigned)(sb->st_mode & 07777);
	st->nlink = (unsigned)sb->st_nlink;
	st->mine = sb->st_uid == geteuid();
}

static int
os_stat_at(const char *path, struct os_stat *st, bool follow)
{
	struct stat sb;

	if ((follow ? stat(path, &sb) : lstat(path, &sb)) != 0)
		return -1;
	os_posix_fill(&sb, st);
	return 0;
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
	return access(path, F_OK) == 0;
}

bool
os_same_file(const struct os_stat *a, const struct os_stat *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

/* -1 with errno kept: fd (if any) closed, and the file remove (if any) removed. */
static int
os_fail(int fd, const char *remove)
{
	int saved = errno;

	if (fd >= 0)
		close(fd);
	if (remove != NULL)
		unlink(remove);
	errno = saved;
	return -1;
}

/* fd (closed here) as a "w+b" stream, or closed and NULL. */
static int
os_stream(int fd, FILE **fp)
{
	if (fp == NULL)
		return close(fd);
	if ((*fp = fdopen(fd, "w+b")) == NULL)
		return os_fail(fd, NULL);
	return 0;
}

int
os_file_new(const char *path, FILE **fp)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	/* A umask can only take bits away, but an ACL default could add some. */
	if (fchmod(fd, 0600) != 0)
		return os_fail(fd, path);
	if (os_stream(fd, fp) != 0)
		return os_fail(-1, path);
	return 0;
}

int
os_file_anon(const char *dir, FILE **fp)
{
#ifdef O_TMPFILE
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	return os_stream(fd, fp);
#else
	(void)dir;
	(void)fp;
	errno = EOPNOTSUPP;
	return -1;
#endif
}

int64_t
os_file_head(const char *path, void *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t got = 0;

	if (fd < 0)
		return -1;
	while (got < n) {
		ssize_t r = read(fd, (char *)buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return os_fail(fd, NULL);
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return (int64_t)got;
}

int
os_file_sync(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fsync(fd) != 0)
		return os_fail(fd, NULL);
	return close(fd);
}

int
os_stream_sync(FILE *fp)
{
	if (fflush(fp) != 0 || ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return fsync(fileno(fp));
}

int
os_file_seal(const char *path)
{
	struct stat sb;
	int fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid() ||
	    sb.st_nlink != 1) {
		close(fd);
		return 1;
	}
	if (((sb.st_mode & 07777) != 0600 && fchmod(fd, 0600) != 0) || fsync(fd) != 0)
		return os_fail(fd, NULL);
	return close(fd);
}

int
os_replace(const char *from, const char *to, bool overwrite)
{
	struct stat sb;

	if (overwrite)
		return rename(from, to);
	/* link() refuses to replace a file that appeared meanwhile. */
	if (link(from, to) == 0) {
		unlink(from);
		return 0;
	}
	if ((errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) &&
	    lstat(to, &sb) != 0 && errno == ENOENT)
		return rename(from, to);	/* FAT memory sticks have no links */
	return -1;
}

int
os_remove(const char *path)
{
	return unlink(path);
}

void
os_dir_sync(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int
os_disk_free(const char *dir, uint64_t *bytes)
{
	struct statvfs sv;

	if (statvfs(dir, &sv) != 0)
		return -1;
	*bytes = (uint64_t)sv.f_bavail * sv.f_frsize;
	return 0;
}

bool
os_errno_full(int errnum)
{
	return errnum == ENOSPC || errnum == EFBIG || errnum == EDQUOT;
}

unsigned
os_private_begin(void)
{
	return (unsigned)umask(077);
}

void
os_private_end(unsigned saved)
{
	umask((mode_t)saved);
}
