/* Opening input files: included files confined to a folder. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_INFILE_H
#define ZL_INFILE_H

/* The reason an input file could not be opened or read. */
enum zl_infile_problem {
	ZL_INFILE_ERRNO,	/* a system call failed: see error */
	ZL_INFILE_NOT_REGULAR,	/* a pipe, FIFO or device where only regular
				 * files are read */
	ZL_INFILE_OUTSIDE_ROOT	/* the path leads outside the confining folder */
};

struct zl_infile_failure {
	enum zl_infile_problem problem;
	int error;		/* errno value for ZL_INFILE_ERRNO, else 0 */
};

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

#endif
