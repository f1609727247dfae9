/* xlsx-cell: one cell of the workbook for people — text Excel can hold,
 * real dates and numbers, units and referenced records by name. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xlsx-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/store-unit.h"

int
xlsx_nomem(struct xlsx *x)
{
	return err_set(x->e, ERR_NOMEM, _("out of memory"));
}

/* A failed libxlsxwriter call, named with the file. */
int
xlsx_lxw_fail(struct xlsx *x, lxw_error le)
{
	if (le == LXW_ERROR_MEMORY_MALLOC_FAILED)
		return xlsx_nomem(x);
	return err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path, lxw_strerror(le));
}

/* A failed write to a file, by errno. */
int
xlsx_io_fail(struct xlsx *x, int errnum)
{
	if (os_errno_full(errnum))
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
size_t
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

int
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

void
xlsx_local(time_t t, lxw_datetime *dt)
{
	struct tm tm;

	os_localtime(t, &tm);
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
	xlsx_local((time_t)os_timegm(&tm), dt);
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

int
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
	case XC_WARNED: {
		int wc = record_col_index(r->kind, RECORD_WARNINGS_COL);
		v = wc >= 0 ? r->val[wc] : NULL;
		return v != NULL && *v != '\0' ? xlsx_string(x, ws, row, c, v, NULL) : 0;
	}
	}
	return le == LXW_NO_ERROR ? 0 : xlsx_lxw_fail(x, le);
}
