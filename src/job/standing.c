/* standing: computing every figure for a unit and the units below it from
 * the store (the report itself is model/standing.c and io/standing-*.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/job-paper.h"
#include "socds/job-standing.h"
#include "socds/job-tasks.h"
#include "socds/store-approval.h"
#include "socds/store-record.h"

static int
standing_add_row(void *arg, const char *key, double v, double d)
{
	struct standing_cell *c = arg;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		struct standing_row *r = realloc(c->rows, cap * sizeof *r);
		if (r == NULL)
			return -1;
		c->rows = r;
		c->cap = cap;
	}
	snprintf(c->rows[c->n].key, sizeof c->rows[0].key, "%s", key ? key : "");
	c->rows[c->n].value = v;
	c->rows[c->n].denom = d;
	c->n++;
	return 0;
}

struct standing_fill {
	struct standing *r;
	int fi;				/* figures[fi] */
	const char *top;		/* the unit of the rows last seen, */
	struct standing_unit *ru;	/* and where they go (NULL: not shown) */
};

/* The report's unit of code top: the unit asked for or one of its units
 * below; NULL for a unit below that the report leaves out (abolished). */
static struct standing_unit *
standing_unit_of(struct standing *r, const char *top)
{
	if (strcmp(r->total.u.code, top) == 0)
		return &r->total;
	for (size_t i = 0; i < r->nchild; i++)
		if (strcmp(r->child[i].u.code, top) == 0)
			return &r->child[i];
	return NULL;
}

static int
standing_take(const char *top, const char *key, double v, double d, void *arg)
{
	struct standing_fill *rf = arg;
	struct standing_cell *c;

	/* Rows come grouped by top: look the unit up when it changes. */
	if (rf->top == NULL || strcmp(rf->top, top) != 0) {
		rf->ru = standing_unit_of(rf->r, top);
		rf->top = rf->ru != NULL ? rf->ru->u.code : NULL;
	}
	if (rf->ru == NULL)
		return 0;
	c = &rf->ru->cell[rf->fi];
	switch (figures[rf->fi].shape) {
	case FIG_COUNT:
	case FIG_SHARE:
		c->value = v;
		c->denom = d;
		return 0;
	case FIG_NAMES:
		c->value++;
		if (c->n >= STANDING_MAX_NAMES) {
			c->more++;
			return 0;
		}
		return standing_add_row(c, key, v, d);
	default:
		c->value += v;
		c->denom = d;
		return standing_add_row(c, key, v, d);
	}
}

/* The staff in the DT network of the unit: the denominator of a platform share. */
static double
standing_network_size(const struct standing *r, const struct standing_unit *ru)
{
	(void)r;
	for (int i = 0; i < nfigures; i++)
		if (figures[i].shape == FIG_SHARE_BY && ru->cell[i].n > 0)
			return ru->cell[i].rows[0].denom;
	return 0;
}

static int
standing_key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct standing_row *)a)->key, ((const struct standing_row *)b)->key);
}

/* Rows of the unit's own records: every row is for the unit itself. */
static int
standing_take_own(const char *top, const char *key, double v, double d, void *arg)
{
	struct standing_fill *rf = arg;

	(void)top;
	struct standing_unit *keep = rf->ru;
	const char *t = rf->top;
	int rc = standing_take(t, key, v, d, arg);
	rf->ru = keep;
	rf->top = t;
	return rc;
}

/* Fixed rows: every item of a breakdown's list (and every month of the
 * period) has a row, zero when nothing was counted, so that the reports of
 * two units line up row by row. A share by key gets the figure's denominator. */
static int
standing_pad(struct standing *r, struct standing_unit *ru)
{
	for (int i = 0; i < nfigures; i++) {
		const struct figure *f = &figures[i];
		struct standing_cell *c = &ru->cell[i];
		const struct list *l = NULL;
		double d = c->n > 0 ? c->rows[0].denom : 0;

		if (f->shape != FIG_BY && f->shape != FIG_SHARE_BY)
			continue;
		for (int j = 0; f->list != NULL && j < r->nlists; j++)
			if (strcmp(r->lists[j].name, f->list) == 0)
				l = &r->lists[j];
		if (f->shape == FIG_SHARE_BY && c->n == 0)
			d = standing_network_size(r, ru);
		for (size_t k = 0; l != NULL && k < l->n; k++) {
			bool have = false;
			for (size_t m = 0; m < c->n && !have; m++)
				have = strcmp(c->rows[m].key, l->items[k].code) == 0;
			if (!have && standing_add_row(c, l->items[k].code, 0, d) != 0)
				return -1;
		}
		if (l == NULL && f->list == NULL && r->has_period && strstr(f->id, "by_month")) {
			int y, m1, m2, y2;
			if (sscanf(r->period.from, "%4d-%2d", &y, &m1) != 2 ||
			    sscanf(r->period.to, "%4d-%2d", &y2, &m2) != 2 || y2 != y)
				continue;
			for (int m = m1; m <= m2; m++) {
				char key[8];
				bool have = false;
				snprintf(key, sizeof key, "%04d-%02d", y, m);
				for (size_t q = 0; q < c->n && !have; q++)
					have = strcmp(c->rows[q].key, key) == 0;
				if (!have && standing_add_row(c, key, 0, 0) != 0)
					return -1;
			}
			qsort(c->rows, c->n, sizeof c->rows[0], standing_key_cmp);
		}
	}
	return 0;
}

static void standing_sort(struct standing *r, struct standing_unit *ru);
static void standing_unit_free(struct standing_unit *ru);

/* The report's units: 0 the unit asked for, then its units below. */
static struct standing_unit *
standing_nth(struct standing *r, size_t i)
{
	return i == 0 ? &r->total : &r->child[i - 1];
}

/* Every figure, each in one query for the unit and all its units below. */
static int
standing_fill(struct store *s, struct standing *r, struct err *e)
{
	for (size_t i = 0; i <= r->nchild; i++) {
		struct standing_unit *ru = standing_nth(r, i);
		if ((ru->cell = calloc((size_t)nfigures, sizeof *ru->cell)) == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if (r->nchild > 0) {
		r->own.u = r->total.u;
		if ((r->own.cell = calloc((size_t)nfigures, sizeof *r->own.cell)) == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	for (int i = 0; i < nfigures; i++) {
		struct standing_fill rf = { r, i, NULL, NULL };
		const char *from = r->has_period ? r->period.from : NULL;
		const char *to = r->has_period ? r->period.to : NULL;
		if (store_figure_run(s, &figures[i], r->total.u.code, from, to, standing_take, &rf,
		    e) != 0)
			return e->code;
		if (r->nchild == 0)
			continue;
		/* The office's own records: a row of the table by unit. */
		struct standing_fill own = { r, i, NULL, NULL };
		own.top = r->total.u.code;
		own.ru = &r->own;
		if (store_figure_run_own(s, &figures[i], r->total.u.code, from, to,
		    standing_take_own, &own, e) != 0)
			return e->code;
	}
	for (size_t i = 0; i <= r->nchild + (r->nchild > 0); i++) {
		struct standing_unit *ru = i <= r->nchild ? standing_nth(r, i) : &r->own;
		if (standing_pad(r, ru) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		standing_sort(r, ru);
		/* Tasks as of the period's end (or today, when that is earlier):
		 * a yearly task has that year's status. */
		if (tasks_count(s, ru->u.code, ru->u.level, r->asof, &ru->tasks, e) != 0)
			return e->code;
	}
	return 0;
}

struct standing_kids {
	struct standing *r;
	int rc;
};

static int
standing_kid(const struct unit *u, void *arg)
{
	struct standing_kids *k = arg;
	struct standing_unit *c;

	if (strcmp(u->status, "current") != 0 && strcmp(u->level, "district") != 0)
		return 0;
	c = realloc(k->r->child, (k->r->nchild + 1) * sizeof *c);
	if (c == NULL) {
		k->rc = -1;
		return 1;
	}
	k->r->child = c;
	memset(&c[k->r->nchild], 0, sizeof c[0]);
	c[k->r->nchild++].u = *u;
	return 0;
}

/* A district abolished in 2025 is a row only while it still has records of
 * its own or units attached to it (an office still at work): a province's
 * report does not list its former districts as rows of zeros. */
static void
standing_prune(struct standing *r)
{
	size_t keep = 0;

	for (size_t i = 0; i < r->nchild; i++) {
		struct standing_unit *ru = &r->child[i];
		bool empty = strcmp(ru->u.level, "district") == 0 &&
		    strcmp(ru->u.status, "current") != 0 && ru->tasks.done == 0 &&
		    ru->tasks.in_progress == 0;
		for (int f = 0; f < nfigures && empty; f++)
			empty = ru->cell[f].value == 0 && ru->cell[f].denom == 0;
		for (int f = 0; f < nfigures && empty; f++)
			for (size_t k = 0; k < ru->cell[f].n && empty; k++)
				empty = ru->cell[f].rows[k].value == 0 && ru->cell[f].rows[k].denom == 0;
		if (empty) {
			standing_unit_free(ru);
			continue;
		}
		r->child[keep++] = *ru;
	}
	r->nchild = keep;
}

int
standing_build(struct store *s, const char *datadir, const char *unit, const struct period *p,
    struct standing *r, struct err *e)
{
	struct standing_kids k = { r, 0 };

	memset(r, 0, sizeof *r);
	period_today(r->today);
	if (p != NULL) {
		r->period = *p;
		r->has_period = true;
	}
	/* People, memberships and tasks as of the period's end, or today when
	 * that is earlier (the figures' ASOF says the same in SQL). */
	snprintf(r->asof, sizeof r->asof, "%s", r->has_period && r->period.to[0] != '\0' &&
	    strcmp(r->period.to, r->today) < 0 ? r->period.to : r->today);
	if (unit == NULL ? store_home_get(s, &r->total.u, e) != 0
	    : store_unit_get(s, unit, &r->total.u, e) != 0)
		return e->code;
	/* Labels of the keys: each list once. */
	for (int i = 0; i < nfigures && r->nlists < 8; i++) {
		const char *ln = figures[i].list;
		bool have = ln == NULL;
		for (int j = 0; j < r->nlists && !have; j++)
			have = strcmp(r->lists[j].name, ln) == 0;
		if (!have && lists_load(datadir, ln, &r->lists[r->nlists], e) == 0)
			r->nlists++;
		else if (!have)
			return e->code;
	}
	if (strcmp(r->total.u.level, "commune") != 0) {
		if (store_unit_children(s, r->total.u.code, standing_kid, &k, e) != 0)
			return e->code;
		if (k.rc != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if (standing_fill(s, r, e) != 0)
		return e->code;
	standing_prune(r);
	/* Records under former communes that no unit below is credited with. */
	if (r->nchild > 0 && store_unit_unassigned_count(s, r->total.u.code, &r->unassigned, e) != 0)
		return e->code;
	if (paper_load(s, &r->total.u, &r->paper, e) != 0)
		return e->code;
	int64_t dangling;
	if (store_count_dangling(s, &dangling, e) != 0)
		return e->code;
	r->dangling = dangling;
	/* Which of the units shown an office above has approved (issue 17). */
	for (size_t i = 0; i <= r->nchild; i++) {
		struct standing_unit *ru = i == 0 ? &r->total : &r->child[i - 1];
		if (store_approval_state(s, ru->u.code, r->has_period ? r->period.from : NULL,
		    r->has_period ? r->period.to : NULL, ru->approved, sizeof ru->approved, e) != 0)
			return e->code;
	}
	return 0;
}

/* Breakdowns follow the order of their list (as forms show it), unknown keys last. */
static const struct list *standing_sort_list;

static int
standing_row_cmp(const void *a, const void *b)
{
	const struct standing_row *x = a, *y = b;
	int ix = lists_find(standing_sort_list, x->key), iy = lists_find(standing_sort_list, y->key);

	if (ix < 0)
		ix = 1 << 20;
	if (iy < 0)
		iy = 1 << 20;
	return ix != iy ? (ix < iy ? -1 : 1) : strcmp(x->key, y->key);
}

static void
standing_sort(struct standing *r, struct standing_unit *ru)
{
	for (int i = 0; i < nfigures; i++) {
		if (figures[i].list == NULL || ru->cell[i].n < 2)
			continue;
		for (int j = 0; j < r->nlists; j++)
			if (strcmp(r->lists[j].name, figures[i].list) == 0) {
				standing_sort_list = &r->lists[j];
				qsort(ru->cell[i].rows, ru->cell[i].n, sizeof ru->cell[i].rows[0],
				    standing_row_cmp);
			}
	}
}

static void
standing_unit_free(struct standing_unit *ru)
{
	if (ru->cell == NULL)
		return;
	for (int i = 0; i < nfigures; i++)
		free(ru->cell[i].rows);
	free(ru->cell);
	ru->cell = NULL;
}

void
standing_free(struct standing *r)
{
	standing_unit_free(&r->total);
	standing_unit_free(&r->own);
	for (size_t i = 0; i < r->nchild; i++)
		standing_unit_free(&r->child[i]);
	free(r->child);
	for (int i = 0; i < r->nlists; i++)
		lists_free(&r->lists[i]);
	memset(r, 0, sizeof *r);
}
