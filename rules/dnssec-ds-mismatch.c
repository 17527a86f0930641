/* dnssec-ds-mismatch: a DS RRset at a delegation that matches no DNSKEY
 * of the child zone, when the child is loaded in the same run. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* The loaded zone whose origin is name, or ZL_NONE. */
static uint32_t
child_zone(const struct zl_graph *g, uint32_t name, uint32_t parent)
{
	for (size_t z = 0; z < g->nzones; z++) {
		if (g->zones[z].origin == name && z != parent)
			return (uint32_t)z;
	}
	return ZL_NONE;
}

/* True when some DS record of the RRset matches, or may match, some key. */
static bool
any_match(const struct zl_graph *g, const uint32_t *ds, size_t nds,
    const uint32_t *keys, size_t nkeys)
{
	for (size_t i = 0; i < nds; i++) {
		for (size_t k = 0; k < nkeys; k++) {
			if (zl_dnssec_ds_match(g, &g->records[ds[i]], &g->records[keys[k]]) !=
			    ZL_DS_MISMATCH)
				return true;
		}
	}
	return false;
}

static void
report_mismatch(struct zl_check *c, const struct zl_record *r, size_t nkeys)
{
	const struct zl_graph *g = c->graph;
	const uint8_t *rdata = zl_graph_rdata(g, r);
	struct zl_diag *d;
	char *owner = zl_graph_name_text(g, r->owner);

	if (nkeys == 0) {
		d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
		    _("DS record for '%s', but the child zone loaded here has no DNSKEY record: validating resolvers treat the child zone as bogus"),
		    owner);
		zl_diag_hint(d, _("remove the DS records of '%s' from the parent, or sign the child zone"), owner);
	} else {
		d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
		    _("no DS record for '%s' matches a DNSKEY of the child zone loaded here (this one names key tag %u, algorithm %u): validating resolvers treat the child zone as bogus"),
		    owner, (unsigned)(rdata[0] << 8 | rdata[1]), rdata[2]);
		zl_diag_hint(d, _("replace the DS records with ones made from the child's current KSK, for example with 'ldns-key2ds' or 'dnssec-dsfromkey'"));
	}
	free(owner);
}

/* RFC 4035 section 5.2: a validator follows a delegation only through a
 * DS record that matches a DNSKEY of the child.  A DS RRset that matches
 * none makes the child bogus; an extra stale DS beside a matching one
 * does no harm and is left alone. */
static void
check_dnssec_ds_mismatch(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t z = 0; z < g->nzones; z++) {
		const struct zl_zone *zone = &g->zones[z];
		size_t n;
		const uint32_t *all = zl_graph_type_records(g, ZL_TYPE_DS, (uint32_t)z, &n);

		for (size_t i = 0; i < n; i++) {
			uint32_t id = all[i], child;
			const struct zl_record *r = &g->records[id];
			size_t nds, nkeys;
			const uint32_t *ds, *keys;

			if (r->owner == zone->origin ||
			    !zl_dnssec_rrset_first(g, id))
				continue;
			child = child_zone(g, r->owner, (uint32_t)z);
			if (!zl_lookup_zone_complete(g, child))
				continue;
			ds = zl_graph_rrset(g, r->owner, (uint32_t)z, ZL_TYPE_DS, &nds);
			keys = zl_graph_rrset(g, r->owner, child, ZL_TYPE_DNSKEY, &nkeys);
			if (!any_match(g, ds, nds, keys, nkeys))
				report_mismatch(c, r, nkeys);
		}
	}
}

const struct zl_rule zl_rule_dnssec_ds_mismatch = {
	.id = "dnssec-ds-mismatch",
	.severity = ZL_ERROR,
	.summary = N_("DS RRset that matches no DNSKEY of the child zone loaded in the same run"),
	.check = check_dnssec_ds_mismatch,
};
