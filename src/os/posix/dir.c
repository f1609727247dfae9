/* os/posix/dir: listing a folder, removing what the caller picks. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os-posix.h"

int
os_dir_each(const char *dir, os_dir_fn fn, void *arg)
{
	struct dirent *de;
	DIR *d;
	int fd, removed = 0, rc = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	while (rc >= 0 && (de = readdir(d)) != NULL) {
		struct stat sb;
		struct os_stat st;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
			continue;	/* gone meanwhile */
		os_posix_fill(&sb, &st);
		rc = fn(de->d_name, &st, arg);
		if (rc > 0 && st.kind != OS_DIR && unlinkat(dirfd(d), de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return rc < 0 ? -1 : removed;
}
