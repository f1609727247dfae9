/* xlsx: the workbook for people. A summary sheet, then one sheet per kind
 * with the form's labels as headers, real dates and numbers, names instead
 * of ids, a frozen header row and a filter. libxlsxwriter runs in
 * constant-memory mode: each row goes to a temporary file as the store
 * streams it, so memory stays flat whatever the number of rows. The workbook
 * is built beside its final name and linked into place only when complete.
 * No curses, no SQLite. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "xlsx-internal.h"
#include "socds/export.h"
#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/safefile.h"
#include "socds/store-query.h"
#include "socds/store-record.h"
#include "socds/store-unit.h"
#include "socds/text.h"

/* The sheets after the summary, in this order. */
static const enum kind_id xlsx_kinds[] = {
	KIND_STAFF, KIND_TRAINING, KIND_PARTICIPANT, KIND_VILLAGE, KIND_TEAM, KIND_MEMBER,
	KIND_ACTIVITY,
};
#define XLSX_NKINDS ((int)(sizeof xlsx_kinds / sizeof xlsx_kinds[0]))

/* --- the file --- */

/*
 * libxlsxwriter ignores failed writes to its row files, so they are checked
 * here; and closing copies the largest sheet once more before zipping it, so
 * that much room must be free, or the workbook would come out cut short.
 */
static int
xlsx_check_space(struct xlsx *x)
{
	lxw_worksheet *ws;
	off_t biggest = 0, sum = 0, at;
	uint64_t avail;

	LXW_FOREACH_WORKSHEET(ws, x->wb) {
		FILE *f = ws->optimize_tmpfile;
		if (f == NULL)
			continue;
		if (fflush(f) != 0 || ferror(f))
			return xlsx_io_fail(x, errno != 0 ? errno : EIO);
		if ((at = ftello(f)) > 0) {
			sum += at;
			if (at > biggest)
				biggest = at;
		}
	}
	if (os_disk_free(x->dir, &avail) == 0 &&
	    (uintmax_t)avail < (uintmax_t)(biggest + sum / 4 + XLSX_SPACE_SLACK))
		return xlsx_io_fail(x, ENOSPC);
	return 0;
}

/*
 * Reads the finished workbook back. libxlsxwriter does not notice a failed
 * write to the temporary copy it makes of each sheet, which would leave the
 * sheet cut short inside a sound zip file: every sheet must end its XML and
 * hold the rows written to it.
 */
static int
xlsx_verify(struct xlsx *x)
{
	static const char row_tag[] = "<row ", end_tag[] = "</worksheet>";
	char *buf = NULL, name[48];
	zip_t *z;
	int zerr, rc = 0;

	if ((z = zip_open(x->tmp, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		rc = err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path,
		    zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	/* Room before the chunk for the end of the previous one. */
	if ((buf = malloc(XLSX_VERIFY_CHUNK + sizeof end_tag)) == NULL) {
		zip_discard(z);
		return xlsx_nomem(x);
	}
	for (int i = 0; i < x->nsheet_names && rc == 0; i++) {
		zip_file_t *f;
		zip_int64_t got;
		size_t keep = 0;
		int64_t rows = 0;

		snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i + 1);
		if ((f = zip_fopen(z, name, 0)) == NULL) {
			rc = err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path,
			    zip_strerror(z));
			break;
		}
		while ((got = zip_fread(f, buf + keep, XLSX_VERIFY_CHUNK)) > 0) {
			size_t len = keep + (size_t)got, tag = sizeof row_tag - 1;
			/* Tags wholly inside the bytes kept were counted last time. */
			const char *p = buf + (keep > tag - 1 ? keep - (tag - 1) : 0);
			for (; (p = memchr(p, '<', len - (size_t)(p - buf))) != NULL; p++)
				if ((size_t)(buf + len - p) >= tag && memcmp(p, row_tag, tag) == 0)
					rows++;
			keep = len < sizeof end_tag - 1 ? len : sizeof end_tag - 1;
			memmove(buf, buf + len - keep, keep);
		}
		if (got < 0)
			rc = err_set(x->e, ERR_IO, _("%s: cannot write: %s"), x->path,
			    zip_file_strerror(f));
		else if (keep < sizeof end_tag - 1 ||
		    memcmp(buf + keep - (sizeof end_tag - 1), end_tag, sizeof end_tag - 1) != 0 ||
		    (x->sheet_rows[i] >= 0 && rows != x->sheet_rows[i]))
			rc = xlsx_io_fail(x, ENOSPC);	/* a sheet cut short */
		zip_fclose(f);
	}
	free(buf);
	zip_discard(z);
	return rc;
}

static int
xlsx_close(struct xlsx *x)
{
	lxw_error le;
	unsigned old;
	int saved;

	old = os_private_begin();
	errno = 0;
	le = workbook_close(x->wb);
	saved = errno;
	os_private_end(old);
	x->wb = NULL;
	if (le == LXW_NO_ERROR)
		return 0;
	if (os_errno_full(saved))
		return xlsx_io_fail(x, saved);
	return xlsx_lxw_fail(x, le);
}

static int
xlsx_formats(struct xlsx *x)
{
	if ((x->f_head = workbook_add_format(x->wb)) == NULL ||
	    (x->f_date = workbook_add_format(x->wb)) == NULL ||
	    (x->f_time = workbook_add_format(x->wb)) == NULL ||
	    (x->f_title = workbook_add_format(x->wb)) == NULL ||
	    (x->f_bold = workbook_add_format(x->wb)) == NULL)
		return xlsx_nomem(x);
	format_set_bold(x->f_head);
	format_set_bottom(x->f_head, LXW_BORDER_THIN);
	format_set_text_wrap(x->f_head);
	format_set_align(x->f_head, LXW_ALIGN_VERTICAL_TOP);
	format_set_num_format(x->f_date, "dd/mm/yyyy");
	format_set_num_format(x->f_time, "dd/mm/yyyy hh:mm");
	format_set_align(x->f_time, LXW_ALIGN_LEFT);
	format_set_bold(x->f_title);
	format_set_font_size(x->f_title, 14);
	format_set_bold(x->f_bold);
	return 0;
}

/* The unit the export covers: opts->within, else the home unit. */
static int
xlsx_scope(struct xlsx *x, struct unit *u, bool *have)
{
	int rc;

	*have = false;
	if (x->o->within != NULL)
		rc = store_unit_get(x->s, x->o->within, u, x->e);
	else if ((rc = store_home_get(x->s, u, x->e)) == ERR_NOTFOUND) {
		err_clear(x->e);	/* no home yet: everything in the file */
		return 0;
	}
	if (rc != 0)
		return rc;
	*have = true;
	x->within = u->code;
	return 0;
}

static int
xlsx_totals(struct xlsx *x, struct xlsx_sheet *sheets, int n)
{
	const struct period *p = x->o->period;

	for (int i = 0; i < n; i++) {
		int64_t c = 0;
		if (store_record_each_count(x->s, sheets[i].kind, x->within, p ? p->from : NULL,
		    p ? p->to : NULL, x->o->tombstones, &c, x->e) != 0)
			return x->e->code;
		x->total += c;
	}
	return 0;
}

static void
xlsx_free(struct xlsx *x)
{
	if (x->wb != NULL)
		lxw_workbook_free(x->wb);
	x->wb = NULL;
	export_names_free(x->names);
	x->names = NULL;
	for (size_t i = 0; i < x->nunits; i++)
		free(x->units[i].label);
	free(x->units);
	for (size_t i = 0; i < x->ncodes; i++)
		free(x->codes[i]);
	free(x->codes);
	tbuf_free(&x->buf);
	tbuf_free(&x->part);
}

/* A sheet for each kind of xlsx_kinds, with its form and columns. */
static int
xlsx_plan(struct xlsx *x, const struct forms *fs, struct xlsx_sheet *sheets, int *n)
{
	int rc;

	for (int i = 0; i < XLSX_NKINDS; i++) {
		const struct kind *k = &record_kinds[xlsx_kinds[i]];
		const struct form *f = forms_get(fs, k);
		/* Without its form a kind would be left out unnoticed. */
		if (f == NULL)
			return err_set(x->e, ERR_NOTFOUND, _("There is no form for %s (forms/%s.form)."),
			    k->name, k->name);
		sheets[*n].kind = k;
		sheets[*n].form = f;
		sheets[*n].title = i18n_pick(f->title_vi, f->title_en);
		if ((rc = xlsx_columns(x, &sheets[*n])) != 0)
			return rc;
		(*n)++;
	}
	return 0;
}

/* The workbook in the temporary, its properties and formats, and the
 * summary sheet first (filled last). u: the unit exported, or NULL. */
static int
xlsx_open(struct xlsx *x, const struct unit *u, lxw_worksheet **summary)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE };
	lxw_doc_properties props = { 0 };
	char title[256];
	int rc = 0;

	/* Row files go beside the output: the same disk, not a small /tmp. */
	wo.tmpdir = (char *)x->dir;
	if ((x->wb = workbook_new_opt(x->tmp, &wo)) == NULL)
		return xlsx_nomem(x);
	snprintf(title, sizeof title, "%s%s%s", i18n_pick("Dữ liệu chuyển đổi số",
	    "Digital transformation data"), u != NULL ? " — " : "", u != NULL ? u->name : "");
	props.title = title;
	props.comments = "socds " SOCDS_VERSION;
	if (workbook_set_properties(x->wb, &props) != LXW_NO_ERROR ||
	    (rc = xlsx_formats(x)) != 0)
		return rc != 0 ? rc : xlsx_nomem(x);
	x->sheet_rows[x->nsheet_names] = -1;
	snprintf(x->sheet_names[x->nsheet_names++], LXW_MAX_SHEETNAME_LENGTH, "%s", "Tổng hợp");
	if ((*summary = workbook_add_worksheet(x->wb, "Tổng hợp")) == NULL)
		return xlsx_nomem(x);
	return 0;
}

int
export_xlsx_to(struct store *s, const struct forms *fs, const struct export_opts *o,
    struct safefile *sf, struct err *e)
{
	static const struct export_opts none = { 0 };
	struct xlsx x = { .s = s, .o = o != NULL ? o : &none,
		.path = sf->path[0] != '\0' ? sf->path : sf->tmp, .e = e,
		.dir = sf->dir, .tmp = sf->tmp };
	struct xlsx_sheet *sheets = NULL;
	lxw_worksheet *summary;
	struct unit u;
	bool have_unit;
	int n = 0, rc, help_col = record_col_index(&record_kinds[KIND_ACTIVITY], "helped");

	err_clear(e);
	if (!sf->by_name || sf->tmp[0] == '\0')
		return err_set(e, ERR_FAIL, "export_xlsx_to: not a safefile opened by name");
	if ((sheets = calloc(XLSX_NKINDS, sizeof *sheets)) == NULL) {
		rc = xlsx_nomem(&x);
		goto out;
	}
	if ((x.names = export_names_new(s, e)) == NULL) {
		rc = e->code;
		goto out;
	}
	if ((rc = xlsx_scope(&x, &u, &have_unit)) != 0)
		goto out;
	if (help_col >= 0 && (rc = store_child_codes(s, &record_kinds[KIND_ACTIVITY], help_col,
	    xlsx_code_add, &x, e)) != 0) {
		rc = e->code != 0 ? e->code : xlsx_nomem(&x);
		goto out;
	}
	if ((rc = xlsx_plan(&x, fs, sheets, &n)) != 0)
		goto out;
	if (x.o->progress != NULL && (rc = xlsx_totals(&x, sheets, n)) != 0)
		goto out;

	if ((rc = xlsx_open(&x, have_unit ? &u : NULL, &summary)) != 0)
		goto out;
	for (int i = 0; i < n; i++)
		if ((rc = xlsx_kind(&x, &sheets[i])) != 0)
			goto out;
	if ((rc = xlsx_summary(&x, summary, have_unit ? &u : NULL, sheets, n)) != 0 ||
	    (rc = xlsx_check_space(&x)) != 0 || (rc = xlsx_close(&x)) != 0 ||
	    (rc = xlsx_verify(&x)) != 0)
		goto out;
out:
	xlsx_free(&x);
	free(sheets);
	return rc;
}
