/* safefile: the one way socds writes a file. Data goes to a temporary file
 * beside the target, created O_CREAT|O_EXCL|O_NOFOLLOW, 0600 whatever the
 * umask, with a name nobody can guess (.NAME.socds-PID-RANDOM.tmp); it is
 * fsynced and renamed into place (linked when an existing file must not be
 * replaced), and the folder fsynced. The open database, its -wal, -shm and
 * -journal and its backups folder are never written over. Temporaries of a
 * run that was killed are recognised by their name and removed later. */
#ifndef SOCDS_SAFEFILE_H
#define SOCDS_SAFEFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "socds/err.h"

#define SAFEFILE_FORCE 1	/* replace an existing file (a bool `true` means this) */
#define SAFEFILE_BACKUP 2	/* may write into a protected folder (backups), never over
				 * a protected file */

struct safefile {
	char path[4096];	/* the target, as given */
	char tmp[4096];		/* the temporary, in the target's folder */
	char dir[4096];		/* the target's folder ("." when the path has none) */
	FILE *fp;		/* write here; NULL after safefile_open_path */
	int flags;
	bool by_name;		/* a library writes tmp by its name */
};

/* Refuses (ERR_EXISTS) when path exists and !(flags & SAFEFILE_FORCE), a
 * folder (ERR_IO) and a protected file (ERR_INVALID); creates the temporary
 * and opens sf->fp on it. */
int safefile_open(struct safefile *sf, const char *path, int flags, struct err *e);
/* The same for a library that opens its output by name (libxlsxwriter,
 * libzip, SQLite): the temporary sf->tmp is created empty, 0600, and closed;
 * the library writes it by that name (or replaces it by a rename in the same
 * folder). sf->dir is the folder for the library's own scratch files. */
int safefile_open_path(struct safefile *sf, const char *path, int flags, struct err *e);
/* Flushes, fsyncs and renames into place; reports a full disk as ERR_FULL.
 * On failure the temporary is removed and the target is untouched. */
int safefile_commit(struct safefile *sf, struct err *e);
/* Removes the temporary; the target is untouched. Safe to call twice, and
 * on a struct safefile that was only zeroed. */
void safefile_abort(struct safefile *sf);

/* A scratch file that never becomes a target: created like a temporary in
 * the folder of `beside` (label names it). Without by_name it is opened
 * "w+b" and has no name at all (sf->tmp is ""), so nothing is left after a
 * kill; by_name it is kept, empty, under sf->tmp for a library, and removed
 * by safefile_abort (or by the next run's sweep). */
int safefile_scratch(struct safefile *sf, const char *beside, const char *label,
    bool by_name, struct err *e);

/* The protected files: the database (store_open calls these) and the files
 * SQLite keeps beside it, compared by device and inode and by resolved name
 * (for names that do not exist yet); and folders nothing is written into
 * without SAFEFILE_BACKUP. Kept for the life of the process. */
void safefile_protect(const char *path);
void safefile_protect_dir(const char *dir);
/* 0, or ERR_INVALID with a message naming path when writing path (flags as
 * in safefile_open) would touch a protected file or folder. */
int safefile_check(const char *path, int flags, struct err *e);

/* Removes from dir the temporaries of runs that are no longer alive: files
 * named .NAME.socds-PID-RANDOM.tmp (and the -journal, -wal, -shm or .XXXXXX
 * files the libraries make beside them), regular, owned by this user, whose
 * PID is not a running process. Nothing else is touched. Each folder is
 * swept once per process unless force. Returns the number removed. */
int safefile_sweep(const char *dir, bool force);
/* Whether name (no folder) is such a temporary; *pid gets its PID. */
bool safefile_is_temp(const char *name, long *pid);

#endif
