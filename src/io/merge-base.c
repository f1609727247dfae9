/* merge-base: a change-only package carries only what the office has not
 * acknowledged, so it is merged only on top of the package it builds on:
 * its base must have been merged here, from the same unit, and not
 * reverted. Otherwise it is refused whole and logged. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/package.h"
#include "socds/store-changes.h"
#include "socds/store-merge.h"
#include "merge-internal.h"

/* 2026-10-05T… as 05/10/2026; anything else as it is. */
static void
merge_base_date(const char *at, char *buf, size_t size)
{
	bool iso = strlen(at) >= 10 && at[4] == '-' && at[7] == '-';

	for (int i = 0; iso && i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)at[i]))
			iso = false;
	if (iso)
		snprintf(buf, size, "%.2s/%.2s/%.4s", at + 8, at + 5, at);
	else
		snprintf(buf, size, "%s", at);
}

int
merge_check_base(struct store *s, struct package *p, struct merge_report *r, struct err *e)
{
	const struct package_base *b = package_base(p);
	enum store_base_state state;
	struct err le = { 0 };
	char date[24];

	if (b == NULL)
		return 0;
	if (store_merge_base_state(s, package_unit(p), b->sha256, &state, e) != 0)
		return e->code;
	if (state == STORE_BASE_MERGED)
		return 0;
	merge_base_date(b->made_at, date, sizeof date);
	err_set(e, ERR_INVALID, _("%s: this change-only package builds on %s (sha256 %.12s…,"
	    " receipt %lld of %s), which this office has not merged (or has reverted); merge it"
	    " first, or ask %s for a whole package"), package_path(p),
	    b->file[0] ? b->file : "?", b->sha256, (long long)b->receipt, date, package_unit(p));
	r->refused = true;
	store_merge_log(s, package_path(p), package_sha256(p), r->unit, r->period, "refused", r->n,
	    e->msg, &r->seq, &le);
	return e->code;
}
