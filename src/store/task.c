/* store task: the catalogue of plan tasks (table task, schema version 2). */
#include <stdio.h>

#include "store-internal.h"
#include "socds/store-task.h"
#include "socds/i18n.h"

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
	char what[64];

	snprintf(what, sizeof what, _("task %s"), t->code);
	return store_run(s, e, what, sql, "ttooooooooo", t->code, t->title, t->lead_agency,
	    t->coordinating, t->expected_result, t->due_text, t->due_start, t->due_end, t->level,
	    t->source, t->province_code);
}
