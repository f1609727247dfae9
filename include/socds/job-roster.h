/* job-roster: a training's class list, or an activity's members present,
 * edited as one set: the candidates (staff and team members of the unit and
 * the units below it, or the team's members) a page at a time, the ticked
 * set in memory, a pasted list of names matched by folded name, and the
 * class list saved in one transaction through the same checks and store
 * calls as a single record. No curses: the screen (ui/roster.c) and tests
 * drive it. */
#ifndef SOCDS_JOB_ROSTER_H
#define SOCDS_JOB_ROSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/form.h"
#include "socds/store.h"
#include "socds/store-roster.h"
#include "socds/text.h"

enum roster_mode {
	ROSTER_CLASS,		/* a training's participants: ticked, attended, certificate */
	ROSTER_ATTENDANCE,	/* an activity's members present: ticked */
};

/* A person in the set: ticked now, or stored as a participant. */
struct roster_entry {
	struct store_person p;
	bool ticked, attended, certificate;
	/* The stored participant ("" none), as it was read. */
	char part_id[UUID_STR_LEN];
	int64_t version;
	bool was_attended, was_certificate;
};

struct roster {
	struct store *store;
	const struct form *form;	/* the participant form: its rules (may be NULL) */
	enum roster_mode mode;
	char training_id[UUID_STR_LEN];
	char unit[8];			/* the training's or the team's unit */
	char team_id[UUID_STR_LEN];
	struct store_roster_query q;
	struct tbuf folded;		/* the filter folded; q.words point into it */
	struct roster_entry *e;
	size_t n, cap;
};

/* The class list of a training, its stored participants ticked. */
int roster_class(struct roster *r, struct store *s, const struct form *participant,
    const char *training_id, struct err *e);
/* The members of a team; present: the ';'-separated ids ticked at first. */
int roster_attendance(struct roster *r, struct store *s, const char *team_id,
    const char *present, struct err *e);
void roster_free(struct roster *r);

/* The filter as typed: its words, folded, must each be found in the name,
 * the team or the unit of a person shown. */
int roster_filter(struct roster *r, const char *text, struct err *e);
int roster_count(struct roster *r, int64_t *n, struct err *e);
/* Up to max people of the filter from row offset on into out; returns how
 * many, or -1 with e filled. */
int roster_page(struct roster *r, int64_t offset, struct store_person *out, int max,
    struct err *e);

/* The person's entry, NULL when neither ticked nor stored. */
struct roster_entry *roster_entry(struct roster *r, enum kind_id kind, const char *id);
/* Ticks (attended yes, certificate no, or as stored) or unticks p. -1 out of memory. */
int roster_tick(struct roster *r, const struct store_person *p, bool on);
/* Ticks every person the filter shows; *added gets how many were not yet. */
int roster_tick_shown(struct roster *r, int64_t *added, struct err *e);
/* How many are ticked; what a save would add, remove and change. */
size_t roster_ticked(const struct roster *r);
void roster_changes(const struct roster *r, int *add, int *remove, int *change);

/* Class list: writes every change in one transaction — new participants
 * inserted, changed ones updated, unticked ones deleted (tombstones) — each
 * through the participant form's checks; nothing is written when one fails
 * (e names the person). The set is read again afterwards. */
int roster_save(struct roster *r, struct err *e);
/* Attendance: the ticked ids, ';'-separated, into out. */
int roster_present(const struct roster *r, struct tbuf *out, struct err *e);

/* A pasted line that needs a decision: no one of that name (and year), or
 * several namesakes (candidates: those of the name, any year, up to
 * ROSTER_NAMESAKES). */
#define ROSTER_NAMESAKES 6
struct roster_line {
	char name[160];
	char year[8];
	int found;		/* people of that name (and year) */
	int ncand;
	struct store_person cand[ROSTER_NAMESAKES];
};
struct roster_paste {
	int lines;		/* names read */
	int ticked;		/* matched and ticked */
	struct roster_line *left;	/* for a decision */
	size_t nleft;
};
/* Matches a list of names — one a line, "name;year", "name,year" or a CSV
 * row (the first field a name, a 4-digit field a year), or the path of such
 * a file — against the candidates by folded name (and year when given):
 * one match is ticked, the rest are left for a decision. Nothing is created. */
int roster_paste(struct roster *r, const char *text, struct roster_paste *out, struct err *e);
void roster_paste_free(struct roster_paste *p);

#endif
