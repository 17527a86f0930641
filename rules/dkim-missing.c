/* dkim-missing: DKIM selectors that are expected but have no key. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dmarc.h"
#include "i18n.h"
#include "lookup.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "psl.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* Return whether zone serves name itself, so the name is not below a
 * delegation whose data is on other servers, and whether the zone was
 * read to the end, so a key it lacks is not in the part left unread. */
static bool
served_here(const struct zl_graph *g, uint32_t zone, uint32_t name)
{
	return zl_lookup_zone_complete(g, zone) && zl_graph_delegation_of(g, zone, name) == ZL_NONE;
}

/* Report selector SELECTOR of domain when the loaded zones serve its name
 * but publish no key there.  When only_zone is not ZL_NONE, a name in
 * another zone is left to that zone's settings. */
static void
check_selector(struct zl_check *c, const char *domain, const char *selector, uint32_t only_zone)
{
	const struct zl_graph *g = c->graph;
	char name[600], shown[602];
	uint32_t zone, id;
	const struct zl_zone *z;
	struct zl_diag *d;

	snprintf(name, sizeof(name), "%s._domainkey.%s", selector, domain);
	zone = zl_mail_zone_of_text(g, name, strlen(name));
	id = zl_mail_lookup(g, name, strlen(name));
	if (zone == ZL_NONE || (only_zone != ZL_NONE && zone != only_zone) ||
	    zl_mail_has_type(g, id, ZL_TYPE_TXT) || zl_mail_has_type(g, id, ZL_TYPE_CNAME) ||
	    !served_here(g, zone, zl_mail_closest(g, name, strlen(name))))
		return;
	z = &g->zones[zone];
	if (z->record_count == 0)
		return;
	/* Names in messages end with a dot, however the domain was given. */
	snprintf(shown, sizeof(shown), "%s%s", name,
	    name[0] != '\0' && name[strlen(name) - 1] == '.' ? "" : ".");
	d = zl_report(c, ZL_WARNING, zl_record_pos(g, &g->records[z->first_record]),
	    ZL_NONE, 0,
	    _("no DKIM key at '%s': signatures with selector '%s' fail"), shown, selector);
	zl_diag_hint(d, _("publish the selector's public key as a TXT record at '%s'"), shown);
}

/* Return whether --dkim-selector named domain:selector too. */
static bool
on_command_line(const char *domain, const char *selector)
{
	for (size_t i = 0; i < zl_mail_selector_count(); i++) {
		const char *d, *s;
		size_t len;

		zl_mail_selector_get(i, &d, &s);
		len = strlen(d);
		if (len > 1 && d[len - 1] == '.')
			len--;
		if (zl_ascii_casecmp_n(d, len, domain) == 0 && strcmp(s, selector) == 0)
			return true;
	}
	return false;
}

/* Selectors named with --dkim-selector DOMAIN:SELECTOR, then those of
 * "[dkim] selectors" in the settings file of the zone that holds the
 * selector's name. */
static void
check_expected(struct zl_check *c)
{
	for (size_t i = 0; i < zl_mail_selector_count(); i++) {
		const char *domain, *selector;

		zl_mail_selector_get(i, &domain, &selector);
		check_selector(c, domain, selector, ZL_NONE);
	}
	for (uint32_t zone = 0; zone < c->graph->nzones; zone++) {
		size_t count;
		const struct zl_dkim_selector *s = zl_config_dkim_selectors(c, zone, &count);

		for (size_t i = 0; i < count; i++) {
			if (!on_command_line(s[i].domain_text, s[i].selector))
				check_selector(c, s[i].domain_text, s[i].selector, zone);
		}
	}
}

/* CNAMEs and other references that lead to a selector name in a loaded
 * zone that has no records. */
static void
check_references(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		char *target;
		struct zl_diag *d;

		/* Few targets are selector names, so that test comes first. */
		if (!zl_mail_dkim_selector_name(g, ref->target, NULL) ||
		    (g->names[ref->target].flags & ZL_NAME_HAS_DATA) ||
		    !served_here(g, zl_graph_zone_of(g, ref->target), ref->target))
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), g->records[ref->record].owner,
		    g->records[ref->record].type,
		    _("'%s' has no DKIM key in its zone: signatures with this selector fail"), target);
		zl_diag_hint(d, _("publish the key at '%s' or correct the name"), target);
		free(target);
	}
}

/* Return an array, indexed by name id, that is true for each DOMAIN with
 * a record at some SELECTOR._domainkey.DOMAIN; free() it. */
static bool *
find_signing_domains(const struct zl_graph *g)
{
	bool *signing = zl_xcalloc(g->nnames > 0 ? g->nnames : 1, sizeof(*signing));

	for (uint32_t n = 0; n < g->nnames; n++) {
		uint32_t d;

		if ((g->names[n].flags & ZL_NAME_HAS_DATA) && zl_mail_dkim_selector_name(g, n, &d))
			signing[d] = true;
	}
	return signing;
}

/* Return whether mail from domain can carry a DKIM signature that DMARC
 * accepts.  The key may be the domain's own, or a parent's in the same
 * organizational domain when alignment is relaxed (RFC 7489 section
 * 3.1.1).  A delegated _domainkey.DOMAIN keeps its keys elsewhere, so it
 * counts as signing. */
static bool
may_sign(const struct zl_graph *g, const bool *signing, uint32_t zone, uint32_t domain,
    bool relaxed)
{
	char *text = zl_graph_name_text(g, domain);
	size_t len = strlen(text);
	char keys[600];
	unsigned org_labels = 1;
	bool found = false;
	int n;

	n = snprintf(keys, sizeof(keys), "_domainkey.%s", text);
	if (n > 0 && (size_t)n < sizeof(keys) &&
	    !served_here(g, zone, zl_mail_closest(g, keys, (size_t)n)))
		found = true;
	if (len > 1 && text[len - 1] == '.')
		len--;
	for (size_t i = zl_psl_org_domain(text, len); i < len; i++)
		org_labels += text[i] == '.';
	for (uint32_t id = domain; !found && id != ZL_NONE && g->names[id].labels >= org_labels;
	    id = relaxed ? g->names[id].parent : ZL_NONE)
		found = signing[id];
	free(text);
	return found;
}

/* A domain that sends mail and asks receivers to quarantine or reject
 * mail that fails DMARC, but publishes no DKIM key, passes DMARC only
 * through SPF, which breaks on forwarding. */
static void
check_enforcing_domains(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t nids;
	struct zl_dmarc_record *rec = zl_xmalloc(sizeof(*rec));
	bool *signing = find_signing_domains(g);
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	ids = zl_mail_dmarc_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];
		uint32_t zone = zl_record_zone(g, &g->records[i]), domain;
		char *name;
		struct zl_diag *d;

		if (zl_mail_dmarc_listed_place(g, at, &domain) != ZL_DMARC_AT_POLICY)
			continue;
		zl_mail_dmarc_get(g, i, &text, rec);
		/* Two DMARC records, or a broken owner, mean that no policy
		 * applies, so the domain enforces nothing yet. */
		if (rec->p < ZL_DMARC_POLICY_QUARANTINE || zl_mail_dmarc_policy_broken(g, i) ||
		    !zl_mail_domain_active(g, domain) || !served_here(g, zone, domain) ||
		    may_sign(g, signing, zone, domain, rec->adkim != 's'))
			continue;
		name = zl_graph_name_text(g, domain);
		d = zl_report(c, ZL_WARNING, zl_record_type_pos(g, &g->records[i]), g->records[i].owner, ZL_TYPE_TXT,
		    _("'%s' enforces DMARC but publishes no DKIM key in this zone: its mail passes DMARC only through SPF, which fails when mail is forwarded"),
		    name);
		zl_diag_hint(d, _("sign outgoing mail with DKIM and publish the key at 'SELECTOR._domainkey.%s'"), name);
		free(name);
	}
	zl_strbuf_fini(&text);
	free(signing);
	free(rec);
}

static void
check_dkim_missing(struct zl_check *c)
{
	check_expected(c);
	check_references(c);
	check_enforcing_domains(c);
}

const struct zl_rule zl_rule_dkim_missing = {
	.id = "dkim-missing",
	.severity = ZL_WARNING,
	.summary = N_("DKIM selector expected but without a key record"),
	.check = check_dkim_missing,
};
