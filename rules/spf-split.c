/* spf-split: an SPF policy cut in the wrong place, between strings or
 * between records. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "rdata.h"
#include "mailtag.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "txtpos.h"
#include "util.h"

/* Most glued places looked for in one record. */
#define MAX_GLUES 32
#define MAX_STRINGS 256
#define MAX_AT_NAME 16

/* Find the places in text where a term runs into the next one and store
 * their offsets, in increasing order.  Each place found gets a space in a
 * copy of the text, which is then parsed again, so that a chain of glued
 * terms ("a:xa:ya:z") is found in full.  Returns the count and the
 * corrected text in *fixed (free() it). */
static size_t
find_glues(const char *text, size_t len, uint32_t *glues, char **fixed)
{
	struct zl_strbuf cur;
	size_t n = 0;

	zl_strbuf_init(&cur);
	zl_strbuf_add(&cur, text, len);
	while (n < MAX_GLUES) {
		struct zl_spf_record rec;
		uint32_t at = 0;
		bool found = false;

		if (zl_spf_parse(cur.data, cur.len, &rec) != 0)
			break;
		for (size_t i = 0; i < rec.nterms && !found; i++)
			found = zl_spf_find_glued_term(cur.data, &rec.terms[i], &at);
		zl_spf_record_fini(&rec);
		if (!found)
			break;

		/* Offsets in the original text: minus the spaces added before. */
		glues[n] = at - (uint32_t)n;
		n++;
		{
			struct zl_strbuf next;

			zl_strbuf_init(&next);
			zl_strbuf_add(&next, cur.data, at);
			zl_strbuf_addc(&next, ' ');
			zl_strbuf_add(&next, cur.data + at, cur.len - at);
			zl_strbuf_fini(&cur);
			cur = next;
		}
	}
	*fixed = zl_strbuf_detach(&cur);
	return n;
}

static bool
is_string_start(const size_t *starts, size_t nstarts, size_t off)
{
	for (size_t i = 1; i < nstarts && i < MAX_STRINGS; i++) {
		if (starts[i] == off)
			return true;
	}
	return false;
}

/* The index of the term of t that contains offset off, or t's term count
 * when no term does. */
static size_t
term_index_at(const struct zl_spf_text *t, size_t off)
{
	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];

		if (off >= term->offset && off < term->offset + term->len)
			return i;
	}
	return t->parsed.nterms;
}

/* Report one term of t into which glues[0..n) run several terms, at the
 * first glue.  fixed is the record with a blank at every glue. */
static void
report_glued_term(struct zl_check *c, const struct zl_spf_text *t, size_t term_index,
    const uint32_t *glues, size_t n, const size_t *starts, size_t nstarts, const char *fixed)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[t->record];
	struct zl_pos pos = zl_txt_position(g, t->record, glues[0]);
	bool all_at_string_starts = true;
	struct zl_diag *d;
	char *term;

	if (term_index < t->parsed.nterms) {
		const struct zl_spf_term *spf_term = &t->parsed.terms[term_index];

		term = zl_xstrndup(t->text + spf_term->offset, spf_term->len > 120 ? 120 : spf_term->len);
	} else {
		term = zl_xstrdup("");
	}
	for (size_t i = 0; i < n; i++)
		all_at_string_starts = all_at_string_starts && is_string_start(starts, nstarts, glues[i]);

	if (all_at_string_starts && n == 1)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("this string is joined to the previous one without a blank, so receivers read the single term '%s': a syntax error (permerror) or a query for a name that does not exist"),
		    term);
	else if (all_at_string_starts)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("this string and %zu more after it are each joined to the previous string without a blank, so receivers read the single term '%s': a syntax error (permerror) or a query for a name that does not exist"),
		    n - 1, term);
	else
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("terms run together without a blank into '%s': receivers read one term, a syntax error (permerror) or a query for a name that does not exist"),
		    term);
	zl_diag_hint(d, _("the record most likely meant is \"%s\""), fixed);
	free(term);
}

static bool
has_glued_term(const struct zl_spf_text *t)
{
	uint32_t at;

	for (size_t i = 0; i < t->parsed.nterms; i++) {
		if (zl_spf_find_glued_term(t->text, &t->parsed.terms[i], &at))
			return true;
	}
	return false;
}

/* Strings joined into a broken term (RFC 7208 section 3.3 joins the
 * strings of one record without adding anything).  Each broken term is
 * reported once, however many terms run into it. */
static void
check_glued(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_text t;
	uint32_t glues[MAX_GLUES];
	size_t starts[MAX_STRINGS], nstarts, n;
	char *fixed;

	if (!zl_spf_text_load(g, record, &t))
		return;

	/* find_glues() starts by parsing the text as it is, which t holds. */
	if (!has_glued_term(&t)) {
		zl_spf_text_fini(&t);
		return;
	}
	nstarts = zl_txt_string_starts(zl_graph_rdata(g, r), r->rdata_len, starts, MAX_STRINGS);
	n = find_glues(t.text, t.len, glues, &fixed);
	for (size_t first = 0; first < n;) {
		size_t term_index = term_index_at(&t, glues[first]);
		size_t end = first + 1;

		while (end < n && term_index_at(&t, glues[end]) == term_index)
			end++;
		report_glued_term(c, &t, term_index, glues + first, end - first, starts, nstarts, fixed);
		first = end;
	}
	free(fixed);
	zl_spf_text_fini(&t);
}

/* Load TXT record `record` as the policy "v=spf1 " followed by its text.
 * Parsed on its own, the record's first term would be taken for the
 * version and lost.  Returns false as zl_spf_text_load() does. */
static bool
load_as_policy(const struct zl_graph *g, uint32_t record, struct zl_spf_text *out)
{
	const struct zl_record *r = &g->records[record];
	struct zl_strbuf sb;

	if (r->flags & ZL_REC_BROKEN)
		return false;
	zl_strbuf_init(&sb);
	zl_strbuf_adds(&sb, "v=spf1 ");
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &sb);

	memset(out, 0, sizeof(*out));
	out->record = record;
	out->len = sb.len;
	out->owned_text = zl_strbuf_detach(&sb);
	out->text = out->owned_text;
	if (zl_spf_parse(out->text, out->len, &out->parsed) != 0) {
		free(out->owned_text);
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}

/* True when t, loaded by load_as_policy(), is made of SPF terms only, with
 * at least one mechanism that has an argument or a qualified "all": a
 * piece of a policy rather than some other text. */
static bool
looks_like_spf_terms(const struct zl_spf_text *t)
{
	if (t->parsed.nerrors != 0)
		return false;
	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];

		if (term->kind == ZL_SPF_UNKNOWN_MODIFIER || term->kind == ZL_SPF_INVALID)
			return false;
	}
	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];

		if (term->value_len > 0 || (term->kind == ZL_SPF_ALL && term->qualifier_explicit))
			return true;
	}
	return false;
}

/* TXT records at a name with an SPF record that continue the policy
 * without "v=spf1": receivers ignore them (RFC 7208 section 4.5), so
 * their terms are lost. */
static void
check_cut(struct zl_check *c, uint32_t name)
{
	const struct zl_graph *g = c->graph;
	uint32_t spf;
	size_t ntxt;
	const uint32_t *txt;
	struct zl_spf_text parts[2];

	/* A finding needs the SPF record and at least one other TXT record. */
	txt = zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), ZL_TYPE_TXT, &ntxt);
	if (ntxt < 2 || zl_spf_records_at(g, name, &spf, 1) != 1)
		return;
	for (size_t i = 0; i < ntxt; i++) {
		const struct zl_record *r = &g->records[txt[i]];
		struct zl_diag *d;
		struct zl_strbuf quoted;
		char *merged, *owner;

		if (zl_spf_record_is_spf(g, txt[i]) || !load_as_policy(g, txt[i], &parts[1]))
			continue;
		if (!looks_like_spf_terms(&parts[1]) || !zl_spf_text_load(g, spf, &parts[0])) {
			zl_spf_text_fini(&parts[1]);
			continue;
		}
		merged = zl_spf_merge(parts, 2);
		owner = zl_graph_name_text(g, name);
		d = zl_report(c, ZL_WARNING, zl_txt_position(g, txt[i], 0), name, r->type,
		    _("TXT record at '%s' holds SPF terms without 'v=spf1': receivers ignore it, because separate records are never joined, so these terms are missing from the policy on line %u"),
		    owner, g->records[spf].line);
		zl_strbuf_init(&quoted);
		zl_mail_add_quoted(&quoted, merged, strlen(merged));
		zl_diag_hint(d, _("move the terms into the SPF record and delete this one: %s"),
		    quoted.data);
		zl_strbuf_fini(&quoted);
		free(owner);
		free(merged);
		zl_spf_text_fini(&parts[0]);
		zl_spf_text_fini(&parts[1]);
	}
}

static void
check_spf_split(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const struct zl_spf_cache *cache = zl_spf_cache_get(g);
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(cache, &count);

	for (size_t i = 0; i < count; i++)
		check_glued(c, ids[i]);

	/* check_cut() needs an SPF record at the name. */
	ids = zl_spf_cache_owners(cache, &count);
	for (size_t i = 0; i < count; i++) {
		if (g->names[ids[i]].flags & ZL_NAME_HAS_DATA)
			check_cut(c, ids[i]);
	}
}

const struct zl_rule zl_rule_spf_split = {
	.id = "spf-split",
	.severity = ZL_ERROR,
	.summary = N_("SPF policy cut in the wrong place: strings joined into a broken term, or terms in a TXT record of their own"),
	.check = check_spf_split,
};
