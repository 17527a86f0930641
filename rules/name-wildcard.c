/* name-wildcard: wildcard owners that do not work as their writers
 * expect. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "name.h"
#include "rule.h"

/* The first label of wire, other than a whole leftmost "*", that
 * contains an asterisk, or NULL. */
static const uint8_t *
literal_star(const uint8_t *wire)
{
	const uint8_t *label = wire;

	if (label[0] == 1 && label[1] == '*')
		label += 2;
	for (; label[0] != 0; label += label[0] + 1) {
		if (memchr(label + 1, '*', label[0]) != NULL)
			return label;
	}
	return NULL;
}

static void
check_record(struct zl_check *c, const struct zl_record *r)
{
	const struct zl_graph *g = c->graph;
	const uint8_t *wire = zl_graph_name_wire(g, r->owner);
	const uint8_t *star = literal_star(wire);
	char *owner = zl_graph_name_text(g, r->owner);
	struct zl_diag *d;

	/* RFC 4592 section 2.1.1: only a leftmost label that is exactly "*"
	 * makes a wildcard. */
	if (star != NULL) {
		d = zl_report(c, ZL_INFO, r->pos, r->owner, r->type,
		    _("'%s' has '*' inside the label '%.*s', which makes no wildcard: it matches only a query for that literal name"),
		    owner, (int)star[0], (const char *)star + 1);
		zl_diag_hint(d, _("to cover every name below a node, write '*' as the whole leftmost label"));
	} else if (wire[0] == 1 && wire[1] == '*' &&
	    (r->type == ZL_TYPE_NS || r->type == ZL_TYPE_DNAME)) {
		/* RFC 4592 sections 4.2 and 4.4. */
		d = zl_report(c, ZL_INFO, r->pos, r->owner, r->type,
		    _("wildcard '%s' owns an %s record: RFC 4592 advises against it, and servers handle it differently"),
		    owner, r->type == ZL_TYPE_NS ? "NS" : "DNAME");
		zl_diag_hint(d, _("delegate or redirect each name on its own"));
	}
	free(owner);
}

/* One finding per owner name and type. */
static void
check_name_wildcard(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint32_t *ids = g->by_name + n->first;
		const uint8_t *wire = zl_graph_name_wire(g, (uint32_t)i);

		if (n->count == 0 || memchr(wire, '*', zl_name_len(wire)) == NULL)
			continue;
		for (size_t k = 0; k < n->count; k++) {
			if (k > 0 && g->records[ids[k]].type == g->records[ids[k - 1]].type)
				continue;
			check_record(c, &g->records[ids[k]]);
			/* A misplaced '*' is one finding per name. */
			if (literal_star(wire) != NULL)
				break;
		}
	}
}

const struct zl_rule zl_rule_name_wildcard = {
	.id = "name-wildcard",
	.severity = ZL_INFO,
	.summary = N_("wildcard pitfalls: '*' that makes no wildcard, wildcard NS or DNAME records"),
	.check = check_name_wildcard,
};
