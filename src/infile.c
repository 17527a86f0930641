/* Opening and reading input files: zone files given by path, pipes and
 * devices, and included files confined to a folder. */
/* SPDX-License-Identifier: BSD-3-Clause */
/* O_PATH */
#define _GNU_SOURCE
#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* O_NONBLOCK keeps the open of a FIFO without a writer from blocking.  It
 * has no effect on regular files; a stream gets it cleared after its
 * first read. */
#define OPEN_FLAGS (O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)

/* openat2() fails with EAGAIN when a rename during the lookup might have
 * let ".." escape; the call may be repeated, and this bounds how often. */
#define BENEATH_TRIES 16

int
zl_infile_open(const char *path)
{
	return open(path, OPEN_FLAGS);
}

int
zl_infile_open_folder(const char *path)
{
	return open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int
zl_infile_open_beneath(int dir_fd, const char *path, int flags)
{
#ifdef SYS_openat2
	struct open_how how;

	/* RESOLVE_BENEATH alone also rejects magic links such as
	 * /proc/self/root today, but the openat2(2) manual page recommends
	 * setting RESOLVE_NO_MAGICLINKS as well. */
	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)(unsigned)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	for (int tries = 1;; tries++) {
		long fd = syscall(SYS_openat2, dir_fd, path, &how, sizeof(how));

		if (fd >= 0)
			return (int)fd;
		if (errno != EAGAIN || tries == BENEATH_TRIES)
			return -1;
	}
#else
	(void)dir_fd;
	(void)path;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* Return what follows the folder root in the resolved path real: "." for
 * root itself, NULL when real is not inside root.  Both are absolute and
 * resolved, so "/" is the only root that ends in a slash. */
static const char *
strip_root(const char *real, const char *root)
{
	size_t len = strlen(root);

	if (strncmp(real, root, len) != 0)
		return NULL;
	if (root[len - 1] == '/')
		return real[len] == '\0' ? "." : real + len;
	if (real[len] == '\0')
		return ".";
	return real[len] == '/' ? real + len + 1 : NULL;
}

/* Return the path of path's file relative to the folder root, once
 * symbolic links and ".." are resolved, or NULL when it is outside root
 * (free() the result).  A missing file is judged by its folder, so that
 * opening it reports it as missing. */
static char *
relative_below(const char *path, const char *root)
{
	char *real_root = realpath(root, NULL), *real_path, *relative = NULL;
	const char *file = NULL, *inside;

	if (real_root == NULL)
		return NULL;
	real_path = realpath(path, NULL);
	if (real_path == NULL) {
		const char *slash = strrchr(path, '/');
		char *folder = slash == NULL ? zl_xstrdup(".") :
		    zl_xstrndup(path, (size_t)(slash - path) + 1);

		real_path = realpath(folder, NULL);
		free(folder);
		file = slash == NULL ? path : slash + 1;
	}
	inside = real_path == NULL ? NULL : strip_root(real_path, real_root);
	if (inside != NULL && file == NULL) {
		relative = zl_xstrdup(inside);
	} else if (inside != NULL) {
		struct zl_strbuf sb;

		zl_strbuf_init(&sb);
		if (strcmp(inside, ".") != 0) {
			zl_strbuf_adds(&sb, inside);
			zl_strbuf_addc(&sb, '/');
		}
		zl_strbuf_adds(&sb, file);
		relative = zl_strbuf_detach(&sb);
	}
	free(real_root);
	free(real_path);
	return relative;
}

int
zl_infile_open_below(const char *path, const char *root, int root_fd,
    struct zl_infile_failure *why)
{
	char *relative = relative_below(path, root);
	int owned_fd = -1, fd, error;

	memset(why, 0, sizeof(*why));
	if (relative == NULL) {
		why->problem = ZL_INFILE_OUTSIDE_ROOT;
		return -1;
	}
	if (root_fd < 0)
		root_fd = owned_fd = zl_infile_open_folder(root);

	/* The path was resolved against root's name above.  The open
	 * resolves it again below root_fd, so a link swapped in since then
	 * fails with EXDEV instead of leading outside. */
	fd = root_fd < 0 ? -1 : zl_infile_open_beneath(root_fd, relative, OPEN_FLAGS);

	/* Kernels before Linux 5.6 lack openat2(), and some container
	 * seccomp filters return EPERM for system calls they do not list.
	 * NOTE: there the check by realpath() above is the only check, so a
	 * link swapped in after it can still lead outside. */
	if (root_fd >= 0 && fd < 0 && (errno == ENOSYS || errno == EPERM))
		fd = zl_infile_open(path);
	error = errno;
	free(relative);
	if (owned_fd >= 0)
		close(owned_fd);
	if (fd < 0) {
		why->problem = error == EXDEV ? ZL_INFILE_OUTSIDE_ROOT : ZL_INFILE_ERRNO;
		why->error = error;
	}
	return fd;
}

/* Is fd a FIFO with a name in a file system?  An anonymous pipe, from a
 * shell's "|" or "<(...)", lives in pipefs. */
static bool
is_named_fifo(int fd)
{
	struct stat st;
	struct statfs fs;

	return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) && fstatfs(fd, &fs) == 0 &&
	    fs.f_type != PIPEFS_MAGIC;
}

/* Fill in where the NUL byte at nul in buf is, counted as the lexer
 * counts: lines end at "\n" alone, and the columns of the first line
 * start after a UTF-8 byte-order mark. */
static void
locate_nul(const char *buf, const char *nul, struct zl_infile_failure *why)
{
	const char *line_start = buf, *p = buf, *nl;

	if (nul - buf >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		line_start = buf + 3;
	why->line = 1;
	while ((nl = memchr(p, '\n', (size_t)(nul - p))) != NULL) {
		why->line++;
		p = nl + 1;
	}
	if (p != buf)
		line_start = p;
	why->problem = ZL_INFILE_NUL_BYTE;
	why->col = (size_t)(nul - line_start) + 1;
}

/* Clear O_NONBLOCK on fd, so that later reads wait for the writer. */
static bool
set_blocking(int fd)
{
	int flags = fcntl(fd, F_GETFL);

	return flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
}

bool
zl_infile_read_stream(int fd, size_t max, bool stop_at_nul, char **data,
    size_t *size, struct zl_infile_failure *why)
{
	size_t cap = 65536, len = 0;
	char *buf = zl_xmalloc(cap);
	bool blocking = false;

	memset(why, 0, sizeof(*why));
	for (;;) {
		ssize_t n;
		const char *nul;

		if (len == cap) {
			char *bigger;

			if (cap >= max) {
				errno = EFBIG;
				goto fail;
			}
			bigger = realloc(buf, cap * 2);
			if (bigger == NULL) {
				errno = ENOMEM;
				goto fail;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);

		/* The first read does not wait.  When it finds the end of a
		 * named FIFO, no process has the FIFO open for writing, and a
		 * blocking open would have waited for one, maybe forever. */
		if (!blocking) {
			if (n == 0 && is_named_fifo(fd)) {
				free(buf);
				why->problem = ZL_INFILE_NO_WRITER;
				return false;
			}
			if ((n < 0 && errno != EAGAIN && errno != EINTR) || !set_blocking(fd))
				goto fail;
			blocking = true;
			if (n < 0)
				continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;

		/* A NUL byte from a device ends the read, because /dev/zero
		 * and /dev/urandom never end. */
		nul = stop_at_nul ? memchr(buf + len, '\0', (size_t)n) : NULL;
		if (nul != NULL) {
			locate_nul(buf, nul, why);
			free(buf);
			return false;
		}
		len += (size_t)n;
	}
	*data = buf;
	*size = len;
	return true;

fail:
	why->problem = ZL_INFILE_ERRNO;
	why->error = errno;
	free(buf);
	return false;
}

/* Read a regular file to its end into sb. */
static bool
read_regular(int fd, struct zl_strbuf *sb)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		zl_strbuf_add(sb, buf, (size_t)n);
	}
	return true;
}

bool
zl_infile_read_all(const char *path, char **data, size_t *size, struct zl_infile_failure *why)
{
	int fd = zl_infile_open(path);
	struct zl_strbuf sb;
	struct stat st;
	char *stream;
	size_t len;

	memset(why, 0, sizeof(*why));
	if (fd < 0 || fstat(fd, &st) != 0) {
		why->problem = ZL_INFILE_ERRNO;
		why->error = errno;
		if (fd >= 0)
			close(fd);
		return false;
	}
	zl_strbuf_init(&sb);
	zl_strbuf_adds(&sb, "");
	if (S_ISREG(st.st_mode)) {
		if (!read_regular(fd, &sb)) {
			why->problem = ZL_INFILE_ERRNO;
			why->error = errno;
			zl_strbuf_fini(&sb);
			close(fd);
			return false;
		}
	} else {
		if (!zl_infile_read_stream(fd, ZL_INFILE_STREAM_MAX, S_ISCHR(st.st_mode), &stream, &len, why)) {
			zl_strbuf_fini(&sb);
			close(fd);
			return false;
		}
		zl_strbuf_add(&sb, stream, len);
		free(stream);
	}
	close(fd);
	*size = sb.len;
	*data = zl_strbuf_detach(&sb);
	return true;
}

char *
zl_infile_failure_text(const struct zl_infile_failure *why)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	switch (why->problem) {
	case ZL_INFILE_NO_WRITER:
		zl_strbuf_adds(&sb, _("no process has this FIFO open for writing (start the writer first)"));
		break;
	case ZL_INFILE_NUL_BYTE:
		zl_strbuf_addf(&sb, _("NUL byte at line %zu, column %zu (a device is read only up to its first NUL byte)"),
		    why->line, why->col);
		break;
	case ZL_INFILE_ERRNO:
	case ZL_INFILE_NOT_REGULAR:
	case ZL_INFILE_OUTSIDE_ROOT:
		zl_strbuf_adds(&sb, strerror(why->error));
		break;
	}
	return zl_strbuf_detach(&sb);
}
