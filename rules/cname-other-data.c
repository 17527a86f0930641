/* cname-other-data: a CNAME record beside other data at one name. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"

/* RFC 4035 section 2.5 lets the DNSSEC records that prove or sign the
 * CNAME stand beside it. */
static bool
allowed_beside_cname(uint16_t type)
{
	return type == ZL_TYPE_CNAME || type == ZL_TYPE_RRSIG ||
	    type == ZL_TYPE_NSEC || type == ZL_TYPE_NSEC3;
}

static bool
has_cname(const struct zl_graph *g, const uint32_t *ids, size_t count)
{
	for (size_t k = 0; k < count; k++) {
		if (g->records[ids[k]].type == ZL_TYPE_CNAME)
			return true;
	}
	return false;
}

/* Check the records ids[0..count) of one name in one zone. */
static void
check_group(struct zl_check *c, const uint32_t *ids, size_t count)
{
	const struct zl_graph *g = c->graph;
	uint32_t cname = ZL_NONE, second = ZL_NONE, other = ZL_NONE, at;
	const struct zl_record *r;
	struct zl_diag *d;
	char phrase[ZL_RRTYPE_PHRASE_MAX], *owner;

	for (size_t k = 0; k < count; k++) {
		uint16_t type = g->records[ids[k]].type;

		if (type == ZL_TYPE_CNAME && cname == ZL_NONE)
			cname = ids[k];
		else if (type == ZL_TYPE_CNAME && second == ZL_NONE)
			second = ids[k];
		else if (!allowed_beside_cname(type) && (other == ZL_NONE || ids[k] < other))
			other = ids[k];
	}
	if (cname == ZL_NONE || (second == ZL_NONE && other == ZL_NONE))
		return;
	r = &g->records[cname];
	owner = zl_graph_name_text(g, r->owner);
	if (second != ZL_NONE) {
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, &g->records[second]), r->owner,
		    ZL_TYPE_CNAME,
		    _("second CNAME record at '%s' (the first is on line %u): a name is an alias of one name only, and name servers reject the zone"),
		    owner, (unsigned)r->line);
		zl_diag_hint(d, _("keep one CNAME record"));
	}
	if (other != ZL_NONE) {
		/* Point at whichever of the two records comes second. */
		at = other > cname ? other : cname;
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, &g->records[at]), r->owner,
		    g->records[at].type,
		    _("'%s' has a CNAME record (line %u) and %s (line %u): a name with a CNAME may hold no other data, so BIND and Knot DNS reject the zone, and servers that load it answer inconsistently"),
		    owner, (unsigned)r->line,
		    zl_rrtype_phrase(g->records[other].type, phrase),
		    (unsigned)g->records[other].line);
		zl_diag_hint(d, _("remove the CNAME record, or move the other records to the name that the CNAME points to"));
	}
	free(owner);
}

/* RFC 1034 section 3.6.2 and RFC 2181 section 10.1: if a CNAME record is
 * present at a name, no other data may be. */
static void
check_cname_other_data(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint32_t *ids = g->by_name + n->first;
		size_t count = zl_name_nrecords(g, (uint32_t)i);
		size_t start = 0;

		/* The records of a name are grouped by zone. */
		for (size_t k = 1; k <= count; k++) {
			const struct zl_record *first = &g->records[ids[start]];
			uint32_t zone;


			zone = zl_record_zone(g, first);
			if (k < count && zl_record_zone(g, &g->records[ids[k]]) == zone)
				continue;
			if (k - start > 1 && has_cname(g, ids + start, k - start) &&
			    first->owner != g->zones[zone].origin &&
			    zl_lookup_is_authoritative(g, first))
				check_group(c, ids + start, k - start);
			start = k;
		}
	}
}

const struct zl_rule zl_rule_cname_other_data = {
	.id = "cname-other-data",
	.severity = ZL_ERROR,
	.summary = N_("CNAME record beside other data, or two CNAME records at one name"),
	.check = check_cname_other_data,
};
