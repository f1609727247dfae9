/* store/error: SQLite's results turned into ours, in one place. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store-internal.h"
#include "socds/i18n.h"
#include "socds/os.h"

/* The schema's CHECKs, UNIQUE indexes and triggers are the last guard
 * behind the forms' rules (form_check_stored and the form's own): when one
 * fires, SQLite's English text is matched here to the field it concerns
 * and a message in the user's language. The text itself never reaches a
 * user. */
static const struct {
	const char *match;	/* in sqlite3_errmsg */
	const char *col;	/* the field to blame */
	const char *msg;	/* English source, translated */
} store_constraints[] = {
	{ "end_date >= start_date", "end_date",
	    N_("End date: the training cannot end before it starts") },
	{ "(staff_id IS NULL) <> (member_id IS NULL)", "staff_id",
	    N_("Staff member, team member: a participant is exactly one of the two") },
	{ "participant.training_id, participant.staff_id", "staff_id",
	    N_("Staff member: already a participant of this training") },
	{ "participant.training_id, participant.member_id", "member_id",
	    N_("Team member: already a participant of this training") },
	{ "hours >= 0", "hours", N_("Hours: cannot be negative") },
	{ "households >= 0", "households", N_("Households: cannot be negative") },
	{ "count >= 0", "helped", N_("Citizens helped: a count cannot be negative") },
	{ "statistic.unit_code, statistic.year, statistic.indicator", "indicator",
	    N_("Indicator: already entered for this unit and year") },
	{ "value >= 0", "value", N_("Value: cannot be negative") },
	{ "version is not a whole number", "version",
	    N_("Version: not a whole number from 1 to 9223372036854775807") },
};

/* The first column of kind `what` named in text m as a whole word, or NULL. */
static const char *
store_constraint_col(const char *what, const char *m)
{
	const struct kind *k = what != NULL ? record_kind(what) : NULL;

	if (k == NULL) {
		for (int i = 0; i < KIND_COUNT && k == NULL; i++)
			if (strstr(what != NULL ? what : "", record_kinds[i].name) != NULL)
				k = &record_kinds[i];
		if (k == NULL)
			return NULL;
	}
	for (const char *p = m; *p != '\0'; p++) {
		size_t n = 0;
		if (!(p == m || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z'))))
			continue;
		while (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z'))
			n++;
		if (n == 0)
			continue;
		for (int i = 0; i < k->ncols; i++)
			if (strlen(k->cols[i].name) == n && strncmp(k->cols[i].name, p, n) == 0)
				return k->cols[i].name;
		p += n - 1;
	}
	return NULL;
}

/* A constraint refused a write: the field and a message of our own. */
static int
store_constraint(struct store *s, int rc, struct err *e, const char *what, const char *m)
{
	const char *col = NULL;
	int code = ERR_CONSTRAINT;

	if (s != NULL)
		s->failed_col[0] = '\0';
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return err_set(e, code, _("%s refers to a record or unit that does not exist"), what);
	for (size_t i = 0; i < sizeof store_constraints / sizeof store_constraints[0]; i++)
		if (strstr(m, store_constraints[i].match) != NULL) {
			if (s != NULL)
				snprintf(s->failed_col, sizeof s->failed_col, "%s",
				    store_constraints[i].col);
			return err_set(e, code, "%s", _(store_constraints[i].msg));
		}
	col = store_constraint_col(what, m);
	if (col != NULL && s != NULL)
		snprintf(s->failed_col, sizeof s->failed_col, "%s", col);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		return err_set(e, code, _("%s already exists"), what);
	if (rc == SQLITE_CONSTRAINT_NOTNULL && col != NULL)
		return err_set(e, code, _("%s: a required value is missing (%s)"), what, col);
	if (col != NULL)
		return err_set(e, code, _("%s: the record breaks a rule of the database (field %s)"),
		    what, col);
	return err_set(e, code, _("%s: the record breaks a rule of the database"), what);
}

const char *
store_failed_column(const struct store *s)
{
	return s != NULL && s->failed_col[0] != '\0' ? s->failed_col : NULL;
}

/* The one place SQLite's own messages are read: each is turned into one of
 * ours (test/cli/test_sqlite_text.sh holds every caller to it). */
int
store_error(struct store *s, int rc, struct err *e, const char *what)
{
	const char *m = s != NULL && s->db != NULL ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
	const char *path = s != NULL && s->path != NULL ? s->path : "";

	if (s != NULL)
		s->failed_col[0] = '\0';
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, ERR_BUSY,
		    _("%s: the database is busy (another user is saving); try again"),
		    path);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return err_set(e, ERR_CORRUPT,
		    _("%s: the database file is damaged or is not a socds database"), path);
	case SQLITE_READONLY:
		return err_set(e, ERR_READONLY,
		    _("%s: the database cannot be written (read-only file or folder)"),
		    path);
	case SQLITE_FULL:
		return err_set(e, ERR_FULL,
		    _("%s: the disk is full; nothing was saved"), path);
	case SQLITE_CANTOPEN:
		return err_set(e, ERR_IO, _("%s: cannot open the database file"), path);
	case SQLITE_IOERR: {
		/* SQLite calls a file-size limit or a full quota an I/O error. */
		int sys = s != NULL && s->db != NULL ? sqlite3_system_errno(s->db) : 0;
		/* A write that failed is, in practice, a full disk or a size limit;
		 * by the time SQLite reports it, errno may belong to its clean-up. */
		if (os_errno_full(sys) || rc == SQLITE_IOERR_WRITE)
			return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was saved"), path);
		return err_set(e, ERR_IO, _("%s: input/output error (%s)"), path,
		    err_errno(sys != 0 ? sys : EIO));
	}
	case SQLITE_NOMEM:
		return err_set(e, ERR_NOMEM, _("out of memory"));
	case SQLITE_CONSTRAINT:
		return store_constraint(s, rc, e, what, m != NULL ? m : "");
	case SQLITE_TOOBIG:	/* a bind (store_step) or a result over SQLite's limits */
		return err_set(e, ERR_INVALID, _("%s: a value is too long to store"), what);
	case SQLITE_RANGE:	/* a bind to a parameter the statement lacks */
		return err_set(e, ERR_FAIL, _("%s: database error (parameter %d does not exist)"),
		    what, s != NULL ? s->bind_index : 0);
	default:
		return err_set(e, ERR_FAIL, _("%s: database error (code %d)"), what, rc);
	}
}

