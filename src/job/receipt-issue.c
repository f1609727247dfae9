/* receipt-issue: the office's receipts — after a merge, written again when
 * lost, and with no package to carry approvals down. The account is asked
 * here; io/receipt-write.c is the format. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job-internal.h"
#include "socds/i18n.h"
#include "socds/job-receipt.h"
#include "socds/os.h"
#include "socds/receipt.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-receipt.h"
#include "socds/store-unit.h"

struct issue {
	struct store *s;
	struct receipt_head h;
	struct sign_key key;
	size_t cap;
};

static int
issue_approval(const struct receipt_approval *a, void *arg, struct err *e)
{
	struct issue *x = arg;

	if (x->h.napprovals >= RECEIPT_MAX_APPROVALS)
		return err_set(e, ERR_FAIL, _("more than %d approvals to send; refused"),
		    RECEIPT_MAX_APPROVALS);
	if (x->h.napprovals == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 16;
		struct receipt_approval *p = realloc(x->h.approvals, cap * sizeof *p);
		if (p == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		x->h.approvals = p;
		x->cap = cap;
	}
	x->h.approvals[x->h.napprovals++] = *a;
	return 0;
}

static int
issue_rows(void *arg, receipt_put_fn put, void *w, struct err *e)
{
	struct issue *x = arg;

	if (!x->h.has_package)
		return 0;
	return store_merge_rows_each(x->s, x->h.merge_seq, put, w, e);
}

static int
issue_write(struct safefile *sf, const void *arg, struct err *e)
{
	struct issue *x = (struct issue *)arg;

	return receipt_write(sf->tmp, sf->path, &x->h, issue_rows, x, &x->key, e);
}

/* out: a folder (the receipt's own name in it, joined with the separator
 * the folder's name uses, E:\bien-nhan on Windows) or a file. */
static void
issue_path(const char *out, const struct receipt_head *h, char *buf, size_t size)
{
	struct os_stat st;
	size_t n = strlen(out);
	char sep[2] = "/";

	for (const char *p = out; *p; p++)
		if (os_path_sep(*p))
			sep[0] = *p;
	if (os_stat(out, &st) == 0 && st.kind == OS_DIR)
		snprintf(buf, size, "%s%ssocds-receipt-%s-%04" PRId64 ".zip", out,
		    n > 0 && os_path_sep(out[n - 1]) ? "" : sep, h->unit, h->number);
	else
		snprintf(buf, size, "%s", out);
}

/* Writes receipt x->h (unit, number, package set) to out and records it. */
static int
issue(struct issue *x, const char *out, struct job_receipt_issued *res, struct err *e)
{
	struct unit home;
	int rc;

	if (store_home_get(x->s, &home, e) != 0 || store_key_home(x->s, true, &x->key, e) != 0)
		return e->code;
	snprintf(x->h.office, sizeof x->h.office, "%s", home.code);
	store_now(x->h.issued_at);
	if (store_approvals_within(x->s, x->h.unit, issue_approval, x, e) != 0)
		return e->code;
	issue_path(out, &x->h, res->path, sizeof res->path);
	if (job_write_named(res->path, 0, issue_write, x, e) != 0)
		return e->code;
	if (store_begin(x->s, e) != 0)
		return e->code;
	rc = store_receipt_issued(x->s, x->h.unit, x->h.number, x->h.merge_seq, x->h.sha256,
	    res->path, e);
	if (store_end(x->s, rc, e) != 0)
		return e->code;
	snprintf(res->unit, sizeof res->unit, "%s", x->h.unit);
	res->number = x->h.number;
	res->merge_seq = x->h.merge_seq;
	res->conflicts = x->h.counts[4];
	res->rejected = x->h.counts[5];
	res->approvals = (int64_t)x->h.napprovals;
	return 0;
}

/* The merge seq as a receipt's package: merged, not reverted; the account
 * may merge its unit. */
static int
issue_of_merge(struct issue *x, int64_t seq, struct err *e)
{
	struct store_merge_entry m;
	bool found;

	if (store_merge_entry(x->s, seq, &m, &found, e) != 0)
		return e->code;
	if (!found || strcmp(m.status, "merged") != 0)
		return err_set(e, ERR_NOTFOUND, _("merge %" PRId64 " is not a merged package; see"
		    " the merge log"), seq);
	if (m.reverted)
		return err_set(e, ERR_INVALID, _("merge %" PRId64 " was reverted: it gets no"
		    " receipt"), seq);
	if (store_allow(x->s, STORE_ACT_MERGE, m.unit, e) != 0)
		return e->code;
	snprintf(x->h.unit, sizeof x->h.unit, "%s", m.unit);
	x->h.has_package = true;
	x->h.merge_seq = seq;
	/* The file's name as the unit made it, without the office's folders. */
	const char *base = m.package, *p;
	for (p = m.package; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	snprintf(x->h.package_file, sizeof x->h.package_file, "%.*s",
	    (int)sizeof x->h.package_file - 1, base);
	snprintf(x->h.package_sha256, sizeof x->h.package_sha256, "%s", m.sha256);
	return 0;
}

int
job_receipt_merge(struct store *s, int64_t seq, const char *dir,
    struct job_receipt_issued *out, struct err *e)
{
	struct issue x = { .s = s };
	int rc;

	struct os_stat st;

	memset(out, 0, sizeof *out);
	err_clear(e);
	if (os_stat(dir, &st) != 0 || st.kind != OS_DIR)
		return err_set(e, ERR_NOTFOUND, _("%s: not a folder; no receipt written"), dir);
	if (issue_of_merge(&x, seq, e) == 0 &&
	    store_receipt_next(s, x.h.unit, &x.h.number, e) == 0)
		issue(&x, dir, out, e);
	rc = e->code;
	free(x.h.approvals);
	return rc;
}

int
job_receipt_reissue(struct store *s, int64_t seq, const char *out_path,
    struct job_receipt_issued *out, struct err *e)
{
	struct issue x = { .s = s };
	char unit[8];
	bool found = false;
	int rc;

	memset(out, 0, sizeof *out);
	err_clear(e);
	if (issue_of_merge(&x, seq, e) == 0 &&
	    store_receipt_of_merge(s, seq, unit, &x.h.number, &found, e) == 0 &&
	    (found || store_receipt_next(s, x.h.unit, &x.h.number, e) == 0))
		issue(&x, out_path, out, e);
	rc = e->code;
	free(x.h.approvals);
	return rc;
}

int
job_receipt_status(struct store *s, const char *unit, const char *out_path,
    struct job_receipt_issued *out, struct err *e)
{
	struct issue x = { .s = s };
	struct unit home, u;
	bool within = false;
	int rc;

	memset(out, 0, sizeof *out);
	err_clear(e);
	if (store_home_get(s, &home, e) != 0 || store_unit_get(s, unit, &u, e) != 0 ||
	    store_unit_within(s, unit, home.code, &within, e) != 0)
		return e->code;
	if (!within || strcmp(unit, home.code) == 0)
		return err_set(e, ERR_INVALID, _("unit %s %s is not below %s %s: it takes no receipt"
		    " from here"), u.code, u.name, home.code, home.name);
	if (store_allow(s, STORE_ACT_MERGE, unit, e) != 0)
		return e->code;
	snprintf(x.h.unit, sizeof x.h.unit, "%s", unit);
	if (store_receipt_next(s, unit, &x.h.number, e) == 0)
		issue(&x, out_path, out, e);
	rc = e->code;
	free(x.h.approvals);
	return rc;
}
