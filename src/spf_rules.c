/* Helpers that the spf-* rules share. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_rules.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "name.h"
#include "rdata.h"
#include "rule.h"
#include "spf_eval.h"
#include "txtpos.h"
#include "util.h"

bool
zl_spf_text_load(const struct zl_graph *g, uint32_t record, struct zl_spf_text *out)
{
	const struct zl_record *r = &g->records[record];
	struct zl_strbuf sb;

	memset(out, 0, sizeof(*out));
	if (r->flags & ZL_REC_BROKEN)
		return false;
	zl_strbuf_init(&sb);
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &sb);
	out->len = sb.len;
	out->text = sb.data ? zl_strbuf_detach(&sb) : zl_xstrdup("");
	if (zl_spf_parse(out->text, out->len, &out->parsed) != 0) {
		free(out->text);
		memset(out, 0, sizeof(*out));
		return false;
	}
	out->record = record;
	return true;
}

void
zl_spf_text_fini(struct zl_spf_text *t)
{
	free(t->text);
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

/* Report host (a name in wire form) of term when it has the problem. */
static void
check_host(struct zl_check *c, enum zl_spf_host_problem problem, uint32_t record,
    const struct zl_spf_text *t, const struct zl_spf_term *term, const uint8_t *host,
    bool is_mx)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_answer a4, a6;
	struct zl_pos pos;
	struct zl_diag *d = NULL;
	char *name, *text;

	zl_spf_query(g, host, ZL_TYPE_A, &a4);
	zl_spf_query(g, host, ZL_TYPE_AAAA, &a6);
	if (a4.reach != ZL_SPF_REACH_ZONE || a6.reach != ZL_SPF_REACH_ZONE)
		return;
	if (problem == ZL_SPF_HOST_NO_ADDRESS && (a4.count > 0 || a6.count > 0))
		return;
	if (problem == ZL_SPF_HOST_NO_IPV4 && (a4.count > 0 || a6.count == 0))
		return;
	if (problem == ZL_SPF_HOST_NO_IPV6 && (a6.count > 0 || a4.count == 0))
		return;

	pos = zl_txt_position(g, record, term->offset);
	name = zl_name_text(host);
	text = zl_xstrndup(t->text + term->offset, term->len);
	switch (problem) {
	case ZL_SPF_HOST_NO_ADDRESS:
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
		if (is_mx)
			d = zl_report(c, ZL_INFO, pos, r->owner, r->type,
			    _("'%s': MX host '%s' has no AAAA record, so its mail over IPv6 does not match this term"),
			    text, name);
		else
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
		check_host(c, problem, record, t, term, host, true);
	}
}

void
zl_spf_check_hosts(struct zl_check *c, enum zl_spf_host_problem problem)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrecords; i++) {
		struct zl_spf_text t;

		if (!zl_spf_record_is_spf(g, (uint32_t)i) || !zl_spf_text_load(g, (uint32_t)i, &t))
			continue;
		for (size_t k = 0; k < t.parsed.nterms; k++) {
			const struct zl_spf_term *term = &t.parsed.terms[k];
			uint8_t wire[ZL_NAME_MAX];

			uint32_t glued;

			/* A term glued to the next one is spf-split's finding. */
			if ((term->kind != ZL_SPF_A && term->kind != ZL_SPF_MX) || term->has_errors ||
			    zl_spf_find_glued_term(t.text, term, &glued) ||
			    !zl_spf_term_target(g, g->records[i].owner, t.text, term, wire))
				continue;
			if (term->kind == ZL_SPF_A)
				check_host(c, problem, (uint32_t)i, &t, term, wire, false);
			else
				check_mx_term(c, problem, (uint32_t)i, &t, term, wire);
		}
		zl_spf_text_fini(&t);
	}
}
