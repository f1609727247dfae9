/* record: the kinds table and record values. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "socds/record.h"

static const struct column village_cols[] = {
	{ "name", COL_TEXT, NULL, NULL },
	{ "village_kind", COL_TEXT, NULL, NULL },
	{ "households", COL_INT, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column staff_cols[] = {
	{ "full_name", COL_TEXT, NULL, NULL },
	{ "gender", COL_TEXT, NULL, NULL },
	{ "birth_year", COL_INT, NULL, NULL },
	{ "position", COL_TEXT, NULL, NULL },
	{ "employment", COL_TEXT, NULL, NULL },
	{ "it_qualification", COL_SET, NULL, NULL },
	{ "focal_point", COL_BOOL, NULL, NULL },
	{ "decision_no", COL_TEXT, NULL, NULL },
	{ "decision_date", COL_DATE, NULL, NULL },
	{ "dt_network", COL_BOOL, NULL, NULL },
	{ "platforms", COL_SET, NULL, NULL },
	{ "phone", COL_TEXT, NULL, NULL },
	{ "email", COL_TEXT, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ "in_post_from", COL_DATE, NULL, NULL },
	{ "in_post_until", COL_DATE, NULL, NULL },	/* schema v11 */
	{ "focal_department", COL_BOOL, NULL, NULL },	/* schema v12 */
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column training_cols[] = {
	{ "title", COL_TEXT, NULL, NULL },
	{ "topic", COL_TEXT, NULL, NULL },
	{ "format", COL_TEXT, NULL, NULL },
	{ "organizer", COL_TEXT, NULL, NULL },
	{ "start_date", COL_DATE, NULL, NULL },
	{ "end_date", COL_DATE, NULL, NULL },
	{ "hours", COL_REAL, NULL, NULL },
	{ "place", COL_TEXT, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column participant_cols[] = {
	{ "training_id", COL_REF, "training", NULL },
	{ "staff_id", COL_REF, "staff", NULL },
	{ "member_id", COL_REF, "member", NULL },
	{ "attended", COL_BOOL, NULL, NULL },
	{ "certificate", COL_BOOL, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column team_cols[] = {
	{ "name", COL_TEXT, NULL, NULL },
	{ "village_id", COL_REF, "village", NULL },
	{ "decision_no", COL_TEXT, NULL, NULL },
	{ "founded_on", COL_DATE, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column member_cols[] = {
	{ "team_id", COL_REF, "team", NULL },
	{ "full_name", COL_TEXT, NULL, NULL },
	{ "gender", COL_TEXT, NULL, NULL },
	{ "birth_year", COL_INT, NULL, NULL },
	{ "role", COL_TEXT, NULL, NULL },
	{ "affiliation", COL_TEXT, NULL, NULL },
	{ "phone", COL_TEXT, NULL, NULL },
	{ "joined_on", COL_DATE, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ "left_on", COL_DATE, NULL, NULL },	/* schema v11 */
	{ "dt_network", COL_BOOL, NULL, NULL },	/* schema v12 */
	{ "platforms", COL_SET, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column activity_cols[] = {
	{ "team_id", COL_REF, "team", NULL },
	{ "held_on", COL_DATE, NULL, NULL },
	{ "place", COL_TEXT, NULL, NULL },
	{ "activity_kind", COL_TEXT, NULL, NULL },
	{ "description", COL_TEXT, NULL, NULL },
	{ "members_present", COL_CHILD_IDS, "activity_member", "member_id" },
	{ "helped", COL_CHILD_COUNTS, "activity_help", "category" },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

static const struct column task_progress_cols[] = {
	{ "task_code", COL_TEXT, NULL, NULL },
	{ "status", COL_TEXT, NULL, NULL },
	{ "progress_note", COL_TEXT, NULL, NULL },
	{ "evidence_no", COL_TEXT, NULL, NULL },
	{ "evidence_date", COL_DATE, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

/* A figure of a unit for a year (population 15+, officials, adults with an
 * e-identity...): the denominators and counts of the plans' percentage
 * targets, with where the figure comes from and its date. */
static const struct column statistic_cols[] = {
	{ "year", COL_INT, NULL, NULL },
	{ "indicator", COL_TEXT, NULL, NULL },
	{ "value", COL_INT, NULL, NULL },
	{ "source", COL_TEXT, NULL, NULL },
	{ "as_of", COL_DATE, NULL, NULL },
	{ "note", COL_TEXT, NULL, NULL },
	{ RECORD_WARNINGS_COL, COL_TEXT, NULL, NULL },	/* schema v15 */
};

#define COLS(a) a, (int)(sizeof a / sizeof a[0])

const struct kind record_kinds[KIND_COUNT] = {
	[KIND_VILLAGE] = { "village", "village", COLS(village_cols), 0, false, NULL, NULL },
	[KIND_STAFF] = { "staff", "staff", COLS(staff_cols), 0, true, NULL, NULL },
	[KIND_TRAINING] = { "training", "training", COLS(training_cols), 0, false, NULL,
	    "start_date" },
	[KIND_PARTICIPANT] = { "participant", "participant", COLS(participant_cols), -1,
	    false, "training_id", NULL },
	[KIND_TEAM] = { "team", "team", COLS(team_cols), 0, false, NULL, NULL },
	[KIND_MEMBER] = { "member", "member", COLS(member_cols), 1, true, "team_id", NULL },
	[KIND_ACTIVITY] = { "activity", "activity", COLS(activity_cols), -1, false,
	    "team_id", "held_on" },
	[KIND_TASK_PROGRESS] = { "task_progress", "task_progress",
	    COLS(task_progress_cols), -1, false, "task_code", "evidence_date" },
	[KIND_STATISTIC] = { "statistic", "statistic", COLS(statistic_cols), -1, false, NULL,
	    NULL },
};

/* Which dates put a record in an approved period. Staff, members and teams
 * are counted in the "as of" figures: only their dated fields lock, names
 * and phones stay editable. A participant is locked with its training. */
static const struct record_lock record_locks[KIND_COUNT] = {
	[KIND_STAFF] = { { "in_post_from", "in_post_until", NULL }, true, NULL, NULL },
	[KIND_TRAINING] = { { "start_date", NULL, NULL }, false, NULL, NULL },
	[KIND_PARTICIPANT] = { { NULL, NULL, NULL }, false, NULL, "training_id" },
	[KIND_TEAM] = { { "founded_on", NULL, NULL }, true, NULL, NULL },
	[KIND_MEMBER] = { { "left_on", NULL, NULL }, true, NULL, NULL },
	[KIND_ACTIVITY] = { { "held_on", NULL, NULL }, false, NULL, NULL },
	[KIND_TASK_PROGRESS] = { { "evidence_date", NULL, NULL }, false, NULL, NULL },
	[KIND_STATISTIC] = { { "as_of", NULL, NULL }, false, "year", NULL },
};

const struct record_lock *
record_lock_of(const struct kind *k)
{
	ptrdiff_t i;

	if (k == NULL)
		return NULL;
	i = k - record_kinds;
	if (i < 0 || i >= KIND_COUNT || i == KIND_VILLAGE)
		return NULL;
	return &record_locks[i];
}

const struct kind *
record_kind(const char *name)
{
	for (int i = 0; i < KIND_COUNT; i++)
		if (strcmp(record_kinds[i].name, name) == 0)
			return &record_kinds[i];
	return NULL;
}

int
record_col_index(const struct kind *k, const char *col)
{
	for (int i = 0; i < k->ncols; i++)
		if (strcmp(k->cols[i].name, col) == 0)
			return i;
	return -1;
}

int
record_init(struct record *r, const struct kind *k)
{
	memset(r, 0, sizeof *r);
	r->kind = k;
	r->val = calloc((size_t)k->ncols, sizeof *r->val);
	return r->val == NULL ? -1 : 0;
}

void
record_free(struct record *r)
{
	if (r->val != NULL)
		for (int i = 0; i < r->kind->ncols; i++)
			free(r->val[i]);
	free(r->val);
	r->val = NULL;
}

int
record_set(struct record *r, int i, const char *s)
{
	char *copy = NULL;

	if (s != NULL && (copy = strdup(s)) == NULL)
		return -1;
	free(r->val[i]);
	r->val[i] = copy;
	return 0;
}

int
record_set_by_name(struct record *r, const char *col, const char *s)
{
	int i = record_col_index(r->kind, col);

	return i < 0 ? -1 : record_set(r, i, s);
}

const char *
record_get(const struct record *r, const char *col)
{
	int i = record_col_index(r->kind, col);

	return i < 0 ? NULL : r->val[i];
}

int
record_children(const struct kind *k, const struct kind **out, int max)
{
	int n = 0;

	for (int i = 0; i < KIND_COUNT && n < max; i++) {
		const struct kind *c = &record_kinds[i];
		int col = c->parent_col != NULL ? record_col_index(c, c->parent_col) : -1;
		if (col >= 0 && c->cols[col].ref != NULL && strcmp(c->cols[col].ref, k->name) == 0)
			out[n++] = c;
	}
	return n;
}
