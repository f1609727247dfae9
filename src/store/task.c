/* store task: the catalogue of plan tasks (table task, schema version 2). */
#include <stdio.h>

#include "store-internal.h"
#include "socds/i18n.h"

static void
store_task_bind(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

int
store_task_put(struct store *s, const struct store_task *t, struct err *e)
{
	/* The WHERE on the update leaves a row that is already the same alone:
	 * loading the same list again writes nothing. */
	static const char sql[] =
	    "INSERT INTO task(code, title, lead_agency, coordinating, expected_result,"
	    " due_text, due_start, due_end, level, source, province_code)"
	    " VALUES (?,?,?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(code) DO UPDATE SET title = excluded.title,"
	    " lead_agency = excluded.lead_agency, coordinating = excluded.coordinating,"
	    " expected_result = excluded.expected_result, due_text = excluded.due_text,"
	    " due_start = excluded.due_start, due_end = excluded.due_end,"
	    " level = excluded.level, source = excluded.source,"
	    " province_code = excluded.province_code"
	    " WHERE task.title IS NOT excluded.title"
	    " OR task.lead_agency IS NOT excluded.lead_agency"
	    " OR task.coordinating IS NOT excluded.coordinating"
	    " OR task.expected_result IS NOT excluded.expected_result"
	    " OR task.due_text IS NOT excluded.due_text"
	    " OR task.due_start IS NOT excluded.due_start"
	    " OR task.due_end IS NOT excluded.due_end"
	    " OR task.level IS NOT excluded.level"
	    " OR task.source IS NOT excluded.source"
	    " OR task.province_code IS NOT excluded.province_code";
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_error(s, rc, e, "task");
	}
	sqlite3_bind_text(st, 1, t->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, t->title, -1, SQLITE_TRANSIENT);
	store_task_bind(st, 3, t->lead_agency);
	store_task_bind(st, 4, t->coordinating);
	store_task_bind(st, 5, t->expected_result);
	store_task_bind(st, 6, t->due_text);
	store_task_bind(st, 7, t->due_start);
	store_task_bind(st, 8, t->due_end);
	store_task_bind(st, 9, t->level);
	store_task_bind(st, 10, t->source);
	store_task_bind(st, 11, t->province_code);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		char what[64];
		snprintf(what, sizeof what, _("task %s"), t->code);
		return store_error(s, rc, e, what);
	}
	return 0;
}
