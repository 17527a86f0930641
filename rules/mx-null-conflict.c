/* mx-null-conflict: a null MX beside other MX records, or beside an SPF
 * policy that authorizes senders. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "mailtxt.h"
#include "rule.h"
#include "util.h"

/* RFC 7505 section 3: a domain that accepts no mail publishes a single MX
 * "0 .", and it must be the only MX.  RFC 7505 also advises that such a
 * domain send no mail, because bounces to it cannot be delivered. */
static void
check_name(struct zl_check *c, uint32_t name, struct zl_strbuf *text)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t count;
	uint32_t spf;
	char *owner;
	struct zl_diag *d;

	if (!zl_mail_null_mx(g, name))
		return;
	ids = zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), ZL_TYPE_MX, &count);
	owner = zl_graph_name_text(g, name);
	for (size_t i = 0; i < count && count > 1; i++) {
		const struct zl_record *r = &g->records[ids[i]];

		if (r->rdata_len != 3 || zl_graph_rdata(g, r)[2] != 0)
			continue;
		d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, r), name, ZL_TYPE_MX,
		    _("null MX at '%s' beside other MX records: a null MX says the domain accepts no mail and must be the only MX"),
		    owner);
		zl_diag_hint(d, _("remove the null MX if the domain receives mail, or the other MX records if it does not"));
	}
	spf = zl_mail_spf_record(g, name);
	if (spf != ZL_NONE && zl_mail_txt(g, spf, text) && zl_mail_spf_authorizes(text->data, text->len)) {
		d = zl_report(c, ZL_WARNING, zl_record_type_pos(g, &g->records[spf]), name, ZL_TYPE_TXT,
		    _("'%s' publishes a null MX, so it accepts no mail, but its SPF record authorizes senders: bounces and replies to its mail cannot be delivered"),
		    owner);
		zl_diag_hint(d, _("publish 'v=spf1 -all' for a domain that sends no mail"));
	}
	free(owner);
}

static void
check_mx_null_conflict(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	for (uint32_t n = 0; n < g->nnames; n++)
		check_name(c, n, &text);
	zl_strbuf_fini(&text);
}

const struct zl_rule zl_rule_mx_null_conflict = {
	.id = "mx-null-conflict",
	.severity = ZL_ERROR,
	.summary = N_("null MX beside other MX records or beside SPF that authorizes senders"),
	.check = check_mx_null_conflict,
};
