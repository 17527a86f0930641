/* spf-multiple: more than one SPF record at one name. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "mailtag.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "util.h"

/* Most SPF records one name gets a hint for. */
#define MAX_AT_NAME 16

/* True when every address term of t is of the given kind and there is at
 * least one: a policy of only ip4: or only ip6: terms. */
static bool
only_family(const struct zl_spf_text *t, enum zl_spf_kind kind)
{
	size_t found = 0;

	for (size_t i = 0; i < t->parsed.nterms; i++) {
		enum zl_spf_kind k = t->parsed.terms[i].kind;

		if (k == ZL_SPF_IP4 || k == ZL_SPF_IP6) {
			if (k != kind)
				return false;
			found++;
		}
	}
	return found > 0;
}

static bool
same_rdata(const struct zl_graph *g, uint32_t a, uint32_t b)
{
	const struct zl_record *ra = &g->records[a], *rb = &g->records[b];

	return ra->rdata_len == rb->rdata_len &&
	    memcmp(zl_graph_rdata(g, ra), zl_graph_rdata(g, rb), ra->rdata_len) == 0;
}

/* Report every SPF record of name after the first.  Receivers return
 * permerror when a name has more than one (RFC 7208 section 4.5), even
 * when they are identical. */
static void
check_name(struct zl_check *c, uint32_t name)
{
	const struct zl_graph *g = c->graph;
	uint32_t ids[MAX_AT_NAME];
	struct zl_spf_text texts[MAX_AT_NAME];
	size_t n, ntxt, loaded = 0;
	char *merged, *owner;
	struct zl_strbuf quoted;

	/* Two SPF records need two TXT records, which most names lack. */
	zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), ZL_TYPE_TXT, &ntxt);
	if (ntxt < 2)
		return;
	n = zl_spf_records_at(g, name, ids, MAX_AT_NAME);
	if (n < 2)
		return;
	if (n > MAX_AT_NAME)
		n = MAX_AT_NAME;
	for (size_t i = 0; i < n; i++) {
		if (zl_spf_text_load(g, ids[i], &texts[loaded]))
			loaded++;
	}
	if (loaded < 2)
		goto done;
	merged = zl_spf_merge(texts, loaded);
	zl_strbuf_init(&quoted);
	zl_mail_add_quoted(&quoted, merged, strlen(merged));
	owner = zl_graph_name_text(g, name);
	for (size_t i = 1; i < loaded; i++) {
		const struct zl_record *r = &g->records[texts[i].record];
		uint32_t first_line = g->records[texts[0].record].line;
		struct zl_diag *d;

		/* Name servers drop a record whose RDATA repeats another one
		 * of the RRset (RFC 2181 section 5), but the same text cut
		 * into other strings is a second record. */
		if (same_rdata(g, texts[0].record, texts[i].record)) {
			d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), name, r->type,
			    _("SPF record at '%s' repeats the one on line %u: name servers publish one copy and drop this one"),
			    owner, first_line);
			zl_diag_hint(d, _("delete this record"));
			continue;
		}
		if (texts[i].len == texts[0].len && memcmp(texts[i].text, texts[0].text, texts[0].len) == 0) {
			d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), name, r->type,
			    _("second SPF record at '%s' with the same text as the one on line %u but cut into other strings: name servers publish both, and receivers return permerror when a name has more than one SPF record"),
			    owner, first_line);
			zl_diag_hint(d, _("delete this record"));
			continue;
		}
		if ((only_family(&texts[0], ZL_SPF_IP4) && only_family(&texts[i], ZL_SPF_IP6)) ||
		    (only_family(&texts[0], ZL_SPF_IP6) && only_family(&texts[i], ZL_SPF_IP4)))
			d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), name, r->type,
			    _("IPv4 and IPv6 networks are split over two SPF records at '%s' (the other is on line %u): receivers do not combine them but return permerror when a name has more than one SPF record"),
			    owner, first_line);
		else
			d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), name, r->type,
			    _("more than one SPF record at '%s' (the first is on line %u): receivers return permerror, so no mail from this name passes SPF"),
			    owner, first_line);
		zl_diag_hint(d, _("publish one record with every term: %s"), quoted.data);
	}
	free(owner);
	free(merged);
	zl_strbuf_fini(&quoted);
done:
	for (size_t i = 0; i < loaded; i++)
		zl_spf_text_fini(&texts[i]);
}

static void
check_spf_multiple(struct zl_check *c)
{
	size_t count;
	const uint32_t *owners = zl_spf_cache_owners(zl_spf_cache_get(c->graph), &count);

	/* Only names that own an SPF record can have one to report. */
	for (size_t i = 0; i < count; i++) {
		if (c->graph->names[owners[i]].flags & ZL_NAME_HAS_DATA)
			check_name(c, owners[i]);
	}
}

const struct zl_rule zl_rule_spf_multiple = {
	.id = "spf-multiple",
	.severity = ZL_ERROR,
	.summary = N_("more than one SPF record at one name, so receivers return permerror"),
	.check = check_spf_multiple,
};
