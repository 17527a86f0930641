/* zone-missing-dot: a relative name that was meant to be absolute. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"
#include "load.h"
#include "lookup.h"
#include "name.h"
#include "rule.h"
#include "util.h"

/* The zone reader reports relative $ORIGIN and $INCLUDE origins while it
 * reads (src/load.c).  This check finds owners and RDATA names to which
 * the origin was appended by mistake, because a name without a final dot
 * is relative to the origin (RFC 1035 section 5.1).  Records read under
 * such a reported origin are skipped: the finding at the directive names
 * their cause, and one more per record would only repeat it. */

/* Report a mailbox, which need not exist as a name, by the address it
 * makes. */
static void
report_mailbox(struct zl_check *c, struct zl_pos pos, const struct zl_record *r,
    uint32_t name, const uint8_t *meant)
{
	char *written = zl_graph_name_text(c->graph, name);
	char *wanted = zl_name_text(meant);
	struct zl_diag *d;

	d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
	    _("SOA mailbox '%s' ends in the origin appended to a name without a final dot: mail to the zone contact goes to a domain that does not exist; '%s' was most likely meant"),
	    written, wanted);
	zl_diag_hint(d, _("write the name with a final dot: '%s'"), wanted);
	free(written);
	free(wanted);
}

static void
report(struct zl_check *c, struct zl_pos pos, const struct zl_record *r,
    uint32_t name, const uint8_t *meant)
{
	const struct zl_graph *g = c->graph;
	uint32_t zone_origin = g->zones[zl_record_zone(g, r)].origin;
	uint32_t meant_id = zl_graph_lookup(g, meant);
	char *written = zl_graph_name_text(g, name);
	char *wanted = zl_name_text(meant);
	char *origin = zl_graph_name_text(g, zone_origin);
	uint8_t origin_wire[ZL_NAME_WIRE_MAX];
	struct zl_diag *d;

	zl_graph_name_wire(g, zone_origin, origin_wire);
	if (!zl_name_is_subdomain(meant, origin_wire))
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("'%s' ends in the origin '%s' appended to a name without a final dot: '%s' was most likely meant, which lies outside this zone"),
		    written, origin, wanted);
	else if (meant_id != ZL_NONE &&
	    g->names[meant_id].flags & (ZL_NAME_HAS_DATA | ZL_NAME_HAS_CHILDREN))
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("'%s' ends in the origin '%s' appended to a name without a final dot: '%s' was most likely meant, and it exists in this zone"),
		    written, origin, wanted);
	else
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("'%s' ends in the origin '%s' appended to a name without a final dot: '%s' was most likely meant, and no record in this zone has that name yet"),
		    written, origin, wanted);
	zl_diag_hint(d, _("write the name with a final dot: '%s'"), wanted);
	free(written);
	free(wanted);
	free(origin);
}

/* Return whether name, in zone, ends in the origin appended by mistake.
 * Names recur as owners and targets, so each name found clean is marked
 * in clean with its zone number plus 1 (for the first 255 zones). */
static bool
missing_dot(const struct zl_graph *g, uint8_t *clean, uint32_t name, uint32_t zone,
    uint8_t *meant)
{
	if (zone < UINT8_MAX && clean[name] == zone + 1)
		return false;
	if (zl_lookup_missing_dot(g, name, zone, meant))
		return true;
	if (zone < UINT8_MAX)
		clean[name] = (uint8_t)(zone + 1);
	return false;
}

static void
check_zone_missing_dot(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	uint8_t meant[ZL_NAME_MAX];
	uint8_t *clean = zl_xcalloc(g->nnames ? g->nnames : 1, 1);

	/* Owners, where they are written out. */
	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];

		if (!(r->flags & ZL_REC_WRONG_ORIGIN) && zl_lookup_owner_written(g, r) &&
		    missing_dot(g, clean, r->owner, zl_record_zone(g, r), meant))
			report(c, zl_record_pos(g, r), r, r->owner, meant);
	}

	/* Names in RDATA.  A wrong SOA mailbox only misdirects mail to the
	 * zone's contact, so it is a warning. */
	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];

		if (r->flags & (ZL_REC_GENERATED | ZL_REC_WRONG_ORIGIN) ||
		    !missing_dot(g, clean, ref->target, zl_record_zone(g, r), meant))
			continue;
		if (ref->kind == ZL_REF_SOA_RNAME)
			report_mailbox(c, zl_ref_pos(g, ref), r, ref->target, meant);
		else
			report(c, zl_ref_pos(g, ref), r, ref->target, meant);
	}
	free(clean);
}

const struct zl_rule zl_rule_zone_missing_dot = {
	.id = "zone-missing-dot",
	.severity = ZL_ERROR,
	.summary = N_("relative name meant as absolute, so the origin is appended to it"),
	.check = check_zone_missing_dot,
};
