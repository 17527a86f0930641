/* dkim-testing: DKIM keys in testing mode (t=y). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dkim.h"
#include "i18n.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* RFC 6376 section 3.6.1: with t=y, verifiers must not treat mail from a
 * signer in testing mode differently from unsigned mail. */
static void
check_dkim_testing(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t nids;
	struct zl_dkim_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	ids = zl_mail_key_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];
		const struct zl_tag *t;
		struct zl_diag *d;

		zl_mail_prefetch_ahead(g, ids, nids, at);
		if (!zl_mail_dkim_facts(g, i, &text, rec) || !(rec->flags & ZL_DKIM_FLAG_TESTING) ||
		    !zl_mail_dkim_get(g, i, &text, rec))
			continue;
		t = zl_tagval_find(&rec->tags, "t");
		if (t == NULL)
			continue;
		d = zl_report(c, ZL_INFO, zl_txt_position(g, i, t->spec_off), g->records[i].owner,
		    ZL_TYPE_TXT, _("'t=y' marks the key as in testing: verifiers may treat signed mail like unsigned mail"));
		zl_diag_hint(d, _("remove 'y' from 't=' once signing works"));
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dkim_testing = {
	.id = "dkim-testing",
	.severity = ZL_INFO,
	.summary = N_("DKIM key in testing mode"),
	.check = check_dkim_testing,
};
