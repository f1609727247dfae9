/* store-query: lists of records: keyset paging (never the whole table in
 * memory), search, streaming every record of a kind, counts */
#ifndef SOCDS_STORE_QUERY_H
#define SOCDS_STORE_QUERY_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/search.h"
#include "socds/store.h"

struct store_query {
	const struct kind *kind;
	const char *within;	/* this unit and the units below it (NULL: any) */
	const char *unit;	/* exactly this unit (NULL: any) */
	const char *parent_id;	/* kind->parent_col equals this id */
	const char *village_id;	/* the team's village (team, member, activity) */
	const char *id;		/* only this record (NULL: any): where a row is */
	const char *search;	/* as typed; matched folded against the name (NULL: all) */
	/* With search_n > 0 the search covers these columns instead (a row
	 * matches when any of them holds the folded search), and the unit's
	 * name too with search_unit: what a list screen shows. */
	const struct search_col *search_cols;
	int search_n;
	bool search_unit;
	const char *from, *to;	/* yyyy-mm-dd bounds on kind->date_col (NULL: open) */
	int sort;		/* column index in kind->cols, or -1 for the kind's usual order */
	bool desc;
	/* store_query_count of a search stops at this many (0: counts all):
	 * "500 or more" is all a keystroke needs to show. */
	int64_t count_limit;
};

/* Where a page starts: the sort value and id of a row. */
struct store_key {
	int type;		/* 0 none, 1 integer, 2 real, 3 text/blob bytes */
	int64_t i;
	double d;
	unsigned char b[320];
	int len;
	char id[UUID_STR_LEN];
	int64_t rowid;		/* breaks ties in the order, as the indexes do */
};

/* Calls fn for up to `limit` live records in the query's order, starting at
 * `from` (NULL: the first), including it when `inclusive`; with `backward`,
 * walks the other way from `from` (rows come in reverse order). fn gets the
 * record and its key; a non-zero return stops. Returns the number of rows,
 * or -1 with e filled. */
int store_query_page(struct store *s, const struct store_query *q,
    const struct store_key *from, bool inclusive, bool backward, int limit,
    int (*fn)(const struct record *, const struct store_key *, void *), void *arg,
    struct err *e);
/* Every record of kind k — tombstones too when with_deleted — of the unit
 * `within` and the units below it (NULL: all), in the order they came into
 * the file (rowid), one at a time (exports stream: nothing is gathered in
 * memory, nothing is sorted). With from/to, kinds that
 * have a date keep only the records of that period, and participants those of
 * the period's trainings. fn returning non-zero stops (its value is returned). */
int store_record_each(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted,
    int (*fn)(const struct record *, void *), void *arg, struct err *e);
/* The same for a change-only package: every record of `within` and below,
 * tombstones included, whatever its date, that the office above has not
 * acknowledged (a version above ack's) or has remarked on (remark). */
int store_record_each_changed(struct store *s, const struct kind *k, const char *within,
    int (*fn)(const struct record *, void *), void *arg, struct err *e);
/* How many records store_record_each gives for the same arguments, counted in
 * one pass over the table (the indexes leave out the tombstone flag, and
 * checking it row by row through one costs several times more). */
int store_record_each_count(struct store *s, const struct kind *k, const char *within,
    const char *from, const char *to, bool with_deleted, int64_t *n, struct err *e);
/* Live records the query matches. */
int store_query_count(struct store *s, const struct store_query *q, int64_t *n,
    struct err *e);

/* What needs attention in a unit and the units below it, for the home screen. */
struct store_attention {
	int64_t villages_without_team;
	int64_t staff_untrained;	/* DT staff with no attended training in `year` */
	int64_t communes_without_focal;	/* communes below (or the unit) with no focal point */
	int64_t remarks;		/* records the office above rejected or holds in conflict */
};
int store_attention_get(struct store *s, const char *unit, int year,
    struct store_attention *out, struct err *e);

#endif
