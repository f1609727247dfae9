/* job roster: the class list and attendance set (job-roster.h). The set in
 * memory holds only the people ticked or stored; the candidates are read a
 * page at a time. A save goes through the participant form's checks and the
 * store's single-record calls, so rules, versions, audit and packages work
 * as for one record, all in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/job-roster.h"
#include "socds/i18n.h"
#include "socds/store-record.h"

static int
roster_nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, "%s", _("out of memory"));
}

/* A new entry for p (not ticked); NULL out of memory. */
static struct roster_entry *
roster_add(struct roster *r, const struct store_person *p)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;
		struct roster_entry *ne = realloc(r->e, cap * sizeof *ne);
		if (ne == NULL)
			return NULL;
		r->e = ne;
		r->cap = cap;
	}
	struct roster_entry *en = &r->e[r->n++];
	memset(en, 0, sizeof *en);
	en->p = *p;
	en->attended = true;
	return en;
}

struct roster_entry *
roster_entry(struct roster *r, enum kind_id kind, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].p.kind == kind && strcmp(r->e[i].p.id, id) == 0)
			return &r->e[i];
	return NULL;
}

static bool
roster_yes(const char *v)
{
	return v != NULL && strcmp(v, "1") == 0;
}

/* A stored participant into the set, ticked. */
static int
roster_stored(const struct record *rec, void *arg)
{
	struct roster *r = arg;
	const char *staff = record_get(rec, "staff_id"), *member = record_get(rec, "member_id");
	struct store_person p;
	struct roster_entry *en;
	struct err e = { 0 };
	bool is_staff = staff != NULL && *staff != '\0';

	if (store_roster_person(r->store, is_staff ? KIND_STAFF : KIND_MEMBER,
	    is_staff ? staff : member != NULL ? member : "", &p, &e) != 0)
		return 0;	/* a participation without its person: not shown */
	if ((en = roster_add(r, &p)) == NULL)
		return ERR_NOMEM;
	en->ticked = true;
	snprintf(en->part_id, sizeof en->part_id, "%s", rec->id);
	en->version = rec->version;
	en->attended = en->was_attended = roster_yes(record_get(rec, "attended"));
	en->certificate = en->was_certificate = roster_yes(record_get(rec, "certificate"));
	return 0;
}

/* The set as stored (the class list's participants). */
static int
roster_reload(struct roster *r, struct err *e)
{
	int rc;

	r->n = 0;
	rc = store_roster_participants(r->store, r->training_id, roster_stored, r, e);
	if (rc == ERR_NOMEM)
		return roster_nomem(e);
	return rc;
}

static int
roster_open(struct roster *r, struct store *s, const struct kind *k, const char *id,
    struct err *e)
{
	bool found = false;

	memset(r, 0, sizeof *r);
	r->store = s;
	if (store_record_owner(s, k, id, r->unit, &found, e) != 0)
		return e->code;
	if (!found)
		return err_set(e, ERR_NOTFOUND, _("%s %s: no such record"), k->name, id);
	r->q.within = r->unit;
	return 0;
}

int
roster_class(struct roster *r, struct store *s, const struct form *participant,
    const char *training_id, struct err *e)
{
	if (roster_open(r, s, &record_kinds[KIND_TRAINING], training_id, e) != 0)
		return e->code;
	r->mode = ROSTER_CLASS;
	r->form = participant;
	snprintf(r->training_id, sizeof r->training_id, "%s", training_id);
	return roster_reload(r, e);
}

int
roster_attendance(struct roster *r, struct store *s, const char *team_id, const char *present,
    struct err *e)
{
	if (roster_open(r, s, &record_kinds[KIND_TEAM], team_id, e) != 0)
		return e->code;
	r->mode = ROSTER_ATTENDANCE;
	snprintf(r->team_id, sizeof r->team_id, "%s", team_id);
	r->q.team_id = r->team_id;
	for (const char *p = present != NULL ? present : ""; *p;) {
		char id[UUID_STR_LEN];
		size_t len = strcspn(p, ";");
		struct store_person sp;
		struct err e2 = { 0 };
		snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : 0), p);
		if (id[0] != '\0' && store_roster_person(s, KIND_MEMBER, id, &sp, &e2) == 0 &&
		    roster_tick(r, &sp, true) != 0)
			return roster_nomem(e);
		p += len;
		p += *p == ';';
	}
	return 0;
}

void
roster_free(struct roster *r)
{
	free(r->e);
	tbuf_free(&r->folded);
	memset(r, 0, sizeof *r);
}

int
roster_filter(struct roster *r, const char *text, struct err *e)
{
	memset(r->q.words, 0, sizeof r->q.words);
	if (text_fold(text != NULL ? text : "", &r->folded) != 0)
		return err_set(e, ERR_INVALID, "%s", _("the search is not valid UTF-8"));
	/* The folded text has single spaces between words: cut it there. */
	char *p = r->folded.len > 0 ? r->folded.p : NULL;
	for (int i = 0; p != NULL && *p && i < STORE_ROSTER_WORDS; i++) {
		r->q.words[i] = p;
		if ((p = strchr(p, ' ')) != NULL)
			*p++ = '\0';
	}
	return 0;
}

int
roster_count(struct roster *r, int64_t *n, struct err *e)
{
	return store_roster_count(r->store, &r->q, n, e);
}

struct roster_page_arg {
	struct store_person *out;
	int max, n;
};

static int
roster_page_row(const struct store_person *p, void *arg)
{
	struct roster_page_arg *pa = arg;

	if (pa->n < pa->max)
		pa->out[pa->n++] = *p;
	return 0;
}

int
roster_page(struct roster *r, int64_t offset, struct store_person *out, int max,
    struct err *e)
{
	struct roster_page_arg pa = { out, max, 0 };

	if (store_roster_page(r->store, &r->q, offset, max, roster_page_row, &pa, e) < 0)
		return -1;
	return pa.n;
}

int
roster_tick(struct roster *r, const struct store_person *p, bool on)
{
	struct roster_entry *en = roster_entry(r, p->kind, p->id);

	if (en == NULL && !on)
		return 0;
	if (en == NULL && (en = roster_add(r, p)) == NULL)
		return -1;
	en->ticked = on;
	return 0;
}

struct roster_all {
	struct roster *r;
	int64_t added;
	bool nomem;
};

static int
roster_tick_row(const struct store_person *p, void *arg)
{
	struct roster_all *ra = arg;
	struct roster_entry *en = roster_entry(ra->r, p->kind, p->id);

	if (en != NULL && en->ticked)
		return 0;
	if (roster_tick(ra->r, p, true) != 0) {
		ra->nomem = true;
		return 1;
	}
	ra->added++;
	return 0;
}

int
roster_tick_shown(struct roster *r, int64_t *added, struct err *e)
{
	struct roster_all ra = { r, 0, false };
	int n;

	/* A page at a time: only the set grows. */
	for (int64_t off = 0;; off += 200) {
		if ((n = store_roster_page(r->store, &r->q, off, 200, roster_tick_row, &ra, e)) < 0)
			return e->code;
		if (ra.nomem)
			return roster_nomem(e);
		if (n < 200)
			break;
	}
	*added = ra.added;
	return 0;
}

size_t
roster_ticked(const struct roster *r)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->e[i].ticked;
	return n;
}

void
roster_changes(const struct roster *r, int *add, int *remove, int *change)
{
	*add = *remove = *change = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct roster_entry *en = &r->e[i];
		bool stored = en->part_id[0] != '\0';
		if (en->ticked && !stored)
			(*add)++;
		else if (!en->ticked && stored)
			(*remove)++;
		else if (en->ticked && r->mode == ROSTER_CLASS &&
		    (en->attended != en->was_attended || en->certificate != en->was_certificate))
			(*change)++;
	}
}

/* The participant of en as it should be stored, through the form's checks. */
static int
roster_record(struct roster *r, const struct roster_entry *en, struct record *rec,
    struct err *e)
{
	size_t bad = 0;

	if (en->part_id[0] == '\0') {
		snprintf(rec->unit_code, sizeof rec->unit_code, "%s", r->unit);
		if (record_set_by_name(rec, "training_id", r->training_id) != 0 ||
		    record_set_by_name(rec, en->p.kind == KIND_STAFF ? "staff_id" : "member_id",
		    en->p.id) != 0)
			return roster_nomem(e);
	} else if (store_record_get(r->store, rec, en->part_id, e) != 0)
		return e->code;
	else if (rec->version != en->version)
		return err_set(e, ERR_CONFLICT, "%s", _("someone else changed it meanwhile"));
	if (record_set_by_name(rec, "attended", en->attended ? "1" : "0") != 0 ||
	    record_set_by_name(rec, "certificate", en->certificate ? "1" : "0") != 0)
		return roster_nomem(e);
	if (r->form != NULL && (form_check_record(r->form, rec, &bad, e) != 0 ||
	    form_check_rules(r->form, rec, &bad, e) != 0 ||
	    form_check_stored(r->store, r->form, rec, INT64_MAX, &bad, e) != 0))
		return e->code;
	return 0;
}

/* Writes one entry's change, if it has one. */
static int
roster_save_one(struct roster *r, const struct roster_entry *en, struct err *e)
{
	const struct kind *k = &record_kinds[KIND_PARTICIPANT];
	bool stored = en->part_id[0] != '\0';
	struct record rec;
	int rc;

	if (!en->ticked)
		return stored ? store_record_delete(r->store, k, en->part_id, en->version, e) : 0;
	if (stored && en->attended == en->was_attended && en->certificate == en->was_certificate)
		return 0;
	if (record_init(&rec, k) != 0)
		return roster_nomem(e);
	if ((rc = roster_record(r, en, &rec, e)) == 0)
		rc = stored ? store_record_update(r->store, &rec, e) :
		    store_record_insert(r->store, &rec, e);
	record_free(&rec);
	return rc;
}

int
roster_save(struct roster *r, struct err *e)
{
	if (r->mode != ROSTER_CLASS)
		return err_set(e, ERR_INVALID, "%s", _("an attendance sheet is saved by its form"));
	if (store_begin(r->store, e) != 0)
		return e->code;
	/* Removals first: the rules then see the class as it will be. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n; i++) {
			const struct roster_entry *en = &r->e[i];
			if ((pass == 0) == en->ticked)
				continue;
			if (roster_save_one(r, en, e) != 0) {
				err_prefix(e, "%s", en->p.name);
				store_rollback(r->store);
				return e->code;
			}
		}
	if (store_commit(r->store, e) != 0) {
		store_rollback(r->store);
		return e->code;
	}
	return roster_reload(r, e);
}

int
roster_present(const struct roster *r, struct tbuf *out, struct err *e)
{
	out->len = 0;
	if (tbuf_append(out, "", 0) != 0)
		return roster_nomem(e);
	for (size_t i = 0; i < r->n; i++) {
		if (!r->e[i].ticked)
			continue;
		if ((out->len > 0 && tbuf_append(out, ";", 1) != 0) ||
		    tbuf_append(out, r->e[i].p.id, strlen(r->e[i].p.id)) != 0)
			return roster_nomem(e);
	}
	return 0;
}
