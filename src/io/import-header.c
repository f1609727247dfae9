/* import-header: the second stage of an import — which field of the form,
 * or which record column, each column of the header names. */
#include <stdlib.h>
#include <string.h>

#include "import-internal.h"
#include "socds/i18n.h"

#define IMP_LIST_MAX	20	/* labels named when a column is unknown */

const struct imp_common imp_commons[IMP_NCOMMON] = {
	{ IMP_ID, "id", "Mã bản ghi", "Record id", { "uuid", NULL, NULL } },
	{ IMP_UNIT, "unit_code", "Mã đơn vị", "Unit code", { "Đơn vị", "Unit", NULL } },
	{ IMP_CREATED, "created_at", "Ngày tạo", "Created at", { NULL, NULL, NULL } },
	{ IMP_UPDATED, "updated_at", "Ngày cập nhật", "Updated at", { NULL, NULL, NULL } },
	{ IMP_VERSION, "version", "Phiên bản", "Version", { NULL, NULL, NULL } },
	{ IMP_DELETED, "deleted", "Đã xóa", "Deleted", { NULL, NULL, NULL } },
	{ IMP_WARNINGS, RECORD_WARNINGS_COL, "Cảnh báo đã xác nhận", "Warnings confirmed",
	    { NULL, NULL, NULL } },
	{ IMP_IGNORE, "stt", "Số thứ tự", "No.", { "TT", NULL, NULL } },
};

const char *
imp_common_label(const struct imp_common *c)
{
	return i18n_pick(c->vi, c->en);
}

const char *
imp_col_label(const struct imp *im, size_t j)
{
	const struct imp_col *col = &im->f.cols[j];

	if (col->what == IMP_FIELD)
		return form_label(col->ff);
	return col->what != IMP_BLANK ? imp_common_label(col->common) : "";
}

/* Whether a name b means header text a (folded): 1 yes, 0 no, -1 out of memory. */
static int
imp_fold_eq(struct imp *im, const char *a_folded, const char *b)
{
	if (b == NULL || *b == '\0')
		return 0;
	if (text_fold(b, &im->c.fold) != 0)
		return -1;
	return strcmp(a_folded, im->c.fold.p) == 0;
}

/* The names a column may have, for the message about an unknown one. */
static int
imp_known_names(struct imp *im, struct tbuf *b)
{
	const struct form *f = im->f.form;
	size_t n = 0;

	imp_buf_clear(b);
	for (size_t i = 0; i < f->n && n < IMP_LIST_MAX; i++, n++)
		if ((b->len > 0 && imp_buf_str(b, ", ") != 0) ||
		    imp_buf_str(b, form_label(&f->fields[i])) != 0)
			return -1;
	for (size_t i = 0; i < IMP_NCOMMON - 1; i++)	/* row numbers go unsaid */
		if (imp_buf_str(b, ", ") != 0 || imp_buf_str(b, imp_common_label(&imp_commons[i])) != 0)
			return -1;
	return 0;
}

/* What header text h (folded) names: sets *col; *n is how many things it names. */
static int
imp_header_match(struct imp *im, const char *h, struct imp_col *col, int *n, struct err *e)
{
	int eq;

	*n = 0;
	for (size_t i = 0; i < im->f.form->n; i++) {
		const struct form_field *ff = &im->f.form->fields[i];
		const char *names[3] = { ff->name, ff->label_vi, ff->label_en };
		for (size_t k = 0; k < 3; k++) {
			if ((eq = imp_fold_eq(im, h, names[k])) < 0)
				return imp_nomem(e);
			if (eq) {
				if (*n == 0 || col->ff != ff)
					(*n)++;
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
				return imp_nomem(e);
			if (eq) {
				(*n)++;
				col->what = c->what;
				col->common = c;
				col->ff = NULL;
				break;
			}
		}
	}
	return 0;
}

/* A column named twice: the place of the one before it, or -1. */
static int
imp_header_place(struct imp *im, const struct imp_col *col, int j)
{
	int *slot;

	if (col->what == IMP_FIELD)
		slot = &im->f.field_col[col->ff - im->f.form->fields];
	else if (col->what != IMP_IGNORE)
		slot = &im->f.col_of[col->common - imp_commons];
	else
		return -1;
	if (*slot >= 0)
		return *slot;
	*slot = j;
	return -1;
}

/* Maps header column j; a problem is reported and the column left blank. */
static int
imp_header_col(struct imp *im, size_t j, bool *any, struct err *e)
{
	struct imp_col *col = &im->f.cols[j];
	const char *cell;
	struct tbuf names = { 0 };
	int m, prev;

	col->what = IMP_BLANK;
	if (text_clean(csv_field(im->f.csv, j), &im->c.cell) != 0 ||
	    text_fold(im->c.cell.p, &im->c.list) != 0) {
		imp_report(im, NULL, false, _("column %zu: the header is not valid text"), j + 1);
		return 0;
	}
	if (im->c.list.len == 0)
		return 0;
	*any = true;
	cell = im->c.cell.p;
	if (imp_header_match(im, im->c.list.p, col, &m, e) != 0)
		return e->code;
	if (m == 0) {
		if (imp_known_names(im, &names) != 0)
			return imp_nomem(e);
		imp_report(im, NULL, false,
		    _("column %zu '%s' is not a field of this form; the columns may be: %s"), j + 1,
		    cell, names.p);
		tbuf_free(&names);
		col->what = IMP_BLANK;
	} else if (m > 1) {
		imp_report(im, NULL, false, _("column %zu '%s' names more than one field"), j + 1,
		    cell);
		col->what = IMP_BLANK;
	} else if ((prev = imp_header_place(im, col, (int)j)) >= 0) {
		imp_report(im, NULL, false, _("column %zu '%s' is the same field as column %d"),
		    j + 1, cell, prev + 1);
		col->what = IMP_BLANK;
	}
	return 0;
}

int
imp_header(struct imp *im, struct err *e)
{
	const struct form *f = im->f.form;
	size_t n = csv_nfields(im->f.csv);
	bool any = false;

	im->row.line = csv_line(im->f.csv);
	if ((im->f.cols = calloc(n + 1, sizeof *im->f.cols)) == NULL ||
	    (im->f.field_col = malloc((f->n + 1) * sizeof *im->f.field_col)) == NULL)
		return imp_nomem(e);
	im->f.ncols = n;
	for (size_t i = 0; i < f->n; i++)
		im->f.field_col[i] = -1;
	for (size_t i = 0; i < IMP_NCOMMON; i++)
		im->f.col_of[i] = -1;
	for (size_t j = 0; j < n; j++)
		if (imp_header_col(im, j, &any, e) != 0)
			return e->code;
	if (!any)
		imp_report(im, NULL, false,
		    _("the first row must be the header (the column names), but it is empty"));
	for (size_t i = 0; i < f->n && any; i++) {
		const struct form_field *ff = &f->fields[i];
		if (ff->required && im->f.field_col[i] < 0 && ff->def == NULL)
			imp_report(im, form_label(ff), false,
			    _("%s: required, but the file has no column for it"), form_label(ff));
	}
	im->f.header_problems = im->row.errors;
	return 0;
}
