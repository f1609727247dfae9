/* export-csv: one kind to CSV, streamed from the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/encoding.h"
#include "socds/export.h"
#include "socds/i18n.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"

/* The record's own columns close every row, so an export imports back whole. */
static const char *const csv_meta[] = { "id", "unit_code", "created_at", "updated_at",
	"version", "deleted" };
#define CSV_NMETA (sizeof csv_meta / sizeof csv_meta[0])
/* Rows gather in memory and go to the file this many bytes at a time: one
 * write for hundreds of rows, instead of stdio calls for every field. */
#define CSV_FLUSH (256 * 1024)

struct csv_out {
	struct store *s;
	const struct kind *k;
	const struct form *f;
	const struct export_opts *o;
	bool machine;
	struct encoder *enc;
	FILE *out;
	struct err *e;
	int64_t rows;
	long line;		/* for messages: the CSV line being written */
	struct export_names *names;	/* human export: names of references */
	struct tbuf tb, quoted;
	struct tbuf guarded;		/* human export: a cell with its "'" */
	struct tbuf buf;		/* rows not yet written */
};

/* Quotes a field as RFC 4180 asks, into tb. */
static const char *
csv_quote(struct csv_out *c, const char *v)
{
	size_t n = 0, len = strlen(v);
	bool q = strpbrk(v, ",\"\r\n") != NULL;

	if (!q)
		return v;
	if (c->quoted.cap < 2 * len + 3) {
		char *p = realloc(c->quoted.p, 2 * len + 3);
		if (p == NULL)
			return NULL;
		c->quoted.p = p;
		c->quoted.cap = 2 * len + 3;
	}
	c->quoted.p[n++] = '"';
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			c->quoted.p[n++] = '"';
		c->quoted.p[n++] = *p;
	}
	c->quoted.p[n++] = '"';
	c->quoted.p[n] = '\0';
	return c->quoted.p;
}

/* Adds len bytes to the rows waiting to be written. */
static int
csv_add(struct csv_out *c, const char *s, size_t len)
{
	return tbuf_append(&c->buf, s, len) == 0 ? 0 :
	    err_set(c->e, ERR_NOMEM, _("out of memory"));
}

/* Writes out the rows gathered so far. */
static int
csv_flush(struct csv_out *c)
{
	if (c->buf.len > 0 && fwrite(c->buf.p, 1, c->buf.len, c->out) != c->buf.len)
		return err_set(c->e, ERR_IO, _("write error"));
	c->buf.len = 0;
	return 0;
}

/* Adds one field (with its separator); a value the encoding cannot hold
 * is named by row and column. For people, a cell that a spreadsheet would
 * run as a formula gets a "'" in front (csv_formula_risk); --machine
 * writes every value exactly. */
static int
csv_put(struct csv_out *c, const char *v, bool first, const char *col)
{
	const char *q;

	if (!first && csv_add(c, ",", 1) != 0)
		return c->e->code;
	if (v == NULL || *v == '\0')
		return 0;
	if (!c->machine && csv_formula_risk(v)) {
		c->guarded.len = 0;
		if (tbuf_append(&c->guarded, "'", 1) != 0 ||
		    tbuf_append(&c->guarded, v, strlen(v)) != 0)
			return err_set(c->e, ERR_NOMEM, _("out of memory"));
		v = c->guarded.p;
	}
	if ((q = csv_quote(c, v)) == NULL)
		return err_set(c->e, ERR_NOMEM, _("out of memory"));
	if (encoder_append(c->enc, q, &c->buf, c->e) != 0) {
		err_prefix(c->e, _("line %ld, column %s"), c->line, col);
		return c->e->code;
	}
	return 0;
}

/* A whole number, as %lld writes it (digits need no quoting or encoding). */
static int
csv_put_int(struct csv_out *c, long long v)
{
	char num[24], *p = num + sizeof num;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return csv_add(c, ",", 1) != 0 ? c->e->code :
	    csv_add(c, p, (size_t)(num + sizeof num - p));
}

/* A human export shows references by name. */
static const char *
csv_ref_names(struct csv_out *c, const struct form_field *ff, const char *v)
{
	const struct kind *rk = record_kind(ff->ref);

	if (rk == NULL)
		return v;
	c->tb.len = 0;
	for (const char *p = v; *p;) {
		char id[UUID_STR_LEN];
		size_t len = strcspn(p, ";");
		snprintf(id, sizeof id, "%.*s", (int)len, p);
		const char *shown = export_names_get(c->names, rk, id, c->e);
		if (shown == NULL)
			return NULL;
		if ((c->tb.len > 0 && tbuf_append(&c->tb, ";", 1) != 0) ||
		    tbuf_append(&c->tb, shown, strlen(shown)) != 0)
			return NULL;
		p += len;
		if (*p == ';')
			p++;
	}
	return c->tb.len ? c->tb.p : "";
}

static int
csv_row(const struct record *r, void *arg)
{
	struct csv_out *c = arg;
	bool first = true;

	c->line++;
	if (c->machine) {
		for (int i = 0; i < c->k->ncols; i++) {
			if (csv_put(c, r->val[i], first, c->k->cols[i].name) != 0)
				return -1;
			first = false;
		}
	} else {
		for (size_t i = 0; i < c->f->n; i++) {
			const struct form_field *ff = &c->f->fields[i];
			const char *v = r->val[ff->col], *shown = v;
			if (v != NULL && (ff->type == FIELD_REF || ff->type == FIELD_REFS)) {
				if ((shown = csv_ref_names(c, ff, v)) == NULL)
					return -1;
			} else if (v != NULL && form_format(ff, v, &c->tb) == 0)
				shown = c->tb.p;
			if (csv_put(c, shown, first, form_label(ff)) != 0)
				return -1;
			first = false;
		}
		/* The warnings confirmed: names, as the office above reads them. */
		int wc = record_col_index(c->k, RECORD_WARNINGS_COL);
		if (wc >= 0 && csv_put(c, r->val[wc], first, RECORD_WARNINGS_COL) != 0)
			return -1;
	}
	if (csv_put(c, r->id, first, "id") != 0 || csv_put(c, r->unit_code, false, "unit_code") != 0 ||
	    csv_put(c, r->created_at, false, "created_at") != 0 ||
	    csv_put(c, r->updated_at, false, "updated_at") != 0 ||
	    csv_put_int(c, r->version) != 0 || csv_put_int(c, r->deleted) != 0 ||
	    csv_add(c, "\r\n", 2) != 0)
		return -1;
	if (c->buf.len >= CSV_FLUSH && csv_flush(c) != 0)
		return -1;
	c->rows++;
	if (c->o->progress != NULL && c->rows % 5000 == 0)
		c->o->progress(c->k->name, c->rows, 0, c->o->arg);
	return 0;
}

int
export_csv(struct store *s, const struct forms *fs, const struct kind *k,
    const struct export_opts *o, bool machine, const char *encoding, FILE *out,
    int64_t *rows, struct err *e)
{
	struct csv_out c;
	struct unit home;
	const char *within = o->within;
	bool first = true;
	int rc;

	c = (struct csv_out){ .s = s, .k = k, .o = o, .machine = machine, .out = out, .e = e,
		.line = 1 };
	c.f = forms_get(fs, k);
	if (!machine && c.f == NULL)
		return err_set(e, ERR_INVALID, _("there is no form for %s (forms/%s.form)"), k->name,
		    k->name);
	if (within == NULL) {
		if (store_home_get(s, &home, e) != 0)
			return e->code;
		within = home.code;
	}
	if ((c.enc = encoder_new(encoding != NULL ? encoding : "utf-8", e)) == NULL)
		return e->code;
	if (!machine && (c.names = export_names_new(s, e)) == NULL) {
		encoder_free(c.enc);
		return e->code;
	}
	/* Excel reads UTF-8 CSV right only with a byte-order mark. */
	if (encoding == NULL || strcmp(encoding, "utf-8") == 0)
		csv_add(&c, "\xEF\xBB\xBF", 3);
	if (machine) {
		for (int i = 0; i < k->ncols && e->code == 0; i++, first = false)
			csv_put(&c, k->cols[i].name, first, k->cols[i].name);
	} else {
		for (size_t i = 0; i < c.f->n && e->code == 0; i++, first = false)
			csv_put(&c, form_label(&c.f->fields[i]), first, c.f->fields[i].name);
		if (record_col_index(k, RECORD_WARNINGS_COL) >= 0 && e->code == 0) {
			csv_put(&c, RECORD_WARNINGS_COL, first, RECORD_WARNINGS_COL);
			first = false;
		}
	}
	for (size_t i = 0; i < CSV_NMETA && e->code == 0; i++, first = false)
		csv_put(&c, csv_meta[i], first, csv_meta[i]);
	if (e->code == 0)
		csv_add(&c, "\r\n", 2);
	rc = e->code;
	if (rc == 0 && (o->changed_only ? store_record_each_changed(s, k, within, csv_row, &c, e) :
	    store_record_each(s, k, within, o->period ? o->period->from : NULL,
	    o->period ? o->period->to : NULL, o->tombstones, csv_row, &c, e)) != 0)
		rc = e->code ? e->code : ERR_FAIL;
	if (rc == 0 && csv_flush(&c) != 0)
		rc = e->code;
	encoder_free(c.enc);
	export_names_free(c.names);
	tbuf_free(&c.tb);
	tbuf_free(&c.quoted);
	tbuf_free(&c.guarded);
	tbuf_free(&c.buf);
	if (rows != NULL)
		*rows = c.rows;
	return rc;
}
