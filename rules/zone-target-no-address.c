/* zone-target-no-address: an NS, MX or SRV target inside a loaded zone
 * that owns no address record. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* Return whether the loaded zones serve target: it lies in one of them,
 * read to the end, and above its delegations.  Below a delegation the
 * child zone has the addresses, and ns-missing-glue checks the glue that
 * NS targets need there. */
static bool
answered_here(const struct zl_graph *g, uint32_t target)
{
	uint32_t zone = zl_graph_zone_of(g, target);

	return zl_lookup_zone_complete(g, zone) &&
	    zl_graph_delegation_of(g, zone, target) == ZL_NONE;
}

static struct zl_diag *
report(struct zl_check *c, const struct zl_ref *ref, const char *target)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[ref->record];

	switch (ref->kind) {
	case ZL_REF_NS:
		return zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
		    _("name server '%s' has no A or AAAA record in this zone, so resolvers cannot reach it"),
		    target);
	case ZL_REF_MX:
		return zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
		    _("mail exchange '%s' has no A or AAAA record in this zone, so senders cannot deliver mail to it"),
		    target);
	default:
		return zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
		    _("service target '%s' has no A or AAAA record in this zone, so clients cannot reach the service"),
		    target);
	}
}

/* RFC 1035 sections 3.3.9 and 3.3.11, RFC 2782: NS, MX and SRV records
 * name hosts whose addresses are looked up next.  Names that lack their
 * final dot are left to zone-missing-dot, which says what was meant. */
static void
check_zone_target_no_address(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	uint8_t meant[255];

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		struct zl_diag *d;
		char *target;

		if (ref->kind != ZL_REF_NS && ref->kind != ZL_REF_MX && ref->kind != ZL_REF_SRV)
			continue;
		/* The root as target is the null MX of RFC 7505, or an SRV
		 * record saying the service is not offered. */
		if (g->names[ref->target].parent == ZL_NONE ||
		    zl_lookup_has_address(g, ref->target) || !zl_lookup_is_served(g, r) ||
		    zl_lookup_missing_dot(g, ref->target, zl_record_zone(g, r), meant) ||
		    !answered_here(g, ref->target) ||
		    zl_lookup_cname(g, ref->target) != ZL_NONE ||
		    (!(r->flags & ZL_REC_GENERATED) && zl_lookup_ref_is_address(g, ref)))
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = report(c, ref, target);
		zl_diag_hint(d, _("add an A or AAAA record for '%s', or correct the target name"), target);
		free(target);
	}
}

const struct zl_rule zl_rule_zone_target_no_address = {
	.id = "zone-target-no-address",
	.severity = ZL_WARNING,
	.summary = N_("NS, MX or SRV target inside the zone without an A or AAAA record"),
	.check = check_zone_target_no_address,
};
