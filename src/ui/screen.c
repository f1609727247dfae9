/* screen: what every screen's constructor and destructor share. A screen
 * is a struct whose first member is a struct screen; its callbacks, key
 * table and help are one constant table per screen (its "class"), copied
 * into each new one. */
#include <stdlib.h>

#include "ui-internal.h"

void *
ui_screen_new(size_t size, const struct screen *proto)
{
	struct screen *s = calloc(1, size);

	if (s != NULL)
		*s = *proto;
	return s;
}

void
ui_screen_free(struct screen *s)
{
	free(s);
}
