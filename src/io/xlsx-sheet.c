/* xlsx-sheet: a kind's sheets in the workbook for people — their names,
 * columns and rows — and the summary sheet. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xlsx-internal.h"
#include "socds/i18n.h"
#include "socds/store-query.h"


/* Phrases shortened, in turn, until a title fits a sheet name (Excel allows
 * 31 characters); a title still too long is cut at a word. */
static const struct {
	const char *from, *to;
} xlsx_abbrev[] = {
	{ "Tổ công nghệ số cộng đồng", "Tổ CNSCĐ" },
	{ "chuyển đổi số", "CĐS" },
	{ "Cán bộ, công chức", "CBCC" },
	{ "bồi dưỡng, tập huấn", "bồi dưỡng" },
};

/* Widths of columns whose field has no list width, by field type. */
static const double xlsx_type_width[] = {
	[FIELD_TEXT] = 26, [FIELD_NOTE] = 40, [FIELD_INT] = 9, [FIELD_DECIMAL] = 9,
	[FIELD_DATE] = 11, [FIELD_CHOICE] = 22, [FIELD_BOOL] = 9, [FIELD_MULTI] = 36,
	[FIELD_PHONE] = 13, [FIELD_EMAIL] = 26, [FIELD_REF] = 30, [FIELD_REFS] = 40,
	[FIELD_COUNTS] = 11,
};

/* --- sheets --- */

/* Replaces the first `from` in b by `to`; true when it did. */
static bool
xlsx_replace(char *b, size_t size, const char *from, const char *to)
{
	char *at = strstr(b, from);
	size_t fl = strlen(from), tl = strlen(to), rest;

	if (at == NULL || strlen(b) - fl + tl >= size)
		return false;
	rest = strlen(at + fl);
	memmove(at + tl, at + fl, rest + 1);
	memcpy(at, to, tl);
	return true;
}

/* Cuts b to at most max characters, at a word when there is one, without
 * trailing spaces or punctuation. */
static void
xlsx_cut(char *b, size_t max)
{
	size_t n = 0, i, space = 0;

	for (i = 0; b[i] != '\0'; i++) {
		if (((unsigned char)b[i] & 0xc0) != 0x80) {
			if (n == max)
				break;
			n++;
		}
		if (b[i] == ' ')
			space = i;
	}
	if (b[i] == '\0')
		return;
	b[space > 0 && b[i] != ' ' ? space : i] = '\0';
	for (i = strlen(b); i > 0 && strchr(" ,;:-.", b[i - 1]) != NULL; i--)
		b[i - 1] = '\0';
}

/* Whether a sheet is already called `name` (Excel ignores case). */
static bool
xlsx_sheet_taken(struct xlsx *x, const char *name)
{
	struct tbuf a = { 0 }, b = { 0 };
	bool taken = false;

	if (text_fold(name, &a) != 0)
		return true;
	for (int i = 0; i < x->nsheet_names && !taken; i++)
		taken = text_fold(x->sheet_names[i], &b) == 0 && strcmp(a.p, b.p) == 0;
	tbuf_free(&a);
	tbuf_free(&b);
	return taken;
}

/*
 * The sheet name for a title: the characters Excel refuses ([]:*?/\ and
 * apostrophes) replaced, phrases shortened, then cut to 31 characters with
 * room for a " (2)" that keeps it unique.
 */
static void
xlsx_sheet_name(struct xlsx *x, const char *title, const char *fallback, char *out,
    size_t size)
{
	char base[512], suffix[16] = "";
	size_t o = 0;

	for (const char *p = title; *p != '\0'; p++) {
		char c = *p;
		/* Stops before a character that would not fit whole. */
		if (((unsigned char)c & 0xc0) != 0x80 && o + 5 >= sizeof base)
			break;
		if (c == '/' || c == '\\')
			c = '-';
		else if (strchr("[]:*?'", c) != NULL || (unsigned char)c < 0x20)
			c = ' ';
		if (c == ' ' && (o == 0 || base[o - 1] == ' '))
			continue;
		base[o++] = c;
	}
	while (o > 0 && base[o - 1] == ' ')
		o--;
	base[o] = '\0';
	for (size_t i = 0; i < sizeof xlsx_abbrev / sizeof xlsx_abbrev[0] &&
	    xlsx_chars(base) > LXW_SHEETNAME_MAX - 4; i++)
		xlsx_replace(base, sizeof base, xlsx_abbrev[i].from, xlsx_abbrev[i].to);
	for (int n = 1; ; n++) {
		char name[sizeof base];
		if (n > 1)
			snprintf(suffix, sizeof suffix, " (%d)", n);
		snprintf(name, sizeof name, "%s", base);
		xlsx_cut(name, LXW_SHEETNAME_MAX - xlsx_chars(suffix));
		if (name[0] == '\0')
			snprintf(name, sizeof name, "%s", fallback);
		snprintf(out, size, "%s%s", name, suffix);
		if (!xlsx_sheet_taken(x, out) || n >= XLSX_SHEETS_MAX)
			break;
	}
	if (x->nsheet_names < XLSX_SHEETS_MAX)
		snprintf(x->sheet_names[x->nsheet_names++], LXW_MAX_SHEETNAME_LENGTH, "%s", out);
}

static int
xlsx_add_col(struct xlsx_sheet *sh, enum xlsx_col_kind kind, const struct form_field *ff,
    const char *header, double width)
{
	struct xlsx_col *c;

	if (sh->ncols == XLSX_COLS_MAX)
		return -1;
	c = &sh->cols[sh->ncols++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->ff = ff;
	c->header = header;
	c->width = width;
	if (ff != NULL && ff->ref != NULL)
		c->ref = record_kind(ff->ref);
	return 0;
}

/* A column wide enough for its values and a fair part of its header (the
 * header wraps). */
static double
xlsx_width(double width, const char *header)
{
	int hw = text_width(header);
	double want = hw > 0 ? (hw + 2 < 20 ? hw + 2 : 20) : 0;

	return width < want ? want : width > 60 ? 60 : width;
}

int
xlsx_code_add(const char *code, void *arg)
{
	struct xlsx *x = arg;
	char **v, *c;

	if ((c = strdup(code)) == NULL || (v = realloc(x->codes,
	    (x->ncodes + 1) * sizeof *v)) == NULL) {
		free(c);
		return -1;
	}
	x->codes = v;
	x->codes[x->ncodes++] = c;
	return 0;
}

/* The columns of a kind: the form's fields (citizens helped as a number per
 * category), the warnings confirmed, then unit, id, update time and, with tombstones, deleted. */
int
xlsx_columns(struct xlsx *x, struct xlsx_sheet *sh)
{
	const struct form *f = sh->form;
	int rc = 0;

	for (size_t i = 0; i < f->n && rc == 0; i++) {
		const struct form_field *ff = &f->fields[i];
		double w = ff->list_width > 0 ? ff->list_width : xlsx_type_width[ff->type];

		if (ff->type == FIELD_DATE && w < 11)
			w = 11;
		if (ff->type != FIELD_COUNTS) {
			rc = xlsx_add_col(sh, XC_FIELD, ff, form_label(ff),
			    xlsx_width(w, form_label(ff)));
			continue;
		}
		for (size_t k = 0; k < ff->list.n && rc == 0; k++) {
			const struct list_item *it = &ff->list.items[k];
			const char *h = i18n_pick(it->vi, it->en);
			if ((rc = xlsx_add_col(sh, XC_COUNT, ff, h, xlsx_width(w, h))) == 0)
				sh->cols[sh->ncols - 1].code = it->code;
		}
		/* Categories stored but no longer in the list keep a column, under
		 * their code, so that no count is lost. */
		for (size_t k = 0; k < x->ncodes && rc == 0; k++) {
			if (lists_find(&ff->list, x->codes[k]) >= 0)
				continue;
			if ((rc = xlsx_add_col(sh, XC_COUNT, ff, x->codes[k],
			    xlsx_width(w, x->codes[k]))) == 0)
				sh->cols[sh->ncols - 1].code = x->codes[k];
		}
	}
	/* The warnings the user confirmed: the office above sees what was overridden. */
	if (rc == 0 && record_col_index(sh->kind, RECORD_WARNINGS_COL) >= 0)
		rc = xlsx_add_col(sh, XC_WARNED, NULL, i18n_pick("Cảnh báo đã xác nhận",
		    "Warnings confirmed"), 20);
	if (rc == 0)
		rc = xlsx_add_col(sh, XC_UNIT, NULL, i18n_pick("Đơn vị", "Unit"), 26);
	if (rc == 0)
		rc = xlsx_add_col(sh, XC_ID, NULL, i18n_pick("Mã bản ghi", "Record id"), 37);
	if (rc == 0)
		rc = xlsx_add_col(sh, XC_UPDATED, NULL, i18n_pick("Cập nhật", "Updated"), 17);
	if (rc == 0 && x->o->tombstones)
		rc = xlsx_add_col(sh, XC_DELETED, NULL, i18n_pick("Đã xóa", "Deleted"), 9);
	if (rc != 0)
		return err_set(x->e, ERR_INVALID, "%s: more than %d columns", f->path,
		    XLSX_COLS_MAX);
	return 0;
}

/* Starts a sheet of sh (the first or an overflow one): header, widths,
 * frozen header row. */
static int
xlsx_sheet_begin(struct xlsx *x, struct xlsx_sheet *sh)
{
	char name[LXW_MAX_SHEETNAME_LENGTH];
	lxw_error le;
	int rc;

	if (x->nsheet_names >= XLSX_SHEETS_MAX)
		return err_set(x->e, ERR_FAIL, "%s: more than %d sheets", x->path, XLSX_SHEETS_MAX);
	sh->part++;
	xlsx_sheet_name(x, sh->form->title_vi, sh->kind->name, name, sizeof name);
	if (sh->part == 1)
		snprintf(sh->name, sizeof sh->name, "%s", name);
	if ((sh->ws = workbook_add_worksheet(x->wb, name)) == NULL)
		return err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path, name);
	sh->ws_index = x->nsheet_names - 1;
	sh->row = 0;
	for (int c = 0; c < sh->ncols; c++) {
		if ((le = worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c,
		    sh->cols[c].width, NULL)) != LXW_NO_ERROR)
			return xlsx_lxw_fail(x, le);
		if ((rc = xlsx_string(x, sh->ws, 0, (lxw_col_t)c, sh->cols[c].header,
		    x->f_head)) != 0)
			return rc;
	}
	worksheet_freeze_panes(sh->ws, 1, 0);
	return 0;
}

/* Ends the sheet being filled: a filter over its header and rows. */
static int
xlsx_sheet_end(struct xlsx *x, struct xlsx_sheet *sh)
{
	lxw_error le = worksheet_autofilter(sh->ws, 0, 0, sh->row, (lxw_col_t)(sh->ncols - 1));

	x->sheet_rows[sh->ws_index] = (int64_t)sh->row + 1;
	return le == LXW_NO_ERROR ? 0 : xlsx_lxw_fail(x, le);
}

static void
xlsx_progress(struct xlsx *x, const char *what)
{
	if (x->o->progress != NULL)
		x->o->progress(what, x->done, x->total > x->done ? x->total : x->done, x->o->arg);
}

static int
xlsx_row(const struct record *r, void *arg)
{
	struct xlsx *x = arg;
	struct xlsx_sheet *sh = x->sh;
	int rc;

	if (sh->row >= XLSX_ROWS_MAX) {
		if ((rc = xlsx_sheet_end(x, sh)) != 0 || (rc = xlsx_sheet_begin(x, sh)) != 0)
			return rc;
	}
	sh->row++;
	for (int c = 0; c < sh->ncols; c++)
		if ((rc = xlsx_cell(x, r, sh->row, (lxw_col_t)c)) != 0)
			return rc;
	sh->rows++;
	if (++x->done % XLSX_PROGRESS_EVERY == 0)
		xlsx_progress(x, sh->title);
	return 0;
}

int
xlsx_kind(struct xlsx *x, struct xlsx_sheet *sh)
{
	const struct period *p = x->o->period;
	int rc;

	x->sh = sh;
	if ((rc = xlsx_sheet_begin(x, sh)) != 0)
		return rc;
	rc = store_record_each(x->s, sh->kind, x->within, p ? p->from : NULL,
	    p ? p->to : NULL, x->o->tombstones, xlsx_row, x, x->e);
	if (rc != 0)
		return x->e->code != 0 ? x->e->code : rc;
	xlsx_progress(x, sh->title);
	return xlsx_sheet_end(x, sh);
}

/* --- the summary --- */

static int
xlsx_pair(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, const char *label,
    const char *value)
{
	int rc = xlsx_string(x, ws, row, 0, label, x->f_bold);

	return rc != 0 ? rc : xlsx_string(x, ws, row, 1, value, NULL);
}

int
xlsx_summary(struct xlsx *x, lxw_worksheet *ws, const struct unit *u,
    struct xlsx_sheet *sheets, int n)
{
	const struct period *p = x->o->period;
	lxw_datetime now;
	lxw_row_t row = 0;
	lxw_error le;
	char text[128], url[LXW_MAX_SHEETNAME_LENGTH + 32];
	int rc;

	worksheet_set_column(ws, 0, 0, 48, NULL);
	worksheet_set_column(ws, 1, 1, 16, NULL);
	worksheet_set_column(ws, 2, 2, 34, NULL);
	worksheet_set_column(ws, 3, 3, 26, NULL);
	if ((rc = xlsx_string(x, ws, row, 0, i18n_pick("Dữ liệu chuyển đổi số",
	    "Digital transformation data"), x->f_title)) != 0)
		return rc;
	row += 2;
	if ((rc = xlsx_pair(x, ws, row++, i18n_pick("Mã đơn vị", "Unit code"),
	    u != NULL ? u->code : "")) != 0 ||
	    (rc = xlsx_pair(x, ws, row++, i18n_pick("Tên đơn vị", "Unit name"),
	    u != NULL ? u->name : "")) != 0)
		return rc;
	if (p != NULL)
		snprintf(text, sizeof text, "%s (%.2s/%.2s/%.4s – %.2s/%.2s/%.4s)", p->label,
		    p->from + 8, p->from + 5, p->from, p->to + 8, p->to + 5, p->to);
	else
		snprintf(text, sizeof text, "%s", i18n_pick("Toàn bộ", "All"));
	if ((rc = xlsx_pair(x, ws, row++, i18n_pick("Kỳ báo cáo", "Period"), text)) != 0)
		return rc;
	if ((rc = xlsx_string(x, ws, row, 0, i18n_pick("Thời điểm lập", "Created"),
	    x->f_bold)) != 0)
		return rc;
	xlsx_local(time(NULL), &now);
	if ((le = worksheet_write_datetime(ws, row++, 1, &now, x->f_time)) != LXW_NO_ERROR)
		return xlsx_lxw_fail(x, le);
	if (x->o->tombstones && (rc = xlsx_pair(x, ws, row++,
	    i18n_pick("Bản ghi đã xóa", "Deleted records"),
	    i18n_pick("Có, xem cột \"Đã xóa\"", "Included, see the column \"Deleted\""))) != 0)
		return rc;
	row++;
	if ((rc = xlsx_string(x, ws, row, 0, i18n_pick("Loại dữ liệu", "Records"),
	    x->f_head)) != 0 ||
	    (rc = xlsx_string(x, ws, row, 1, i18n_pick("Số bản ghi", "Rows"), x->f_head)) != 0 ||
	    (rc = xlsx_string(x, ws, row, 2, i18n_pick("Trang tính", "Sheet"), x->f_head)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		struct xlsx_sheet *sh = &sheets[i];
		row++;
		if ((rc = xlsx_string(x, ws, row, 0, sh->title, NULL)) != 0)
			return rc;
		if ((le = worksheet_write_number(ws, row, 1, (double)sh->rows, NULL)) !=
		    LXW_NO_ERROR)
			return xlsx_lxw_fail(x, le);
		snprintf(url, sizeof url, "internal:'%s'!A1", sh->name);
		if ((le = worksheet_write_url_opt(ws, row, 2, url, NULL, sh->name, NULL)) !=
		    LXW_NO_ERROR)
			return xlsx_lxw_fail(x, le);
		/* More rows than a sheet holds went on to "Name (2)"... */
		if (sh->part > 1) {
			if (strcmp(i18n_lang(), "en") == 0)
				snprintf(text, sizeof text, "and %d more sheets", sh->part - 1);
			else
				snprintf(text, sizeof text, "và %d trang tính tiếp theo", sh->part - 1);
			if ((rc = xlsx_string(x, ws, row, 3, text, NULL)) != 0)
				return rc;
		}
	}
	return 0;
}
