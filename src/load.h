/* Reading zone files into the graph: directives, records, $INCLUDE, $GENERATE. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_LOAD_H
#define ZL_LOAD_H

#include <stddef.h>

#include "diag.h"
#include "graph.h"

struct zl_load_options {
	const char *origin;		/* the zone's origin, or NULL to find it */
	unsigned max_include_depth;	/* nested $INCLUDE levels */
	unsigned long max_generate;	/* records one $GENERATE may create */
	size_t max_records;		/* records one zone may hold */
	size_t max_syntax_errors;	/* zone-syntax findings one zone may have */
	const char *include_root;	/* $INCLUDE reads only files below this
					 * folder; NULL for any file */
	int include_root_fd;		/* that folder opened with O_PATH, so that
					 * every $INCLUDE is resolved below the same
					 * folder; -1 to open it for each $INCLUDE.
					 * The caller closes it. */
	const char *include_dir;	/* folder that relative $INCLUDE paths start
					 * from, as BIND's 'directory'; NULL: the
					 * including file's folder */
	unsigned threads;		/* above 1: read a large zone file in two
					 * parts at once (the graph is the same) */
	size_t split_min_size;		/* smallest file read in two parts */
};

/* Default limits, sized so that real zones never meet them. */
#define ZL_MAX_INCLUDE_DEPTH 32
#define ZL_MAX_GENERATE 65536UL
#define ZL_MAX_RECORDS 100000000UL
#define ZL_MAX_SYNTAX_ERRORS 1000
#define ZL_SPLIT_MIN_SIZE ((size_t)1 << 20)

void zl_load_options_init(struct zl_load_options *opt);

/* Read the zone file at path into g as a new zone.  Problems in the zone
 * become diagnostics in diags and reading goes on.  Returns 0, or -1 when
 * the file cannot be read at all, with a message in *error (free() it). */
int zl_load_zone(struct zl_graph *g, struct zl_diags *diags, const char *path,
    const struct zl_load_options *opt, char **error);

/* The same for zone text in memory, copied into g; name stands for the
 * file in positions and in the output, and $INCLUDE paths are relative to
 * its folder. */
int zl_load_zone_buffer(struct zl_graph *g, struct zl_diags *diags, const char *name,
    const char *data, size_t size, const struct zl_load_options *opt, char **error);

/* The rules whose findings the reader makes while it reads. */
extern const struct zl_rule zl_rule_zone_syntax;
extern const struct zl_rule zl_rule_zone_adjacent_strings;
extern const struct zl_rule zl_rule_zone_missing_dot;

#endif
