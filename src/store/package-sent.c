/* store package-sent: each package made here, so that a receipt can be
 * matched to it and a change-only package can name its base. Part receipts
 * of issue 17 writes the same function; the integrator keeps one. */
#include "store-internal.h"
#include "socds/store-changes.h"

int
store_package_sent(struct store *s, const char *sha256, const char *file,
    const char *made_at, const char *content, const char *base_sha256, struct err *e)
{
	return store_run(s, e, "package_sent", "INSERT OR REPLACE INTO package_sent(sha256, file,"
	    " made_at, content, base_sha256) VALUES (?,?,?,?,?)", "tttto", sha256, file, made_at,
	    content, base_sha256);
}
