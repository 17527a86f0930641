/* srv-target-cname: an SRV record whose target is an alias. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 2782 ("Target") and RFC 2181 section 10.3: the target must own
 * address records and must not be an alias; clients may not follow it. */
static void
report_alias(struct zl_check *c, const struct zl_ref *ref, uint32_t alias)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[ref->record];
	char *target = zl_graph_name_text(g, ref->target);
	struct zl_diag *d;

	d = zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
	    _("SRV target '%s' is an alias (CNAME on line %u): clients may not follow it and fail to reach the service"),
	    target, (unsigned)g->records[alias].line);
	zl_diag_hint(d, _("point the SRV record at the canonical name of the server"));
	free(target);
}

static void
check_srv_target_cname(struct zl_check *c)
{
	zl_lookup_each_alias_target(c, ZL_REF_SRV, report_alias);
}

const struct zl_rule zl_rule_srv_target_cname = {
	.id = "srv-target-cname",
	.severity = ZL_WARNING,
	.summary = N_("SRV record whose target is a CNAME"),
	.check = check_srv_target_cname,
};
