/* dmarc-multiple: more than one DMARC record at one _dmarc name. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "util.h"

/* RFC 7489 section 6.6.3 step 5, kept by RFC 9989: records that do
 * not start with v=DMARC1 are discarded, and when more than one remains,
 * receivers apply no policy at all. */
static void
check_name(struct zl_check *c, uint32_t name)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *first = NULL;
	const uint32_t *ids;
	size_t count;
	char *owner;

	ids = zl_graph_rrset(g, name, ZL_NONE, ZL_TYPE_TXT, &count);
	for (size_t i = 0; i < count; i++) {
		const struct zl_record *r = &g->records[ids[i]];
		struct zl_diag *d;

		if (zl_mail_kind_at(g, ids[i]) != ZL_MAIL_DMARC)
			continue;
		if (first == NULL) {
			first = r;
			continue;
		}
		owner = zl_graph_name_text(g, name);
		d = zl_report(c, ZL_ERROR, zl_record_type_pos(g, r), name, ZL_TYPE_TXT,
		    _("more than one DMARC record at '%s' (the first is on line %u): receivers then apply no DMARC policy at all"),
		    owner, first->line);
		zl_diag_hint(d, _("merge the records into one and delete the others"));
		free(owner);
	}
}

static void
check_dmarc_multiple(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (uint32_t n = 0; n < g->nnames; n++) {
		if (zl_mail_first_label_is(g, n, "_dmarc"))
			check_name(c, n);
	}
}

const struct zl_rule zl_rule_dmarc_multiple = {
	.id = "dmarc-multiple",
	.severity = ZL_ERROR,
	.summary = N_("more than one DMARC record at one name, so no policy applies"),
	.check = check_dmarc_multiple,
};
