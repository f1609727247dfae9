/* text-fit: text on a terminal one grapheme cluster per cell — what a cell
 * shows, how much of a text fits in N columns with room for an ellipsis, and
 * where a line wraps at a space. Part of the text core: no curses; the screens
 * draw what these functions decide, so that every redraw is the same. */
#ifndef SOCDS_TEXT_FIT_H
#define SOCDS_TEXT_FIT_H

#include <stdbool.h>
#include <stddef.h>

enum text_cell_kind {
	TEXT_CELL_TEXT,		/* the cluster as it is: a letter and its zero-width marks */
	TEXT_CELL_BLANK,	/* a tab or line break: shown as a space */
	TEXT_CELL_MARK,		/* marks with no letter: shown on a space */
	/* Not drawn: terminals do not agree on it (a flag, an emoji joined with
	 * ZWJ or a skin tone, an emoji made wide by U+FE0F, a mark that takes
	 * room of its own), or it is invisible or harmful (a control or format
	 * character, a bad byte). One placeholder of `width` columns stands in. */
	TEXT_CELL_PLACEHOLDER,
};

struct text_cell {
	size_t off, len;	/* the cluster's bytes in the text */
	int width;		/* columns: 1 or 2 */
	enum text_cell_kind kind;
};

/* The cluster at *pos (and *pos moved past it); false at the end of s[0..len). */
bool text_cell_next(const char *s, size_t len, size_t *pos, struct text_cell *c);

/* Columns s[0..len) takes when drawn cell by cell (placeholders included). */
int text_cells_width(const char *s, size_t len);

/* How much of s[0..len) fits in cols columns, whole clusters only. When all
 * of s fits, returns len with *cut false. Otherwise returns the bytes that
 * fit in cols - mark columns (room for a cut mark such as "…") with *cut
 * true. *width gets the columns of the bytes returned (a wide character that
 * does not fit is left out, never split: the caller pads). */
size_t text_fit(const char *s, size_t len, int cols, int mark, int *width, bool *cut);

/* One line of s[0..len) wrapped to cols columns: returns the bytes of the
 * line (trailing spaces left out) and sets *next to where the next line
 * starts (spaces skipped). Lines break at a line break or at the last space
 * that fits; a word longer than a line is cut between clusters. Each call
 * takes at least one cluster, so a loop always ends. */
size_t text_wrap(const char *s, size_t len, int cols, size_t *next);

#endif
