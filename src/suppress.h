/* Inline suppressions: "; zonelint: disable=RULE" comments in zone files. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SUPPRESS_H
#define ZL_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "graph.h"
#include "pos.h"

/* The kind of one entry of a suppression comment. */
enum zl_suppression_kind {
	ZL_SUPPRESS_RECORD,	/* disable=RULE: the record the comment belongs to */
	ZL_SUPPRESS_FILE,	/* disable-file=RULE: the whole file */
	ZL_SUPPRESS_BAD_KEYWORD,	/* "zonelint: KEYWORD" other than the two above */
	ZL_SUPPRESS_NO_RULE	/* "disable=" followed by no rule id */
};

/* One rule id of a suppression comment, or one malformed comment.
 *
 * A comment that shares its line with a record, or that sits inside the
 * parentheses of a record, applies to that record.  A comment on a line
 * of its own applies to the next record (the next logical line that contains
 * a token), so several such comments can be stacked above one record. */
struct zl_suppression {
	enum zl_suppression_kind kind;
	const struct zl_rule *rule;	/* NULL when the id names no built-in rule */
	struct zl_pos pos;		/* the rule id, or the keyword */
	char *text;			/* the id or keyword as written; owned */
	uint32_t first_line;		/* lines of pos.file it silences; */
	uint32_t last_line;		/* first_line 0 when none */
	size_t matched;			/* findings it silenced */
};

struct zl_suppressions {
	struct zl_suppression *items;	/* in file order; owned */
	size_t len, cap;
	const struct zl_ruleset *rules;	/* where rule ids are looked up; NULL: built-in rules */
};

void zl_suppressions_init(struct zl_suppressions *s);
void zl_suppressions_fini(struct zl_suppressions *s);

/* Find the suppression comments of one file, whose contents are
 * data[0..size), and append them to s.  Comments are found the way
 * src/lexer.c reads master files: a ';' inside a quoted string or after a
 * backslash does not start a comment. */
void zl_suppressions_scan(struct zl_suppressions *s, const char *data, size_t size,
    uint32_t file);

/* Drop every finding in d that a suppression of its rule covers, and count
 * the findings each suppression silenced.  The order of d is kept. */
void zl_suppressions_apply(struct zl_suppressions *s, struct zl_diags *d);

/* Return whether the run checks rule in file.  A suppression of a rule
 * that is not checked is never reported as unused. */
typedef bool zl_rule_active_fn(void *context, const struct zl_rule *rule, uint32_t file);

/* Report the suppressions that cannot work (an unknown rule id or keyword,
 * no rule id) as findings of zone-suppression in d.  With unused, also
 * report each suppression that silenced nothing, unless active (may be
 * NULL) returns false for its rule and file. */
void zl_suppressions_report(const struct zl_suppressions *s, struct zl_diags *d,
    bool unused, zl_rule_active_fn *active, void *context);

/* The rule that reports malformed and unused suppressions. */
extern const struct zl_rule zl_rule_zone_suppression;

#endif
