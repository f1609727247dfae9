/* xlsx: the workbook for people. A summary sheet, then one sheet per kind
 * with the form's labels as headers, real dates and numbers, names instead
 * of ids, a frozen header row and a filter. libxlsxwriter runs in
 * constant-memory mode: each row goes to a temporary file as the store
 * streams it, so memory stays flat whatever the number of rows. The workbook
 * is built beside its final name and linked into place only when complete.
 * No curses, no SQLite. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "socds/export.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/safefile.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"

#define XLSX_PROGRESS_EVERY	5000	/* rows between progress calls */
#define XLSX_COLS_MAX		64
#define XLSX_SHEETS_MAX		64	/* the summary, the kinds and their overflow sheets */
#define XLSX_ROWS_MAX		(LXW_ROW_MAX - 1)	/* data rows under a header */
#define XLSX_SPACE_SLACK	(1 << 20)	/* bytes to spare when checking free space */
#define XLSX_VERIFY_CHUNK	65536	/* bytes read at a time when checking the file */

/* The sheets after the summary, in this order. */
static const enum kind_id xlsx_kinds[] = {
	KIND_STAFF, KIND_TRAINING, KIND_PARTICIPANT, KIND_VILLAGE, KIND_TEAM, KIND_MEMBER,
	KIND_ACTIVITY,
};
#define XLSX_NKINDS ((int)(sizeof xlsx_kinds / sizeof xlsx_kinds[0]))

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

enum xlsx_col_kind {
	XC_FIELD,	/* a field of the form */
	XC_COUNT,	/* one category of a counts field, as a number */
	XC_UNIT,	/* the record's unit: code and name */
	XC_ID,
	XC_UPDATED,
	XC_DELETED,
};

struct xlsx_col {
	enum xlsx_col_kind kind;
	const struct form_field *ff;
	const struct kind *ref;		/* REF/REFS: the kind referred to */
	const char *code;		/* XC_COUNT: the category */
	const char *header;
	double width;
};

/* A kind being written. More rows than a sheet holds go on "Name (2)". */
struct xlsx_sheet {
	const struct kind *kind;
	const struct form *form;
	const char *title;		/* the form's title, in the user's language */
	struct xlsx_col cols[XLSX_COLS_MAX];
	int ncols;
	char name[LXW_MAX_SHEETNAME_LENGTH];	/* its first sheet */
	lxw_worksheet *ws;		/* the sheet being filled */
	int ws_index;			/* its place in the workbook */
	lxw_row_t row;			/* its last row written */
	int part;
	int64_t rows;			/* data rows, all parts */
};

struct xlsx_unit {
	char code[8];
	char *label;		/* "21853 Xã Phù Cát" */
};

struct xlsx {
	struct store *s;
	const struct export_opts *o;
	const char *path;
	struct err *e;
	const char *within;
	const char *dir;	/* the output's folder: libxlsxwriter's scratch files */
	const char *tmp;	/* the safefile temporary the workbook is written to */

	lxw_workbook *wb;
	lxw_format *f_head, *f_date, *f_time, *f_title, *f_bold;
	char sheet_names[XLSX_SHEETS_MAX][LXW_MAX_SHEETNAME_LENGTH];
	int nsheet_names;
	int64_t sheet_rows[XLSX_SHEETS_MAX];	/* rows each sheet must hold, -1 unknown */
	struct xlsx_sheet *sh;

	struct export_names *names;	/* of referenced records */
	struct xlsx_unit *units;
	size_t nunits, units_cap, unit_last;

	struct tbuf buf, part;		/* scratch for one cell */
	char **codes;			/* help categories stored in the file */
	size_t ncodes;
	int64_t done, total;
};

static int
xlsx_nomem(struct xlsx *x)
{
	return err_set(x->e, ERR_NOMEM, _("out of memory"));
}

/* A failed libxlsxwriter call, named with the file. */
static int
xlsx_lxw_fail(struct xlsx *x, lxw_error le)
{
	if (le == LXW_ERROR_MEMORY_MALLOC_FAILED)
		return xlsx_nomem(x);
	return err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path, lxw_strerror(le));
}

/* A failed write to a file, by errno. */
static int
xlsx_io_fail(struct xlsx *x, int errnum)
{
	if (errnum == ENOSPC || errnum == EFBIG || errnum == EDQUOT)
		return err_set(x->e, ERR_FULL, _("%s: the disk is full; nothing was written"),
		    x->path);
	return err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path, err_errno(errnum));
}

/* --- text --- */

static void
xlsx_buf_clear(struct tbuf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

/* Number of characters (code points) of UTF-8 s. */
static size_t
xlsx_chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Whether s can go into the XML as it is: valid UTF-8 without the control
 * characters XML 1.0 forbids. */
static bool
xlsx_text_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	bool ascii = true;

	for (; *u != '\0'; u++) {
		if (*u < 0x20 && *u != '\t' && *u != '\n' && *u != '\r')
			return false;
		if (*u >= 0x80)
			ascii = false;
	}
	return ascii || text_utf8_valid(s, (size_t)((const char *)u - s), NULL);
}

/* A copy of s with bad bytes and forbidden controls as U+FFFD. */
static const char *
xlsx_text_fix(struct xlsx *x, const char *s)
{
	size_t len = strlen(s), pos = 0, bad;

	xlsx_buf_clear(&x->part);
	while (pos < len) {
		const char *p = s + pos;
		if (text_utf8_valid(p, len - pos, &bad))
			bad = len - pos;
		for (size_t i = 0; i < bad; i++) {
			unsigned char c = (unsigned char)p[i];
			bool ctl = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
			if (tbuf_append(&x->part, ctl ? "\xef\xbf\xbd" : p + i, ctl ? 3 : 1) != 0)
				return NULL;
		}
		pos += bad;
		if (pos < len) {
			if (tbuf_append(&x->part, "\xef\xbf\xbd", 3) != 0)
				return NULL;
			pos++;
		}
	}
	return x->part.p != NULL ? x->part.p : "";
}

static int
xlsx_string(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
    const char *s, lxw_format *f)
{
	lxw_error le;

	if (s == NULL || *s == '\0')
		return 0;
	if (!xlsx_text_ok(s) && (s = xlsx_text_fix(x, s)) == NULL)
		return xlsx_nomem(x);
	if ((le = worksheet_write_string(ws, row, col, s, f)) != LXW_NO_ERROR)
		return xlsx_lxw_fail(x, le);
	return 0;
}

/* --- values --- */

/* "2026-03-05" -> a date; false when s is not one Excel can hold. */
static bool
xlsx_date(const char *s, lxw_datetime *dt)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return false;
	memset(dt, 0, sizeof *dt);
	dt->year = atoi(s);
	dt->month = atoi(s + 5);
	dt->day = atoi(s + 8);
	return dt->year >= 1900 && dt->month >= 1 && dt->month <= 12 && dt->day >= 1 &&
	    dt->day <= 31;
}

static void
xlsx_local(time_t t, lxw_datetime *dt)
{
	struct tm tm;

	localtime_r(&t, &tm);
	dt->year = tm.tm_year + 1900;
	dt->month = tm.tm_mon + 1;
	dt->day = tm.tm_mday;
	dt->hour = tm.tm_hour;
	dt->min = tm.tm_min;
	dt->sec = tm.tm_sec;
}

/* "2026-03-05T07:30:15Z" (UTC) -> local time, as the user's clock shows it. */
static bool
xlsx_stamp(const char *s, lxw_datetime *dt)
{
	struct tm tm;
	lxw_datetime d;

	if (!xlsx_date(s, &d) || s[10] != 'T' || strlen(s) < 19)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day;
	tm.tm_hour = atoi(s + 11);
	tm.tm_min = atoi(s + 14);
	tm.tm_sec = atoi(s + 17);
	xlsx_local(timegm(&tm), dt);
	return dt->year >= 1900;
}

/* A stored number ("1985", "8.0", "2.5"); false for anything else. */
static bool
xlsx_number(const char *s, double *d)
{
	char *end;

	if (strspn(s, "+-0123456789.") != strlen(s))
		return false;
	errno = 0;
	*d = strtod(s, &end);
	return *end == '\0' && errno == 0 && isfinite(*d);
}

/* The count of `code` in a stored "code=n;code=n"; -1 when absent. */
static double
xlsx_count(const char *v, const char *code)
{
	size_t clen = strlen(code);

	for (const char *p = v; p != NULL && *p != '\0'; ) {
		const char *semi = strchr(p, ';');
		if (strncmp(p, code, clen) == 0 && p[clen] == '=') {
			double d;
			char num[24];
			size_t n = semi ? (size_t)(semi - p - (ptrdiff_t)clen - 1) :
			    strlen(p + clen + 1);
			if (n >= sizeof num)
				return -1;
			memcpy(num, p + clen + 1, n);
			num[n] = '\0';
			return xlsx_number(num, &d) ? d : -1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return -1;
}

/* "21853 Xã Phù Cát" for a unit code; NULL with x->e filled on failure. */
static const char *
xlsx_unit(struct xlsx *x, const char *code)
{
	struct xlsx_unit *u;
	struct unit un;
	char label[sizeof un.code + sizeof un.name + 2];
	int rc;

	if (x->nunits > 0 && strcmp(x->units[x->unit_last].code, code) == 0)
		return x->units[x->unit_last].label;
	for (size_t i = 0; i < x->nunits; i++)
		if (strcmp(x->units[i].code, code) == 0) {
			x->unit_last = i;
			return x->units[i].label;
		}
	if ((rc = store_unit_get(x->s, code, &un, x->e)) == ERR_NOTFOUND) {
		err_clear(x->e);
		snprintf(label, sizeof label, "%s", code);
	} else if (rc != 0)
		return NULL;
	else
		snprintf(label, sizeof label, "%s %s", un.code, un.name);
	if (x->nunits == x->units_cap) {
		size_t cap = x->units_cap == 0 ? 16 : x->units_cap * 2;
		if ((u = realloc(x->units, cap * sizeof *u)) == NULL) {
			xlsx_nomem(x);
			return NULL;
		}
		x->units = u;
		x->units_cap = cap;
	}
	u = &x->units[x->nunits];
	snprintf(u->code, sizeof u->code, "%s", code);
	if ((u->label = strdup(label)) == NULL) {
		xlsx_nomem(x);
		return NULL;
	}
	x->unit_last = x->nunits++;
	return u->label;
}

/* Members present: their names joined by ", ". */
static const char *
xlsx_names_of(struct xlsx *x, const struct kind *k, const char *ids)
{
	xlsx_buf_clear(&x->buf);
	for (const char *p = ids; *p != '\0'; ) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		char id[UUID_STR_LEN];
		const char *name;

		if (len > 0 && len < sizeof id) {
			memcpy(id, p, len);
			id[len] = '\0';
			if ((name = export_names_get(x->names, k, id, x->e)) == NULL)
				return NULL;
			if ((x->buf.len > 0 && tbuf_append(&x->buf, ", ", 2) != 0) ||
			    tbuf_append(&x->buf, name, strlen(name)) != 0) {
				xlsx_nomem(x);
				return NULL;
			}
		}
		p += len + (semi != NULL);
	}
	return x->buf.p != NULL ? x->buf.p : "";
}

static int
xlsx_field(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c,
    const struct xlsx_col *col, const char *v)
{
	const struct form_field *ff = col->ff;
	lxw_datetime dt;
	lxw_error le;
	const char *s = v;
	double d;

	switch (ff->type) {
	case FIELD_DATE:
		if (xlsx_date(v, &dt)) {
			le = worksheet_write_datetime(ws, row, c, &dt, x->f_date);
			return le == LXW_NO_ERROR ? 0 : xlsx_lxw_fail(x, le);
		}
		if (form_format(ff, v, &x->buf) != 0)
			return xlsx_nomem(x);
		s = x->buf.p;
		break;
	case FIELD_INT:
	case FIELD_DECIMAL:
		if (xlsx_number(v, &d)) {
			le = worksheet_write_number(ws, row, c, d, NULL);
			return le == LXW_NO_ERROR ? 0 : xlsx_lxw_fail(x, le);
		}
		break;
	case FIELD_BOOL:
	case FIELD_CHOICE:
	case FIELD_MULTI:
	case FIELD_COUNTS:
		if (form_format(ff, v, &x->buf) != 0)
			return xlsx_nomem(x);
		s = x->buf.p;
		break;
	case FIELD_REF:
		if (col->ref != NULL &&
		    (s = export_names_get(x->names, col->ref, v, x->e)) == NULL)
			return x->e->code;
		break;
	case FIELD_REFS:
		if (col->ref != NULL && (s = xlsx_names_of(x, col->ref, v)) == NULL)
			return x->e->code;
		break;
	default:
		break;
	}
	return xlsx_string(x, ws, row, c, s, NULL);
}

static int
xlsx_cell(struct xlsx *x, const struct record *r, lxw_row_t row, lxw_col_t c)
{
	const struct xlsx_col *col = &x->sh->cols[c];
	lxw_worksheet *ws = x->sh->ws;
	lxw_datetime dt;
	lxw_error le = LXW_NO_ERROR;
	const char *v, *s;
	double d;

	switch (col->kind) {
	case XC_FIELD:
		v = r->val[col->ff->col];
		if (v == NULL || *v == '\0')
			return 0;
		return xlsx_field(x, ws, row, c, col, v);
	case XC_COUNT:
		v = r->val[col->ff->col];
		if (v != NULL && (d = xlsx_count(v, col->code)) >= 0)
			le = worksheet_write_number(ws, row, c, d, NULL);
		break;
	case XC_UNIT:
		if ((s = xlsx_unit(x, r->unit_code)) == NULL)
			return x->e->code;
		return xlsx_string(x, ws, row, c, s, NULL);
	case XC_ID:
		return xlsx_string(x, ws, row, c, r->id, NULL);
	case XC_UPDATED:
		if (xlsx_stamp(r->updated_at, &dt))
			le = worksheet_write_datetime(ws, row, c, &dt, x->f_time);
		else
			return xlsx_string(x, ws, row, c, r->updated_at, NULL);
		break;
	case XC_DELETED:
		return xlsx_string(x, ws, row, c, r->deleted ? i18n_pick("Có", "Yes") :
		    i18n_pick("Không", "No"), NULL);
	}
	return le == LXW_NO_ERROR ? 0 : xlsx_lxw_fail(x, le);
}

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

static int
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
 * category), then unit, id, update time and, with tombstones, deleted. */
static int
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

static int
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

static int
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

/* --- the file --- */

/*
 * libxlsxwriter ignores failed writes to its row files, so they are checked
 * here; and closing copies the largest sheet once more before zipping it, so
 * that much room must be free, or the workbook would come out cut short.
 */
static int
xlsx_check_space(struct xlsx *x)
{
	lxw_worksheet *ws;
	off_t biggest = 0, sum = 0, at;
	uint64_t avail;

	LXW_FOREACH_WORKSHEET(ws, x->wb) {
		FILE *f = ws->optimize_tmpfile;
		if (f == NULL)
			continue;
		if (fflush(f) != 0 || ferror(f))
			return xlsx_io_fail(x, errno != 0 ? errno : EIO);
		if ((at = ftello(f)) > 0) {
			sum += at;
			if (at > biggest)
				biggest = at;
		}
	}
	if (os_disk_free(x->dir, &avail) == 0 &&
	    (uintmax_t)avail < (uintmax_t)(biggest + sum / 4 + XLSX_SPACE_SLACK))
		return xlsx_io_fail(x, ENOSPC);
	return 0;
}

/*
 * Reads the finished workbook back. libxlsxwriter does not notice a failed
 * write to the temporary copy it makes of each sheet, which would leave the
 * sheet cut short inside a sound zip file: every sheet must end its XML and
 * hold the rows written to it.
 */
static int
xlsx_verify(struct xlsx *x)
{
	static const char row_tag[] = "<row ", end_tag[] = "</worksheet>";
	char *buf = NULL, name[48];
	zip_t *z;
	int zerr, rc = 0;

	if ((z = zip_open(x->tmp, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	/* Room before the chunk for the end of the previous one. */
	if ((buf = malloc(XLSX_VERIFY_CHUNK + sizeof end_tag)) == NULL) {
		zip_discard(z);
		return xlsx_nomem(x);
	}
	for (int i = 0; i < x->nsheet_names && rc == 0; i++) {
		zip_file_t *f;
		zip_int64_t got;
		size_t keep = 0;
		int64_t rows = 0;

		snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i + 1);
		if ((f = zip_fopen(z, name, 0)) == NULL) {
			rc = err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path,
			    zip_strerror(z));
			break;
		}
		while ((got = zip_fread(f, buf + keep, XLSX_VERIFY_CHUNK)) > 0) {
			size_t len = keep + (size_t)got, tag = sizeof row_tag - 1;
			/* Tags wholly inside the bytes kept were counted last time. */
			const char *p = buf + (keep > tag - 1 ? keep - (tag - 1) : 0);
			for (; (p = memchr(p, '<', len - (size_t)(p - buf))) != NULL; p++)
				if ((size_t)(buf + len - p) >= tag && memcmp(p, row_tag, tag) == 0)
					rows++;
			keep = len < sizeof end_tag - 1 ? len : sizeof end_tag - 1;
			memmove(buf, buf + len - keep, keep);
		}
		if (got < 0)
			rc = err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path,
			    zip_file_strerror(f));
		else if (keep < sizeof end_tag - 1 ||
		    memcmp(buf + keep - (sizeof end_tag - 1), end_tag, sizeof end_tag - 1) != 0 ||
		    (x->sheet_rows[i] >= 0 && rows != x->sheet_rows[i]))
			rc = xlsx_io_fail(x, ENOSPC);	/* a sheet cut short */
		zip_fclose(f);
	}
	free(buf);
	zip_discard(z);
	return rc;
}

static int
xlsx_close(struct xlsx *x)
{
	lxw_error le;
	unsigned old;
	int saved;

	old = os_private_begin();
	errno = 0;
	le = workbook_close(x->wb);
	saved = errno;
	os_private_end(old);
	x->wb = NULL;
	if (le == LXW_NO_ERROR)
		return 0;
	if (saved == ENOSPC || saved == EFBIG || saved == EDQUOT)
		return xlsx_io_fail(x, saved);
	return xlsx_lxw_fail(x, le);
}

static int
xlsx_formats(struct xlsx *x)
{
	if ((x->f_head = workbook_add_format(x->wb)) == NULL ||
	    (x->f_date = workbook_add_format(x->wb)) == NULL ||
	    (x->f_time = workbook_add_format(x->wb)) == NULL ||
	    (x->f_title = workbook_add_format(x->wb)) == NULL ||
	    (x->f_bold = workbook_add_format(x->wb)) == NULL)
		return xlsx_nomem(x);
	format_set_bold(x->f_head);
	format_set_bottom(x->f_head, LXW_BORDER_THIN);
	format_set_text_wrap(x->f_head);
	format_set_align(x->f_head, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(x->f_date, "dd/mm/yyyy");
	format_set_num_format(x->f_time, "dd/mm/yyyy hh:mm");
	format_set_align(x->f_time, LXW_ALIGN_LEFT);
	format_set_bold(x->f_title);
	format_set_font_size(x->f_title, 14);
	format_set_bold(x->f_bold);
	return 0;
}

/* The unit the export covers: opts->within, else the home unit. */
static int
xlsx_scope(struct xlsx *x, struct unit *u, bool *have)
{
	int rc;

	*have = false;
	if (x->o->within != NULL)
		rc = store_unit_get(x->s, x->o->within, u, x->e);
	else if ((rc = store_home_get(x->s, u, x->e)) == ERR_NOTFOUND) {
		err_clear(x->e);	/* no home yet: everything in the file */
		return 0;
	}
	if (rc != 0)
		return rc;
	*have = true;
	x->within = u->code;
	return 0;
}

static int
xlsx_totals(struct xlsx *x, struct xlsx_sheet *sheets, int n)
{
	const struct period *p = x->o->period;

	for (int i = 0; i < n; i++) {
		int64_t c = 0;
		if (store_record_each_count(x->s, sheets[i].kind, x->within, p ? p->from : NULL,
		    p ? p->to : NULL, x->o->tombstones, &c, x->e) != 0)
			return x->e->code;
		x->total += c;
	}
	return 0;
}

static void
xlsx_free(struct xlsx *x)
{
	if (x->wb != NULL)
		lxw_workbook_free(x->wb);
	x->wb = NULL;
	export_names_free(x->names);
	x->names = NULL;
	for (size_t i = 0; i < x->nunits; i++)
		free(x->units[i].label);
	free(x->units);
	for (size_t i = 0; i < x->ncodes; i++)
		free(x->codes[i]);
	free(x->codes);
	tbuf_free(&x->buf);
	tbuf_free(&x->part);
}

int
export_xlsx_to(struct store *s, const struct forms *fs, const struct export_opts *o,
    struct safefile *sf, struct err *e)
{
	static const struct export_opts none = { 0 };
	struct xlsx x = { .s = s, .o = o != NULL ? o : &none,
		.path = sf->path[0] != '\0' ? sf->path : sf->tmp, .e = e,
		.dir = sf->dir, .tmp = sf->tmp };
	struct xlsx_sheet *sheets = NULL;
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	lxw_doc_properties props = { 0 };
	lxw_worksheet *summary;
	struct unit u;
	bool have_unit;
	char title[256];
	int n = 0, rc, help_col = record_col_index(&record_kinds[KIND_ACTIVITY], "helped");

	err_clear(e);
	if (!sf->by_name || sf->tmp[0] == '\0')
		return err_set(e, ERR_FAIL, "export_xlsx_to: not a safefile opened by name");
	if ((sheets = calloc(XLSX_NKINDS, sizeof *sheets)) == NULL) {
		rc = xlsx_nomem(&x);
		goto out;
	}
	if ((x.names = export_names_new(s, e)) == NULL) {
		rc = e->code;
		goto out;
	}
	if ((rc = xlsx_scope(&x, &u, &have_unit)) != 0)
		goto out;
	if (help_col >= 0 && (rc = store_child_codes(s, &record_kinds[KIND_ACTIVITY], help_col,
	    xlsx_code_add, &x, e)) != 0) {
		rc = e->code != 0 ? e->code : xlsx_nomem(&x);
		goto out;
	}
	for (int i = 0; i < XLSX_NKINDS; i++) {
		const struct kind *k = &record_kinds[xlsx_kinds[i]];
		const struct form *f = forms_get(fs, k);
		/* Without its form a kind would be left out unnoticed. */
		if (f == NULL) {
			rc = err_set(e, ERR_NOTFOUND, _("There is no form for %s (forms/%s.form)."),
			    k->name, k->name);
			goto out;
		}
		sheets[n].kind = k;
		sheets[n].form = f;
		sheets[n].title = i18n_pick(f->title_vi, f->title_en);
		if ((rc = xlsx_columns(&x, &sheets[n])) != 0)
			goto out;
		n++;
	}
	if (x.o->progress != NULL && (rc = xlsx_totals(&x, sheets, n)) != 0)
		goto out;

	/* Row files go beside the output: the same disk, not a small /tmp. */
	wo.tmpdir = (char *)x.dir;
	if ((x.wb = workbook_new_opt(x.tmp, &wo)) == NULL) {
		rc = xlsx_nomem(&x);
		goto out;
	}
	snprintf(title, sizeof title, "%s%s%s", i18n_pick("Dữ liệu chuyển đổi số",
	    "Digital transformation data"), have_unit ? " — " : "", have_unit ? u.name : "");
	props.title = title;
	props.comments = "socds " SOCDS_VERSION;
	if (workbook_set_properties(x.wb, &props) != LXW_NO_ERROR ||
	    (rc = xlsx_formats(&x)) != 0) {
		rc = rc != 0 ? rc : xlsx_nomem(&x);
		goto out;
	}
	x.sheet_rows[x.nsheet_names] = -1;
	snprintf(x.sheet_names[x.nsheet_names++], LXW_MAX_SHEETNAME_LENGTH, "%s", "Tổng hợp");
	if ((summary = workbook_add_worksheet(x.wb, "Tổng hợp")) == NULL) {
		rc = xlsx_nomem(&x);
		goto out;
	}
	for (int i = 0; i < n; i++)
		if ((rc = xlsx_kind(&x, &sheets[i])) != 0)
			goto out;
	if ((rc = xlsx_summary(&x, summary, have_unit ? &u : NULL, sheets, n)) != 0 ||
	    (rc = xlsx_check_space(&x)) != 0 || (rc = xlsx_close(&x)) != 0 ||
	    (rc = xlsx_verify(&x)) != 0)
		goto out;
out:
	xlsx_free(&x);
	free(sheets);
	return rc;
}
