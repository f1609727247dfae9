/* standing: the standing report as data — its words, percentages and the
 * table by unit; computed from the store by job/standing.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/standing.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/tasks.h"
#include "socds/text.h"

const char *
standing_key_label(const struct standing *r, const char *list, const char *key, char *buf,
    size_t size)
{
	int y, m;

	if (key == NULL || *key == '\0')
		return _("(not recorded)");
	for (int i = 0; list != NULL && i < r->nlists; i++) {
		if (strcmp(r->lists[i].name, list) != 0)
			continue;
		int at = lists_find(&r->lists[i], key);
		if (at >= 0)
			return i18n_pick(r->lists[i].items[at].vi, r->lists[i].items[at].en);
	}
	if (strlen(key) == 7 && sscanf(key, "%4d-%2d", &y, &m) == 2) {
		snprintf(buf, size, "%02d/%04d", m, y);
		return buf;
	}
	return key;
}

double
standing_percent(double value, double denom)
{
	return denom > 0 ? 100.0 * value / denom : -1;
}

void
standing_date_words(const char *iso, char *buf, size_t size)
{
	int y = 0, m = 0, d = 0;

	sscanf(iso, "%4d-%2d-%2d", &y, &m, &d);
	/* Official papers: days below 10 and months 1 and 2 take a leading zero. */
	snprintf(buf, size, "ngày %02d tháng %s%d năm %d", d, m < 3 ? "0" : "", m, y);
}

static const char *const standing_roman[] = { "I", "II", "III", "IV" };

void
standing_period_words(const struct period *p, char *words, size_t wsize, char *range,
    size_t rsize)
{
	int y = 0, m = 0, q = 0, fd = 0, fm = 0, fy = 0, td = 0, tm = 0, ty = 0;

	if (strlen(p->label) == 4 && sscanf(p->label, "%4d", &y) == 1)
		snprintf(words, wsize, "năm %d", y);
	else if (sscanf(p->label, "%4d-Q%d", &y, &q) == 2 && q >= 1 && q <= 4)
		snprintf(words, wsize, "Quý %s năm %d", standing_roman[q - 1], y);
	else if (sscanf(p->label, "%4d-%2d", &y, &m) == 2)
		snprintf(words, wsize, "tháng %d năm %d", m, y);
	else
		snprintf(words, wsize, "%s", p->label);
	sscanf(p->from, "%4d-%2d-%2d", &fy, &fm, &fd);
	sscanf(p->to, "%4d-%2d-%2d", &ty, &tm, &td);
	snprintf(range, rsize, "từ ngày %02d/%02d/%04d đến ngày %02d/%02d/%04d", fd, fm, fy, td, tm,
	    ty);
}

void
standing_asof_words(const struct standing *r, char *buf, size_t size)
{
	int y = 0, m = 0, d = 0;

	sscanf(r->asof, "%4d-%2d-%2d", &y, &m, &d);
	snprintf(buf, size, _("as of %02d/%02d/%04d"), d, m, y);
}

const struct standing_unit *
standing_row_unit(const struct standing *r, size_t i)
{
	if (r->nchild == 0)
		return NULL;
	return i == 0 ? &r->own : &r->child[i - 1];
}

void
standing_rest(const struct standing *r, int fi, double *value, double *denom)
{
	*value = r->total.cell[fi].value;
	*denom = r->total.cell[fi].denom;
	if (r->nchild == 0) {
		*value = *denom = 0;
		return;
	}
	*value -= r->own.cell[fi].value;
	*denom -= r->own.cell[fi].denom;
	for (size_t i = 0; i < r->nchild; i++) {
		*value -= r->child[i].cell[fi].value;
		*denom -= r->child[i].cell[fi].denom;
	}
}

void
standing_capital(const char *label, char *buf, size_t size)
{
	size_t len = strlen(label), first = text_grapheme_next(label, len, 0);
	struct tbuf up = { 0 }, head = { 0 };

	if (first == 0 || tbuf_append(&head, label, first) != 0 || text_upper(head.p, &up) != 0) {
		snprintf(buf, size, "%s", label);
	} else
		snprintf(buf, size, "%s%s", up.p, label + first);
	tbuf_free(&up);
	tbuf_free(&head);
}
