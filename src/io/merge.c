/* merge: reading a checked package into the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/store-key.h"
#include "socds/uuid.h"

static const enum kind_id merge_order[] = {
	KIND_VILLAGE, KIND_STAFF, KIND_TRAINING, KIND_TEAM, KIND_MEMBER, KIND_PARTICIPANT,
	KIND_ACTIVITY, KIND_TASK_PROGRESS,
};

/* Every issue goes to the log; the first few stay in the report to print. */
static int
merge_note(struct store *s, struct merge_report *r, const struct kind *k, const char *id,
    bool conflict, int64_t local, int64_t incoming, const char *reason, struct err *e)
{
	struct merge_issue *i;

	if (store_merge_issue(s, r->seq, k->name, id, conflict ? "conflict" : "rejected", local,
	    incoming, reason, e) != 0)
		return e->code;
	if (r->nissues >= MERGE_MAX_ISSUES)
		return 0;
	i = &r->issues[r->nissues++];
	snprintf(i->kind, sizeof i->kind, "%s", k->name);
	snprintf(i->id, sizeof i->id, "%s", id);
	i->conflict = conflict;
	i->local = local;
	i->incoming = incoming;
	snprintf(i->reason, sizeof i->reason, "%s", reason);
	return 0;
}

/* Column positions of a table's CSV: the kind's columns, then its own. */
struct merge_cols {
	int col[64];		/* kind column i -> CSV index, -1 absent */
	int id, unit, created, updated, version, deleted;
};

static int
merge_header(struct csv *c, const struct kind *k, struct merge_cols *m, const char *name,
    struct err *e)
{
	int *meta[] = { &m->id, &m->unit, &m->created, &m->updated, &m->version, &m->deleted };
	static const char *const metan[] = { "id", "unit_code", "created_at", "updated_at",
		"version", "deleted" };

	for (int i = 0; i < k->ncols; i++)
		m->col[i] = -1;
	for (int i = 0; i < 6; i++)
		*meta[i] = -1;
	for (size_t j = 0; j < csv_nfields(c); j++) {
		const char *h = csv_field(c, j);
		int i = record_col_index(k, h);
		if (i >= 0)
			m->col[i] = (int)j;
		for (int x = 0; x < 6; x++)
			if (strcmp(h, metan[x]) == 0)
				*meta[x] = (int)j;
	}
	for (int i = 0; i < 6; i++)
		if (*meta[i] < 0)
			return err_set(e, ERR_CORRUPT, _("%s: column %s is missing"), name, metan[i]);
	return 0;
}

/* Rows under one savepoint. A refused row makes its chunk go again, row by
 * row; few rows keep that cheap, many keep the savepoints few. */
#define MERGE_CHUNK 256

/* Why a row is refused before the database sees it. */
enum merge_pre { MERGE_PRE_OK, MERGE_PRE_BAD, MERGE_PRE_OUTSIDE };

struct merge_row {
	struct record rec;
	long line;
	enum merge_pre pre;
};

struct merge_chunk {
	struct merge_row row[MERGE_CHUNK];
	int n, ninit;
	char unit[8];		/* the last unit checked, and its answer */
	bool within;
};

/* Applies the chunk's rows; with rowsp, each in a savepoint of its own.
 * Without, *again says a row was refused and the chunk must go again. */
static int
merge_apply(struct store *s, struct package *p, const struct kind *k, struct merge_chunk *c,
    bool rowsp, struct merge_report *r, bool *again, struct err *e)
{
	*again = false;
	for (int i = 0; i < c->n; i++) {
		struct merge_row *w = &c->row[i];
		enum merge_outcome o;
		int64_t local = 0;
		struct err re = { 0 };

		if (w->pre == MERGE_PRE_BAD) {
			err_set(&re, ERR_INVALID, _("line %ld: bad id or version"), w->line);
			o = MERGE_REJECTED;
		} else if (w->pre == MERGE_PRE_OUTSIDE) {
			err_set(&re, ERR_INVALID, _("line %ld: unit %s is not part of %s"), w->line,
			    w->rec.unit_code, package_unit(p));
			o = MERGE_REJECTED;
		} else if (store_merge_record(s, &w->rec, rowsp, &o, &local, &re) != 0) {
			*e = re;
			return e->code;
		} else if (o == MERGE_REJECTED && !rowsp) {
			*again = true;
			return 0;
		}
		r->n[o]++;
		if ((o == MERGE_CONFLICT && merge_note(s, r, k, w->rec.id, true, local,
		    w->rec.version, _("changed here and in the package since it was last received"),
		    e) != 0) || (o == MERGE_REJECTED && merge_note(s, r, k, w->rec.id, false, local,
		    w->rec.version, re.msg, e) != 0))
			return e->code;
	}
	return 0;
}

/* The chunk under one savepoint; when a row is refused, undone (counts and
 * issues too) and applied again row by row, so that only the refused rows
 * are left out, as when every row had its savepoint. */
static int
merge_flush(struct store *s, struct package *p, const struct kind *k, struct merge_chunk *c,
    struct merge_report *r, struct err *e)
{
	int64_t n[6];
	int nissues = r->nissues;
	bool again;

	if (c->n == 0)
		return 0;
	memcpy(n, r->n, sizeof n);
	if (store_savepoint(s, "merge_rows", e) != 0 ||
	    merge_apply(s, p, k, c, false, r, &again, e) != 0)
		return e->code;
	if (again) {
		store_rollback_to(s, "merge_rows");
		memcpy(r->n, n, sizeof n);
		r->nissues = nissues;
		if (merge_apply(s, p, k, c, true, r, &again, e) != 0)
			return e->code;
	} else if (store_release(s, "merge_rows", e) != 0)
		return e->code;
	c->n = 0;
	return 0;
}

/* Reads the row at hand into the next slot of the chunk. */
static int
merge_read_row(struct store *s, struct package *p, struct csv *csv, const struct kind *k,
    const struct merge_cols *m, struct merge_chunk *c, struct err *e)
{
	struct merge_row *w = &c->row[c->n];
	struct record *rec = &w->rec;
	char *end;

	if (c->n == c->ninit) {
		if (record_init(rec, k) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		c->ninit++;
	}
	snprintf(rec->id, sizeof rec->id, "%s", csv_field(csv, (size_t)m->id));
	snprintf(rec->unit_code, sizeof rec->unit_code, "%s", csv_field(csv, (size_t)m->unit));
	snprintf(rec->created_at, sizeof rec->created_at, "%s", csv_field(csv, (size_t)m->created));
	snprintf(rec->updated_at, sizeof rec->updated_at, "%s", csv_field(csv, (size_t)m->updated));
	rec->version = strtoll(csv_field(csv, (size_t)m->version), &end, 10);
	rec->deleted = strcmp(csv_field(csv, (size_t)m->deleted), "1") == 0;
	rec->synced_version = 0;
	for (int i = 0; i < k->ncols; i++) {
		const char *v = m->col[i] >= 0 ? csv_field(csv, (size_t)m->col[i]) : "";
		if (record_set(rec, i, *v ? v : NULL) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	w->line = csv_line(csv);
	/* Rows that cannot be right are refused before the database sees them.
	 * Rows of a package are nearly all of its own unit: the last answer is kept. */
	w->pre = MERGE_PRE_OK;
	if (!uuid_valid(rec->id) || rec->version < 1 || *end != '\0')
		w->pre = MERGE_PRE_BAD;
	else {
		if (c->unit[0] == '\0' || strcmp(c->unit, rec->unit_code) != 0) {
			if (store_unit_within(s, rec->unit_code, package_unit(p), &c->within, e) != 0)
				return e->code;
			snprintf(c->unit, sizeof c->unit, "%s", rec->unit_code);
		}
		if (!c->within)
			w->pre = MERGE_PRE_OUTSIDE;
	}
	c->n++;
	return 0;
}

static void
merge_chunk_free(struct merge_chunk *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < c->ninit; i++)
		record_free(&c->row[i].rec);
	free(c);
}

static int
merge_table(struct store *s, struct package *p, const struct kind *k, struct merge_report *r,
    void (*progress)(const char *, int64_t, int64_t, void *), void *arg, int64_t *done,
    struct err *e)
{
	char name[64];
	FILE *fp;
	struct csv *csv = NULL;
	struct merge_chunk *c = NULL;
	struct merge_cols m;
	int rc;

	snprintf(name, sizeof name, "data/%s.csv", k->name);
	if ((fp = package_table(p, k->name, e)) == NULL)
		return e->code;	/* absent tables are simply not there (e->code 0) */
	if ((csv = csv_open(fp, name, ',')) == NULL || (c = calloc(1, sizeof *c)) == NULL) {
		csv_free(csv);
		fclose(fp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	if ((rc = csv_next(csv, e)) != 1 || merge_header(csv, k, &m, name, e) != 0) {
		if (rc == 0)
			err_set(e, ERR_CORRUPT, _("%s: the table is empty"), name);
		goto out;
	}
	while ((rc = csv_next(csv, e)) == 1) {
		if (merge_read_row(s, p, csv, k, &m, c, e) != 0)
			goto out;
		if (c->n == MERGE_CHUNK && merge_flush(s, p, k, c, r, e) != 0)
			goto out;
		if (progress != NULL && ++*done % 5000 == 0)
			progress(_("merge"), *done, 0, arg);
	}
	if (rc == 0)
		merge_flush(s, p, k, c, r, e);
out:
	merge_chunk_free(c);
	csv_free(csv);
	fclose(fp);
	return e->code;
}

int
merge_package(struct store *s, const char *path,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e)
{
	struct package *p = NULL;
	struct unit home;
	bool within = false, outer = store_in_transaction(s);
	int64_t done = 0;
	char detail[ERR_MSG_MAX] = "";

	memset(r, 0, sizeof *r);
	if (store_home_get(s, &home, e) != 0)
		return e->code;
	/* Checks first: a damaged package touches nothing. */
	if (package_open(path, &p, e) != 0)
		return e->code;
	snprintf(r->unit, sizeof r->unit, "%s", package_unit(p));
	snprintf(r->unit_name, sizeof r->unit_name, "%s", package_unit_name(p));
	snprintf(r->period, sizeof r->period, "%s", package_period(p));
	/* Roles first: a refused account writes nothing, not even the merge log. */
	if (store_allow(s, STORE_ACT_MERGE, package_unit(p), e) != 0) {
		err_prefix(e, "%s", path);
		goto fail;
	}
	if (store_unit_within(s, package_unit(p), home.code, &within, e) != 0)
		goto fail;
	if (!within || strcmp(package_unit(p), home.code) == 0) {
		struct err le = { 0 };
		err_set(e, ERR_INVALID, _("%s: the package is from %s %s, which is not below %s %s;"
		    " refused"), path, r->unit, r->unit_name, home.code, home.name);
		r->refused = true;
		snprintf(detail, sizeof detail, "%s", e->msg);
		store_merge_log(s, path, package_sha256(p), r->unit, r->period, "refused", r->n,
		    detail, &r->seq, &le);
		goto fail;
	}
	if (package_check_key(s, p, store_key_accepted(s), &r->key, e) != 0)
		goto fail;
	/* One transaction for the package: all of it, with its log, or nothing;
	 * within the transaction of a merge of many (merge_begin), a savepoint.
	 * The merge log is its audit trail: one event, not a row per record. */
	err_clear(e);
	if (outer ? store_savepoint(s, "merge_package", e) != 0 : store_begin(s, e) != 0)
		goto fail;
	if (!outer)
		store_big_cache(s, true);
	store_set_audit(s, false);
	if (store_merge_log(s, path, package_sha256(p), r->unit, r->period, "merged", r->n, "",
	    &r->seq, e) != 0 || package_pin_key(s, &r->key, e) != 0)
		goto rollback;
	for (size_t i = 0; i < sizeof merge_order / sizeof merge_order[0]; i++)
		if (merge_table(s, p, &record_kinds[merge_order[i]], r, progress, arg, &done, e) != 0)
			goto rollback;
	{
		char event[700];
		snprintf(event, sizeof event, "merge %s (%s %s): inserted %lld, updated %lld,"
		    " unchanged %lld, deleted %lld, conflicts %lld, rejected %lld", path, r->unit,
		    r->period, (long long)r->n[0], (long long)r->n[1], (long long)r->n[2],
		    (long long)r->n[3], (long long)r->n[4], (long long)r->n[5]);
		if (store_audit_event(s, "merge", event, e) != 0)
			goto rollback;
	}
	if (store_merge_log_counts(s, r->seq, r->n, e) != 0 ||
	    (outer ? store_release(s, "merge_package", e) : store_commit(s, e)) != 0)
		goto rollback;
	store_set_audit(s, true);
	if (!outer)
		store_big_cache(s, false);
	package_close(p);
	return 0;
rollback:
	if (outer)
		store_rollback_to(s, "merge_package");
	else {
		store_rollback(s);
		store_big_cache(s, false);
	}
	store_set_audit(s, true);
fail:
	package_close(p);
	return e->code ? e->code : ERR_FAIL;
}

int
merge_begin(struct store *s, struct err *e)
{
	if (store_begin(s, e) != 0)
		return e->code;
	store_big_cache(s, true);
	return 0;
}

int
merge_commit(struct store *s, struct err *e)
{
	int rc = store_commit(s, e);

	if (rc != 0)
		store_rollback(s);
	store_big_cache(s, false);
	return rc;
}

void
merge_abort(struct store *s)
{
	store_rollback(s);
	store_big_cache(s, false);
}
