/* ns-target-cname: an NS record whose target is an alias. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 2181 section 10.3: the target of an NS record must own address
 * records itself and not be an alias.  Resolvers do not follow the CNAME
 * when they look for the servers of a zone, and BIND rejects the zone. */
static void
check_ns_target_cname(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		uint32_t alias;
		struct zl_diag *d;
		char *target;

		if (ref->kind != ZL_REF_NS || !zl_lookup_is_served(g, r))
			continue;
		alias = zl_lookup_cname(g, ref->target);
		if (alias == ZL_NONE)
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = zl_report(c, ZL_ERROR, ref->pos, r->owner, r->type,
		    _("NS target '%s' is an alias (CNAME on line %u): resolvers do not follow it to find the name server, and BIND refuses the zone"),
		    target, (unsigned)g->records[alias].pos.line);
		zl_diag_hint(d, _("point the NS record at the canonical name of the server, or give '%s' A and AAAA records instead of the CNAME"), target);
		free(target);
	}
}

const struct zl_rule zl_rule_ns_target_cname = {
	.id = "ns-target-cname",
	.severity = ZL_ERROR,
	.summary = N_("NS record whose target is a CNAME"),
	.check = check_ns_target_cname,
};
