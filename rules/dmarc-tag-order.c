/* dmarc-tag-order: p= not directly after v=DMARC1. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dmarc.h"
#include "i18n.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

static void
check_dmarc_tag_order(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t nids;
	struct zl_dmarc_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	ids = zl_mail_dmarc_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];
		if (zl_mail_dmarc_listed_place(g, at, NULL) != ZL_DMARC_AT_POLICY)
			continue;
		zl_mail_dmarc_get(g, i, &text, rec);
		for (size_t k = 0; k < rec->findings.count; k++) {
			const struct zl_finding *f = &rec->findings.items[k];
			struct zl_diag *d;

			if (f->code != ZL_DMARC_P_NOT_SECOND)
				continue;
			d = zl_report(c, ZL_INFO, zl_txt_position(g, i, f->off), g->records[i].owner,
			    ZL_TYPE_TXT,
			    _("'p=' does not follow 'v=DMARC1' directly: RFC 9989 allows any order, but the grammar of RFC 7489 requires 'p=' second, and receivers that parse strictly may discard the record"));
			zl_diag_hint(d, _("move the 'p=' tag right after 'v=DMARC1;'"));
		}
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dmarc_tag_order = {
	.id = "dmarc-tag-order",
	.severity = ZL_INFO,
	.summary = N_("DMARC record whose p= tag does not follow v=DMARC1 directly"),
	.check = check_dmarc_tag_order,
};
