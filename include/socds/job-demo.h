/* job-demo: the demo job — a realistic demo database: a district or province
 * with several communes, their villages, DT staff, a year of trainings, CDTT
 * teams, members and activities. Called by `socds demo`. */
#ifndef SOCDS_JOB_DEMO_H
#define SOCDS_JOB_DEMO_H

#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"
#include "socds/unit.h"

struct demo_opts {
	const char *unit;	/* home unit code; NULL = DEMO_DEFAULT_UNIT */
	int scale;		/* multiplies row counts; 1000 gives ~1,000,000 activities */
	uint64_t seed;		/* same seed, same people and numbers */
	const char *datadir;
	/* Called now and then with rows written so far; may be NULL. */
	void (*progress)(int64_t rows, void *arg);
	void *arg;
};

struct demo_counts {
	int64_t communes, villages, staff, trainings, participants, teams, members,
	    activities, rows;
};

/* Fills an initialised store (units loaded, no home unit yet). */
int demo_build(struct store *s, const struct demo_opts *o, struct demo_counts *n,
    struct err *e);

/* The demo job: fills a new, empty store — the official units, the plan
 * tasks, demo_build, the home unit's signing key, the account running it as
 * admin, one audit event ("demo"). The account must be allowed to set the
 * database up (STORE_ACT_ADMIN: an empty store's account is). Progress is
 * called as rows are written and once at the end with every row. home (may
 * be NULL) gets the home unit. */
int job_demo(struct store *s, const struct demo_opts *o, struct demo_counts *n,
    struct unit *home, struct err *e);

#endif
