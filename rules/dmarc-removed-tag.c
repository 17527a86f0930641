/* dmarc-removed-tag: pct=, rf= and ri=, which RFC 9989 removed. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "i18n.h"
#include "mailtag.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

static const char *
policy_word(enum zl_dmarc_policy p)
{
	return p == ZL_DMARC_POLICY_REJECT ? "reject" :
	    p == ZL_DMARC_POLICY_QUARANTINE ? "quarantine" : "none";
}

static void
report_removed(struct zl_check *c, uint32_t record, const struct zl_dmarc_record *rec,
    const struct zl_finding *f)
{
	struct zl_pos pos = zl_txt_position(c->graph, record, f->off);
	uint32_t owner = c->graph->records[record].owner;
	char q[ZL_MAIL_QUOTE_MAX + 8];
	struct zl_diag *d;

	zl_mail_quote(rec->tags.text, f->off, f->len, q, sizeof(q));
	if (strcmp(f->subject, "pct") == 0 && !(rec->invalid & (1u << ZL_DMARC_TAG_PCT)) &&
	    rec->pct < 100 && rec->p >= ZL_DMARC_POLICY_QUARANTINE) {
		d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("'%s' no longer limits the policy: RFC 9989 removed 'pct', so updated receivers apply 'p=%s' to all mail that fails DMARC"),
		    q, policy_word(rec->p));
		zl_diag_hint(d, _("remove '%s'; to test the policy first, write 't=y', which makes receivers apply the next weaker policy"), q);
		return;
	}
	/* pct=100 is the old default, so dropping it changes nothing: the
	 * finding only tidies the record. */
	if (strcmp(f->subject, "pct") == 0 && !(rec->invalid & (1u << ZL_DMARC_TAG_PCT)) &&
	    rec->pct == 100)
		d = zl_report(c, ZL_INFO, pos, owner, ZL_TYPE_TXT,
		    _("'%s' was removed by RFC 9989, but it only repeats the old default, so receivers treat the record the same with or without it"),
		    q);
	else
		d = zl_report(c, ZL_INFO, pos, owner, ZL_TYPE_TXT,
		    _("'%s' was removed by RFC 9989: updated receivers ignore it"), q);
	zl_diag_hint(d, _("remove '%s'"), q);
}

static void
check_dmarc_removed_tag(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t nids;
	struct zl_dmarc_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	ids = zl_mail_dmarc_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];
		if (zl_mail_dmarc_listed_place(g, at, NULL) == ZL_DMARC_AT_OTHER)
			continue;
		zl_mail_dmarc_get(g, i, &text, rec);
		for (size_t k = 0; k < rec->findings.count; k++) {
			if (rec->findings.items[k].code == ZL_DMARC_REMOVED_TAG)
				report_removed(c, i, rec, &rec->findings.items[k]);
		}
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dmarc_removed_tag = {
	.id = "dmarc-removed-tag",
	.severity = ZL_WARNING,
	.summary = N_("DMARC tag pct, rf or ri, which RFC 9989 removed"),
	.check = check_dmarc_removed_tag,
};
