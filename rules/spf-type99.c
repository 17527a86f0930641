/* spf-type99: records of the obsolete SPF type (99). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "rule.h"
#include "spf_eval.h"

/* RFC 7208 section 3.1 (and section 14.1) retired the SPF RR type:
 * receivers query only TXT.  A type 99 record alone publishes nothing. */
static void
check_spf_type99(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	size_t n;
	const uint32_t *ids = zl_graph_type_records(g, ZL_TYPE_SPF, ZL_NONE, &n);

	for (size_t i = 0; i < n; i++) {
		const struct zl_record *r = &g->records[ids[i]];
		uint32_t txt;
		struct zl_diag *d;

		if (zl_spf_records_at(g, r->owner, &txt, 1) > 0) {
			d = zl_report(c, ZL_INFO, zl_record_type_pos(g, r), r->owner, r->type,
			    _("record type SPF (99) is obsolete and receivers ignore it; the TXT record at this name is the one they read"));
			zl_diag_hint(d, _("delete the SPF record, after checking that the TXT record says the same"));
		} else {
			d = zl_report(c, ZL_WARNING, zl_record_type_pos(g, r), r->owner, r->type,
			    _("record type SPF (99) is obsolete and receivers ignore it, and there is no TXT record with an SPF policy at this name"));
			zl_diag_hint(d, _("publish the policy as a TXT record"));
		}
	}
}

const struct zl_rule zl_rule_spf_type99 = {
	.id = "spf-type99",
	.severity = ZL_INFO,
	.summary = N_("record of the obsolete SPF type (99), which receivers ignore"),
	.check = check_spf_type99,
};
