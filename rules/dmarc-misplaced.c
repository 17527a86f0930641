/* dmarc-misplaced: DMARC records where receivers never look, and _dmarc
 * names that hold no usable policy. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "lookup.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "name.h"
#include "rule.h"
#include "util.h"

/* Receivers query _dmarc.DOMAIN (RFC 7489 section 6.1); a report
 * authorization record sits at NAME._report._dmarc.DOMAIN. */
static void
report_outside(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	char *owner = zl_graph_name_text(g, r->owner);
	struct zl_diag *d;

	d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, r), r->owner, ZL_TYPE_TXT,
	    _("DMARC record at '%s', where receivers never look: they query only '_dmarc.' followed by the domain"),
	    owner);
	zl_diag_hint(d, _("move the record to '_dmarc.%s'"), owner);
	free(owner);
}

/* The owner of a policy record read wrongly: raw UTF-8 or the origin
 * appended to a name that already ended in it.  name-raw-utf8 and
 * zone-missing-dot report these owners, and their messages say that the
 * name is never looked up, so this rule reports them only when those
 * rules are turned off. */
static void
check_owner(struct zl_check *c, uint32_t record, uint32_t domain)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	uint32_t zone = zl_record_zone(g, r);
	char *owner, *origin;
	struct zl_diag *d;

	if (zl_mail_name_has_raw_utf8(g, r->owner)) {
		if (zl_config_rule_runs(c, "name-raw-utf8", zone))
			return;
		owner = zl_graph_name_text(g, r->owner);
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, ZL_TYPE_TXT,
		    _("owner '%s' holds raw UTF-8 bytes: receivers look up the A-label ('xn--') form of the domain and find no DMARC policy"),
		    owner);
		zl_diag_hint(d, _("write the internationalized labels as A-labels ('xn--...')"));
		free(owner);
	} else if (zl_mail_repeats_origin(g, zone, domain)) {
		if (zl_config_rule_runs(c, "zone-missing-dot", zone))
			return;
		owner = zl_graph_name_text(g, r->owner);
		origin = zl_graph_name_text(g, g->zones[zone].origin);
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, ZL_TYPE_TXT,
		    _("owner '%s' repeats the zone origin, most likely written without its final dot: receivers find no DMARC policy at '_dmarc.%s'"),
		    owner, origin);
		zl_diag_hint(d, _("write the owner as '_dmarc' or end it with a dot"));
		free(owner);
		free(origin);
	}
}

/* Return whether cname-other-data reports the CNAME beside the TXT
 * record, so the conflict needs no second finding here. */
static bool
conflict_reported(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	uint32_t zone = zl_record_zone(g, r);

	return zl_config_rule_runs(c, "cname-other-data", zone) &&
	    zl_lookup_is_authoritative(g, r) &&
	    zl_lookup_has_type(g, r->owner, zone, ZL_TYPE_CNAME);
}

/* A _dmarc name with a CNAME and TXT records, or with TXT records none of
 * which is meant as DMARC. */
static void
check_policy_name(struct zl_check *c, uint32_t name, struct zl_strbuf *text)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t count, cnames, dmarc = 0;
	char *owner = NULL;	/* made at the first finding */
	struct zl_diag *d;
	uint32_t zone = zl_lookup_serving_zone(g, name);

	ids = zl_graph_rrset(g, name, zone, ZL_TYPE_TXT, &count);
	if (count == 0)
		return;
	zl_graph_rrset(g, name, zone, ZL_TYPE_CNAME, &cnames);
	for (size_t i = 0; i < count; i++) {
		if (!zl_mail_dmarc_like_at(g, ids[i], text))
			continue;
		dmarc++;
		if (cnames > 0 && !conflict_reported(c, ids[i])) {
			if (owner == NULL)
				owner = zl_graph_name_text(g, name);
			d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, &g->records[ids[i]]), name, ZL_TYPE_TXT,
			    _("'%s' has both a CNAME and this DMARC record: name servers refuse such a zone, and where one serves it, receivers follow the CNAME, so which policy applies depends on the resolver"),
			    owner);
			zl_diag_hint(d, _("keep either the CNAME to the provider's policy or this record, not both"));
		}
	}
	/* In a zone cut off by --max-records the policy may come later. */
	if (dmarc == 0 && zl_lookup_zone_complete(g, zl_record_zone(g, &g->records[ids[0]]))) {
		if (owner == NULL)
			owner = zl_graph_name_text(g, name);
		d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, &g->records[ids[0]]), name, ZL_TYPE_TXT,
		    _("no TXT record at '%s' is a DMARC record: receivers discard text that does not start with 'v=DMARC1', so the domain has no policy"),
		    owner);
		zl_diag_hint(d, _("publish 'v=DMARC1; p=...' here and move other text elsewhere"));
	}
	free(owner);
}

static void
check_dmarc_misplaced(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t nids;
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	ids = zl_mail_dmarc_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];
		uint32_t domain;
		enum zl_dmarc_place place;

		place = zl_mail_dmarc_listed_place(g, at, &domain);
		if (place == ZL_DMARC_AT_OTHER)
			report_outside(c, i);
		else if (place == ZL_DMARC_AT_POLICY)
			check_owner(c, i, domain);
	}
	for (uint32_t n = 0; n < g->nnames; n++) {
		if (zl_mail_first_label_is(g, n, "_dmarc"))
			check_policy_name(c, n, &text);
	}
	zl_strbuf_fini(&text);
}

const struct zl_rule zl_rule_dmarc_misplaced = {
	.id = "dmarc-misplaced",
	.severity = ZL_ERROR,
	.summary = N_("DMARC record where receivers never look, or a _dmarc name without a usable policy"),
	.check = check_dmarc_misplaced,
};
