/* bin: the recycle bin — records deleted in the unit and the units below,
 * newest first, a page at a time from the store; Enter shows what went with
 * one and offers to restore it (job_bin_restore), F8 purges it (admin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/job-bin.h"
#include "socds/store-bin.h"
#include "socds/store-record.h"

#define BIN_ROWS 100		/* rows read from the store at a time */
#define BIN_INFO 12		/* lines of "what went with it" shown */

static const struct ui_binding bin_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ '\r', ACT_OPEN, "Enter", N_("Restore"), NULL },
	{ '\n', ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_ENTER), ACT_OPEN, NULL, NULL, NULL },
	{ UI_KEY(KEY_F(8)), ACT_DELETE, "F8", N_("Purge"), NULL },
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

/* A short word for each kind, for the "what" column. */
static const char *const bin_kind_word[KIND_COUNT] = {
	[KIND_VILLAGE] = N_("Village"), [KIND_STAFF] = N_("Staff"),
	[KIND_TRAINING] = N_("Training"), [KIND_PARTICIPANT] = N_("Participant"),
	[KIND_TEAM] = N_("Team"), [KIND_MEMBER] = N_("Team member"),
	[KIND_ACTIVITY] = N_("Activity"), [KIND_TASK_PROGRESS] = N_("Task status"),
	[KIND_STATISTIC] = N_("Figure"),
};

struct bin_item {
	struct store_bin_row r;
	char name[160];
};

struct bin {
	struct screen s;
	struct bin_item item[BIN_ROWS];
	int n, sel, first;
	int64_t off;		/* the page's first row in the bin */
};

static const char *
bin_word(const struct kind *k)
{
	int i = (int)(k - record_kinds);

	return i >= 0 && i < KIND_COUNT ? _(bin_kind_word[i]) : k->name;
}

/* The record's name as the lists show it (describe_record). */
static void
bin_name(struct app *a, const struct kind *k, const char *id, char *name, size_t size)
{
	struct record r;
	struct err e = { 0 };
	char detail[512];

	snprintf(name, size, "%s", id);
	if (record_init(&r, k) != 0)
		return;
	if (store_record_get(a->store, &r, id, &e) == 0)
		describe_record(a, &r, name, size, detail, sizeof detail);
	if (name[0] == '\0')
		snprintf(name, size, "%s", id);
	record_free(&r);
}

struct bin_load {
	struct bin *b;
	struct app *a;
};

static int
bin_take(const struct store_bin_row *r, void *arg)
{
	struct bin_load *l = arg;
	struct bin_item *it = &l->b->item[l->b->n++];

	it->r = *r;
	bin_name(l->a, r->kind, r->id, it->name, sizeof it->name);
	return l->b->n >= BIN_ROWS;
}

static void
bin_load(struct bin *b, struct app *a)
{
	struct bin_load l = { b, a };
	struct err e = { 0 };

	b->n = 0;
	/* bin_take stops the page when it is full: not an error. */
	if (store_bin_page(a->store, a->home.code, b->off, BIN_ROWS, bin_take, &l, &e) != 0 &&
	    e.code != 0)
		ui_error(a, &e);
	if (b->sel >= b->n)
		b->sel = b->n > 0 ? b->n - 1 : 0;
}

static void
bin_draw(struct screen *s, struct app *a)
{
	struct bin *b = (struct bin *)s;
	int rows = LINES - 5, y = 3;
	/* Columns placed by screen position: Vietnamese headings are wider in bytes. */
	static const int col[] = { 1, 18, 31, 58, 70 };
	const char *head[] = { _("Deleted (UTC)"), _("What"), _("Name"), _("By"), _("With") };

	ui_title(a, _("Recycle bin: deleted records"), a->home.name);
	ui_fill(2, 0, COLS, a->attr[R_HEADER]);
	for (int c = 0; c < 5; c++)
		ui_put(2, col[c], c < 4 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, head[c],
		    a->attr[R_HEADER], false);
	if (b->sel < b->first)
		b->first = b->sel;
	if (b->sel >= b->first + rows)
		b->first = b->sel - rows + 1;
	for (int i = b->first; i < b->n && y < LINES - 2; i++, y++) {
		const struct bin_item *it = &b->item[i];
		int attr = i == b->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		char when[24], with[24] = "";
		/* 2026-12-06T16:40:03Z as 2026-12-06 16:40 */
		snprintf(when, sizeof when, "%.10s %.5s", it->r.deleted_at, it->r.deleted_at + 11);
		if (it->r.with > 0)
			snprintf(with, sizeof with, _("+ %lld"), (long long)it->r.with);
		const char *cell[] = { when, bin_word(it->r.kind), it->name, it->r.user, with };
		ui_fill(y, 0, COLS, attr);
		for (int c = 0; c < 5; c++)
			ui_put(y, col[c], c < 4 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, cell[c],
			    attr, false);
	}
	if (b->n == 0)
		ui_put_wrapped(4, 2, COLS - 4, 3, b->off > 0 ? _("No more deleted records.") :
		    _("The recycle bin is empty: nothing deleted in this unit or the units below it."),
		    a->attr[R_DIM]);
}

/* The lines of what went with a deletion: a heading, the records and
 * links, "… and N more". */
struct bin_info {
	struct app *a;
	char line[BIN_INFO][200];
	const char *p[BIN_INFO];
	int n, more;
};

static int
bin_info_take(const struct kind *k, const char *id, const char *member, void *arg)
{
	struct bin_info *bi = arg;
	char name[160], mname[160];

	if (bi->n >= BIN_INFO - 1) {
		bi->more++;
		return 0;
	}
	bin_name(bi->a, k, id, name, sizeof name);
	if (member != NULL) {
		bin_name(bi->a, &record_kinds[KIND_MEMBER], member, mname, sizeof mname);
		snprintf(bi->line[bi->n], sizeof bi->line[0], _("  %s: present at the activity %s"),
		    mname, name);
	} else
		snprintf(bi->line[bi->n], sizeof bi->line[0], "  %s: %s", bin_word(k), name);
	bi->p[bi->n] = bi->line[bi->n];
	bi->n++;
	return 0;
}

static void bin_restore(struct bin *b, struct app *a, const char *id, const char *name, int depth);

/* Refused because the record belongs to a deleted one: offer that first. */
static void
bin_restore_blocked(struct bin *b, struct app *a, const char *id, const char *name,
    const struct store_bin_restored *out, const struct err *e, int depth)
{
	char q[UI_STATUS_SIZE], bname[160];

	bin_name(a, out->blocker_kind, out->blocker, bname, sizeof bname);
	snprintf(q, sizeof q, _("%s. Restore %s '%s' first?"), e->msg,
	    bin_word(out->blocker_kind), bname);
	if (depth > 0 || !ui_confirm(a, q))
		return;
	bin_restore(b, a, out->blocker, bname, depth + 1);
	if (!a->status_error)
		bin_restore(b, a, id, name, depth + 1);
}

static void
bin_restore(struct bin *b, struct app *a, const char *id, const char *name, int depth)
{
	struct store_bin_restored out;
	struct err e = { 0 };

	if (job_bin_restore(a->store, a->forms, id, &out, &e) != 0) {
		if (e.code == ERR_INVALID && out.blocker_kind != NULL && depth == 0) {
			bin_restore_blocked(b, a, id, name, &out, &e, depth);
			return;
		}
		ui_error(a, &e);
		return;
	}
	if (out.records > 1 && out.left > 0)
		ui_message(a, false, _("Restored '%s' with %lld records; %lld stay deleted: they belong"
		    " to a record deleted since."), name, (long long)(out.records - 1),
		    (long long)out.left);
	else if (out.records > 1)
		ui_message(a, false, _("Restored '%s' with the %lld records deleted with it."), name,
		    (long long)(out.records - 1));
	else
		ui_message(a, false, _("Restored '%s'."), name);
	bin_load(b, a);
}

static void
bin_open(struct bin *b, struct app *a)
{
	struct bin_info *bi;
	struct err e = { 0 };
	const struct bin_item *it;
	char name[160];
	const char *items[2] = { _("Restore"), _("Back") };
	int c;

	if (b->n == 0)
		return;
	it = &b->item[b->sel];
	snprintf(name, sizeof name, "%s", it->name);
	if ((bi = calloc(1, sizeof *bi)) == NULL)
		return;
	bi->a = a;
	snprintf(bi->line[0], sizeof bi->line[0], _("'%s', deleted %.10s %.5s by %s."), name,
	    it->r.deleted_at, it->r.deleted_at + 11, it->r.user[0] ? it->r.user : "?");
	bi->p[0] = bi->line[0];
	bi->n = 1;
	if (it->r.with > 0) {
		snprintf(bi->line[1], sizeof bi->line[1], "%s",
		    _("Deleted with it, and restored with it:"));
		bi->p[1] = bi->line[1];
		bi->n = 2;
	}
	if (store_bin_items(a->store, it->r.deletion, bin_info_take, bi, &e) != 0) {
		ui_error(a, &e);
		free(bi);
		return;
	}
	if (bi->more > 0) {
		snprintf(bi->line[bi->n], sizeof bi->line[0], _("  … and %d more"), bi->more);
		bi->p[bi->n] = bi->line[bi->n];
		bi->n++;
	}
	c = pick_menu_info(a, _("Restore a deleted record"), bi->p, bi->n, items, 2);
	free(bi);
	if (c == 0)
		bin_restore(b, a, b->item[b->sel].r.id, name, 0);
}

static void
bin_purge(struct bin *b, struct app *a)
{
	struct err e = { 0 };
	char q[UI_STATUS_SIZE];
	const struct bin_item *it;
	int64_t n = 0;

	if (b->n == 0)
		return;
	it = &b->item[b->sel];
	if (store_allow(a->store, STORE_ACT_PURGE, NULL, &e) != 0) {
		ui_error(a, &e);
		return;
	}
	if (it->r.with > 0)
		snprintf(q, sizeof q, _("Purge the personal data of '%s' and of the %lld records"
		    " deleted with it? It cannot be undone; the deletion still travels up."), it->name,
		    (long long)it->r.with);
	else
		snprintf(q, sizeof q, _("Purge the personal data of '%s'? It cannot be undone; the"
		    " deletion still travels up."), it->name);
	if (!ui_confirm(a, q))
		return;
	if (store_bin_purge(a->store, it->r.id, &n, &e) != 0) {
		ui_error(a, &e);
		return;
	}
	ui_message(a, false, _("Purged %lld records: their tombstones stay."), (long long)n);
	bin_load(b, a);
}

static int
bin_key(struct screen *s, struct app *a, int key)
{
	struct bin *b = (struct bin *)s;
	int rows = LINES - 5;

	a->status[0] = '\0';
	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP:
		if (b->sel > 0)
			b->sel--;
		else if (b->off > 0) {	/* the page before */
			b->off = b->off > BIN_ROWS ? b->off - BIN_ROWS : 0;
			bin_load(b, a);
			b->sel = b->n > 0 ? b->n - 1 : 0;
		}
		break;
	case ACT_DOWN:
		if (b->sel < b->n - 1)
			b->sel++;
		else if (b->n == BIN_ROWS) {	/* the next page */
			b->off += b->n;
			b->sel = b->first = 0;
			bin_load(b, a);
		}
		break;
	case ACT_PGUP: b->sel = b->sel > rows ? b->sel - rows : 0; break;
	case ACT_PGDN: b->sel = b->sel + rows < b->n ? b->sel + rows : b->n > 0 ? b->n - 1 : 0; break;
	case ACT_HOME: b->off = 0; b->sel = b->first = 0; bin_load(b, a); break;
	case ACT_OPEN: bin_open(b, a); break;
	case ACT_DELETE: bin_purge(b, a); break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static const struct screen bin_screen = {
	.name = "bin",
	.draw = bin_draw,
	.key = bin_key,
	.keys = bin_keys,
	.help = N_("The records deleted in your unit and the units below it, newest first, with "
	    "who deleted them and how many records went with them (a team takes its members, "
	    "activities and participations). Enter shows what went with a record and restores "
	    "them all as a new version, which travels up in the next package. A record that "
	    "belongs to a deleted one (a member of a deleted team) waits until that one is "
	    "restored. F8 purges a record's personal data for good (admin only): the deletion "
	    "itself stays and still travels."),
};

struct screen *
bin_new(struct app *a)
{
	struct bin *b = ui_screen_new(sizeof *b, &bin_screen);

	if (b == NULL)
		return NULL;
	bin_load(b, a);
	return &b->s;
}
