/* store-roster: the people a class list or an attendance sheet is drawn
 * from — staff and team members of a unit and the units below it — a page
 * at a time, filtered by folded words, and found by folded name. */
#ifndef SOCDS_STORE_ROSTER_H
#define SOCDS_STORE_ROSTER_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"

#define STORE_ROSTER_WORDS 4	/* filter words looked at; more are ignored */

struct store_roster_query {
	const char *within;	/* this unit and the units below it */
	const char *team_id;	/* members of this team only (NULL: staff and members) */
	/* Folded words (text_fold), each found in the person's name, team or
	 * unit; NULL ends the list. */
	const char *words[STORE_ROSTER_WORDS];
};

/* One person as the roster shows them. */
struct store_person {
	enum kind_id kind;	/* KIND_STAFF or KIND_MEMBER */
	char id[UUID_STR_LEN];
	char name[160];
	char birth_year[8];
	char where[160];	/* a member's team, a staff member's unit */
};

/* Up to limit people from row offset on, in official name order; fn
 * returning non-zero stops. Returns the rows given, or -1 with e filled. */
int store_roster_page(struct store *s, const struct store_roster_query *q, int64_t offset,
    int limit, int (*fn)(const struct store_person *, void *), void *arg, struct err *e);
int store_roster_count(struct store *s, const struct store_roster_query *q, int64_t *n,
    struct err *e);
/* The people of the query (its words ignored) whose name folds to name_key,
 * born in birth_year unless NULL: up to max into out; returns how many there
 * are in all, or -1 with e filled. */
int store_roster_find(struct store *s, const struct store_roster_query *q,
    const char *name_key, const char *birth_year, struct store_person *out, int max,
    struct err *e);
/* One person by kind and id (tombstones too); ERR_NOTFOUND when none. */
int store_roster_person(struct store *s, enum kind_id kind, const char *id,
    struct store_person *out, struct err *e);
/* The live participants of a training: fn gets each one's record. */
int store_roster_participants(struct store *s, const char *training_id,
    int (*fn)(const struct record *, void *), void *arg, struct err *e);

#endif
