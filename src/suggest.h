/* Suggestions for mistyped rule ids. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SUGGEST_H
#define ZL_SUGGEST_H

#include <stddef.h>

/* The id of the built-in rule closest to the len bytes at text (an edit
 * distance of at most 2, or 3 for ids of 12 bytes or more), or NULL when
 * no rule id is that close.  The result points into the rule table. */
const char *zl_rules_suggest(const char *text, size_t len);

#endif
