/* safefile: temporary file, fsync, rename. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "socds/i18n.h"
#include "socds/safefile.h"

int
safefile_open(struct safefile *sf, const char *path, bool force, struct err *e)
{
	struct stat sb;
	const char *slash;
	int fd;

	memset(sf, 0, sizeof sf[0]);
	if (path == NULL || *path == '\0')
		return err_set(e, ERR_USAGE, _("no output file given"));
	if ((size_t)snprintf(sf->path, sizeof sf->path, "%s", path) >= sizeof sf->path)
		return err_set(e, ERR_USAGE, _("path too long"));
	sf->force = force;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode))
			return err_set(e, ERR_IO, _("%s: is a folder, not a file"), path);
		if (!force)
			return err_set(e, ERR_EXISTS,
			    _("%s: already exists; give --force to replace it"), path);
	}
	slash = strrchr(path, '/');
	snprintf(sf->tmp, sizeof sf->tmp, "%.*s%s.%s.part-%ld", slash ? (int)(slash - path) : 0,
	    path, slash ? "/" : "", slash ? slash + 1 : path, (long)getpid());
	/* Personal data: 0600 whatever the umask, and never through a link. */
	fd = open(sf->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return err_set(e, ERR_IO, _("%s: cannot create: %s"), path, err_errno(errno));
	if ((sf->fp = fdopen(fd, "wb")) == NULL) {
		close(fd);
		unlink(sf->tmp);
		return err_set(e, ERR_NOMEM, _("out of memory"));
	}
	return 0;
}

int
safefile_commit(struct safefile *sf, struct err *e)
{
	int rc = 0, saved;

	if (sf->fp == NULL)
		return err_set(e, ERR_FAIL, "safefile: not open");
	if (fflush(sf->fp) != 0 || ferror(sf->fp) || fsync(fileno(sf->fp)) != 0)
		rc = -1;
	saved = errno;
	if (fclose(sf->fp) != 0 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	sf->fp = NULL;
	if (rc != 0) {
		unlink(sf->tmp);
		if (saved == ENOSPC || saved == EFBIG || saved == EDQUOT)
			return err_set(e, ERR_FULL, _("%s: the disk is full; nothing was written"),
			    sf->path);
		return err_set(e, ERR_IO, _("%s: cannot write: %s"), sf->path, err_errno(saved));
	}
	/* Without --force, link() refuses to replace a file that appeared meanwhile. */
	if (sf->force)
		rc = rename(sf->tmp, sf->path);
	else if ((rc = link(sf->tmp, sf->path)) == 0)
		unlink(sf->tmp);
	if (rc != 0) {
		saved = errno;
		unlink(sf->tmp);
		if (saved == EEXIST)
			return err_set(e, ERR_EXISTS,
			    _("%s: already exists; give --force to replace it"), sf->path);
		return err_set(e, ERR_IO, _("%s: cannot write: %s"), sf->path, err_errno(saved));
	}
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
		unlink(sf->tmp);
		sf->tmp[0] = '\0';
	}
}
