/* ttl-mismatch: records of one RRset with different TTLs. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"
#include "rrtype.h"
#include "rule.h"

/* Report the first record, in input order, whose TTL differs from that
 * of the first record of the RRset ids[0..count). */
static void
check_rrset(struct zl_check *c, const uint32_t *ids, size_t count)
{
	const struct zl_graph *g = c->graph;
	uint32_t first = ids[0], odd = UINT32_MAX;
	const struct zl_record *r, *f;
	struct zl_diag *d;
	char tname[16];

	for (size_t k = 1; k < count; k++) {
		if (ids[k] < first)
			first = ids[k];
	}
	for (size_t k = 0; k < count; k++) {
		if (g->records[ids[k]].ttl != g->records[first].ttl && ids[k] < odd)
			odd = ids[k];
	}
	if (odd == UINT32_MAX)
		return;
	r = &g->records[odd];
	f = &g->records[first];
	d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, r->type,
	    _("TTL %u differs from TTL %u of the %s record on line %u: all records of an RRset share one TTL, so servers and caches pick one and ignore the other"),
	    r->ttl, f->ttl, zl_rrtype_name(r->type, tname), (unsigned)f->line);
	zl_diag_hint(d, _("give every %s record of this name the same TTL"), tname);
}

/* RFC 2181 section 5.2: the records of an RRset must have the same TTL.
 * RRSIG records are exempt, since each covers another RRset. */
static void
check_ttl_mismatch(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint32_t *ids = g->by_name + n->first;
		size_t count = zl_name_nrecords(g, (uint32_t)i);
		size_t start = 0;

		for (size_t k = 1; k <= count; k++) {
			const struct zl_record *a = &g->records[ids[start]];
			const struct zl_record *b = k < count ? &g->records[ids[k]] : NULL;

			if (b != NULL && zl_record_zone(g, b) == zl_record_zone(g, a) &&
			    b->type == a->type)
				continue;
			if (k - start > 1 && a->type != ZL_TYPE_RRSIG)
				check_rrset(c, ids + start, k - start);
			start = k;
		}
	}
}

const struct zl_rule zl_rule_ttl_mismatch = {
	.id = "ttl-mismatch",
	.severity = ZL_WARNING,
	.summary = N_("records of one RRset with different TTLs"),
	.check = check_ttl_mismatch,
};
