/* Declarative rules: rule files of record conditions and PCRE2 patterns. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_DECL_H
#define ZL_DECL_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "graph.h"
#include "rule.h"

/* Reasons for rejecting a rule file.  The CLI turns each code into a message;
 * doc/plugins.md describes the format. */
enum zl_decl_error_code {
	ZL_DECL_OK,
	ZL_DECL_IO,			/* the file cannot be read; detail: strerror() */
	ZL_DECL_EXPECTED_RULE,		/* not "rule ID {" outside a rule */
	ZL_DECL_BAD_ID,			/* detail: the id */
	ZL_DECL_DUPLICATE_ID,		/* detail: the id */
	ZL_DECL_UNKNOWN_CONDITION,	/* detail: the word */
	ZL_DECL_REPEATED_CONDITION,	/* detail: the word */
	ZL_DECL_EXPECTED_STRING,	/* detail: the condition that needs it */
	ZL_DECL_EXPECTED_PATTERN,	/* detail: the condition that needs it */
	ZL_DECL_UNTERMINATED,		/* a string or pattern runs to the end of the line */
	ZL_DECL_BAD_FLAG,		/* detail: the flag letter */
	ZL_DECL_BAD_PATTERN,		/* detail: PCRE2's message; see pattern_offset */
	ZL_DECL_BAD_TYPE,		/* detail: the word */
	ZL_DECL_BAD_SEVERITY,		/* detail: the word */
	ZL_DECL_BAD_TTL,		/* "ttl" without OPERATOR SECONDS */
	ZL_DECL_EXTRA_TEXT,		/* detail: the first extra token */
	ZL_DECL_BAD_REFERENCE,		/* detail: "$N" or "{field}" the rule cannot fill */
	ZL_DECL_MISSING_MESSAGE,	/* detail: the rule id */
	ZL_DECL_MISSING_TYPE,		/* detail: the rule id; "missing" needs "type" */
	ZL_DECL_UNCLOSED_RULE		/* detail: the rule id */
};

struct zl_decl_error {
	enum zl_decl_error_code code;
	uint32_t line, col;		/* in the rule file, from 1 */
	size_t pattern_offset;		/* for ZL_DECL_BAD_PATTERN: byte offset in the pattern */
	char detail[256];
};

/* The declarative rules of a run, from every rule file loaded. */
struct zl_decl;

struct zl_decl *zl_decl_new(void);
void zl_decl_free(struct zl_decl *decl);

/* Read the rule file at path, compile its patterns and add its rules to
 * set.  Returns 0, or -1 with *err filled when the file cannot be read or
 * holds a mistake; then no rule of the file is added.  Rule ids must be
 * new to set.  The rules stay owned by decl, so free decl only after the
 * last use of set and of the findings. */
int zl_decl_load(struct zl_decl *decl, const char *path, struct zl_ruleset *set,
    struct zl_decl_error *err);

/* The same for a rule file already in memory; name is used for nothing
 * but the summary of its rules. */
int zl_decl_load_text(struct zl_decl *decl, const char *name, const char *text,
    size_t len, struct zl_ruleset *set, struct zl_decl_error *err);

/* Run every declarative rule that diags->rules enables against the
 * indexed graph, in one pass over the records, and report the findings. */
void zl_decl_run(struct zl_decl *decl, const struct zl_graph *g, struct zl_diags *diags);

#endif
