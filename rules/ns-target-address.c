/* ns-target-address: an NS record whose target is written as an IP
 * address. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 1035 section 3.3.11: NSDNAME is a domain name.  An address written
 * there is read as a name (with the origin appended when it has no final
 * dot) that no resolver can find addresses for. */
static void
check_ns_target_address(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		struct zl_diag *d;
		char *target;

		if (ref->kind != ZL_REF_NS || r->flags & ZL_REC_GENERATED ||
		    !zl_lookup_ref_is_address(g, ref))
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = zl_report(c, ZL_ERROR, zl_ref_pos(g, ref), r->owner, r->type,
		    _("NS target is an IP address, which the record holds as the name '%s': resolvers cannot reach the name server"),
		    target);
		zl_diag_hint(d, _("name the server, such as 'ns1.example.com.', and give that name an A or AAAA record with the address"));
		free(target);
	}
}

const struct zl_rule zl_rule_ns_target_address = {
	.id = "ns-target-address",
	.severity = ZL_ERROR,
	.summary = N_("NS record whose target is written as an IP address"),
	.check = check_ns_target_address,
};
