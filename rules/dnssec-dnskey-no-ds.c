/* dnssec-dnskey-no-ds: a key-signing key at a zone's apex that no DS
 * record of the parent zone, loaded in the same run, points to. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rule.h"

enum { FLAG_SEP = 0x0001, FLAG_ZONE = 0x0100 };

/* The loaded zone that delegates origin (has NS records for it), or ZL_NONE. */
static uint32_t
parent_zone(const struct zl_graph *g, uint32_t origin)
{
	uint32_t parent = g->names[origin].parent, z;

	if (parent == ZL_NONE)
		return ZL_NONE;
	z = zl_graph_zone_of(g, parent);
	if (z == ZL_NONE || !zl_lookup_has_type(g, origin, z, ZL_TYPE_NS))
		return ZL_NONE;
	return z;
}

static uint16_t
key_flags(const struct zl_graph *g, const struct zl_record *r)
{
	const uint8_t *p = zl_graph_rdata(g, r);

	return r->flags & ZL_REC_BROKEN || r->rdata_len < 4 ? 0 : (uint16_t)(p[0] << 8 | p[1]);
}

static bool
has_ds(const struct zl_graph *g, const struct zl_record *key, const uint32_t *ds,
    size_t nds)
{
	for (size_t i = 0; i < nds; i++) {
		if (zl_dnssec_ds_match(g, &g->records[ds[i]], key) != ZL_DS_MISMATCH)
			return true;
	}
	return false;
}

/* The keys that should have a DS: those with the SEP flag (RFC 4034
 * section 2.1.1), or every zone key when none has it.  Reports the first
 * one without a DS, with the count of the others. */
static void
check_keys(struct zl_check *c, uint32_t zone, uint32_t parent)
{
	const struct zl_graph *g = c->graph;
	uint32_t origin = g->zones[zone].origin;
	size_t nkeys, nds, sep = 0, missing = 0;
	const uint32_t *keys = zl_graph_rrset(g, origin, zone, ZL_TYPE_DNSKEY, &nkeys);
	const uint32_t *ds = zl_graph_rrset(g, origin, parent, ZL_TYPE_DS, &nds);
	const struct zl_record *first = NULL;
	struct zl_diag *d;
	char *owner;

	for (size_t i = 0; i < nkeys; i++)
		sep += (key_flags(g, &g->records[keys[i]]) & (FLAG_SEP | FLAG_ZONE)) ==
		    (FLAG_SEP | FLAG_ZONE);
	for (size_t i = 0; i < nkeys; i++) {
		const struct zl_record *r = &g->records[keys[i]];
		uint16_t flags = key_flags(g, r);

		if (!(flags & FLAG_ZONE) || (sep > 0 && !(flags & FLAG_SEP)) ||
		    has_ds(g, r, ds, nds))
			continue;
		if (first == NULL)
			first = r;
		missing++;
	}
	if (first == NULL)
		return;

	owner = zl_graph_name_text(g, origin);
	d = zl_report(c, c->rule->severity, zl_record_type_pos(g, first), first->owner, first->type,
	    nds == 0 ?
	    _("key-signing key %u of '%s' has no DS record in the parent zone loaded here, which has none for this zone: validating resolvers cannot build a chain of trust to it, so they treat the zone as unsigned") :
	    _("key-signing key %u of '%s' has no DS record in the parent zone loaded here: validating resolvers cannot use it as a trust anchor until the parent publishes one"),
	    zl_dnssec_key_tag(zl_graph_rdata(g, first), first->rdata_len), owner);
	if (missing > 1)
		zl_diag_hint(d, _("publish a DS record for each of the %zu key-signing keys that lack one, or ignore this while a key rollover pre-publishes the key"), missing);
	else
		zl_diag_hint(d, _("publish a DS record for this key in the parent zone, or ignore this while a key rollover pre-publishes the key"));
	free(owner);
}

/* RFC 4035 section 5: the chain of trust runs from the parent's DS
 * records to the child's DNSKEY RRset, so a key with no DS starts no
 * chain.  Checked only when the parent zone is loaded in the same run
 * and read to the end. */
static void
check_dnssec_dnskey_no_ds(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t z = 0; z < g->nzones; z++) {
		uint32_t parent = parent_zone(g, g->zones[z].origin);

		if (!zl_lookup_zone_complete(g, parent) || parent == z)
			continue;
		check_keys(c, (uint32_t)z, parent);
	}
}

const struct zl_rule zl_rule_dnssec_dnskey_no_ds = {
	.id = "dnssec-dnskey-no-ds",
	.severity = ZL_INFO,
	.summary = N_("key-signing key that no DS record of the loaded parent zone points to"),
	.check = check_dnssec_dnskey_no_ds,
};
