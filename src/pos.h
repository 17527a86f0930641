/* Source positions carried by tokens, records and diagnostics. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_POS_H
#define ZL_POS_H

#include <stdint.h>

/* A place in an input file.  Lines and columns count from 1; a column
 * counts bytes, so a tab is one column and a UTF-8 character is several. */
struct zl_pos {
	uint32_t file;	/* index into the run's file table */
	uint32_t line;
	uint32_t col;
	uint32_t off;	/* byte offset of the position in the file */
};

#endif
