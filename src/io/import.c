/* import: CSV rows into records. One pass over the file, never the whole
 * file in memory, inside one write transaction: each row is checked with
 * the forms' rules, every problem reported, and a good row inserted at once
 * while inserting is still wanted (all rows good, or --skip-invalid). When
 * the file may not be imported the transaction is rolled back: all or
 * nothing. Checks against the database look only at rows from before the
 * import (its mark), so a row never meets the file's own earlier rows there;
 * the file's rows among themselves are compared in memory. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/encoding.h"
#include "socds/i18n.h"
#include "socds/import.h"
#include "socds/os.h"
#include "socds/safefile.h"
#include "socds/store-admin.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"
#include "socds/uuid.h"

#define IMP_MATCH_MAX	64	/* records one name may match that are looked at */
#define IMP_LIST_MAX	20	/* labels named when a column is unknown */

/* What a column of the file holds. */
enum imp_what {
	IMP_FIELD,	/* a field of the form */
	IMP_ID, IMP_UNIT, IMP_CREATED, IMP_UPDATED, IMP_VERSION, IMP_DELETED,
	IMP_IGNORE,	/* a row number (STT) */
	IMP_BLANK,	/* no header: its cells must be empty */
};

/* The record columns every kind has, and the names a header may give them. */
struct imp_common {
	int what;
	const char *name;
	const char *vi, *en;
	const char *alias[3];
};

static const struct imp_common imp_commons[] = {
	{ IMP_ID, "id", "Mã bản ghi", "Record id", { "uuid", NULL, NULL } },
	{ IMP_UNIT, "unit_code", "Mã đơn vị", "Unit code", { "Đơn vị", "Unit", NULL } },
	{ IMP_CREATED, "created_at", "Ngày tạo", "Created at", { NULL, NULL, NULL } },
	{ IMP_UPDATED, "updated_at", "Ngày cập nhật", "Updated at", { NULL, NULL, NULL } },
	{ IMP_VERSION, "version", "Phiên bản", "Version", { NULL, NULL, NULL } },
	{ IMP_DELETED, "deleted", "Đã xóa", "Deleted", { NULL, NULL, NULL } },
	{ IMP_IGNORE, "stt", "Số thứ tự", "No.", { "TT", NULL, NULL } },
};
#define IMP_NCOMMON (sizeof imp_commons / sizeof imp_commons[0])
/* A record column's place in imp_commons and im->col_of: the table is in
 * the order of enum imp_what. */
#define IMP_C(what) ((what) - IMP_ID)

struct imp_col {
	int what;
	const struct form_field *ff;	/* IMP_FIELD */
	const struct imp_common *common;	/* the others */
};


struct imp {
	struct store *s;
	const struct form *form;
	const struct kind *kind;
	const struct import_opts *o;
	struct import_result *res;
	const char *path;
	struct unit home;
	const char *force_unit;	/* --unit, checked */
	struct imp_col *cols;
	size_t ncols;
	int col_of[IMP_NCOMMON];	/* column of each record column, or -1 */
	int *field_col;		/* column of each form field, or -1 */
	int64_t mark;		/* rows of the kind up to this rowid were there before */
	struct err fatal;	/* what stops the import */

	/* The row at hand. */
	struct csv *csv;
	long line;
	int errors;		/* its problems */
	char unit[8];		/* its unit when the file or --unit says, else "" */
	struct tbuf val, cell, fold, list, reasons;
	struct record stored;	/* a stored record looked at */
	char ids[IMP_MATCH_MAX][UUID_STR_LEN];

	/* Over the file. */
	struct form_seen seen_ids, people;	/* ids and people of the file, with their lines */
	struct form_seen seen;	/* the form's `unique` rules over the file's rows */
	char unit_text[160], unit_code[8];	/* the last unit cell resolved */
	char parent_id[UUID_STR_LEN], parent_unit[8];	/* the last parent looked at */
	const struct kind *ref_kind;	/* the last record referred to by id, live */
	char ref_id[UUID_STR_LEN];
	struct safefile rej;
	bool rej_open;
};

/* --- small helpers --- */

static int
imp_buf_str(struct tbuf *b, const char *s)
{
	return tbuf_append(b, s, strlen(s));
}

static void
imp_buf_clear(struct tbuf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

static int
imp_nomem(struct imp *im)
{
	if (im->fatal.code == 0)
		err_set(&im->fatal, ERR_NOMEM, _("out of memory"));
	return -1;
}

/* Keeps a store failure as the reason the import stops. */
static int
imp_fail(struct imp *im, const struct err *e)
{
	if (im->fatal.code == 0)
		err_set(&im->fatal, e->code ? e->code : ERR_FAIL, "%s", e->msg);
	return -1;
}

static bool
imp_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

/* Copies a UUID given in any case into id, lower case; false when s is not one. */
static bool
imp_uuid(const char *s, char id[UUID_STR_LEN])
{
	size_t len = strlen(s);

	if (len != UUID_STR_LEN - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		id[i] = s[i] >= 'A' && s[i] <= 'F' ? (char)(s[i] - 'A' + 'a') : s[i];
	id[len] = '\0';
	return uuid_valid(id);
}

static int
imp_fold_eq(struct imp *im, const char *a_folded, const char *b)
{
	if (b == NULL || *b == '\0')
		return 0;
	if (text_fold(b, &im->fold) != 0)
		return -1;
	return strcmp(a_folded, im->fold.p) == 0;
}

static const char *
imp_common_label(const struct imp_common *c)
{
	return i18n_pick(c->vi, c->en);
}

/* --- a set of strings --- */

/* --- problems --- */

/* One problem of the row at hand (or of the header). */
static void imp_report(struct imp *im, const char *field, bool warning, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
imp_report(struct imp *im, const char *field, bool warning, const char *fmt, ...)
{
	struct import_problem p;
	char msg[2048];		/* room for a form's labels, listed */
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof msg)	/* cut between characters, never inside one */
		err_utf8_cut(msg);
	if (!warning) {
		im->errors++;
		im->res->problems++;
		if ((im->reasons.len > 0 && imp_buf_str(&im->reasons, "; ") != 0) ||
		    imp_buf_str(&im->reasons, msg) != 0)
			imp_nomem(im);
	}
	if (im->o->problem != NULL) {
		p.file = im->path;
		p.line = im->line;
		p.field = field;
		p.msg = msg;
		p.warning = warning;
		im->o->problem(&p, im->o->arg);
	}
}

/* --- the header --- */

/* Appends the names a column may have, for the message about an unknown one. */
static int
imp_known_names(struct imp *im, struct tbuf *b)
{
	size_t n = 0;

	imp_buf_clear(b);
	for (size_t i = 0; i < im->form->n && n < IMP_LIST_MAX; i++, n++)
		if ((b->len > 0 && imp_buf_str(b, ", ") != 0) ||
		    imp_buf_str(b, form_label(&im->form->fields[i])) != 0)
			return -1;
	for (size_t i = 0; i < IMP_NCOMMON - 1; i++)	/* row numbers go unsaid */
		if (imp_buf_str(b, ", ") != 0 || imp_buf_str(b, imp_common_label(&imp_commons[i])) != 0)
			return -1;
	return 0;
}

/* What header text h (folded) names: sets *col; returns how many things it
 * names, or -1 out of memory. */
static int
imp_header_match(struct imp *im, const char *h, struct imp_col *col)
{
	int n = 0, eq;

	for (size_t i = 0; i < im->form->n; i++) {
		const struct form_field *ff = &im->form->fields[i];
		const char *names[3] = { ff->name, ff->label_vi, ff->label_en };
		for (size_t k = 0; k < 3; k++) {
			if ((eq = imp_fold_eq(im, h, names[k])) < 0)
				return -1;
			if (eq) {
				if (n == 0 || col->ff != ff)
					n++;
				col->what = IMP_FIELD;
				col->ff = ff;
				break;
			}
		}
	}
	for (size_t i = 0; i < IMP_NCOMMON; i++) {
		const struct imp_common *c = &imp_commons[i];
		const char *names[6] = { c->name, c->vi, c->en, c->alias[0], c->alias[1],
			c->alias[2] };
		for (size_t k = 0; k < 6; k++) {
			if ((eq = imp_fold_eq(im, h, names[k])) < 0)
				return -1;
			if (eq) {
				n++;
				col->what = c->what;
				col->common = c;
				col->ff = NULL;
				break;
			}
		}
	}
	return n;
}

/* Maps the header's columns; reports every problem. Returns the number of
 * problems, or -1 on a fatal error. */
static int
imp_header(struct imp *im)
{
	struct csv *c = im->csv;
	size_t n = csv_nfields(c);
	struct tbuf names = { 0 };
	bool any = false;
	int problems = 0;

	im->line = csv_line(c);
	if ((im->cols = calloc(n + 1, sizeof *im->cols)) == NULL ||
	    (im->field_col = malloc((im->form->n + 1) * sizeof *im->field_col)) == NULL)
		return imp_nomem(im);
	im->ncols = n;
	for (size_t i = 0; i < im->form->n; i++)
		im->field_col[i] = -1;
	for (size_t i = 0; i < IMP_NCOMMON; i++)
		im->col_of[i] = -1;
	for (size_t j = 0; j < n; j++) {
		struct imp_col *col = &im->cols[j];
		int m, prev = -1;

		if (text_clean(csv_field(c, j), &im->cell) != 0 || text_fold(im->cell.p, &im->list) != 0) {
			imp_report(im, NULL, false, _("column %zu: the header is not valid text"), j + 1);
			problems++;
			col->what = IMP_BLANK;
			continue;
		}
		if (im->list.len == 0) {
			col->what = IMP_BLANK;
			continue;
		}
		any = true;
		if ((m = imp_header_match(im, im->list.p, col)) < 0)
			return imp_nomem(im);
		if (m == 0) {
			if (imp_known_names(im, &names) != 0)
				return imp_nomem(im);
			imp_report(im, NULL, false,
			    _("column %zu '%s' is not a field of this form; the columns may be: %s"),
			    j + 1, im->cell.p, names.p);
			tbuf_free(&names);
			problems++;
			col->what = IMP_BLANK;
			continue;
		}
		if (m > 1) {
			imp_report(im, NULL, false, _("column %zu '%s' names more than one field"),
			    j + 1, im->cell.p);
			problems++;
			col->what = IMP_BLANK;
			continue;
		}
		if (col->what == IMP_FIELD) {
			size_t fi = (size_t)(col->ff - im->form->fields);
			prev = im->field_col[fi];
			if (prev < 0)
				im->field_col[fi] = (int)j;
		} else if (col->what != IMP_IGNORE) {
			size_t ci = (size_t)(col->common - imp_commons);
			prev = im->col_of[ci];
			if (prev < 0)
				im->col_of[ci] = (int)j;
		}
		if (prev >= 0) {
			imp_report(im, NULL, false, _("column %zu '%s' is the same field as column %d"),
			    j + 1, im->cell.p, prev + 1);
			problems++;
			col->what = IMP_BLANK;
		}
	}
	tbuf_free(&names);
	if (!any) {
		imp_report(im, NULL, false,
		    _("the first row must be the header (the column names), but it is empty"));
		return problems + 1;
	}
	for (size_t i = 0; i < im->form->n; i++) {
		const struct form_field *ff = &im->form->fields[i];
		if (ff->required && im->field_col[i] < 0 && ff->def == NULL) {
			imp_report(im, form_label(ff), false,
			    _("%s: required, but the file has no column for it"), form_label(ff));
			problems++;
		}
	}
	return problems;
}

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

/* Whether code is the home unit or below it; reports when not. 1 yes,
 * 0 reported, -1 fatal. */
static int
imp_unit_within(struct imp *im, const char *code)
{
	struct unit u;
	struct err e = { 0 };
	bool within;
	const char *lb = imp_common_label(&imp_commons[IMP_C(IMP_UNIT)]);

	if (store_unit_get(im->s, code, &u, &e) != 0) {
		if (e.code != ERR_NOTFOUND)
			return imp_fail(im, &e);
		imp_report(im, lb, false, _("%s: there is no unit with code %s"), lb, code);
		return 0;
	}
	if (store_unit_within(im->s, code, im->home.code, &within, &e) != 0)
		return imp_fail(im, &e);
	if (!within) {
		imp_report(im, lb, false, _("%s: %s %s is not %s %s or a unit below it"), lb, u.code,
		    u.name, im->home.code, im->home.name);
		return 0;
	}
	return 1;
}

/* The unit a cell names: a code, "code name", or a name. 1 with code set,
 * 0 reported, -1 fatal. */
static int
imp_unit_cell(struct imp *im, const char *cell, char code[8])
{
	const char *lb = imp_common_label(&imp_commons[IMP_C(IMP_UNIT)]);
	size_t digits;
	int rc;

	if (text_clean(cell, &im->cell) != 0)
		return imp_nomem(im);
	if (im->unit_code[0] != '\0' && strcmp(im->cell.p, im->unit_text) == 0) {
		memcpy(code, im->unit_code, 8);
		return 1;
	}
	digits = strspn(im->cell.p, "0123456789");
	if ((digits == 2 || digits == 3 || digits == 5) &&
	    (im->cell.p[digits] == '\0' || im->cell.p[digits] == ' ')) {
		memcpy(code, im->cell.p, digits);
		code[digits] = '\0';
	} else {
		/* A name: among the current units of that name, the one in
		 * the home unit (names repeat across provinces). */
		struct imp_unit_find f = { 0 };
		struct err e = { 0 };
		int within = 0;
		if (text_fold(im->cell.p, &im->list) != 0)
			return imp_nomem(im);
		f.folded = im->list.p;
		rc = store_unit_find(im->s, im->cell.p, NULL, imp_unit_found, &f, &e);
		tbuf_free(&f.key);
		if (rc != 0)
			return imp_fail(im, &e);
		for (int i = 0; i < f.n; i++) {
			bool in;
			if (store_unit_within(im->s, f.code[i], im->home.code, &in, &e) != 0)
				return imp_fail(im, &e);
			if (in && within++ == 0)
				memcpy(code, f.code[i], 8);
		}
		if (f.n == 0) {
			imp_report(im, lb, false, _("%s: '%s' is not a unit code or name"), lb,
			    im->cell.p);
			return 0;
		}
		if (within > 1) {
			imp_report(im, lb, false,
			    _("%s: %d units are named '%s'; give the unit code instead"), lb, within,
			    im->cell.p);
			return 0;
		}
		if (within == 0) {
			imp_report(im, lb, false, _("%s: there is no unit named '%s' in %s %s"), lb,
			    im->cell.p, im->home.code, im->home.name);
			return 0;
		}
	}
	if ((rc = imp_unit_within(im, code)) <= 0)
		return rc;
	snprintf(im->unit_text, sizeof im->unit_text, "%s", im->cell.p);
	memcpy(im->unit_code, code, 8);
	return 1;
}

/* --- references --- */

/* Reads stored record id of kind k into im->stored; 1, 0 when it is not
 * there, -1 fatal. */
static int
imp_stored(struct imp *im, const struct kind *k, const char *id)
{
	struct err e = { 0 };

	record_free(&im->stored);
	if (record_init(&im->stored, k) != 0)
		return imp_nomem(im);
	if (store_record_get(im->s, &im->stored, id, &e) != 0)
		return e.code == ERR_NOTFOUND ? 0 : imp_fail(im, &e);
	return 1;
}

/*
 * The record a reference names: an id, or a name looked up in the row's
 * unit, then in the home unit. For members present, team narrows the
 * search to that team's members. 1 with id set, 0 reported, -1 fatal.
 */
static int
imp_resolve(struct imp *im, const struct form_field *ff, const char *text, const char *team,
    char id[UUID_STR_LEN])
{
	const struct kind *target = record_kind(ff->ref);
	const char *lb = form_label(ff);
	const char *scope = im->unit[0] != '\0' ? im->unit : im->home.code;
	struct err e = { 0 };
	int n, kept = 0;

	if (target == NULL)
		return imp_fail(im, &(struct err){ ERR_FAIL, "form field without a kind" });
	if (imp_uuid(text, id)) {
		bool exists, deleted;
		/* Rows name the same team, training... many times in a row; the
		 * import writes only its own kind, so the answer stays true. */
		if (target == im->ref_kind && target != im->kind && strcmp(id, im->ref_id) == 0)
			return 1;
		if (store_record_exists(im->s, target, id, &exists, &deleted, &e) != 0)
			return imp_fail(im, &e);
		if (!exists || deleted) {
			imp_report(im, lb, false, deleted ? _("%s: record %s has been deleted") :
			    _("%s: there is no record with id %s"), lb, id);
			return 0;
		}
		im->ref_kind = target;
		memcpy(im->ref_id, id, sizeof im->ref_id);
		return 1;
	}
	n = store_record_find_name(im->s, target, scope, text, im->ids, IMP_MATCH_MAX, &e);
	if (n == 0 && strcmp(scope, im->home.code) != 0)
		n = store_record_find_name(im->s, target, im->home.code, text, im->ids,
		    IMP_MATCH_MAX, &e);
	if (n < 0)
		return imp_fail(im, &e);
	if (team != NULL && target == &record_kinds[KIND_MEMBER]) {
		for (int i = 0; i < n && i < IMP_MATCH_MAX; i++) {
			int rc = imp_stored(im, target, im->ids[i]);
			const char *t;
			if (rc < 0)
				return -1;
			t = rc ? record_get(&im->stored, "team_id") : NULL;
			if (t != NULL && strcmp(t, team) == 0)
				memmove(im->ids[kept++], im->ids[i], UUID_STR_LEN);
		}
		/* None in the team: the namesakes as found, so that the form's
		 * `within` rule says which team the one found is not of. */
		if (kept > 0)
			n = kept;
	}
	if (n == 0) {
		imp_report(im, lb, false, _("%s: '%s' not found"), lb, text);
		return 0;
	}
	if (n > 1) {
		imp_report(im, lb, false,
		    _("%s: ambiguous: %d records named '%s'; give the record's id instead"), lb, n,
		    text);
		return 0;
	}
	memcpy(id, im->ids[0], UUID_STR_LEN);
	return 1;
}

/* Sets field ff of r from its canonical text v. */
static int
imp_set_value(struct imp *im, struct record *r, const struct form_field *ff, const char *v)
{
	if (record_set(r, ff->col, v != NULL && *v != '\0' ? v : NULL) != 0)
		return imp_nomem(im);
	return 0;
}

/* A cell through form_parse: 0 (reported or set), -1 fatal. */
static int
imp_parse(struct imp *im, struct record *r, const struct form_field *ff, const char *cell)
{
	struct err e = { 0 };

	if (form_parse(ff, cell, &im->val, &e) != 0) {
		if (e.code == ERR_NOMEM)
			return imp_fail(im, &e);
		imp_report(im, form_label(ff), false, "%s", e.msg);
		return 0;
	}
	return imp_set_value(im, r, ff, im->val.p);
}

static int
imp_ref_cell(struct imp *im, struct record *r, const struct form_field *ff, const char *cell)
{
	char id[UUID_STR_LEN];
	int rc;

	if (text_clean(cell, &im->cell) != 0 || im->cell.len == 0 ||
	    strpbrk(im->cell.p, "\n\t") != NULL)
		return imp_parse(im, r, ff, cell);	/* the form says what is wrong */
	if ((rc = imp_resolve(im, ff, im->cell.p, NULL, id)) <= 0)
		return rc;
	return imp_parse(im, r, ff, id);
}

/* Members present: names (or ids) separated by ';' or ','. */
static int
imp_refs_cell(struct imp *im, struct record *r, const struct form_field *ff, const char *cell,
    const char *team)
{
	char id[UUID_STR_LEN], *items, *save = NULL;
	const char *seps = ";,";
	bool ids_only = true;
	int before = im->errors, rc = 0;

	if (text_clean(cell, &im->cell) != 0 || im->cell.len == 0)
		return imp_parse(im, r, ff, cell);
	if ((items = strdup(im->cell.p)) == NULL)
		return imp_nomem(im);
	/* Ids may also be separated by spaces, as the form takes them. */
	for (char *t = strtok_r(items, "; ,\t\n", &save); t != NULL;
	    t = strtok_r(NULL, "; ,\t\n", &save))
		if (!imp_uuid(t, id))
			ids_only = false;
	if (ids_only)
		seps = "; ,\t\n";
	memcpy(items, im->cell.p, im->cell.len + 1);
	imp_buf_clear(&im->list);
	for (char *t = strtok_r(items, seps, &save); t != NULL; t = strtok_r(NULL, seps, &save)) {
		char *end = t + strlen(t);
		while (*t == ' ' || *t == '\t' || *t == '\n')
			t++;
		while (end > t && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
			*--end = '\0';
		if (*t == '\0')
			continue;
		if ((rc = imp_resolve(im, ff, t, team, id)) < 0)
			goto out;
		if (rc == 0)
			continue;
		if (im->list.len > 0 && strstr(im->list.p, id) != NULL) {
			imp_report(im, form_label(ff), false, _("%s: '%s' is given twice"),
			    form_label(ff), t);
			continue;
		}
		if ((im->list.len > 0 && imp_buf_str(&im->list, ";") != 0) ||
		    imp_buf_str(&im->list, id) != 0) {
			rc = imp_nomem(im);
			goto out;
		}
	}
	rc = 0;
	if (im->errors == before) {
		/* Sorted and checked as the form keeps them. */
		char *joined = strdup(im->list.p != NULL ? im->list.p : "");
		if (joined == NULL) {
			rc = imp_nomem(im);
			goto out;
		}
		rc = imp_parse(im, r, ff, joined);
		free(joined);
	}
out:
	free(items);
	return rc;
}

/* --- record columns --- */

/* yyyy-mm-ddThh:mm:ssZ, as the store writes times. */
static bool
imp_is_time(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	int mo, d, h, mi, se;

	if (strlen(s) != sizeof pat - 1)
		return false;
	for (size_t i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return false;
	mo = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	h = (s[11] - '0') * 10 + (s[12] - '0');
	mi = (s[14] - '0') * 10 + (s[15] - '0');
	se = (s[17] - '0') * 10 + (s[18] - '0');
	return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && se < 61;
}

/* id, unit, times, version and tombstone flag of the row. 0, or -1 fatal. */
static int
imp_common_cols(struct imp *im, struct record *r)
{
	struct csv *c = im->csv;
	struct err e = { 0 };
	int col, rc;

	/* The unit first: names are looked up in it. */
	if ((col = im->col_of[IMP_C(IMP_UNIT)]) >= 0 && !imp_blank(csv_field(c, (size_t)col))) {
		char code[8];
		if ((rc = imp_unit_cell(im, csv_field(c, (size_t)col), code)) < 0)
			return -1;
		if (rc > 0 && im->force_unit != NULL && strcmp(code, im->force_unit) != 0) {
			const char *lb = imp_common_label(&imp_commons[IMP_C(IMP_UNIT)]);
			imp_report(im, lb, false, _("%s: %s differs from --unit %s"), lb, code,
			    im->force_unit);
		} else if (rc > 0)
			memcpy(im->unit, code, sizeof im->unit);
	}
	if (im->force_unit != NULL)
		snprintf(im->unit, sizeof im->unit, "%s", im->force_unit);

	if ((col = im->col_of[IMP_C(IMP_ID)]) >= 0) {
		char id[UUID_STR_LEN];
		const char *lb = imp_common_label(&imp_commons[IMP_C(IMP_ID)]);
		if (text_clean(csv_field(c, (size_t)col), &im->cell) != 0)
			return imp_nomem(im);
		/* An id from elsewhere that is not ours: the record gets a new one. */
		if (imp_uuid(im->cell.p, id)) {
			bool exists;
			long prev;
			memcpy(r->id, id, sizeof r->id);
			if ((rc = form_seen_put(&im->seen_ids, id, im->line, &prev)) != 0) {
				if (rc < 0)
					return imp_nomem(im);
				imp_report(im, lb, false, _("%s: %s is also the id on line %ld"), lb, id,
				    prev);
			}
			if (store_import_exists(im->s, im->kind, id, im->mark, &exists, &e) != 0)
				return imp_fail(im, &e);
			if (exists)
				imp_report(im, lb, false,
				    _("%s: a record with id %s already exists; import does not change"
				    " records"), lb, id);
		}
	}
	for (int k = IMP_C(IMP_CREATED); k <= IMP_C(IMP_UPDATED); k++) {
		char *dst = k == IMP_C(IMP_CREATED) ? r->created_at : r->updated_at;
		const char *lb = imp_common_label(&imp_commons[k]);
		if ((col = im->col_of[k]) < 0)
			continue;
		if (text_clean(csv_field(c, (size_t)col), &im->cell) != 0)
			return imp_nomem(im);
		if (im->cell.len == 0)
			continue;
		if (!imp_is_time(im->cell.p))
			imp_report(im, lb, false,
			    _("%s: '%s' is not a time written as 2026-03-05T08:30:00Z"), lb,
			    im->cell.p);
		else
			memcpy(dst, im->cell.p, im->cell.len + 1);	/* imp_is_time: 20 bytes */
	}
	/* Version and tombstone flag follow the forms' rules for numbers and
	 * yes/no, through fields made for them. */
	if ((col = im->col_of[IMP_C(IMP_VERSION)]) >= 0) {
		struct form_field ff = { 0 };
		ff.type = FIELD_INT;
		ff.label_vi = (char *)imp_commons[IMP_C(IMP_VERSION)].vi;
		ff.label_en = (char *)imp_commons[IMP_C(IMP_VERSION)].en;
		ff.has_min = true;
		ff.min = 1;
		if (form_parse(&ff, csv_field(c, (size_t)col), &im->val, &e) != 0)
			imp_report(im, imp_common_label(&imp_commons[IMP_C(IMP_VERSION)]), false, "%s",
			    e.msg);
		else if (im->val.len > 0)
			r->version = strtoll(im->val.p, NULL, 10);
	}
	if ((col = im->col_of[IMP_C(IMP_DELETED)]) >= 0) {
		struct form_field ff = { 0 };
		ff.type = FIELD_BOOL;
		ff.label_vi = (char *)imp_commons[IMP_C(IMP_DELETED)].vi;
		ff.label_en = (char *)imp_commons[IMP_C(IMP_DELETED)].en;
		if (form_parse(&ff, csv_field(c, (size_t)col), &im->val, &e) != 0)
			imp_report(im, imp_common_label(&imp_commons[IMP_C(IMP_DELETED)]), false, "%s",
			    e.msg);
		else
			r->deleted = im->val.len > 0 && im->val.p[0] == '1';
	}
	return 0;
}

/* The unit of the record r belongs to (a member's team, a participant's
 * training), or "" when it has none. */
static int
imp_parent_unit(struct imp *im, const struct record *r, char unit[8])
{
	const struct kind *k = r->kind;
	int col = k->parent_col != NULL ? record_col_index(k, k->parent_col) : -1;
	/* A parent that is not a record (a task progress's task code) has no unit. */
	const char *pid = col >= 0 && k->cols[col].ref != NULL ? r->val[col] : NULL;
	int rc;

	unit[0] = '\0';
	if (pid == NULL)
		return 0;
	if (strcmp(pid, im->parent_id) != 0) {
		if ((rc = imp_stored(im, record_kind(k->cols[col].ref), pid)) < 0)
			return -1;
		snprintf(im->parent_id, sizeof im->parent_id, "%s", pid);
		snprintf(im->parent_unit, sizeof im->parent_unit, "%s",
		    rc ? im->stored.unit_code : "");
	}
	memcpy(unit, im->parent_unit, 8);
	return 0;
}

/* --- rules across fields --- */

static const struct form_field *
imp_field(const struct imp *im, const char *name)
{
	return form_field(im->form, name);
}

/* The form's rules across fields (forms/KIND.form `rule` lines), as the
 * form screen and merge check them: those that need no database, those
 * that do (rows from before the import), then the file's own rows. */
static int
imp_kind_rules(struct imp *im, const struct record *r)
{
	struct err e = { 0 };
	size_t bad = 0;

	if (form_check_rules(im->form, r, &bad, &e) == 0 &&
	    store_check_rules(im->s, im->form, r, im->mark, &bad, &e) == 0 &&
	    form_check_seen(im->form, r, &im->seen, im->line, &bad, &e) == 0)
		return 0;
	if (e.code != ERR_INVALID)
		return imp_fail(im, &e);
	imp_report(im, form_label(&im->form->fields[bad]), false, "%s", e.msg);
	return 0;
}

/* People already recorded, or earlier in the file: warnings. */
static int
imp_duplicates(struct imp *im, const struct record *r)
{
	const struct kind *k = im->kind;
	const char *name = k->name_col >= 0 ? r->val[k->name_col] : NULL;
	const char *year = record_get(r, "birth_year");
	const struct form_field *fn;
	const char *lb;
	struct err e = { 0 };
	int64_t n = 0;
	long prev;
	int rc;
	bool dup = false;

	if (!k->person || name == NULL || r->deleted)
		return 0;
	fn = imp_field(im, k->cols[k->name_col].name);
	lb = fn != NULL ? form_label(fn) : k->cols[k->name_col].name;
	if (text_fold(name, &im->fold) != 0)
		return imp_nomem(im);
	if (store_import_duplicates(im->s, k, r->unit_code, im->fold.p, year, im->mark, &n,
	    &e) != 0)
		return imp_fail(im, &e);
	if (n > 0) {
		imp_report(im, lb, true,
		    _("%s: likely duplicate: '%s', born %s, is already recorded in unit %s"), lb, name,
		    year ? year : "?", r->unit_code);
		dup = true;
	}
	imp_buf_clear(&im->val);
	if (imp_buf_str(&im->val, r->unit_code) != 0 || imp_buf_str(&im->val, "\x1f") != 0 ||
	    imp_buf_str(&im->val, im->fold.p) != 0 || imp_buf_str(&im->val, "\x1f") != 0 ||
	    imp_buf_str(&im->val, year ? year : "") != 0)
		return imp_nomem(im);
	if ((rc = form_seen_put(&im->people, im->val.p, im->line, &prev)) < 0)
		return imp_nomem(im);
	if (rc > 0) {
		imp_report(im, lb, true, _("%s: likely duplicate: '%s', born %s, is also on line %ld"),
		    lb, name, year ? year : "?", prev);
		dup = true;
	}
	if (dup)
		im->res->duplicates++;
	return 0;
}

/* --- a row --- */

/* Builds record r from the row at hand, reporting every problem. Returns
 * the number of problems, or -1 on a fatal error. */
static int
imp_row(struct imp *im, struct record *r)
{
	struct csv *c = im->csv;
	size_t nf = csv_nfields(c);
	size_t bad = 0;
	int64_t twins = 0;	/* values with look-alikes */
	struct err e = { 0 };
	char punit[8];

	im->errors = 0;
	im->unit[0] = '\0';
	imp_buf_clear(&im->reasons);
	record_free(r);
	if (record_init(r, im->kind) != 0)
		return imp_nomem(im);
	for (size_t j = im->ncols; j < nf; j++)
		if (!imp_blank(csv_field(c, j))) {
			imp_report(im, NULL, false, _("this row has %zu cells but the header has %zu"),
			    nf, im->ncols);
			break;
		}
	for (size_t j = 0; j < im->ncols && j < nf; j++)
		if (im->cols[j].what == IMP_BLANK && !imp_blank(csv_field(c, j)))
			imp_report(im, NULL, false, _("column %zu has no usable header but holds '%s'"),
			    j + 1, csv_field(c, j));
	if (imp_common_cols(im, r) != 0)
		return -1;

	/* Fields; members present last, as they are looked up in the team. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < im->form->n; i++) {
			const struct form_field *ff = &im->form->fields[i];
			int col = im->field_col[i], rc;
			const char *cell;

			if ((ff->type == FIELD_REFS) != (pass == 1))
				continue;
			if (col < 0) {	/* no column: the form's default, as on screen */
				if (ff->def != NULL && imp_set_value(im, r, ff, ff->def) != 0)
					return -1;
				continue;
			}
			cell = csv_field(c, (size_t)col);
			if (text_lookalikes(cell) > 0)
				twins++;
			if (ff->type == FIELD_REF)
				rc = imp_ref_cell(im, r, ff, cell);
			else if (ff->type == FIELD_REFS)
				rc = imp_refs_cell(im, r, ff, cell, record_get(r, "team_id"));
			else
				rc = imp_parse(im, r, ff, cell);
			if (rc < 0)
				return -1;
		}

	/* The row's unit: given, else its parent's, else home. */
	if (im->unit[0] != '\0')
		memcpy(r->unit_code, im->unit, sizeof r->unit_code);
	else {
		if (imp_parent_unit(im, r, punit) != 0)
			return -1;
		if (punit[0] != '\0' && strcmp(punit, im->home.code) != 0) {
			int rc = imp_unit_within(im, punit);
			if (rc < 0)
				return -1;
		}
		memcpy(r->unit_code, punit[0] != '\0' ? punit : im->home.code, sizeof r->unit_code);
	}
	if (im->errors > 0)
		return im->errors;

	/* The whole record, as the screens check it before saving. */
	if (form_check_record(im->form, r, &bad, &e) != 0) {
		if (e.code == ERR_NOMEM)
			return imp_fail(im, &e);
		imp_report(im, form_label(&im->form->fields[bad]), false, "%s", e.msg);
		return im->errors;
	}
	if (imp_kind_rules(im, r) != 0)
		return -1;
	if (im->errors == 0 && imp_duplicates(im, r) != 0)
		return -1;
	if (im->errors == 0)
		im->res->lookalikes += twins;
	return im->errors;
}

/* --- rejected rows --- */

static int
imp_rejects_header(struct imp *im)
{
	FILE *fp = im->rej.fp;
	struct csv *c = im->csv;
	char delim = im->res->delim;

	if (fputs("\xef\xbb\xbf", fp) == EOF)	/* so that Excel reads it as UTF-8 */
		return -1;
	for (size_t j = 0; j < csv_nfields(c); j++)
		if (csv_write_guarded(fp, csv_field(c, j), delim, j == 0) != 0)
			return -1;
	if (csv_write_guarded(fp, i18n_pick("Lý do", "Reason"), delim, csv_nfields(c) == 0) != 0 ||
	    fputs("\r\n", fp) == EOF)
		return -1;
	return 0;
}

static int
imp_rejects_row(struct imp *im)
{
	FILE *fp = im->rej.fp;
	struct csv *c = im->csv;
	size_t n = csv_nfields(c) > im->ncols ? csv_nfields(c) : im->ncols;
	char delim = im->res->delim;

	/* For people, to correct and import again: guarded as exports are. */
	for (size_t j = 0; j < n; j++)
		if (csv_write_guarded(fp, csv_field(c, j), delim, j == 0) != 0)
			return -1;
	if (csv_write_guarded(fp, im->reasons.p != NULL ? im->reasons.p : "", delim, n == 0) != 0 ||
	    fputs("\r\n", fp) == EOF)
		return -1;
	return 0;
}

/* --- the passes --- */

static bool
imp_row_blank(struct csv *c)
{
	for (size_t j = 0; j < csv_nfields(c); j++)
		if (!imp_blank(csv_field(c, j)))
			return false;
	return true;
}

/* Reads the file once, checking every row and, unless a dry run, inserting
 * the good ones while that is still wanted. Returns 0, or an error code with
 * e filled. */
static int
imp_pass(struct imp *im, struct record *r, struct err *e)
{
	FILE *fp;
	int rc, n;

	if ((fp = encoding_open_read(im->path, im->res->encoding, NULL, 0, e)) == NULL)
		return e->code;
	if ((im->csv = csv_open(fp, im->path, im->res->delim)) == NULL) {
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((rc = csv_next(im->csv, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), im->path);
		rc = -1;
		goto out;
	}
	if ((n = imp_header(im)) != 0) {
		if (n > 0)
			err_set(e, ERR_INVALID,
			    _("%s: the header is not usable (problems: %d); nothing was imported"),
			    im->path, n);
		else
			err_set(e, im->fatal.code, "%s", im->fatal.msg);
		rc = -1;
		goto out;
	}
	if (im->rej_open && imp_rejects_header(im) != 0) {
		err_set(e, ERR_IO, _("%s: cannot write: %s"), im->rej.path, err_errno(errno));
		rc = -1;
		goto out;
	}
	while ((rc = csv_next(im->csv, e)) == 1) {
		csv_unguard_row(im->csv);	/* a "'" a people's export put before "=..." */
		if (imp_row_blank(im->csv))
			continue;
		im->line = csv_line(im->csv);
		im->res->rows++;
		if ((n = imp_row(im, r)) < 0) {
			err_set(e, im->fatal.code, "%s", im->fatal.msg);
			rc = -1;
			goto out;
		}
		if (n == 0) {
			im->res->valid++;
			/* A bad row already means nothing is imported, unless skipped. */
			if (im->o->dry_run || (im->res->invalid > 0 && !im->o->skip_invalid))
				continue;
			if (store_record_insert(im->s, r, e) != 0) {
				err_prefix(e, "%s:%ld", im->path, im->line);
				rc = -1;
				goto out;
			}
			im->res->inserted++;
			continue;
		}
		im->res->invalid++;
		if (im->rej_open && imp_rejects_row(im) != 0) {
			err_set(e, ERR_IO, _("%s: cannot write: %s"), im->rej.path, err_errno(errno));
			rc = -1;
			goto out;
		}
	}
out:
	if (rc < 0 && e->code == ERR_IO)
		encoding_read_error(fp, e);	/* the reason the stream failed */
	csv_free(im->csv);
	im->csv = NULL;
	fclose(fp);
	return rc < 0 ? (e->code ? e->code : ERR_FAIL) : 0;
}

/* Reads the first line to choose the separator; no further than a header
 * may be long (the reader then refuses it). */
static int
imp_sniff(struct imp *im, const char *enc, struct err *e)
{
	FILE *fp;
	int ch, comma = 0, semi = 0;
	bool quoted = false, any = false;
	size_t n = 0;

	if ((fp = encoding_open_read(im->path, enc, im->res->encoding, sizeof im->res->encoding,
	    e)) == NULL)
		return e->code;
	while (n++ <= 2 * (size_t)CSV_MAX_HEADER && (ch = getc(fp)) != EOF) {
		any = true;
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		else if (!quoted && ch == ',')
			comma++;
		else if (!quoted && ch == ';')
			semi++;
	}
	if (ferror(fp)) {
		if (encoding_read_error(fp, e) == 0)
			err_set(e, ERR_IO, _("%s: cannot read: %s"), im->path, err_errno(errno));
		fclose(fp);
		return e->code;
	}
	fclose(fp);
	if (!any)
		return err_set(e, ERR_INVALID, _("%s: the file is empty"), im->path);
	im->res->delim = semi > 0 && comma == 0 ? ';' : ',';
	return 0;
}

static void
imp_free(struct imp *im)
{
	free(im->cols);
	free(im->field_col);
	tbuf_free(&im->val);
	tbuf_free(&im->cell);
	tbuf_free(&im->fold);
	tbuf_free(&im->list);
	tbuf_free(&im->reasons);
	if (im->stored.val != NULL)
		record_free(&im->stored);
	form_seen_free(&im->seen_ids);
	form_seen_free(&im->people);
	form_seen_free(&im->seen);
	if (im->rej_open)
		safefile_abort(&im->rej);
}

int
import_csv(struct store *s, const struct forms *fs, const char *path,
    const struct import_opts *o, struct import_result *res, struct err *e)
{
	struct imp im;
	struct record r;
	const char *enc = o->encoding != NULL ? o->encoding : "auto";
	char rejpath[sizeof res->rejects];
	bool in_tx = false;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&im, 0, sizeof im);
	memset(&r, 0, sizeof r);
	im.s = s;
	im.o = o;
	im.res = res;
	im.path = path;
	im.kind = o->kind;
	if (o->kind == NULL || (im.form = forms_get(fs, o->kind)) == NULL)
		return err_set(e, ERR_USAGE, _("records of kind %s cannot be imported"),
		    o->kind != NULL ? o->kind->name : "?");
	if (encoding_canonical(enc) == NULL)
		return err_set(e, ERR_USAGE,
		    _("unknown encoding '%s': use auto, utf-8, cp1258, viscii or tcvn"), enc);
	if ((rc = store_home_get(s, &im.home, e)) != 0)
		return rc;
	if (o->unit != NULL) {
		struct unit u;
		bool within;
		if ((rc = store_unit_get(s, o->unit, &u, e)) != 0) {
			if (rc == ERR_NOTFOUND)
				err_prefix(e, "--unit");
			return rc;
		}
		if ((rc = store_unit_within(s, o->unit, im.home.code, &within, e)) != 0)
			return rc;
		if (!within)
			return err_set(e, ERR_INVALID, _("--unit %s %s: not %s %s or a unit below it"),
			    u.code, u.name, im.home.code, im.home.name);
		im.force_unit = o->unit;
	}
	/* Roles before anything is read or written (each record is asked again). */
	if (!o->dry_run && (rc = store_allow(s, STORE_ACT_IMPORT, o->unit, e)) != 0)
		return rc;
	if ((rc = imp_sniff(&im, enc, e)) != 0)
		return rc;

	if (o->skip_invalid && !o->dry_run) {
		if (o->rejects != NULL)
			snprintf(rejpath, sizeof rejpath, "%s", o->rejects);
		else if ((size_t)snprintf(rejpath, sizeof rejpath, "%s.rejects.csv", path) >=
		    sizeof rejpath)
			return err_set(e, ERR_USAGE, _("path too long"));
		if ((rc = safefile_open(&im.rej, rejpath, o->force, e)) != 0)
			return rc;
		im.rej_open = true;
	}
	/* One write transaction from the first check to the last insert. A dry
	 * run writes nothing and so sees every row already stored. */
	im.mark = INT64_MAX;
	if (!o->dry_run) {
		if ((rc = store_begin(s, e)) != 0)
			goto out;
		in_tx = true;
		store_big_cache(s, true);
		if ((rc = store_import_mark(s, o->kind, &im.mark, e)) != 0)
			goto out;
	}
	if ((rc = imp_pass(&im, &r, e)) != 0)
		goto out;
	if (res->rows == 0) {
		rc = err_set(e, ERR_INVALID, _("%s: there are no rows after the header"), path);
		goto out;
	}
	if (res->invalid > 0 && o->skip_invalid && res->valid == 0) {
		/* Nothing to import; the rejects file still says why. */
		if (im.rej_open) {
			im.rej_open = false;
			if ((rc = safefile_commit(&im.rej, e)) != 0)
				goto out;
			snprintf(res->rejects, sizeof res->rejects, "%s", rejpath);
		}
		rc = err_set(e, ERR_INVALID, o->dry_run ?
		    _("%s: none of the %lld rows is valid; nothing would be imported") :
		    _("%s: none of the %lld rows is valid; nothing was imported"), path,
		    (long long)res->rows);
		goto out;
	}
	if (res->invalid > 0 && !o->skip_invalid) {
		rc = err_set(e, ERR_INVALID,
		    o->dry_run ? _("%s: %lld of %lld rows are not valid; nothing would be imported")
		    : _("%s: %lld of %lld rows are not valid; nothing was imported"), path,
		    (long long)res->invalid, (long long)res->rows);
		goto out;
	}
	if (o->dry_run)
		goto out;
	if (im.rej_open && res->invalid > 0) {
		if ((rc = safefile_commit(&im.rej, e)) != 0) {
			im.rej_open = false;
			res->inserted = 0;
			goto out;
		}
		im.rej_open = false;
		snprintf(res->rejects, sizeof res->rejects, "%s", rejpath);
	}
	{
		/* The import as one event; each record was logged as an insert. */
		char event[4200 + 96];
		snprintf(event, sizeof event, "import %s (%s): %lld records, %lld rejected",
		    path, o->kind->name, (long long)res->inserted, (long long)res->invalid);
		if ((rc = store_audit_event(s, "import", event, e)) != 0) {
			res->inserted = 0;
			goto out;
		}
	}
	if ((rc = store_commit(s, e)) != 0) {
		res->inserted = 0;
		if (res->rejects[0] != '\0')
			os_remove(res->rejects);
		res->rejects[0] = '\0';
		goto out;
	}
	in_tx = false;
out:
	if (in_tx) {
		store_rollback(s);
		res->inserted = 0;
	}
	if (!o->dry_run)
		store_big_cache(s, false);
	if (r.val != NULL)
		record_free(&r);
	imp_free(&im);
	return rc;
}

/* --- preview --- */

/* Copies s into dst (size bytes), cut at a whole character. */
static void
imp_copy_cut(char *dst, size_t size, const char *s)
{
	size_t len = strlen(s);

	if (len >= size) {
		len = size - 1;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
	for (char *p = dst; *p != '\0'; p++)	/* one line each */
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
}

int
import_preview(const struct forms *fs, const char *path, const struct import_opts *o,
    struct import_preview *pv, struct err *e)
{
	struct imp im;
	struct import_result res;
	struct import_opts quiet = *o;
	const char *enc = o->encoding != NULL ? o->encoding : "auto";
	FILE *fp;
	int rc;

	memset(pv, 0, sizeof *pv);
	memset(&im, 0, sizeof im);
	memset(&res, 0, sizeof res);
	quiet.problem = NULL;	/* the dry run reports; the preview only shows */
	im.o = &quiet;
	im.res = &res;
	im.path = path;
	im.kind = o->kind;
	if (o->kind == NULL || (im.form = forms_get(fs, o->kind)) == NULL)
		return err_set(e, ERR_USAGE, _("records of kind %s cannot be imported"),
		    o->kind != NULL ? o->kind->name : "?");
	if (encoding_canonical(enc) == NULL)
		return err_set(e, ERR_USAGE,
		    _("unknown encoding '%s': use auto, utf-8, cp1258, viscii or tcvn"), enc);
	if ((rc = imp_sniff(&im, enc, e)) != 0)
		return rc;
	snprintf(pv->encoding, sizeof pv->encoding, "%s", encoding_display(res.encoding));
	pv->delim = res.delim;
	if ((fp = encoding_open_read(path, res.encoding, NULL, 0, e)) == NULL)
		return e->code;
	if ((im.csv = csv_open(fp, path, res.delim)) == NULL) {
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((rc = csv_next(im.csv, e)) <= 0) {
		if (rc == 0)
			err_set(e, ERR_INVALID, _("%s: the file is empty"), path);
		rc = -1;
		goto out;
	}
	if (imp_header(&im) < 0) {
		err_set(e, im.fatal.code, "%s", im.fatal.msg);
		rc = -1;
		goto out;
	}
	pv->ncols_file = (int)im.ncols;
	pv->ncols = im.ncols < IMPORT_PREVIEW_COLS ? (int)im.ncols : IMPORT_PREVIEW_COLS;
	for (int c = 0; c < pv->ncols; c++) {
		const struct imp_col *col = &im.cols[c];
		imp_copy_cut(pv->header[c], sizeof pv->header[c], csv_field(im.csv, (size_t)c));
		if (col->what == IMP_FIELD)
			imp_copy_cut(pv->mapped[c], sizeof pv->mapped[c], form_label(col->ff));
		else if (col->what != IMP_BLANK)
			imp_copy_cut(pv->mapped[c], sizeof pv->mapped[c], imp_common_label(col->common));
	}
	while (pv->nrows < IMPORT_PREVIEW_ROWS && (rc = csv_next(im.csv, e)) == 1) {
		csv_unguard_row(im.csv);
		if (imp_row_blank(im.csv))
			continue;
		for (int c = 0; c < pv->ncols; c++)
			imp_copy_cut(pv->cell[pv->nrows][c], sizeof pv->cell[0][0],
			    csv_field(im.csv, (size_t)c));
		pv->nrows++;
	}
out:
	if (rc < 0 && e->code == ERR_IO)
		encoding_read_error(fp, e);
	csv_free(im.csv);
	im.csv = NULL;
	fclose(fp);
	imp_free(&im);
	return rc < 0 ? (e->code ? e->code : ERR_FAIL) : 0;
}
