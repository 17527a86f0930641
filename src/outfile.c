/* Report files written atomically: a temporary file in the same folder,
 * fsync, then rename over the old file.  Devices, FIFOs and the
 * descriptors named by /dev/stdout and the like are written in place. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static void
release(struct zl_outfile *o)
{
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fp = NULL;
}

/* The folder part of path: "." for a bare file name. */
static char *
folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return zl_xstrdup(".");
	if (slash == path)
		return zl_xstrdup("/");
	return zl_xstrndup(path, (size_t)(slash - path));
}

/* Return the descriptor that path names (/dev/stdout, /dev/stderr,
 * /dev/fd/N or /proc/self/fd/N), or -1 when it names none. */
static int
named_descriptor(const char *path)
{
	static const char *const folders[] = { "/dev/fd/", "/proc/self/fd/" };

	if (strcmp(path, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0)
		return STDERR_FILENO;
	for (size_t i = 0; i < sizeof(folders) / sizeof(folders[0]); i++) {
		size_t len = strlen(folders[i]);
		const char *digits = path + len;
		char *end;
		long fd;

		if (strncmp(path, folders[i], len) != 0 || *digits < '0' || *digits > '9')
			continue;
		errno = 0;
		fd = strtol(digits, &end, 10);
		if (*end == '\0' && errno == 0 && fd <= INT_MAX)
			return (int)fd;
	}
	return -1;
}

/* Open a copy of descriptor fd, so that the report goes where the
 * descriptor points: at its offset, at the end when it appends, and to
 * a socket, which open() cannot open. */
static int
open_descriptor(struct zl_outfile *o, const char *path, int fd)
{
	int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	int err;

	o->fp = copy >= 0 ? fdopen(copy, "w") : NULL;
	if (o->fp == NULL) {
		err = errno;
		if (copy >= 0)
			close(copy);
		return err;
	}
	o->path = zl_xstrdup(path);
	return 0;
}

/* Open path itself for writing when it is not a regular file.  Return
 * 0, an errno value, or -1 when path is a regular file after all (it was
 * replaced since it was tested), for the caller to write it as one. */
static int
open_in_place(struct zl_outfile *o, const char *path)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	int err;

	if (fd < 0)
		return errno;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	o->fp = fdopen(fd, "w");
	if (o->fp == NULL) {
		err = errno;
		close(fd);
		return err;
	}
	o->path = zl_xstrdup(path);
	return 0;
}

int
zl_outfile_open(struct zl_outfile *o, const char *path)
{
	struct stat st;
	mode_t mode, mask;
	char *folder;
	struct zl_strbuf tmp;
	int fd, err;

	memset(o, 0, sizeof(o[0]));

	fd = named_descriptor(path);
	if (fd >= 0)
		return open_descriptor(o, path, fd);
	/* stat() follows links, so a link to a FIFO counts as the FIFO. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		err = open_in_place(o, path);
		if (err >= 0)
			return err;
	}

	/* Replace the file a symbolic link points at, not the link. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *target = realpath(path, NULL);

		if (target == NULL)
			return errno;
		o->path = target;
	} else {
		o->path = zl_xstrdup(path);
	}

	/* The temporary file must be in the same folder, because rename()
	 * is atomic only within one file system. */
	folder = folder_of(o->path);
	zl_strbuf_init(&tmp);
	zl_strbuf_addf(&tmp, "%s/.%s.XXXXXX", folder,
	    strrchr(o->path, '/') ? strrchr(o->path, '/') + 1 : o->path);
	free(folder);
	o->tmp = zl_strbuf_detach(&tmp);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		err = errno;
		release(o);
		return err;
	}

	if (stat(o->path, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	o->fp = fchmod(fd, mode) == 0 ? fdopen(fd, "w") : NULL;
	if (o->fp == NULL) {
		err = errno;
		close(fd);
		unlink(o->tmp);
		release(o);
		return err;
	}
	return 0;
}

/* fsync the folder of path, so that the rename survives a crash. */
static int
sync_folder(const char *path)
{
	char *folder = folder_of(path);
	int fd = open(folder, O_RDONLY | O_DIRECTORY);
	int err = 0;

	free(folder);
	if (fd < 0)
		return errno;
	if (fsync(fd) != 0)
		err = errno;
	close(fd);
	return err;
}

int
zl_outfile_commit(struct zl_outfile *o)
{
	int err = 0;

	errno = 0;
	if (o->tmp == NULL) {
		/* Written in place: there is nothing to sync or rename, and
		 * fsync() fails on a FIFO or /dev/null. */
		if (fflush(o->fp) != 0 || ferror(o->fp))
			err = errno ? errno : EIO;
		if (fclose(o->fp) != 0 && err == 0)
			err = errno;
		release(o);
		return err;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0)
		err = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && err == 0)
		err = errno;
	o->fp = NULL;
	if (err == 0 && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err != 0) {
		unlink(o->tmp);
		release(o);
		return err;
	}
	err = sync_folder(o->path);
	release(o);
	return err;
}

void
zl_outfile_abort(struct zl_outfile *o)
{
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	release(o);
}
