/* merge: the merge job (many packages, one transaction) and its undoing.
 * The account is asked here; io/merge.c is the mechanism. */
#include <string.h>

#include "job-internal.h"
#include "socds/job-merge.h"
#include "socds/package.h"
#include "socds/store-key.h"
#include "socds/store-admin.h"

/* One package: checked whole, the account asked for its unit, merged. */
static int
job_merge_one(const struct job_merge_opts *o, const char *path, struct job_merged *m)
{
	struct package *p = NULL;

	memset(m, 0, sizeof *m);
	/* Checks first: a damaged package touches nothing. */
	if (package_open(path, &p, &m->e) != 0)
		return m->rc = m->e.code;
	/* Roles first: a refused account writes nothing, not even the merge log. */
	if (store_allow(o->s, STORE_ACT_MERGE, package_unit(p), &m->e) != 0)
		err_prefix(&m->e, "%s", path);
	else
		merge_package_from(o->s, o->fs, p, o->progress, o->arg, &m->r, &m->e);
	package_close(p);
	return m->rc = m->e.code;
}

int
job_merge(const struct job_merge_opts *o, struct job_merged *each, struct err *e)
{
	err_clear(e);
	store_key_accept(o->s, o->accept_key);
	if (merge_begin(o->s, e) != 0)
		return e->code;
	for (int i = 0; i < o->npaths; i++) {
		job_merge_one(o, o->paths[i], &each[i]);
		if (!store_in_transaction(o->s)) {
			/* SQLite gave the transaction up (a full disk, an I/O
			 * error): nothing was merged. */
			if (each[i].rc != 0)
				*e = each[i].e;
			else
				err_set(e, ERR_FAIL, "%s", "");
			return e->code;
		}
	}
	if (merge_commit(o->s, e) != 0)
		return e->code;
	/* After the commit: a receipt tells of a merge that is on disk. */
	for (int i = 0; o->receipts_dir != NULL && i < o->npaths; i++)
		if (each[i].rc == 0 && each[i].r.seq > 0)
			each[i].receipt_rc = job_receipt_merge(o->s, each[i].r.seq, o->receipts_dir,
			    &each[i].receipt, &each[i].receipt_e);
	return 0;
}

int
job_merge_revert(struct store *s, int64_t seq, struct merge_revert_report *rr, struct err *e)
{
	err_clear(e);
	memset(rr, 0, sizeof *rr);
	if (store_allow(s, STORE_ACT_MERGE_REVERT, NULL, e) != 0)
		return e->code;
	return merge_revert(s, seq, rr, e);
}
