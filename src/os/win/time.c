/* os/win/time: the date and time now, as the user's clock or UTC. msvcrt's
 * strftime knows C89's conversions only: the later ones socds might ask for
 * are spelt out here first. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "socds/os.h"

/* fmt with C99/POSIX conversions msvcrt lacks replaced by what it knows or
 * by their text, into out; false when it does not fit. */
static bool
os_time_expand(const char *fmt, const struct tm *tm, time_t t, bool utc, char *out, size_t size)
{
	size_t o = 0;

	for (const char *p = fmt; *p != '\0'; p++) {
		char add[32];
		if (*p != '%' || p[1] == '\0') {
			add[0] = *p;
			add[1] = '\0';
		} else {
			switch (*++p) {
			case 'F': snprintf(add, sizeof add, "%%Y-%%m-%%d"); break;
			case 'T': snprintf(add, sizeof add, "%%H:%%M:%%S"); break;
			case 'R': snprintf(add, sizeof add, "%%H:%%M"); break;
			case 'D': snprintf(add, sizeof add, "%%m/%%d/%%y"); break;
			case 'h': snprintf(add, sizeof add, "%%b"); break;
			case 'n': snprintf(add, sizeof add, "\n"); break;
			case 't': snprintf(add, sizeof add, "\t"); break;
			case 'e': snprintf(add, sizeof add, "%2d", tm->tm_mday); break;
			case 'u': snprintf(add, sizeof add, "%d", tm->tm_wday == 0 ? 7 : tm->tm_wday); break;
			case 'C': snprintf(add, sizeof add, "%02d", (tm->tm_year + 1900) / 100); break;
			case 's': snprintf(add, sizeof add, "%lld", (long long)t); break;
			case 'z': {
				/* msvcrt writes the zone's name for %z: the offset instead. */
				struct tm copy = *tm;
				long long off = utc ? 0 : (long long)(_mkgmtime(&copy) - t) / 60;
				snprintf(add, sizeof add, "%c%02lld%02lld", off < 0 ? '-' : '+',
				    (off < 0 ? -off : off) / 60, (off < 0 ? -off : off) % 60);
				break;
			}
			default: snprintf(add, sizeof add, "%%%c", *p); break;
			}
		}
		size_t n = strlen(add);
		if (o + n >= size)
			return false;
		memcpy(out + o, add, n);
		o += n;
	}
	out[o] = '\0';
	return true;
}

size_t
os_now_format(char *buf, size_t size, const char *fmt, bool utc)
{
	time_t t = time(NULL);
	struct tm *got = utc ? gmtime(&t) : localtime(&t);	/* msvcrt's are per thread */
	struct tm tm;
	char full[512];

	if (got != NULL)
		tm = *got;
	if (got == NULL || !os_time_expand(fmt, &tm, t, utc, full, sizeof full)) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	/* fmt is checked where it is written: os.h marks it a strftime format. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return strftime(buf, size, full, &tm);
#pragma GCC diagnostic pop
}
