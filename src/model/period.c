/* period: parsing report periods. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/period.h"
#include "socds/text.h"

int
period_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
period_set(struct period *p, int y, int m1, int m2, const char *label)
{
	snprintf(p->from, sizeof p->from, "%04d-%02d-01", y, m1);
	snprintf(p->to, sizeof p->to, "%04d-%02d-%02d", y, m2, period_days(y, m2));
	snprintf(p->label, sizeof p->label, "%s", label);
	return 0;
}

static int
period_roman(const char *s)
{
	static const char *const r[] = { "i", "ii", "iii", "iv" };

	for (int i = 0; i < 4; i++)
		if (strcmp(s, r[i]) == 0)
			return i + 1;
	return 0;
}

int
period_parse(const char *text, struct period *p, struct err *e)
{
	struct tbuf f = { 0 };
	char w[64], label[16];
	int y, n, q, pos = 0;

	memset(p, 0, sizeof *p);
	/* Folding turns "Quý III/2026" into "quy iii 2026" and "2026-Q3" into "2026 q3". */
	if (text == NULL || text_fold(text, &f) != 0 || f.len == 0 || f.len >= sizeof w) {
		tbuf_free(&f);
		return err_set(e, ERR_INVALID, _("period '%s': write 2026, 2026-Q3 or 2026-11"),
		    text ? text : "");
	}
	memcpy(w, f.p, f.len + 1);
	tbuf_free(&f);
	if (sscanf(w, "%4d%n", &y, &pos) == 1 && pos == 4 && w[4] == '\0') {
		if (y < 1900 || y > 2100)
			goto bad;
		snprintf(label, sizeof label, "%04d", y);
		return period_set(p, y, 1, 12, label);
	}
	if (sscanf(w, "%4d q%1d%n", &y, &q, &pos) == 2 && w[pos] == '\0' && pos == 7)
		goto quarter;
	if (sscanf(w, "q%1d %4d%n", &q, &y, &pos) == 2 && w[pos] == '\0')
		goto quarter;
	{
		char rom[8];
		if (sscanf(w, "quy %7[a-z] %4d%n", rom, &y, &pos) == 2 && w[pos] == '\0' &&
		    (q = period_roman(rom)) > 0)
			goto quarter;
		if (sscanf(w, "quy %1d %4d%n", &q, &y, &pos) == 2 && w[pos] == '\0')
			goto quarter;
	}
	if (sscanf(w, "%4d %2d%n", &y, &n, &pos) == 2 && w[pos] == '\0' && isdigit((unsigned char)w[0]) &&
	    pos >= 6 && w[4] == ' ')
		goto month;
	if (sscanf(w, "%2d %4d%n", &n, &y, &pos) == 2 && w[pos] == '\0' && y >= 1900)
		goto month;
	if (sscanf(w, "thang %2d %4d%n", &n, &y, &pos) == 2 && w[pos] == '\0')
		goto month;
bad:
	return err_set(e, ERR_INVALID, _("period '%s': write 2026, 2026-Q3 or 2026-11"), text);
quarter:
	if (q < 1 || q > 4 || y < 1900 || y > 2100)
		goto bad;
	snprintf(label, sizeof label, "%04d-Q%d", y, q);
	return period_set(p, y, q * 3 - 2, q * 3, label);
month:
	if (n < 1 || n > 12 || y < 1900 || y > 2100)
		goto bad;
	snprintf(label, sizeof label, "%04d-%02d", y, n);
	return period_set(p, y, n, n, label);
}

void
period_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	os_localtime(now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
