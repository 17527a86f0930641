/* Baselines: findings recorded once and left out of later reports. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_BASELINE_H
#define ZL_BASELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"
#include "graph.h"

/* The first line of a baseline file. */
#define ZL_BASELINE_HEADER "# zonelint baseline 1"

/* One recorded finding.  A finding matches an entry when rule, owner, type
 * and content are equal.  Line numbers play no part, so entries survive
 * edits elsewhere in the zone.  The content is a hash of the record's type
 * and wire RDATA.  For a record whose RDATA could not be read it is a hash
 * of the record's tokens, and for a finding outside any record a hash of
 * its source line. */
struct zl_baseline_entry {
	char *rule;		/* rule id; owned */
	char *owner;		/* owner name with final dot, or "-"; owned */
	char *type;		/* type mnemonic, or "-"; owned */
	uint64_t content;	/* content hash */
	uint32_t line;		/* line in the baseline file */
	bool used;		/* a finding matched it */
};

/* An entry's content hash with the entry's index, for binary search. */
struct zl_baseline_key {
	uint64_t content;
	size_t entry;
};

/* A baseline file is text: the header line, comment lines starting with
 * '#', and one line per finding with five tab-separated fields.  They are
 * rule, owner, type, content hash (16 hexadecimal digits) and the place
 * of the finding when it was recorded (FILE:LINE, for readers only). */
struct zl_baseline {
	char *path;				/* owned */
	struct zl_baseline_entry *entries;	/* in file order; owned */
	size_t len, cap;
	struct zl_baseline_key *by_content;	/* sorted by content; owned */
};

void zl_baseline_init(struct zl_baseline *b);
void zl_baseline_fini(struct zl_baseline *b);

/* Read the baseline file at path.  Returns 0, or -1 with a message
 * "PATH[:LINE]: error: ..." in *error (free() it). */
int zl_baseline_read(struct zl_baseline *b, const char *path, char **error);

/* Write every finding of d as a baseline to path, replacing the file
 * only once the new one is complete (see zl_outfile_open()).  Returns 0, or -1 with a message in
 * *error (free() it). */
int zl_baseline_write(const char *path, const struct zl_graph *g, const struct zl_diags *d,
    char **error);

/* Drop each finding of d that matches an unused entry of b, and mark that
 * entry used; a finding repeated n times needs n entries.  Returns the
 * number of findings dropped. */
size_t zl_baseline_apply(struct zl_baseline *b, const struct zl_graph *g, struct zl_diags *d);

/* The number of entries that matched no finding. */
size_t zl_baseline_stale_count(const struct zl_baseline *b);

/* Print one line "PATH:LINE: warning: ..." on out for each entry that
 * matched no finding. */
void zl_baseline_report_stale(FILE *out, const struct zl_baseline *b);

#endif
