/* dkim-misplaced: DKIM key records where verifiers never look. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "config.h"
#include "i18n.h"
#include "lookup.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "name.h"
#include "rule.h"
#include "util.h"

/* Return whether the TXT record looks like a DKIM key: v=DKIM1, or a
 * "p=" tag with "k=" beside it.  The mail cache stores the kind, so text
 * (a scratch buffer) is joined only for the second test. */
static bool
looks_like_key(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text)
{
	if (zl_mail_kind_at(g, record) == ZL_MAIL_DKIM)
		return true;
	return zl_mail_txt(g, record, text) && text->len > 2 &&
	    zl_ascii_casecmp_n(text->data, 2, "k=") == 0;
}

/* Return whether every selector label is a sub-domain (letters, digits,
 * hyphens; RFC 6376 section 3.1) or the wildcard "*". */
static bool
valid_selector(const struct zl_graph *g, uint32_t owner, uint32_t key)
{
	for (uint32_t n = owner; n != key; n = g->names[n].parent) {
		const uint8_t *w = zl_graph_name_label(g, n);

		if (n == owner && w[0] == 1 && w[1] == '*')
			continue;
		for (size_t k = 1; k <= w[0]; k++) {
			uint8_t ch = w[k];

			if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
				return false;
		}
	}
	return true;
}

static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	uint32_t key = zl_mail_domainkey_name(g, r->owner), zone = zl_record_zone(g, r);
	char *owner = zl_graph_name_text(g, r->owner);
	struct zl_diag *d;

	if (zl_graph_zone_of(g, r->owner) != zone) {
		/* zone-out-of-zone reports an owner outside the origin, and its
		 * message says that name servers ignore the record. */
		if (!zl_lookup_is_below(g, r->owner, g->zones[zone].origin) &&
		    zl_config_rule_runs(c, "zone-out-of-zone", zone))
			goto done;
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, ZL_TYPE_TXT,
		    _("DKIM key record at '%s', outside the zone it is written in: name servers drop it, so the selector has no key"),
		    owner);
		zl_diag_hint(d, _("remove the final dot from the owner, or write the full name inside the zone"));
	} else if (key == ZL_NONE) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, ZL_TYPE_TXT,
		    _("DKIM key record at '%s', which is not below '_domainkey': verifiers never look here"),
		    owner);
		zl_diag_hint(d, _("publish the key at 'SELECTOR._domainkey.DOMAIN'"));
	} else if (key == r->owner) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, ZL_TYPE_TXT,
		    _("DKIM key record at '%s' itself, without a selector: verifiers look only at 'SELECTOR._domainkey'"),
		    owner);
		zl_diag_hint(d, _("put the selector of the signatures in front of the owner"));
	} else if (!valid_selector(g, r->owner, key)) {
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, ZL_TYPE_TXT,
		    _("'%s' cannot be a DKIM selector: selectors consist of letters, digits and hyphens"),
		    owner);
		zl_diag_hint(d, _("publish the key under the selector that the signer puts in 's='"));
	}
done:
	free(owner);
}

static void
check_dkim_misplaced(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	for (uint32_t i = 0; i < g->nrecords; i++) {
		if (g->records[i].type == ZL_TYPE_TXT && looks_like_key(g, i, &text))
			check_record(c, i);
	}
	zl_strbuf_fini(&text);
}

const struct zl_rule zl_rule_dkim_misplaced = {
	.id = "dkim-misplaced",
	.severity = ZL_WARNING,
	.summary = N_("DKIM key record where verifiers never look"),
	.check = check_dkim_misplaced,
};
