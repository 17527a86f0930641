/* Opening and reading input files: zone files given by path, pipes and
 * devices, and included files confined to a folder. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_INFILE_H
#define ZL_INFILE_H

#include <stdbool.h>
#include <stddef.h>

/* The reason an input file could not be opened or read. */
enum zl_infile_problem {
	ZL_INFILE_ERRNO,	/* a system call failed: see error */
	ZL_INFILE_NOT_REGULAR,	/* a pipe, FIFO or device where only regular
				 * files are read */
	ZL_INFILE_NO_WRITER,	/* a FIFO that no process had open for writing */
	ZL_INFILE_NUL_BYTE,	/* a device gave a NUL byte: see line, col */
	ZL_INFILE_OUTSIDE_ROOT	/* the path leads outside the confining folder */
};

struct zl_infile_failure {
	enum zl_infile_problem problem;
	int error;		/* errno value for ZL_INFILE_ERRNO, else 0 */
	size_t line, col;	/* where the NUL byte is, both counted from 1 */
};

/* Open path for reading with O_NONBLOCK, so that the open of a FIFO
 * does not wait for a writer.  Read anything but a regular file with
 * zl_infile_read_stream().  Returns the descriptor, or -1 with errno
 * set. */
int zl_infile_open(const char *path);

/* Open path, which must lead to a file inside the folder root, for
 * reading and with O_NONBLOCK, so that a FIFO does not block the open.
 * root_fd is that folder opened with O_PATH (see
 * zl_infile_open_folder()); with -1 the folder is opened for this call.
 * Symbolic links and ".." are resolved by the kernel with openat2() and
 * RESOLVE_BENEATH, so the check and the open are one step and a link
 * swapped in between cannot lead outside.  Where the kernel has no
 * openat2(), the path is checked with realpath() and then opened.
 * Returns the descriptor, or -1 with *why filled in. */
int zl_infile_open_below(const char *path, const char *root, int root_fd,
    struct zl_infile_failure *why);

/* Open the folder path with O_PATH, for zl_infile_open_below().  Returns
 * the descriptor, or -1 with errno set (ENOTDIR when it is no folder). */
int zl_infile_open_folder(const char *path);

/* Open path, relative to the folder dir_fd, with the open(2) flags
 * flags, and fail with EXDEV when resolving it would leave that folder:
 * through "..", an absolute path or a symbolic link.  Returns the
 * descriptor, or -1 with errno set; ENOSYS where the kernel has no
 * openat2() (Linux before 5.6). */
int zl_infile_open_beneath(int dir_fd, const char *path, int flags);

/* Read the pipe, FIFO or device open on fd, from zl_infile_open(), to
 * its end into a new buffer (free() it).  A named FIFO that no process
 * has open for writing ends the read at once with ZL_INFILE_NO_WRITER
 * instead of waiting.  With stop_at_nul, for a device, the read stops at
 * the first block that contains a NUL byte (ZL_INFILE_NUL_BYTE), so that
 * /dev/zero or /dev/urandom ends at once.  max bounds the size of other
 * endless streams (EFBIG).  Running out of memory is an error of this
 * input (ENOMEM), not of the process.  Returns true, or false with *why
 * filled in and nothing allocated. */
bool zl_infile_read_stream(int fd, size_t max, bool stop_at_nul, char **data,
    size_t *size, struct zl_infile_failure *why);

/* Maximum bytes read from a pipe, FIFO or device, which may never end. */
#define ZL_INFILE_STREAM_MAX ((size_t)1 << 30)

/* Read the file at path into a new NUL-terminated buffer (free() it),
 * with its size in *size.  A FIFO, pipe or device is read as a zone file
 * is: a FIFO without a writer fails at once instead of blocking, a device
 * stops at its first NUL byte, and any stream at ZL_INFILE_STREAM_MAX
 * bytes.  Returns false with *why filled in. */
bool zl_infile_read_all(const char *path, char **data, size_t *size,
    struct zl_infile_failure *why);

/* Return why a file could not be read, as translated text for the end of
 * a message (free() it). */
char *zl_infile_failure_text(const struct zl_infile_failure *why);

#endif
