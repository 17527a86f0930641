/* Suggestions for mistyped rule ids. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SUGGEST_H
#define ZL_SUGGEST_H

#include <stddef.h>

struct zl_ruleset;

/* The id of the rule of set closest to the len bytes at text (an edit
 * distance of at most 2, or 3 for ids of 12 bytes or more), or NULL when
 * no rule id is that close.  With a NULL set only the built-in rules are
 * compared.  The result points into a rule of the set. */
const char *zl_rules_suggest(const struct zl_ruleset *set, const char *text, size_t len);

#endif
