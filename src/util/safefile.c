/* safefile: temporary file beside the target, fsync, rename; the protected
 * files; the sweep of temporaries left by killed runs. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "socds/i18n.h"
#include "socds/os.h"
#include "socds/paths.h"
#include "socds/safefile.h"

#define SAFEFILE_TAG ".socds-"
#define SAFEFILE_RAND_HEX 16
#define SAFEFILE_NAME_MAX 160	/* bytes of the target's name kept in the temporary's */
#define SAFEFILE_PROTECT_MAX 32
#define SAFEFILE_SWEPT_MAX 16

/* --- names --- */

static unsigned long long
safefile_random(void)
{
	unsigned long long r = 0;

	if (os_random(&r, sizeof r, false) != 0) {
		/* Early boot without entropy: still not guessable from outside. */
		r ^= (unsigned long long)(os_time_ns() % 1000000000) * 0x9E3779B97F4A7C15ULL ^
		    (unsigned long long)(uintptr_t)&r ^ (unsigned long long)os_pid_self() << 32;
	}
	return r;
}

/* DIR/.LABEL.socds-PID-RANDOM.tmp; LABEL cut (at a character) to keep the
 * name within NAME_MAX. */
static int
safefile_tmpname(const char *dir, const char *label, char *buf, size_t size)
{
	size_t n = strlen(label);
	int len;

	if (n > SAFEFILE_NAME_MAX) {
		n = SAFEFILE_NAME_MAX;
		while (n > 0 && ((unsigned char)label[n] & 0xC0) == 0x80)
			n--;
	}
	len = snprintf(buf, size, "%s%s.%.*s" SAFEFILE_TAG "%ld-%0*llx.tmp",
	    strcmp(dir, ".") == 0 ? "" : dir, strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0 ?
	    "" : "/", (int)n, label, os_pid_self(), SAFEFILE_RAND_HEX, safefile_random());
	return len < 0 || (size_t)len >= size ? -1 : 0;
}

static bool
safefile_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
safefile_alnum(char c)
{
	return safefile_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool
safefile_is_temp(const char *name, long *pid)
{
	const char *p, *tag = NULL;

	if (name[0] != '.')
		return false;
	/* The last tag that is followed by PID-RANDOM.tmp. */
	for (p = name + 1; (p = strstr(p, SAFEFILE_TAG)) != NULL; p++) {
		const char *q = p + sizeof SAFEFILE_TAG - 1;
		long v = 0;
		int digits = 0;
		if (p == name + 1)
			continue;	/* an empty LABEL: not ours */
		for (; safefile_digit(*q) && digits < 10; q++, digits++)
			v = v * 10 + (*q - '0');
		if (digits == 0 || *q++ != '-')
			continue;
		int hex = 0;
		for (; hex < SAFEFILE_RAND_HEX && (safefile_digit(*q) || (*q >= 'a' && *q <= 'f')); q++)
			hex++;
		if (hex != SAFEFILE_RAND_HEX || strncmp(q, ".tmp", 4) != 0)
			continue;
		q += 4;
		/* What the libraries add beside a file they write by name. */
		bool ok = *q == '\0' || strcmp(q, "-journal") == 0 || strcmp(q, "-wal") == 0 ||
		    strcmp(q, "-shm") == 0;
		if (!ok && q[0] == '.' && strlen(q) == 7) {	/* libzip's .XXXXXX */
			ok = true;
			for (int i = 1; i < 7; i++)
				ok = ok && safefile_alnum(q[i]);
		}
		if (ok && v > 0) {
			tag = p;
			if (pid != NULL)
				*pid = v;
		}
	}
	return tag != NULL;
}

/* --- the protected files --- */

struct safefile_prot {
	char real[OS_PATH_MAX];	/* resolved: the folder through realpath, then the name */
	bool dir;
};

static struct safefile_prot safefile_prot[SAFEFILE_PROTECT_MAX];
static int safefile_nprot;

/* The directory entry path names: its folder resolved, then its last part.
 * With follow, a name that exists is resolved whole (symbolic links too). */
static int
safefile_resolve(const char *path, bool follow, char *out)
{
	char dir[OS_PATH_MAX], rdir[OS_PATH_MAX];
	const char *base;

	if (follow && os_realpath(path, out) == 0)
		return 0;
	if (paths_dir(path, dir, sizeof dir, &base) != 0 || os_realpath(dir, rdir) != 0)
		return -1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return os_realpath(path, out);
	if ((size_t)snprintf(out, OS_PATH_MAX, "%s%s%s", rdir, strcmp(rdir, "/") == 0 ? "" : "/",
	    base) >= OS_PATH_MAX)
		return -1;
	return 0;
}

static void
safefile_protect_add(const char *path, bool dir)
{
	char real[OS_PATH_MAX];

	if (path == NULL || *path == '\0' || safefile_resolve(path, dir, real) != 0)
		return;
	for (int i = 0; i < safefile_nprot; i++)
		if (safefile_prot[i].dir == dir && strcmp(safefile_prot[i].real, real) == 0)
			return;
	if (safefile_nprot == SAFEFILE_PROTECT_MAX)
		return;
	snprintf(safefile_prot[safefile_nprot].real, OS_PATH_MAX, "%s", real);
	safefile_prot[safefile_nprot++].dir = dir;
}

void
safefile_protect(const char *path)
{
	safefile_protect_add(path, false);
}

void
safefile_protect_dir(const char *dir)
{
	safefile_protect_add(dir, true);
}

/* a is the folder b or inside it. */
static bool
safefile_within(const char *a, const char *b)
{
	size_t n = strlen(b);

	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

static bool
safefile_same(const struct os_stat *a, const char *path)
{
	struct os_stat sb;

	return os_stat(path, &sb) == 0 && os_same_file(&sb, a);
}

int
safefile_check(const char *path, int flags, struct err *e)
{
	char entry[OS_PATH_MAX], real[OS_PATH_MAX], dir[OS_PATH_MAX], rdir[OS_PATH_MAX];
	const char *base;
	struct os_stat sb, db;
	bool have_sb, have_db, have_entry, have_real;

	if (safefile_nprot == 0)
		return 0;
	have_entry = safefile_resolve(path, false, entry) == 0;
	have_real = safefile_resolve(path, true, real) == 0;
	have_sb = os_stat(path, &sb) == 0;
	have_db = paths_dir(path, dir, sizeof dir, &base) == 0 && os_stat(dir, &db) == 0;
	for (int i = 0; i < safefile_nprot; i++) {
		const struct safefile_prot *p = &safefile_prot[i];
		if (p->dir) {
			if (flags & SAFEFILE_BACKUP)
				continue;
			bool in = have_entry && safefile_within(entry, p->real);
			if (!in && have_real && safefile_within(real, p->real))
				in = true;
			if (!in && have_db && safefile_same(&db, p->real))
				in = true;
			if (!in && have_db && os_realpath(dir, rdir) == 0 &&
			    safefile_within(rdir, p->real))
				in = true;
			if (in)
				return err_set(e, ERR_INVALID,
				    _("%s: this is in the backups folder of the open database (%s); socds does not write there"),
				    path, p->real);
			continue;
		}
		if ((have_entry && strcmp(entry, p->real) == 0) ||
		    (have_real && strcmp(real, p->real) == 0) ||
		    (have_sb && safefile_same(&sb, p->real)))
			return err_set(e, ERR_INVALID,
			    _("%s: this is the open database or one of its files (%s); socds does not write over it"),
			    path, p->real);
	}
	return 0;
}

/* --- the sweep --- */

/* A folder is known by its identity and its name: an inode is used again
 * for another folder once one is removed. */
struct safefile_swept {
	struct os_stat st;
	char real[OS_PATH_MAX];
};

static struct safefile_swept safefile_swept[SAFEFILE_SWEPT_MAX];
static int safefile_nswept;

/* os_dir_each's question: a temporary of ours whose run is gone. */
static int
safefile_sweep_pick(const char *name, const struct os_stat *st, void *arg)
{
	long pid;

	(void)arg;
	if (!safefile_is_temp(name, &pid) || pid == os_pid_self() || os_pid_alive(pid))
		return 0;
	return st->kind == OS_FILE && st->mine;
}

int
safefile_sweep(const char *dir, bool force)
{
	struct os_stat sb;
	char real[OS_PATH_MAX];
	int removed;

	if (os_stat(dir, &sb) != 0 || sb.kind != OS_DIR)
		return 0;
	if (os_realpath(dir, real) != 0)
		real[0] = '\0';
	for (int i = 0; i < safefile_nswept && !force; i++)
		if (os_same_file(&safefile_swept[i].st, &sb) &&
		    strcmp(safefile_swept[i].real, real) == 0)
			return 0;
	if (safefile_nswept < SAFEFILE_SWEPT_MAX) {
		safefile_swept[safefile_nswept].st = sb;
		snprintf(safefile_swept[safefile_nswept++].real, OS_PATH_MAX, "%s", real);
	}
	removed = os_dir_each(dir, safefile_sweep_pick, NULL);
	return removed > 0 ? removed : 0;
}

/* --- writing --- */

static int
safefile_io_fail(const char *path, int saved, struct err *e)
{
	if (os_errno_full(saved))
		return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"), path);
	return err_set(e, ERR_IO, _("%s: cannot write: %s"), path, err_errno(saved));
}

/* Creates the temporary: a fresh name each try, never through a link, 0600
 * whatever the umask; opened on *fp, or closed when fp is NULL. */
static int
safefile_create(struct safefile *sf, const char *label, FILE **fp, struct err *e)
{
	const char *shown = sf->path[0] != '\0' ? sf->path : sf->dir;
	int rc = -1;

	for (int tries = 0; tries < 8 && rc != 0; tries++) {
		if (safefile_tmpname(sf->dir, label, sf->tmp, sizeof sf->tmp) != 0) {
			sf->tmp[0] = '\0';
			return err_set(e, ERR_USAGE, _("path too long"));
		}
		if ((rc = os_file_new(sf->tmp, fp)) != 0 && errno != EEXIST)
			break;
	}
	if (rc != 0) {
		int saved = errno;
		sf->tmp[0] = '\0';
		if (saved == ENOMEM)
			return err_set(e, ERR_NOMEM, _("out of memory"));
		return err_set(e, ERR_IO, _("%s: cannot create: %s"), shown, err_errno(saved));
	}
	return 0;
}

static int
safefile_begin(struct safefile *sf, const char *path, int flags, bool by_name, struct err *e)
{
	struct os_stat sb;
	const char *base;

	memset(sf, 0, sizeof sf[0]);
	if (path == NULL || *path == '\0')
		return err_set(e, ERR_USAGE, _("no output file given"));
	if ((size_t)snprintf(sf->path, sizeof sf->path, "%s", path) >= sizeof sf->path ||
	    paths_dir(path, sf->dir, sizeof sf->dir, &base) != 0) {
		sf->path[0] = '\0';
		return err_set(e, ERR_USAGE, _("path too long"));
	}
	if (*base == '\0') {
		sf->path[0] = '\0';
		return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
	}
	sf->flags = flags;
	sf->by_name = by_name;
	if (os_stat(path, &sb) == 0 && sb.kind == OS_DIR)
		return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
	/* A rename would put an ordinary file in place of a device or a pipe
	 * (--out /dev/null --force once replaced /dev/null itself). */
	if (os_stat(path, &sb) == 0 && sb.kind != OS_FILE)
		return err_set(e, ERR_IO, _("%s: is a device, pipe or socket, not a file; socds "
		    "writes ordinary files only"), path);
	if (safefile_check(path, flags, e) != 0)
		return e->code;
	if (os_lstat(path, &sb) == 0 && !(flags & SAFEFILE_FORCE))
		return err_set(e, ERR_EXISTS, _("%s: already exists; give --force to replace it"),
		    path);
	safefile_sweep(sf->dir, false);
	return safefile_create(sf, base, by_name ? NULL : &sf->fp, e);
}

int
safefile_open(struct safefile *sf, const char *path, int flags, struct err *e)
{
	return safefile_begin(sf, path, flags, false, e);
}

int
safefile_open_path(struct safefile *sf, const char *path, int flags, struct err *e)
{
	return safefile_begin(sf, path, flags, true, e);
}

int
safefile_scratch(struct safefile *sf, const char *beside, const char *label, bool by_name,
    struct err *e)
{
	const char *base;

	memset(sf, 0, sizeof sf[0]);
	if (beside == NULL || paths_dir(beside, sf->dir, sizeof sf->dir, &base) != 0)
		return err_set(e, ERR_USAGE, _("path too long"));
	sf->by_name = by_name;
	safefile_sweep(sf->dir, false);
	if (by_name)
		return safefile_create(sf, label, NULL, e);
	/* No name at all when the file system allows. */
	if (os_file_anon(sf->dir, &sf->fp) == 0)
		return 0;
	if (safefile_create(sf, label, &sf->fp, e) != 0)
		return e->code;
	os_remove(sf->tmp);
	sf->tmp[0] = '\0';
	return 0;
}

/* A library wrote the temporary by its name, perhaps replacing it by a
 * rename: it must still be a plain file of ours, and gets 0600 again. */
static int
safefile_sync_named(struct safefile *sf, struct err *e)
{
	int rc = os_file_seal(sf->tmp);

	if (rc > 0)
		return err_set(e, ERR_IO, _("%s: the temporary file %s was replaced while it was written"),
		    sf->path, sf->tmp);
	return rc == 0 ? 0 : safefile_io_fail(sf->path, errno, e);
}

/* Writes out what the stream holds and closes it. */
static int
safefile_close_stream(struct safefile *sf, struct err *e)
{
	int rc = 0, saved = 0;

	errno = 0;
	if (os_stream_sync(sf->fp) != 0) {
		rc = -1;
		saved = errno != 0 ? errno : EIO;
	}
	if (fclose(sf->fp) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	sf->fp = NULL;
	return rc == 0 ? 0 : safefile_io_fail(sf->path, saved, e);
}

int
safefile_commit(struct safefile *sf, struct err *e)
{
	int saved;

	if (sf->tmp[0] == '\0' || sf->path[0] == '\0' || (!sf->by_name && sf->fp == NULL))
		return err_set(e, ERR_FAIL, "safefile: not open");
	if ((sf->by_name ? safefile_sync_named(sf, e) : safefile_close_stream(sf, e)) != 0 ||
	    /* Again at the last moment: the name may have changed meanwhile. */
	    safefile_check(sf->path, sf->flags, e) != 0) {
		safefile_abort(sf);
		return e->code;
	}
	/* Without --force, refused if a file appeared meanwhile. */
	if (os_replace(sf->tmp, sf->path, sf->flags & SAFEFILE_FORCE) != 0) {
		saved = errno;
		safefile_abort(sf);
		if (saved == EEXIST)
			return err_set(e, ERR_EXISTS,
			    _("%s: already exists; give --force to replace it"), sf->path);
		return safefile_io_fail(sf->path, saved, e);
	}
	sf->tmp[0] = '\0';
	os_dir_sync(sf->dir);
	return 0;
}

void
safefile_abort(struct safefile *sf)
{
	if (sf->fp != NULL) {
		fclose(sf->fp);
		sf->fp = NULL;
	}
	if (sf->tmp[0] != '\0') {
		os_remove(sf->tmp);
		sf->tmp[0] = '\0';
	}
}
