/* dmarc-multiple: more than one DMARC record at one _dmarc name. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "i18n.h"
#include "mailcache.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "rule.h"
#include "util.h"

/* Report r, a DMARC record at name after first. */
static void
report_dmarc(struct zl_check *c, uint32_t name, const struct zl_record *r,
    const struct zl_record *first, const void *arg)
{
	char *owner = zl_graph_name_text(c->graph, name);
	struct zl_diag *d;

	(void)arg;
	d = zl_report(c, ZL_ERROR, zl_record_type_pos(c->graph, r), name, ZL_TYPE_TXT,
	    _("more than one DMARC record at '%s' (the first is on line %u): receivers then apply no DMARC policy at all"),
	    owner, first->line);
	zl_diag_hint(d, _("merge the records into one and delete the others"));
	free(owner);
}

/* RFC 7489 section 6.6.3 step 5, kept by RFC 9989: records that do
 * not start with v=DMARC1 are discarded, and when more than one remains,
 * receivers apply no policy at all. */
static void
check_dmarc_multiple(struct zl_check *c)
{
	zl_mail_each_repeated(c, "_dmarc", ZL_MAIL_DMARC, report_dmarc, NULL);
}

const struct zl_rule zl_rule_dmarc_multiple = {
	.id = "dmarc-multiple",
	.severity = ZL_ERROR,
	.summary = N_("more than one DMARC record at one name, so no policy applies"),
	.check = check_dmarc_multiple,
};
