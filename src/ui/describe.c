/* describe: a record named so that a question about it tells namesakes apart —
 * its name and a second detail (birth year and unit for people, date and
 * place for trainings and activities, village for teams), values shown as
 * the forms show them (dates dd/mm/yyyy, choices by their label). */
#include <stdio.h>
#include <string.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"

/* "@unit": the record's unit; "@person": the participant's staff or member
 * record, described by its own row (birth year and unit). */
static const struct {
	enum kind_id kind;
	const char *name[2];		/* columns giving the name, the first not empty;
					 * none: the store's name */
	const char *detail[3];		/* columns for the second detail, in order */
} describe_table[] = {
	{ KIND_STAFF, { "full_name" }, { "birth_year", "@unit", NULL } },
	{ KIND_MEMBER, { "full_name" }, { "birth_year", "team_id", "@unit" } },
	{ KIND_PARTICIPANT, { NULL }, { "@person", NULL, NULL } },
	{ KIND_TRAINING, { "title" }, { "start_date", "place", NULL } },
	{ KIND_ACTIVITY, { "activity_kind", "team_id" }, { "held_on", "place", "team_id" } },
	{ KIND_TEAM, { "name" }, { "village_id", "@unit", NULL } },
	{ KIND_VILLAGE, { "name" }, { "village_kind", "@unit", NULL } },
	{ KIND_TASK_PROGRESS, { "task_code" }, { "status", "evidence_date", NULL } },
	{ KIND_STATISTIC, { "indicator" }, { "year", "value", "@unit" } },
};

/* Appends ", " and text to buf (of size) unless text is empty or the name. */
static void
describe_add(char *buf, size_t size, const char *text, const char *name)
{
	size_t n = strlen(buf);

	if (text == NULL || *text == '\0' || n >= size - 1 || strcmp(text, name) == 0)
		return;
	snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "", text);
}

/* The value of column col of r as its form shows it, into out. */
static void
describe_value(struct app *a, const struct record *r, const char *col, char *out, size_t size)
{
	const struct form *f = forms_get(a->forms, r->kind);
	const struct form_field *ff = f != NULL ? form_field(f, col) : NULL;
	int i = record_col_index(r->kind, col);
	const char *v = i >= 0 ? r->val[i] : NULL;
	struct tbuf tb = { 0 };
	struct err e = { 0 };

	out[0] = '\0';
	if (v == NULL || *v == '\0')
		return;
	if (r->kind->cols[i].type == COL_REF) {
		const struct kind *rk = record_kind(r->kind->cols[i].ref);
		if (rk == NULL || store_record_name(a->store, rk, v, out, size, &e) != 0)
			out[0] = '\0';
		return;
	}
	if (ff != NULL && form_format(ff, v, &tb) == 0 && tb.len > 0)
		v = tb.p;
	if (strcmp(col, "birth_year") == 0)
		snprintf(out, size, _("born %s"), v);
	else
		snprintf(out, size, "%s", v);
	tbuf_free(&tb);
}

static void describe_detail(struct app *a, const struct record *r, char *buf, size_t size,
    const char *name, int depth);

/* The participant's person: staff or member, described by its own details. */
static void
describe_person(struct app *a, const struct record *r, char *buf, size_t size,
    const char *name, int depth)
{
	static const char *const refs[] = { "staff_id", "member_id" };
	struct record p;
	struct err e = { 0 };

	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		const char *id = record_get(r, refs[i]);
		const struct kind *k = record_kind(i == 0 ? "staff" : "member");
		if (id == NULL || *id == '\0' || k == NULL || record_init(&p, k) != 0)
			continue;
		if (store_record_get(a->store, &p, id, &e) == 0)
			describe_detail(a, &p, buf, size, name, depth + 1);
		record_free(&p);
		return;
	}
}

static void
describe_detail(struct app *a, const struct record *r, char *buf, size_t size,
    const char *name, int depth)
{
	char part[512];

	for (size_t t = 0; t < sizeof describe_table / sizeof describe_table[0]; t++) {
		if (&record_kinds[describe_table[t].kind] != r->kind)
			continue;
		for (int d = 0; d < 3 && describe_table[t].detail[d] != NULL; d++) {
			const char *col = describe_table[t].detail[d];
			if (strcmp(col, "@unit") == 0) {
				struct unit u;
				struct err e = { 0 };
				if (store_unit_get(a->store, r->unit_code, &u, &e) == 0)
					describe_add(buf, size, u.name, name);
			} else if (strcmp(col, "@person") == 0) {
				if (depth == 0)
					describe_person(a, r, buf, size, name, depth);
			} else {
				describe_value(a, r, col, part, sizeof part);
				describe_add(buf, size, part, name);
			}
		}
		return;
	}
}

void
describe_record(struct app *a, const struct record *r, char *name, size_t nsize,
    char *detail, size_t dsize)
{
	struct err e = { 0 };

	name[0] = detail[0] = '\0';
	for (size_t t = 0; t < sizeof describe_table / sizeof describe_table[0]; t++)
		if (&record_kinds[describe_table[t].kind] == r->kind)
			for (int i = 0; i < 2 && name[0] == '\0' &&
			    describe_table[t].name[i] != NULL; i++)
				describe_value(a, r, describe_table[t].name[i], name, nsize);
	/* The store's name of an activity is its ISO date: not for people. */
	if (name[0] == '\0' && r->kind != &record_kinds[KIND_ACTIVITY])
		store_record_name(a->store, r->kind, r->id, name, nsize, &e);
	if (name[0] == '\0')
		snprintf(name, nsize, "%s", r->id);
	describe_detail(a, r, detail, dsize, name, 0);
}

/* "7 members and 26 activities": what goes with r when it is deleted, into
 * buf ("" when nothing does). */
static void
describe_dependants(const struct record *r, const struct store_delete_plan *p, char *buf,
    size_t size)
{
	char part[4][96];
	int n = 0;
	size_t len = 0;

	buf[0] = '\0';
	if (p->members > 0)
		snprintf(part[n++], sizeof part[0], _("%lld members"), (long long)p->members);
	if (p->activities > 0)
		snprintf(part[n++], sizeof part[0], _("%lld activities"), (long long)p->activities);
	if (p->participations > 0)
		snprintf(part[n++], sizeof part[0], r->kind == &record_kinds[KIND_TRAINING] ?
		    _("%lld participants") : _("%lld training participations"),
		    (long long)p->participations);
	if (p->presences > 0)
		snprintf(part[n++], sizeof part[0], _("their presence at %lld activities"),
		    (long long)p->presences);
	for (int i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    i == 0 ? "" : i == n - 1 ? _(" and ") : ", ", part[i]);
}

bool
describe_delete_question(struct app *a, const struct record *r, char *q, size_t qsize,
    char *name, size_t nsize)
{
	char detail[1024], deps[512];
	struct store_delete_plan p;
	struct err e = { 0 };

	describe_record(a, r, name, nsize, detail, sizeof detail);
	if (store_delete_plan(a->store, r->kind, r->id, &p, &e) != 0) {
		snprintf(q, qsize, "%s", e.msg);
		return false;
	}
	if (p.teams > 0) {
		snprintf(q, qsize, _("'%s' still has live teams (%lld): delete them or attach them "
		    "to another village first."), name, (long long)p.teams);
		return false;
	}
	describe_dependants(r, &p, deps, sizeof deps);
	if (deps[0] != '\0' && detail[0] != '\0')
		snprintf(q, qsize, _("Delete '%s' (%s) with %s?"), name, detail, deps);
	else if (deps[0] != '\0')
		snprintf(q, qsize, _("Delete '%s' with %s?"), name, deps);
	else if (detail[0] != '\0')
		snprintf(q, qsize, _("Delete '%s' (%s)?"), name, detail);
	else
		snprintf(q, qsize, _("Delete '%s'?"), name);
	return true;
}
