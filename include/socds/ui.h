/* ui: the terminal interface (ncurses, wide characters). */
#ifndef SOCDS_UI_H
#define SOCDS_UI_H

#include "socds/err.h"
#include "socds/form.h"
#include "socds/store.h"

/* Runs the interface on an open store until the user quits or a hang-up or
 * termination signal arrives. Restores the terminal on every way out. */
int ui_run(struct store *s, const struct forms *forms, struct err *e);

#endif
