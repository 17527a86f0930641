/* spf-record-size: SPF records and TXT RRsets too large for one UDP answer. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "txtpos.h"

/* RFC 7208 section 3.4: the policy should stay small enough that the
 * answer, with the other TXT records at the name, fits in 512 bytes of
 * UDP; about 450 bytes of policy leave room for the rest of the answer.
 * Larger answers need EDNS0 or TCP, which some receivers do not get
 * through firewalls. */
#define POLICY_MAX 450
#define UDP_MAX 512

/* Size of the DNS answer to a TXT query for name: header, question, and
 * each record with a compressed owner (2), type, class, TTL and length
 * (10) and its RDATA. */
static size_t
answer_size(const struct zl_graph *g, uint32_t name, const uint32_t *ids, size_t count)
{
	size_t size = 12 + g->names[name].wire_len + 4;

	for (size_t i = 0; i < count; i++)
		size += 2 + 10 + g->records[ids[i]].rdata_len;
	return size;
}

static void
check_name(struct zl_check *c, uint32_t name)
{
	const struct zl_graph *g = c->graph;
	uint32_t spf;
	size_t count, size;
	const uint32_t *txt;
	struct zl_spf_text t;
	struct zl_diag *d;

	if (zl_spf_records_at(g, name, &spf, 1) == 0 || !zl_spf_text_load(g, spf, &t))
		return;
	txt = zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), ZL_TYPE_TXT, &count);
	size = answer_size(g, name, txt, count);
	if (t.len > POLICY_MAX) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, &g->records[spf]), name,
		    ZL_TYPE_TXT,
		    _("the SPF record is %zu bytes long, over the 450 that keep the answer within 512 bytes of UDP (RFC 7208 section 3.4)"),
		    t.len);
		zl_diag_hint(d, _("move terms into an included policy at another name, or use networks instead of single addresses"));
	} else if (size > UDP_MAX) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, &g->records[spf]), name,
		    ZL_TYPE_TXT,
		    _("the TXT records at this name make a %zu-byte answer, over 512 bytes of UDP: receivers without EDNS0 must retry over TCP to read the SPF record"),
		    size);
		zl_diag_hint(d, _("move TXT records that are not the SPF policy, such as site verifications, to other names if their services allow it"));
	}
	zl_spf_text_fini(&t);
}

static void
check_spf_record_size(struct zl_check *c)
{
	size_t count;
	const uint32_t *owners = zl_spf_cache_owners(zl_spf_cache_get(c->graph), &count);

	/* Only names that own an SPF record can have one to report. */
	for (size_t i = 0; i < count; i++) {
		if (c->graph->names[owners[i]].flags & ZL_NAME_HAS_DATA)
			check_name(c, owners[i]);
	}
}

const struct zl_rule zl_rule_spf_record_size = {
	.id = "spf-record-size",
	.severity = ZL_WARNING,
	.summary = N_("SPF record over 450 bytes, or TXT records at its name over 512 bytes of UDP"),
	.check = check_spf_record_size,
};
