/* units: loads the official list of administrative units (assets/units/)
 * into the store. */
#ifndef SOCDS_UNITS_H
#define SOCDS_UNITS_H

#include "socds/err.h"
#include "socds/store.h"

/* Loads units.csv and unit_map.csv from datadir/assets/units in one
 * transaction (existing units are updated, parents kept). */
int units_load(struct store *s, const char *datadir, struct err *e);

#endif
