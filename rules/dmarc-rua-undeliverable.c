/* dmarc-rua-undeliverable: DMARC report addresses in the loaded zones
 * whose domain cannot receive mail. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"

/* Mail goes to the MX hosts of a domain, or to the domain itself when it
 * has no MX but an address (RFC 5321 section 5.1).  A null MX (RFC 7505)
 * refuses all mail.  The data of names below a delegation or a DNAME, or
 * behind a CNAME, is elsewhere, so those names are not judged.  A name
 * that does not exist is matched by a wildcard (RFC 4592).  Nor are the
 * names of a zone cut off by --max-records, whose records may lie in the
 * part not read. */
static void
check_uri(struct zl_check *c, const struct zl_mail_report_uri *u)
{
	const struct zl_graph *g = c->graph;
	uint32_t zone = u->host_zone;
	uint32_t name = u->host_name;
	uint32_t owner = g->records[u->record].owner, match;
	bool redirected;
	struct zl_pos pos;
	struct zl_diag *d;

	if (!zl_lookup_zone_complete(g, zone) || zl_mail_placeholder_host(u->host))
		return;
	if (name != ZL_NONE && (zl_graph_delegation_of(g, zone, name) != ZL_NONE ||
	    zl_mail_has_type(g, name, ZL_TYPE_CNAME)))
		return;
	if (name == ZL_NONE && u->host_closest != ZL_NONE &&
	    zl_graph_delegation_of(g, zone, u->host_closest) != ZL_NONE)
		return;
	/* A host that does not exist may be matched by a wildcard. */
	match = zl_lookup_match(g, name, u->host_closest, &redirected);
	if (redirected || (match != name && zl_mail_has_type(g, match, ZL_TYPE_CNAME)))
		return;
	if (match != ZL_NONE)
		name = match;
	pos = zl_txt_position(g, u->record, u->uri_off);
	if (zl_mail_null_mx(g, name)) {
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("report address '%s' cannot receive mail: '%s' publishes a null MX, so the DMARC reports are refused"),
		    u->address, u->host);
	} else if (!zl_mail_has_type(g, name, ZL_TYPE_MX) && !zl_mail_has_type(g, name, ZL_TYPE_A) &&
	    !zl_mail_has_type(g, name, ZL_TYPE_AAAA)) {
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("report address '%s' cannot receive mail: '%s' has no MX, A or AAAA record in its zone, so the DMARC reports are lost"),
		    u->address, u->host);
	} else {
		return;
	}
	zl_diag_hint(d, _("send the reports to a domain with an MX record, or add one for '%s'"), u->host);
}

static void
check_dmarc_rua_undeliverable(struct zl_check *c)
{
	zl_mail_each_report_uri(c, check_uri);
}

const struct zl_rule zl_rule_dmarc_rua_undeliverable = {
	.id = "dmarc-rua-undeliverable",
	.severity = ZL_ERROR,
	.summary = N_("DMARC report address whose domain in the loaded zones cannot receive mail"),
	.check = check_dmarc_rua_undeliverable,
};
