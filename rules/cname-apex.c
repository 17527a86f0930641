/* cname-apex: a CNAME record at the apex of a zone. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "rule.h"

/* The apex owns the SOA and NS records, and RFC 1034 section 3.6.2
 * allows no other data beside a CNAME, so a CNAME there cannot work. */
static void
check_cname_apex(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		const uint32_t *ids;
		size_t count;
		char *origin;

		ids = zl_graph_rrset(g, z->origin, (uint32_t)i, ZL_TYPE_CNAME, &count);
		if (count == 0)
			continue;
		origin = zl_graph_name_text(g, z->origin);
		for (size_t k = 0; k < count; k++) {
			const struct zl_record *r = &g->records[ids[k]];
			struct zl_diag *d;

			d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, r->type,
			    _("CNAME record at the zone apex '%s', which must also hold the SOA and NS records: name servers reject the zone"),
			    origin);
			zl_diag_hint(d, _("replace the CNAME with A and AAAA records, or with an ALIAS or ANAME record if your DNS provider offers one"));
		}
		free(origin);
	}
}

const struct zl_rule zl_rule_cname_apex = {
	.id = "cname-apex",
	.severity = ZL_ERROR,
	.summary = N_("CNAME record at the zone apex"),
	.check = check_cname_apex,
};
