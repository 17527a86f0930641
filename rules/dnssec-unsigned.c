/* dnssec-unsigned: DNSKEY, NSEC or NSEC3 records in a zone that has no
 * RRSIG at all, as in a copy stripped of its signatures. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"
#include "util.h"

static struct zl_diag *
report_unsigned(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	struct zl_diag *d;
	char tname[16], *owner = zl_graph_name_text(g, r->owner);

	(void)arg;
	d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
	    _("%s record of '%s' without any RRSIG: the zone holds DNSSEC records but no signature, so validating resolvers that expect a signed zone reject its answers"),
	    zl_rrtype_name(r->type, tname), owner);
	zl_diag_hint(d, _("check this file with the signatures in place (the signed zone, not a copy stripped of RRSIG records), or remove the DNSSEC records if the zone is not meant to be signed"));
	free(owner);
	return d;
}

/* A zone with DNSKEY or NSEC records but no RRSIG is a stripped copy,
 * such as some public dumps of the root zone, or the input of a signing
 * step that failed.  RFC 4035 section 2.2 requires an RRSIG on every
 * authoritative RRset of a signed zone.  The cause is one, so the rule
 * reports once per type. */
static void
check_dnssec_unsigned(struct zl_check *c)
{
	static const uint16_t types[] = { ZL_TYPE_DNSKEY, ZL_TYPE_NSEC, ZL_TYPE_NSEC3 };
	enum { NTYPES = sizeof(types) / sizeof(types[0]) };
	const struct zl_graph *g = c->graph;
	struct zl_dnssec_group grp;
	uint32_t *found[NTYPES] = { NULL };
	size_t nfound[NTYPES] = { 0 }, cap[NTYPES] = { 0 };

	zl_dnssec_group_init(&grp, 1);
	for (size_t z = 0; z < g->nzones; z++) {
		/* In a zone cut off by --max-records, the RRSIG records may
		 * lie in the part that was not read. */
		if (zl_dnssec_zone_is_signed(g, (uint32_t)z) ||
		    !zl_lookup_zone_complete(g, (uint32_t)z))
			continue;
		/* Collect the first record of each RRset, type by type, then
		 * report each type as a group. */
		for (size_t t = 0; t < NTYPES; t++) {
			size_t n;
			const uint32_t *ids = zl_graph_type_records(g, types[t], (uint32_t)z, &n);

			for (size_t k = 0; k < n; k++) {
				if (zl_dnssec_rrset_first(g, ids[k]))
					ZL_PUSH(found[t], nfound[t], cap[t], ids[k]);
			}
		}
		for (size_t t = 0; t < NTYPES; t++) {
			for (size_t k = 0; k < nfound[t]; k++)
				zl_dnssec_group_add(&grp, found[t][k]);
			zl_dnssec_group_flush(&grp, c, report_unsigned, NULL);
			nfound[t] = 0;
		}
	}
	for (size_t t = 0; t < NTYPES; t++)
		free(found[t]);
	zl_dnssec_group_fini(&grp);
}

const struct zl_rule zl_rule_dnssec_unsigned = {
	.id = "dnssec-unsigned",
	.severity = ZL_WARNING,
	.summary = N_("DNSKEY, NSEC or NSEC3 records in a zone without any RRSIG"),
	.check = check_dnssec_unsigned,
};
