/* dmarc-rua-external: DMARC reports sent outside the organizational
 * domain, which the receiving domain must authorize. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "lookup.h"
#include "mailtag.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "psl.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* Return whether the loaded zones publish a DMARC record at name
 * (presentation text without a final dot). */
static bool
has_authorization(const struct zl_graph *g, const char *name)
{
	uint32_t id = zl_mail_lookup(g, name, strlen(name));
	const uint32_t *ids;
	size_t count;

	if (id == ZL_NONE)
		return false;
	ids = zl_graph_rrset(g, id, zl_lookup_serving_zone(g, id), ZL_TYPE_TXT, &count);
	for (size_t i = 0; i < count; i++) {
		if (zl_mail_kind_at(g, ids[i]) == ZL_MAIL_DMARC)
			return true;
	}
	return false;
}

/* Return whether host is one of the domains that "[dmarc]
 * authorized-report-domains" in the settings of zone names, or lies below
 * one.  The operator has confirmed that these accept the reports. */
static bool
authorized_in_settings(const struct zl_check *c, uint32_t zone, const char *host)
{
	size_t count, hlen = strlen(host);
	char *const *domains = zl_config_dmarc_report_domains(c, zone, &count);

	for (size_t i = 0; i < count; i++) {
		size_t dlen = strlen(domains[i]);

		if (hlen == dlen && strcmp(host, domains[i]) == 0)
			return true;
		if (hlen > dlen && host[hlen - dlen - 1] == '.' && strcmp(host + hlen - dlen, domains[i]) == 0)
			return true;
	}
	return false;
}

/* RFC 7489 section 7.1, kept by RFC 9989: a receiver sends
 * reports to a domain outside the policy's organizational domain only
 * when DOMAIN._report._dmarc.HOST, or the wildcard in its place,
 * publishes v=DMARC1.  The record of a host in a zone cut off by
 * --max-records may lie in the part not read, so such a host is judged
 * as one outside the loaded zones. */
static void
check_uri(struct zl_check *c, const struct zl_mail_report_uri *u)
{
	const struct zl_graph *g = c->graph;
	char *domain = zl_graph_name_text(g, u->domain);
	size_t dlen = strlen(domain);
	uint32_t owner = g->records[u->record].owner;
	char wanted[600], wildcard[600];
	struct zl_diag *d;
	const char *org_policy, *org_host;

	if (dlen > 0 && domain[dlen - 1] == '.')
		domain[--dlen] = '\0';
	for (size_t i = 0; i < dlen; i++)
		domain[i] = domain[i] >= 'A' && domain[i] <= 'Z' ? (char)(domain[i] - 'A' + 'a') : domain[i];
	org_policy = domain + zl_psl_org_domain(domain, dlen);
	org_host = u->host + zl_psl_org_domain(u->host, strlen(u->host));
	if (zl_mail_placeholder_host(u->host) || strcmp(org_policy, org_host) == 0 ||
	    authorized_in_settings(c, zl_record_zone(g, &g->records[u->record]), u->host)) {
		free(domain);
		return;
	}

	snprintf(wanted, sizeof(wanted), "%s._report._dmarc.%s", domain, u->host);
	snprintf(wildcard, sizeof(wildcard), "*._report._dmarc.%s", u->host);
	if (!zl_lookup_zone_complete(g, u->host_zone)) {
		d = zl_report(c, ZL_WARNING, zl_txt_position(g, u->record, u->uri_off), owner, ZL_TYPE_TXT,
		    _("report address '%s' is outside the organizational domain '%s': receivers send reports there only when '%s' publishes 'v=DMARC1'"),
		    u->address, org_policy, wanted);
		zl_diag_hint(d, _("make sure the operator of '%s' publishes that record"), u->host);
	} else if (!has_authorization(g, wanted) && !has_authorization(g, wildcard)) {
		d = zl_report(c, ZL_ERROR, zl_txt_position(g, u->record, u->uri_off), owner, ZL_TYPE_TXT,
		    _("report address '%s' is outside the organizational domain '%s', and the loaded zone of '%s' has no 'v=DMARC1' record at '%s': receivers send no reports there"),
		    u->address, org_policy, u->host, wanted);
		zl_diag_hint(d, _("add '%s. TXT \"v=DMARC1\"' to the zone of '%s'"), wanted, u->host);
	}
	free(domain);
}

static void
check_dmarc_rua_external(struct zl_check *c)
{
	zl_mail_each_report_uri(c, check_uri);
}

const struct zl_rule zl_rule_dmarc_rua_external = {
	.id = "dmarc-rua-external",
	.severity = ZL_WARNING,
	.summary = N_("DMARC report address outside the organizational domain, which needs an authorization record"),
	.check = check_dmarc_rua_external,
};
