/* os/posix/lock: one process at a time (flock on a lock file). */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "socds/os.h"

int
os_lock_try(const char *path, struct os_lock *l)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	l->h = -1;
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int saved = errno;
		close(fd);
		if (saved == EWOULDBLOCK)
			return 1;
		errno = saved;
		return -1;
	}
	l->h = fd;
	return 0;
}

void
os_unlock(struct os_lock *l)
{
	if (l->h >= 0)
		close((int)l->h);
	l->h = -1;
}
