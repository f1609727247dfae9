/* import-row: the third stage of an import — one row's cells through the
 * forms' rules, as the screens check them (what one cell names is
 * import-cell.c's), the record columns, the rules across fields and likely
 * duplicates.
 * Checks against the database look only at rows from before the import
 * (its mark), so a row never meets the file's own earlier rows there; the
 * file's rows among themselves are compared in memory. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import-internal.h"
#include "socds/i18n.h"
#include "socds/store-record.h"

int
imp_nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, _("out of memory"));
}

int
imp_fail(const struct err *le, struct err *e)
{
	err_set(e, le->code ? le->code : ERR_FAIL, "%s", le->msg);
	return e->code;
}

bool
imp_uuid(const char *s, char id[UUID_STR_LEN])
{
	return form_id(s, strlen(s), id);
}

const char *
imp_label(int what)
{
	return imp_common_label(&imp_commons[IMP_C(what)]);
}

/* --- problems --- */

/* One problem of the row at hand (or of the header). */
void
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
		im->row.errors++;
		im->res->problems++;
		if ((im->row.reasons.len > 0 && imp_buf_str(&im->row.reasons, "; ") != 0) ||
		    imp_buf_str(&im->row.reasons, msg) != 0)
			im->row.oom = true;
	}
	if (im->o->problem != NULL) {
		p.file = im->f.path;
		p.line = im->row.line;
		p.field = field;
		p.msg = msg;
		p.warning = warning;
		im->o->problem(&p, im->o->arg);
	}
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

/* The cell of record column `what`, or NULL when the file has none. */
static const char *
imp_common_cell(struct imp *im, int what)
{
	int col = im->f.col_of[IMP_C(what)];

	return col >= 0 ? csv_field(im->f.csv, (size_t)col) : NULL;
}

/* The unit column (names are looked up in it) and --unit. */
static int
imp_unit_col(struct imp *im, struct err *e)
{
	const char *cell = imp_common_cell(im, IMP_UNIT), *lb = imp_label(IMP_UNIT);
	char code[8];

	if (cell != NULL && !imp_blank(cell)) {
		if (imp_unit_cell(im, cell, code, e) != 0)
			return e->code;
		if (code[0] != '\0' && im->force_unit != NULL && strcmp(code, im->force_unit) != 0)
			imp_report(im, lb, false, _("%s: %s differs from --unit %s"), lb, code,
			    im->force_unit);
		else if (code[0] != '\0')
			memcpy(im->row.unit, code, sizeof im->row.unit);
	}
	if (im->force_unit != NULL)
		snprintf(im->row.unit, sizeof im->row.unit, "%s", im->force_unit);
	return 0;
}

/* An id from elsewhere that is not ours: the record gets a new one. */
static int
imp_id_col(struct imp *im, struct record *r, struct err *e)
{
	const char *cell = imp_common_cell(im, IMP_ID), *lb = imp_label(IMP_ID);
	char id[UUID_STR_LEN];
	bool exists;
	long prev;
	int rc;

	if (cell == NULL)
		return 0;
	if (text_clean(cell, &im->c.cell) != 0)
		return imp_nomem(e);
	if (!imp_uuid(im->c.cell.p, id))
		return 0;
	memcpy(r->id, id, sizeof r->id);
	if ((rc = form_seen_put(&im->f.ids, id, im->row.line, &prev)) < 0)
		return imp_nomem(e);
	if (rc > 0)
		imp_report(im, lb, false, _("%s: %s is also the id on line %ld"), lb, id, prev);
	if (store_import_exists(im->s, im->f.kind, id, im->mark, &exists, e) != 0)
		return e->code;
	if (exists)
		imp_report(im, lb, false,
		    _("%s: a record with id %s already exists; import does not change records"), lb,
		    id);
	return 0;
}

static int
imp_time_cols(struct imp *im, struct record *r, struct err *e)
{
	for (int what = IMP_CREATED; what <= IMP_UPDATED; what++) {
		char *dst = what == IMP_CREATED ? r->created_at : r->updated_at;
		const char *cell = imp_common_cell(im, what), *lb = imp_label(what);
		if (cell == NULL)
			continue;
		if (text_clean(cell, &im->c.cell) != 0)
			return imp_nomem(e);
		if (im->c.cell.len == 0)
			continue;
		if (!imp_is_time(im->c.cell.p))
			imp_report(im, lb, false,
			    _("%s: '%s' is not a time written as 2026-03-05T08:30:00Z"), lb,
			    im->c.cell.p);
		else
			memcpy(dst, im->c.cell.p, im->c.cell.len + 1);	/* imp_is_time: 20 bytes */
	}
	return 0;
}

/* Version and tombstone flag follow the forms' rules for numbers and
 * yes/no, through fields made for them. */
static void
imp_flag_cols(struct imp *im, struct record *r)
{
	for (int what = IMP_VERSION; what <= IMP_DELETED; what++) {
		const struct imp_common *c = &imp_commons[IMP_C(what)];
		const char *cell = imp_common_cell(im, what);
		struct form_field ff = { 0 };
		struct err le = { 0 };
		if (cell == NULL)
			continue;
		ff.type = what == IMP_VERSION ? FIELD_INT : FIELD_BOOL;
		ff.label_vi = (char *)c->vi;
		ff.label_en = (char *)c->en;
		ff.has_min = what == IMP_VERSION;
		ff.min = 1;
		if (form_parse(&ff, cell, &im->c.val, &le) != 0)
			imp_report(im, imp_common_label(c), false, "%s", le.msg);
		else if (what == IMP_VERSION && im->c.val.len > 0)
			r->version = strtoll(im->c.val.p, NULL, 10);
		else if (what == IMP_DELETED)
			r->deleted = im->c.val.len > 0 && im->c.val.p[0] == '1';
	}
}

/* id, unit, times, version and tombstone flag of the row. */
static int
imp_common_cols(struct imp *im, struct record *r, struct err *e)
{
	if (imp_unit_col(im, e) != 0 || imp_id_col(im, r, e) != 0 || imp_time_cols(im, r, e) != 0)
		return e->code;
	imp_flag_cols(im, r);
	return 0;
}

/* The unit of the record r belongs to (a member's team, a participant's
 * training), or "" when it has none. */
static int
imp_parent_unit(struct imp *im, const struct record *r, char unit[8], struct err *e)
{
	const struct kind *k = r->kind;
	int col = k->parent_col != NULL ? record_col_index(k, k->parent_col) : -1;
	/* A parent that is not a record (a task progress's task code) has no unit. */
	const char *pid = col >= 0 && k->cols[col].ref != NULL ? r->val[col] : NULL;
	bool found;

	unit[0] = '\0';
	if (pid == NULL)
		return 0;
	if (strcmp(pid, im->c.parent_id) != 0) {
		if (imp_stored(im, record_kind(k->cols[col].ref), pid, &found, e) != 0)
			return e->code;
		snprintf(im->c.parent_id, sizeof im->c.parent_id, "%s", pid);
		snprintf(im->c.parent_unit, sizeof im->c.parent_unit, "%s",
		    found ? im->c.stored.unit_code : "");
	}
	memcpy(unit, im->c.parent_unit, 8);
	return 0;
}

/* --- rules across fields --- */

/* The form's rules across fields (forms/KIND.form `rule` lines), as the
 * form screen and merge check them: those that need no database, those
 * that do (rows from before the import), then the file's own rows. */
static int
imp_kind_rules(struct imp *im, const struct record *r, struct err *e)
{
	const struct form *f = im->f.form;
	struct err le = { 0 };
	size_t bad = 0;

	if (form_check_rules(f, r, &bad, &le) == 0 &&
	    form_check_stored(im->s, f, r, im->mark, &bad, &le) == 0 &&
	    form_check_seen(f, r, &im->f.unique, im->row.line, &bad, &le) == 0)
		return 0;
	if (le.code != ERR_INVALID)
		return imp_fail(&le, e);
	imp_report(im, form_label(&f->fields[bad]), false, "%s", le.msg);
	return 0;
}

/* People already recorded, or earlier in the file: warnings. */
static int
imp_duplicates(struct imp *im, const struct record *r, struct err *e)
{
	const struct kind *k = im->f.kind;
	const char *name = k->name_col >= 0 ? r->val[k->name_col] : NULL;
	const char *year = record_get(r, "birth_year"), *lb;
	const struct form_field *fn;
	int64_t n = 0;
	long prev;
	int rc;
	bool dup = false;

	if (!k->person || name == NULL || r->deleted)
		return 0;
	fn = form_field(im->f.form, k->cols[k->name_col].name);
	lb = fn != NULL ? form_label(fn) : k->cols[k->name_col].name;
	if (text_fold(name, &im->c.fold) != 0)
		return imp_nomem(e);
	if (store_import_duplicates(im->s, k, r->unit_code, im->c.fold.p, year, im->mark, &n,
	    e) != 0)
		return e->code;
	if (n > 0) {
		imp_report(im, lb, true,
		    _("%s: likely duplicate: '%s', born %s, is already recorded in unit %s"), lb, name,
		    year ? year : "?", r->unit_code);
		dup = true;
	}
	imp_buf_clear(&im->c.val);
	if (imp_buf_str(&im->c.val, r->unit_code) != 0 || imp_buf_str(&im->c.val, "\x1f") != 0 ||
	    imp_buf_str(&im->c.val, im->c.fold.p) != 0 || imp_buf_str(&im->c.val, "\x1f") != 0 ||
	    imp_buf_str(&im->c.val, year ? year : "") != 0)
		return imp_nomem(e);
	if ((rc = form_seen_put(&im->f.people, im->c.val.p, im->row.line, &prev)) < 0)
		return imp_nomem(e);
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

/* Cells in columns the header does not name must be empty. */
static void
imp_row_extra(struct imp *im)
{
	struct csv *c = im->f.csv;
	size_t nf = csv_nfields(c);

	for (size_t j = im->f.ncols; j < nf; j++)
		if (!imp_blank(csv_field(c, j))) {
			imp_report(im, NULL, false, _("this row has %zu cells but the header has %zu"),
			    nf, im->f.ncols);
			break;
		}
	for (size_t j = 0; j < im->f.ncols && j < nf; j++)
		if (im->f.cols[j].what == IMP_BLANK && !imp_blank(csv_field(c, j)))
			imp_report(im, NULL, false, _("column %zu has no usable header but holds '%s'"),
			    j + 1, csv_field(c, j));
}

/* The form's fields; members present last, as they are looked up in the team. */
static int
imp_row_fields(struct imp *im, struct record *r, struct err *e)
{
	const struct form *f = im->f.form;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < f->n; i++) {
			const struct form_field *ff = &f->fields[i];
			int col = im->f.field_col[i], rc;
			const char *cell;

			if ((ff->type == FIELD_REFS) != (pass == 1))
				continue;
			if (col < 0) {	/* no column: the form's default, as on screen */
				if (ff->def != NULL && imp_set_value(r, ff, ff->def, e) != 0)
					return e->code;
				continue;
			}
			cell = csv_field(im->f.csv, (size_t)col);
			if (text_lookalikes(cell) > 0)
				im->row.twins++;
			if (ff->type == FIELD_REF)
				rc = imp_ref_cell(im, r, ff, cell, e);
			else if (ff->type == FIELD_REFS)
				rc = imp_refs_cell(im, r, ff, cell, record_get(r, "team_id"), e);
			else
				rc = imp_parse(im, r, ff, cell, e);
			if (rc != 0)
				return rc;
		}
	return 0;
}

/* The row's unit: given, else its parent's, else home. */
static int
imp_row_unit(struct imp *im, struct record *r, struct err *e)
{
	char punit[8];
	bool ok;

	if (im->row.unit[0] != '\0') {
		memcpy(r->unit_code, im->row.unit, sizeof r->unit_code);
		return 0;
	}
	if (imp_parent_unit(im, r, punit, e) != 0)
		return e->code;
	if (punit[0] != '\0' && strcmp(punit, im->home.code) != 0 &&
	    imp_unit_within(im, punit, &ok, e) != 0)
		return e->code;
	memcpy(r->unit_code, punit[0] != '\0' ? punit : im->home.code, sizeof r->unit_code);
	return 0;
}

/* The whole record, as the screens check it before saving, then the rules
 * across fields and records. */
static int
imp_row_record(struct imp *im, struct record *r, struct err *e)
{
	struct err le = { 0 };
	size_t bad = 0;

	if (form_check_record(im->f.form, r, &bad, &le) != 0) {
		if (le.code == ERR_NOMEM)
			return imp_fail(&le, e);
		imp_report(im, form_label(&im->f.form->fields[bad]), false, "%s", le.msg);
		return 0;
	}
	if (imp_kind_rules(im, r, e) != 0)
		return e->code;
	if (im->row.errors == 0 && imp_duplicates(im, r, e) != 0)
		return e->code;
	return 0;
}

int
imp_row_check(struct imp *im, struct record *r, struct err *e)
{
	im->row.errors = 0;
	im->row.twins = 0;
	im->row.unit[0] = '\0';
	imp_buf_clear(&im->row.reasons);
	record_free(r);
	if (record_init(r, im->f.kind) != 0)
		return imp_nomem(e);
	imp_row_extra(im);
	if (imp_common_cols(im, r, e) != 0 || imp_row_fields(im, r, e) != 0 ||
	    imp_row_unit(im, r, e) != 0)
		return e->code;
	if (im->row.errors == 0 && imp_row_record(im, r, e) != 0)
		return e->code;
	if (im->row.oom)
		return imp_nomem(e);
	if (im->row.errors == 0)
		im->res->lookalikes += im->row.twins;
	return 0;
}
