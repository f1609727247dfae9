/* store-unit: the administrative units (province > district > commune), the 2025 map
 * from old units to new, the home unit and settings of a unit */
#ifndef SOCDS_STORE_UNIT_H
#define SOCDS_STORE_UNIT_H

#include <stdbool.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/record.h"
#include "socds/store.h"
#include "socds/unit.h"

int store_unit_put(struct store *s, const struct unit *u, struct err *e);
int store_unit_get(struct store *s, const char *code, struct unit *u, struct err *e);
int store_unit_set_parent(struct store *s, const char *code, const char *parent,
    struct err *e);
int store_unit_map_put(struct store *s, const char *old_code, const char *old_name,
    const char *old_district, const char *old_province, const char *new_code,
    struct err *e);
/* Current units whose folded name contains `query` (NULL: all), under `parent`
 * (NULL: anywhere), calling fn for each until it returns non-zero. */
int store_unit_find(struct store *s, const char *query, const char *parent,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e);
/* Children of a unit (status current first), by name. */
int store_unit_children(struct store *s, const char *code,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e);
/* Today's map (unit-map.c). An abolished unit whose name a current unit also
 * bears gets " (cũ)" after its name ("Tỉnh Gia Lai (cũ)"); units_load calls it. */
int store_unit_mark_former(struct store *s, struct err *e);
/* A live record under a former commune that the report of a unit counts in
 * its total and in no unit below it: the mapping splits the commune among
 * several current communes, or names none (see STORE_SCOPE). */
struct store_unassigned {
	const char *kind, *id, *unit_code, *unit_name, *label;
	const char *candidates;	/* "21853 Xã Phù Cát; 21859 Xã Đề Gi", or "" */
};
int store_unit_unassigned(struct store *s, const char *unit,
    int (*fn)(const struct store_unassigned *a, void *arg), void *arg, struct err *e);
int store_unit_unassigned_count(struct store *s, const char *unit, int64_t *n,
    struct err *e);
/* Moves every record (of kind `only`, or all) under the abolished commune
 * old_code to the current commune new_code, one of those the mapping names
 * for it: one transaction, an audit row per record and one event, each
 * record's version bumped so that the move travels up. */
int store_unit_reassign(struct store *s, const char *old_code, const char *new_code,
    const struct kind *only, int64_t *moved, struct err *e);

/* Current communes whose predecessors (unit_map) lay in the pre-2025 district. */
int store_unit_successors_of_district(struct store *s, const char *district,
    int (*fn)(const struct unit *, void *), void *arg, struct err *e);
/* true when `code` is `ancestor` or lies below it. */
int store_unit_within(struct store *s, const char *code, const char *ancestor,
    bool *within, struct err *e);

int store_home_set(struct store *s, const char *code, struct err *e);
/* ERR_NOTFOUND when the database has no home unit yet. */
int store_home_get(struct store *s, struct unit *u, struct err *e);


/* Settings of one unit (schema v10): each key and value, by key. */
int store_unit_setting_list(struct store *s, const char *unit,
    int (*fn)(const char *key, const char *value, void *arg), void *arg, struct err *e);
/* Sets a key of the unit (value NULL: removes it); admin, or editor of the
 * unit or a unit above it (store_allow STORE_ACT_UNIT_PAPER); one audit event. */
int store_unit_setting_put(struct store *s, const char *unit, const char *key,
    const char *value, struct err *e);


#endif
