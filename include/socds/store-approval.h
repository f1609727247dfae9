/* store-approval: the periods of units approved by an office above, and
 * reopened (issue 17). The rows lock records (store-lock.h); the office
 * writes them (job-approve.h), receipts carry them down. */
#ifndef SOCDS_STORE_APPROVAL_H
#define SOCDS_STORE_APPROVAL_H

#include <stddef.h>
#include <stdint.h>

#include "socds/err.h"
#include "socds/store.h"

struct store_approval {
	char id[32];		/* OFFICE:N */
	char unit[8];		/* the unit approved */
	char period[16];	/* 2026-Q3 */
	char from[11], to[11];	/* its first and last day */
	char state[12];		/* approved / reopened */
	int64_t revision;
	char at[24];
	char by_unit[8];	/* the office */
	char by_user[64];
	char reason[256];	/* why it was reopened */
};

/* Sets unit's period (from..to) to state ("approved" or "reopened", with a
 * reason) as the home unit's approval, audited, in one transaction: a new
 * row (id HOME:N) or, when the home unit has one for that unit and period,
 * that row with its revision + 1. ERR_EXISTS when it is in that state
 * already, ERR_NOTFOUND when reopening what was never approved. *a gets
 * the row written (or the one found). */
int store_approval_set(struct store *s, const char *unit, const char *period,
    const char *from, const char *to, const char *state, const char *reason,
    struct store_approval *a, struct err *e);
/* Every approval row, by unit, period, office; fn returning non-zero stops. */
int store_approval_each(struct store *s, int (*fn)(const struct store_approval *a, void *arg),
    void *arg, struct err *e);
/* The periods (labels as logged; "" when none) of the packages of unit
 * merged here. */
int store_approval_merged(struct store *s, const char *unit,
    int (*fn)(const char *period, void *arg), void *arg, struct err *e);
/* What a report says of unit over from..to: the approved periods that
 * cover it (its own or a unit's above it), "2026-Q3 (52, 05/10/2026)" joined
 * by "; ", or "" when none. */
int store_approval_state(struct store *s, const char *unit, const char *from, const char *to,
    char *buf, size_t size, struct err *e);

#endif
