/* approve: the office's approval of a unit's period, and its reopening. */
#include <string.h>

#include "socds/i18n.h"
#include "socds/job-approve.h"
#include "socds/period.h"
#include "socds/store-unit.h"

/* The period reads and the unit is one below the home unit: an office
 * approves the units below it, never itself. */
static int
approve_args(struct store *s, const char *unit, const char *text, struct period *p,
    struct err *e)
{
	struct unit u, home;
	bool within = false;

	if (period_parse(text, p, e) != 0 || store_unit_get(s, unit, &u, e) != 0 ||
	    store_home_get(s, &home, e) != 0)
		return e->code;
	if (strcmp(unit, home.code) != 0 && store_unit_within(s, unit, home.code, &within, e) != 0)
		return e->code;
	if (!within)
		return err_set(e, ERR_INVALID, _("%s (%s) is not a unit below %s (%s): an office"
		    " approves the periods of the units below it"), unit, u.name, home.code,
		    home.name);
	return 0;
}

/* Whether a merged package's period (label as logged) covers part of p:
 * a package of every period ("" or "all") does. */
struct approve_seen {
	const struct period *p;
	bool seen;
};

static int
approve_merged(const char *label, void *arg)
{
	struct approve_seen *a = arg;
	struct period q;
	struct err e = { 0 };

	if (label[0] == '\0' || strcmp(label, "all") == 0 || period_parse(label, &q, &e) != 0 ||
	    (strcmp(q.from, a->p->to) <= 0 && strcmp(q.to, a->p->from) >= 0))
		a->seen = true;
	return a->seen;
}

int
job_approve(struct store *s, const char *unit, const char *period,
    struct job_approve_result *out, struct err *e)
{
	struct period p;
	struct approve_seen seen = { &p, false };

	memset(out, 0, sizeof *out);
	if (approve_args(s, unit, period, &p, e) != 0 ||
	    store_approval_set(s, unit, p.label, p.from, p.to, "approved", NULL, &out->a, e) != 0)
		return e->code;
	if (store_approval_merged(s, unit, approve_merged, &seen, e) != 0)
		return e->code;
	out->no_package = !seen.seen;
	return 0;
}

int
job_reopen(struct store *s, const char *unit, const char *period, const char *reason,
    struct job_approve_result *out, struct err *e)
{
	struct period p;

	memset(out, 0, sizeof *out);
	if (reason == NULL || reason[strspn(reason, " \t")] == '\0')
		return err_set(e, ERR_USAGE, _("reopening a period needs a reason (--reason TEXT)"));
	if (strlen(reason) > 250)
		return err_set(e, ERR_USAGE, _("the reason is too long (at most 250 bytes)"));
	if (approve_args(s, unit, period, &p, e) != 0)
		return e->code;
	return store_approval_set(s, unit, p.label, p.from, p.to, "reopened", reason, &out->a, e);
}
