/* pager: keyset paging over a store query, for lists and pickers (see
 * include/socds/pager.h). No curses: the screens draw. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/pager.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"

int
pager_init(struct pager *p, struct store *s, const struct kind *k, int max, bool counting)
{
	memset(p, 0, sizeof *p);
	p->store = s;
	p->kind = k;
	p->counting = counting;
	p->count_stale = counting;
	p->stale = true;
	p->rows = calloc((size_t)max, sizeof *p->rows);
	p->keys = calloc((size_t)max, sizeof *p->keys);
	if (p->rows == NULL || p->keys == NULL)
		return -1;
	/* The page's rows, allocated once: each load overwrites their values. */
	for (; p->max < max; p->max++)
		if (record_init(&p->rows[p->max], k) != 0)
			return -1;
	return 0;
}

void
pager_free(struct pager *p)
{
	for (int i = 0; i < p->max; i++)
		record_free(&p->rows[i]);
	free(p->rows);
	free(p->keys);
	free(p->names);
	free(p->units);
	store_names_free(p->nm);
	memset(p, 0, sizeof *p);
}

int
pager_name_col(struct pager *p, int col, const struct kind *ref)
{
	void *nn;

	if (p->nnames >= PAGER_MAX_NAMES)
		return -1;
	if (p->nm == NULL && (p->nm = store_names_new(p->store)) == NULL)
		return -1;
	nn = realloc(p->names, (size_t)p->max * (size_t)(p->nnames + 1) * sizeof *p->names);
	if (nn == NULL)
		return -1;
	p->names = nn;
	p->name_col[p->nnames] = col;
	p->name_kind[p->nnames] = ref;
	p->nnames++;
	p->stale = true;
	return 0;
}

int
pager_unit_names(struct pager *p)
{
	if (p->units == NULL && (p->units = calloc((size_t)p->max, sizeof *p->units)) == NULL)
		return -1;
	p->unit_names = true;
	p->stale = true;
	return 0;
}

/* The unit's name without its kind: the column is narrow. */
static void
pager_unit_name(struct pager *p, const char *code, char *out)
{
	struct unit u;
	struct err e = { 0 };
	size_t kl;

	p->lookups++;
	if (store_unit_get(p->store, code, &u, &e) != 0) {
		snprintf(out, PAGER_NAME_SIZE, "%s", code);
		return;
	}
	kl = strlen(u.kind);
	if (strncmp(u.name, u.kind, kl) == 0 && u.name[kl] == ' ')
		snprintf(out, PAGER_NAME_SIZE, "%s", u.name + kl + 1);
	else
		snprintf(out, PAGER_NAME_SIZE, "%s", u.name);
}

struct pager_fill {
	struct pager *p;
	int max;
	struct store_key *last;	/* backward walks: only the furthest key matters */
	int got;
};

static int
pager_take(const struct record *r, const struct store_key *key, void *arg)
{
	struct pager_fill *f = arg;
	struct pager *p = f->p;

	if (f->last != NULL) {
		*f->last = *key;
		f->got++;
		return 0;
	}
	if (p->n >= f->max)
		return 1;
	struct record *dst = &p->rows[p->n];
	dst->kind = r->kind;
	memcpy(dst->id, r->id, sizeof dst->id);
	memcpy(dst->unit_code, r->unit_code, sizeof dst->unit_code);
	dst->version = r->version;
	for (int i = 0; i < r->kind->ncols; i++)
		if (record_set(dst, i, r->val[i]) != 0)
			return -1;
	p->keys[p->n] = *key;
	p->n++;
	return 0;
}

/* Walks `count` rows back from `from` (exclusive; NULL: from the end) and
 * returns how many there were (-1 on error); *key gets the furthest one. */
static int
pager_back(struct pager *p, const struct store_query *q, const struct store_key *from,
    int count, struct store_key *key, struct err *e)
{
	struct pager_fill f = { p, 0, key, 0 };

	if (store_query_page(p->store, q, from, false, true, count, pager_take, &f, e) < 0)
		return -1;
	return f.got;
}

/* The names of the page's references (and units), one lookup each through
 * statements prepared once. */
static void
pager_names(struct pager *p)
{
	for (int r = 0; r < p->n; r++) {
		if (p->unit_names)
			pager_unit_name(p, p->rows[r].unit_code, p->units[r]);
		for (int i = 0; i < p->nnames; i++) {
			char *out = p->names[r * p->nnames + i];
			const char *v = p->rows[r].val[p->name_col[i]];
			struct err e = { 0 };
			out[0] = '\0';
			if (v == NULL)
				continue;
			p->lookups++;
			if (store_names_get(p->nm, p->name_kind[i], v, out, PAGER_NAME_SIZE, &e) != 0)
				snprintf(out, PAGER_NAME_SIZE, "%s", v);
		}
	}
}

/* Reads the page from top: n rows, filled from the end when they run out. */
static int
pager_read(struct pager *p, const struct store_query *q, struct err *e)
{
	struct pager_fill f = { p, p->page, NULL, 0 };
	struct store_key k;
	int more;

	p->n = 0;
	if (store_query_page(p->store, q, p->have_top ? &p->top : NULL, true, false, p->page,
	    pager_take, &f, e) < 0)
		return e->code;
	if (p->n < p->page && p->have_top) {
		if ((more = pager_back(p, q, &p->top, p->page - p->n, &k, e)) < 0)
			return e->code;
		if (more > 0) {
			p->top = k;
			p->n = 0;
			if (store_query_page(p->store, q, &p->top, true, false, p->page, pager_take,
			    &f, e) < 0)
				return e->code;
			p->sel += more;
		}
	}
	return 0;
}

int
pager_load(struct pager *p, const struct store_query *q, int page, struct err *e)
{
	int rc = 0;

	if (page > p->max)
		page = p->max;
	if (page < 1)
		page = 1;
	if (!p->stale && page == p->page)
		return 0;
	p->page = page;
	p->stale = false;
	p->loads++;
	if (p->counting && p->count_stale) {
		p->count_stale = false;
		rc = store_query_count(p->store, q, &p->total, e);
	}
	if (pager_read(p, q, e) != 0)
		return e->code;
	if (p->n > 0) {
		p->top = p->keys[0];
		p->have_top = true;
	}
	if (p->sel >= p->n)
		p->sel = p->n > 0 ? p->n - 1 : 0;
	pager_names(p);
	return rc;
}

/* The page one row further: the second row becomes the first. */
static void
pager_down(struct pager *p)
{
	if (p->sel < p->n - 1) {
		p->sel++;
		return;
	}
	if (p->n < p->page)
		return;
	p->top = p->keys[1 < p->n ? 1 : 0];
	p->stale = true;
}

static int
pager_up(struct pager *p, const struct store_query *q, struct err *e)
{
	struct store_key k;
	int got;

	if (p->sel > 0) {
		p->sel--;
		return 0;
	}
	if (!p->have_top)
		return 0;
	if ((got = pager_back(p, q, &p->top, 1, &k, e)) < 0)
		return e->code;
	if (got == 1) {
		p->top = k;
		p->stale = true;
	}
	return 0;
}

static int
pager_pgup(struct pager *p, const struct store_query *q, struct err *e)
{
	struct store_key k;
	int got = 0;

	if (p->have_top && (got = pager_back(p, q, &p->top, p->page - 1, &k, e)) < 0)
		return e->code;
	if (got == 0) {
		p->sel = 0;
		return 0;
	}
	p->top = k;
	p->stale = true;
	return 0;
}

static void
pager_pgdn(struct pager *p)
{
	if (p->n < p->page) {
		p->sel = p->n > 0 ? p->n - 1 : 0;
		return;
	}
	p->top = p->keys[p->n - 1];
	p->sel = 0;
	p->stale = true;
}

static int
pager_end(struct pager *p, const struct store_query *q, struct err *e)
{
	struct store_key k;
	int got = pager_back(p, q, NULL, p->page, &k, e);

	if (got < 0)
		return e->code;
	if (got > 0) {
		p->top = k;
		p->have_top = true;
	}
	p->sel = p->max;	/* the last row, once read */
	p->stale = true;
	return 0;
}

int
pager_move(struct pager *p, const struct store_query *q, enum pager_move m, struct err *e)
{
	switch (m) {
	case PAGER_UP: return pager_up(p, q, e);
	case PAGER_DOWN: pager_down(p); return 0;
	case PAGER_PGUP: return pager_pgup(p, q, e);
	case PAGER_PGDN: pager_pgdn(p); return 0;
	case PAGER_HOME:
		p->have_top = false;
		p->sel = 0;
		p->stale = true;
		return 0;
	case PAGER_END: return pager_end(p, q, e);
	}
	return 0;
}

static int
pager_key_of(const struct record *r, const struct store_key *key, void *arg)
{
	(void)r;
	*(struct store_key *)arg = *key;
	return 1;
}

int
pager_goto(struct pager *p, const struct store_query *q, const char *id, struct err *e)
{
	struct store_query one = *q;
	struct store_key key, k;
	int got;

	one.id = id;
	if ((got = store_query_page(p->store, &one, NULL, true, false, 1, pager_key_of, &key,
	    e)) <= 0)
		return got;
	/* Rows above it on the page, as far as there are any. */
	if ((got = pager_back(p, q, &key, p->page > 2 ? p->page / 3 : 0, &k, e)) < 0)
		return -1;
	p->top = got > 0 ? k : key;
	p->have_top = true;
	p->sel = got;
	p->stale = true;
	return 1;
}

void
pager_reset(struct pager *p)
{
	p->have_top = false;
	p->sel = 0;
	p->stale = true;
	p->count_stale = p->counting;
}

void
pager_stale(struct pager *p)
{
	p->stale = true;
	p->count_stale = p->counting;
}

const char *
pager_unit(const struct pager *p, int row)
{
	return p->unit_names ? p->units[row] : NULL;
}

const char *
pager_name(const struct pager *p, int row, int col)
{
	for (int i = 0; i < p->nnames; i++)
		if (p->name_col[i] == col)
			return p->names[row * p->nnames + i];
	return NULL;
}
