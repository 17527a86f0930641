/* spf-lookup-limit: policies that need more than 10 DNS-lookup terms, and
 * include loops. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "rule.h"
#include "spf_cache.h"
#include "spf_eval.h"
#include "txtpos.h"
#include "util.h"

/* RFC 7208 section 4.6.4: include, a, mx, ptr, exists and redirect count,
 * over the whole evaluation with every nested policy, and the 11th ends
 * it with permerror.  exp= and the address queries of mx do not count. */
#define LOOKUP_LIMIT 10
#define LOOKUP_NEAR 9

static struct zl_pos
top_term_pos(const struct zl_graph *g, const struct zl_spf_eval *ev, uint32_t term)
{
	const struct zl_spf_policy *top = &ev->policies[0];

	return zl_txt_position(g, top->record, top->parsed.terms[term].offset);
}

/* include: or redirect= that leads back into a policy being evaluated:
 * the evaluation never ends by itself, and receivers stop it with
 * permerror at the lookup limit.  Reported once per term of the top
 * policy that leads into the loop. */
static void
report_loops(struct zl_check *c, const struct zl_spf_eval *ev)
{
	const struct zl_graph *g = c->graph;
	const struct zl_spf_policy *top = &ev->policies[0];
	const struct zl_record *r = &g->records[top->record];
	uint32_t reported = ZL_NONE;

	for (size_t i = 0; i < ev->nnodes; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];
		const struct zl_spf_term *t = &top->parsed.terms[n->top_term];
		char *from, *target;
		struct zl_diag *d;

		if (!n->loop || n->top_term == reported)
			continue;
		reported = n->top_term;
		from = zl_graph_name_text(g, ev->policies[n->policy].owner);
		target = n->target != ZL_NONE ? zl_graph_name_text(g, n->target) : zl_xstrdup("");
		d = zl_report(c, ZL_ERROR, top_term_pos(g, ev, n->top_term), r->owner, r->type,
		    _("'%.*s' leads into an include loop: the policy at '%s' includes '%s' again, so the evaluation never ends and receivers return permerror"),
		    (int)t->len, top->text + t->offset, from, target);
		zl_diag_hint(d, _("remove the include: or redirect= that points back"));
		free(from);
		free(target);
	}
}

/* An mx term may look up the addresses of at most 10 MX hosts; more make
 * the term return permerror (RFC 7208 section 4.6.4). */
static void
report_mx_hosts(struct zl_check *c, const struct zl_spf_eval *ev)
{
	const struct zl_graph *g = c->graph;
	const struct zl_spf_policy *top = &ev->policies[0];
	const struct zl_record *r = &g->records[top->record];

	for (size_t i = 0; i < ev->nnodes; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];
		const struct zl_spf_term *t = &top->parsed.terms[n->term];
		char *target;
		struct zl_diag *d;

		if (n->depth != 0 || t->kind != ZL_SPF_MX || n->mx_hosts <= LOOKUP_LIMIT)
			continue;
		target = n->target != ZL_NONE ? zl_graph_name_text(g, n->target) : zl_xstrdup("");
		d = zl_report(c, ZL_ERROR, top_term_pos(g, ev, n->term), r->owner, r->type,
		    _("'%.*s': '%s' has %zu MX hosts, more than the 10 whose addresses an mx term may look up, so receivers return permerror"),
		    (int)t->len, top->text + t->offset, target, n->mx_hosts);
		zl_diag_hint(d, _("list the mail servers' networks with ip4: and ip6: instead of mx"));
		free(target);
	}
}

static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_eval_summary summary;
	struct zl_spf_eval ev;
	bool exact;
	struct zl_diag *d;

	if (zl_spf_cache_eval_summary(g, record, &summary) && !summary.loop &&
	    summary.mx_hosts <= LOOKUP_LIMIT && summary.lookups < LOOKUP_NEAR)
		return;
	if (!zl_spf_evaluate(g, record, &ev))
		return;
	report_loops(c, &ev);
	report_mx_hosts(c, &ev);
	exact = zl_spf_eval_exact(&ev);

	if (ev.lookups > LOOKUP_LIMIT) {
		uint32_t at = 0;

		/* The top-level term under which the 11th lookup happens. */
		for (size_t i = 0; i < ev.nnodes; i++) {
			if (ev.nodes[i].lookup_number > LOOKUP_LIMIT) {
				at = ev.nodes[i].top_term;
				break;
			}
		}
		if (exact)
			d = zl_report(c, ZL_ERROR, top_term_pos(g, &ev, at), r->owner, r->type,
			    _("%u DNS lookups, more than the limit of 10: receivers return permerror at this term"),
			    ev.lookups);
		else
			d = zl_report(c, ZL_ERROR, top_term_pos(g, &ev, at), r->owner, r->type,
			    _("at least %u lookups, more than the limit of 10; %u includes are outside the loaded zones: receivers return permerror at this term at the latest"),
			    ev.lookups, ev.unknown_includes);
		zl_diag_hint(d, _("replace include: and a or mx terms with ip4: and ip6: networks, or remove unused includes"));
	} else if (ev.lookups >= LOOKUP_NEAR) {
		struct zl_pos pos = zl_txt_position(g, record, 0);

		/* With unknown includes the real count is higher, but how much
		 * depends on policies this run cannot see. */
		if (exact)
			d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
			    _("%u DNS lookups, close to the limit of 10: one or two more terms, here or in an included policy, make receivers return permerror"),
			    ev.lookups);
		else
			d = zl_report(c, ZL_INFO, pos, r->owner, r->type,
			    _("at least %u lookups of the limit of 10; %u includes are outside the loaded zones, and any lookup term in their policies counts too"),
			    ev.lookups, ev.unknown_includes);
		zl_diag_hint(d, _("check the count with the included policies, and prefer ip4: and ip6: networks"));
	}
	zl_spf_eval_fini(&ev);
}

static void
check_spf_lookup_limit(struct zl_check *c)
{
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(zl_spf_cache_get(c->graph), &count);

	for (size_t i = 0; i < count; i++)
		check_record(c, ids[i]);
}

const struct zl_rule zl_rule_spf_lookup_limit = {
	.id = "spf-lookup-limit",
	.severity = ZL_ERROR,
	.summary = N_("SPF evaluation needs more than 10 DNS lookups, or includes itself"),
	.check = check_spf_lookup_limit,
};
