/* bimi-syntax: BIMI assertion records that receivers cannot use. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "mailcache.h"
#include "mailrec.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "rule.h"
#include "util.h"

/* The assertion record sits at SELECTOR._bimi.DOMAIN
 * (draft-brand-indicators-for-message-identification, section 4.3). */
static void
check_bimi_syntax(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_bimi_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;
	size_t n;
	const uint32_t *ids = zl_mail_service_records(g, &n);

	zl_strbuf_init(&text);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = ids[k], owner = g->records[i].owner;

		if (g->names[owner].parent == ZL_NONE ||
		    !zl_mail_first_label_is(g, g->names[owner].parent, "_bimi") ||
		    !zl_mail_txt(g, i, &text) ||
		    (zl_mail_kind_of(text.data, text.len) != ZL_MAIL_BIMI &&
		    !zl_mail_version_like(text.data, text.len, "bimi")))
			continue;
		zl_bimi_parse(rec, text.data, text.len);
		zl_mail_report_mailrec(c, i, &rec->tags, &rec->findings, "v=BIMI1");
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_bimi_syntax = {
	.id = "bimi-syntax",
	.severity = ZL_ERROR,
	.summary = N_("BIMI record that receivers cannot use"),
	.check = check_bimi_syntax,
};
