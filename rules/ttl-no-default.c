/* ttl-no-default: records without a TTL in a zone without $TTL. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "rule.h"

/* RFC 2308 section 4 added $TTL so that every record gets an explicit
 * TTL.  Without it, servers disagree: BIND takes the TTL of the record
 * before, or the SOA minimum for the first one, which has meant the
 * negative-caching time since RFC 2308. */
static void
check_ttl_no_default(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		struct zl_diag *d;

		if (!(z->flags & ZL_ZONE_NO_DEFAULT_TTL))
			continue;
		d = zl_report(c, ZL_WARNING, z->no_ttl_pos, ZL_NONE, 0,
		    _("record without a TTL and no $TTL line before it: name servers choose its TTL differently, BIND from the record before or, for the first record, from the SOA minimum"));
		zl_diag_hint(d, _("put a '$TTL' line, such as '$TTL 3600', at the top of the zone file"));
	}
}

const struct zl_rule zl_rule_ttl_no_default = {
	.id = "ttl-no-default",
	.severity = ZL_WARNING,
	.summary = N_("records without a TTL in a zone without a $TTL directive"),
	.check = check_ttl_no_default,
};
