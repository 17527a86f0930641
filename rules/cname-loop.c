/* cname-loop: CNAME records that lead back to where they started. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "cname.h"
#include "i18n.h"
#include "name.h"
#include "rule.h"

/* Names listed in a message before it is cut with "...". */
#define SHOWN_MAX 8

/* Append "a -> b -> ... -> a" for the loop through start to sb. */
static void
describe_loop(const struct zl_graph *g, const struct zl_cname_chains *ch,
    uint32_t start, struct zl_strbuf *sb)
{
	uint8_t wire[ZL_NAME_WIRE_MAX];
	uint32_t n = start;
	unsigned shown = 0;

	do {
		zl_graph_name_wire(g, n, wire);
		zl_name_to_text(wire, sb);
		zl_strbuf_adds(sb, " -> ");
		n = ch->target[zl_cname_alias(ch, n)];
	} while (n != start && ++shown < SHOWN_MAX);
	if (n != start)
		zl_strbuf_adds(sb, "... -> ");
	zl_graph_name_wire(g, start, wire);
	zl_name_to_text(wire, sb);
}

/* RFC 1034 section 3.6.2: a resolver follows CNAME records until it
 * finds the data; in a loop it never does and answers SERVFAIL.  The
 * loop may run through several of the loaded zones. */
static void
check_cname_loop(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_cname_chains ch;

	zl_cname_chains_init(&ch, g);
	for (uint32_t a = 0; a < ch.count; a++) {
		const struct zl_record *r;
		struct zl_strbuf loop;
		struct zl_diag *d;

		if (ch.loop[a] != ch.name[a])
			continue;
		r = &g->records[ch.record[a]];
		zl_strbuf_init(&loop);
		describe_loop(g, &ch, ch.name[a], &loop);
		d = zl_report(c, ZL_ERROR, zl_record_pos(g, r), r->owner, r->type,
		    _("CNAME loop: %s; resolvers never reach any data and answer with an error"),
		    loop.data);
		zl_diag_hint(d, _("point one of these CNAME records at a name that holds the data"));
		zl_strbuf_fini(&loop);
	}
	zl_cname_chains_fini(&ch);
}

const struct zl_rule zl_rule_cname_loop = {
	.id = "cname-loop",
	.severity = ZL_ERROR,
	.summary = N_("CNAME records that form a loop, within a zone or across the loaded zones"),
	.check = check_cname_loop,
};
