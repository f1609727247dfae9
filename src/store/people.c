/* store people: staff and team members who bear a name, in a unit and the
 * units below it, with where each is recorded — what the likely-duplicate
 * rule (form/dupes.c) looks at. */
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/store-people.h"

/* One statement for both lists: each side is an index lookup on its name
 * key (staff_key, member_key), each namesake's unit then tested by code
 * (STORE_WITHIN_ROW): a province's hundreds of units are never listed. */
#define PEOPLE_SIDE(T, KIND, TEAM, JOIN, MARK) \
	"SELECT " KIND ", p.id, p.full_name, p.birth_year, ifnull(p.phone, ''), p.unit_code," \
	" ifnull(u.name, ''), " TEAM " FROM " T " p LEFT JOIN unit u ON u.code = p.unit_code" \
	JOIN " WHERE p.name_key = ?1 AND p.deleted = 0 AND p.id <> ?3 AND p.rowid <= " MARK \
	" AND " STORE_WITHIN_ROW("p.unit_code", "?2")

static const char people_sql[] =
	PEOPLE_SIDE("staff", "0", "''", "", "?4")
	" UNION ALL "
	PEOPLE_SIDE("member", "1", "ifnull(t.name, '')", " LEFT JOIN team t ON t.id = p.team_id",
	    "?5");

static void
people_text(sqlite3_stmt *st, int col, char *buf, size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	snprintf(buf, size, "%s", t != NULL ? t : "");
}

int
store_people_named(struct store *s, const char *name_key, const char *unit,
    const char *exclude_id, const struct kind *marked, int64_t mark,
    int (*fn)(const struct store_person *p, void *arg), void *arg, struct err *e)
{
	struct store_person p;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if ((st = store_cached(s, people_sql, e)) == NULL)
		return e->code;
	store_bind_text(s, st, 1, name_key, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 2, unit, -1, SQLITE_TRANSIENT);
	store_bind_text(s, st, 3, exclude_id != NULL ? exclude_id : "", -1, SQLITE_TRANSIENT);
	store_bind_int64(s, st, 4, marked == &record_kinds[KIND_STAFF] ? mark : INT64_MAX);
	store_bind_int64(s, st, 5, marked == &record_kinds[KIND_MEMBER] ? mark : INT64_MAX);
	while ((rc = store_step(s, st)) == SQLITE_ROW) {
		memset(&p, 0, sizeof p);
		p.kind = &record_kinds[sqlite3_column_int(st, 0) ? KIND_MEMBER : KIND_STAFF];
		people_text(st, 1, p.id, sizeof p.id);
		people_text(st, 2, p.name, sizeof p.name);
		p.birth_year = sqlite3_column_int(st, 3);
		people_text(st, 4, p.phone, sizeof p.phone);
		people_text(st, 5, p.unit_code, sizeof p.unit_code);
		people_text(st, 6, p.unit_name, sizeof p.unit_name);
		people_text(st, 7, p.team_name, sizeof p.team_name);
		if ((stop = fn(&p, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE)
		return store_error(s, rc, e, "staff, member");
	return 0;
}
