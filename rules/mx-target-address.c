/* mx-target-address: an MX record whose exchange is written as an IP
 * address. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 1035 section 3.3.9 and RFC 5321 section 5.1: the exchange is a
 * domain name.  An address there is read as a name (with the origin
 * appended when it has no final dot) that owns no address records, so
 * mail to the domain is not delivered to that host. */
static void
check_mx_target_address(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		struct zl_diag *d;
		char *target;

		/* TODO: records made by $GENERATE are skipped, because the
		 * token at their position is the template, not the target. */
		if (ref->kind != ZL_REF_MX || r->flags & ZL_REC_GENERATED ||
		    !zl_lookup_ref_is_address(g, ref))
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = zl_report(c, ZL_WARNING, ref->pos, r->owner, r->type,
		    _("MX exchange is an IP address, which the record holds as the name '%s': senders find no mail server there"),
		    target);
		zl_diag_hint(d, _("name the mail server, such as 'mail.example.com.', and give that name an A or AAAA record with the address"));
		free(target);
	}
}

const struct zl_rule zl_rule_mx_target_address = {
	.id = "mx-target-address",
	.severity = ZL_WARNING,
	.summary = N_("MX record whose exchange is written as an IP address"),
	.check = check_mx_target_address,
};
