/* lists: the choice lists in assets/lists/NAME.csv (code,vi,en). */
#ifndef SOCDS_LISTS_H
#define SOCDS_LISTS_H

#include <stddef.h>

#include "socds/err.h"

struct list_item {
	char *code;
	char *vi;
	char *en;
};

struct list {
	char *name;
	struct list_item *items;
	size_t n;
};

int lists_load(const char *datadir, const char *name, struct list *out, struct err *e);
void lists_free(struct list *l);
/* Index of code in l, or -1. */
int lists_find(const struct list *l, const char *code);

/* Lines of a plain text file (assets/demo/...), empty lines and '#' skipped. */
struct lines {
	char **v;
	size_t n;
};
int lines_load(const char *path, struct lines *out, struct err *e);
void lines_free(struct lines *l);

#endif
