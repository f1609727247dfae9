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

struct tm *
os_gmtime(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	return gmtime_r(&tt, tm);
}

struct tm *
os_localtime(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	return localtime_r(&tt, tm);
}

int64_t
os_timegm(struct tm *tm)
{
	return (int64_t)timegm(tm);
}

int64_t
os_time_ns(void)
{
	struct timespec ts;

	timespec_get(&ts, TIME_UTC);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void
os_sleep_us(long us)
{
	struct timespec pause = { .tv_sec = us / 1000000, .tv_nsec = us % 1000000 * 1000 };

	nanosleep(&pause, NULL);
}
