/* err: error codes and the message a failing function fills for its caller. */
#ifndef SOCDS_ERR_H
#define SOCDS_ERR_H

#include <stdarg.h>

/* A printf-style function's format is C99's. MinGW's "printf" means
 * msvcrt's (no %zu); socds is built there with MinGW's own C99 stdio
 * (__USE_MINGW_ANSI_STDIO=1), which its "gnu_printf" describes. */
#ifdef __MINGW32__
#define ERR_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#else
#define ERR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#endif

enum err_code {
	ERR_OK = 0,
	ERR_FAIL,	/* generic failure */
	ERR_USAGE,	/* bad command-line usage */
	ERR_NOMEM,
	ERR_IO,		/* file or folder cannot be read/written */
	ERR_INVALID,	/* bad input value */
	ERR_NOTFOUND,
	ERR_EXISTS,
	ERR_CONSTRAINT,	/* database constraint refused the change */
	ERR_BUSY,	/* database locked by another user */
	ERR_CORRUPT,	/* not a database, or a damaged one */
	ERR_NEWER,	/* database made by a newer socds */
	ERR_READONLY,
	ERR_FULL,	/* disk full */
	ERR_CONFLICT,	/* someone else changed the record since it was read */
	ERR_PERM,	/* the user's role does not allow it */
};

#define ERR_MSG_MAX 512

struct err {
	int code;
	char msg[ERR_MSG_MAX];
};

/* Sets code and message (printf-style); returns code so callers can `return err_set(...)`. */
int err_set(struct err *e, int code, const char *fmt, ...)
	ERR_PRINTF(3, 4);
int err_vset(struct err *e, int code, const char *fmt, va_list ap)
	ERR_PRINTF(3, 0);
/* Prefixes the existing message with "prefix: ". */
void err_prefix(struct err *e, const char *fmt, ...)
	ERR_PRINTF(2, 3);
void err_clear(struct err *e);
/* Drops an unfinished UTF-8 character at the end of s (after a cut to fit
 * a buffer): a message is never cut inside a Vietnamese letter. */
void err_utf8_cut(char *s);
/* The reason for an errno value, in the user's language. */
const char *err_errno(int errnum);

#endif
