/* srv-no-service: an SRV record saying "no service" beside records that
 * offer it. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "rule.h"

/* RFC 2782: a single SRV record with the target "." means that the
 * service is decidedly not available at this domain.  Beside other SRV records the
 * statement contradicts them, and clients differ in which they believe. */
static void
check_srv_no_service(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		struct zl_diag *d;
		size_t count;
		char *owner;

		if (ref->kind != ZL_REF_SRV || g->names[ref->target].parent != ZL_NONE)
			continue;
		zl_graph_rrset(g, r->owner, zl_record_zone(g, r), ZL_TYPE_SRV, &count);
		if (count < 2)
			continue;
		owner = zl_graph_name_text(g, r->owner);
		d = zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
		    _("SRV record with target '.' says that '%s' offers no service, but other SRV records there offer it"),
		    owner);
		zl_diag_hint(d, _("remove the record with target '.', or the records that offer the service"));
		free(owner);
	}
}

const struct zl_rule zl_rule_srv_no_service = {
	.id = "srv-no-service",
	.severity = ZL_WARNING,
	.summary = N_("SRV record with target '.' beside SRV records that offer the service"),
	.check = check_srv_no_service,
};
