/* import-read: the first stage of an import — the file's encoding and
 * separator, its rows one at a time (never the whole file in memory), and
 * the preview a screen shows before anything is checked. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "import-internal.h"
#include "socds/encoding.h"
#include "socds/i18n.h"

bool
imp_blank(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
			return false;
	return true;
}

static bool
imp_row_blank(struct csv *c)
{
	for (size_t j = 0; j < csv_nfields(c); j++)
		if (!imp_blank(csv_field(c, j)))
			return false;
	return true;
}

int
imp_setup(struct imp *im, const struct forms *fs, const char *path,
    const struct import_opts *o, struct import_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	memset(im, 0, sizeof *im);
	im->o = o;
	im->res = res;
	im->f.path = path;
	im->f.kind = o->kind;
	im->f.enc = o->encoding != NULL ? o->encoding : "auto";
	im->mark = INT64_MAX;
	if (o->kind == NULL || (im->f.form = forms_get(fs, o->kind)) == NULL)
		return err_set(e, ERR_USAGE, _("records of kind %s cannot be imported"),
		    o->kind != NULL ? o->kind->name : "?");
	if (encoding_canonical(im->f.enc) == NULL)
		return err_set(e, ERR_USAGE,
		    _("unknown encoding '%s': use auto, utf-8, cp1258, viscii or tcvn"), im->f.enc);
	return 0;
}

/* Reads the first line to choose the separator; no further than a header
 * may be long (the reader then refuses it). */
int
imp_sniff(struct imp *im, struct err *e)
{
	FILE *fp;
	int ch, comma = 0, semi = 0;
	bool quoted = false, any = false;
	size_t n = 0;

	if ((fp = encoding_open_read(im->f.path, im->f.enc, im->f.encoding,
	    sizeof im->f.encoding, e)) == NULL)
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
			err_set(e, ERR_IO, _("%s: cannot read: %s"), im->f.path, err_errno(errno));
		fclose(fp);
		return e->code;
	}
	fclose(fp);
	if (!any)
		return err_set(e, ERR_INVALID, _("%s: the file is empty"), im->f.path);
	im->f.delim = semi > 0 && comma == 0 ? ';' : ',';
	snprintf(im->res->encoding, sizeof im->res->encoding, "%s", im->f.encoding);
	im->res->delim = im->f.delim;
	return 0;
}

int
imp_rows_open(struct imp *im, struct err *e)
{
	int rc;

	if ((im->f.fp = encoding_open_read(im->f.path, im->f.encoding, NULL, 0, e)) == NULL)
		return e->code;
	if ((im->f.csv = csv_open(im->f.fp, im->f.path, im->f.delim)) == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if ((rc = csv_next(im->f.csv, e)) <= 0)
		return rc == 0 ? err_set(e, ERR_INVALID, _("%s: the file is empty"), im->f.path) :
		    e->code;
	return imp_header(im, e);
}

int
imp_rows_next(struct imp *im, bool *more, struct err *e)
{
	int rc;

	while ((rc = csv_next(im->f.csv, e)) == 1) {
		csv_unguard_row(im->f.csv);	/* a "'" a people's export put before "=..." */
		if (imp_row_blank(im->f.csv))
			continue;
		im->row.line = csv_line(im->f.csv);
		*more = true;
		return 0;
	}
	*more = false;
	return rc < 0 ? (e->code ? e->code : ERR_FAIL) : 0;
}

int
imp_rows_close(struct imp *im, int rc, struct err *e)
{
	if (rc != 0 && e->code == ERR_IO && im->f.fp != NULL)
		encoding_read_error(im->f.fp, e);	/* the reason the stream failed */
	csv_free(im->f.csv);
	im->f.csv = NULL;
	if (im->f.fp != NULL)
		fclose(im->f.fp);
	im->f.fp = NULL;
	return rc != 0 ? (e->code ? e->code : ERR_FAIL) : 0;
}

void
imp_free(struct imp *im)
{
	free(im->f.cols);
	free(im->f.field_col);
	tbuf_free(&im->c.val);
	tbuf_free(&im->c.cell);
	tbuf_free(&im->c.fold);
	tbuf_free(&im->c.list);
	tbuf_free(&im->row.reasons);
	if (im->c.stored.val != NULL)
		record_free(&im->c.stored);
	form_seen_free(&im->f.ids);
	form_seen_free(&im->f.people);
	form_seen_free(&im->f.unique);
	if (im->rej_open)
		safefile_abort(&im->rej);
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

static int
imp_preview_rows(struct imp *im, struct import_preview *pv, struct err *e)
{
	bool more = true;
	int rc;

	pv->ncols_file = (int)im->f.ncols;
	pv->ncols = im->f.ncols < IMPORT_PREVIEW_COLS ? (int)im->f.ncols : IMPORT_PREVIEW_COLS;
	for (int c = 0; c < pv->ncols; c++) {
		imp_copy_cut(pv->header[c], sizeof pv->header[c], csv_field(im->f.csv, (size_t)c));
		imp_copy_cut(pv->mapped[c], sizeof pv->mapped[c], imp_col_label(im, (size_t)c));
	}
	while (pv->nrows < IMPORT_PREVIEW_ROWS) {
		if ((rc = imp_rows_next(im, &more, e)) != 0 || !more)
			return rc;
		for (int c = 0; c < pv->ncols; c++)
			imp_copy_cut(pv->cell[pv->nrows][c], sizeof pv->cell[0][0],
			    csv_field(im->f.csv, (size_t)c));
		pv->nrows++;
	}
	return 0;
}

int
import_preview(const struct forms *fs, const char *path, const struct import_opts *o,
    struct import_preview *pv, struct err *e)
{
	struct imp im;
	struct import_result res;
	struct import_opts quiet = *o;
	int rc;

	memset(pv, 0, sizeof *pv);
	quiet.problem = NULL;	/* the dry run reports; the preview only shows */
	if ((rc = imp_setup(&im, fs, path, &quiet, &res, e)) != 0 || (rc = imp_sniff(&im, e)) != 0)
		goto out;
	snprintf(pv->encoding, sizeof pv->encoding, "%s", encoding_display(res.encoding));
	pv->delim = res.delim;
	if ((rc = imp_rows_open(&im, e)) == 0)
		rc = imp_preview_rows(&im, pv, e);
	rc = imp_rows_close(&im, rc, e);
out:
	imp_free(&im);
	return rc;
}
