/* mta-sts-syntax: MTA-STS TXT records that senders cannot use. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "mailcache.h"
#include "mailrec.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "rule.h"
#include "util.h"

/* RFC 8461 section 3.1: the record at _mta-sts.DOMAIN; records that do
 * not start with v=STSv1 are discarded, and more than one that does
 * means no MTA-STS. */
static void
check_mta_sts_syntax(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_mtasts_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;
	size_t n;
	const uint32_t *ids = zl_mail_service_records(g, &n);

	zl_strbuf_init(&text);
	for (size_t k = 0; k < n; k++) {
		uint32_t i = ids[k];

		if (!zl_mail_first_label_is(g, g->records[i].owner, "_mta-sts") ||
		    !zl_mail_txt(g, i, &text) ||
		    (zl_mail_kind_of(text.data, text.len) != ZL_MAIL_STS &&
		    !zl_mail_version_like(text.data, text.len, "sts")))
			continue;
		zl_mtasts_parse(rec, text.data, text.len);
		zl_mail_report_mailrec(c, i, &rec->tags, &rec->findings, "v=STSv1");
	}
	zl_strbuf_fini(&text);
	free(rec);
	zl_mail_report_repeated(c, "_mta-sts", ZL_MAIL_STS, "MTA-STS");
}

const struct zl_rule zl_rule_mta_sts_syntax = {
	.id = "mta-sts-syntax",
	.severity = ZL_ERROR,
	.summary = N_("MTA-STS record that senders cannot use"),
	.check = check_mta_sts_syntax,
};
