/* spf-include-missing: include: and redirect= targets in the loaded
 * zones that publish no SPF record. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "rule.h"
#include "spf_cache.h"
#include "spf_eval.h"
#include "txtpos.h"

/* A target without an SPF record makes include: and redirect= return
 * permerror (RFC 7208 sections 5.2 and 6.1).  Only the loaded zones can
 * say so; other targets are left alone. */
static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_eval_summary summary;
	struct zl_spf_eval ev;

	if (zl_spf_cache_eval_summary(g, record, &summary) && !summary.missing)
		return;
	if (!zl_spf_evaluate(g, record, &ev))
		return;
	for (size_t i = 0; i < ev.nnodes; i++) {
		const struct zl_spf_node *n = &ev.nodes[i];
		const struct zl_spf_term *t = &ev.policies[0].parsed.terms[n->term];
		char *target;
		struct zl_diag *d;

		if (n->depth != 0 || !n->missing)
			continue;
		target = zl_xstrndup(ev.policies[0].text + t->domain_offset, t->domain_len);
		if (n->no_name)
			d = zl_report(c, ZL_ERROR, zl_txt_position(g, record, t->offset), r->owner,
			    r->type,
			    _("'%.*s' points at '%s', which does not exist in the loaded zones: receivers return permerror"),
			    (int)t->len, ev.policies[0].text + t->offset, target);
		else
			d = zl_report(c, ZL_ERROR, zl_txt_position(g, record, t->offset), r->owner,
			    r->type,
			    _("'%.*s' points at '%s', which has no SPF record: receivers return permerror"),
			    (int)t->len, ev.policies[0].text + t->offset, target);
		zl_diag_hint(d, _("publish a TXT record starting with 'v=spf1' at '%s', or correct the name"), target);
		free(target);
	}
	zl_spf_eval_fini(&ev);
}

static void
check_spf_include_missing(struct zl_check *c)
{
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(zl_spf_cache_get(c->graph), &count);

	for (size_t i = 0; i < count; i++)
		check_record(c, ids[i]);
}

const struct zl_rule zl_rule_spf_include_missing = {
	.id = "spf-include-missing",
	.severity = ZL_ERROR,
	.summary = N_("include: or redirect= target in the loaded zones without an SPF record"),
	.check = check_spf_include_missing,
};
