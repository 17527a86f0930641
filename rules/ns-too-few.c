/* ns-too-few: a zone served by a single name server. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* Report r, the single NS record at a zone's apex when apex is true,
 * else at a delegation. */
static void
report_single(struct zl_check *c, const struct zl_record *r, bool apex)
{
	char *name = zl_graph_name_text(c->graph, r->owner);
	struct zl_diag *d;

	if (apex) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(c->graph, r), r->owner, r->type,
		    _("zone '%s' has a single NS record: when that server is unreachable, the whole zone fails to resolve"),
		    name);
		zl_diag_hint(d, _("add a second name server, preferably on another network"));
	} else {
		d = zl_report(c, ZL_WARNING, zl_record_pos(c->graph, r), r->owner, r->type,
		    _("the delegation of '%s' names a single name server: when it is unreachable, resolvers find no server for the child zone"),
		    name);
		zl_diag_hint(d, _("list every name server of the child zone here, at least two, as the child zone's own NS records do"));
	}
	free(name);
}

/* RFC 1034 section 4.1 asks for at least two name servers per zone, and
 * RFC 2182 section 5 explains why: one server is one point of failure.
 * A delegation is reported as well, once, at its NS record. */
static void
check_ns_too_few(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (uint32_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];
		const struct zl_zone *z;
		uint32_t zone;
		const uint32_t *ids;
		size_t count;

		if (r->type != ZL_TYPE_NS || (r->flags & ZL_REC_BROKEN))
			continue;
		zone = zl_record_zone(g, r);
		if (!zl_lookup_zone_complete(g, zone))
			continue;
		z = &g->zones[zone];
		ids = zl_graph_rrset(g, r->owner, zone, ZL_TYPE_NS, &count);
		if (count != 1 || ids[0] != i)
			continue;
		/* NS records outside the zone are zone-out-of-zone's, and those
		 * below another cut are occluded (zone-occluded). */
		if (r->owner != z->origin && (!zl_lookup_is_below(g, r->owner, z->origin) ||
		    zl_graph_delegation_of(g, zone, zl_graph_name_parent(g,
		    r->owner)) != ZL_NONE))
			continue;
		report_single(c, r, r->owner == z->origin);
	}
}

const struct zl_rule zl_rule_ns_too_few = {
	.id = "ns-too-few",
	.severity = ZL_WARNING,
	.summary = N_("zone or delegation with a single NS record"),
	.check = check_ns_too_few,
};
