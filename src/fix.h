/* Source edits that fix findings whose meant text is certain. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_FIX_H
#define ZL_FIX_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "graph.h"

/* One replacement in an input file: the bytes [off, off + len) become
 * text.  len is 0 for an insertion. */
struct zl_edit {
	uint32_t file;		/* index into the graph's file table */
	uint32_t off;
	uint32_t len;
	char *text;		/* owned */
	size_t diag;		/* the finding it fixes: an index into the diags */
};

struct zl_edits {
	struct zl_edit *items;
	size_t len, cap;
};

void zl_edits_init(struct zl_edits *e);
void zl_edits_fini(struct zl_edits *e);

/* Collect into out the edits that fix the txt-misencoded findings in d
 * whose meant text is certain.  These are a stray type or class word
 * before or after TXT, a TTL or class after the data, unquoted text, an
 * unquoted ';', typographic or escaped quotes, and an address with blanks
 * for dots.  A finding whose fix would be a guess gets no edit.  The
 * edits come sorted by file and offset and never overlap.  Nothing is
 * written to any file. */
void zl_fixes_collect(const struct zl_graph *g, const struct zl_diags *d,
    struct zl_edits *out);

#endif
