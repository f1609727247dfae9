/* job-units: loads the official list of administrative units (assets/units/)
 * into the store. */
#ifndef SOCDS_JOB_UNITS_H
#define SOCDS_JOB_UNITS_H

#include "socds/err.h"
#include "socds/store.h"

/* Loads units.csv and unit_map.csv from datadir/assets/units in one
 * transaction (existing units are updated, parents kept). */
int units_load(struct store *s, const char *datadir, struct err *e);

/* A district office still at work after July 2025: the current communes that
 * succeeded its old communes report to it, so they become its children. */
int units_attach_district(struct store *s, const char *district, struct err *e);

#endif
