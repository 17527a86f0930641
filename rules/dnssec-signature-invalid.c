/* dnssec-signature-invalid: RRSIG records that do not verify against the
 * DNSKEY RRset at the zone's apex. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>
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

/* The RRSIG records of one zone and their verdicts, shared by the
 * threads that verify them. */
struct work {
	const struct zl_graph *g;
	uint32_t zone;
	const uint32_t *ids;		/* the zone's RRSIG records */
	size_t count;
	bool *judged;			/* a verdict was reached, per record */
	ldns_status *status;		/* and which one */
	size_t next;			/* next block of records to take */
	pthread_mutex_t lock;
};

/* Records that a thread takes at a time. */
#define BLOCK 64

/* Verify blocks of the zone's signatures until none is left.  Each thread
 * has a verifier of its own. */
static void *
verify_blocks(void *arg)
{
	struct work *w = arg;
	struct zl_dnssec_verifier *v = zl_dnssec_verifier_new(w->g, w->zone);

	for (;;) {
		size_t start;

		pthread_mutex_lock(&w->lock);
		start = w->next;
		w->next += BLOCK;
		pthread_mutex_unlock(&w->lock);
		if (start >= w->count)
			break;
		for (size_t i = start; i < w->count && i < start + BLOCK; i++)
			w->judged[i] = zl_dnssec_verify(v, &w->g->records[w->ids[i]], &w->status[i]);
	}
	zl_dnssec_verifier_free(v);
	return NULL;
}

/* Verify every RRSIG record of zone on up to zl_dnssec_threads() threads,
 * and add those that fail to grp and v in the order of the records. */
static void
check_zone(const struct zl_graph *g, uint32_t zone, struct zl_dnssec_group *grp,
    struct verdicts *v)
{
	const struct zl_zone *z = &g->zones[zone];
	struct work w = { .g = g, .zone = zone };
	uint32_t *ids = zl_xmalloc(((size_t)z->record_count + 1) * sizeof(*ids));
	unsigned threads = zl_dnssec_threads();
	pthread_t *extra;
	size_t started = 0;

	for (uint32_t i = 0; i < z->record_count; i++) {
		if (g->records[z->first_record + i].type == ZL_TYPE_RRSIG)
			ids[w.count++] = z->first_record + i;
	}
	w.ids = ids;
	w.judged = zl_xcalloc(w.count + 1, sizeof(*w.judged));
	w.status = zl_xcalloc(w.count + 1, sizeof(*w.status));
	pthread_mutex_init(&w.lock, NULL);
	if (threads > w.count / BLOCK)
		threads = (unsigned)(w.count / BLOCK) + 1;
	extra = zl_xcalloc(threads, sizeof(*extra));
	for (unsigned t = 1; t < threads; t++) {
		if (pthread_create(&extra[started], NULL, verify_blocks, &w) != 0)
			break;
		started++;
	}
	verify_blocks(&w);
	for (size_t t = 0; t < started; t++)
		pthread_join(extra[t], NULL);
	free(extra);
	pthread_mutex_destroy(&w.lock);

	for (size_t i = 0; i < w.count; i++) {
		ldns_status status = w.status[i];
		struct verdict one = { ids[i], status };

		/* An algorithm this ldns cannot verify proves nothing about
		 * the zone. */
		if (!w.judged[i] || status == LDNS_STATUS_OK ||
		    status == LDNS_STATUS_CRYPTO_ALGO_NOT_IMPL ||
		    status == LDNS_STATUS_CRYPTO_UNKNOWN_ALGO)
			continue;
		ZL_PUSH(v->items, v->len, v->cap, one);
		zl_dnssec_group_add(grp, ids[i]);
	}
	free(w.judged);
	free(w.status);
	free(ids);
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
		/* In a zone cut off by --max-records, an RRset or the DNSKEY
		 * RRset may be missing records, which breaks its signature. */
		if (!zl_dnssec_zone_is_signed(g, (uint32_t)z) ||
		    !zl_lookup_zone_complete(g, (uint32_t)z))
			continue;
		check_zone(g, (uint32_t)z, &grp, &v);
		zl_dnssec_group_flush(&grp, c, report_invalid, &v);
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
