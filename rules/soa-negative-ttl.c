/* soa-negative-ttl: a negative-caching TTL so long that a name added to
 * the zone stays invisible for hours or days. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 2308 section 5 reports that one to three hours work well. */
#define NEGATIVE_TTL_ADVISED 10800
#define NEGATIVE_TTL_MAX 86400

/* RFC 2308 section 3: resolvers cache a negative answer for the smaller
 * of the SOA record's TTL and its MINIMUM field. */
static void
check_soa_negative_ttl(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_record *r = zl_lookup_soa(g, (uint32_t)i);
		struct zl_soa soa;
		uint32_t ttl;
		struct zl_diag *d;

		if (r == NULL || !zl_lookup_soa_fields(g, r, &soa))
			continue;
		ttl = soa.minimum < r->ttl ? soa.minimum : r->ttl;
		if (ttl <= NEGATIVE_TTL_ADVISED)
			continue;
		d = zl_report(c, ttl > NEGATIVE_TTL_MAX ? ZL_WARNING : ZL_INFO,
		    zl_lookup_field_pos(g, r, ZL_SOA_MINIMUM), r->owner, r->type,
		    _("negative answers are cached for %u seconds (%.1f hours): a name added later stays unknown to resolvers that asked for it before"),
		    ttl, ttl / 3600.0);
		/* The root and top-level domain operators set a day on purpose:
		 * few names are added there, and a long negative TTL shields
		 * their servers from queries for names that do not exist. */
		if (g->names[g->zones[i].origin].labels <= 1)
			zl_diag_hint(d, _("RFC 2308 suggests one to three hours for most zones; the root and many top-level domains use a day on purpose, so keep this value if it is deliberate"));
		else
			zl_diag_hint(d, _("set the SOA minimum field to 3600 to 10800 seconds (one to three hours)"));
	}
}

const struct zl_rule zl_rule_soa_negative_ttl = {
	.id = "soa-negative-ttl",
	.severity = ZL_WARNING,
	.summary = N_("negative-caching TTL (SOA minimum) longer than three hours"),
	.check = check_soa_negative_ttl,
};
