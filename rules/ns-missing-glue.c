/* ns-missing-glue: a name server inside the zone it serves, without an
 * address record in the parent. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* Whether the zone must hold the address of target for the NS record r:
 * the target lies below a delegation point of the zone, and either the
 * record delegates that very subzone, or it is an apex NS record.  A
 * target below another delegation (sibling glue) can be resolved through
 * that delegation, so RFC 9471 does not require it. */
static bool
needs_glue(const struct zl_graph *g, const struct zl_record *r, uint32_t target)
{
	uint32_t zone = zl_record_zone(g, r), origin = g->zones[zone].origin, cut;

	if (!zl_lookup_is_below(g, target, origin))
		return false;
	cut = zl_graph_delegation_of(g, zone, target);
	if (cut == ZL_NONE)
		return false;
	return r->owner == origin || zl_lookup_is_below(g, target, r->owner);
}

/* RFC 1034 section 4.2.1: a name server inside the subzone it serves can
 * be found only through the address records (glue) that the parent keeps
 * beside the delegation. */
static void
check_ns_missing_glue(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		struct zl_diag *d;
		char *target, *owner;

		if (ref->kind != ZL_REF_NS || !zl_lookup_is_served(g, r) ||
		    !zl_lookup_zone_complete(g, zl_record_zone(g, r)) ||
		    !needs_glue(g, r, ref->target) ||
		    zl_lookup_has_type(g, ref->target, zl_record_zone(g, r), ZL_TYPE_A) ||
		    zl_lookup_has_type(g, ref->target, zl_record_zone(g, r), ZL_TYPE_AAAA))
			continue;
		target = zl_graph_name_text(g, ref->target);
		owner = zl_graph_name_text(g, r->owner);
		d = zl_report(c, ZL_ERROR, zl_ref_pos(g, ref), r->owner, r->type,
		    _("name server '%s' of '%s' lies inside the delegated zone and has no glue address here: resolvers cannot reach it"),
		    target, owner);
		zl_diag_hint(d, _("add an A or AAAA record for '%s' in this zone"), target);
		free(target);
		free(owner);
	}
}

const struct zl_rule zl_rule_ns_missing_glue = {
	.id = "ns-missing-glue",
	.severity = ZL_ERROR,
	.summary = N_("in-bailiwick name server of a delegation without a glue address record"),
	.check = check_ns_missing_glue,
};
