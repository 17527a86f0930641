/* srv-target-cname: an SRV record whose target is an alias. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 2782 ("Target") and RFC 2181 section 10.3: the target must own
 * address records and must not be an alias; clients may not follow it. */
static void
check_srv_target_cname(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		uint32_t alias;
		struct zl_diag *d;
		char *target;

		if (ref->kind != ZL_REF_SRV || !zl_lookup_is_served(g, r))
			continue;
		alias = zl_lookup_cname(g, ref->target);
		if (alias == ZL_NONE)
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = zl_report(c, ZL_WARNING, ref->pos, r->owner, r->type,
		    _("SRV target '%s' is an alias (CNAME on line %u): clients may not follow it and fail to reach the service"),
		    target, (unsigned)g->records[alias].pos.line);
		zl_diag_hint(d, _("point the SRV record at the canonical name of the server"));
		free(target);
	}
}

const struct zl_rule zl_rule_srv_target_cname = {
	.id = "srv-target-cname",
	.severity = ZL_WARNING,
	.summary = N_("SRV record whose target is a CNAME"),
	.check = check_srv_target_cname,
};
