/* lineedit: a one-line text editor that steps over grapheme clusters — a
 * letter with its tone marks is one cursor step, removed whole by Backspace
 * and Delete — and scrolls horizontally. The editing logic has no curses;
 * drawing is in ui code. Text is UTF-8, kept NFC after every change. */
#ifndef SOCDS_LINEEDIT_H
#define SOCDS_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

struct lineedit {
	char *buf;		/* NUL-terminated UTF-8, NFC */
	size_t len, cap;
	size_t cur;		/* byte offset of the cursor, always on a grapheme boundary */
	size_t scroll;		/* byte offset of the first shown grapheme */
	size_t max_chars;	/* 0 = unlimited; counted in graphemes */
	bool changed;
};

int lineedit_init(struct lineedit *le, const char *text);	/* -1 out of memory */
void lineedit_free(struct lineedit *le);
int lineedit_set(struct lineedit *le, const char *text);	/* cursor to end */

/* Inserts a typed character, a code point (may be a combining mark: it joins
 * the letter before the cursor, so Unikey/IBus combining input ends up NFC;
 * not a wchar_t, which is 16 bits on Windows). Returns 0, 1 when refused
 * (max_chars reached, control character, not a character), -1 out of memory. */
int lineedit_insert(struct lineedit *le, int32_t cp);
/* Inserts UTF-8 text (paste). Same returns. */
int lineedit_insert_utf8(struct lineedit *le, const char *s);

void lineedit_left(struct lineedit *le);
void lineedit_right(struct lineedit *le);
void lineedit_home(struct lineedit *le);
void lineedit_end(struct lineedit *le);
void lineedit_word_left(struct lineedit *le);
void lineedit_word_right(struct lineedit *le);
void lineedit_backspace(struct lineedit *le);
void lineedit_delete(struct lineedit *le);
void lineedit_kill_to_start(struct lineedit *le);	/* Ctrl-U */
void lineedit_kill_to_end(struct lineedit *le);		/* Ctrl-K */

/* Adjusts scroll so the cursor is visible in a field `width` columns wide;
 * returns the cursor's column inside the field. */
int lineedit_view(struct lineedit *le, int width);

#endif
