/* import-apply: the last stage of an import — one pass over the file
 * inside one write transaction: each row checked (import-row.c), every
 * problem reported, and a good row inserted at once while inserting is
 * still wanted (all rows good, or --skip-invalid). When the file may not be
 * imported the transaction is rolled back: all or nothing. Bad rows go to
 * the rejects file, written for people (guarded like exports). Whether the
 * account may import is the job's question (job/import.c), not this one's. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "import-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/store-record.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"

/* --- rejected rows --- */

/* One row of the rejects file: cells (as many as the header or the row
 * has, guarded as exports are), then reason (the header: "Reason"). */
static int
imp_rejects_line(struct imp *im, size_t n, const char *reason, struct err *e)
{
	FILE *fp = im->rej.fp;
	struct csv *c = im->f.csv;

	for (size_t j = 0; j < n; j++)
		if (csv_write_guarded(fp, csv_field(c, j), im->f.delim, j == 0) != 0)
			goto fail;
	if (csv_write_guarded(fp, reason, im->f.delim, n == 0) != 0 || fputs("\r\n", fp) == EOF)
		goto fail;
	return 0;
fail:
	return err_set(e, ERR_IO, _("%s: cannot write: %s"), im->rej.path, err_errno(errno));
}

static int
imp_rejects_header(struct imp *im, struct err *e)
{
	if (fputs("\xef\xbb\xbf", im->rej.fp) == EOF)	/* so that Excel reads it as UTF-8 */
		return err_set(e, ERR_IO, _("%s: cannot write: %s"), im->rej.path,
		    err_errno(errno));
	return imp_rejects_line(im, csv_nfields(im->f.csv), i18n_pick("Lý do", "Reason"), e);
}

static int
imp_rejects_row(struct imp *im, struct err *e)
{
	size_t n = csv_nfields(im->f.csv);

	return imp_rejects_line(im, n > im->f.ncols ? n : im->f.ncols,
	    im->row.reasons.p != NULL ? im->row.reasons.p : "", e);
}

static int
imp_rejects_open(struct imp *im, struct err *e)
{
	const struct import_opts *o = im->o;

	if (!o->skip_invalid || o->dry_run)
		return 0;
	if (o->rejects != NULL)
		snprintf(im->rej_path, sizeof im->rej_path, "%s", o->rejects);
	else if ((size_t)snprintf(im->rej_path, sizeof im->rej_path, "%s.rejects.csv",
	    im->f.path) >= sizeof im->rej_path)
		return err_set(e, ERR_USAGE, _("path too long"));
	if (safefile_open(&im->rej, im->rej_path, o->force, e) != 0)
		return e->code;
	im->rej_open = true;
	return 0;
}

/* Commits the rejects file; res->rejects then names it ("" when none). */
static int
imp_rejects_commit(struct imp *im, struct err *e)
{
	if (!im->rej_open)
		return 0;
	im->rej_open = false;
	if (safefile_commit(&im->rej, e) != 0)
		return e->code;
	snprintf(im->res->rejects, sizeof im->res->rejects, "%s", im->rej_path);
	return 0;
}

/* --- the pass --- */

/* The row at hand: checked, counted, inserted or rejected. */
static int
imp_apply_row(struct imp *im, struct record *r, struct err *e)
{
	struct import_result *res = im->res;

	res->rows++;
	if (imp_row_check(im, r, e) != 0)
		return e->code;
	if (im->row.errors > 0) {
		res->invalid++;
		return im->rej_open ? imp_rejects_row(im, e) : 0;
	}
	res->valid++;
	/* A bad row already means nothing is imported, unless skipped. */
	if (im->o->dry_run || (res->invalid > 0 && !im->o->skip_invalid))
		return 0;
	if (store_record_insert(im->s, r, e) != 0) {
		err_prefix(e, "%s:%ld", im->f.path, im->row.line);
		return e->code;
	}
	res->inserted++;
	return 0;
}

/* Reads the file once, checking every row and, unless a dry run,
 * inserting the good ones while that is still wanted. */
static int
imp_pass(struct imp *im, struct record *r, struct err *e)
{
	const struct import_opts *o = im->o;
	bool more = true;
	int rc;

	if ((rc = imp_rows_open(im, e)) != 0)
		goto out;
	if (im->f.header_problems > 0) {
		rc = err_set(e, ERR_INVALID,
		    _("%s: the header is not usable (problems: %d); nothing was imported"),
		    im->f.path, im->f.header_problems);
		goto out;
	}
	if (im->rej_open && (rc = imp_rejects_header(im, e)) != 0)
		goto out;
	while ((rc = imp_rows_next(im, &more, e)) == 0 && more) {
		if ((rc = imp_apply_row(im, r, e)) != 0)
			break;
		if (o->progress != NULL)
			o->progress(im->f.kind->name, im->res->rows, 0, o->progress_arg);
	}
	if (rc == 0 && o->progress != NULL)	/* the total, known now */
		o->progress(im->f.kind->name, im->res->rows, im->res->rows, o->progress_arg);
out:
	return imp_rows_close(im, rc, e);
}

/* --- the verdict --- */

/* Whether the rows read may be imported; the rejects file is kept when it
 * says why nothing was. ERR_INVALID with e saying why not. */
static int
imp_verdict(struct imp *im, struct err *e)
{
	const struct import_result *res = im->res;
	const char *path = im->f.path;
	bool dry = im->o->dry_run;

	if (res->rows == 0)
		return err_set(e, ERR_INVALID, _("%s: there are no rows after the header"), path);
	if (res->invalid > 0 && im->o->skip_invalid && res->valid == 0) {
		/* Nothing to import; the rejects file still says why. */
		if (imp_rejects_commit(im, e) != 0)
			return e->code;
		return err_set(e, ERR_INVALID, dry ?
		    _("%s: none of the %lld rows is valid; nothing would be imported") :
		    _("%s: none of the %lld rows is valid; nothing was imported"), path,
		    (long long)res->rows);
	}
	if (res->invalid > 0 && !im->o->skip_invalid)
		return err_set(e, ERR_INVALID,
		    dry ? _("%s: %lld of %lld rows are not valid; nothing would be imported")
		    : _("%s: %lld of %lld rows are not valid; nothing was imported"), path,
		    (long long)res->invalid, (long long)res->rows);
	return 0;
}

/* The rejects file, the import as one audit event, the commit. */
static int
imp_commit(struct imp *im, struct err *e)
{
	struct import_result *res = im->res;
	char event[4200 + 96];

	if (res->invalid > 0 && imp_rejects_commit(im, e) != 0)
		return e->code;
	/* The import as one event; each record was logged as an insert. */
	snprintf(event, sizeof event, "import %s (%s): %lld records, %lld rejected", im->f.path,
	    im->f.kind->name, (long long)res->inserted, (long long)res->invalid);
	if (store_audit_event(im->s, "import", event, e) != 0)
		return e->code;
	if (store_commit(im->s, e) != 0) {
		if (res->rejects[0] != '\0')
			os_remove(res->rejects);	/* it would name rows of an import that did not happen */
		res->rejects[0] = '\0';
		return e->code;
	}
	return 0;
}

/* The home unit, and --unit: the home unit or below it. */
static int
imp_units(struct imp *im, struct err *e)
{
	const char *code = im->o->unit;
	struct unit u;
	bool within;
	int rc;

	if (store_home_get(im->s, &im->home, e) != 0)
		return e->code;
	if (code == NULL)
		return 0;
	if ((rc = store_unit_get(im->s, code, &u, e)) != 0) {
		if (rc == ERR_NOTFOUND)
			err_prefix(e, "--unit");
		return rc;
	}
	if (store_unit_within(im->s, code, im->home.code, &within, e) != 0)
		return e->code;
	if (!within)
		return err_set(e, ERR_INVALID, _("--unit %s %s: not %s %s or a unit below it"),
		    u.code, u.name, im->home.code, im->home.name);
	im->force_unit = code;
	return 0;
}

/* One write transaction from the first check to the last insert. A dry
 * run writes nothing and so sees every row already stored. */
static int
imp_run(struct imp *im, struct record *r, struct err *e)
{
	struct store *s = im->s;

	if (im->o->dry_run)
		return imp_pass(im, r, e) != 0 ? e->code : imp_verdict(im, e);
	if (store_begin(s, e) != 0)
		return e->code;
	store_big_cache(s, true);
	if (store_import_mark(s, im->f.kind, &im->mark, e) != 0 || imp_pass(im, r, e) != 0 ||
	    imp_verdict(im, e) != 0 || imp_commit(im, e) != 0) {
		store_rollback(s);
		im->res->inserted = 0;
		store_big_cache(s, false);
		return e->code ? e->code : ERR_FAIL;
	}
	store_big_cache(s, false);
	return 0;
}

int
import_csv(struct store *s, const struct forms *fs, const char *path,
    const struct import_opts *o, struct import_result *res, struct err *e)
{
	struct imp im;
	struct record r = { 0 };
	int rc;

	if ((rc = imp_setup(&im, fs, path, o, res, e)) == 0) {
		im.s = s;
		if ((rc = imp_units(&im, e)) == 0 && (rc = imp_sniff(&im, e)) == 0 &&
		    (rc = imp_rejects_open(&im, e)) == 0)
			rc = imp_run(&im, &r, e);
	}
	if (r.val != NULL)
		record_free(&r);
	imp_free(&im);
	return rc;
}
