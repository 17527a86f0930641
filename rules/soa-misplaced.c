/* soa-misplaced: an SOA record below the apex, or a second one. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 1035 section 5.2 allows exactly one SOA record per zone, at its
 * top. */
static void
check_soa_misplaced(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		const struct zl_record *first = NULL;
		size_t n;
		const uint32_t *ids = zl_graph_type_records(g, ZL_TYPE_SOA, (uint32_t)i, &n);

		for (size_t k = 0; k < n; k++) {
			const struct zl_record *r = &g->records[ids[k]];
			struct zl_diag *d;
			char *owner, *origin;

			owner = zl_graph_name_text(g, r->owner);
			origin = zl_graph_name_text(g, z->origin);
			if (r->owner != z->origin) {
				d = zl_report(c, ZL_ERROR, zl_record_pos(g, r),
				    r->owner, r->type,
				    _("SOA record at '%s', which is not the apex '%s': name servers reject the zone"),
				    owner, origin);
				zl_diag_hint(d, _("remove this SOA record; a subzone needs a zone file and a delegation of its own"));
			} else if (first != NULL) {
				d = zl_report(c, ZL_ERROR, zl_record_pos(g, r),
				    r->owner, r->type,
				    _("second SOA record at '%s' (the first is on line %u): a zone has exactly one, and name servers reject the zone"),
				    owner, (unsigned)first->line);
				zl_diag_hint(d, _("keep one SOA record"));
			} else {
				first = r;
			}
			free(owner);
			free(origin);
		}
	}
}

const struct zl_rule zl_rule_soa_misplaced = {
	.id = "soa-misplaced",
	.severity = ZL_ERROR,
	.summary = N_("SOA record below the zone apex, or more than one SOA record"),
	.check = check_soa_misplaced,
};
