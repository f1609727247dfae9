/* transfer-receipt: the Exchange screen's "take in a receipt from the office
 * above" (issue 17): the file, job_receipt_take (all checks and the one
 * transaction are the job's), and what it said in a box. */
#include <stdio.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"
#include "socds/confine.h"
#include "socds/i18n.h"
#include "socds/job-receipt.h"
#include "socds/store-unit.h"
#include "socds/text.h"

#define RECEIPT_LINES 6

void
transfer_receipt(struct app *a, char *last, size_t size)
{
	struct tbuf tb = { 0 };
	struct job_receipt_taken out;
	struct unit u;
	struct err e = { 0 };
	char path[1024], office[200], lines[RECEIPT_LINES][400];
	const char *info[RECEIPT_LINES], *items[1] = { _("Close") };
	int n = 0;

	if (!pick_text(a, _("Receipt file from the office above"), "", &tb) || tb.len == 0)
		goto out;
	if (confine_path(tb.p, path, sizeof path, &e) != 0)	/* socds --as: its folder only */
		goto fail;
	memset(&out, 0, sizeof out);
	if (job_receipt_take(a->store, path, NULL, &out, &e) != 0)
		goto fail;
	snprintf(office, sizeof office, "%s", out.office);
	if (store_unit_get(a->store, out.office, &u, &e) == 0)
		snprintf(office, sizeof office, "%s %s", u.code, u.name);
	snprintf(lines[n++], sizeof lines[0], _("Receipt %lld from %s."), (long long)out.number,
	    office);
	if (out.package[0] != '\0')
		snprintf(lines[n++], sizeof lines[0], _("For the package %s."), out.package);
	else
		snprintf(lines[n++], sizeof lines[0], "%s", _("A status receipt: no package, "
		    "approvals only."));
	snprintf(lines[n++], sizeof lines[0], _("Accepted %lld, returned %lld, conflicts %lld, "
	    "approvals %lld."), (long long)out.accepted, (long long)out.rejected,
	    (long long)out.conflicts, (long long)out.approvals);
	if (out.pinned_now)
		snprintf(lines[n++], sizeof lines[0], _("Key of %s pinned on first use: %s"),
		    out.office, out.fingerprint);
	else
		snprintf(lines[n++], sizeof lines[0], _("Key of %s: %s (as pinned)"), out.office,
		    out.fingerprint);
	if (out.rejected + out.conflicts > 0)
		snprintf(lines[n++], sizeof lines[0], "%s", _("To fix: r on the home screen lists "
		    "them."));
	for (int i = 0; i < n; i++)
		info[i] = lines[i];
	snprintf(last, size, "%s %s", lines[0], lines[2]);
	pick_menu_info(a, _("Receipt taken in"), info, n, items, 1);
	ui_message(a, out.rejected + out.conflicts > 0, "%s", last);
	goto out;
fail:
	ui_error(a, &e);
	snprintf(last, size, "%s", e.msg);
out:
	tbuf_free(&tb);
}
