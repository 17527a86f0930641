/* tlsrpt-syntax: TLS-RPT records that senders cannot use. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "mailcache.h"
#include "mailrec.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "rule.h"
#include "util.h"

/* RFC 8460 section 3: the record at _smtp._tls.DOMAIN; records that do
 * not start with v=TLSRPTv1 are discarded, and more than one that does
 * means no reporting. */
static void
check_tlsrpt_syntax(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_tlsrpt_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;
	size_t n;
	const uint32_t *ids = zl_mail_service_records(g, &n);

	zl_strbuf_init(&text);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = ids[k], owner = g->records[i].owner;

		if (!zl_mail_first_label_is(g, owner, "_smtp") || g->names[owner].parent == ZL_NONE ||
		    !zl_mail_first_label_is(g, g->names[owner].parent, "_tls") ||
		    !zl_mail_txt(g, i, &text) ||
		    (zl_mail_kind_of(text.data, text.len) != ZL_MAIL_TLSRPT &&
		    !zl_mail_version_like(text.data, text.len, "tlsrpt")))
			continue;
		zl_tlsrpt_parse(rec, text.data, text.len);
		zl_mail_report_mailrec(c, i, &rec->tags, &rec->findings, "v=TLSRPTv1");
	}
	zl_strbuf_fini(&text);
	free(rec);
	zl_mail_report_repeated(c, "_smtp", ZL_MAIL_TLSRPT, "TLS-RPT");
}

const struct zl_rule zl_rule_tlsrpt_syntax = {
	.id = "tlsrpt-syntax",
	.severity = ZL_ERROR,
	.summary = N_("TLS-RPT record that senders cannot use"),
	.check = check_tlsrpt_syntax,
};
