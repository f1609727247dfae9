/* tasks-count: the plan tasks of a unit counted, the one count of "overdue"
 * the report, the dashboard and the home screen show. */
#include <string.h>

#include "socds/tasks.h"

static int
tasks_count_row(const struct task_row *row, void *arg)
{
	struct task_counts *c = arg;
	const char *status = row->status;

	c->total++;
	if (strcmp(status, "done") == 0)
		c->done++;
	else if (strcmp(status, "in_progress") == 0)
		c->in_progress++;
	else if (strcmp(status, "cancelled") != 0)
		c->not_started++;
	if (row->overdue)
		c->overdue++;
	if (strncmp(row->code, TASKS_DUTY_PREFIX, strlen(TASKS_DUTY_PREFIX)) == 0) {
		c->duties++;
		c->duties_done += strcmp(status, "done") == 0;
	}
	return 0;
}

int
tasks_count(struct store *s, const char *unit, const char *level, const char *asof,
    struct task_counts *c, struct err *e)
{
	memset(c, 0, sizeof *c);
	return tasks_list(s, unit, level, asof, tasks_count_row, c, e);
}
