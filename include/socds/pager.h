/* pager: one page of a store query at a time, for the screens that list
 * records (lists and the record picker). Keyset paging: the pager holds only
 * the rows shown and the key of the first one; moving re-queries from a key,
 * so a list of a million rows costs a page. The names of what the reference
 * columns point to come with the page, through statements prepared once
 * (store_names): drawing a page reads nothing. No curses here: the screens
 * draw the rows; a test pages a real file. */
#ifndef SOCDS_PAGER_H
#define SOCDS_PAGER_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/store-query.h"

#define PAGER_MAX_NAMES 8	/* reference columns named with the page */
#define PAGER_NAME_SIZE 200

struct pager {
	struct store *store;
	const struct kind *kind;
	int max;			/* rows allocated: the largest page */
	struct record *rows;
	struct store_key *keys;
	/* The first row's key; have_top false: the query's first row. */
	struct store_key top;
	bool have_top;
	int n;				/* rows on the page */
	int sel;			/* the selected row, 0..n-1 */
	int page;			/* rows the screen shows */
	bool stale;			/* read again at the next pager_load */
	/* The number of rows the query matches, read with the page after a
	 * reset when counting. */
	bool counting;
	bool count_stale;
	int64_t total;
	/* Reference columns named with the page: names[row * nnames + i]. */
	int name_col[PAGER_MAX_NAMES];
	const struct kind *name_kind[PAGER_MAX_NAMES];
	int nnames;
	char (*names)[PAGER_NAME_SIZE];
	struct store_names *nm;
	/* With unit_names, each row's unit's name, without its kind. */
	bool unit_names;
	char (*units)[PAGER_NAME_SIZE];
	/* For tests and the curious: pages read, names looked up. */
	int64_t loads, lookups;
};

/* A pager of records of kind k, pages of up to max rows. -1 out of memory
 * (pager_free still safe). */
int pager_init(struct pager *p, struct store *s, const struct kind *k, int max, bool counting);
void pager_free(struct pager *p);
/* Column col refers to records of kind ref: their names come with the page
 * (pager_name). -1 when PAGER_MAX_NAMES are taken or out of memory. */
int pager_name_col(struct pager *p, int col, const struct kind *ref);
/* Each row's unit is named with the page (pager_unit). -1 out of memory. */
int pager_unit_names(struct pager *p);
/* The page of `page` rows of q at the pager's place, read from the store only
 * when stale, moved or resized: drawing twice reads once. When the rows run
 * out before the page does, the page is filled from the end. */
int pager_load(struct pager *p, const struct store_query *q, int page, struct err *e);

enum pager_move { PAGER_UP, PAGER_DOWN, PAGER_PGUP, PAGER_PGDN, PAGER_HOME, PAGER_END };
/* Moves the selection (and the page under it) by a line, a page, or to
 * either end. q must be the query of the last pager_load. */
int pager_move(struct pager *p, const struct store_query *q, enum pager_move m,
    struct err *e);
/* Puts the selection on record id when q matches it (a form just saved it):
 * its key is read by id, the page starts a third of a page above it. 1 when
 * found, 0 when q does not match it (nothing moves), -1 with e filled. */
int pager_goto(struct pager *p, const struct store_query *q, const char *id, struct err *e);
/* To the first row of a new query (a search, a filter, a sort), counting again. */
void pager_reset(struct pager *p);
/* Read again at the same place (the rows may have changed). */
void pager_stale(struct pager *p);
/* The name of what column col of row `row` refers to ("" when none; the id
 * itself when it could not be read). NULL when col is not named. */
const char *pager_name(const struct pager *p, int row, int col);
/* The name of row's unit without its kind ("Xã Cát Tiến" -> "Cát Tiến"), its
 * code when unknown; NULL without pager_unit_names. */
const char *pager_unit(const struct pager *p, int row);

#endif
