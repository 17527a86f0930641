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
report_alias(struct zl_check *c, const struct zl_ref *ref, uint32_t alias)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[ref->record];
	char *target = zl_graph_name_text(g, ref->target);
	struct zl_diag *d;

	d = zl_report(c, ZL_ERROR, zl_ref_pos(g, ref), r->owner, r->type,
	    _("NS target '%s' is an alias (CNAME on line %u): resolvers do not follow it to find the name server, and BIND refuses the zone"),
	    target, (unsigned)g->records[alias].line);
	zl_diag_hint(d, _("point the NS record at the canonical name of the server, or give '%s' A and AAAA records instead of the CNAME"), target);
	free(target);
}

static void
check_ns_target_cname(struct zl_check *c)
{
	zl_lookup_each_alias_target(c, ZL_REF_NS, report_alias);
}

const struct zl_rule zl_rule_ns_target_cname = {
	.id = "ns-target-cname",
	.severity = ZL_ERROR,
	.summary = N_("NS record whose target is a CNAME"),
	.check = check_ns_target_cname,
};
