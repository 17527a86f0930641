/* Offline evaluation of SPF policies through the loaded zones (RFC 7208). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_eval.h"

#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "name.h"
#include "rdata.h"
#include "spf_cache.h"
#include "util.h"

/* Limits that keep the walk of a pathological zone short.  Real
 * evaluations stop far earlier, at 10 DNS-lookup terms. */
#define MAX_DEPTH 16		/* nested include: and redirect= */
#define MAX_NODES 2000		/* evaluated terms */
#define MAX_CNAMES 8		/* CNAME hops followed per query */

struct walker {
	const struct zl_graph *g;
	struct zl_spf_eval *ev;
	uint32_t stack[MAX_DEPTH + 1];	/* records of the policies being evaluated */
	size_t depth;
	uint32_t top_term;
	unsigned voids4, voids6, strict4, strict6;
	bool skip_addresses;	/* collect no addresses, for a summary */
};

bool
zl_spf_record_is_spf(const struct zl_graph *g, uint32_t record)
{
	return (g->records[record].flags & ZL_REC_SPF_TEXT) != 0;
}

size_t
zl_spf_records_at(const struct zl_graph *g, uint32_t name, uint32_t *out, size_t max)
{
	size_t count, found = 0;
	const uint32_t *ids = zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name),
	    ZL_TYPE_TXT, &count);

	for (size_t i = 0; i < count; i++) {
		if (!zl_spf_record_is_spf(g, ids[i]))
			continue;
		if (found < max)
			out[found] = ids[i];
		found++;
	}
	return found;
}

bool
zl_spf_addr_matches(const struct zl_spf_addr *a, int family, const uint8_t *addr)
{
	unsigned bits = a->prefix;

	if (a->family != family)
		return false;
	for (unsigned i = 0; bits > 0; i++) {
		unsigned take = bits >= 8 ? 8 : bits;
		uint8_t mask = (uint8_t)(0xffu << (8 - take));

		if ((a->addr[i] & mask) != (addr[i] & mask))
			return false;
		bits -= take;
	}
	return true;
}

/* ---- answers from the loaded zones ---------------------------------- */

/* The id of wire, or of its closest ancestor that exists in some zone
 * (owns records or has names below it that do). */
static uint32_t
closest_existing(const struct zl_graph *g, const uint8_t *wire, bool *exact)
{
	*exact = true;
	for (const uint8_t *w = wire;; w += 1 + w[0]) {
		uint32_t id = zl_graph_lookup(g, w);

		while (id != ZL_NONE && !(g->names[id].flags &
		    (ZL_NAME_HAS_DATA | ZL_NAME_HAS_CHILDREN | ZL_NAME_ORIGIN))) {
			id = g->names[id].parent;
			*exact = false;
		}
		if (id != ZL_NONE)
			return id;
		*exact = false;
		if (w[0] == 0)
			return ZL_NONE;
	}
}

/* Follow wire through CNAMEs and wildcards as a query for type would, and
 * fill *a but for its records.  Return true when the walk ends at the
 * owner whose records of type are the result of the query.  Then a->ids
 * is still empty.  Only a CNAME query stops at a CNAME, so the walk is the same
 * for every other type. */
static bool
resolve_owner(const struct zl_graph *g, const uint8_t *wire, uint16_t type,
    struct zl_spf_answer *a)
{
	uint8_t cur[ZL_NAME_MAX];

	memset(a, 0, sizeof(*a));
	a->name = ZL_NONE;
	a->reach = ZL_SPF_REACH_OUTSIDE;
	memcpy(cur, wire, zl_name_len(wire));
	for (int hop = 0; hop <= MAX_CNAMES; hop++) {
		bool exact;
		uint32_t id = closest_existing(g, cur, &exact), owner = ZL_NONE;
		size_t ncname;
		const uint32_t *cname;

		a->name = ZL_NONE;
		a->exists = false;
		a->count = 0;
		a->zone = id == ZL_NONE ? ZL_NONE : zl_graph_zone_of(g, id);
		if (a->zone == ZL_NONE) {
			a->reach = ZL_SPF_REACH_OUTSIDE;
			return false;
		}
		if (zl_graph_delegation_of(g, a->zone, id) != ZL_NONE) {
			a->reach = ZL_SPF_REACH_DELEGATED;
			return false;
		}
		if (!zl_lookup_zone_complete(g, a->zone)) {
			a->reach = ZL_SPF_REACH_UNREAD;
			return false;
		}
		a->reach = ZL_SPF_REACH_ZONE;
		if (exact) {
			owner = id;
		} else {
			owner = zl_lookup_wildcard(g, id);
			if (owner == ZL_NONE)
				return false;		/* NXDOMAIN */
		}
		a->exists = true;
		a->name = owner;
		cname = zl_graph_rrset(g, owner, a->zone, ZL_TYPE_CNAME, &ncname);
		if (ncname > 0 && type != ZL_TYPE_CNAME) {
			const struct zl_record *r = &g->records[cname[0]];

			if (r->flags & ZL_REC_BROKEN)
				return false;
			memcpy(cur, zl_graph_rdata(g, r), zl_name_len(zl_graph_rdata(g, r)));
			continue;
		}
		return true;
	}
	/* A CNAME chain this long is a loop or close to one: servers fail. */
	a->reach = ZL_SPF_REACH_OUTSIDE;
	a->exists = false;
	a->count = 0;
	return false;
}

void
zl_spf_query(const struct zl_graph *g, const uint8_t *wire, uint16_t type, struct zl_spf_answer *a)
{
	if (resolve_owner(g, wire, type, a))
		a->ids = zl_graph_rrset(g, a->name, a->zone, type, &a->count);
}

void
zl_spf_query_addresses(const struct zl_graph *g, const uint8_t *wire,
    struct zl_spf_answer *a4, struct zl_spf_answer *a6)
{
	bool found = resolve_owner(g, wire, ZL_TYPE_A, a4);

	*a6 = *a4;
	if (found) {
		a4->ids = zl_graph_rrset(g, a4->name, a4->zone, ZL_TYPE_A, &a4->count);
		a6->ids = zl_graph_rrset(g, a6->name, a6->zone, ZL_TYPE_AAAA, &a6->count);
	}
}

/* ---- building the tree ---------------------------------------------- */

static uint32_t
add_policy(struct walker *w, uint32_t record)
{
	struct zl_spf_eval *ev = w->ev;
	const struct zl_record *r = &w->g->records[record];
	const struct zl_spf_cache *cache = zl_spf_cache_find(w->g);
	struct zl_spf_policy p;
	struct zl_spf_text cached;
	struct zl_strbuf text;

	for (size_t i = 0; i < ev->npolicies; i++) {
		if (ev->policies[i].record == record)
			return (uint32_t)i;
	}
	memset(&p, 0, sizeof(p));
	p.owner = r->owner;
	p.record = record;
	if (cache != NULL && zl_spf_cache_text(cache, record, &cached)) {
		p.text = cached.text;
		p.len = cached.len;
		p.parsed = cached.parsed;
		p.parse_in_cache = true;
	} else {
		zl_strbuf_init(&text);
		zl_txt_join(zl_graph_rdata(w->g, r), r->rdata_len, &text);
		p.len = text.len;
		p.text_copy = text.data ? zl_strbuf_detach(&text) : zl_xstrdup("");
		p.text = p.text_copy;
		if (zl_spf_parse(p.text, p.len, &p.parsed) != 0)
			memset(&p.parsed, 0, sizeof(p.parsed));
	}
	ZL_PUSH(ev->policies, ev->npolicies, ev->policies_cap, p);
	return (uint32_t)(ev->npolicies - 1);
}

static void
add_addr(struct zl_spf_eval *ev, struct zl_spf_node *n, int family, int prefix,
    const uint8_t *addr, uint32_t host)
{
	struct zl_spf_addr a;

	memset(&a, 0, sizeof(a));
	a.family = (uint8_t)family;
	/* An out-of-range prefix is a syntax error that spf-syntax reports;
	 * the full length keeps the address usable here. */
	if (prefix >= 0 && prefix <= (family == 4 ? 32 : 128))
		a.prefix = (uint8_t)prefix;
	else
		a.prefix = family == 4 ? 32 : 128;
	memcpy(a.addr, addr, family == 4 ? 4 : 16);
	a.host = host;
	if (n->naddrs == 0)
		n->first_addr = ev->naddrs;
	ZL_PUSH(ev->addrs, ev->naddrs, ev->addrs_cap, a);
	n->naddrs++;
}

/* Add the addresses in the A or AAAA records of ans to node n. */
static void
add_host_addrs(struct walker *w, struct zl_spf_node *n, const struct zl_spf_answer *ans,
    int family, int prefix)
{
	if (w->skip_addresses)
		return;
	for (size_t i = 0; i < ans->count; i++) {
		const struct zl_record *r = &w->g->records[ans->ids[i]];

		if (r->flags & ZL_REC_BROKEN)
			continue;
		add_addr(w->ev, n, family, prefix, zl_graph_rdata(w->g, r), ans->name);
	}
}

bool
zl_spf_term_target(const struct zl_graph *g, uint32_t owner, const char *text,
    const struct zl_spf_term *t, uint8_t wire[ZL_NAME_MAX])
{
	size_t len, err;
	bool relative;

	if (t->domain_len == 0) {
		/* Only a and mx default to the policy's own name. */
		if (t->kind != ZL_SPF_A && t->kind != ZL_SPF_MX)
			return false;
		zl_graph_name_wire(g, owner, wire);
		return true;
	}
	if (t->has_macro)
		return false;
	return zl_name_from_text(text + t->domain_offset, t->domain_len, NULL, wire,
	    &len, &relative, &err) == ZL_NAME_OK;
}

static void walk_policy(struct walker *w, uint32_t policy, uint32_t parent);

static void
eval_a(struct walker *w, struct zl_spf_node *n, const struct zl_spf_term *t,
    const uint8_t *wire)
{
	struct zl_spf_answer a4, a6;

	zl_spf_query_addresses(w->g, wire, &a4, &a6);
	n->reach = a4.reach;
	if (n->reach != ZL_SPF_REACH_ZONE)
		return;
	n->target = a4.name;
	n->no_name = !a4.exists;
	add_host_addrs(w, n, &a4, 4, t->cidr4);
	add_host_addrs(w, n, &a6, 6, t->cidr6);
	n->void4 = a4.count == 0;
	n->void6 = a6.count == 0;
}

/* mx: the MX query, then the address queries of each host (RFC 7208
 * section 5.4).  The term is void for a family when the MX query is empty
 * or no host has an address of that family. */
static void
eval_mx(struct walker *w, struct zl_spf_node *n, const struct zl_spf_term *t,
    const uint8_t *wire, unsigned *strict4, unsigned *strict6)
{
	struct zl_spf_answer mx;
	bool any4 = false, any6 = false;

	zl_spf_query(w->g, wire, ZL_TYPE_MX, &mx);
	n->reach = mx.reach;
	if (n->reach != ZL_SPF_REACH_ZONE)
		return;
	n->target = mx.name;
	n->no_name = !mx.exists;
	n->no_mx = mx.count == 0;
	for (size_t i = 0; i < mx.count; i++) {
		const struct zl_record *r = &w->g->records[mx.ids[i]];
		const uint8_t *host;
		struct zl_spf_answer a4, a6;

		if ((r->flags & ZL_REC_BROKEN) || r->rdata_len < 3)
			continue;
		host = zl_graph_rdata(w->g, r) + 2;
		n->mx_hosts++;
		if (host[0] == 0) {	/* null MX (RFC 7505) */
			(*strict4)++;
			(*strict6)++;
			continue;
		}
		zl_spf_query_addresses(w->g, host, &a4, &a6);
		if (a4.reach != ZL_SPF_REACH_ZONE) {
			any4 = any6 = true;	/* unknown: assume it answers */
			continue;
		}
		add_host_addrs(w, n, &a4, 4, t->cidr4);
		add_host_addrs(w, n, &a6, 6, t->cidr6);
		any4 = any4 || a4.count > 0;
		any6 = any6 || a6.count > 0;
		/* NOTE: only a host without any address counts here.  A host
		 * with an address of the other family alone is common (IPv4-only
		 * mail servers), and counting it would flag most policies. */
		if (a4.count == 0 && a6.count == 0) {
			(*strict4)++;
			(*strict6)++;
		}
	}
	if (n->no_mx) {
		(*strict4)++;
		(*strict6)++;
	}
	n->void4 = !any4;
	n->void6 = !any6;
}

/* include: and redirect=: find the target's SPF record and evaluate it. */
static void
eval_policy_ref(struct walker *w, uint32_t node, const uint8_t *wire)
{
	struct zl_spf_node *n = &w->ev->nodes[node];
	struct zl_spf_answer txt;
	uint32_t spf = ZL_NONE, child;
	size_t nspf = 0;

	zl_spf_query(w->g, wire, ZL_TYPE_TXT, &txt);
	n->reach = txt.reach;
	if (n->reach != ZL_SPF_REACH_ZONE) {
		w->ev->unknown++;
		w->ev->unknown_includes++;
		return;
	}
	n->target = txt.name;
	n->no_name = !txt.exists;
	for (size_t i = 0; i < txt.count; i++) {
		if (zl_spf_record_is_spf(w->g, txt.ids[i]) && nspf++ == 0)
			spf = txt.ids[i];
	}
	n->missing = nspf == 0;
	n->multiple = nspf > 1;
	if (spf == ZL_NONE)
		return;
	for (size_t i = 0; i < w->depth; i++) {
		if (w->stack[i] == spf) {
			n->loop = true;
			return;
		}
	}
	if (w->depth >= MAX_DEPTH) {
		w->ev->truncated = true;
		return;
	}
	child = add_policy(w, spf);
	w->ev->nodes[node].child = child;
	walk_policy(w, child, node);
}

/* Evaluate term t of policy p as node `node`. */
static void
eval_term(struct walker *w, uint32_t node, const struct zl_spf_policy *p,
    const struct zl_spf_term *t)
{
	struct zl_spf_eval *ev = w->ev;
	struct zl_spf_node *n = &ev->nodes[node];
	uint8_t wire[ZL_NAME_MAX];
	unsigned strict4 = 0, strict6 = 0;

	if (n->costs_lookup) {
		ev->lookups++;
		n->lookup_number = ev->lookups;
	}
	switch (t->kind) {
	case ZL_SPF_IP4:
	case ZL_SPF_IP6:
		if (!t->has_errors && !w->skip_addresses)
			add_addr(ev, n, t->kind == ZL_SPF_IP4 ? 4 : 6,
			    t->kind == ZL_SPF_IP4 ? t->cidr4 : t->cidr6, t->addr, ZL_NONE);
		return;
	case ZL_SPF_ALL:
	case ZL_SPF_PTR:
		return;
	default:
		break;
	}
	if (t->has_macro) {
		n->reach = ZL_SPF_REACH_MACRO;
		ev->unknown++;
		if (t->kind == ZL_SPF_INCLUDE || t->kind == ZL_SPF_REDIRECT)
			ev->unknown_includes++;
		return;
	}
	if (!zl_spf_term_target(w->g, p->owner, p->text, t, wire))
		return;

	switch (t->kind) {
	case ZL_SPF_A:
		eval_a(w, n, t, wire);
		strict4 = n->void4;
		strict6 = n->void6;
		break;
	case ZL_SPF_MX:
		eval_mx(w, n, t, wire, &strict4, &strict6);
		break;
	case ZL_SPF_EXISTS: {
		struct zl_spf_answer a;

		/* exists queries A for every sender (RFC 7208 section 5.7). */
		zl_spf_query(w->g, wire, ZL_TYPE_A, &a);
		n->reach = a.reach;
		n->target = a.name;
		n->no_name = a.reach == ZL_SPF_REACH_ZONE && !a.exists;
		n->void4 = n->void6 = a.reach == ZL_SPF_REACH_ZONE && a.count == 0;
		strict4 = n->void4;
		strict6 = n->void6;
		break;
	}
	case ZL_SPF_INCLUDE:
	case ZL_SPF_REDIRECT:
		eval_policy_ref(w, node, wire);
		return;
	default:
		return;
	}
	if (ev->nodes[node].reach != ZL_SPF_REACH_ZONE)
		ev->unknown++;
	w->voids4 += ev->nodes[node].void4;
	w->voids6 += ev->nodes[node].void6;
	w->strict4 += strict4;
	w->strict6 += strict6;
}

static uint32_t
add_node(struct walker *w, uint32_t policy, uint32_t term, uint32_t parent)
{
	struct zl_spf_eval *ev = w->ev;
	const struct zl_spf_term *t = &ev->policies[policy].parsed.terms[term];
	struct zl_spf_node n;

	memset(&n, 0, sizeof(n));
	n.policy = policy;
	n.term = term;
	n.parent = parent;
	n.depth = (unsigned)w->depth - 1;
	if (n.depth == 0)
		w->top_term = term;
	n.top_term = w->top_term;
	n.target = ZL_NONE;
	n.child = ZL_NONE;
	n.costs_lookup = zl_spf_term_costs_lookup(t->kind);
	n.reach = ZL_SPF_REACH_NONE;
	ZL_PUSH(ev->nodes, ev->nnodes, ev->nodes_cap, n);
	return (uint32_t)(ev->nnodes - 1);
}

/* Record the running counts on a node once its subtree is done, so that
 * an include node holds the totals after the included policy. */
static void
finish_node(struct walker *w, uint32_t node)
{
	struct zl_spf_node *n = &w->ev->nodes[node];

	n->lookups = w->ev->lookups;
	n->voids4 = w->voids4;
	n->voids6 = w->voids6;
	n->strict4 = w->strict4;
	n->strict6 = w->strict6;
}

/* Mechanisms in order until "all", then redirect= when no "all" was
 * there (RFC 7208 sections 4.6.2 and 6.1). */
static void
walk_policy(struct walker *w, uint32_t policy, uint32_t parent)
{
	size_t nterms = w->ev->policies[policy].parsed.nterms;
	uint32_t redirect = ZL_NONE;
	bool seen_all = false;

	w->stack[w->depth++] = w->ev->policies[policy].record;
	for (size_t i = 0; i < nterms && !seen_all; i++) {
		enum zl_spf_kind kind = w->ev->policies[policy].parsed.terms[i].kind;
		uint32_t node;

		if (kind == ZL_SPF_REDIRECT && redirect == ZL_NONE)
			redirect = (uint32_t)i;
		if (kind == ZL_SPF_REDIRECT || kind == ZL_SPF_EXP ||
		    kind == ZL_SPF_UNKNOWN_MODIFIER || kind == ZL_SPF_INVALID)
			continue;
		if (w->ev->nnodes >= MAX_NODES) {
			w->ev->truncated = true;
			break;
		}
		node = add_node(w, policy, (uint32_t)i, parent);
		eval_term(w, node, &w->ev->policies[policy],
		    &w->ev->policies[policy].parsed.terms[i]);
		finish_node(w, node);
		seen_all = kind == ZL_SPF_ALL;
	}
	if (!seen_all && redirect != ZL_NONE && w->ev->nnodes < MAX_NODES) {
		uint32_t node = add_node(w, policy, redirect, parent);

		eval_term(w, node, &w->ev->policies[policy],
		    &w->ev->policies[policy].parsed.terms[redirect]);
		finish_node(w, node);
	}
	w->depth--;
}

static bool
evaluate(const struct zl_graph *g, uint32_t record, bool skip_addresses,
    struct zl_spf_eval *out)
{
	struct walker w;

	memset(out, 0, sizeof(*out));
	if (!zl_spf_record_is_spf(g, record))
		return false;
	memset(&w, 0, sizeof(w));
	w.g = g;
	w.ev = out;
	w.skip_addresses = skip_addresses;
	walk_policy(&w, add_policy(&w, record), ZL_NONE);
	return true;
}

bool
zl_spf_evaluate(const struct zl_graph *g, uint32_t record, struct zl_spf_eval *out)
{
	return evaluate(g, record, false, out);
}

bool
zl_spf_evaluate_counts(const struct zl_graph *g, uint32_t record, struct zl_spf_eval *out)
{
	return evaluate(g, record, true, out);
}

void
zl_spf_eval_fini(struct zl_spf_eval *ev)
{
	for (size_t i = 0; i < ev->npolicies; i++) {
		free(ev->policies[i].text_copy);
		if (!ev->policies[i].parse_in_cache)
			zl_spf_record_fini(&ev->policies[i].parsed);
	}
	free(ev->policies);
	free(ev->nodes);
	free(ev->addrs);
	memset(ev, 0, sizeof(*ev));
}

bool
zl_spf_eval_exact(const struct zl_spf_eval *ev)
{
	return ev->unknown_includes == 0 && !ev->truncated;
}

bool
zl_spf_eval_fails_everyone(const struct zl_spf_eval *ev)
{
	bool over4 = false, over6 = false;

	/* RFC 7208 section 4.6.4: more than 10 DNS-lookup terms, or more
	 * than 2 void lookups, end the evaluation with permerror. */
	if (ev->lookups > 10)
		return true;
	for (size_t i = 0; i < ev->nnodes; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];
		enum zl_spf_kind kind = ev->policies[n->policy].parsed.terms[n->term].kind;

		if (kind != ZL_SPF_A && kind != ZL_SPF_MX && kind != ZL_SPF_EXISTS)
			continue;
		over4 = over4 || (n->void4 && n->voids4 > 2);
		over6 = over6 || (n->void6 && n->voids6 > 2);
	}
	return over4 && over6;
}

static uint8_t
saturate(size_t n)
{
	return n > UINT8_MAX ? UINT8_MAX : (uint8_t)n;
}

void
zl_spf_eval_summarize(const struct zl_spf_eval *ev, struct zl_spf_eval_summary *out)
{
	unsigned voids = 0;
	size_t mx_hosts = 0;

	memset(out, 0, sizeof(*out));
	out->lookups = saturate(ev->lookups);
	for (size_t i = 0; i < ev->nnodes; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];
		unsigned node_voids = n->voids4;

		if (n->voids6 > node_voids)
			node_voids = n->voids6;
		if (n->strict4 > node_voids)
			node_voids = n->strict4;
		if (n->strict6 > node_voids)
			node_voids = n->strict6;
		if (node_voids > voids)
			voids = node_voids;
		if (n->depth == 0 && n->mx_hosts > mx_hosts &&
		    ev->policies[0].parsed.terms[n->term].kind == ZL_SPF_MX)
			mx_hosts = n->mx_hosts;
		if (n->depth == 0 && n->missing)
			out->missing = true;
		if (n->loop)
			out->loop = true;
	}
	out->voids = saturate(voids);
	out->mx_hosts = saturate(mx_hosts);
}
