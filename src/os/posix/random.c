/* os/posix/random: the kernel's random source (getrandom). */
#include <errno.h>
#include <sys/random.h>

#include "socds/os.h"

int
os_random(void *buf, size_t n, bool wait)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom((char *)buf + got, n - got, wait ? 0 : GRND_NONBLOCK);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}
