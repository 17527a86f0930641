/* Diagnostics: the findings of one run, collected, sorted and counted. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_DIAG_H
#define ZL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

#include "pos.h"
#include "rule.h"

/* The store of the texts of findings, which keeps each distinct text
 * once: a large zone gives thousands of findings with the same message
 * or hint. */
struct zl_diag_texts;

struct zl_diag {
	const struct zl_rule *rule;
	enum zl_severity severity;
	struct zl_pos pos;
	uint32_t owner;		/* name id, or ZL_NONE */
	uint16_t type;		/* record type, or 0 */
	const char *message;	/* kept in texts */
	const char *hint;	/* kept in texts; NULL when no fix is known */
	struct zl_diag_texts *texts;	/* owned by the list that holds the finding */
};

struct zl_diags {
	struct zl_diag *items;
	size_t len, cap;
	const struct zl_ruleset *rules;	/* settings of the run's rules; not owned, may be NULL */
	struct zl_diag_texts *texts;	/* texts of the findings added here; NULL before the first */
	struct zl_diag_texts **taken;	/* texts of the findings that zl_diags_take() moved in */
	size_t ntaken, taken_cap;
};

/* Start an empty list.  Findings of a rule that the set disables are
 * dropped and the set's severity settings apply; with NULL every finding
 * is kept at the severity its rule gives. */
void zl_diags_init(struct zl_diags *d, const struct zl_ruleset *rules);
void zl_diags_fini(struct zl_diags *d);

/* Move every finding of from to the end of to, with its texts, leaving
 * from empty. */
void zl_diags_take(struct zl_diags *to, struct zl_diags *from);

/* Replace the message of d, a finding of a list. */
void zl_diag_set_message(struct zl_diag *d, const char *message);

/* Add a finding; see zl_report().  fmt is a printf format. */
struct zl_diag *zl_diag_emit(struct zl_diags *d, const struct zl_rule *rule,
    enum zl_severity severity, struct zl_pos pos, uint32_t owner, uint16_t type,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));
struct zl_diag *zl_diag_vemit(struct zl_diags *d, const struct zl_rule *rule,
    enum zl_severity severity, struct zl_pos pos, uint32_t owner, uint16_t type,
    const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

/* Sort by file, line and column, and drop exact repeats.  File order is
 * the order of the file table, which follows the command line. */
void zl_diags_sort(struct zl_diags *d);

/* Count findings per severity into counts[ZL_INFO..ZL_ERROR]. */
void zl_diags_count(const struct zl_diags *d, size_t counts[3]);

#endif
