/* dnssec-missing-signature: an authoritative RRset of a signed zone
 * without an RRSIG that covers it. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"

/* True when an RRSIG at the owner of r in its zone covers r's type. */
static bool
has_signature(const struct zl_graph *g, const struct zl_record *r)
{
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, r->owner, zl_record_zone(g, r),
	    ZL_TYPE_RRSIG, &count);

	for (size_t i = 0; i < count; i++) {
		struct zl_rrsig sig;

		if (zl_dnssec_rrsig_fields(g, &g->records[ids[i]], &sig) &&
		    sig.type_covered == r->type)
			return true;
		/* A broken RRSIG may be the one meant; do not report twice. */
		if (g->records[ids[i]].flags & ZL_REC_BROKEN)
			return true;
	}
	return false;
}

static struct zl_diag *
report_missing(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	struct zl_diag *d;
	char tname[16], *owner = zl_graph_name_text(g, r->owner);

	(void)arg;
	d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
	    _("%s RRset of '%s' has no RRSIG in this signed zone: validating resolvers treat the answer as bogus and fail the lookup"),
	    zl_rrtype_name(r->type, tname), owner);
	zl_diag_hint(d, _("sign the zone again after the last change, so that every authoritative RRset gets an RRSIG"));
	free(owner);
	return d;
}

/* RFC 4035 section 2.2: every authoritative RRset of a signed zone, and
 * the DS and NSEC RRsets at a delegation point, carry an RRSIG; NS
 * records at a delegation point and glue do not. */
static void
check_dnssec_missing_signature(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_dnssec_group grp;

	zl_dnssec_group_init(&grp, ZL_DNSSEC_GROUP_LIMIT);
	for (size_t z = 0; z < g->nzones; z++) {
		const struct zl_zone *zone = &g->zones[z];

		/* In a zone cut off by --max-records, the RRSIG may lie in the
		 * part that was not read. */
		if (!zl_dnssec_zone_is_signed(g, (uint32_t)z) ||
		    !zl_lookup_zone_complete(g, (uint32_t)z))
			continue;
		for (uint32_t i = 0; i < zone->record_count; i++) {
			uint32_t id = zone->first_record + i;
			const struct zl_record *r = &g->records[id];

			if (r->flags & ZL_REC_BROKEN || !zl_dnssec_rrset_first(g, id) ||
			    !zl_dnssec_needs_signature(g, r) || has_signature(g, r))
				continue;
			zl_dnssec_group_add(&grp, id);
		}
		zl_dnssec_group_flush(&grp, c, report_missing, NULL);
	}
	zl_dnssec_group_fini(&grp);
}

const struct zl_rule zl_rule_dnssec_missing_signature = {
	.id = "dnssec-missing-signature",
	.severity = ZL_ERROR,
	.summary = N_("authoritative RRset without an RRSIG in a signed zone"),
	.check = check_dnssec_missing_signature,
};
