/* zone-syntax: text that no DNS server can load, reported while reading. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "i18n.h"
#include "load.h"
#include "rrtype.h"
#include "rule.h"
#include "util.h"

/* A UTF-8 byte-order mark, which editors on Windows put at the start of
 * a file.  The reader skips it, but BIND 9.18, Knot DNS and validns read
 * it as part of the first word and reject the file. */
static void
check_byte_order_marks(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (uint32_t i = 0; i < g->nfiles; i++) {
		const struct zl_file *f = &g->files[i];
		struct zl_pos pos = { i, 1, 1, 0 };
		struct zl_diag *d;

		if (f->data == NULL || f->size < 3 || memcmp(f->data, "\xef\xbb\xbf", 3) != 0)
			continue;
		d = zl_report(c, ZL_ERROR, pos, ZL_NONE, 0, "%s",
		    _("the file starts with a UTF-8 byte-order mark: BIND, Knot DNS and validns read it as part of the first word and refuse the zone"));
		zl_diag_hint(d, "%s", _("save the file as UTF-8 without a byte-order mark (BOM)"));
	}
}

/* The class of a zone is that of its SOA record, else IN.  BIND refuses
 * a zone with a record of another class. */
static void
check_classes(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	uint16_t *zone_class = zl_xcalloc(g->nzones + 1, sizeof(*zone_class));

	/* The class of a zone is the class of its SOA record, else IN. */
	for (uint32_t z = 0; z < g->nzones; z++) {
		const uint32_t *soa;
		size_t nsoa;

		soa = zl_graph_rrset(g, g->zones[z].origin, z, ZL_TYPE_SOA, &nsoa);
		zone_class[z] = nsoa > 0 ? g->records[soa[0]].rclass : ZL_CLASS_IN;
	}
	for (uint32_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];
		uint32_t zone = zl_record_zone(g, r);
		char have[16], want[16];
		struct zl_diag *d;

		if (zone == ZL_NONE || zone >= g->nzones || r->rclass == zone_class[zone])
			continue;
		zl_rrclass_name(r->rclass, have);
		zl_rrclass_name(zone_class[zone], want);
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, r->type,
		    _("record of class '%s' in a zone of class '%s': BIND refuses to load the zone"),
		    have, want);
		zl_diag_hint(d, _("write the record with class '%s', or move it to a zone of class '%s'"),
		    want, have);
	}
	free(zone_class);
}

/* The zone reader reports most of these findings itself (src/load.c),
 * because it finds them while it reads and then skips to the next record.
 * This check adds what needs the whole file or zone. */
static void
check_zone_syntax(struct zl_check *c)
{
	check_byte_order_marks(c);
	check_classes(c);
}

const struct zl_rule zl_rule_zone_syntax = {
	.id = "zone-syntax",
	.severity = ZL_ERROR,
	.summary = N_("master-file syntax that name servers reject: bad names, fields, directives, quotes or parentheses"),
	.check = check_zone_syntax,
};
