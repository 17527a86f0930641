/* ttl-too-large: a TTL above 2^31-1 seconds. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>

#include "i18n.h"
#include "rule.h"

#define TTL_MAX 2147483647u

/* Distinct oversized TTLs reported per zone; a $TTL line makes every
 * record share one value, which deserves one finding, not thousands. */
#define SEEN_MAX 16

static bool
seen_before(uint32_t *seen, size_t *nseen, uint32_t ttl)
{
	for (size_t i = 0; i < *nseen; i++) {
		if (seen[i] == ttl)
			return true;
	}
	if (*nseen == SEEN_MAX)
		return true;
	seen[(*nseen)++] = ttl;
	return false;
}

/* RFC 2181 section 8: a TTL is an unsigned number from 0 to 2^31-1, and a
 * value with the top bit set is to be read as zero. */
static void
check_ttl_too_large(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		uint32_t seen[SEEN_MAX];
		size_t nseen = 0;

		for (size_t k = 0; k < z->record_count; k++) {
			const struct zl_record *r = &g->records[z->first_record + k];
			struct zl_diag *d;

			if (r->ttl <= TTL_MAX || seen_before(seen, &nseen, r->ttl))
				continue;
			d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, r->type,
			    _("TTL %u is above 2147483647 (2^31-1): resolvers treat it as 0 and do not cache the record"),
			    r->ttl);
			zl_diag_hint(d, _("use a TTL of at most 604800 (one week)"));
		}
	}
}

const struct zl_rule zl_rule_ttl_too_large = {
	.id = "ttl-too-large",
	.severity = ZL_WARNING,
	.summary = N_("TTL above 2^31-1 seconds, which resolvers read as zero"),
	.check = check_ttl_too_large,
};
