/* dmarc-weak-policy: a domain that sends mail with a policy that
 * enforces nothing. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dmarc.h"
#include "i18n.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

static void
report_tag(struct zl_check *c, uint32_t record, const struct zl_dmarc_record *rec,
    const char *name)
{
	const struct zl_tag *t = zl_tagval_find(&rec->tags, name);
	struct zl_pos pos = zl_txt_position(c->graph, record, t != NULL ? t->spec_off : 0);
	uint32_t owner = c->graph->records[record].owner;
	struct zl_diag *d;

	if (name[0] == 'p') {
		d = zl_report(c, ZL_INFO, pos, owner, ZL_TYPE_TXT,
		    _("'p=none' on a domain that sends mail: receivers treat mail that fails DMARC like any other mail"));
		zl_diag_hint(d, _("once the aggregate reports show all legitimate mail passing, move to 'p=quarantine' and then 'p=reject'"));
	} else if (name[0] == 's') {
		d = zl_report(c, ZL_INFO, pos, owner, ZL_TYPE_TXT,
		    _("'sp=none' leaves the subdomains of a domain that sends mail without enforcement"));
		zl_diag_hint(d, _("remove 'sp=none' so that subdomains inherit 'p=', or set 'sp=reject' for subdomains that send no mail"));
	} else {
		d = zl_report(c, ZL_INFO, pos, owner, ZL_TYPE_TXT,
		    _("'t=y' marks the policy as a test: receivers apply the next weaker policy ('quarantine' for 'reject', 'none' for 'quarantine')"));
		zl_diag_hint(d, _("remove 't=y' once the reports show no legitimate mail failing"));
	}
}

/* A policy that cannot apply as published (two DMARC records, a CNAME
 * beside it, a broken owner) is left to the rules that report why. */
static void
check_dmarc_weak_policy(struct zl_check *c)
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
		uint32_t domain;

		if (zl_mail_dmarc_listed_place(g, at, &domain) != ZL_DMARC_AT_POLICY ||
		    !zl_mail_domain_active(g, domain) || zl_mail_dmarc_policy_broken(g, i))
			continue;
		zl_mail_dmarc_get(g, i, &text, rec);
		if (rec->p == ZL_DMARC_POLICY_NONE)
			report_tag(c, i, rec, "p");
		if (rec->sp == ZL_DMARC_POLICY_NONE && rec->p != ZL_DMARC_POLICY_NONE)
			report_tag(c, i, rec, "sp");
		if (rec->t == 'y')
			report_tag(c, i, rec, "t");
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dmarc_weak_policy = {
	.id = "dmarc-weak-policy",
	.severity = ZL_INFO,
	.summary = N_("DMARC policy that enforces nothing on a domain that sends mail"),
	.check = check_dmarc_weak_policy,
};
