/* soa-missing: a zone without an SOA record at its apex. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* The position of a finding about the whole zone: its first record, or
 * the start of its file when it has none. */
static struct zl_pos
zone_start(const struct zl_graph *g, const struct zl_zone *z)
{
	struct zl_pos pos = { z->file, 1, 1, 0 };

	if (z->record_count > 0)
		pos = zl_record_pos(g, &g->records[z->first_record]);
	return pos;
}

/* RFC 1035 section 5.2: a zone file contains exactly one SOA record, at the
 * top of the zone; without it no server loads the zone. */
static void
check_soa_missing(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];
		struct zl_diag *d;
		char *origin;

		if (!zl_lookup_zone_complete(g, (uint32_t)i) || zl_lookup_soa(g, (uint32_t)i) != NULL)
			continue;
		origin = zl_graph_name_text(g, z->origin);
		d = zl_report(c, ZL_ERROR, zone_start(g, z), z->origin, ZL_TYPE_SOA,
		    _("zone '%s' has no SOA record at its apex, so no name server loads it"),
		    origin);
		zl_diag_hint(d, _("add an SOA record owned by '%s' as the first record"), origin);
		free(origin);
	}
}

const struct zl_rule zl_rule_soa_missing = {
	.id = "soa-missing",
	.severity = ZL_ERROR,
	.summary = N_("zone without an SOA record at its apex"),
	.check = check_soa_missing,
};
