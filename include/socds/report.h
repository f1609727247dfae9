/* report: the one place that tells the user about errors and progress —
 * on stderr for the command line, on the status line once a screen is up. */
#ifndef SOCDS_REPORT_H
#define SOCDS_REPORT_H

#include <stdint.h>

#include "socds/err.h"

/* A screen installs its own sink; NULL returns to stderr. */
typedef void (*report_sink)(const char *msg, void *arg);
void report_set_sink(report_sink fn, void *arg);

/* "socds: message" as one line. */
void report_error(const struct err *e);
void report_msg(const char *fmt, ...) ERR_PRINTF(1, 2);

/* Progress on stderr, only when stderr is a terminal; throttled. */
void report_progress(const char *what, int64_t done, int64_t total);
void report_progress_end(void);

#endif
