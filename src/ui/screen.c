/* screen: what every screen's constructor and destructor share. A screen
 * is a struct whose first member is a struct screen; its name, callbacks,
 * key table and help are one constant table per screen (its "class", as
 * tmux has a cmd_entry per command), copied into each new one. */
#include <stdlib.h>

#include "ui-internal.h"

/* The free of a screen that holds nothing but itself. */
static void
ui_screen_free(struct screen *s)
{
	free(s);
}

void *
ui_screen_new(size_t size, const struct screen *proto)
{
	struct screen *s = calloc(1, size);

	if (s == NULL)
		return NULL;
	*s = *proto;
	if (s->free == NULL)
		s->free = ui_screen_free;
	return s;
}
