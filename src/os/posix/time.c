/* os/posix/time: the date and time now, as the user's clock or UTC. */
#include <time.h>

#include "socds/os.h"

size_t
os_now_format(char *buf, size_t size, const char *fmt, bool utc)
{
	time_t t = time(NULL);
	struct tm tm;

	if ((utc ? gmtime_r(&t, &tm) : localtime_r(&t, &tm)) == NULL) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	/* fmt is checked where it is written: os.h marks it a strftime format. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return strftime(buf, size, fmt, &tm);
#pragma GCC diagnostic pop
}
