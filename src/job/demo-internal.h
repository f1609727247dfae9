/* demo-internal: what job/demo.c (the units, tasks and paper of the demo)
 * and job/demo-rows.c (the records: people, villages, teams, trainings,
 * activities) share. */
#ifndef SOCDS_DEMO_INTERNAL_H
#define SOCDS_DEMO_INTERNAL_H

#include <stdint.h>
#include <time.h>

#include "socds/job-demo.h"
#include "socds/lists.h"
#include "socds/record.h"

struct idvec {
	char (*v)[UUID_STR_LEN];
	size_t n, cap;
};

struct demo {
	struct store *s;
	const struct demo_opts *o;
	struct demo_counts *n;
	struct err *e;
	uint64_t rng;
	time_t today;
	struct lines family, mid_m, mid_f, given_m, given_f, villages, places, titles;
	struct list positions, employment, itq, platforms, formats, topics, vkinds,
	    roles, affils, akinds, helps, genders;
	struct record r[KIND_COUNT];
	struct idvec staff, members, district_staff;
	char buf[512];
	char name[160];
	size_t village_offset;
	int max_ago;		/* days since the unit being filled was formed */
	int team_ago;		/* days since the team being filled was founded */
	const char *office;	/* the body of the demo's office, for its trainings */
	const char *local;	/* the body of the unit being filled ("UBND xã") */
};

/* Random helpers, reproducible from the seed. */
int demo_int(struct demo *d, int lo, int hi);
int demo_ago(struct demo *d, int lo, int hi);
void demo_date(struct demo *d, int days_ago, char out[11]);
int demo_put(struct demo *d, enum kind_id k, const char *unit, int days_ago);
void demo_set(struct demo *d, enum kind_id k, const char *col, const char *v);
void demo_setf(struct demo *d, enum kind_id k, const char *col, const char *fmt, ...)
    ERR_PRINTF(4, 5);
void demo_person(struct demo *d, enum kind_id k, int *birth_year);
int demo_push(struct idvec *v, const char *id);
int demo_villages(struct demo *d, const char *commune, struct idvec *ids);
int demo_staff(struct demo *d, const char *unit, int count, struct idvec *out);
int demo_teams(struct demo *d, const char *commune, const struct idvec *villages);
int demo_trainings(struct demo *d, const char *unit, int count, const struct idvec *staff,
    const struct idvec *members);
int demo_days_since_formed(const struct demo *d);

#endif
