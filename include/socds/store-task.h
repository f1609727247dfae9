/* store-task: the catalogue of plan tasks (table task) */
#ifndef SOCDS_STORE_TASK_H
#define SOCDS_STORE_TASK_H

#include "socds/err.h"
#include "socds/store.h"

/* One row of the plan-task catalogue (table task). Empty or NULL optional
 * fields are stored as NULL. */
struct store_task {
	const char *code;		/* "BD-1.2": plan prefix and the appendix number */
	const char *title;
	const char *lead_agency;
	const char *coordinating;
	const char *expected_result;
	const char *due_text;		/* as the plan writes it: "Năm 2024", "Hàng năm" */
	const char *due_start;		/* yyyy-mm-dd */
	const char *due_end;		/* yyyy-mm-dd */
	const char *level;		/* province / district / commune / commune,district */
	const char *source;		/* the plan: "binhdinh-1690-2024" */
	const char *province_code;	/* the plan's province (GSO code), or NULL */
};
/* Inserts the task or updates the one with the same code; a row that is
 * already the same is left untouched (nothing written). Text is stored as
 * given: the caller cleans it (NFC). */
int store_task_put(struct store *s, const struct store_task *t, struct err *e);


#endif
