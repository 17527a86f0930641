/* dnssec-signature-invalid: RRSIG records that do not verify against the
 * DNSKEY RRset at the zone's apex. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "util.h"
#include "rule.h"

/* The verdict of ldns on one RRSIG, kept for the report. */
struct verdict {
	uint32_t record;
	ldns_status status;
};

struct verdicts {
	struct verdict *items;
	size_t len, cap;
};

static struct zl_diag *
report_invalid(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	const struct verdicts *v = arg;
	ldns_status status = LDNS_STATUS_CRYPTO_BOGUS;
	struct zl_rrsig sig;
	struct zl_diag *d;
	char tname[16], *owner;

	if (!zl_dnssec_rrsig_fields(g, r, &sig))
		return NULL;
	for (size_t i = 0; i < v->len; i++) {
		if (v->items[i].record == item)
			status = v->items[i].status;
	}
	owner = zl_graph_name_text(g, r->owner);
	zl_rrtype_name(sig.type_covered, tname);
	if (status == LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY) {
		d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
		    _("RRSIG over the %s RRset of '%s' names key tag %u and algorithm %u, but no DNSKEY at the apex has them: validating resolvers treat the answer as bogus"),
		    tname, owner, sig.key_tag, sig.algorithm);
		zl_diag_hint(d, _("publish the signing key in the apex DNSKEY RRset, or sign the zone again with a key it publishes"));
	} else {
		d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
		    _("RRSIG over the %s RRset of '%s' does not verify with DNSKEY %u (%s): the records changed after signing or the signature is damaged, so validating resolvers treat the answer as bogus"),
		    tname, owner, sig.key_tag, ldns_get_errorstr_by_id(status));
		zl_diag_hint(d, _("sign the zone again after the last change; edit the signed zone only through the signer"));
	}
	free(owner);
	return d;
}

/* The apex DNSKEY records of zone as an ldns list, without the broken
 * ones (zone-syntax reports those), or NULL when none is left. */
static ldns_rr_list *
zone_keys(const struct zl_graph *g, uint32_t zone)
{
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, g->zones[zone].origin, zone,
	    ZL_TYPE_DNSKEY, &count);
	ldns_rr_list *keys = NULL;

	for (size_t i = 0; i < count; i++) {
		ldns_rr *rr = zl_dnssec_rr_new(g, &g->records[ids[i]]);

		if (rr == NULL)
			continue;
		if (keys == NULL)
			keys = ldns_rr_list_new();
		ldns_rr_list_push_rr(keys, rr);
	}
	return keys;
}

/* Verify one RRSIG with ldns; true when ldns found a problem it can name. */
static bool
verify(const struct zl_graph *g, const struct zl_record *r, ldns_rr_list *keys,
    ldns_status *status)
{
	struct zl_rrsig sig;
	ldns_rr_list *rrset;
	ldns_rr *sig_rr;

	if (!zl_dnssec_rrsig_fields(g, r, &sig))
		return false;
	rrset = zl_dnssec_rrset_new(g, r->owner, zl_record_zone(g, r), sig.type_covered);
	sig_rr = zl_dnssec_rr_new(g, r);
	if (rrset == NULL || sig_rr == NULL) {
		ldns_rr_list_deep_free(rrset);
		ldns_rr_free(sig_rr);
		return false;
	}
	*status = keys == NULL ? LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY :
	    ldns_verify_rrsig_keylist_notime(rrset, sig_rr, keys, NULL);
	ldns_rr_list_deep_free(rrset);
	ldns_rr_free(sig_rr);

	/* An algorithm this ldns cannot verify proves nothing about the zone. */
	return *status != LDNS_STATUS_OK && *status != LDNS_STATUS_CRYPTO_ALGO_NOT_IMPL &&
	    *status != LDNS_STATUS_CRYPTO_UNKNOWN_ALGO;
}

/* RFC 4035 section 5.3: a validator accepts an RRset only through an
 * RRSIG made by a key of the zone's DNSKEY RRset over exactly these
 * records.  The validity period is dnssec-signature-time's business. */
static void
check_dnssec_signature_invalid(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_dnssec_group grp;
	struct verdicts v = { NULL, 0, 0 };

	zl_dnssec_group_init(&grp, ZL_DNSSEC_GROUP_LIMIT);
	for (size_t z = 0; z < g->nzones; z++) {
		const struct zl_zone *zone = &g->zones[z];
		ldns_rr_list *keys;

		/* In a zone cut off by --max-records, an RRset or the DNSKEY
		 * RRset may be missing records, which breaks its signature. */
		if (!zl_dnssec_zone_is_signed(g, (uint32_t)z) ||
		    !zl_lookup_zone_complete(g, (uint32_t)z))
			continue;
		keys = zone_keys(g, (uint32_t)z);
		for (uint32_t i = 0; i < zone->record_count; i++) {
			uint32_t id = zone->first_record + i;
			const struct zl_record *r = &g->records[id];
			struct verdict one;

			if (r->type != ZL_TYPE_RRSIG || !verify(g, r, keys, &one.status))
				continue;
			one.record = id;
			ZL_PUSH(v.items, v.len, v.cap, one);
			zl_dnssec_group_add(&grp, id);
		}
		zl_dnssec_group_flush(&grp, c, report_invalid, &v);
		ldns_rr_list_deep_free(keys);
		v.len = 0;
	}
	free(v.items);
	zl_dnssec_group_fini(&grp);
}

const struct zl_rule zl_rule_dnssec_signature_invalid = {
	.id = "dnssec-signature-invalid",
	.severity = ZL_ERROR,
	.summary = N_("RRSIG that does not verify with the zone's DNSKEY records"),
	.check = check_dnssec_signature_invalid,
};
