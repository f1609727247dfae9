/* store-people: the people (staff and team members at once) who bear a name,
 * for the likely-duplicate rule (dupes.h), which alone decides who is one. */
#ifndef SOCDS_STORE_PEOPLE_H
#define SOCDS_STORE_PEOPLE_H

#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/uuid.h"

/* One live person, with where they are recorded. */
struct store_person {
	const struct kind *kind;	/* staff or member */
	char id[UUID_STR_LEN];
	char name[256];
	int birth_year;			/* 0: not given */
	char phone[32];			/* as stored; "" not given */
	char unit_code[8];
	char unit_name[160];
	char team_name[160];		/* a member's team */
};

/* The live staff and team members whose name folds to name_key (text_fold),
 * recorded in unit or a unit below it, other than the record exclude_id
 * (NULL: none); of kind `marked`, only rows up to rowid mark (an import
 * checks against the rows from before it: INT64_MAX for all). fn is called
 * for each (a non-zero return stops the walk and is returned). Read from the
 * name indexes (staff_key, member_key). */
int store_people_named(struct store *s, const char *name_key, const char *unit,
    const char *exclude_id, const struct kind *marked, int64_t mark,
    int (*fn)(const struct store_person *p, void *arg), void *arg, struct err *e);

#endif
