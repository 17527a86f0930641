/* soa-rname: an SOA mailbox written as an e-mail address with '@'. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rule.h"

/* The mailbox text with its first escaped '@' ("\\@" in text form)
 * turned into the dot that RNAME uses; free() it. */
static char *
with_dot_for_at(const char *rname)
{
	char *fixed = zl_xstrdup(rname);
	char *esc = strstr(fixed, "\\@");

	if (esc != NULL) {
		*esc = '.';
		memmove(esc + 1, esc + 2, strlen(esc + 2) + 1);
	}
	return fixed;
}

/* RFC 1035 section 8: the RNAME field writes the mailbox user@host as the
 * domain name user.host, so a literal '@' ends up inside the first label
 * and the address it stands for does not exist. */
static void
check_soa_rname(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];

		for (size_t k = 0; k < z->record_count; k++) {
			const struct zl_record *r = &g->records[z->first_record + k];
			struct zl_soa soa;
			struct zl_diag *d;
			char *rname, *fixed;

			if (r->type != ZL_TYPE_SOA || !zl_lookup_soa_fields(g, r, &soa) ||
			    memchr(soa.rname + 1, '@', soa.rname[0]) == NULL)
				continue;
			rname = zl_name_text(soa.rname);
			fixed = with_dot_for_at(rname);
			d = zl_report(c, ZL_WARNING,
			    zl_lookup_field_pos(g, r, ZL_SOA_RNAME), r->owner, r->type,
			    _("SOA mailbox '%s' contains '@': the field is a domain name whose first label is the user, so mail to the zone contact bounces"),
			    rname);
			zl_diag_hint(d, _("write the mailbox with a dot for the '@': '%s'"), fixed);
			free(rname);
			free(fixed);
		}
	}
}

const struct zl_rule zl_rule_soa_rname = {
	.id = "soa-rname",
	.severity = ZL_WARNING,
	.summary = N_("SOA mailbox written with '@' instead of a dot"),
	.check = check_soa_rname,
};
