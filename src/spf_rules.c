/* Helpers that the spf-* rules share. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_rules.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rdata.h"
#include "rule.h"
#include "spf_eval.h"
#include "txtpos.h"
#include "util.h"

bool
zl_spf_text_load(const struct zl_graph *g, uint32_t record, struct zl_spf_text *out)
{
	const struct zl_spf_cache *cache = zl_spf_cache_find(g);
	const struct zl_record *r = &g->records[record];
	struct zl_strbuf sb;

	/* The cache keeps only records that converted, so a record found
	 * there is not broken, and the record itself need not be read. */
	if (cache != NULL && zl_spf_cache_text(cache, record, out))
		return true;
	memset(out, 0, sizeof(*out));
	if (r->flags & ZL_REC_BROKEN)
		return false;
	zl_strbuf_init(&sb);
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &sb);
	out->len = sb.len;
	out->owned_text = sb.data ? zl_strbuf_detach(&sb) : zl_xstrdup("");
	out->text = out->owned_text;
	if (zl_spf_parse(out->text, out->len, &out->parsed) != 0) {
		free(out->owned_text);
		memset(out, 0, sizeof(*out));
		return false;
	}
	out->record = record;
	return true;
}

void
zl_spf_text_fini(struct zl_spf_text *t)
{
	free(t->owned_text);
	if (!t->parse_in_cache)
		zl_spf_record_fini(&t->parsed);
	memset(t, 0, sizeof(*t));
}

/* True when the term text of t already appears in sb as a whole term.
 * Terms may hold NUL bytes (\000 in TXT data), so the comparison goes
 * by length. */
static bool
has_term(const struct zl_strbuf *sb, const char *term, size_t len)
{
	const char *end = sb->data + sb->len, *p = sb->data;

	while (p != NULL && (p = memchr(p, ' ', (size_t)(end - p))) != NULL) {
		size_t rest;

		p++;
		rest = (size_t)(end - p);
		if (rest >= len && memcmp(p, term, len) == 0 && (rest == len || p[len] == ' '))
			return true;
	}
	return false;
}

char *
zl_spf_merge(const struct zl_spf_text *texts, size_t n)
{
	struct zl_strbuf sb;
	const char *mod_text = NULL, *all_text = NULL;
	size_t mod_len = 0, all_len = 0;

	zl_strbuf_init(&sb);
	zl_strbuf_adds(&sb, "v=spf1");
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < texts[i].parsed.nterms; k++) {
			const struct zl_spf_term *t = &texts[i].parsed.terms[k];
			const char *s = texts[i].text + t->offset;

			if (t->kind == ZL_SPF_ALL) {
				if (all_text == NULL)
					all_text = s, all_len = t->len;
				continue;
			}
			if (t->kind == ZL_SPF_REDIRECT || t->kind == ZL_SPF_EXP) {
				if (mod_text == NULL)
					mod_text = s, mod_len = t->len;
				continue;
			}
			if (has_term(&sb, s, t->len))
				continue;
			zl_strbuf_addc(&sb, ' ');
			zl_strbuf_add(&sb, s, t->len);
		}
	}
	if (mod_text != NULL && (all_text == NULL ||
	    zl_ascii_casecmp_n(mod_text, 4, "exp=") == 0)) {
		zl_strbuf_addc(&sb, ' ');
		zl_strbuf_add(&sb, mod_text, mod_len);
	}
	if (all_text != NULL) {
		zl_strbuf_addc(&sb, ' ');
		zl_strbuf_add(&sb, all_text, all_len);
	}
	return zl_strbuf_detach(&sb);
}

bool
zl_spf_name_unknown(const struct zl_graph *g, uint32_t name)
{
	uint32_t zone = zl_graph_zone_of(g, name);

	return zone == ZL_NONE || zl_graph_delegation_of(g, zone, name) != ZL_NONE;
}

/* Query the A and AAAA records of host (wire form) into *a4 and *a6 and
 * return true when the loaded zones answer both and host has the
 * problem. */
static bool
host_has_problem(const struct zl_graph *g, enum zl_spf_host_problem problem,
    const uint8_t *host, struct zl_spf_answer *a4, struct zl_spf_answer *a6)
{
	zl_spf_query_addresses(g, host, a4, a6);
	if (a4->reach != ZL_SPF_REACH_ZONE || a6->reach != ZL_SPF_REACH_ZONE)
		return false;
	switch (problem) {
	case ZL_SPF_HOST_NO_ADDRESS:
		return a4->count == 0 && a6->count == 0;
	case ZL_SPF_HOST_NO_IPV4:
		return a4->count == 0 && a6->count > 0;
	case ZL_SPF_HOST_NO_IPV6:
		return a6->count == 0 && a4->count > 0;
	}
	return false;
}

/* True when host, the target of MX record mx, was written without its
 * final dot, so the origin was appended.  zone-missing-dot reports the MX
 * record itself.  Writes the meant name to meant. */
static bool
mx_target_missing_dot(const struct zl_graph *g, uint32_t mx, const uint8_t *host,
    uint8_t meant[ZL_NAME_MAX])
{
	const struct zl_record *m = &g->records[mx];
	uint32_t id = zl_graph_lookup(g, host);

	return id != ZL_NONE && !(m->flags & (ZL_REC_GENERATED | ZL_REC_WRONG_ORIGIN)) &&
	    zl_lookup_missing_dot(g, id, zl_record_zone(g, m), meant);
}

/* Report host (a name in wire form) of term when it has the problem.  mx
 * is the MX record that names host for an mx term, ZL_NONE for an a
 * term. */
static void
check_host(struct zl_check *c, enum zl_spf_host_problem problem, uint32_t record,
    const struct zl_spf_text *t, const struct zl_spf_term *term, const uint8_t *host,
    uint32_t mx)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	bool is_mx = mx != ZL_NONE;
	struct zl_spf_answer a4, a6;
	struct zl_pos pos;
	struct zl_diag *d = NULL;
	uint8_t meant[ZL_NAME_MAX];
	char *name, *text;

	if (!host_has_problem(g, problem, host, &a4, &a6))
		return;

	pos = zl_txt_position(g, record, term->offset);
	name = zl_name_text(host);
	text = zl_xstrndup(t->text + term->offset, term->len);
	switch (problem) {
	case ZL_SPF_HOST_NO_ADDRESS:
		if (!a4.exists && is_mx && mx_target_missing_dot(g, mx, host, meant)) {
			char *intended = zl_name_text(meant);

			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': MX host '%s' is the name '%s' with the origin appended, because the MX record on line %u lacks the final dot, so the term authorizes no address for it"),
			    text, name, intended, g->records[mx].line);
			zl_diag_hint(d, _("write the MX target with a final dot: '%s'"), intended);
			free(intended);
			break;
		}
		if (!a4.exists && is_mx)
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': MX host '%s' does not exist in the loaded zones, so the term authorizes no address for it"),
			    text, name);
		else if (!a4.exists)
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': '%s' does not exist in the loaded zones, so the term matches no sender and every evaluation counts a void lookup"),
			    text, name);
		else if (is_mx)
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': MX host '%s' has no A or AAAA record, so the term matches none of its mail"),
			    text, name);
		else
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': '%s' has no A or AAAA record, so the term matches no sender and every evaluation counts a void lookup"),
			    text, name);
		if (is_mx)
			zl_diag_hint(d, _("add the address records of '%s', or point the MX record on line %u at a host that has them"),
			    name, g->records[mx].line);
		else
			zl_diag_hint(d, _("add the address records of '%s', or remove the term"), name);
		break;
	case ZL_SPF_HOST_NO_IPV4:
		if (is_mx)
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': MX host '%s' has no A record, so its mail over IPv4 does not match this term"),
			    text, name);
		else
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("'%s': '%s' has no A record, so the term matches no IPv4 sender and counts as a void lookup for IPv4 senders"),
			    text, name);
		zl_diag_hint(d, _("add an A record for '%s' if it sends mail over IPv4; otherwise remove the term or use 'ip6:'"), name);
		break;
	case ZL_SPF_HOST_NO_IPV6:
		d = zl_report(c, ZL_INFO, pos, r->owner, r->type,
		    _("'%s': '%s' has no AAAA record, so the term matches no IPv6 sender and counts as a void lookup for IPv6 senders"),
		    text, name);
		zl_diag_hint(d, _("add a AAAA record for '%s' if it sends mail over IPv6; otherwise use 'ip4:' for its address"), name);
		break;
	}
	free(name);
	free(text);
}

/* An mx term: its MX query, then each MX host. */
static void
check_mx_term(struct zl_check *c, enum zl_spf_host_problem problem, uint32_t record,
    const struct zl_spf_text *t, const struct zl_spf_term *term, const uint8_t *target)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_answer mx;

	zl_spf_query(g, target, ZL_TYPE_MX, &mx);
	if (mx.reach != ZL_SPF_REACH_ZONE)
		return;
	if (mx.count == 0) {
		if (problem == ZL_SPF_HOST_NO_ADDRESS) {
			char *name = zl_name_text(target);
			struct zl_diag *d;

			d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, term->offset),
			    r->owner, r->type,
			    _("'%.*s': '%s' has no MX records, so the term matches no sender and every evaluation counts a void lookup"),
			    (int)term->len, t->text + term->offset, name);
			zl_diag_hint(d, _("remove the term, or name the domain whose MX hosts send the mail"));
			free(name);
		}
		return;
	}
	for (size_t i = 0; i < mx.count; i++) {
		const struct zl_record *m = &g->records[mx.ids[i]];
		const uint8_t *host = zl_graph_rdata(g, m) + 2;

		if ((m->flags & ZL_REC_BROKEN) || m->rdata_len < 3 || host[0] == 0)
			continue;
		check_host(c, problem, record, t, term, host, mx.ids[i]);
	}
}

/* True when term of t is an a or mx term whose target the rules can check,
 * and store the target in wire. */
static bool
checkable_host_term(const struct zl_graph *g, uint32_t record, const struct zl_spf_text *t,
    const struct zl_spf_term *term, uint8_t wire[ZL_NAME_MAX])
{
	uint32_t glued;

	/* A term glued to the next one is spf-split's finding. */
	return (term->kind == ZL_SPF_A || term->kind == ZL_SPF_MX) && !term->has_errors &&
	    !zl_spf_find_glued_term(t->text, term, &glued) &&
	    zl_spf_term_target(g, g->records[record].owner, t->text, term, wire);
}

/* Count the a terms of t whose host has A records but no AAAA record.
 * For an IPv6 sender each of them is a void lookup. */
static size_t
count_ipv4_only_a_terms(const struct zl_graph *g, uint32_t record, const struct zl_spf_text *t)
{
	size_t count = 0;

	for (size_t k = 0; k < t->parsed.nterms; k++) {
		const struct zl_spf_term *term = &t->parsed.terms[k];
		struct zl_spf_answer a4, a6;
		uint8_t wire[ZL_NAME_MAX];

		if (term->kind == ZL_SPF_A && checkable_host_term(g, record, t, term, wire) &&
		    host_has_problem(g, ZL_SPF_HOST_NO_IPV6, wire, &a4, &a6))
			count++;
	}
	return count;
}

/* Add to *problems the bits of the problems of host, the target of an a
 * term or an MX host. */
static void
add_host_problems(const struct zl_graph *g, const uint8_t *host, bool is_a, unsigned *problems,
    size_t *ipv4_only)
{
	struct zl_spf_answer a4, a6;

	if (host_has_problem(g, ZL_SPF_HOST_NO_ADDRESS, host, &a4, &a6))
		*problems |= 1u << ZL_SPF_HOST_NO_ADDRESS;
	else if (a4.reach != ZL_SPF_REACH_ZONE || a6.reach != ZL_SPF_REACH_ZONE)
		return;
	else if (a4.count == 0)
		*problems |= 1u << ZL_SPF_HOST_NO_IPV4;
	else if (a6.count == 0 && is_a)
		(*ipv4_only)++;
}

unsigned
zl_spf_host_problems(const struct zl_graph *g, const struct zl_spf_text *t)
{
	unsigned problems = 0;
	size_t ipv4_only = 0;

	for (size_t k = 0; k < t->parsed.nterms; k++) {
		const struct zl_spf_term *term = &t->parsed.terms[k];
		struct zl_spf_answer mx;
		uint8_t wire[ZL_NAME_MAX];

		if (!checkable_host_term(g, t->record, t, term, wire))
			continue;
		if (term->kind == ZL_SPF_A) {
			add_host_problems(g, wire, true, &problems, &ipv4_only);
			continue;
		}
		zl_spf_query(g, wire, ZL_TYPE_MX, &mx);
		if (mx.reach != ZL_SPF_REACH_ZONE)
			continue;
		if (mx.count == 0)
			problems |= 1u << ZL_SPF_HOST_NO_ADDRESS;
		for (size_t i = 0; i < mx.count; i++) {
			const struct zl_record *m = &g->records[mx.ids[i]];
			const uint8_t *host = zl_graph_rdata(g, m) + 2;

			if ((m->flags & ZL_REC_BROKEN) || m->rdata_len < 3 || host[0] == 0)
				continue;
			add_host_problems(g, host, false, &problems, &ipv4_only);
		}
	}
	if (ipv4_only >= 2)
		problems |= 1u << ZL_SPF_HOST_NO_IPV6;
	return problems;
}

void
zl_spf_check_hosts(struct zl_check *c, enum zl_spf_host_problem problem)
{
	const struct zl_graph *g = c->graph;
	const struct zl_spf_cache *cache = zl_spf_cache_get(g);
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(cache, &count);

	for (size_t r = 0; r < count; r++) {
		uint32_t i = ids[r];
		struct zl_spf_text t;
		unsigned problems;

		/* The record's problems, found once for the three rules, leave
		 * out most records before their terms are looked at again. */
		if (zl_spf_cache_host_problems(g, i, &problems) && !(problems & (1u << problem)))
			continue;
		if (!zl_spf_text_load(g, i, &t))
			continue;

		/* One IPv4-only host is one void lookup for IPv6 senders, well
		 * within the limit of two (RFC 7208 section 4.6.4), and such a
		 * host sends over IPv4 anyway; two or more use up the limit. */
		if (problem == ZL_SPF_HOST_NO_IPV6 && count_ipv4_only_a_terms(g, (uint32_t)i, &t) < 2) {
			zl_spf_text_fini(&t);
			continue;
		}
		for (size_t k = 0; k < t.parsed.nterms; k++) {
			const struct zl_spf_term *term = &t.parsed.terms[k];
			uint8_t wire[ZL_NAME_MAX];

			if (!checkable_host_term(g, (uint32_t)i, &t, term, wire))
				continue;

			/* IPv6 senders rarely send from the mail exchangers, and
			 * whether those receive over IPv6 is no SPF question, so
			 * an mx term is not checked for AAAA records. */
			if (term->kind == ZL_SPF_A)
				check_host(c, problem, (uint32_t)i, &t, term, wire, ZL_NONE);
			else if (problem != ZL_SPF_HOST_NO_IPV6)
				check_mx_term(c, problem, (uint32_t)i, &t, term, wire);
		}
		zl_spf_text_fini(&t);
	}
}
