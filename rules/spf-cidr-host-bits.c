/* spf-cidr-host-bits: ip4: and ip6: networks written with host bits set. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "i18n.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_explain.h"
#include "spf_rules.h"
#include "txtpos.h"
#include "util.h"

/* Receivers compare only the first prefix-length bits (RFC 7208 section
 * 5.6), so "ip4:192.0.2.10/24" authorizes all of 192.0.2.0/24.  That is
 * often not what the writer meant: a single host with a stray prefix, or
 * a network with a mistyped address. */
static bool
host_bits_set(const struct zl_spf_addr *a, struct zl_spf_addr *network)
{
	unsigned bytes = a->family == 4 ? 4 : 16;
	bool set = false;

	*network = *a;
	for (unsigned i = 0; i < bytes; i++) {
		unsigned first = i * 8;
		uint8_t mask = first >= a->prefix ? 0 : a->prefix - first >= 8 ? 0xff :
		    (uint8_t)(0xffu << (8 - (a->prefix - first)));

		if (a->addr[i] & (uint8_t)~mask)
			set = true;
		network->addr[i] = a->addr[i] & mask;
	}
	return set;
}

static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_text t;

	if (!zl_spf_text_load(g, record, &t))
		return;
	for (size_t i = 0; i < t.parsed.nterms; i++) {
		const struct zl_spf_term *term = &t.parsed.terms[i];
		int prefix = term->kind == ZL_SPF_IP4 ? term->cidr4 : term->cidr6;
		struct zl_spf_addr a, net;
		struct zl_strbuf text;
		struct zl_diag *d;

		if ((term->kind != ZL_SPF_IP4 && term->kind != ZL_SPF_IP6) || term->has_errors ||
		    prefix < 0)
			continue;
		memset(&a, 0, sizeof(a));
		a.family = term->kind == ZL_SPF_IP4 ? 4 : 6;
		a.prefix = (uint8_t)prefix;
		memcpy(a.addr, term->addr, 16);
		if (!host_bits_set(&a, &net))
			continue;
		zl_strbuf_init(&text);
		zl_spf_addr_text(&net, &text);
		d = zl_report(c, ZL_INFO, zl_txt_position(g, record, term->offset), r->owner, r->type,
		    _("'%.*s' has host bits set beyond the prefix length, so it authorizes the whole network %s"),
		    (int)term->len, t.text + term->offset, text.data);
		zl_diag_hint(d, _("write 'ip%d:%s' for the network, or drop the prefix length for the single host"),
		    a.family, text.data);
		zl_strbuf_fini(&text);
	}
	zl_spf_text_fini(&t);
}

static void
check_spf_cidr_host_bits(struct zl_check *c)
{
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(zl_spf_cache_get(c->graph), &count);

	for (size_t i = 0; i < count; i++)
		check_record(c, ids[i]);
}

const struct zl_rule zl_rule_spf_cidr_host_bits = {
	.id = "spf-cidr-host-bits",
	.severity = ZL_INFO,
	.summary = N_("ip4: or ip6: network written with host bits set, which authorizes the whole network"),
	.check = check_spf_cidr_host_bits,
};
