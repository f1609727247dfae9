/* os/posix/path: resolving names, this program's file, making folders. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "socds/os.h"

int
os_realpath(const char *path, char *out)
{
	char buf[PATH_MAX];

	if (realpath(path, buf) == NULL)
		return -1;
	if (strlen(buf) >= OS_PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

int
os_self_exe(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return 0;
}

int
os_mkdir(const char *path, bool private)
{
	struct stat sb;

	if (mkdir(path, private ? 0700 : 0755) == 0) {
		/* Exactly 0700, whatever the umask: such folders hold personal data. */
		if (private)
			chmod(path, 0700);
		return 0;
	}
	if (errno != EEXIST)
		return -1;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return 0;
	errno = ENOTDIR;
	return -1;
}

int
os_mkdtemp(char *tmpl)
{
	return mkdtemp(tmpl) != NULL ? 0 : -1;
}

int
os_rmdir(const char *path)
{
	return rmdir(path);
}

bool
os_path_sep(char c)
{
	return c == '/';
}

size_t
os_path_root(const char *path)
{
	return path[0] == '/' ? 1 : 0;
}
