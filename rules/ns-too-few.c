/* ns-too-few: a zone served by a single name server. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 1034 section 4.1 asks for at least two name servers per zone, and
 * RFC 2182 section 5 explains why: one server is one point of failure. */
static void
check_ns_too_few(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		const uint32_t *ids;
		const struct zl_record *r;
		struct zl_diag *d;
		size_t count;
		char *origin;

		if (z->flags & ZL_ZONE_FAILED)
			continue;
		ids = zl_graph_rrset(g, z->origin, (uint32_t)i, ZL_TYPE_NS, &count);
		if (count != 1)
			continue;
		r = &g->records[ids[0]];
		origin = zl_graph_name_text(g, z->origin);
		d = zl_report(c, ZL_WARNING, r->pos, r->owner, r->type,
		    _("zone '%s' has a single NS record: when that server is unreachable, the whole zone fails to resolve"),
		    origin);
		zl_diag_hint(d, _("add a second name server, preferably on another network"));
		free(origin);
	}
}

const struct zl_rule zl_rule_ns_too_few = {
	.id = "ns-too-few",
	.severity = ZL_WARNING,
	.summary = N_("zone with fewer than two NS records at its apex"),
	.check = check_ns_too_few,
};
