/* mx-target-cname: an MX record whose exchange is an alias. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 2181 section 10.3 and RFC 5321 section 5.1: the exchange must be a
 * name with address records, not an alias.  Many mail servers follow the
 * CNAME anyway, but some refuse to deliver, so mail is lost at random. */
static void
report_alias(struct zl_check *c, const struct zl_ref *ref, uint32_t alias)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[ref->record];
	char *target = zl_graph_name_text(g, ref->target);
	struct zl_diag *d;

	d = zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
	    _("MX exchange '%s' is an alias (CNAME on line %u): some mail servers refuse to deliver to an alias"),
	    target, (unsigned)g->records[alias].line);
	zl_diag_hint(d, _("point the MX record at the canonical name of the mail server"));
	free(target);
}

static void
check_mx_target_cname(struct zl_check *c)
{
	zl_lookup_each_alias_target(c, ZL_REF_MX, report_alias);
}

const struct zl_rule zl_rule_mx_target_cname = {
	.id = "mx-target-cname",
	.severity = ZL_WARNING,
	.summary = N_("MX record whose exchange is a CNAME"),
	.check = check_mx_target_cname,
};
