/* receipt-write: the receipt the office sends back for a merged package
 * (or with no package, approvals only): manifest, records.csv, remarks.txt,
 * zipped and sealed under the receipts' own domain. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <nettle/sha2.h>

#include "seal.h"
#include "socds/csv.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/receipt.h"
#include "socds/safefile.h"

static const char *const receipt_outcomes[6] = { "inserted", "updated", "unchanged",
	"deleted", "conflict", "rejected" };

struct receipt_out {
	const char *path;		/* the target, for messages */
	struct receipt_head *h;
	struct safefile csv, txt;
	int64_t nremarks;
};

static int
receipt_zip_error(zip_t *z, const char *path, struct err *e)
{
	zip_error_t *ze = zip_get_error(z);

	if (zip_error_code_system(ze) == ENOSPC)
		return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"), path);
	return err_set(e, ERR_IO, _("%s: cannot write the receipt: %s"), path,
	    zip_error_strerror(ze));
}

static int
receipt_put(const struct receipt_row *row, void *w, struct err *e)
{
	struct receipt_out *ro = w;
	char v[24], ov[24];
	int o;

	for (o = 0; o < 6 && strcmp(row->outcome, receipt_outcomes[o]) != 0; o++)
		;
	if (o == 6)
		return err_set(e, ERR_FAIL, "receipt: outcome '%s'?", row->outcome);
	ro->h->counts[o]++;
	snprintf(v, sizeof v, "%" PRId64, row->version);
	if (row->office_version > 0)
		snprintf(ov, sizeof ov, "%" PRId64, row->office_version);
	else
		ov[0] = '\0';
	const char *f[] = { row->kind, row->id, v, row->outcome, ov,
		row->reason ? row->reason : "", row->office_values ? row->office_values : "" };
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		csv_write_field(ro->csv.fp, f[i], ',', i == 0);
	fputs("\r\n", ro->csv.fp);
	if (o >= 4) {
		/* For people: what to look at, and why. */
		fprintf(ro->txt.fp, "%s %s %s (v%" PRId64 "): %s\r\n",
		    o == 4 ? _("conflict") : _("rejected"), row->kind, row->id, row->version,
		    row->reason ? row->reason : "");
		ro->nremarks++;
	}
	return ferror(ro->csv.fp) || ferror(ro->txt.fp) ? err_set(e, errno == ENOSPC ? ERR_FULL :
	    ERR_IO, _("%s: cannot write: %s"), ro->path, err_errno(errno)) : 0;
}

static json_t *
receipt_approvals_json(const struct receipt_head *h)
{
	json_t *a = json_array();

	for (size_t i = 0; i < h->napprovals; i++) {
		const struct receipt_approval *p = &h->approvals[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s,"
		    " s:s, s:s}", "id", p->id, "unit", p->unit, "period", p->period, "date_from",
		    p->date_from, "date_to", p->date_to, "state", p->state, "revision",
		    (json_int_t)p->revision, "at", p->at, "by_unit", p->by_unit, "by_user",
		    p->by_user, "reason", p->reason));
	}
	return a;
}

static json_t *
receipt_manifest(const struct receipt_head *h, const struct sign_key *key, const char *csv_sha,
    const char *txt_sha)
{
	json_t *man = json_object(), *counts = json_object();
	char pub[2 * SIGN_KEY_SIZE + 1], fp[SIGN_FP_LEN];

	sign_hex(key->pub, SIGN_KEY_SIZE, pub);
	sign_fingerprint(key->pub, fp);
	json_object_set_new(man, "format", json_string(RECEIPT_FORMAT));
	json_object_set_new(man, "format_version", json_integer(RECEIPT_FORMAT_VERSION));
	json_object_set_new(man, "office", json_string(h->office));
	json_object_set_new(man, "unit", json_string(h->unit));
	json_object_set_new(man, "signer", json_pack("{s:s, s:s, s:s}", "unit", key->unit,
	    "fingerprint", fp, "public_key", pub));
	json_object_set_new(man, "number", json_integer((json_int_t)h->number));
	json_object_set_new(man, "issued_at", json_string(h->issued_at));
	json_object_set_new(man, "socds_version", json_string(SOCDS_VERSION));
	if (h->has_package)
		json_object_set_new(man, "package", json_pack("{s:s, s:s, s:I}", "file",
		    h->package_file, "sha256", h->package_sha256, "merge_seq",
		    (json_int_t)h->merge_seq));
	else
		json_object_set_new(man, "package", json_null());
	for (int i = 0; i < 6; i++)
		json_object_set_new(counts, receipt_outcomes[i], json_integer(h->counts[i]));
	json_object_set_new(man, "counts", counts);
	json_object_set_new(man, "approvals", receipt_approvals_json(h));
	json_object_set_new(man, "files", json_pack("[{s:s, s:s}, {s:s, s:s}]", "file",
	    "records.csv", "sha256", csv_sha, "file", "remarks.txt", "sha256", txt_sha));
	return man;
}

static int
receipt_add(zip_t *z, const char *name, struct safefile *part, const char *path,
    struct err *e)
{
	zip_source_t *src;

	rewind(part->fp);
	if ((src = zip_source_filep(z, part->fp, 0, -1)) != NULL)
		part->fp = NULL;	/* the source owns it from here */
	if (src == NULL || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		if (src != NULL)
			zip_source_free(src);
		return receipt_zip_error(z, path, e);
	}
	return 0;
}

static int
receipt_zip(struct receipt_out *ro, const char *tmp, json_t *man, const struct sign_key *key,
    struct err *e)
{
	char *mtext = json_dumps(man, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	zip_source_t *src;
	zip_t *z;
	int zerr, closed;
	unsigned old;

	if (mtext == NULL)
		return err_set(e, ERR_NOMEM, _("out of memory"));
	if ((z = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr)) == NULL) {
		free(mtext);
		return err_set(e, ERR_IO, _("%s: cannot write the receipt: ZIP error %d"), ro->path,
		    zerr);
	}
	if ((src = zip_source_buffer(z, mtext, strlen(mtext), 1)) == NULL)
		free(mtext);
	if (src == NULL || zip_file_add(z, "manifest.json", src, ZIP_FL_ENC_UTF_8) < 0) {
		if (src != NULL)
			zip_source_free(src);
		goto fail;
	}
	if (receipt_add(z, "records.csv", &ro->csv, ro->path, e) != 0 ||
	    receipt_add(z, "remarks.txt", &ro->txt, ro->path, e) != 0)
		goto out;
	if (seal_room(z) != 0)
		goto fail;
	old = os_private_begin();
	closed = zip_close(z);
	os_private_end(old);
	if (closed != 0)
		goto fail;
	if (seal_sign(tmp, key, SEAL_DOMAIN_RECEIPT) != 0)
		return err_set(e, ERR_IO, _("%s: cannot write the receipt: %s"), ro->path,
		    err_errno(errno));
	/* The seal's digest names the receipt, as a package's names it. */
	struct seal_parts sp;
	if (seal_read(tmp, &sp) != SEAL_OK)
		return err_set(e, ERR_IO, _("%s: cannot read: %s"), ro->path, err_errno(errno));
	snprintf(ro->h->sha256, sizeof ro->h->sha256, "%s", sp.sha);
	sign_fingerprint(key->pub, ro->h->fingerprint);
	return 0;
fail:
	receipt_zip_error(z, ro->path, e);
out:
	zip_discard(z);
	return e->code;
}

int
receipt_write(const char *path, const char *beside, struct receipt_head *h,
    receipt_rows_fn rows, void *arg, const struct sign_key *key, struct err *e)
{
	struct receipt_out ro = { .path = beside, .h = h };
	char csv_sha[65], txt_sha[65];
	json_t *man = NULL;
	int rc;

	err_clear(e);
	memset(h->counts, 0, sizeof h->counts);
	if (safefile_scratch(&ro.csv, beside, "records.csv", false, e) != 0 ||
	    safefile_scratch(&ro.txt, beside, "remarks.txt", false, e) != 0)
		goto out;
	fputs("kind,id,version,outcome,office_version,reason,office_values\r\n", ro.csv.fp);
	/* A Windows PC opens remarks.txt in Notepad: a BOM and CRLF. */
	fprintf(ro.txt.fp, "\xEF\xBB\xBF");
	fprintf(ro.txt.fp, _("Receipt %" PRId64 " from %s to %s, %s"), h->number, h->office,
	    h->unit, h->issued_at);
	fputs("\r\n", ro.txt.fp);
	if (h->has_package) {
		fprintf(ro.txt.fp, _("Package %s (merge %" PRId64 ")"), h->package_file,
		    h->merge_seq);
		fputs("\r\n", ro.txt.fp);
	}
	fputs("\r\n", ro.txt.fp);
	if (rows != NULL && rows(arg, receipt_put, &ro, e) != 0)
		goto out;
	if (ro.nremarks == 0)
		fprintf(ro.txt.fp, "%s\r\n", _("Nothing was rejected and there is no conflict."));
	if (seal_stream_sha(ro.csv.fp, beside, csv_sha, e) != 0 ||
	    seal_stream_sha(ro.txt.fp, beside, txt_sha, e) != 0)
		goto out;
	if ((man = receipt_manifest(h, key, csv_sha, txt_sha)) == NULL) {
		err_set(e, ERR_NOMEM, _("out of memory"));
		goto out;
	}
	receipt_zip(&ro, path, man, key, e);
out:
	rc = e->code;
	json_decref(man);
	safefile_abort(&ro.csv);
	safefile_abort(&ro.txt);
	return rc;
}

int
receipt_seal_file(const char *path, const struct sign_key *key, struct err *e)
{
	zip_t *z;
	int zerr;

	if ((z = zip_open(path, 0, &zerr)) == NULL)
		return err_set(e, ERR_IO, _("%s: cannot write the receipt: ZIP error %d"), path, zerr);
	if (seal_room(z) != 0 || zip_close(z) != 0) {
		receipt_zip_error(z, path, e);
		zip_discard(z);
		return e->code;
	}
	if (seal_sign(path, key, SEAL_DOMAIN_RECEIPT) != 0)
		return err_set(e, ERR_IO, _("%s: cannot write the receipt: %s"), path,
		    err_errno(errno));
	return 0;
}
