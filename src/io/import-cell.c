/* import-cell: what a cell of a row means — a unit (a code, "code name" or
 * a name), a record named by id or by name (in the row's unit, then the
 * home unit), members present, a value through form_parse. What is not
 * found is reported and its output left empty. */
#include <stdlib.h>
#include <string.h>

#include "import-internal.h"
#include "socds/i18n.h"
#include "socds/store-unit.h"
#include "socds/store-record.h"

/* --- units --- */

#define IMP_UNIT_NAMES 16	/* units of one name looked at */

struct imp_unit_find {
	const char *folded;
	char code[IMP_UNIT_NAMES][8];
	int n;
	struct tbuf key;
};

static int
imp_unit_found(const struct unit *u, void *arg)
{
	struct imp_unit_find *f = arg;

	if (text_fold(u->name, &f->key) != 0)
		return 0;
	if (strcmp(f->key.p, f->folded) == 0 && f->n < IMP_UNIT_NAMES)
		snprintf(f->code[f->n++], sizeof f->code[0], "%s", u->code);
	return 0;
}

/* Whether code is the home unit or below it; reported when not. */
int
imp_unit_within(struct imp *im, const char *code, bool *ok, struct err *e)
{
	struct unit u;
	struct err le = { 0 };
	const char *lb = imp_label(IMP_UNIT);

	*ok = false;
	if (store_unit_get(im->s, code, &u, &le) != 0) {
		if (le.code != ERR_NOTFOUND)
			return imp_fail(&le, e);
		imp_report(im, lb, false, _("%s: there is no unit with code %s"), lb, code);
		return 0;
	}
	if (store_unit_within(im->s, code, im->home.code, ok, e) != 0)
		return e->code;
	if (!*ok)
		imp_report(im, lb, false, _("%s: %s %s is not %s %s or a unit below it"), lb, u.code,
		    u.name, im->home.code, im->home.name);
	return 0;
}

/* A unit named by its name: among the current units of that name, the one
 * in the home unit (names repeat across provinces). */
static int
imp_unit_name(struct imp *im, const char *name, char code[8], struct err *e)
{
	const char *lb = imp_label(IMP_UNIT);
	struct imp_unit_find f = { 0 };
	int within = 0, rc;

	if (text_fold(name, &im->c.list) != 0)
		return imp_nomem(e);
	f.folded = im->c.list.p;
	rc = store_unit_find(im->s, name, NULL, imp_unit_found, &f, e);
	tbuf_free(&f.key);
	if (rc != 0)
		return e->code;
	for (int i = 0; i < f.n; i++) {
		bool in;
		if (store_unit_within(im->s, f.code[i], im->home.code, &in, e) != 0)
			return e->code;
		if (in && within++ == 0)
			memcpy(code, f.code[i], 8);
	}
	if (f.n == 0)
		imp_report(im, lb, false, _("%s: '%s' is not a unit code or name"), lb, name);
	else if (within > 1)
		imp_report(im, lb, false,
		    _("%s: %d units are named '%s'; give the unit code instead"), lb, within, name);
	else if (within == 0)
		imp_report(im, lb, false, _("%s: there is no unit named '%s' in %s %s"), lb, name,
		    im->home.code, im->home.name);
	if (f.n == 0 || within != 1)
		code[0] = '\0';
	return 0;
}

/* The unit a cell names: a code, "code name", or a name; code "" when reported. */
int
imp_unit_cell(struct imp *im, const char *cell, char code[8], struct err *e)
{
	size_t digits;
	bool ok;
	int rc;

	code[0] = '\0';
	if (text_clean(cell, &im->c.cell) != 0)
		return imp_nomem(e);
	if (im->c.unit_code[0] != '\0' && strcmp(im->c.cell.p, im->c.unit_text) == 0) {
		memcpy(code, im->c.unit_code, 8);
		return 0;
	}
	digits = strspn(im->c.cell.p, "0123456789");
	if ((digits == 2 || digits == 3 || digits == 5) &&
	    (im->c.cell.p[digits] == '\0' || im->c.cell.p[digits] == ' ')) {
		memcpy(code, im->c.cell.p, digits);
		code[digits] = '\0';
	} else {
		if ((rc = imp_unit_name(im, im->c.cell.p, code, e)) != 0)
			return rc;
		if (code[0] == '\0')
			return 0;
	}
	if (imp_unit_within(im, code, &ok, e) != 0)
		return e->code;
	if (!ok) {
		code[0] = '\0';
		return 0;
	}
	snprintf(im->c.unit_text, sizeof im->c.unit_text, "%s", im->c.cell.p);
	memcpy(im->c.unit_code, code, 8);
	return 0;
}

/* --- references --- */

/* Reads stored record id of kind k into im->c.stored; *found false when it is not there. */
int
imp_stored(struct imp *im, const struct kind *k, const char *id, bool *found, struct err *e)
{
	struct err le = { 0 };

	*found = false;
	record_free(&im->c.stored);
	if (record_init(&im->c.stored, k) != 0)
		return imp_nomem(e);
	if (store_record_get(im->s, &im->c.stored, id, &le) != 0)
		return le.code == ERR_NOTFOUND ? 0 : imp_fail(&le, e);
	*found = true;
	return 0;
}

/* A reference by id: it must be a live record; id "" when reported. */
static int
imp_resolve_id(struct imp *im, const struct kind *target, const char *lb, char id[UUID_STR_LEN],
    struct err *e)
{
	bool exists, deleted;

	/* Rows name the same team, training... many times in a row; the
	 * import writes only its own kind, so the answer stays true. */
	if (target == im->c.ref_kind && target != im->f.kind && strcmp(id, im->c.ref_id) == 0)
		return 0;
	if (store_record_exists(im->s, target, id, &exists, &deleted, e) != 0)
		return e->code;
	if (!exists || deleted) {
		imp_report(im, lb, false, deleted ? _("%s: record %s has been deleted") :
		    _("%s: there is no record with id %s"), lb, id);
		id[0] = '\0';
		return 0;
	}
	im->c.ref_kind = target;
	memcpy(im->c.ref_id, id, sizeof im->c.ref_id);
	return 0;
}

/* Of the members found (*n), those of team; none in the team: the
 * namesakes as found, so that the form's `within` rule says which team the
 * one found is not of. */
static int
imp_in_team(struct imp *im, const struct kind *target, const char *team, int *n, struct err *e)
{
	int kept = 0;
	bool found;

	for (int i = 0; i < *n && i < IMP_MATCH_MAX; i++) {
		const char *t;
		if (imp_stored(im, target, im->c.ids[i], &found, e) != 0)
			return e->code;
		t = found ? record_get(&im->c.stored, "team_id") : NULL;
		if (t != NULL && strcmp(t, team) == 0)
			memmove(im->c.ids[kept++], im->c.ids[i], UUID_STR_LEN);
	}
	if (kept > 0)
		*n = kept;
	return 0;
}

/*
 * The record a reference names: an id, or a name looked up in the row's
 * unit, then in the home unit. For members present, team narrows the
 * search to that team's members. id "" when reported.
 */
static int
imp_resolve(struct imp *im, const struct form_field *ff, const char *text, const char *team,
    char id[UUID_STR_LEN], struct err *e)
{
	const struct kind *target = record_kind(ff->ref);
	const char *lb = form_label(ff);
	const char *scope = im->row.unit[0] != '\0' ? im->row.unit : im->home.code;
	int n;

	if (target == NULL)
		return err_set(e, ERR_FAIL, "form field without a kind");
	if (imp_uuid(text, id))
		return imp_resolve_id(im, target, lb, id, e);
	id[0] = '\0';
	n = store_record_find_name(im->s, target, scope, text, im->c.ids, IMP_MATCH_MAX, e);
	if (n == 0 && strcmp(scope, im->home.code) != 0)
		n = store_record_find_name(im->s, target, im->home.code, text, im->c.ids,
		    IMP_MATCH_MAX, e);
	if (n < 0)
		return e->code ? e->code : ERR_FAIL;
	if (team != NULL && target == &record_kinds[KIND_MEMBER] &&
	    imp_in_team(im, target, team, &n, e) != 0)
		return e->code;
	if (n == 0)
		imp_report(im, lb, false, _("%s: '%s' not found"), lb, text);
	else if (n > 1)
		imp_report(im, lb, false,
		    _("%s: ambiguous: %d records named '%s'; give the record's id instead"), lb, n,
		    text);
	else
		memcpy(id, im->c.ids[0], UUID_STR_LEN);
	return 0;
}

/* Sets field ff of r from its canonical text v. */
int
imp_set_value(struct record *r, const struct form_field *ff, const char *v, struct err *e)
{
	if (record_set(r, ff->col, v != NULL && *v != '\0' ? v : NULL) != 0)
		return imp_nomem(e);
	return 0;
}

/* A cell through form_parse: set, or reported. */
int
imp_parse(struct imp *im, struct record *r, const struct form_field *ff, const char *cell,
    struct err *e)
{
	struct err le = { 0 };

	if (form_parse(ff, cell, &im->c.val, &le) != 0) {
		if (le.code == ERR_NOMEM)
			return imp_fail(&le, e);
		imp_report(im, form_label(ff), false, "%s", le.msg);
		return 0;
	}
	return imp_set_value(r, ff, im->c.val.p, e);
}

int
imp_ref_cell(struct imp *im, struct record *r, const struct form_field *ff, const char *cell,
    struct err *e)
{
	char id[UUID_STR_LEN];
	int rc;

	if (text_clean(cell, &im->c.cell) != 0 || im->c.cell.len == 0 ||
	    strpbrk(im->c.cell.p, "\n\t") != NULL)
		return imp_parse(im, r, ff, cell, e);	/* the form says what is wrong */
	if ((rc = imp_resolve(im, ff, im->c.cell.p, NULL, id, e)) != 0)
		return rc;
	if (id[0] == '\0')
		return 0;
	return imp_parse(im, r, ff, id, e);
}

/* Trims the blanks around item t. */
static char *
imp_trim(char *t)
{
	char *end = t + strlen(t);

	while (*t == ' ' || *t == '\t' || *t == '\n')
		t++;
	while (end > t && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		*--end = '\0';
	return t;
}

/* The ids of the items of a list into im->c.list, ';' between them. */
static int
imp_refs_ids(struct imp *im, const struct form_field *ff, char *items, const char *seps,
    const char *team, struct err *e)
{
	char id[UUID_STR_LEN], *save = NULL;

	imp_buf_clear(&im->c.list);
	for (char *t = strtok_r(items, seps, &save); t != NULL; t = strtok_r(NULL, seps, &save)) {
		if (*(t = imp_trim(t)) == '\0')
			continue;
		if (imp_resolve(im, ff, t, team, id, e) != 0)
			return e->code;
		if (id[0] == '\0')
			continue;
		if (im->c.list.len > 0 && strstr(im->c.list.p, id) != NULL) {
			imp_report(im, form_label(ff), false, _("%s: '%s' is given twice"),
			    form_label(ff), t);
			continue;
		}
		if ((im->c.list.len > 0 && imp_buf_str(&im->c.list, ";") != 0) ||
		    imp_buf_str(&im->c.list, id) != 0)
			return imp_nomem(e);
	}
	return 0;
}

/* Members present: names (or ids) separated by ';' or ','. */
int
imp_refs_cell(struct imp *im, struct record *r, const struct form_field *ff, const char *cell,
    const char *team, struct err *e)
{
	char id[UUID_STR_LEN], *items, *joined, *save = NULL;
	bool ids_only = true;
	int before = im->row.errors, rc;

	if (text_clean(cell, &im->c.cell) != 0 || im->c.cell.len == 0)
		return imp_parse(im, r, ff, cell, e);
	if ((items = strdup(im->c.cell.p)) == NULL)
		return imp_nomem(e);
	/* Ids may also be separated by spaces, as the form takes them. */
	for (char *t = strtok_r(items, "; ,\t\n", &save); t != NULL;
	    t = strtok_r(NULL, "; ,\t\n", &save))
		if (!imp_uuid(t, id))
			ids_only = false;
	memcpy(items, im->c.cell.p, im->c.cell.len + 1);
	rc = imp_refs_ids(im, ff, items, ids_only ? "; ,\t\n" : ";,", team, e);
	free(items);
	if (rc != 0 || im->row.errors != before)
		return rc;
	/* Sorted and checked as the form keeps them. */
	if ((joined = strdup(im->c.list.p != NULL ? im->c.list.p : "")) == NULL)
		return imp_nomem(e);
	rc = imp_parse(im, r, ff, joined, e);
	free(joined);
	return rc;
}
