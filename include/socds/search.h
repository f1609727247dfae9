/* search: how a list's search sees each column it shows. The form module
 * builds the list from the columns a list screen shows (and the labels of
 * choices as shown); the store turns it into SQL. No curses, no SQLite. */
#ifndef SOCDS_SEARCH_H
#define SOCDS_SEARCH_H

enum search_how {
	SEARCH_NAME,	/* the kind's name column: its folded key (trigram index) */
	SEARCH_TEXT,	/* text, folded as text_fold does */
	SEARCH_DATE,	/* yyyy-mm-dd, matched as shown: dd/mm/yyyy */
	SEARCH_NUMBER,	/* a number as shown (a decimal comma folds to a space) */
	SEARCH_PHONE,	/* digits, matched by the digits of the search */
	SEARCH_CODES,	/* a code (or "a;b" codes) among `codes` */
	SEARCH_REF,	/* the id of a record of kind `ref`, matched by its name */
};

#define SEARCH_MAX_COLS	9	/* a list's columns (8) and its unit */

struct search_col {
	int col;		/* index in kind->cols */
	enum search_how how;
	/* SEARCH_CODES: a JSON array of the codes whose label, as shown,
	 * holds the search; NULL or "[]" when none does (the column is then
	 * left out). */
	const char *codes;
};

#endif
