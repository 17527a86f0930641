/* dmarc-misplaced: DMARC records where receivers never look, and _dmarc
 * names that hold no usable policy. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
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

/* Return whether any label of name contains bytes above 0x7f. */
static bool
has_raw_utf8(const struct zl_graph *g, uint32_t name)
{
	const uint8_t *w = zl_graph_name_wire(g, name);

	for (size_t i = 0; w[i] != 0; i += 1 + w[i]) {
		for (size_t k = 1; k <= w[i]; k++) {
			if (w[i + k] >= 0x80)
				return true;
		}
	}
	return false;
}

/* Return whether domain lies at or below the zone origin written twice
 * ("example.jp.example.jp."), which an owner without its final dot gets. */
static bool
repeats_origin(const struct zl_graph *g, uint32_t zone, uint32_t domain)
{
	const uint8_t *origin = zl_graph_name_wire(g, g->zones[zone].origin);
	size_t len = zl_name_len(origin);
	uint8_t twice[ZL_NAME_MAX];
	uint32_t doubled;

	if (len <= 1 || 2 * len - 1 > ZL_NAME_MAX)
		return false;
	memcpy(twice, origin, len - 1);
	memcpy(twice + len - 1, origin, len);
	doubled = zl_graph_lookup(g, twice);
	for (uint32_t n = domain; n != ZL_NONE && doubled != ZL_NONE; n = g->names[n].parent) {
		if (n == doubled)
			return true;
	}
	return false;
}

/* The owner of a policy record read wrongly: raw UTF-8 or the origin
 * appended to a name that already ended in it. */
static void
check_owner(struct zl_check *c, uint32_t record, uint32_t domain)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	char *owner = zl_graph_name_text(g, r->owner);
	struct zl_diag *d;

	if (has_raw_utf8(g, r->owner)) {
		d = zl_report(c, ZL_ERROR, r->pos, r->owner, ZL_TYPE_TXT,
		    _("owner '%s' holds raw UTF-8 bytes: receivers look up the A-label ('xn--') form of the domain and find no DMARC policy"),
		    owner);
		zl_diag_hint(d, _("write the internationalized labels as A-labels ('xn--...')"));
	} else if (repeats_origin(g, r->zone, domain)) {
		char *origin = zl_graph_name_text(g, g->zones[r->zone].origin);

		d = zl_report(c, ZL_ERROR, r->pos, r->owner, ZL_TYPE_TXT,
		    _("owner '%s' repeats the zone origin, most likely written without its final dot: receivers find no DMARC policy at '_dmarc.%s'"),
		    owner, origin);
		zl_diag_hint(d, _("write the owner as '_dmarc' or end it with a dot"));
		free(origin);
	}
	free(owner);
}

/* A _dmarc name with a CNAME and TXT records, or with TXT records none of
 * which is meant as DMARC. */
static void
check_policy_name(struct zl_check *c, uint32_t name, struct zl_strbuf *text)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t count, cnames, dmarc = 0;
	char *owner;
	struct zl_diag *d;

	ids = zl_graph_rrset(g, name, ZL_NONE, ZL_TYPE_TXT, &count);
	if (count == 0)
		return;
	zl_graph_rrset(g, name, ZL_NONE, ZL_TYPE_CNAME, &cnames);
	owner = zl_graph_name_text(g, name);
	for (size_t i = 0; i < count; i++) {
		if (!zl_mail_txt(g, ids[i], text) || !zl_mail_dmarc_like(text->data, text->len))
			continue;
		dmarc++;
		if (cnames > 0) {
			d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, &g->records[ids[i]]), name, ZL_TYPE_TXT,
			    _("'%s' has both a CNAME and this DMARC record: name servers refuse such a zone, and where one serves it, receivers follow the CNAME, so which policy applies depends on the resolver"),
			    owner);
			zl_diag_hint(d, _("keep either the CNAME to the provider's policy or this record, not both"));
		}
	}
	if (dmarc == 0) {
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
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	for (uint32_t i = 0; i < g->nrecords; i++) {
		uint32_t domain;
		enum zl_dmarc_place place;

		if (!zl_mail_txt(g, i, &text) || zl_mail_kind_of(text.data, text.len) != ZL_MAIL_DMARC)
			continue;
		place = zl_mail_dmarc_place(g, g->records[i].owner, &domain);
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
