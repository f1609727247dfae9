/* merge: reading a checked package into the store. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/csv.h"
#include "socds/form.h"
#include "socds/i18n.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/store.h"
#include "socds/store-admin.h"
#include "socds/store-key.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/uuid.h"
#include "merge-internal.h"

static const enum kind_id merge_order[] = {
	KIND_VILLAGE, KIND_STAFF, KIND_TRAINING, KIND_TEAM, KIND_MEMBER, KIND_PARTICIPANT,
	KIND_ACTIVITY, KIND_TASK_PROGRESS, KIND_STATISTIC,
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
	err_utf8_cut(i->reason);
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

struct merge_row {
	struct record rec;
	long line;
	bool bad;		/* refused before the database sees it: why says why */
	bool orphan;		/* refused for naming a record deleted here */
	struct err why;
};

struct merge_chunk {
	struct merge_row row[MERGE_CHUNK];
	int n, ninit;
	const char *path;	/* the package as given, for messages */
	char table[64];		/* data/KIND.csv */
	const struct form *form;	/* the kind's form, or NULL */
	char unit[8];		/* the last unit checked, and its answer */
	bool within;
	const struct kind *ref_kind;	/* the last record referred to, and its unit */
	char ref_id[UUID_STR_LEN], ref_unit[8];
	bool ref_found;
};

static void merge_refuse(struct merge_chunk *c, struct merge_row *w, const char *fmt, ...)
	ERR_PRINTF(3, 4);

/* A live row that is to be written must not name a record deleted here (a
 * commune's new activity for a team the office has deleted): it is rejected,
 * naming the row, the field and the deleted record. Nothing live may point to
 * a deleted record (socds check); taking it in as deleted would make a
 * tombstone the unit never wrote, and a later version from the unit would
 * bring it back. The unit keeps its row and can send it again once the
 * record is restored here or the row is deleted there. */
static int
merge_parents(struct store *s, struct merge_chunk *c, struct merge_row *w, struct err *e)
{
	const struct kind *k = w->rec.kind;

	for (int i = 0; i < k->ncols && !w->bad; i++) {
		const struct column *col = &k->cols[i];
		const struct form_field *ff = c->form != NULL ? form_field(c->form, col->name) : NULL;
		const char *v = w->rec.val[i];
		const struct kind *target;
		char tname[200];
		bool deleted;

		if (col->type != COL_REF || v == NULL || (target = record_kind(col->ref)) == NULL)
			continue;
		if (store_record_deleted(s, target, v, &deleted, e) != 0)
			return e->code;
		if (!deleted)
			continue;
		if (store_record_name(s, target, v, tname, sizeof tname, e) != 0)
			return e->code;
		if (k->name_col >= 0 && w->rec.val[k->name_col] != NULL)
			merge_refuse(c, w, _("%s: %s '%s' belongs to %s '%s' (%s), which is deleted"
			    " here; delete it at the unit too, or restore that %s here and merge again"),
			    ff != NULL ? form_label(ff) : col->name, k->name, w->rec.val[k->name_col],
			    target->name, tname, v, target->name);
		else
			merge_refuse(c, w, _("%s: this %s belongs to %s '%s' (%s), which is deleted"
			    " here; delete it at the unit too, or restore that %s here and merge again"),
			    ff != NULL ? form_label(ff) : col->name, k->name, target->name, tname, v,
			    target->name);
		w->orphan = true;
	}
	return 0;
}

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

		/* The form's rules that need the database, against what is
		 * stored now (the package's earlier rows included), for a row
		 * that would be written: one the office has at this version or
		 * later changes nothing and is not judged again. */
		if (!w->bad && !w->rec.deleted) {
			struct err fe = { 0 };
			int64_t have;
			size_t bad;
			if (store_record_version(s, k, w->rec.id, &have, e) != 0)
				return e->code;
			local = have;	/* the version here, for a refused row's issue */
			if (have < w->rec.version && c->form != NULL &&
			    form_check_stored(s, c->form, &w->rec, INT64_MAX, &bad, &fe) != 0) {
				if (fe.code != ERR_INVALID) {
					*e = fe;
					return e->code;
				}
				merge_refuse(c, w, "%s", fe.msg);
			}
			/* Nor may it belong to a record deleted here. */
			if (have < w->rec.version && !w->bad && merge_parents(s, c, w, e) != 0)
				return e->code;
			if (have == 0 && !w->bad && merge_warn_dupes(s, c->form, c->path, c->table,
			    w->line, &w->rec, r, e) != 0)
				return e->code;
		}
		if (w->bad) {
			re = w->why;
			o = MERGE_REJECTED;
		} else if (store_merge_record(s, &w->rec, package_unit(p), rowsp, &o, &local,
		    &re) != 0) {
			*e = re;
			return e->code;
		} else if (o == MERGE_REJECTED && !rowsp) {
			*again = true;
			return 0;
		} else if (o == MERGE_REJECTED) {
			char msg[ERR_MSG_MAX];
			snprintf(msg, sizeof msg, "%s", re.msg);
			err_set(&re, ERR_INVALID, "%s:%s:%ld: %s", c->path, c->table, w->line, msg);
		}
		r->n[o]++;
		if (merge_receipt_note(s, r->seq, k, w->rec.id, w->rec.version, o, local, re.msg,
		    e) != 0)
			return e->code;
		if (o == MERGE_REJECTED && w->bad && w->orphan)
			r->orphans++;
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
	int64_t n[6], orphans = r->orphans, duplicates = r->duplicates;
	int nissues = r->nissues, nwarnings = r->nwarnings;
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
		r->orphans = orphans;
		r->nissues = nissues;
		r->duplicates = duplicates;
		r->nwarnings = nwarnings;
		if (merge_apply(s, p, k, c, true, r, &again, e) != 0)
			return e->code;
	} else if (store_release(s, "merge_rows", e) != 0)
		return e->code;
	c->n = 0;
	return 0;
}

/* A version is a whole number from 1 to 2^63 - 1, written in digits only:
 * anything else is refused, never clamped. */
static bool
merge_version(const char *v, int64_t *out)
{
	long long n;
	char *end;

	if (*v < '0' || *v > '9')
		return false;
	for (const char *q = v; *q != '\0'; q++)
		if (*q < '0' || *q > '9')
			return false;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno == ERANGE || *end != '\0' || n < 1)
		return false;
	*out = n;
	return true;
}

/* yyyy-mm-ddThh:mm:ssZ, as the store writes times. */
static bool
merge_time(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";

	if (strlen(s) != sizeof pat - 1)
		return false;
	for (size_t i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return false;
	return true;
}

/* Refuses the row at hand: "PACKAGE:data/KIND.csv:LINE: " and the reason. */
static void
merge_refuse(struct merge_chunk *c, struct merge_row *w, const char *fmt, ...)
{
	char msg[ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	err_utf8_cut(msg);
	if (!w->bad)
		err_set(&w->why, ERR_INVALID, "%s:%s:%ld: %s", c->path, c->table, w->line, msg);
	w->bad = true;
}

/* Whether unit code is the package's unit or below it; the last answer is
 * kept, as nearly every row of a package asks about the same unit. */
static int
merge_unit_ok(struct store *s, struct package *p, struct merge_chunk *c, const char *code,
    bool *within, struct err *e)
{
	if (c->unit[0] == '\0' || strcmp(c->unit, code) != 0) {
		if (store_unit_within(s, code, package_unit(p), &c->within, e) != 0)
			return e->code;
		snprintf(c->unit, sizeof c->unit, "%s", code);
	}
	*within = c->within;
	return 0;
}

/* A reference of the row at hand: the record must be there (received
 * before, or made here) and belong to the package's unit or below it. */
static int
merge_ref(struct store *s, struct package *p, struct merge_chunk *c, struct merge_row *w,
    const struct kind *target, const char *label, const char *id, struct err *e)
{
	bool within = false;	/* refused unless the store says otherwise */

	if (!uuid_valid(id)) {
		merge_refuse(c, w, _("%s: '%s' is not a record id"), label, id);
		return 0;
	}
	if (target != c->ref_kind || strcmp(id, c->ref_id) != 0) {
		if (store_record_owner(s, target, id, c->ref_unit, &c->ref_found, e) != 0)
			return e->code;
		c->ref_kind = target;
		snprintf(c->ref_id, sizeof c->ref_id, "%s", id);
	}
	if (!c->ref_found) {
		merge_refuse(c, w, _("%s: there is no record with id %s"), label, id);
		return 0;
	}
	if (merge_unit_ok(s, p, c, c->ref_unit, &within, e) != 0)
		return e->code;
	if (!within)
		merge_refuse(c, w, _("%s: record %s belongs to unit %s, which is not part of %s"),
		    label, id, c->ref_unit, package_unit(p));
	return 0;
}

/* Every reference of the row: to another record (COL_REF) and to the
 * members present (ids kept in a child table). */
static int
merge_refs(struct store *s, struct package *p, struct merge_chunk *c, struct merge_row *w,
    struct err *e)
{
	const struct kind *k = w->rec.kind;

	for (int i = 0; i < k->ncols && !w->bad; i++) {
		const struct column *col = &k->cols[i];
		const struct form_field *ff = c->form != NULL ? form_field(c->form, col->name) : NULL;
		const char *label = ff != NULL ? form_label(ff) : col->name;
		const char *v = w->rec.val[i];
		const struct kind *target = NULL;
		char *ids, *save = NULL;
		int rc = 0;

		if (v == NULL)
			continue;
		if (col->type == COL_REF)
			target = record_kind(col->ref);
		else if (col->type == COL_CHILD_IDS && ff != NULL && ff->ref != NULL)
			target = record_kind(ff->ref);
		else if (col->type == COL_CHILD_IDS)
			target = record_kind("member");
		if (target == NULL)
			continue;
		if (col->type == COL_REF) {
			if (merge_ref(s, p, c, w, target, label, v, e) != 0)
				return e->code;
			continue;
		}
		if ((ids = strdup(v)) == NULL)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		for (char *t = strtok_r(ids, ";", &save); t != NULL && !w->bad && rc == 0;
		    t = strtok_r(NULL, ";", &save))
			rc = merge_ref(s, p, c, w, target, label, t, e);
		free(ids);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Reads the row at hand into the next slot of the chunk, and checks it as
 * the forms check what is typed: a row that cannot be right is refused
 * alone, before the database sees it. */
static int
merge_read_row(struct store *s, struct package *p, struct csv *csv, const struct kind *k,
    const struct merge_cols *m, struct merge_chunk *c, struct err *e)
{
	struct merge_row *w = &c->row[c->n];
	struct record *rec = &w->rec;
	const char *id = csv_field(csv, (size_t)m->id), *unit = csv_field(csv, (size_t)m->unit);
	const char *created = csv_field(csv, (size_t)m->created);
	const char *updated = csv_field(csv, (size_t)m->updated);
	const char *version = csv_field(csv, (size_t)m->version);
	const char *deleted = csv_field(csv, (size_t)m->deleted);
	bool within = false;

	if (c->n == c->ninit) {
		if (record_init(rec, k) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		c->ninit++;
	}
	w->line = csv_line(csv);
	w->bad = false;
	w->orphan = false;
	err_clear(&w->why);
	snprintf(rec->id, sizeof rec->id, "%s", id);
	snprintf(rec->unit_code, sizeof rec->unit_code, "%s", unit);
	snprintf(rec->created_at, sizeof rec->created_at, "%s", created);
	snprintf(rec->updated_at, sizeof rec->updated_at, "%s", updated);
	rec->version = 0;
	rec->deleted = strcmp(deleted, "1") == 0;
	rec->synced_version = 0;
	for (int i = 0; i < k->ncols; i++) {
		const char *v = m->col[i] >= 0 ? csv_field(csv, (size_t)m->col[i]) : "";
		if (record_set(rec, i, *v ? v : NULL) != 0)
			return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	c->n++;

	/* What every record says of itself. */
	if (strlen(id) != UUID_STR_LEN - 1 || !uuid_valid(rec->id))
		merge_refuse(c, w, _("id: '%s' is not a record id"), id);
	else if (!merge_version(version, &rec->version))
		merge_refuse(c, w, _("version: '%s' is not a whole number from 1 to"
		    " 9223372036854775807"), version);
	else if (strcmp(deleted, "0") != 0 && strcmp(deleted, "1") != 0)
		merge_refuse(c, w, _("deleted: '%s' is neither 0 nor 1"), deleted);
	else if (!merge_time(created) || !merge_time(updated))
		merge_refuse(c, w, _("created_at, updated_at: '%s', '%s' are not times written as"
		    " 2026-03-05T08:30:00Z"), created, updated);
	if (w->bad)
		return 0;
	/* Its unit: the package's or below it. */
	if (strlen(unit) >= sizeof rec->unit_code) {
		merge_refuse(c, w, _("unit_code: '%s' is not a unit code"), unit);
		return 0;
	}
	if (merge_unit_ok(s, p, c, rec->unit_code, &within, e) != 0)
		return e->code;
	if (!within) {
		merge_refuse(c, w, _("unit %s is not part of %s"), rec->unit_code, package_unit(p));
		return 0;
	}
	/* The forms' rules, as for what is typed or imported, after the values
	 * an older version stored another way are put the new way. A tombstone
	 * carries only its deletion: one whose personal data were purged (bin)
	 * has its name blank. */
	if (c->form != NULL && !rec->deleted) {
		struct err fe = { 0 };
		size_t bad;
		if (form_upgrade_record(c->form, rec, NULL, e) != 0)
			return e->code;
		if (form_check_record(c->form, rec, &bad, &fe) != 0 ||
		    form_check_rules(c->form, rec, &bad, &fe) != 0) {
			if (fe.code == ERR_NOMEM) {
				*e = fe;
				return e->code;
			}
			merge_refuse(c, w, "%s", fe.msg);
			return 0;
		}
	}
	return merge_refs(s, p, c, w, e);
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

/* Rows merged of the rows the package holds, for a progress callback. */
struct merge_progress {
	void (*fn)(const char *what, int64_t done, int64_t total, void *arg);
	void *arg;
	int64_t done, total;
};

static int
merge_table(struct store *s, const struct forms *fs, struct package *p, const char *path,
    const struct kind *k, struct merge_report *r, struct merge_progress *mp, struct err *e)
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
	c->path = path;
	snprintf(c->table, sizeof c->table, "%s", name);
	c->form = fs != NULL ? forms_get(fs, k) : NULL;
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
		if (mp->fn != NULL && ++mp->done % 5000 == 0)
			mp->fn(_("merge"), mp->done, mp->total, mp->arg);
	}
	if (rc == 0)
		merge_flush(s, p, k, c, r, e);
out:
	merge_chunk_free(c);
	csv_free(csv);
	fclose(fp);
	return e->code;
}

/* A package from outside the office's area (or its own): refused, and the
 * refusal logged. */
static int
merge_refuse_outside(struct store *s, struct package *p, const struct unit *home,
    struct merge_report *r, struct err *e)
{
	const char *path = package_path(p);
	struct err le = { 0 };
	bool within = false;

	if (store_unit_within(s, package_unit(p), home->code, &within, e) != 0)
		return e->code;
	if (within && strcmp(package_unit(p), home->code) != 0)
		return 0;
	err_set(e, ERR_INVALID, _("%s: the package is from %s %s, which is not below %s %s;"
	    " refused"), path, r->unit, r->unit_name, home->code, home->name);
	r->refused = true;
	store_merge_log(s, path, package_sha256(p), r->unit, r->period, "refused", r->n, e->msg,
	    &r->seq, &le);
	return e->code;
}

/* The package's tables, its log and its audit event, inside the transaction. */
static int
merge_tables(struct store *s, const struct forms *fs, struct package *p,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e)
{
	const char *path = package_path(p);
	struct merge_progress mp = { progress, arg, 0, 0 };
	char event[700];

	for (size_t i = 0; i < sizeof merge_order / sizeof merge_order[0]; i++)
		if (package_rows(p, record_kinds[merge_order[i]].name) > 0)
			mp.total += package_rows(p, record_kinds[merge_order[i]].name);
	if (store_merge_log(s, path, package_sha256(p), r->unit, r->period, "merged", r->n, "",
	    &r->seq, e) != 0 || package_pin_key(s, &r->key, e) != 0)
		return e->code;
	store_set_audit_merge(s, r->seq);
	for (size_t i = 0; i < sizeof merge_order / sizeof merge_order[0]; i++)
		if (merge_table(s, fs, p, path, &record_kinds[merge_order[i]], r, &mp, e) != 0)
			return e->code;
	if (progress != NULL)	/* every row read: done = total */
		progress(_("merge"), mp.done, mp.done, arg);
	snprintf(event, sizeof event, "merge %s (%s %s): inserted %lld, updated %lld,"
	    " unchanged %lld, deleted %lld, conflicts %lld, rejected %lld", path, r->unit,
	    r->period, (long long)r->n[0], (long long)r->n[1], (long long)r->n[2],
	    (long long)r->n[3], (long long)r->n[4], (long long)r->n[5]);
	if (store_audit_event(s, "merge", event, e) != 0)
		return e->code;
	return store_merge_log_counts(s, r->seq, r->n, e);
}

int
merge_package_from(struct store *s, const struct forms *fs, struct package *p,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e)
{
	struct unit home;
	bool outer = store_in_transaction(s);
	int rc = 0;

	memset(r, 0, sizeof *r);
	snprintf(r->unit, sizeof r->unit, "%s", package_unit(p));
	snprintf(r->unit_name, sizeof r->unit_name, "%s", package_unit_name(p));
	snprintf(r->period, sizeof r->period, "%s", package_period(p));
	if (store_home_get(s, &home, e) != 0 || merge_refuse_outside(s, p, &home, r, e) != 0 ||
	    merge_check_base(s, p, r, e) != 0 ||
	    package_check_key(s, p, store_key_accepted(s), &r->key, e) != 0)
		return e->code ? e->code : ERR_FAIL;
	/* One transaction for the package: all of it, with its log, or nothing;
	 * within the transaction of a merge of many (merge_begin), a savepoint.
	 * Every record it changes is audited with its old values, tied to the
	 * merge log's row, so that the merge can be reviewed and reverted. */
	err_clear(e);
	if (outer ? store_savepoint(s, "merge_package", e) != 0 : store_begin(s, e) != 0)
		return e->code ? e->code : ERR_FAIL;
	if (!outer)
		store_big_cache(s, true);
	store_set_audit(s, true);
	if (merge_tables(s, fs, p, progress, arg, r, e) != 0 ||
	    (outer ? store_release(s, "merge_package", e) : store_commit(s, e)) != 0) {
		rc = e->code ? e->code : ERR_FAIL;
		if (outer)
			store_rollback_to(s, "merge_package");
		else
			store_rollback(s);
	}
	store_set_audit_merge(s, 0);
	if (!outer)
		store_big_cache(s, false);
	return rc;
}

int
merge_package(struct store *s, const struct forms *fs, const char *path,
    void (*progress)(const char *what, int64_t done, int64_t total, void *arg), void *arg,
    struct merge_report *r, struct err *e)
{
	struct package *p = NULL;
	int rc;

	memset(r, 0, sizeof *r);
	/* Checks first: a damaged package touches nothing. */
	if (package_open(path, &p, e) != 0)
		return e->code;
	rc = merge_package_from(s, fs, p, progress, arg, r, e);
	package_close(p);
	return rc;
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

int
merge_revert(struct store *s, int64_t seq, struct merge_revert_report *rr, struct err *e)
{
	char event[200];

	memset(rr, 0, sizeof *rr);
	if (store_begin(s, e) != 0)
		return e->code;
	if (store_merge_revert(s, seq, rr, e) != 0)
		goto fail;
	snprintf(event, sizeof event, "revert of merge %lld: reverted %lld, refused %lld",
	    (long long)seq, (long long)rr->reverted, (long long)rr->refused);
	if (store_audit_event(s, "merge-revert", event, e) != 0 || store_commit(s, e) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	store_merge_revert_free(rr);
	rr->reverted = rr->refused = 0;
	return e->code ? e->code : ERR_FAIL;
}
