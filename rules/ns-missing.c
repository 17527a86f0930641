/* ns-missing: a zone without NS records at its apex. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* RFC 1034 section 4.2.1: the top node of a zone owns the NS records
 * that name its servers, and BIND and Knot DNS reject a zone without
 * them. */
static void
check_ns_missing(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		struct zl_pos pos = { z->file, 1, 1, 0 };
		struct zl_diag *d;
		char *origin;

		if (!zl_lookup_zone_complete(g, (uint32_t)i) ||
		    zl_lookup_has_type(g, z->origin, (uint32_t)i, ZL_TYPE_NS))
			continue;
		if (z->record_count > 0)
			pos = zl_record_pos(g, &g->records[z->first_record]);
		origin = zl_graph_name_text(g, z->origin);
		d = zl_report(c, ZL_ERROR, pos, z->origin, ZL_TYPE_NS,
		    _("zone '%s' has no NS records at its apex, so name servers refuse to load it"),
		    origin);
		zl_diag_hint(d, _("add NS records owned by '%s' that name the zone's name servers"), origin);
		free(origin);
	}
}

const struct zl_rule zl_rule_ns_missing = {
	.id = "ns-missing",
	.severity = ZL_ERROR,
	.summary = N_("zone without NS records at its apex"),
	.check = check_ns_missing,
};
