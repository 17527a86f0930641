/* Suggestions for mistyped rule ids. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "suggest.h"

#include <string.h>

#include "rule.h"

/* Rule ids are short, so ids longer than this are not worth comparing. */
#define ZL_SUGGEST_MAX 64

/* Levenshtein distance between a[0..alen) and b[0..blen), with one row of
 * the table on the stack; both lengths are at most ZL_SUGGEST_MAX. */
static size_t
edit_distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t row[ZL_SUGGEST_MAX + 1];

	for (size_t j = 0; j <= blen; j++)
		row[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		size_t diagonal = row[0];

		row[0] = i;
		for (size_t j = 1; j <= blen; j++) {
			size_t above = row[j];
			size_t best = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);

			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diagonal = above;
			row[j] = best;
		}
	}
	return row[blen];
}

const char *
zl_rules_suggest(const struct zl_ruleset *set, const char *text, size_t len)
{
	const char *best = NULL;
	size_t best_distance = len >= 12 ? 3 : 2;
	size_t count = zl_ruleset_count(set);

	if (len == 0 || len > ZL_SUGGEST_MAX)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		const char *id = zl_ruleset_get(set, i)->id;
		size_t id_len = strlen(id), d;

		if (id_len > ZL_SUGGEST_MAX)
			continue;
		d = edit_distance(text, len, id, id_len);
		if (d <= best_distance && (best == NULL || d < best_distance)) {
			best = id;
			best_distance = d;
		}
	}
	return best;
}
