/* figures: the numbers a unit reports upward, defined once. Each figure is
 * an id, a label, a shape and one SQL query (in src/store/figures.c, the only
 * place SQL lives); `socds report --explain` prints them all. */
#ifndef SOCDS_FIGURES_H
#define SOCDS_FIGURES_H

#include <stdbool.h>

#include "socds/err.h"
#include "socds/store.h"

enum figure_shape {
	FIG_COUNT,	/* one number */
	FIG_SHARE,	/* numerator of denominator, shown as a percentage */
	FIG_BY,		/* numbers by key (a code of `list`, or a month) */
	FIG_SHARE_BY,	/* numerator by key, each of the same denominator */
	FIG_NAMES,	/* a list of names */
};

enum figure_section { SEC_STAFFING, SEC_TRAINING, SEC_CDTT, SEC_TASKS, SEC_COUNT };

struct figure {
	const char *id;
	enum figure_section section;
	enum figure_shape shape;
	const char *label;	/* untranslated (gettext) */
	const char *list;	/* assets/lists name labelling the keys, or NULL */
	bool period;		/* restricted to the report period */
	double target;		/* a percentage the plans ask for, or 0 */
	const char *rule;	/* untranslated: the rule in words */
	const char *sql;	/* over scope(top, code) of ?1; ?2 from, ?3 to (NULL = open);
				 * ?3 is bound for every figure: people are counted as
				 * of the period's end (or today, when earlier) */
};

extern const struct figure figures[];
extern const int nfigures;

/* Whether f is a share whose denominator is a figure the units enter
 * (statistic): a unit that has not entered it reads "not entered", never 0%. */
bool figure_entered(const struct figure *f);

/* Runs figure f for `unit` and, in the same pass, for each unit directly
 * below it, within [from, to] when the figure follows the period. fn gets each
 * row: top (the unit, or the unit below it, that the row is for; rows come
 * grouped by top), key (NULL for one number), the value, and the denominator
 * (0 when none); non-zero stops. A top with nothing to count has no rows. */
int store_figure_run(struct store *s, const struct figure *f, const char *unit,
    const char *from, const char *to,
    int (*fn)(const char *top, const char *key, double value, double denom, void *arg),
    void *arg, struct err *e);
/* The same for the unit's own records only (not those of the units below
 * it): every row has top = unit. */
int store_figure_run_own(struct store *s, const struct figure *f, const char *unit,
    const char *from, const char *to,
    int (*fn)(const char *top, const char *key, double value, double denom, void *arg),
    void *arg, struct err *e);
/* The SQL that every figure's SQL is prefixed with: `scope(top, code)`. */
const char *store_figure_scope(void);

/* The plan tasks that concern a unit of this level (leaf tasks whose level
 * names it, of the unit's province or of a province its territory was in, and
 * not due before the unit was formed: a current commune was formed on
 * `formed`; nor starting after an abolished unit ended), with the unit's
 * status as of `asof` (yyyy-mm-dd): its latest progress dated on or before
 * that day (the evidence date, or else the day the record was made; status
 * not_started and no progress id when none), and the latest of those dated
 * in `year` (yyyy), in code order. tasks_list (tasks.h) picks the status and
 * says what is overdue. */
struct task_row {
	const char *code, *title, *lead, *due_text, *status;
	const char *progress_id;	/* the unit's task_progress record, or NULL */
	const char *year_status;	/* the latest progress of `year` */
	const char *year_progress_id;	/* its record, or NULL */
	bool yearly;			/* set by tasks_list: a "Hàng năm" task */
	bool overdue;			/* set by tasks_list */
};
int store_task_list(struct store *s, const char *unit, const char *level, const char *year,
    const char *asof, const char *formed, int (*fn)(const struct task_row *t, void *arg),
    void *arg, struct err *e);

#endif
