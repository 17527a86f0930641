/* cname-chain: a CNAME chain longer than resolvers should have to follow. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "cname.h"
#include "i18n.h"
#include "name.h"
#include "rule.h"
#include "util.h"

/* Aliases in a row that a resolver should not have to follow.  No
 * standard gives a number; 8 is an estimate, kept below the point where
 * resolvers stop following. */
#define CHAIN_MAX 8

/* RFC 1912 section 2.4: chained CNAME records are known to trip up some
 * resolvers, and each link costs a lookup when it leaves the zone. */
static void
check_cname_chain(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_cname_chains ch;
	bool *is_target;

	/* Report a chain once, where it starts: at a name no alias points to. */
	zl_cname_chains_init(&ch, g);
	is_target = zl_xcalloc(ch.count ? ch.count : 1, sizeof(*is_target));
	for (uint32_t a = 0; a < ch.count; a++) {
		uint32_t t = zl_cname_alias(&ch, ch.target[a]);

		if (t != ZL_NONE)
			is_target[t] = true;
	}
	for (uint32_t a = 0; a < ch.count; a++) {
		const struct zl_record *r;
		struct zl_diag *d;
		char *owner, *end;
		uint32_t n = ch.target[a], next;

		if (is_target[a] || ch.length[a] == ZL_CNAME_ENDLESS || ch.length[a] <= CHAIN_MAX)
			continue;
		while ((next = zl_cname_alias(&ch, n)) != ZL_NONE)
			n = ch.target[next];
		r = &g->records[ch.record[a]];
		owner = zl_graph_name_text(g, ch.name[a]);
		end = zl_graph_name_text(g, n);
		d = zl_report(c, ZL_WARNING, zl_record_pos(g, r), r->owner, r->type,
		    _("CNAME chain of %u aliases from '%s' to '%s': each alias costs resolvers one more lookup, and some give up before the end"),
		    ch.length[a], owner, end);
		zl_diag_hint(d, _("point '%s' straight at '%s'"), owner, end);
		free(owner);
		free(end);
	}
	free(is_target);
	zl_cname_chains_fini(&ch);
}

const struct zl_rule zl_rule_cname_chain = {
	.id = "cname-chain",
	.severity = ZL_WARNING,
	.summary = N_("chain of more than 8 CNAME records in a row"),
	.check = check_cname_chain,
};
