/* receipt: PLACEHOLDER until part B of issue 17 lands. */
#include "socds/job-receipt.h"
#include "socds/i18n.h"

int job_receipt_take(struct store *s, const char *path, const char *accept_key,
    struct job_receipt_taken *out, struct err *e)
{
	(void)s; (void)accept_key; (void)out;
	return err_set(e, ERR_FAIL, _("%s: receipts are not built yet"), path);
}
