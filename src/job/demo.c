/* demo: generates a realistic demo database through the store's record API. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo-internal.h"
#include "socds/figures.h"
#include "socds/i18n.h"
#include "socds/lists.h"
#include "socds/job-paper.h"
#include "socds/record.h"
#include "socds/job-tasks.h"
#include "socds/text.h"
#include "socds/job-units.h"
#include "socds/paths.h"
#include "socds/store-key.h"
#include "socds/store-admin.h"

#ifndef DEMO_DEFAULT_UNIT
#define DEMO_DEFAULT_UNIT "52"
#endif

#define DEMO_MAX_COMMUNES 12
/* A province's demo fills a few of its communes and wards, not all of them. */
#define DEMO_PROVINCE_COMMUNES 6

/* The unit's progress on its plan tasks: some done with evidence, some under way. */
struct demo_taskctx {
	struct demo *d;
	const char *unit;
	int rc;
	int behind;	/* leave the behind-th task past its due time (from 1) unfinished */
};

static int
demo_task_late(const struct task_row *t, void *arg)
{
	*(int *)arg += t->overdue && !t->yearly;
	return 0;
}

static int
demo_task(const struct task_row *t, void *arg)
{
	struct demo_taskctx *c = arg;
	struct demo *d = c->d;
	enum kind_id k = KIND_TASK_PROGRESS;
	int r = demo_int(d, 1, 100);
	char date[11];

	/* The office is behind on its last task past its due time, whatever
	 * the seed: the report and the dashboard have an overdue task to show. */
	if (c->behind > 0 && t->overdue && !t->yearly && --c->behind == 0 && r <= 45)
		r = 60;
	if (r > 80)
		return 0;	/* not started: no record yet */
	demo_set(d, k, "task_code", t->code);
	demo_set(d, k, "status", r <= 45 ? "done" : "in_progress");
	demo_set(d, k, "progress_note", r <= 45 ? "Đã hoàn thành, đã báo cáo cấp trên." :
	    "Đang triển khai theo kế hoạch.");
	if (r <= 45) {
		demo_setf(d, k, "evidence_no", "%d/BC-UBND", demo_int(d, 10, 320));
		demo_date(d, demo_ago(d, 20, 300), date);
		demo_set(d, k, "evidence_date", date);
	} else {
		demo_set(d, k, "evidence_no", NULL);
		demo_set(d, k, "evidence_date", NULL);
	}
	c->rc = demo_put(d, k, c->unit, demo_int(d, 10, 200));
	return c->rc;
}

static int
demo_tasks(struct demo *d, const struct unit *u)
{
	struct demo_taskctx c = { d, u->code, 0, 0 };
	char today[11];

	demo_date(d, 0, today);
	if (strcmp(u->level, "commune") != 0 &&
	    tasks_list(d->s, u->code, u->level, today, demo_task_late, &c.behind, d->e) != 0)
		return -1;
	if (tasks_list(d->s, u->code, u->level, today, demo_task, &c, d->e) != 0)
		return -1;
	return c.rc;
}

/* The unit about to be filled: how far back its records go, and its body. */
static void
demo_unit_begin(struct demo *d, const struct unit *u)
{
	/* A current unit works on today's map, formed (or reorganised) on
	 * 1 July 2025; a district office still at work is older. */
	d->max_ago = strcmp(u->status, "current") == 0 ? demo_days_since_formed(d) : 100000;
	d->local = strcmp(u->kind, "Phường") == 0 ? "UBND phường" :
	    strcmp(u->level, "commune") == 0 ? "UBND xã" : d->office;
}

static int
demo_commune(struct demo *d, const struct unit *u)
{
	struct idvec villages = { 0 };
	int rc = -1;

	d->staff.n = 0;
	d->members.n = 0;
	d->village_offset = (size_t)d->n->communes * 17;
	demo_unit_begin(d, u);
	if (store_begin(d->s, d->e) != 0)
		return -1;
	if (demo_villages(d, u->code, &villages) != 0 ||
	    demo_staff(d, u->code, demo_int(d, 3, 6) * d->o->scale, &d->staff) != 0 ||
	    demo_teams(d, u->code, &villages) != 0 ||
	    demo_trainings(d, u->code, demo_int(d, 3, 6) * d->o->scale, &d->staff,
	    &d->members) != 0 || demo_tasks(d, u) != 0)
		goto out;
	/* Keep a few commune staff to invite to the office's own trainings. */
	for (size_t i = 0; i < d->staff.n && i < 3; i++)
		if (demo_push(&d->district_staff, d->staff.v[i]) != 0)
			goto out;
	if (store_commit(d->s, d->e) != 0)
		goto out;
	d->n->communes++;
	rc = 0;
out:
	if (rc != 0)
		store_rollback(d->s);
	free(villages.v);
	return rc;
}

struct demo_units {
	struct unit u[DEMO_MAX_COMMUNES];
	int n, max;
};

static int
demo_collect(const struct unit *u, void *arg)
{
	struct demo_units *du = arg;

	if (strcmp(u->level, "commune") != 0 || strcmp(u->status, "current") != 0)
		return 0;
	du->u[du->n++] = *u;
	return du->n == du->max;
}

/* The communes and wards a province's demo fills: for Tỉnh Gia Lai, the
 * communes that succeeded the old Huyện Phù Cát and two wards of the former
 * Quy Nhơn (assets/units/SOURCE.md, "Suggested demo unit"); for another
 * province its first few communes by name. */
static const struct {
	const char *province;
	const char *communes[DEMO_PROVINCE_COMMUNES + 1];
} demo_fill[] = {
	{ "52", { "21853", "21859", "21880", "21901", "21583", "21601", NULL } },
};

static int
demo_province_units(struct store *s, const struct unit *home, struct demo_units *du,
    struct err *e)
{
	du->max = DEMO_PROVINCE_COMMUNES;
	for (size_t i = 0; i < sizeof demo_fill / sizeof demo_fill[0]; i++) {
		if (strcmp(demo_fill[i].province, home->code) != 0)
			continue;
		for (int c = 0; demo_fill[i].communes[c] != NULL; c++) {
			struct unit u;
			if (store_unit_get(s, demo_fill[i].communes[c], &u, e) != 0)
				return e->code;
			if (strcmp(u.parent_code, home->code) == 0 && strcmp(u.status, "current") == 0)
				du->u[du->n++] = u;
		}
		if (du->n > 0)
			return 0;
	}
	return store_unit_children(s, home->code, demo_collect, du, e);
}

/* Which communes the demo fills: it depends on the level of the home unit. */
static int
demo_home_units(struct store *s, const struct unit *home, struct demo_units *du,
    struct err *e)
{
	if (strcmp(home->level, "commune") == 0) {
		if (strcmp(home->status, "current") != 0)
			return err_set(e, ERR_INVALID, _("unit %s (%s) was abolished; use the unit"
			    " that succeeded it (%s)"), home->code, home->name, home->successor_code);
		du->u[du->n++] = *home;
	} else if (strcmp(home->level, "district") == 0) {
		/* A district office still at work: the communes that succeeded its
		 * old communes report to it, so they become its children here. */
		if (units_attach_district(s, home->code, e) != 0 ||
		    store_unit_children(s, home->code, demo_collect, du, e) != 0)
			return e->code;
	} else if (demo_province_units(s, home, du, e) != 0)
		return e->code;
	if (du->n == 0)
		return err_set(e, ERR_INVALID, _("unit %s (%s) has no current communes to fill"),
		    home->code, home->name);
	return 0;
}

/* The office's official paper in its unit settings, as an officer would set
 * it with 'socds unit set-header': issuing body, place, recipients, signer. */
static int
demo_paper(struct demo *d, const struct unit *home)
{
	struct paper p;
	const char *vals[PAPER_NKEYS];
	int by;
	char addressee[PAPER_VALUE_MAX + 40];

	paper_defaults(d->s, home, &p);
	demo_person(d, KIND_STAFF, &by);
	snprintf(addressee, sizeof addressee, "Ủy ban nhân dân %s %s", strcmp(home->kind, "Tỉnh")
	    == 0 ? "tỉnh" : "thành phố", p.v[PAPER_PLACE]);
	for (int k = 0; k < PAPER_NKEYS; k++) {
		vals[k] = p.v[k];
		if (k == PAPER_SIGNER_NAME)
			vals[k] = record_get(&d->r[KIND_STAFF], "full_name");
		else if (k == PAPER_ADDRESSEE)
			vals[k] = strcmp(home->level, "province") == 0 ? addressee : NULL;
		else if (k == PAPER_RECIPIENTS && strcmp(home->level, "province") == 0)
			vals[k] = "Bộ Khoa học và Công nghệ (để báo cáo)";
		if (vals[k] != NULL && *vals[k] == '\0')
			vals[k] = NULL;
	}
	return job_paper_set(d->s, home->code, vals, NULL, d->e) != 0 ? -1 : 0;
}

static int
demo_load_assets(struct demo *d)
{
	static const struct { const char *file; size_t off; } words[] = {
		{ "family_names", offsetof(struct demo, family) },
		{ "middle_male", offsetof(struct demo, mid_m) },
		{ "middle_female", offsetof(struct demo, mid_f) },
		{ "given_male", offsetof(struct demo, given_m) },
		{ "given_female", offsetof(struct demo, given_f) },
		{ "village_names", offsetof(struct demo, villages) },
		{ "places", offsetof(struct demo, places) },
		{ "training_titles", offsetof(struct demo, titles) },
	};
	static const struct { const char *name; size_t off; } lists[] = {
		{ "position", offsetof(struct demo, positions) },
		{ "employment", offsetof(struct demo, employment) },
		{ "it_qualification", offsetof(struct demo, itq) },
		{ "platform", offsetof(struct demo, platforms) },
		{ "training_format", offsetof(struct demo, formats) },
		{ "training_topic", offsetof(struct demo, topics) },
		{ "village_kind", offsetof(struct demo, vkinds) },
		{ "member_role", offsetof(struct demo, roles) },
		{ "member_affiliation", offsetof(struct demo, affils) },
		{ "activity_kind", offsetof(struct demo, akinds) },
		{ "help_category", offsetof(struct demo, helps) },
		{ "gender", offsetof(struct demo, genders) },
	};
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (paths_join(path, sizeof path, d->e, "%s/assets/demo/%s.txt", d->o->datadir,
		    words[i].file) != 0 ||
		    lines_load(path, (struct lines *)((char *)d + words[i].off), d->e) != 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		struct list *l = (struct list *)((char *)d + lists[i].off);
		if (lists_load(d->o->datadir, lists[i].name, l, d->e) != 0)
			return -1;
		if (l->n == 0)
			return err_set(d->e, ERR_INVALID, _("list %s is empty"), lists[i].name), -1;
	}
	return 0;
}

static void
demo_free(struct demo *d)
{
	struct lines *lines[] = { &d->family, &d->mid_m, &d->mid_f, &d->given_m,
		&d->given_f, &d->villages, &d->places, &d->titles };
	struct list *lists[] = { &d->positions, &d->employment, &d->itq, &d->platforms,
		&d->formats, &d->topics, &d->vkinds, &d->roles, &d->affils, &d->akinds,
		&d->helps, &d->genders };

	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		lines_free(lines[i]);
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
		lists_free(lists[i]);
	for (int k = 0; k < KIND_COUNT; k++)
		record_free(&d->r[k]);
	free(d->staff.v);
	free(d->members.v);
	free(d->district_staff.v);
}

int
demo_build(struct store *s, const struct demo_opts *o, struct demo_counts *n,
    struct err *e)
{
	struct demo d;
	struct demo_units du = { .n = 0, .max = DEMO_MAX_COMMUNES };
	struct unit home;
	const char *code = o->unit != NULL ? o->unit : DEMO_DEFAULT_UNIT;
	int rc = -1;

	memset(&d, 0, sizeof d);
	memset(n, 0, sizeof *n);
	d.s = s;
	d.o = o;
	d.n = n;
	d.e = e;
	d.rng = o->seed ? o->seed : 0x50C0D5ULL;
	d.today = time(NULL) / 86400 * 86400;
	for (int k = 0; k < KIND_COUNT; k++)
		if (record_init(&d.r[k], &record_kinds[k]) != 0) {
			err_set(e, ERR_NOMEM, _("out of memory"));
			goto out;
		}
	if (o->scale < 1 || o->scale > 100000) {
		err_set(e, ERR_USAGE, _("--scale must be between 1 and 100000"));
		goto out;
	}
	if (demo_load_assets(&d) != 0)
		goto out;
	if (store_unit_get(s, code, &home, e) != 0 || demo_home_units(s, &home, &du, e) != 0)
		goto out;
	if (store_home_set(s, home.code, e) != 0)
		goto out;
	d.office = strcmp(home.level, "district") == 0 ? "Phòng Văn hóa và Thông tin" :
	    "Sở Khoa học và Công nghệ";
	/* A province acts as its Sở Khoa học và Công nghệ: its paper says so. */
	if (strcmp(home.level, "province") == 0 && demo_paper(&d, &home) != 0)
		goto out;
	if (store_bulk(s, true, e) != 0)
		goto out;
	for (int i = 0; i < du.n; i++)
		if (demo_commune(&d, &du.u[i]) != 0)
			goto out;
	/* The office's own trainings for the communes' DT staff. */
	if (strcmp(home.level, "commune") != 0) {
		struct idvec none = { 0 };
		demo_unit_begin(&d, &home);
		if (store_begin(s, e) != 0)
			goto out;
		if (demo_staff(&d, home.code, 2, &d.district_staff) != 0 ||
		    demo_trainings(&d, home.code, 4 * o->scale, &d.district_staff, &none) != 0 ||
		    demo_tasks(&d, &home) != 0 ||
		    store_commit(s, e) != 0) {
			store_rollback(s);
			goto out;
		}
	}
	rc = 0;
out:
	if (s != NULL)
		store_bulk(s, false, NULL);
	demo_free(&d);
	return rc == 0 ? 0 : (e->code ? e->code : ERR_FAIL);
}

int
job_demo(struct store *s, const struct demo_opts *o, struct demo_counts *n,
    struct unit *home, struct err *e)
{
	struct unit u;
	struct sign_key key;

	if (home == NULL)
		home = &u;
	if (store_allow(s, STORE_ACT_ADMIN, NULL, e) != 0)
		return e->code;
	store_set_audit(s, false);	/* generated rows: one event, not a million */
	if (units_load(s, o->datadir, e) != 0 || tasks_load(s, o->datadir, e) != 0 ||
	    demo_build(s, o, n, e) != 0 ||
	    store_home_get(s, home, e) != 0 ||
	    store_key_home(s, true, &key, e) != 0 ||	/* the unit's signing key */
	    store_user_add(s, store_os_user(), home->code, "admin", e) != 0 ||
	    store_audit_event(s, "demo", "demo database generated", e) != 0)
		return e->code;
	if (o->progress != NULL)
		o->progress(n->rows, o->arg);
	return 0;
}
