/* Mail posture: what each mail domain of the loaded zones publishes for
 * SPF, DKIM, DMARC, MTA-STS, TLS-RPT and BIMI, and how strong it is. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "posture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkim.h"
#include "lookup.h"
#include "mailrec.h"
#include "mailtxt.h"
#include "name.h"
#include "spf.h"
#include "spf_eval.h"
#include "txtpos.h"
#include "util.h"

/* Scratch space for one computation; the parsed records are large. */
struct work {
	const struct zl_graph *g;
	struct zl_strbuf text;		/* the record that find_records() returned, as published */
	struct zl_strbuf served;	/* scratch for served_text() */
	bool served_differs;		/* set by served_text() */
	uint32_t misencoded;		/* set by find_records() */
	struct zl_dkim_record dkim;
	struct zl_dmarc_record dmarc;
	struct zl_mtasts_record sts;
	struct zl_tlsrpt_record tlsrpt;
	struct zl_bimi_record bimi;
};

/* Return the id of LABEL.DOMAIN (label given as one wire label), or ZL_NONE. */
static uint32_t
child(const struct zl_graph *g, uint32_t domain, const char *labels)
{
	uint8_t dw[ZL_NAME_MAX], wire[ZL_NAME_MAX];
	size_t dlen = zl_graph_name_wire(g, domain, dw), llen = strlen(labels);

	if (llen + dlen > ZL_NAME_MAX)
		return ZL_NONE;
	memcpy(wire, labels, llen);
	memcpy(wire + llen, dw, dlen);
	return zl_graph_lookup(g, wire);
}

/* Put in w->text the text that servers publish for TXT record id, and set
 * w->served_differs when that is not the stored (meant) text.  Returns
 * false when they publish no TXT record for it. */
static bool
served_text(struct work *w, uint32_t id)
{
	w->served_differs = false;
	if (!zl_mail_txt(w->g, id, &w->text))
		return false;
	w->served.len = 0;
	switch (zl_txt_served(w->g, id, &w->served)) {
	case ZL_TXT_SERVED_AS_STORED:
		return true;
	case ZL_TXT_SERVED_NOTHING:
		w->served_differs = true;
		return false;
	case ZL_TXT_SERVED_TEXT:
		break;
	}
	if (w->served.len == w->text.len &&
	    (w->served.len == 0 || memcmp(w->served.data, w->text.data, w->text.len) == 0))
		return true;
	w->served_differs = true;
	w->text.len = 0;
	zl_strbuf_add(&w->text, w->served.data != NULL ? w->served.data : "", w->served.len);
	if (w->text.data == NULL)
		zl_strbuf_adds(&w->text, "");
	return true;
}

/* Return whether the zone closest to the record's owner serves the
 * record: copies in other zones and records below a delegation are not
 * served. */
static bool
served_here(const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];

	return zl_record_zone(g, r) == zl_graph_zone_of(g, r->owner) && zl_lookup_is_served(g, r);
}

/* Return whether the zone closest to name serves a record of type at
 * it. */
static bool
has_served(const struct zl_graph *g, uint32_t name, uint16_t type)
{
	size_t n;
	const uint32_t *ids;

	if (name == ZL_NONE)
		return false;
	ids = zl_graph_rrset(g, name, zl_graph_zone_of(g, name), type, &n);
	for (size_t i = 0; i < n; i++) {
		if (zl_lookup_is_served(g, &g->records[ids[i]]))
			return true;
	}
	return false;
}

/* Return whether an MX record of name that the zone closest to it serves
 * is a null MX (RFC 7505). */
static bool
has_null_mx(const struct zl_graph *g, uint32_t name)
{
	size_t n;
	const uint32_t *ids = zl_graph_rrset(g, name, zl_graph_zone_of(g, name), ZL_TYPE_MX, &n);

	for (size_t i = 0; i < n; i++) {
		const struct zl_record *r = &g->records[ids[i]];

		if (zl_lookup_is_served(g, r) && zl_mail_is_null_mx(g, r))
			return true;
	}
	return false;
}

/* Count the TXT records of name that servers publish as records of kind,
 * return the first, and leave its published text in w->text.  Sets
 * w->misencoded to a record meant as kind but published otherwise, or to
 * ZL_NONE. */
static uint32_t
find_records(struct work *w, uint32_t name, enum zl_mail_kind kind, size_t *count)
{
	const uint32_t *ids;
	size_t n;
	uint32_t first = ZL_NONE;

	*count = 0;
	w->misencoded = ZL_NONE;
	if (name == ZL_NONE)
		return ZL_NONE;
	/* Only the zone closest to the name serves its records, and not below
	 * one of its delegations, where resolvers get a referral. */
	ids = zl_graph_rrset(w->g, name, zl_graph_zone_of(w->g, name), ZL_TYPE_TXT, &n);
	for (size_t i = 0; i < n; i++) {
		bool meant, published;

		if (!zl_lookup_is_served(w->g, &w->g->records[ids[i]]) ||
		    !zl_mail_txt(w->g, ids[i], &w->text))
			continue;
		meant = zl_mail_kind_of(w->text.data, w->text.len) == kind;
		published = served_text(w, ids[i]) &&
		    zl_mail_kind_of(w->text.data, w->text.len) == kind;
		if (published) {
			if (first == ZL_NONE)
				first = ids[i];
			(*count)++;
		}
		if (meant && w->served_differs && w->misencoded == ZL_NONE)
			w->misencoded = ids[i];
	}
	if (first != ZL_NONE)
		served_text(w, first);
	return first;
}

static enum zl_posture_state
state_of(uint32_t record, size_t count, bool valid)
{
	if (record == ZL_NONE)
		return ZL_POSTURE_MISSING;
	if (count > 1)
		return ZL_POSTURE_MULTIPLE;
	return valid ? ZL_POSTURE_VALID : ZL_POSTURE_INVALID;
}

/* Write to all the "all" term ("-all") or "redirect" of the SPF record
 * text[0, len), or "" when it has neither.  Returns false when the text
 * has a syntax error. */
static bool
spf_all_of(const char *text, size_t len, char all[12])
{
	static const char qualifiers[] = "+-~?";
	struct zl_spf_record rec;
	bool valid;

	all[0] = '\0';
	if (zl_spf_parse(text, len, &rec) != 0)
		return false;
	valid = rec.nerrors == 0;
	for (size_t i = 0; i < rec.nterms; i++) {
		if (rec.terms[i].kind == ZL_SPF_ALL)
			snprintf(all, 12, "%call", qualifiers[rec.terms[i].qualifier]);
		else if (rec.terms[i].kind == ZL_SPF_REDIRECT && all[0] == '\0')
			snprintf(all, 12, "redirect");
	}
	zl_spf_record_fini(&rec);
	return valid;
}

static void
fill_spf(struct work *w, struct zl_posture *p)
{
	size_t count;
	uint32_t r = find_records(w, p->domain, ZL_MAIL_SPF, &count);
	uint32_t misencoded = w->misencoded;
	bool valid = false;

	if (r != ZL_NONE)
		valid = spf_all_of(w->text.data, w->text.len, p->spf_all);
	/* Receivers stop a policy over the lookup limits with permerror,
	 * whatever its all term is. */
	if (valid && count == 1) {
		struct zl_spf_eval ev;

		if (zl_spf_evaluate_counts(w->g, r, &ev)) {
			valid = !zl_spf_eval_fails_everyone(&ev);
			zl_spf_eval_fini(&ev);
		}
	}
	p->spf = state_of(r, count, valid);
	if (misencoded != ZL_NONE && zl_mail_txt(w->g, misencoded, &w->text)) {
		p->spf_misencoded = true;
		spf_all_of(w->text.data, w->text.len, p->spf_meant_all);
	}
}

/* The DKIM part of the posture of one domain. */
struct dkim_facts {
	uint32_t domain;		/* name id */
	uint32_t selectors, keys;	/* dkim_selectors and dkim_keys of struct zl_posture */
	unsigned weakest_bits;
	bool ed25519;
};

/* A record at SELECTOR._domainkey.DOMAIN. */
struct selector_record {
	uint32_t domain, owner, record;
};

/* Order by domain, then owner, then record, so that the records of one
 * selector name are adjacent wherever the zone file put them. */
static int
compare_selector_records(const void *a, const void *b)
{
	const struct selector_record *x = a, *y = b;

	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->owner != y->owner)
		return x->owner < y->owner ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

/* Add to f the key of record, when the record publishes one. */
static void
add_key(struct work *w, struct dkim_facts *f, uint32_t record)
{
	if (!served_text(w, record))
		return;
	zl_dkim_parse(&w->dkim, w->text.data, w->text.len);
	if (w->dkim.key.error != ZL_DER_OK || w->dkim.key.format == ZL_DKIM_KEY_NONE)
		return;
	f->keys++;
	if (w->dkim.key.format == ZL_DKIM_KEY_ED25519_RAW ||
	    w->dkim.key.format == ZL_DKIM_KEY_ED25519_SPKI)
		f->ed25519 = true;
	else if (f->weakest_bits == 0 || w->dkim.key.bits < f->weakest_bits)
		f->weakest_bits = w->dkim.key.bits;
}

/* Gather the DKIM part of the posture of every domain that has records
 * at selector names: collect those records, sort them, and add up each
 * domain's.  Return the facts in increasing order of domain (free()
 * them) and set *count.  The memory grows with the records at selector
 * names, not with the names of the graph. */
static struct dkim_facts *
gather_dkim(struct work *w, size_t *count)
{
	const struct zl_graph *g = w->g;
	struct selector_record *seen = NULL;
	struct dkim_facts *facts = NULL;
	size_t nseen = 0, seen_cap = 0, nfacts = 0, facts_cap = 0;

	for (uint32_t i = 0; i < g->nrecords; i++) {
		struct selector_record s = { 0, g->records[i].owner, i };

		if (zl_mail_dkim_selector_name(g, s.owner, &s.domain) && served_here(g, i))
			ZL_PUSH(seen, nseen, seen_cap, s);
	}
	if (nseen > 1)
		qsort(seen, nseen, sizeof(*seen), compare_selector_records);
	for (size_t i = 0; i < nseen; i++) {
		struct dkim_facts *f;

		if (i == 0 || seen[i].domain != seen[i - 1].domain) {
			struct dkim_facts fresh = { .domain = seen[i].domain };

			ZL_PUSH(facts, nfacts, facts_cap, fresh);
		}
		f = &facts[nfacts - 1];
		if (f->selectors == 0 || seen[i].owner != seen[i - 1].owner)
			f->selectors++;
		add_key(w, f, seen[i].record);
	}
	free(seen);
	*count = nfacts;
	return facts;
}

/* Return the facts of domain, or NULL when it has no selector names. */
static const struct dkim_facts *
dkim_facts_of(const struct dkim_facts *facts, size_t count, uint32_t domain)
{
	size_t lo = 0, hi = count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (facts[mid].domain < domain)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < count && facts[lo].domain == domain ? &facts[lo] : NULL;
}

static void
fill_dmarc(struct work *w, struct zl_posture *p)
{
	size_t count;
	uint32_t r = find_records(w, child(w->g, p->domain, "\6_dmarc"), ZL_MAIL_DMARC, &count);
	uint32_t misencoded = w->misencoded;
	bool valid = false;

	if (r != ZL_NONE) {
		zl_dmarc_parse(&w->dmarc, w->text.data, w->text.len);
		valid = w->dmarc.version_ok && w->dmarc.p != ZL_DMARC_POLICY_INVALID &&
		    w->dmarc.sp != ZL_DMARC_POLICY_INVALID;
		/* A record without p= reads as p=none (RFC 9989). */
		p->dmarc_p = w->dmarc.p == ZL_DMARC_POLICY_ABSENT ? ZL_DMARC_POLICY_NONE : w->dmarc.p;
		p->dmarc_sp = w->dmarc.sp;
		p->dmarc_testing = w->dmarc.t == 'y';
	}
	p->dmarc = state_of(r, count, valid);
	if (misencoded != ZL_NONE && zl_mail_txt(w->g, misencoded, &w->text)) {
		zl_dmarc_parse(&w->dmarc, w->text.data, w->text.len);
		p->dmarc_misencoded = true;
		p->dmarc_meant_p = w->dmarc.p == ZL_DMARC_POLICY_ABSENT ? ZL_DMARC_POLICY_NONE : w->dmarc.p;
	}
}

static void
fill_others(struct work *w, struct zl_posture *p)
{
	const struct zl_graph *g = w->g;
	size_t count;
	uint32_t r, host;

	r = find_records(w, child(g, p->domain, "\10_mta-sts"), ZL_MAIL_STS, &count);
	if (r != ZL_NONE)
		zl_mtasts_parse(&w->sts, w->text.data, w->text.len);
	p->mta_sts = state_of(r, count, r != ZL_NONE && w->sts.findings.count == 0 &&
	    w->sts.tags.findings.count == 0);
	host = child(g, p->domain, "\7mta-sts");
	p->mta_sts_host = has_served(g, host, ZL_TYPE_A) || has_served(g, host, ZL_TYPE_AAAA) ||
	    has_served(g, host, ZL_TYPE_CNAME);

	r = find_records(w, child(g, p->domain, "\5_smtp\4_tls"), ZL_MAIL_TLSRPT, &count);
	if (r != ZL_NONE)
		zl_tlsrpt_parse(&w->tlsrpt, w->text.data, w->text.len);
	p->tlsrpt = state_of(r, count, r != ZL_NONE && w->tlsrpt.findings.count == 0 &&
	    w->tlsrpt.rua_valid);

	r = find_records(w, child(g, p->domain, "\7default\5_bimi"), ZL_MAIL_BIMI, &count);
	if (r != ZL_NONE)
		zl_bimi_parse(&w->bimi, w->text.data, w->text.len);
	p->bimi = state_of(r, count, r != ZL_NONE && w->bimi.findings.count == 0);
}

/* Strong protection needs all three of SPF, DKIM and DMARC in force;
 * weak means neither an enforcing DMARC policy nor a usable SPF record. */
static enum zl_posture_strength
strength_of(const struct zl_posture *p)
{
	bool spf_ok = p->spf == ZL_POSTURE_VALID &&
	    (strcmp(p->spf_all, "-all") == 0 || strcmp(p->spf_all, "~all") == 0);
	bool dkim_ok = p->dkim_keys > 0 && (p->dkim_weakest_bits == 0 || p->dkim_weakest_bits >= 2048);
	bool dmarc_ok = p->dmarc == ZL_POSTURE_VALID && !p->dmarc_testing &&
	    p->dmarc_p >= ZL_DMARC_POLICY_QUARANTINE;

	if (p->null_mx && p->spf == ZL_POSTURE_VALID && strcmp(p->spf_all, "-all") == 0)
		return ZL_POSTURE_NO_MAIL;
	if (spf_ok && dkim_ok && dmarc_ok)
		return ZL_POSTURE_STRONG;
	if (!dmarc_ok && !spf_ok)
		return ZL_POSTURE_WEAK;
	return ZL_POSTURE_MODERATE;
}

/* Return whether name is a mail domain: MX, SPF, or a DMARC policy. */
static bool
is_mail_domain(struct work *w, uint32_t name)
{
	size_t count;

	if (zl_graph_zone_of(w->g, name) == ZL_NONE)
		return false;
	if (has_served(w->g, name, ZL_TYPE_MX))
		return true;
	if (find_records(w, name, ZL_MAIL_SPF, &count) != ZL_NONE || w->misencoded != ZL_NONE)
		return true;
	return find_records(w, child(w->g, name, "\6_dmarc"), ZL_MAIL_DMARC, &count) != ZL_NONE ||
	    w->misencoded != ZL_NONE;
}

/* Return whether p is an SPF policy name that only other policies reach,
 * not a domain that sends or receives mail.  Such a name has no MX, no
 * DMARC record and no DKIM selector, and its first label starts with '_',
 * which the host names of SMTP cannot (RFC 5321 section 4.1.2), so only
 * an include: or redirect= reaches its policy.  A name without '_' may
 * send mail of its own, so it stays listed even when a policy includes
 * it.  So does a policy that passes every sender ("+all") or gives no
 * verdict ("?all"), because every domain that includes it shares that
 * weakness. */
static bool
is_policy_only(const struct zl_graph *g, const struct zl_posture *p)
{
	const uint8_t *label = zl_graph_name_label(g, p->domain);

	if (p->mx || p->dmarc != ZL_POSTURE_MISSING || p->dmarc_misencoded ||
	    p->dkim_selectors > 0 || strcmp(p->spf_all, "+all") == 0 ||
	    strcmp(p->spf_all, "?all") == 0)
		return false;
	return label[0] > 0 && label[1] == '_';
}

/* The domain text of one posture and the posture's index in the list,
 * for sorting. */
struct named {
	char *text;	/* owned */
	uint32_t at;	/* index in the list */
};

static int
cmp_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->text, ((const struct named *)b)->text);
}

/* Sort list[0, len) by the presentation text of the domains.  The order
 * is found for the texts and their indexes alone, and the postures are
 * then moved into place by following the cycles of the permutation, so
 * that no second array of postures is needed. */
static void
sort_by_name(const struct zl_graph *g, struct zl_posture *list, size_t len)
{
	struct named *order = zl_xcalloc(len > 0 ? len : 1, sizeof(*order));

	for (size_t i = 0; i < len; i++) {
		order[i].text = zl_graph_name_text(g, list[i].domain);
		order[i].at = (uint32_t)i;
	}
	qsort(order, len, sizeof(*order), cmp_named);
	for (size_t i = 0; i < len; i++) {
		free(order[i].text);
		order[i].text = NULL;
	}
	/* list[i] takes the posture at order[i].at.  Follow each cycle of
	 * that permutation once; a done entry points at itself. */
	for (size_t i = 0; i < len; i++) {
		struct zl_posture first;
		size_t to = i;

		if (order[i].at == i)
			continue;
		first = list[i];
		while (order[to].at != i) {
			size_t from = order[to].at;

			list[to] = list[from];
			order[to].at = (uint32_t)to;
			to = from;
		}
		list[to] = first;
		order[to].at = (uint32_t)to;
	}
	free(order);
}

size_t
zl_posture_compute(const struct zl_graph *g, struct zl_posture **out)
{
	struct work *w;
	struct zl_posture *list = NULL;
	struct dkim_facts *dkim;
	size_t len = 0, cap = 0, ndkim;

	/* A joined graph cannot tell which part a name looked up by its text
	 * belongs to, so its parts' postures were computed before joining. */
	if (g->posture != NULL) {
		*out = zl_xmalloc((g->nposture ? g->nposture : 1) * sizeof(**out));
		memcpy(*out, g->posture, g->nposture * sizeof(**out));
		return g->nposture;
	}
	w = zl_xcalloc(1, sizeof(*w));
	w->g = g;
	zl_strbuf_init(&w->text);
	zl_strbuf_init(&w->served);
	dkim = gather_dkim(w, &ndkim);
	for (uint32_t n = 0; n < g->nnames; n++) {
		struct zl_posture p;
		const struct dkim_facts *f;

		if (!is_mail_domain(w, n))
			continue;
		memset(&p, 0, sizeof(p));
		p.domain = n;
		p.mx = has_served(g, n, ZL_TYPE_MX);
		p.null_mx = has_null_mx(g, n);
		fill_spf(w, &p);
		f = dkim_facts_of(dkim, ndkim, n);
		if (f != NULL) {
			p.dkim_selectors = f->selectors;
			p.dkim_keys = f->keys;
			p.dkim_weakest_bits = f->weakest_bits;
			p.dkim_ed25519 = f->ed25519;
		}
		fill_dmarc(w, &p);
		if (is_policy_only(g, &p))
			continue;
		fill_others(w, &p);
		p.strength = strength_of(&p);
		ZL_PUSH(list, len, cap, p);
	}
	zl_strbuf_fini(&w->text);
	zl_strbuf_fini(&w->served);
	free(dkim);
	free(w);

	sort_by_name(g, list, len);
	*out = list;
	return len;
}

const char *
zl_posture_state_name(enum zl_posture_state state)
{
	switch (state) {
	case ZL_POSTURE_MISSING: return "missing";
	case ZL_POSTURE_INVALID: return "invalid";
	case ZL_POSTURE_MULTIPLE: return "multiple";
	case ZL_POSTURE_VALID: return "valid";
	}
	return "missing";
}

const char *
zl_posture_strength_name(enum zl_posture_strength strength)
{
	switch (strength) {
	case ZL_POSTURE_WEAK: return "weak";
	case ZL_POSTURE_MODERATE: return "moderate";
	case ZL_POSTURE_STRONG: return "strong";
	case ZL_POSTURE_NO_MAIL: return "no-mail";
	}
	return "weak";
}
