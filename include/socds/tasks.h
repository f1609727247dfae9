/* tasks: the key tasks of the provincial plans (assets/tasks/tasks.csv) and
 * their due times as the plans write them ("Thời gian thực hiện"), as data.
 * No store: job-tasks.h lists, counts and loads them. */
#ifndef SOCDS_TASKS_H
#define SOCDS_TASKS_H

#include <stdbool.h>

#include <stddef.h>

#include "socds/err.h"

/* The two-level administration began on this day (Decision 19/2025/QĐ-TTg):
 * every commune in force since then (status current) was formed that day and
 * concerns no task due before it. */
#define TASKS_TWO_LEVEL_FROM "2025-07-01"
/* The commune's own yearly duties (steering committee, annual plan,
 * evaluation sent up): tasks.csv rows of plan commune-duties. */
#define TASKS_DUTY_PREFIX "XA-"

enum due_kind {
	DUE_ONCE,	/* done once, by `end` ("Năm 2024", "Quý III/2024", "2024-2025") */
	DUE_YEARLY,	/* every year, by the end of the year ("Hàng năm") */
	DUE_ONGOING,	/* continuous work, never overdue ("Thường xuyên") */
};

struct due {
	enum due_kind kind;
	char start[11];	/* yyyy-mm-dd, or "" when the text gives no start */
	char end[11];	/* yyyy-mm-dd; "" for yearly and ongoing tasks */
};

/* Understands the plans' due times, ignoring case, diacritics and punctuation:
 *   Năm 2024 / 2024 / Trong năm 2024     whole year, once
 *   Quý III/2024, Quý 3 năm 2024         quarter (I–IV or 1–4), once
 *   Tháng 6/2024, Tháng 6 năm 2024       month, once
 *   6 tháng đầu (cuối) năm 2024          first (second) half year, once
 *   2024-2025, Năm 2024 - 2025, Giai đoạn 2024-2025, Từ năm 2024 đến năm 2025
 *                                        range of years, once
 *   Trước 30/6/2024, Đến ngày 30/6/2024  a deadline (no start), once
 *   Đến năm 2025                         by the end of that year (no start), once
 *   Hàng năm [từ năm 2024], Năm 2024 và các năm tiếp theo
 *                                        yearly (start: 1 January of that year)
 *   Thường xuyên [từ năm 2024], Từ năm 2024
 *                                        ongoing (start: 1 January of that year)
 * A leading "Thời gian thực hiện:" or "Thời gian hoàn thành:" is skipped.
 * Anything else is ERR_INVALID with the text in the message. */
int due_parse(const char *due_text, struct due *d, struct err *e);

/* Whether a task is overdue on `today_iso` (yyyy-mm-dd). Never when status is
 * "done" or "cancelled" (NULL or "" counts as not started). Otherwise:
 * once — after `end`; yearly — from 1 December of every year (on or after
 * `start`), since the year's work must be done by the end of the year;
 * ongoing — never. A malformed today_iso is never overdue. */
bool due_overdue(const struct due *d, const char *status, const char *today_iso);

/* The levels a task concerns, from its words, by the rule table in tasks.c
 * (assets/tasks/SOURCE.md, "level"): "province", "district,commune", … into
 * out. *provincial_action (when not NULL) says whether a provincial action
 * rule decided it (province only, whoever coordinates). -1 when out of memory. */
int tasks_level_derive(const char *title, const char *lead, const char *coordinating,
    char *out, size_t size, bool *provincial_action);

/* What tasks_list gives for a unit, counted: done, in progress, not started
 * (cancelled is none of the three), overdue (of them, never a fourth part),
 * and the commune's own duties (TASKS_DUTY_PREFIX) with how many are done.
 * The one count of "overdue" the report, the dashboard and the home screen
 * show; asof is period_today's date or a report period's end. */
struct task_counts {
	int total, done, in_progress, not_started, overdue;
	int duties, duties_done;
};
/* Adds one task of the unit (its code, status and whether it is overdue). */
void tasks_count_add(struct task_counts *c, const char *code, const char *status,
    bool overdue);

/* Whether s is yyyy-mm-dd (digits and dashes; the date itself is not checked). */
bool due_iso_valid(const char *s);
/* The day before yyyy-mm-dd `iso` (valid) into out. */
void due_day_before(const char *iso, char out[11]);
/* One or more of province, district, commune, separated by commas. */
bool tasks_level_valid(const char *level);

#endif
