/* os/win/time-port: the calendar and short waits with msvcrt and Windows
 * (no gmtime_r, timegm, timespec_get or nanosleep there). */
#include <time.h>

#include <windows.h>

#include "socds/os.h"

struct tm *
os_gmtime(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	return gmtime_s(tm, &tt) == 0 ? tm : NULL;
}

struct tm *
os_localtime(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	return localtime_s(tm, &tt) == 0 ? tm : NULL;
}

int64_t
os_timegm(struct tm *tm)
{
	return (int64_t)_mkgmtime(tm);
}

int64_t
os_time_ns(void)
{
	FILETIME ft;
	ULARGE_INTEGER u;

	GetSystemTimeAsFileTime(&ft);
	u.LowPart = ft.dwLowDateTime;
	u.HighPart = ft.dwHighDateTime;
	/* 100 ns steps since 1601; 1970 is 11644473600 s later. */
	return ((int64_t)u.QuadPart - 116444736000000000LL) * 100;
}

void
os_sleep_us(long us)
{
	Sleep(us <= 1000 ? 1 : (DWORD)((us + 999) / 1000));
}
