/* job-tasks: the plan tasks of a unit read from the store, counted, the
 * catalogue loaded into it, and the task status job. Called by `socds tasks`,
 * `socds init/demo`, the report (standing_build), the tasks and home screens. */
#ifndef SOCDS_JOB_TASKS_H
#define SOCDS_JOB_TASKS_H

#include "socds/err.h"
#include "socds/figures.h"
#include "socds/store.h"
#include "socds/tasks.h"

/* The plan tasks that concern a unit (store_task_list), as of `asof`
 * (yyyy-mm-dd: today, or a report period's end): a task has the status last
 * recorded on or before asof (progress dated later does not count), a yearly
 * task the status of asof's year, and overdue says whether it is overdue on
 * asof.
 * An abolished unit (a district since 1 July 2025) is taken as of the day
 * before it ended, when asof is later. */
int tasks_list(struct store *s, const char *unit, const char *level, const char *asof,
    int (*fn)(const struct task_row *t, void *arg), void *arg, struct err *e);

int tasks_count(struct store *s, const char *unit, const char *level, const char *asof,
    struct task_counts *c, struct err *e);

/* Loads datadir/assets/tasks/tasks.csv into the task table in one transaction:
 * rows are inserted or updated by code (never deleted), text stored NFC,
 * due_start/due_end computed with due_parse, the plan kept as the source. A
 * row whose due time does not parse, whose parent is not an earlier row, whose
 * code repeats or whose level is unknown is an error naming FILE:LINE, and
 * nothing is written. */
int tasks_load(struct store *s, const char *datadir, struct err *e);

/* The task status job: records that `unit` has brought plan task `code` to
 * `status` (not_started, in_progress, done, cancelled) — one task_progress
 * record, with its note and evidence (number, date yyyy-mm-dd; may be NULL).
 * The figures, tasks_list and tasks_count see it from the evidence date (or
 * today when none). The account must be admin, or editor of the unit
 * (ERR_PERM); an unknown task or status is ERR_INVALID; nothing is written
 * when refused. id (may be NULL, UUID_STR_LEN bytes) gets the record's id. */
struct job_task_status {
	const char *unit, *code, *status;
	const char *note, *evidence_no, *evidence_date;
};
int job_task_status(struct store *s, const struct job_task_status *o, char *id,
    struct err *e);

#endif
