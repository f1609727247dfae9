/* audit: who changed what and when, newest first, filterable by user and by
 * record; Enter shows the old and new values of a change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/i18n.h"
#include "socds/store-admin.h"
#include "socds/store-record.h"
#include "socds/text.h"

#define AUDIT_ROWS 200

static const struct ui_binding audit_keys[] = {
	UI_KEYS_USE(ui_keys_help),
	{ UI_KEY(KEY_F(4)), ACT_FILTER, "F4", N_("Filter"), NULL },
	{ 'f', ACT_FILTER, NULL, NULL, NULL },
	UI_KEYS_USE(ui_keys_open),
	UI_KEYS_USE(ui_keys_arrows),
	UI_KEYS_USE(ui_keys_back),
	UI_KEYS_END,
};

struct audit_item {
	int64_t seq;
	char at[24], user[64], action[16], kind[16], record[UUID_STR_LEN];
	char *old_values, *new_values, *detail;
};

struct audit {
	struct screen s;
	struct audit_item item[AUDIT_ROWS];
	int n, sel, first;
	int64_t before;		/* the page starts below this seq (0: the newest) */
	char user[64];
	char record[UUID_STR_LEN];
};

static void
audit_clear(struct audit *au)
{
	for (int i = 0; i < au->n; i++) {
		free(au->item[i].old_values);
		free(au->item[i].new_values);
		free(au->item[i].detail);
	}
	au->n = 0;
}

static int
audit_take(const struct audit_row *r, void *arg)
{
	struct audit *au = arg;
	struct audit_item *it = &au->item[au->n++];

	it->seq = r->seq;
	snprintf(it->at, sizeof it->at, "%s", r->at ? r->at : "");
	snprintf(it->user, sizeof it->user, "%s", r->user ? r->user : "");
	snprintf(it->action, sizeof it->action, "%s", r->action ? r->action : "");
	snprintf(it->kind, sizeof it->kind, "%s", r->kind ? r->kind : "");
	snprintf(it->record, sizeof it->record, "%s", r->record_id ? r->record_id : "");
	it->old_values = r->old_values ? strdup(r->old_values) : NULL;
	it->new_values = r->new_values ? strdup(r->new_values) : NULL;
	it->detail = r->detail ? strdup(r->detail) : NULL;
	return au->n >= AUDIT_ROWS;
}

static void
audit_load(struct audit *au, struct app *a)
{
	struct err e = { 0 };

	audit_clear(au);
	if (store_audit_page(a->store, au->before, au->user[0] ? au->user : NULL,
	    au->record[0] ? au->record : NULL, AUDIT_ROWS, audit_take, au, &e) != 0)
		ui_error(a, &e);
}

static void
audit_draw(struct screen *s, struct app *a)
{
	struct audit *au = (struct audit *)s;
	char right[160];
	int rows = LINES - 5, y = 3;

	snprintf(right, sizeof right, "%s%s%s", au->user[0] ? au->user : "",
	    au->user[0] && au->record[0] ? " · " : "", au->record[0] ? au->record : "");
	ui_title(a, _("Audit log"), right);
	ui_fill(2, 0, COLS, a->attr[R_HEADER]);
	/* Columns placed by screen position: Vietnamese headings are wider in bytes. */
	static const int col[] = { 1, 22, 35, 44, 57 };
	const char *head[] = { _("When (UTC)"), _("Account"), _("Action"), _("Kind"),
		_("Record or event") };
	for (int c = 0; c < 5; c++)
		ui_put(2, col[c], c < 4 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, head[c],
		    a->attr[R_HEADER], false);
	if (au->sel >= au->n)
		au->sel = au->n > 0 ? au->n - 1 : 0;
	if (au->sel < au->first)
		au->first = au->sel;
	if (au->sel >= au->first + rows)
		au->first = au->sel - rows + 1;
	for (int i = au->first; i < au->n && y < LINES - 2; i++, y++) {
		const struct audit_item *it = &au->item[i];
		int attr = i == au->sel ? a->attr[R_SELECTED] : (int)A_NORMAL;
		char name[200] = "";
		const struct kind *k = record_kind(it->kind);
		struct err e = { 0 };
		if (k != NULL && it->record[0])
			store_record_name(a->store, k, it->record, name, sizeof name, &e);
		const char *cell[] = { it->at, it->user, it->action, it->kind,
			name[0] ? name : it->detail ? it->detail : it->record };
		ui_fill(y, 0, COLS, attr);
		for (int c = 0; c < 5; c++)
			ui_put(y, col[c], c < 4 ? col[c + 1] - col[c] - 1 : COLS - col[c] - 1, cell[c],
			    attr, false);
	}
	if (au->n == 0)
		ui_put(4, 2, COLS - 4, _("Nothing recorded (or nothing matches the filter)."),
		    a->attr[R_DIM], false);
}

static void
audit_filter(struct audit *au, struct app *a)
{
	const char *items[] = { _("Only one account"), _("Only the selected record"),
		_("Clear the filter") };
	struct tbuf t = { 0 };
	int c = pick_menu(a, _("Filter"), items, 3, 0);

	if (c == 0 && pick_text(a, _("Account"), au->user, &t))
		snprintf(au->user, sizeof au->user, "%s", t.len ? t.p : "");
	else if (c == 1 && au->n > 0)
		snprintf(au->record, sizeof au->record, "%s", au->item[au->sel].record);
	else if (c == 2)
		au->user[0] = au->record[0] = '\0';
	tbuf_free(&t);
	au->before = 0;
	au->sel = au->first = 0;
	audit_load(au, a);
}

static int
audit_key(struct screen *s, struct app *a, int key)
{
	struct audit *au = (struct audit *)s;

	a->status[0] = '\0';
	enum ui_action act = ui_lookup(s->keys, key);
	switch (act) {
	case ACT_UP: if (au->sel > 0) au->sel--; break;
	case ACT_DOWN:
		if (au->sel < au->n - 1)
			au->sel++;
		else if (au->n == AUDIT_ROWS) {	/* the next, older page */
			au->before = au->item[au->n - 1].seq;
			au->sel = au->first = 0;
			audit_load(au, a);
		}
		break;
	case ACT_PGUP: au->sel = au->sel > LINES - 5 ? au->sel - (LINES - 5) : 0; break;
	case ACT_PGDN: au->sel = au->sel + LINES - 5 < au->n ? au->sel + LINES - 5 : au->n - 1; break;
	case ACT_HOME: au->before = 0; au->sel = au->first = 0; audit_load(au, a); break;
	case ACT_FILTER: audit_filter(au, a); break;
	case ACT_OPEN:
		if (au->n > 0) {
			const struct audit_item *it = &au->item[au->sel];
			const char *info[3] = { it->old_values ? it->old_values : "—",
				it->new_values ? it->new_values : "—", it->detail ? it->detail : "" };
			const char *back[] = { _("Back") };
			char l0[2100], l1[2100];
			snprintf(l0, sizeof l0, "%s %s", _("before:"), info[0]);
			snprintf(l1, sizeof l1, "%s %s", _("after:"), info[1]);
			const char *lines[3] = { l0, l1, info[2] };
			pick_menu_info(a, _("Change"), lines, 3, back, 1);
		}
		break;
	default: return ui_key_common(s, a, act);
	}
	return 0;
}

static void
audit_free(struct screen *s)
{
	audit_clear((struct audit *)s);
	free(s);
}

static const struct screen audit_screen = {
	.name = "audit",
	.draw = audit_draw,
	.key = audit_key,
	.free = audit_free,
	.keys = audit_keys,
	.help = N_("Every change: who (the account), when, which record, and the values "
	    "before and after (Enter). Imports, merges, exports and user changes appear as "
	    "events. F4 keeps only one account or the selected record."),
};

struct screen *
audit_new(struct app *a)
{
	struct audit *au = ui_screen_new(sizeof *au, &audit_screen);

	if (au == NULL)
		return NULL;
	audit_load(au, a);
	return &au->s;
}
