/* tasks-count: the plan tasks of a unit counted, the one count of "overdue"
 * the report, the dashboard and the home screen show (tasks_count in
 * job/tasks.c adds each task of the unit here). */
#include <string.h>

#include "socds/tasks.h"

void
tasks_count_add(struct task_counts *c, const char *code, const char *status, bool overdue)
{
	c->total++;
	if (strcmp(status, "done") == 0)
		c->done++;
	else if (strcmp(status, "in_progress") == 0)
		c->in_progress++;
	else if (strcmp(status, "cancelled") != 0)
		c->not_started++;
	if (overdue)
		c->overdue++;
	if (strncmp(code, TASKS_DUTY_PREFIX, strlen(TASKS_DUTY_PREFIX)) == 0) {
		c->duties++;
		c->duties_done += strcmp(status, "done") == 0;
	}
}
