/* export-names: the names exports show for references, by id. The same team
 * is named by thousands of activities and the same member by hundreds, so
 * names are kept in a small cache of fixed size: memory stays flat however
 * many rows go out. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/export.h"
#include "socds/i18n.h"
#include "socds/store-record.h"

#define NAMES_SETS	2048	/* sets of ... */
#define NAMES_WAYS	4	/* ... this many names, least recently used out */
#define NAMES_MAX	1024	/* bytes of a name (forms allow 200 characters) */

struct names_entry {
	char id[UUID_STR_LEN];
	uint64_t used;
	char *name;
};

struct export_names {
	struct store_names *sn;
	struct names_entry *e;	/* NAMES_SETS * NAMES_WAYS */
	uint64_t tick;
};

struct export_names *
export_names_new(struct store *s, struct err *e)
{
	struct export_names *n = calloc(1, sizeof *n);

	if (n == NULL || (n->e = calloc(NAMES_SETS * NAMES_WAYS, sizeof *n->e)) == NULL ||
	    (n->sn = store_names_new(s)) == NULL) {
		export_names_free(n);
		err_set(e, ERR_NOMEM, _("out of memory"));
		return NULL;
	}
	return n;
}

void
export_names_free(struct export_names *n)
{
	if (n == NULL)
		return;
	if (n->e != NULL)
		for (size_t i = 0; i < NAMES_SETS * NAMES_WAYS; i++)
			free(n->e[i].name);
	free(n->e);
	store_names_free(n->sn);
	free(n);
}

const char *
export_names_get(struct export_names *n, const struct kind *k, const char *id,
    struct err *e)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	struct names_entry *set, *victim;
	char buf[NAMES_MAX];
	char *name;
	size_t len;

	for (const char *p = id; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	set = &n->e[(h & (NAMES_SETS - 1)) * NAMES_WAYS];
	victim = set;
	for (int w = 0; w < NAMES_WAYS; w++) {
		if (set[w].name != NULL && strcmp(set[w].id, id) == 0) {
			set[w].used = ++n->tick;
			return set[w].name;
		}
		if (set[w].used < victim->used)
			victim = &set[w];
	}
	if (store_names_get(n->sn, k, id, buf, sizeof buf, e) != 0)
		return NULL;
	/* A name cut by the buffer ends on a whole character. */
	len = strlen(buf);
	if (len == sizeof buf - 1)
		while (len > 0 && ((unsigned char)buf[len] & 0xc0) == 0x80)
			buf[--len] = '\0';
	/* A record without a name (or gone) is shown by its id. */
	if ((name = strdup(buf[0] != '\0' ? buf : id)) == NULL) {
		err_set(e, ERR_NOMEM, _("out of memory"));
		return NULL;
	}
	free(victim->name);
	victim->name = name;
	snprintf(victim->id, sizeof victim->id, "%s", id);
	victim->used = ++n->tick;
	return name;
}
