/* package-write: the upload package a unit sends to the office above —
 * manifest, one CSV per table (tombstones included), the workbook and the
 * audit log, zipped, sealed and signed (libzip, nettle, jansson). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nettle/sha2.h>

#include "package-internal.h"
#include "seal.h"
#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/safefile.h"
#include "socds/store-changes.h"
#include "socds/store-key.h"
#include "socds/store-admin.h"
#include "socds/store-unit.h"

/* Who signs, for the manifest: the unit, its key and the key's fingerprint
 * (for people: the one `socds key show` prints). */
static json_t *
package_signer_json(const struct sign_key *k)
{
	char pub[2 * SIGN_KEY_SIZE + 1], fp[SIGN_FP_LEN];

	sign_hex(k->pub, SIGN_KEY_SIZE, pub);
	sign_fingerprint(k->pub, fp);
	return json_pack("{s:s, s:s, s:s}", "unit", k->unit, "fingerprint", fp, "public_key", pub);
}

struct package_audit {
	FILE *fp;
	const char *since;		/* NULL: all of it */
	int64_t last, n;
	bool done;
};

static int
package_audit_row(const struct audit_row *a, void *arg)
{
	struct package_audit *pa = arg;
	char seq[24];
	const char *v[] = { seq, a->at, a->user, a->action, a->kind, a->record_id, a->unit,
		a->old_values, a->new_values, a->detail };

	/* Newest first: the first row older than the base ends it. */
	if (pa->since != NULL && a->at != NULL && strcmp(a->at, pa->since) < 0) {
		pa->done = true;
		return 1;
	}
	snprintf(seq, sizeof seq, "%lld", (long long)a->seq);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		csv_write_field(pa->fp, v[i] ? v[i] : "", ',', i == 0);
	fputs("\r\n", pa->fp);
	pa->last = a->seq;
	pa->n++;
	return 0;
}

/* The audit log travels with the data: who changed what, for the office
 * above; since a time (a change-only package: since its base was made). */
static int
package_audit(struct store *s, FILE *fp, const char *since, struct err *e)
{
	struct package_audit pa = { fp, since, 0, 0, false };
	int64_t before = 0;

	fputs("\xEF\xBB\xBFseq,at,os_user,action,kind,record_id,unit_code,old_values,new_values,"
	    "detail\r\n", pa.fp);
	do {
		pa.n = 0;
		if (store_audit_page(s, before, NULL, NULL, 5000, package_audit_row, &pa, e) != 0)
			return e->code;
		before = pa.last;
	} while (pa.n == 5000 && !pa.done);
	return 0;
}

/* Members in the package: the tables, then the workbook and the audit log. */
#define PACKAGE_NFILES (PACKAGE_NTABLES + 2)
#define PACKAGE_XLSX PACKAGE_NTABLES
#define PACKAGE_AUDIT (PACKAGE_NTABLES + 1)

/* What one package is made of while it is written. */
struct package_out {
	struct store *s;
	const struct forms *fs;
	struct export_opts eo;
	const char *path;		/* the target, for scratch files and messages */
	struct sign_key key;
	struct unit unit;
	struct store_changes_base base;	/* eo.changed_only */
	json_t *man, *tables;
	struct safefile part[PACKAGE_NFILES];
	int64_t total;
};

static const char *
package_member(size_t i, char *buf, size_t size)
{
	if (i < PACKAGE_NTABLES)
		snprintf(buf, size, "data/%s.csv", record_kinds[package_order[i]].name);
	else
		snprintf(buf, size, "%s", i == PACKAGE_XLSX ? "baocao.xlsx" : "audit.csv");
	return buf;
}

/* The manifest, but for the members' checksums. */
static void
package_manifest(struct package_out *po, const struct period *pd)
{
	json_t *man = json_object();
	char now[24];

	store_now(now);
	po->man = man;
	po->tables = json_array();
	json_object_set_new(man, "format", json_string(PACKAGE_FORMAT));
	json_object_set_new(man, "format_version", json_integer(po->eo.changed_only ?
	    PACKAGE_FORMAT_VERSION_CHANGES : PACKAGE_FORMAT_VERSION));
	if (po->eo.changed_only) {
		json_object_set_new(man, "content", json_string("changes"));
		json_object_set_new(man, "base", json_pack("{s:s, s:s, s:I, s:s}", "sha256",
		    po->base.sha256, "file", po->base.file, "receipt", (json_int_t)po->base.receipt,
		    "made_at", po->base.made_at));
	}
	json_object_set_new(man, "unit", json_pack("{s:s, s:s, s:s}", "code", po->unit.code,
	    "name", po->unit.name, "level", po->unit.level));
	if (pd != NULL)
		json_object_set_new(man, "period", json_pack("{s:s, s:s, s:s}", "label", pd->label,
		    "from", pd->from, "to", pd->to));
	else
		json_object_set_new(man, "period", json_null());
	json_object_set_new(man, "created_at", json_string(now));
	json_object_set_new(man, "socds_version", json_string(SOCDS_VERSION));
	json_object_set_new(man, "schema_version", json_integer(store_schema_latest));
	json_object_set_new(man, "exported_by", json_string(store_os_user()));
	json_object_set_new(man, "signer", package_signer_json(&po->key));
	json_object_set_new(man, "tables", po->tables);
}

/* Each table to a scratch file of its own, then its checksum; the same data
 * for people (the workbook); the audit log. */
static int
package_parts(struct package_out *po, struct err *e)
{
	struct safefile *part = po->part;
	char member[64], sha[65], sha2[65];

	for (size_t i = 0; i < PACKAGE_NTABLES; i++) {
		const struct kind *k = &record_kinds[package_order[i]];
		int64_t n = 0;
		package_member(i, member, sizeof member);
		if (safefile_scratch(&part[i], po->path, member + 5, false, e) != 0 ||
		    export_csv(po->s, po->fs, k, &po->eo, true, "utf-8", part[i].fp, &n, e) != 0 ||
		    seal_stream_sha(part[i].fp, po->path, sha, e) != 0)
			return e->code;
		json_array_append_new(po->tables, json_pack("{s:s, s:s, s:I, s:s}", "kind", k->name,
		    "file", member, "rows", (json_int_t)n, "sha256", sha));
		po->total += n;
	}
	/* A change-only package is for the machine at the office: no workbook. */
	if (po->eo.changed_only) {
		if (safefile_scratch(&part[PACKAGE_AUDIT], po->path, "audit.csv", false, e) != 0 ||
		    package_audit(po->s, part[PACKAGE_AUDIT].fp, po->base.made_at, e) != 0 ||
		    seal_stream_sha(part[PACKAGE_AUDIT].fp, po->path, sha2, e) != 0)
			return e->code;
		json_object_set_new(po->man, "files", json_pack("[{s:s, s:s}]", "file", "audit.csv",
		    "sha256", sha2));
		return 0;
	}
	po->eo.tombstones = false;
	if (safefile_scratch(&part[PACKAGE_XLSX], po->path, "baocao.xlsx", true, e) != 0 ||
	    export_xlsx_to(po->s, po->fs, &po->eo, &part[PACKAGE_XLSX], e) != 0 ||
	    safefile_scratch(&part[PACKAGE_AUDIT], po->path, "audit.csv", false, e) != 0 ||
	    package_audit(po->s, part[PACKAGE_AUDIT].fp, NULL, e) != 0 ||
	    package_file_sha(part[PACKAGE_XLSX].tmp, sha, e) != 0 ||
	    seal_stream_sha(part[PACKAGE_AUDIT].fp, po->path, sha2, e) != 0)
		return e->code;
	json_object_set_new(po->man, "files", json_pack("[{s:s, s:s}, {s:s, s:s}]", "file",
	    "baocao.xlsx", "sha256", sha, "file", "audit.csv", "sha256", sha2));
	return 0;
}

/* Member i into z: a scratch stream (the source owns and closes it from
 * here, reading from where it stands) or a file by name. */
static int
package_add_part(struct package_out *po, zip_t *z, size_t i, struct err *e)
{
	struct safefile *part = &po->part[i];
	char member[64];
	zip_source_t *src;

	if (part->fp != NULL) {
		rewind(part->fp);
		if ((src = zip_source_filep(z, part->fp, 0, -1)) != NULL)
			part->fp = NULL;
	} else
		src = zip_source_file(z, part->tmp, 0, -1);
	if (src == NULL || zip_file_add(z, package_member(i, member, sizeof member), src,
	    ZIP_FL_ENC_UTF_8) < 0) {
		if (src != NULL)
			zip_source_free(src);
		return package_zip_error(z, po->path, e);
	}
	return 0;
}

/* The manifest and the members into z, and the seal's room. */
static int
package_fill(struct package_out *po, zip_t *z, struct err *e)
{
	char *mtext = json_dumps(po->man, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	zip_source_t *src = mtext ? zip_source_buffer(z, mtext, strlen(mtext), 1) : NULL;

	if (src == NULL || zip_file_add(z, "manifest.json", src, ZIP_FL_ENC_UTF_8) < 0) {
		if (src != NULL)
			zip_source_free(src);
		else
			free(mtext);
		return package_zip_error(z, po->path, e);
	}
	for (size_t i = 0; i < PACKAGE_NFILES; i++)
		if ((i != PACKAGE_XLSX || !po->eo.changed_only) && package_add_part(po, z, i, e) != 0)
			return e->code;
	return package_seal_room(z, po->path, e);
}

/* The ZIP into tmp, closed, then sealed. */
static int
package_zip(struct package_out *po, const char *tmp, struct err *e)
{
	zip_t *z;
	int zerr, closed;
	unsigned old;

	if ((z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		err_set(e, ERR_IO, _("%s: cannot write the package: %s"), po->path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return e->code;
	}
	if (package_fill(po, z, e) != 0) {
		zip_discard(z);
		return e->code;
	}
	/* libzip writes a temporary of its own beside ours (0600 like it) and
	 * renames it over ours; the umask covers the moment in between. */
	old = os_private_begin();
	closed = zip_close(z);
	os_private_end(old);
	if (closed != 0) {
		package_zip_error(z, po->path, e);
		zip_discard(z);
		return e->code;
	}
	return package_seal(tmp, &po->key, e);
}

/*
 * Everything is written in the target's folder through safefile: the tables
 * and the audit log to scratch files without a name (nothing of them is left
 * if the run is killed), the workbook to a scratch temporary, the ZIP to the
 * package's own temporary sf->tmp, sealed. Nothing goes to /tmp.
 */
int
package_export_to(struct store *s, const struct forms *fs, const struct export_opts *o,
    struct safefile *sf, int64_t *rows, struct err *e)
{
	struct package_out po;
	struct unit home;
	int rc = 0;

	memset(&po, 0, sizeof po);
	po.s = s;
	po.fs = fs;
	po.eo = *o;
	po.path = sf->path;
	if (store_home_get(s, &home, e) != 0 || store_key_home(s, true, &po.key, e) != 0)
		return e->code;
	po.eo.within = o->within != NULL ? o->within : home.code;
	po.eo.tombstones = true;
	if (store_unit_get(s, po.eo.within, &po.unit, e) != 0)
		return e->code;
	if (o->changed_only) {
		bool found;
		po.eo.period = NULL;
		if (store_changes_base(s, &po.base, &found, e) != 0)
			return e->code;
		if (!found)
			return err_set(e, ERR_INVALID, _("no receipt from the office above yet; send a"
			    " whole package"));
	}
	package_manifest(&po, po.eo.period);
	if (package_parts(&po, e) != 0 || package_zip(&po, sf->tmp, e) != 0)
		rc = e->code ? e->code : ERR_FAIL;
	else if (rows != NULL)
		*rows = po.total;
	for (size_t i = 0; i < PACKAGE_NFILES; i++)
		safefile_abort(&po.part[i]);
	json_decref(po.man);
	return rc;
}

int
package_export(struct store *s, const struct forms *fs, const struct export_opts *o,
    const char *path, bool force, int64_t *rows, struct err *e)
{
	struct safefile sf;

	if (safefile_open_path(&sf, path, force, e) != 0)
		return e->code;
	if (package_export_to(s, fs, o, &sf, rows, e) != 0 || safefile_commit(&sf, e) != 0) {
		safefile_abort(&sf);
		return e->code ? e->code : ERR_FAIL;
	}
	return 0;
}
