/* spf-void-lookups: policies whose evaluation reaches more than two void
 * lookups. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "txtpos.h"
#include "util.h"

/* RFC 7208 section 4.6.4: the third DNS query that returns no answer or
 * NXDOMAIN ends the evaluation with permerror.  Senders are IPv4 or IPv6,
 * and an a or mx term can be void for one family only, so the count is
 * kept per family.  Evaluating in order means every term after that point
 * is never reached for the senders that no earlier term matched. */
#define VOID_LIMIT 2

static void
add_term(struct zl_strbuf *sb, const struct zl_spf_eval *ev, const struct zl_spf_node *n)
{
	const struct zl_spf_policy *p = &ev->policies[n->policy];
	const struct zl_spf_term *t = &p->parsed.terms[n->term];

	if (sb->len > 0)
		zl_strbuf_adds(sb, ", ");
	zl_strbuf_addc(sb, '\'');
	zl_strbuf_add(sb, p->text + t->offset, t->len);
	zl_strbuf_addc(sb, '\'');
}

/* The first node where the count of the family passes the limit, or
 * ZL_NONE.  strict selects the count that takes each MX host alone. */
static uint32_t
limit_node(const struct zl_spf_eval *ev, int family, bool strict)
{
	for (size_t i = 0; i < ev->nnodes; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];
		enum zl_spf_kind kind = ev->policies[n->policy].parsed.terms[n->term].kind;
		unsigned count = strict ? (family == 4 ? n->strict4 : n->strict6) :
		    (family == 4 ? n->voids4 : n->voids6);
		bool is_void = family == 4 ? n->void4 : n->void6;

		if (kind != ZL_SPF_A && kind != ZL_SPF_MX && kind != ZL_SPF_EXISTS)
			continue;
		if (count > VOID_LIMIT && (strict || is_void))
			return (uint32_t)i;
	}
	return ZL_NONE;
}

/* True when an address of family at addr is authorized by a pass term
 * among nodes [from, to). */
static bool
authorized(const struct zl_spf_eval *ev, size_t from, size_t to, int family,
    const uint8_t *addr)
{
	for (size_t i = from; i < to; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];

		/* TODO: the qualifier of an include: above the term is not checked;
		 * a "-include:" that leads here does not authorize. */
		if (ev->policies[n->policy].parsed.terms[n->term].qualifier != ZL_SPF_PASS)
			continue;
		for (size_t k = 0; k < n->naddrs; k++) {
			if (zl_spf_addr_matches(&ev->addrs[n->first_addr + k], family, addr))
				return true;
		}
	}
	return false;
}

/* True when host has an address of family that only terms after node
 * `at` authorize, so that its mail over that family fails. */
static bool
host_fails(const struct zl_graph *g, const struct zl_spf_eval *ev, uint32_t at,
    const uint8_t *host, int family)
{
	struct zl_spf_answer a;

	zl_spf_query(g, host, family == 4 ? ZL_TYPE_A : ZL_TYPE_AAAA, &a);
	for (size_t k = 0; k < a.count; k++) {
		const struct zl_record *r = &g->records[a.ids[k]];
		const uint8_t *addr = zl_graph_rdata(g, r);

		/* A record that failed to convert has no address. */
		if (r->flags & ZL_REC_BROKEN)
			continue;
		if (!authorized(ev, 0, at + 1, family, addr) &&
		    authorized(ev, at + 1, ev->nnodes, family, addr))
			return true;
	}
	return false;
}

/* The MX hosts of the policy's own name whose mail over the family (4, 6,
 * or 46 for either) fails because of the void lookups at node `at`. */
static void
failing_mx_hosts(const struct zl_graph *g, const struct zl_spf_eval *ev, uint32_t at,
    int family, struct zl_strbuf *out)
{
	uint8_t owner[ZL_NAME_WIRE_MAX];
	struct zl_spf_answer mx;

	zl_graph_name_wire(g, ev->policies[0].owner, owner);
	zl_spf_query(g, owner, ZL_TYPE_MX, &mx);
	if (mx.reach != ZL_SPF_REACH_ZONE)
		return;
	for (size_t i = 0; i < mx.count; i++) {
		const struct zl_record *m = &g->records[mx.ids[i]];
		const uint8_t *host = zl_graph_rdata(g, m) + 2;
		char *name;

		if ((m->flags & ZL_REC_BROKEN) || m->rdata_len < 3 || host[0] == 0)
			continue;
		if (!((family != 6 && host_fails(g, ev, at, host, 4)) ||
		    (family != 4 && host_fails(g, ev, at, host, 6))))
			continue;
		name = zl_name_text(host);
		if (out->len > 0)
			zl_strbuf_adds(out, ", ");
		zl_strbuf_addf(out, "'%s'", name);
		free(name);
	}
}

/* Report where the count of the family (4, 6, or 46 for both at the same
 * node) passes the limit. */
static void
report_void(struct zl_check *c, const struct zl_spf_eval *ev, uint32_t at, int family,
    bool strict)
{
	const struct zl_graph *g = c->graph;
	const struct zl_spf_node *n = &ev->nodes[at];
	const struct zl_spf_policy *top = &ev->policies[0];
	const struct zl_spf_term *top_term = &top->parsed.terms[n->top_term];
	const struct zl_record *r = &g->records[top->record];
	struct zl_strbuf voids, later, hosts, here;
	const char *fam = _("IPv4 and IPv6");
	struct zl_pos pos = zl_txt_position(g, top->record, top_term->offset);
	struct zl_diag *d;

	if (family == 4)
		fam = "IPv4";
	else if (family == 6)
		fam = "IPv6";
	zl_strbuf_init(&voids);
	zl_strbuf_init(&later);
	zl_strbuf_init(&hosts);
	zl_strbuf_init(&here);
	for (size_t i = 0; i <= at; i++) {
		const struct zl_spf_node *v = &ev->nodes[i];

		if ((family != 6 && v->void4) || (family != 4 && v->void6))
			add_term(&voids, ev, v);
	}
	for (size_t i = at + 1; i < ev->nnodes; i++) {
		const struct zl_spf_node *v = &ev->nodes[i];
		enum zl_spf_kind kind = ev->policies[v->policy].parsed.terms[v->term].kind;

		if (v->depth == 0 && kind != ZL_SPF_ALL)
			add_term(&later, ev, v);
	}
	failing_mx_hosts(g, ev, at, family, &hosts);
	add_term(&here, ev, n);

	if (strict)
		d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
		    _("%s is the third void lookup for %s senders when each MX host without an address counts as one, as pyspf and mailauth count: those verifiers return permerror"),
		    here.data, fam);
	else if (later.len > 0 && hosts.len > 0)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("%s is the third void lookup for %s senders (void terms: %s): receivers stop with permerror there, so evaluation never reaches %s and mail from %s over %s fails"),
		    here.data, fam, voids.data, later.data, hosts.data, fam);
	else if (later.len > 0)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("%s is the third void lookup for %s senders (void terms: %s): receivers stop with permerror there, so evaluation never reaches %s"),
		    here.data, fam, voids.data, later.data);
	else
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("%s is the third void lookup for %s senders (void terms: %s): receivers stop with permerror there, so every sender that no earlier term matches fails"),
		    here.data, fam, voids.data);
	zl_diag_hint(d, _("remove the terms whose names have no address or no MX records, or add the missing records; at most two lookups may find nothing"));
	zl_strbuf_fini(&voids);
	zl_strbuf_fini(&later);
	zl_strbuf_fini(&hosts);
	zl_strbuf_fini(&here);
}

static void
check_record(struct zl_check *c, uint32_t record)
{
	struct zl_spf_eval_summary summary;
	struct zl_spf_eval ev;
	uint32_t at4, at6;

	/* limit_node() needs a count over the limit. */
	if (zl_spf_cache_eval_summary(c->graph, record, &summary) && summary.voids <= VOID_LIMIT)
		return;
	if (!zl_spf_evaluate(c->graph, record, &ev))
		return;
	at4 = limit_node(&ev, 4, false);
	at6 = limit_node(&ev, 6, false);
	if (at4 != ZL_NONE && at4 == at6) {
		report_void(c, &ev, at4, 46, false);
	} else {
		if (at4 != ZL_NONE)
			report_void(c, &ev, at4, 4, false);
		if (at6 != ZL_NONE)
			report_void(c, &ev, at6, 6, false);
	}
	if (at4 == ZL_NONE && at6 == ZL_NONE) {
		uint32_t s4 = limit_node(&ev, 4, true), s6 = limit_node(&ev, 6, true);

		if (s4 != ZL_NONE)
			report_void(c, &ev, s4, s4 == s6 ? 46 : 4, true);
		else if (s6 != ZL_NONE)
			report_void(c, &ev, s6, 6, true);
	}
	zl_spf_eval_fini(&ev);
}

static void
check_spf_void_lookups(struct zl_check *c)
{
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(zl_spf_cache_get(c->graph), &count);

	for (size_t i = 0; i < count; i++)
		check_record(c, ids[i]);
}

const struct zl_rule zl_rule_spf_void_lookups = {
	.id = "spf-void-lookups",
	.severity = ZL_ERROR,
	.summary = N_("SPF evaluation meets more than two lookups that find nothing, so receivers return permerror"),
	.check = check_spf_void_lookups,
};
