/* chart: bars and monthly columns drawn with block characters, or with
 * plain ASCII on terminals without them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "ui-internal.h"

/* Eighths of a cell, for bars that grow smoothly. */
static const char *const chart_eighths[9] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█" };
static const char *const chart_levels[9] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
static const char chart_ascii_levels[9] = { ' ', '_', '.', ',', '-', '=', '+', '*', '#' };

void
chart_hbar(struct app *a, int y, int x, int w, double value, double max, int attr)
{
	int eighths, full;

	if (w <= 0)
		return;
	if (max <= 0 || value < 0)
		value = 0;
	else if (value > max)
		value = max;
	eighths = max > 0 ? (int)lround(value / max * w * 8) : 0;
	full = eighths / 8;
	/* The track shows the whole length, so a short bar still reads as a share. */
	for (int i = 0; i < w; i++)
		ui_put(y, x + i, 1, a->ascii ? "." : "·", a->attr[R_DIM], false);
	for (int i = 0; i < full; i++)
		ui_put(y, x + i, 1, a->ascii ? "#" : "█", attr, false);
	if (full < w && eighths % 8 != 0)
		ui_put(y, x + full, 1, a->ascii ? "+" : chart_eighths[eighths % 8], attr, false);
}

void
chart_columns(struct app *a, int y, int x, const double *v, int n, int attr)
{
	double max = 0;

	for (int i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (int i = 0; i < n; i++) {
		int lvl = max > 0 ? (int)lround(v[i] / max * 8) : 0;
		/* A month with anything at all shows at least the lowest step. */
		if (v[i] > 0 && lvl == 0)
			lvl = 1;
		char c[2] = { chart_ascii_levels[lvl], '\0' };
		ui_put(y, x + i * 2, 2, a->ascii ? c : chart_levels[lvl], attr, false);
		if (!a->ascii)
			ui_put(y, x + i * 2 + 1, 1, chart_levels[lvl], attr, false);
		else
			ui_put(y, x + i * 2 + 1, 1, c, attr, false);
	}
}
