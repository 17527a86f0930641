/* zone-occluded: data below a delegation or a DNAME, which the zone
 * never serves. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"
#include "util.h"

/* Types that a delegation point owns in the parent zone: NS, and the DS
 * and NSEC records with their signatures (RFC 4035 sections 2.3, 2.4). */
static bool
allowed_at_cut(uint16_t type)
{
	return type == ZL_TYPE_NS || type == ZL_TYPE_DS || type == ZL_TYPE_NSEC ||
	    type == ZL_TYPE_RRSIG;
}

static void
report(struct zl_check *c, const struct zl_record *r, uint32_t cut, bool dname)
{
	const struct zl_graph *g = c->graph;
	char *owner = zl_graph_name_text(g, r->owner);
	char *at = zl_graph_name_text(g, cut);
	struct zl_diag *d;

	if (dname) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, r->type,
		    _("'%s' lies below the DNAME record at '%s', which redirects every name below it: this data is never served"),
		    owner, at);
		zl_diag_hint(d, _("remove the record, or move it to the zone that the DNAME points to"));
	} else {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, r->type,
		    _("'%s' lies at or below the delegation '%s': this zone answers with a referral there, so this data is never served"),
		    owner, at);
		zl_diag_hint(d, _("move the record to the delegated zone, or remove it"));
	}
	free(owner);
	free(at);
}

/* RFC 1034 section 4.2.1: data below a zone cut belongs to the child
 * zone, apart from the glue addresses of the name servers; RFC 6672
 * says the same for names below a DNAME.  One finding per owner name
 * and zone, so that each of several loaded parents that keep a stale copy
 * of a name is told, whatever the order of the files. */
static void
check_zone_occluded(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	bool *glue = zl_xcalloc(g->nnames ? g->nnames : 1, sizeof(*glue));
	/* The zone, plus one, whose copy of each name was reported last. */
	uint32_t *done = zl_xcalloc(g->nnames ? g->nnames : 1, sizeof(*done));

	for (size_t i = 0; i < g->nrefs; i++) {
		if (g->refs[i].kind == ZL_REF_NS)
			glue[g->refs[i].target] = true;
	}
	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];
		uint32_t zone, cut;

		/* Neither a delegation nor a DNAME at or above the owner. */
		if (!(g->names[r->owner].flags & (ZL_NAME_DELEGATION | ZL_NAME_UNDER_CUT |
		    ZL_NAME_UNDER_DNAME)))
			continue;
		zone = zl_record_zone(g, r);
		if (done[r->owner] == zone + 1)
			continue;
		if (!zl_lookup_is_below(g, r->owner, g->zones[zone].origin))
			continue;
		cut = zl_graph_delegation_of(g, zone, r->owner);
		if (cut != ZL_NONE) {
			if ((cut == r->owner && allowed_at_cut(r->type)) ||
			    (glue[r->owner] && (r->type == ZL_TYPE_A || r->type == ZL_TYPE_AAAA)))
				continue;
			report(c, r, cut, false);
			done[r->owner] = zone + 1;
			continue;
		}
		cut = zl_lookup_dname_above(g, zone, r->owner);
		if (cut != ZL_NONE) {
			report(c, r, cut, true);
			done[r->owner] = zone + 1;
		}
	}
	free(glue);
	free(done);
}

const struct zl_rule zl_rule_zone_occluded = {
	.id = "zone-occluded",
	.severity = ZL_WARNING,
	.summary = N_("data below a delegation or a DNAME, which the zone never serves"),
	.check = check_zone_occluded,
};
