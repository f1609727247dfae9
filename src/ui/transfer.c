/* transfer: moving data up and in from the interface — the upload package,
 * XLSX and CSV exports, CSV import with preview, and merging packages — with a
 * progress bar while it works. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/confine.h"
#include "socds/export.h"
#include "socds/i18n.h"
#include "socds/encoding.h"
#include "socds/import.h"
#include "socds/merge.h"
#include "socds/package.h"
#include "socds/period.h"
#include "socds/job-export.h"
#include "socds/job-import.h"
#include "socds/job-merge.h"
#include "socds/job-package.h"
#include "socds/safefile.h"
#include "socds/store-merge.h"
#include "socds/store-record.h"
#include "socds/text.h"

static const struct ui_binding transfer_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	UI_KEYS_USE(ui_keys_open),
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

static const char *const transfer_items[] = {
	N_("Export the upload package for the office above"),
	N_("Export an Excel workbook (XLSX)"),
	N_("Export one kind of records to CSV"),
	N_("Import records from a CSV file"),
	N_("Take in packages from the units below (merge)"),
	N_("Take in a receipt from the office above"),
	N_("Approved periods: approve or reopen a period of a unit below"),
};
#define TRANSFER_N ((int)(sizeof transfer_items / sizeof transfer_items[0]))

struct transfer {
	struct screen s;
	int sel;
	char last[1024];	/* what the last action did, shown under the menu */
};

/* --- the progress bar --- */

struct progress {
	struct app *a;
	const char *title;
	int64_t total;
	int64_t last;		/* os_clock_ms of the last redraw */
};

static void
transfer_progress(const char *what, int64_t done, int64_t total, void *arg)
{
	struct progress *p = arg;
	int64_t now = os_clock_ms();
	char line[160];
	int w = COLS - 20, y = LINES / 2 - 2, x = 10, filled;

	/* Ten redraws a second at most: a slow SSH link pays for each. */
	if (now - p->last < 100)
		return;
	p->last = now;
	if (total <= 0)
		total = p->total;
	ui_box(y, x, 5, w, (int)A_NORMAL, p->title, p->a->ascii);
	if (total > 0) {
		if (done > total)
			done = total;
		filled = (int)((w - 4) * done / total);
		snprintf(line, sizeof line, "%s: %lld / %lld", what, (long long)done, (long long)total);
	} else {
		filled = (int)(done / 1000 % (w - 4));
		snprintf(line, sizeof line, "%s: %lld", what, (long long)done);
	}
	ui_put(y + 1, x + 2, w - 4, line, (int)A_NORMAL, true);
	ui_fill(y + 3, x + 2, w - 4, p->a->attr[R_FIELD]);
	ui_fill(y + 3, x + 2, filled, p->a->attr[R_SELECTED] | (int)A_REVERSE);
	wnoutrefresh(stdscr);
	doupdate();
}

static void
transfer_progress_start(struct progress *p, struct app *a, const char *title, int64_t total)
{
	memset(p, 0, sizeof *p);
	p->a = a;
	p->title = title;
	p->total = total;
	transfer_progress(_("starting"), 0, total, p);
}

/* Rows an export of the whole unit will write, for the bar. */
static int64_t
transfer_rows(struct app *a)
{
	int64_t sum = 0, n;
	struct err e = { 0 };

	for (int k = 0; k < KIND_COUNT; k++)
		if (store_record_count(a->store, &record_kinds[k], NULL, &n, &e) == 0)
			sum += n;
	return sum;
}

/* Asks for the output file, proposing def; false when cancelled. */
static bool
transfer_ask_file(struct app *a, const char *def, char *out, size_t size)
{
	struct tbuf t = { 0 };
	struct err e = { 0 };
	bool ok = false;

	if (!pick_text(a, _("Save to file"), def, &t) || t.len == 0)
		goto done;
	if (confine_path(t.p, out, size, &e) != 0) {	/* socds --as: its folder only */
		ui_error(a, &e);
		goto done;
	}
	if (os_exists(out) && !ui_confirm(a, _("The file exists. Replace it?")))
		goto done;
	ok = true;
done:
	tbuf_free(&t);
	return ok;
}

/* Asks for the period ("" = all) and the output file; false when cancelled. */
static bool
transfer_ask_out(struct app *a, const char *ext, struct period *pd, bool *has_period,
    char *out, size_t size)
{
	struct tbuf t = { 0 };
	struct err e = { 0 };
	bool ok = false;

	*has_period = false;
	if (!pick_text(a, _("Period (2026, 2026-Q3, 2026-11; empty = all)"), "", &t))
		goto done;
	if (t.len > 0) {
		if (period_parse(t.p, pd, &e) != 0) {
			ui_error(a, &e);
			goto done;
		}
		*has_period = true;
	}
	char def[256];
	snprintf(def, sizeof def, "socds-%s-%s.%s", a->home.code, *has_period ? pd->label : "all",
	    ext);
	ok = transfer_ask_file(a, def, out, size);
done:
	tbuf_free(&t);
	return ok;
}

/* Item 1: a whole package, or only what the office above has not
 * acknowledged (issue 17). 1 change-only, 0 whole, -1 cancelled. */
static int
transfer_ask_content(struct app *a)
{
	const char *items[] = { _("Whole package (every record, or one period)"),
		_("Change-only package (what the office above has not acknowledged)") };

	return pick_menu(a, _("Which package?"), items, 2, 0);
}

/* The change-only package's file, named as `socds export package --changes`
 * names it: socds-21853-changes-20261206.zip (the local day). */
static bool
transfer_ask_changes_out(struct app *a, char *out, size_t size)
{
	char def[256], day[16];

	if (os_now_format(day, sizeof day, "%Y%m%d", false) == 0)
		snprintf(day, sizeof day, "today");
	snprintf(def, sizeof def, "socds-%s-changes-%s.zip", a->home.code, day);
	return transfer_ask_file(a, def, out, size);
}

static void
transfer_export(struct transfer *t, struct app *a, int what)
{
	struct period pd;
	bool has_period = false;
	char out[1024];
	struct export_opts o = { 0 };
	struct progress p;
	struct job_package_result res = { 0 };
	struct err e = { 0 };
	int rc, changes = 0;

	if (what == 0 && (changes = transfer_ask_content(a)) < 0)
		return;
	if (changes ? !transfer_ask_changes_out(a, out, sizeof out) :
	    !transfer_ask_out(a, what == 0 ? "zip" : "xlsx", &pd, &has_period, out, sizeof out))
		return;
	o.period = has_period && !changes ? &pd : NULL;
	o.changed_only = changes == 1;
	o.progress = transfer_progress;
	o.arg = &p;
	transfer_progress_start(&p, a, _(transfer_items[what]), transfer_rows(a));
	if (what == 0)
		rc = job_package(&(struct job_package_opts){ a->store, a->forms, o, out,
		    SAFEFILE_FORCE }, &res, &e);
	else
		rc = job_export_xlsx(a->store, a->forms, &o, out, SAFEFILE_FORCE, &e);
	if (rc != 0) {
		ui_error(a, &e);
		snprintf(t->last, sizeof t->last, "%s", e.msg);
		return;
	}
	if (changes)
		snprintf(t->last, sizeof t->last, _("Wrote the change-only package %s: %lld rows"
		    " changed since the last receipt."), out, (long long)res.rows);
	else
		snprintf(t->last, sizeof t->last, _("Wrote %s."), out);
	ui_message(a, false, "%s", t->last);
}

static int
transfer_pick_kind(struct app *a)
{
	static const enum kind_id kinds[] = { KIND_STAFF, KIND_TRAINING, KIND_PARTICIPANT,
		KIND_VILLAGE, KIND_TEAM, KIND_MEMBER, KIND_ACTIVITY, KIND_STATISTIC };
	const char *items[8];

	for (int i = 0; i < 8; i++) {
		const struct form *f = forms_get(a->forms, &record_kinds[kinds[i]]);
		items[i] = f != NULL ? i18n_pick(f->title_vi, f->title_en) : record_kinds[kinds[i]].name;
	}
	int r = pick_menu(a, _("Which records?"), items, 8, 0);
	return r < 0 ? -1 : (int)kinds[r];
}

static void
transfer_csv(struct transfer *t, struct app *a)
{
	static const char *const encs[] = { "utf-8", "cp1258", "viscii", "tcvn" };
	const char *enc_items[] = { N_("UTF-8 (Excel reads it right)"), "Windows-1258 (CP1258)",
		"VISCII", "TCVN 5712 (TCVN3)" };
	char out[1024], def[256];
	struct tbuf tb = { 0 };
	struct export_opts o = { 0 };
	struct progress p;
	struct err e = { 0 };
	int kid, enc;
	int64_t rows = 0;

	if ((kid = transfer_pick_kind(a)) < 0)
		return;
	enc_items[0] = _(enc_items[0]);
	if ((enc = pick_menu(a, _("Encoding"), enc_items, 4, 0)) < 0)
		return;
	snprintf(def, sizeof def, "socds-%s-%s.csv", a->home.code, record_kinds[kid].name);
	if (!pick_text(a, _("Save to file"), def, &tb) || tb.len == 0) {
		tbuf_free(&tb);
		return;
	}
	if (confine_path(tb.p, out, sizeof out, &e) != 0) {
		tbuf_free(&tb);
		ui_error(a, &e);
		return;
	}
	tbuf_free(&tb);
	bool force = os_exists(out);
	if (force && !ui_confirm(a, _("The file exists. Replace it?")))
		return;
	o.progress = transfer_progress;
	o.arg = &p;
	transfer_progress_start(&p, a, _(transfer_items[2]), 0);
	if (job_export_csv(a->store, a->forms, &record_kinds[kid], &o, false, encs[enc], out,
	    force, &rows, &e) != 0) {
		ui_error(a, &e);
		snprintf(t->last, sizeof t->last, "%s", e.msg);
		return;
	}
	ui_message(a, false, _("Wrote %lld rows to %s."), (long long)rows, out);
	snprintf(t->last, sizeof t->last, _("Wrote %lld rows to %s."), (long long)rows, out);
}

/* The folder the merge writes the package's receipt into (issue 17;
 * `socds merge --receipts`): "" for none. False when cancelled or refused. */
static bool
transfer_ask_receipts(struct app *a, char *dir, size_t size)
{
	struct tbuf tb = { 0 };
	struct os_stat st;
	struct err e = { 0 };
	bool ok = false;

	dir[0] = '\0';
	if (!pick_text(a, _("Folder for the receipt (empty = none)"), "", &tb))
		goto out;
	if (tb.len > 0) {
		if (confine_path(tb.p, dir, size, &e) != 0) {
			ui_error(a, &e);
			goto out;
		}
		if (os_stat(dir, &st) != 0 || st.kind != OS_DIR) {
			ui_message(a, true, _("%s: not a folder; nothing taken in"), dir);
			goto out;
		}
	}
	ok = true;
out:
	tbuf_free(&tb);
	return ok;
}

static void
transfer_merge(struct transfer *t, struct app *a)
{
	struct tbuf tb = { 0 };
	struct job_merged m;
	const struct merge_report *r = &m.r;
	struct progress p;
	struct err e = { 0 };
	char path[1024], dir[1024];

	if (!pick_text(a, _("Package file to take in"), "", &tb) || tb.len == 0) {
		tbuf_free(&tb);
		return;
	}
	if (confine_path(tb.p, path, sizeof path, &e) != 0) {
		ui_error(a, &e);
		tbuf_free(&tb);
		return;
	}
	if (!transfer_ask_receipts(a, dir, sizeof dir)) {
		tbuf_free(&tb);
		return;
	}
	transfer_progress_start(&p, a, _(transfer_items[4]), 0);
	if (job_merge(&(struct job_merge_opts){ a->store, a->forms, &(const char *){ path }, 1,
	    NULL, transfer_progress, &p, dir[0] ? dir : NULL }, &m, &e) != 0 || m.rc != 0) {
		if (e.code == 0)
			e = m.e;
		ui_error(a, &e);
		snprintf(t->last, sizeof t->last, "%s", e.msg);
		tbuf_free(&tb);
		return;
	}
	snprintf(t->last, sizeof t->last, _("%s %s: inserted %lld, updated %lld, unchanged %lld,"
	    " deleted %lld, conflicts %lld, rejected %lld."), r->unit, r->unit_name,
	    (long long)r->n[MERGE_INSERTED], (long long)r->n[MERGE_UPDATED],
	    (long long)r->n[MERGE_UNCHANGED], (long long)r->n[MERGE_DELETED],
	    (long long)r->n[MERGE_CONFLICT], (long long)r->n[MERGE_REJECTED]);
	if (r->orphans > 0) {
		size_t n = strlen(t->last);
		snprintf(t->last + n, sizeof t->last - n, _(" Of the rejected, %lld belong to a"
		    " record deleted here."), (long long)r->orphans);
	}
	if (r->duplicates > 0) {
		size_t n = strlen(t->last);
		snprintf(t->last + n, sizeof t->last - n, _(" Likely duplicates, merged all the"
		    " same: %lld."), (long long)r->duplicates);
	}
	if (r->key.action != KEY_KNOWN) {
		char line[200];
		size_t n = strlen(t->last);
		snprintf(t->last + n, sizeof t->last - n, " %s.", package_key_text(&r->key, line,
		    sizeof line));
	}
	if (dir[0]) {
		size_t n = strlen(t->last);
		if (m.receipt_rc == 0)
			snprintf(t->last + n, sizeof t->last - n, _(" Receipt written: %s."),
			    m.receipt.path);
		else
			snprintf(t->last + n, sizeof t->last - n, " %s", m.receipt_e.msg);
	}
	ui_message(a, r->n[MERGE_CONFLICT] + r->n[MERGE_REJECTED] > 0 ||
	    (dir[0] && m.receipt_rc != 0), "%s", t->last);
	tbuf_free(&tb);
}

/* --- import: preview, dry run, confirm --- */

#define SHOW_MAX 40

/* A box of text lines shown until a key is pressed. */
struct showbox {
	struct screen s;
	const char *title;
	char lines[SHOW_MAX][200];
	int n;
};

static void
showbox_draw(struct screen *s, struct app *a)
{
	struct showbox *b = (struct showbox *)s;
	int y, x, h, w;

	if (s->below != NULL)
		s->below->draw(s->below, a);
	h = b->n + 3 > LINES - 4 ? LINES - 4 : b->n + 3;
	w = COLS - 6;
	y = (LINES - h) / 2;
	x = 3;
	ui_box(y, x, h, w, (int)A_NORMAL, b->title, a->ascii);
	for (int i = 0; i < b->n && i < h - 3; i++)
		ui_put(y + 1 + i, x + 2, w - 4, b->lines[i], (int)A_NORMAL, false);
	ui_put(y + h - 2, x + 2, w - 4, _("Press any key."), a->attr[R_DIM], false);
}

static int
showbox_key(struct screen *s, struct app *a, int key)
{
	(void)s;
	(void)a;
	(void)key;
	return 1;
}

struct import_seen {
	struct showbox *b;
	int64_t n, shown, cap;
};

/* The first problems, as many as the box shows with two lines left (how
 * many more, and the counts); the others are counted. */
static void
transfer_problem(const struct import_problem *p, void *arg)
{
	struct import_seen *is = arg;

	if (is->shown < is->cap) {
		snprintf(is->b->lines[is->b->n++], sizeof is->b->lines[0], "%s %ld: %s",
		    p->warning ? "!" : "x", p->line, p->msg);
		is->shown++;
	}
	is->n++;
}

/* Not UTF-8 and not plainly Windows-1258: the user sees a line as each
 * legacy encoding reads it and picks the one that reads right (the command
 * line asks for --encoding instead). False when cancelled or failed. */
static bool
transfer_import_encoding(struct app *a, const char *path, const char **enc, struct err *e)
{
	struct encoding_samples es;
	char info[2][ERR_MSG_MAX], items[ENCODING_LEGACY_N][ENCODING_SAMPLE_MAX + 32];
	const char *infop[2] = { info[0], info[1] };
	const char *itemp[ENCODING_LEGACY_N];
	int c;

	if (encoding_detect(path, enc, &es, e) != 0)
		return false;
	if (*enc != NULL)
		return true;
	snprintf(info[0], sizeof info[0], "%s",
	    _("The file is not UTF-8, and its encoding cannot be told for sure."));
	snprintf(info[1], sizeof info[1],
	    _("Line %ld as each encoding reads it: choose the one that reads right."), es.line);
	for (int i = 0; i < ENCODING_LEGACY_N; i++) {
		snprintf(items[i], sizeof items[i], "%-12s %s", encoding_display(encoding_legacy[i]),
		    es.text[i]);
		itemp[i] = items[i];
	}
	if ((c = pick_menu_info(a, _("Encoding of the file"), infop, 2, itemp,
	    ENCODING_LEGACY_N)) < 0)
		return false;
	*enc = encoding_legacy[c];
	return true;
}

/* What the file holds and how its columns are read, in the box. */
static void
transfer_import_preview(struct showbox *b, const struct import_preview *pv)
{
	b->title = _("Columns and first rows");
	snprintf(b->lines[b->n++], sizeof b->lines[0], "%s: %s", _("Encoding"), pv->encoding);
	for (int c = 0; c < pv->ncols && b->n < SHOW_MAX - 8; c++) {
		/* Padded by columns, not bytes: headers are Vietnamese. */
		int w = text_width(pv->header[c]);
		snprintf(b->lines[b->n++], sizeof b->lines[0], "  %s%*s -> %s", pv->header[c],
		    w < 24 ? 24 - w : 0, "", pv->mapped[c][0] ? pv->mapped[c] : _("(not understood)"));
	}
	for (int r = 0; r < pv->nrows && b->n < SHOW_MAX; r++) {
		size_t len = 0;
		for (int c = 0; c < pv->ncols && len < sizeof b->lines[0] - 4; c++)
			len += (size_t)snprintf(b->lines[b->n] + len, sizeof b->lines[0] - len, "%s%s",
			    c ? " | " : "  ", pv->cell[r][c]);
		b->n++;
	}
}

/* The dry run: every row through the forms' rules, nothing written; the
 * first problems and the counts in the box. */
static int
transfer_import_check(struct app *a, struct showbox *b, struct job_import_opts *jo,
    struct import_result *res, struct err *e)
{
	struct import_seen is = { b, 0, 0, 0 };
	int rc;

	b->n = 0;
	b->title = _("Check of every row (nothing written yet)");
	jo->io.dry_run = true;
	jo->io.problem = transfer_problem;
	jo->io.arg = &is;
	/* The box shows LINES - 7 lines (showbox_draw). */
	is.cap = LINES - 9 < SHOW_MAX - 2 ? LINES - 9 : SHOW_MAX - 2;
	if (is.cap > IMPORT_PROBLEMS_SHOWN)
		is.cap = IMPORT_PROBLEMS_SHOWN;
	if (is.cap < 1)
		is.cap = 1;
	if ((rc = job_import(jo, res, e)) != 0 && rc != ERR_INVALID)
		return rc;
	if (is.n > is.shown && b->n < SHOW_MAX - 1)
		snprintf(b->lines[b->n++], sizeof b->lines[0],
		    _("... and %lld more problems (a rejects file gets them all)"),
		    (long long)(is.n - is.shown));
	snprintf(b->lines[b->n < SHOW_MAX ? b->n++ : SHOW_MAX - 1], sizeof b->lines[0],
	    _("%lld rows: %lld valid, %lld with problems, %lld likely duplicates."),
	    (long long)res->rows, (long long)res->valid, (long long)res->invalid,
	    (long long)res->duplicates);
	ui_modal(a, &b->s);
	return 0;
}

/* After the check: asks, then imports (the good rows, the others to a
 * rejects file when there are bad ones). 0 also when nothing is done. */
static int
transfer_import_apply(struct app *a, struct job_import_opts *jo, struct import_result *res,
    char *last, size_t size, struct err *e)
{
	struct progress p;
	char q[300];

	if (res->valid == 0) {
		ui_message(a, true, "%s", _("Nothing to import."));
		return 0;
	}
	if (res->invalid > 0) {
		snprintf(q, sizeof q, _("Import the %lld valid rows and put the %lld others in a"
		    " rejects file?"), (long long)res->valid, (long long)res->invalid);
		jo->io.skip_invalid = true;
		jo->io.force = true;
	} else
		snprintf(q, sizeof q, _("Import %lld records?"), (long long)res->valid);
	if (!ui_confirm(a, q))
		return 0;
	jo->io.dry_run = false;
	jo->io.problem = NULL;
	jo->io.progress = transfer_progress;
	jo->io.progress_arg = &p;
	transfer_progress_start(&p, a, _(transfer_items[3]), res->rows);
	if (job_import(jo, res, e) != 0)
		return e->code;
	snprintf(last, size, _("Imported %lld records from %s%s%s."), (long long)res->inserted,
	    jo->path, res->rejects[0] ? _("; rejected rows in ") : "", res->rejects);
	ui_message(a, false, "%s", last);
	return 0;
}

static void
transfer_import(struct app *a, char *last, size_t size)
{
	struct tbuf tb = { 0 };
	struct job_import_opts jo = { .s = a->store, .fs = a->forms };
	struct import_result res;
	struct import_preview pv;
	struct showbox *b = calloc(1, sizeof *b);
	struct err e = { 0 };
	char path[1024];
	int kid;

	if (b == NULL)
		return;
	b->s.name = "pick";
	b->s.draw = showbox_draw;
	b->s.key = showbox_key;
	jo.path = path;
	if (!pick_text(a, _("CSV file to import"), "", &tb) || tb.len == 0)
		goto out;
	if (confine_path(tb.p, path, sizeof path, &e) != 0) {
		ui_error(a, &e);
		goto out;
	}
	if ((kid = transfer_pick_kind(a)) < 0)
		goto out;
	jo.io.kind = &record_kinds[kid];
	if (!transfer_import_encoding(a, path, &jo.io.encoding, &e)) {
		if (e.code != 0)
			goto fail;
		goto out;
	}
	if (job_import_preview(&jo, &pv, &e) != 0)
		goto fail;
	transfer_import_preview(b, &pv);
	ui_modal(a, &b->s);
	if (transfer_import_check(a, b, &jo, &res, &e) != 0 ||
	    transfer_import_apply(a, &jo, &res, last, size, &e) != 0)
		goto fail;
	goto out;
fail:
	ui_error(a, &e);
	snprintf(last, size, "%s", e.msg);
out:
	tbuf_free(&tb);
	free(b);
}

static void
transfer_draw(struct screen *s, struct app *a)
{
	struct transfer *t = (struct transfer *)s;
	int y = 2;

	ui_title(a, _("Exchange data"), a->home.name);
	for (int i = 0; i < TRANSFER_N; i++, y++) {
		int attr = i == t->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		char line[256];
		snprintf(line, sizeof line, " %d  %s", i + 1, _(transfer_items[i]));
		ui_fill(y, 2, COLS - 4, attr);
		ui_put(y, 2, COLS - 4, line, attr, false);
	}
	if (t->last[0])
		ui_put_wrapped(y + 1, 2, COLS - 4, LINES - 3 - y, t->last, a->attr[R_DIM]);
}

static int
transfer_key(struct screen *s, struct app *a, int key)
{
	struct transfer *t = (struct transfer *)s;
	int what = -1;

	if (key >= '1' && key < '1' + TRANSFER_N)
		what = t->sel = key - '1';
	enum ui_action act = what >= 0 ? ACT_OPEN : ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP: t->sel = (t->sel + TRANSFER_N - 1) % TRANSFER_N; break;
	case ACT_DOWN: t->sel = (t->sel + 1) % TRANSFER_N; break;
	case ACT_OPEN:
		a->status[0] = '\0';
		switch (t->sel) {
		case 0: case 1: transfer_export(t, a, t->sel); break;
		case 2: transfer_csv(t, a); break;
		case 3: transfer_import(a, t->last, sizeof t->last); break;
		case 4: transfer_merge(t, a); break;
		case 5: transfer_receipt(a, t->last, sizeof t->last); break;
		case 6: ui_push(a, approve_new(a)); break;
		}
		break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static const struct screen transfer_screen = {
	.name = "transfer",
	.draw = transfer_draw,
	.key = transfer_key,
	.keys = transfer_keys,
	.help = N_("Exchanging data. The upload package is the file the office above "
	    "takes in: a ZIP with every table as CSV, an Excel workbook and a manifest with "
	    "checksums. An XLSX or CSV export is for people (Excel opens them). An import "
	    "shows the file's first rows and how its columns are understood, checks every row "
	    "with the forms' rules, and imports only when you confirm. Taking in packages "
	    "checks each one whole first; a damaged package changes nothing. A receipt from the "
	    "office above says what became of each record sent: taking it in marks the accepted "
	    "ones and lists what it returned (r on the home screen). Once a receipt has been "
	    "taken in, the upload package can be change-only: what the office above has not "
	    "acknowledged yet. When taking in packages, give a folder to write their receipts "
	    "into."),
};

struct screen *
transfer_new(struct app *a)
{
	(void)a;
	return ui_screen_new(sizeof(struct transfer), &transfer_screen);
}
