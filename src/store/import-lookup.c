/* store import-lookup: the checks an import makes before it writes, so that
 * a row the database would refuse is reported with its line instead. */
#include <stdio.h>

#include "store-internal.h"

int
store_participant_exists(struct store *s, const char *training_id, const char *staff_id,
    const char *member_id, bool *exists, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*exists = false;
	/* The same test as the unique indexes participant_staff and
	 * participant_member: live rows only. */
	rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM participant WHERE deleted = 0"
	    " AND training_id = ?1 AND (staff_id = ?2 OR member_id = ?3) LIMIT 1", -1, &st,
	    NULL);
	if (rc != SQLITE_OK)
		return store_error(s, rc, e, "participant");
	sqlite3_bind_text(st, 1, training_id, -1, SQLITE_TRANSIENT);
	if (staff_id != NULL && *staff_id != '\0')
		sqlite3_bind_text(st, 2, staff_id, -1, SQLITE_TRANSIENT);
	if (member_id != NULL && *member_id != '\0')
		sqlite3_bind_text(st, 3, member_id, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*exists = true;
		rc = SQLITE_DONE;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : store_error(s, rc, e, "participant");
}
