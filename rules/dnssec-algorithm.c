/* dnssec-algorithm: DNSKEY, DS and CDS records with a deprecated DNSSEC
 * algorithm. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"

enum { TYPE_CDS = 59, TYPE_CDNSKEY = 60 };

/* The position of the algorithm number in the RDATA of a type, as a byte
 * offset and as a presentation field number (RFC 4034 sections 2.1 and
 * 5.1, RFC 7344). */
static const struct {
	uint16_t type;
	uint8_t offset;
	uint8_t field;
} layouts[] = {
	{ ZL_TYPE_DNSKEY, 3, 2 }, { TYPE_CDNSKEY, 3, 2 },
	{ ZL_TYPE_DS, 2, 1 }, { TYPE_CDS, 2, 1 },
};

static int
layout_of(uint16_t type)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		if (layouts[i].type == type)
			return (int)i;
	}
	return -1;
}

static uint8_t
algorithm_of(const struct zl_graph *g, const struct zl_record *r)
{
	int l = layout_of(r->type);

	if (l < 0 || r->flags & ZL_REC_BROKEN || r->rdata_len <= layouts[l].offset)
		return 0;
	return zl_graph_rdata(g, r)[layouts[l].offset];
}

static struct zl_diag *
report_algorithm(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	uint8_t algorithm = algorithm_of(g, r);
	struct zl_diag *d;
	char tname[16], *owner = zl_graph_name_text(g, r->owner);

	(void)arg;
	d = zl_report(c, c->rule->severity,
	    zl_lookup_field_pos(g, r, layouts[layout_of(r->type)].field),
	    r->owner, r->type,
	    _("%s record of '%s' uses algorithm %u (%s), which RFC 8624 deprecates: resolvers that no longer support it treat the zone as unsigned"),
	    zl_rrtype_name(r->type, tname), owner, algorithm,
	    zl_dnssec_algorithm_name(algorithm));
	zl_diag_hint(d, _("roll the zone's keys over to algorithm 13 (ECDSAP256SHA256) or 8 (RSASHA256)"));
	free(owner);
	return d;
}

/* RFC 8624 section 3.1: RSAMD5, DSA, RSASHA1, DSA-NSEC3-SHA1,
 * RSASHA1-NSEC3-SHA1 and ECC-GOST must not or should not be used for
 * signing, and validators may drop them.  One finding per RRset. */
static void
check_dnssec_algorithm(struct zl_check *c)
{
	enum { NLAYOUTS = sizeof(layouts) / sizeof(layouts[0]) };
	const struct zl_graph *g = c->graph;
	struct zl_dnssec_group grp;
	uint16_t types[NLAYOUTS];

	for (size_t k = 0; k < NLAYOUTS; k++)
		types[k] = layouts[k].type;
	zl_dnssec_group_init(&grp, ZL_DNSSEC_GROUP_LIMIT);
	for (size_t z = 0; z < g->nzones; z++) {
		size_t n;
		uint32_t *found = zl_graph_types_records(g, types, NLAYOUTS, (uint32_t)z, &n);

		for (size_t i = 0; i < n; i++) {
			uint32_t id = found[i];
			const struct zl_record *r = &g->records[id];
			size_t count;
			const uint32_t *ids;

			if (!zl_dnssec_rrset_first(g, id))
				continue;
			ids = zl_graph_rrset(g, r->owner, zl_record_zone(g, r), r->type,
			    &count);
			for (size_t k = 0; k < count; k++) {
				if (zl_dnssec_algorithm_deprecated(algorithm_of(g, &g->records[ids[k]]))) {
					zl_dnssec_group_add(&grp, ids[k]);
					break;
				}
			}
		}
		free(found);
		zl_dnssec_group_flush(&grp, c, report_algorithm, NULL);
	}
	zl_dnssec_group_fini(&grp);
}

const struct zl_rule zl_rule_dnssec_algorithm = {
	.id = "dnssec-algorithm",
	.severity = ZL_WARNING,
	.summary = N_("DNSKEY or DS record with a deprecated DNSSEC algorithm"),
	.check = check_dnssec_algorithm,
};
