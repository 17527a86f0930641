/* dmarc-rua-placeholder: DMARC reports sent to documentation domains. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "i18n.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"

/* A template copied without replacing its example address sends the
 * reports of a real domain to a domain that accepts no mail.  A reserved
 * name that is one of the loaded zones is a test setup, not a mistake. */
static void
check_uri(struct zl_check *c, const struct zl_mail_report_uri *u)
{
	const struct zl_graph *g = c->graph;
	struct zl_diag *d;

	if (!zl_mail_placeholder_host(u->host) || u->host_zone != ZL_NONE)
		return;
	d = zl_report(c, ZL_ERROR, zl_txt_position(g, u->record, u->uri_off),
	    g->records[u->record].owner, ZL_TYPE_TXT,
	    _("report address '%s' in '%s=' is at '%s', a domain reserved for documentation and testing: the DMARC reports of this domain go nowhere"),
	    u->address, u->tag, u->host);
	zl_diag_hint(d, _("replace it with an address at a domain that receives your mail"));
}

static void
check_dmarc_rua_placeholder(struct zl_check *c)
{
	zl_mail_each_report_uri(c, check_uri);
}

const struct zl_rule zl_rule_dmarc_rua_placeholder = {
	.id = "dmarc-rua-placeholder",
	.severity = ZL_ERROR,
	.summary = N_("DMARC report address at a domain reserved for documentation and testing"),
	.check = check_dmarc_rua_placeholder,
};
