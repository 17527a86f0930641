/* Report files written atomically: readers see the old file or the whole
 * new one, never a part. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_OUTFILE_H
#define ZL_OUTFILE_H

#include <stdio.h>

struct zl_outfile {
	char *path;	/* the file to replace, symbolic links resolved; owned */
	char *tmp;	/* the temporary file beside it, or NULL when writing to
			 * path itself (a device, FIFO or descriptor); owned */
	FILE *fp;	/* open on tmp while writing */
};

/* Create a temporary file in the folder of path and open it for writing
 * as o->fp.  The file gets the mode of an existing regular file at path,
 * else 0666 less the umask.  /dev/stdout, /dev/stderr and /dev/fd/N write
 * to a copy of that descriptor.  When path exists and is not a regular
 * file (/dev/null, a FIFO, a terminal), it is opened and written itself,
 * because a rename would replace the device node or FIFO with a plain
 * file.  Returns 0, or an errno value with nothing
 * created. */
int zl_outfile_open(struct zl_outfile *o, const char *path);

/* Flush and fsync the temporary file, rename it over the path and fsync
 * the folder.  Returns 0, or an errno value after removing the temporary
 * file; either way o is released. */
int zl_outfile_commit(struct zl_outfile *o);

/* Close and remove the temporary file, and release o. */
void zl_outfile_abort(struct zl_outfile *o);

#endif
