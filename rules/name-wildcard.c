/* name-wildcard: wildcard owners that do not work as their writers
 * expect. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rrtype.h"
#include "rule.h"
#include "util.h"

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
	uint8_t wire[ZL_NAME_WIRE_MAX];
	const uint8_t *star;
	char *owner;
	char phrase[ZL_RRTYPE_PHRASE_MAX];
	struct zl_diag *d;

	zl_graph_name_wire(g, r->owner, wire);
	star = literal_star(wire);
	if (star == NULL && !(wire[0] == 1 && wire[1] == '*' &&
	    (r->type == ZL_TYPE_NS || r->type == ZL_TYPE_DNAME)))
		return;
	owner = zl_graph_name_text(g, r->owner);

	/* RFC 4592 section 2.1.1: only a leftmost label that is exactly "*"
	 * makes a wildcard. */
	if (star != NULL) {
		d = zl_report(c, ZL_INFO, zl_record_pos(g, r), r->owner, r->type,
		    _("'%s' has '*' inside the label '%.*s', which makes no wildcard: it matches only a query for that literal name"),
		    owner, (int)star[0], (const char *)star + 1);
		zl_diag_hint(d, _("to cover every name below a node, write '*' as the whole leftmost label"));
	} else if (wire[0] == 1 && wire[1] == '*' &&
	    (r->type == ZL_TYPE_NS || r->type == ZL_TYPE_DNAME)) {
		/* RFC 4592 sections 4.2 and 4.4. */
		d = zl_report(c, ZL_INFO, zl_record_pos(g, r), r->owner, r->type,
		    _("wildcard '%s' owns %s: RFC 4592 advises against it, and servers handle it differently"),
		    owner, zl_rrtype_phrase(r->type, phrase));
		zl_diag_hint(d, _("delegate or redirect each name on its own"));
	}
	free(owner);
}

/* The wildcard "*" directly below parent, or ZL_NONE. */
static uint32_t
wildcard_child(const struct zl_graph *g, uint32_t parent)
{
	uint8_t wild[ZL_NAME_MAX + 2];
	size_t len;

	if (!(g->names[parent].flags & ZL_NAME_WILDCARD_PARENT))
		return ZL_NONE;
	len = zl_graph_name_wire(g, parent, wild + 2);
	if (len + 2 > ZL_NAME_MAX)
		return ZL_NONE;
	wild[0] = 1;
	wild[1] = '*';
	return zl_graph_lookup(g, wild);
}

/* RFC 4592 section 2.2.1 and RFC 1912 section 2.7: a wildcard answers
 * only for names that do not exist, so a wildcard MX gives no MX record
 * to the hosts written out beside it.  Names with service labels ("_")
 * and delegations are not mail domains here and are not counted.  One
 * pass over the names counts, for each wildcard MX, the siblings it
 * leaves without MX and remembers the first.  A zone cut off by
 * --max-records may hold the MX of a sibling in the part not read, so its
 * names are not counted. */
static void
check_wildcard_mx(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	uint32_t *missed = NULL, *example = NULL;	/* per name, made at the first miss */

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint8_t *label = zl_graph_name_label(g, (uint32_t)i);
		uint32_t star;

		if (n->parent == ZL_NONE ||
		    !(g->names[n->parent].flags & ZL_NAME_WILDCARD_PARENT) ||
		    !(n->flags & (ZL_NAME_HAS_DATA | ZL_NAME_HAS_CHILDREN)) ||
		    n->flags & ZL_NAME_DELEGATION || label[1] == '_' ||
		    (label[0] == 1 && label[1] == '*'))
			continue;
		star = wildcard_child(g, n->parent);
		if (star == ZL_NONE || !zl_lookup_has_type(g, star, ZL_NONE, ZL_TYPE_MX) ||
		    zl_lookup_has_type(g, (uint32_t)i, ZL_NONE, ZL_TYPE_MX) ||
		    zl_lookup_cname(g, (uint32_t)i) != ZL_NONE ||
		    !zl_lookup_zone_complete(g, zl_graph_zone_of(g, (uint32_t)i)))
			continue;
		if (missed == NULL) {
			missed = zl_xcalloc(g->nnames, sizeof(*missed));
			example = zl_xmalloc(g->nnames * sizeof(*example));
		}
		if (missed[star]++ == 0)
			example[star] = (uint32_t)i;
	}
	for (size_t i = 0; missed != NULL && i < g->nnames; i++) {
		const uint32_t *ids;
		size_t count;
		struct zl_diag *d;
		char *star, *name;

		if (missed[i] == 0)
			continue;
		ids = zl_graph_rrset(g, (uint32_t)i, ZL_NONE, ZL_TYPE_MX, &count);
		star = zl_graph_name_text(g, (uint32_t)i);
		name = zl_graph_name_text(g, example[i]);
		d = zl_report(c, ZL_INFO, zl_record_pos(g, &g->records[ids[0]]),
		    (uint32_t)i, ZL_TYPE_MX,
		    _("wildcard MX at '%s' does not apply to the %u names beside it that exist, such as '%s': they get no MX record"),
		    star, missed[i], name);
		zl_diag_hint(d, _("add MX records to the names written out in the zone that receive mail"));
		free(star);
		free(name);
	}
	free(missed);
	free(example);
}

/* One finding per owner name and type. */
static void
check_name_wildcard(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	check_wildcard_mx(c);

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint32_t *ids = g->by_name + n->first;
		size_t count = zl_name_nrecords(g, (uint32_t)i);
		uint8_t wire[ZL_NAME_WIRE_MAX];

		if (count == 0 || !(n->flags & ZL_NAME_HAS_STAR))
			continue;
		zl_graph_name_wire(g, (uint32_t)i, wire);
		for (size_t k = 0; k < count; k++) {
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
	.summary = N_("wildcard pitfalls: '*' that makes no wildcard, wildcard NS or DNAME records, a wildcard MX that misses existing names"),
	.check = check_name_wildcard,
};
