/* zone-out-of-zone: a record whose owner lies outside the zone. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* True when the owner token of r ends in a dot: the name was written as
 * absolute, most often by mistake.  Sets *text to the token. */
static bool
owner_has_final_dot(const struct zl_graph *g, const struct zl_record *r,
    const char **text, size_t *len)
{
	const struct zl_file *f = &g->files[zl_record_pos(g, r).file];
	size_t n = 0;

	if (!zl_lookup_owner_written(g, r))
		return false;
	*text = f->data + r->off;
	while (r->off + n < f->size) {
		char c = f->data[r->off + n];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' ||
		    c == '(')
			break;
		n++;
	}
	*len = n;
	return n > 1 && f->data[r->off + n - 1] == '.';
}

/* RFC 1035 section 5.2: every record of a zone file lies at or below the
 * origin.  Name servers drop the others (BIND: "ignoring out-of-zone
 * data"), so the record is never served. */
static void
check_zone_out_of_zone(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *inside = NULL;	/* the last record found inside */

	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];
		uint32_t zone_id = zl_record_zone(g, r), origin = g->zones[zone_id].origin;
		struct zl_diag *d;
		char *owner, *zone;
		const char *written;
		size_t len;

		/* Records of one owner tend to follow each other. */
		if (inside != NULL && inside->owner == r->owner &&
		    zl_record_zone(g, inside) == zone_id)
			continue;
		if (zl_lookup_is_below(g, r->owner, origin)) {
			inside = r;
			continue;
		}
		owner = zl_graph_name_text(g, r->owner);
		zone = zl_graph_name_text(g, origin);
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, r->type,
		    _("owner '%s' lies outside the zone '%s': name servers ignore the record"),
		    owner, zone);
		if (owner_has_final_dot(g, r, &written, &len))
			zl_diag_hint(d, _("remove the final dot to make the name relative: '%.*s' stands for '%.*s%s'"),
			    (int)(len - 1), written, (int)len, written, zone);
		else
			zl_diag_hint(d, _("move the record to the zone file of '%s', or write its owner relative to '%s'"),
			    owner, zone);
		free(owner);
		free(zone);
	}
}

const struct zl_rule zl_rule_zone_out_of_zone = {
	.id = "zone-out-of-zone",
	.severity = ZL_ERROR,
	.summary = N_("record whose owner lies outside the zone's origin"),
	.check = check_zone_out_of_zone,
};
