/* ui: the terminal interface (ncurses, wide characters). */
#ifndef SOCDS_UI_H
#define SOCDS_UI_H

#include "socds/err.h"
#include "socds/form.h"
#include "socds/os.h"
#include "socds/store.h"

/* Runs the interface on an open store until the user quits or a hang-up or
 * termination signal arrives. Restores the terminal on every way out.
 * backup: a process making the daily backup meanwhile (0: none); the
 * interface warns if it fails. */
int ui_run(struct store *s, const struct forms *forms, os_proc backup, struct err *e);

#endif
