/* mta-sts-host-missing: MTA-STS announced, but the policy host has no
 * address in the loaded zone. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "mailtxt.h"
#include "name.h"
#include "rule.h"
#include "util.h"

/* RFC 8461 section 3.3: senders fetch the policy from
 * https://mta-sts.DOMAIN/.well-known/mta-sts.txt, so mta-sts.DOMAIN must
 * resolve to an address. */
static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	uint32_t domain = g->names[r->owner].parent;
	uint8_t dw[ZL_NAME_MAX], wire[ZL_NAME_MAX];
	size_t len = zl_graph_name_wire(g, domain, dw);
	uint32_t host, zone, target;
	bool redirected;
	char *name;
	struct zl_diag *d;

	if (len + 8 > ZL_NAME_MAX)
		return;
	wire[0] = 7;
	memcpy(wire + 1, "mta-sts", 7);
	memcpy(wire + 8, dw, len);
	host = zl_graph_lookup(g, wire);
	zone = zl_graph_zone_of(g, domain);
	if (!zl_lookup_zone_complete(g, zone) || zl_graph_delegation_of(g, zone, host != ZL_NONE ? host : domain) != ZL_NONE)
		return;
	/* A host that does not exist may be matched by a wildcard. */
	target = zl_lookup_match(g, host, domain, &redirected);
	if (redirected)
		return;
	if (zl_mail_has_type(g, target, ZL_TYPE_A) || zl_mail_has_type(g, target, ZL_TYPE_AAAA) ||
	    zl_mail_has_type(g, target, ZL_TYPE_CNAME))
		return;
	name = zl_name_text(wire);
	d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, r), r->owner, ZL_TYPE_TXT,
	    _("MTA-STS is announced, but the policy host '%s' has no A, AAAA or CNAME record in this zone: senders cannot fetch the policy over HTTPS"),
	    name);
	zl_diag_hint(d, _("add an address record for '%s' and serve the policy there"), name);
	free(name);
}

/* Check the first MTA-STS record of each _mta-sts name, so that a
 * domain gets one finding however many records it has. */
static void
check_mta_sts_host_missing(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	for (uint32_t n = 0; n < g->nnames; n++) {
		const uint32_t *ids;
		size_t count;

		if (!zl_mail_first_label_is(g, n, "_mta-sts") || g->names[n].parent == ZL_NONE)
			continue;
		ids = zl_graph_rrset(g, n, zl_lookup_serving_zone(g, n), ZL_TYPE_TXT, &count);
		for (size_t i = 0; i < count; i++) {
			if (zl_mail_txt(g, ids[i], &text) &&
			    zl_mail_kind_of(text.data, text.len) == ZL_MAIL_STS) {
				check_record(c, ids[i]);
				break;
			}
		}
	}
	zl_strbuf_fini(&text);
}

const struct zl_rule zl_rule_mta_sts_host_missing = {
	.id = "mta-sts-host-missing",
	.severity = ZL_ERROR,
	.summary = N_("MTA-STS announced, but the policy host has no address in the zone"),
	.check = check_mta_sts_host_missing,
};
