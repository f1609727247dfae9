/* record: the record kinds socds keeps and their columns, as data.
 * Forms, import, export and merge all work from this one table.
 * No curses, no SQLite. */
#ifndef SOCDS_RECORD_H
#define SOCDS_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/uuid.h"

enum col_type {
	COL_TEXT,	/* NFC text */
	COL_INT,	/* integer */
	COL_REAL,	/* decimal number */
	COL_DATE,	/* ISO 8601 yyyy-mm-dd */
	COL_BOOL,	/* 0 or 1 */
	COL_REF,	/* id of a record of kind `ref` */
	COL_SET,	/* several codes of a list, joined by ';' */
	COL_CHILD_IDS,	/* ids kept in a child table, joined by ';' */
	COL_CHILD_COUNTS, /* code=count pairs kept in a child table, joined by ';' */
};

struct column {
	const char *name;	/* SQL column and CSV header */
	enum col_type type;
	const char *ref;	/* COL_REF: kind name; COL_CHILD_*: child table */
	const char *child_key;	/* COL_CHILD_*: child column holding the value/code */
};

/* The last column of every kind (schema v15): the names of the form's soft
 * warnings (`warn` lines) the user confirmed for this record, sorted and
 * joined by ';', or NULL. No form shows it as a field. */
#define RECORD_WARNINGS_COL "warnings_ok"

/* The columns every synchronised record has, before its own. */
#define RECORD_COMMON_COLS "id, unit_code, created_at, updated_at, version, deleted"

struct kind {
	const char *name;	/* "staff": CLI, forms/, CSV file names */
	const char *table;	/* SQL table */
	const struct column *cols;
	int ncols;
	int name_col;		/* column that gets name_key/name_sort, -1 none */
	bool person;		/* name_sort in official name order (given name first) */
	const char *parent_col;	/* column naming the record this one belongs to, or NULL */
	const char *date_col;	/* column that places the record in a period, or NULL */
};

enum kind_id {
	KIND_VILLAGE, KIND_STAFF, KIND_TRAINING, KIND_PARTICIPANT, KIND_TEAM,
	KIND_MEMBER, KIND_ACTIVITY, KIND_TASK_PROGRESS, KIND_STATISTIC, KIND_COUNT
};

extern const struct kind record_kinds[KIND_COUNT];

const struct kind *record_kind(const char *name);	/* NULL when unknown */
int record_col_index(const struct kind *k, const char *col);	/* -1 when unknown */
/* The kinds whose records belong to a record of kind k (their parent_col
 * refers to k), in table order; returns how many (at most max). */
int record_children(const struct kind *k, const struct kind **out, int max);

/* What places a record of a kind in a period that an office above has
 * approved (issue 17), as data (record_lock_of). */
struct record_lock {
	const char *dates[3];	/* its date columns, NULL after the last */
	bool fields_only;	/* only a change of one of these dates is refused */
	const char *year_col;	/* no date set: 31 December of this year column */
	const char *via;	/* locked with the training this column names */
};
/* NULL: records of kind k are never locked (village). */
const struct record_lock *record_lock_of(const struct kind *k);

/* A record in transit between screen/file and store: every value as text in
 * its canonical form (NULL = empty). */
struct record {
	const struct kind *kind;
	char id[UUID_STR_LEN];
	char unit_code[8];
	char created_at[24];	/* yyyy-mm-ddThh:mm:ssZ */
	char updated_at[24];
	int64_t version;
	int deleted;
	int64_t synced_version;	/* version last received from below; 0 = made here */
	char **val;		/* kind->ncols values, owned */
};

int record_init(struct record *r, const struct kind *k);	/* -1 out of memory */
void record_free(struct record *r);
/* Sets value i to a copy of s (NULL clears). -1 out of memory. */
int record_set(struct record *r, int i, const char *s);
int record_set_by_name(struct record *r, const char *col, const char *s);
const char *record_get(const struct record *r, const char *col);

#endif
