/* period: report periods as people write them — a year (2026), a quarter
 * (2026-Q3, Q3/2026, Quý III/2026) or a month (2026-11, 11/2026). */
#ifndef SOCDS_PERIOD_H
#define SOCDS_PERIOD_H

#include "socds/err.h"

struct period {
	char from[11];	/* yyyy-mm-dd, first day */
	char to[11];	/* yyyy-mm-dd, last day */
	char label[16];	/* canonical: 2026, 2026-Q3, 2026-11 */
};

int period_parse(const char *text, struct period *p, struct err *e);

/* The days of month m (1-12) of year y, leap years counted. */
int period_days(int y, int m);

/* Today as yyyy-mm-dd: the officer's calendar day (local time), not UTC — a
 * report dated the 24th at 06:00 is the 24th. The one "today" of socds. */
void period_today(char out[11]);

#endif
