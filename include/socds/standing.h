/* standing: where a unit stands against its plan — every figure (figures.h)
 * for the unit, and for each unit below it when it has any — as data, with
 * its words. No curses, no store: job-standing.h computes it. */
#ifndef SOCDS_STANDING_H
#define SOCDS_STANDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "socds/err.h"
#include "socds/lists.h"
#include "socds/paper.h"
#include "socds/period.h"
#include "socds/store.h"
#include "socds/store-unit.h"
#include "socds/tasks.h"
#include "socds/unit.h"

#define STANDING_MAX_NAMES 200	/* a names list stops here and says how many more */

struct standing_row {
	char key[160];
	double value, denom;
};

/* One figure for one unit. */
struct standing_cell {
	double value, denom;		/* FIG_COUNT / FIG_SHARE */
	struct standing_row *rows;	/* FIG_BY / FIG_SHARE_BY / FIG_NAMES */
	size_t n, cap;
	size_t more;			/* names beyond STANDING_MAX_NAMES */
};

struct standing_unit {
	struct unit u;
	struct standing_cell *cell;	/* nfigures */
	struct task_counts tasks;	/* tasks_count as of asof */
	char approved[160];		/* the approved periods covering the report's,
					 * store_approval_state; "" none */
};

struct standing {
	bool has_period;
	struct period period;
	char today[11];			/* yyyy-mm-dd, local date */
	char asof[11];			/* the day people and tasks are counted as of:
					 * the period's end, or today when earlier */
	struct standing_unit total;	/* the unit asked for */
	struct standing_unit own;	/* its own records only (when nchild > 0) */
	struct standing_unit *child;	/* the units below it, by name */
	size_t nchild;
	struct paper paper;		/* the official paper's parts (paper.h) */
	int64_t unassigned;		/* live records under former communes counted in
					 * the total and in no unit below (store_unit_unassigned) */
	struct list lists[8];		/* labels of keys (by figure->list) */
	int nlists;
	/* Live records of the database that point at deleted ones (socds
	 * check): the report warns of them; its figures are as they are. */
	long long dangling;
};

/* The label of a key of a figure whose keys are codes of `list` (the
 * figure's list, NULL: none): the list's label, a month "11/2026", or the key. */
const char *standing_key_label(const struct standing *r, const char *list,
    const char *key, char *buf, size_t size);
/* value/denom as a percentage, or -1 when the denominator is 0. */
double standing_percent(double value, double denom);

/* The period in words: "Quý III năm 2026", "tháng 11 năm 2026", "năm 2026";
 * range: "từ ngày 01/11/2026 đến ngày 30/11/2026". */
void standing_period_words(const struct period *p, char *words, size_t wsize, char *range,
    size_t rsize);
/* "tính đến ngày 31/12/2025" ("as of 31/12/2025" in English): the day the
 * report counts people and tasks as of (r->asof), beside sections I and IV. */
void standing_asof_words(const struct standing *r, char *buf, size_t size);
/* Units of the table by unit, in order: the unit's own records (NULL when
 * it has no units below), each unit below. */
const struct standing_unit *standing_row_unit(const struct standing *r, size_t i);
/* The part of a FIG_COUNT/FIG_SHARE figure's total that no row of the table
 * by unit shows (records under an abolished unit), value and denominator. */
void standing_rest(const struct standing *r, int fi, double *value, double *denom);
/* Copies label with its first letter in capitals: "cán bộ" -> "Cán bộ". */
void standing_capital(const char *label, char *buf, size_t size);

/* "ngày 05 tháng 3 năm 2026" for yyyy-mm-dd, as official papers write it. */
void standing_date_words(const char *iso, char *buf, size_t size);

/* Renderers. Text: A4 portrait in a monospace font (at most 80 columns), the
 * official header, the figures, a signature block. CSV: one row per figure,
 * unit and key. XLSX: the printable report as a workbook. */
int standing_text(const struct standing *r, FILE *out, struct err *e);
int standing_csv(const struct standing *r, FILE *out, struct err *e);
/* XLSX into the temporary of sf (safefile_open_path); the caller commits or
 * aborts sf (job_report_write does both). */
struct safefile;
int standing_xlsx_to(const struct standing *r, struct safefile *sf, struct err *e);

#endif
