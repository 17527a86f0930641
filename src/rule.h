/* The rule interface: what every check, built in or loaded, provides. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RULE_H
#define ZL_RULE_H

#include <stdint.h>

#include "graph.h"
#include "pos.h"

/* Severities, in increasing order. */
enum zl_severity {
	ZL_INFO,
	ZL_WARNING,
	ZL_ERROR
};

struct zl_check;
struct zl_config_set;

/* A rule.  Findings about a zone go only through zl_report(); a rule never
 * fails because a zone is wrong, and never prints. */
struct zl_rule {
	const char *id;			/* stable kebab-case id, e.g. "txt-misencoded" */
	enum zl_severity severity;	/* default severity of its findings */
	const char *summary;		/* one line, marked with N_() for translation */
	/* Walk the graph and report findings.  NULL for the rules whose
	 * findings the zone reader makes while it reads. */
	void (*check)(struct zl_check *check);
};

/* What a rule's check function receives. */
struct zl_check {
	const struct zl_graph *graph;
	const struct zl_rule *rule;
	struct zl_diags *diags;
	const struct zl_config_set *config;	/* settings files; NULL when none */
};

struct zl_diag;

/* Report a finding of the running rule at pos, about the records of owner
 * (a name id or ZL_NONE) of the given type (0 for none).  The message is a
 * printf format, already translated by the caller with _().  Returns the
 * finding, so that a hint can be added with zl_diag_hint(), or NULL when the
 * run does not keep findings of this rule. */
struct zl_diag *zl_report(struct zl_check *check, enum zl_severity severity,
    struct zl_pos pos, uint32_t owner, uint16_t type, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Set the hint of a finding: how to fix it (a printf format, translated by
 * the caller).  d may be NULL, so the result of zl_report() can be passed
 * on unchecked. */
void zl_diag_hint(struct zl_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The table of built-in rules, in the order --list-rules prints them. */
size_t zl_rules_count(void);
const struct zl_rule *zl_rules_get(size_t i);
/* The rule with this id, or NULL. */
const struct zl_rule *zl_rules_find(const char *id);

const char *zl_severity_name(enum zl_severity severity);
/* Read "error", "warning" or "info"; false for anything else. */
int zl_severity_from_text(const char *text, enum zl_severity *severity);

#endif
