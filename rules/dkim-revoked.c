/* dkim-revoked: DKIM selectors whose key is revoked (empty p=). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dkim.h"
#include "i18n.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* RFC 6376 section 3.6.1: an empty p= means the key has been revoked;
 * verifiers fail signatures that use it.  That is the intended way to
 * retire a selector, so this is only a note. */
static void
check_dkim_revoked(struct zl_check *c)
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
		const struct zl_tag *p;
		char *owner;

		zl_mail_prefetch_ahead(g, ids, nids, at);
		if (!zl_mail_dkim_facts(g, i, &text, rec) || !rec->revoked ||
		    !zl_mail_dkim_get(g, i, &text, rec))
			continue;
		p = zl_tagval_find(&rec->tags, "p");
		if (p == NULL)
			continue;
		owner = zl_graph_name_text(g, g->records[i].owner);
		zl_report(c, ZL_INFO, zl_txt_position(g, i, p->spec_off), g->records[i].owner,
		    ZL_TYPE_TXT, _("the key of '%s' is revoked (empty 'p='): verifiers fail every signature with this selector"),
		    owner);
		free(owner);
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dkim_revoked = {
	.id = "dkim-revoked",
	.severity = ZL_INFO,
	.summary = N_("DKIM selector whose key is revoked"),
	.check = check_dkim_revoked,
};
