/* merge-receipt: each package row's outcome kept at the office (merge_row),
 * so that a receipt can tell the unit what became of every row it sent. In
 * the merge's savepoint: a chunk that goes again row by row undoes these
 * rows with everything else. */
#include <string.h>

#include "merge-internal.h"
#include "socds/i18n.h"
#include "socds/store-receipt.h"
#include "socds/uuid.h"

static const char *const merge_receipt_outcome[6] = { "inserted", "updated", "unchanged",
	"deleted", "conflict", "rejected" };

int
merge_receipt_note(struct store *s, int64_t seq, const struct kind *k, const char *id,
    int64_t version, enum merge_outcome o, int64_t local, const char *reason, struct err *e)
{
	const char *why = "";

	/* A row whose id is no record id cannot be answered: the unit has no
	 * such record. The merge log keeps it. */
	if (seq <= 0 || (int)o < 0 || (int)o > 5 || strlen(id) != UUID_STR_LEN - 1 ||
	    !uuid_valid(id))
		return 0;
	if (o == MERGE_CONFLICT)
		why = _("changed at the office and here since the office last received it; take"
		    " the office's values or send yours again after agreeing with the office");
	else if (o == MERGE_REJECTED)
		why = reason != NULL ? reason : "";
	return store_merge_row(s, seq, k->name, id, version, merge_receipt_outcome[o], local, why,
	    e);
}
