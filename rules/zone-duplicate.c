/* zone-duplicate: the same record written twice. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rrtype.h"
#include "rule.h"
#include "util.h"

/* RRsets up to this size are compared pairwise instead of sorted. */
#define SMALL_RRSET 8

/* One record of an RRset, ready to sort by content. */
struct entry {
	const uint8_t *rdata;
	uint16_t len;
	uint16_t rclass;
	uint32_t id;
};

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c;

	if (x->rclass != y->rclass)
		return x->rclass < y->rclass ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	c = memcmp(x->rdata, y->rdata, x->len);
	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

static bool
same_entry(const struct entry *x, const struct entry *y)
{
	return x->rclass == y->rclass && x->len == y->len &&
	    memcmp(x->rdata, y->rdata, x->len) == 0;
}

static void
report(struct zl_check *c, const struct zl_record *r, const struct zl_record *first)
{
	struct zl_diag *d;
	char tname[16];

	d = zl_report(c, ZL_WARNING, zl_record_pos(c->graph, r), r->owner, r->type,
	    _("duplicate %s record: the same data is on line %u; servers keep one copy, so a change to only one of them has no effect"),
	    zl_rrtype_name(r->type, tname), (unsigned)first->line);
	zl_diag_hint(d, _("remove one of the two records"));
}

/* Compare each record of a small RRset with the ones before it (e is in
 * input order) and report it against the first equal one. */
static void
check_small(struct zl_check *c, const struct entry *e, size_t count)
{
	const struct zl_graph *g = c->graph;

	for (size_t k = 1; k < count; k++) {
		for (size_t j = 0; j < k; j++) {
			if (same_entry(&e[j], &e[k])) {
				report(c, &g->records[e[k].id], &g->records[e[j].id]);
				break;
			}
		}
	}
}

/* Sort the RRset by content and report each record equal to an earlier
 * one.  Sorting keeps huge RRsets at n log n. */
static void
check_rrset(struct zl_check *c, const uint32_t *ids, size_t count, struct entry *e)
{
	const struct zl_graph *g = c->graph;
	size_t n = 0;

	/* Broken records have no RDATA to compare. */
	for (size_t k = 0; k < count; k++) {
		const struct zl_record *r = &g->records[ids[k]];

		if (r->flags & ZL_REC_BROKEN)
			continue;
		e[n].rdata = zl_graph_rdata(g, r);
		e[n].len = r->rdata_len;
		e[n].rclass = r->rclass;
		e[n].id = ids[k];
		n++;
	}
	count = n;
	if (count <= SMALL_RRSET) {
		check_small(c, e, count);
		return;
	}
	qsort(e, count, sizeof(*e), cmp_entry);
	for (size_t k = 1, first = 0; k < count; k++) {
		if (!same_entry(&e[k], &e[first])) {
			first = k;
			continue;
		}
		report(c, &g->records[e[k].id], &g->records[e[first].id]);
	}
}

/* RFC 2181 section 5: an RRset is a set, so a repeated record is one
 * record.
 * TODO: names inside RDATA are compared byte for byte; records that
 * differ only in the case of such a name are not reported. */
static void
check_zone_duplicate(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct entry *e = NULL;
	size_t cap = 0;

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint32_t *ids = g->by_name + n->first;
		size_t count = zl_name_nrecords(g, (uint32_t)i);
		size_t start = 0;

		if (count < 2)
			continue;
		zl_grow((void **)&e, &cap, count, sizeof(*e));
		for (size_t k = 1; k <= count; k++) {
			const struct zl_record *a = &g->records[ids[start]];
			const struct zl_record *b = k < count ? &g->records[ids[k]] : NULL;

			if (b != NULL && zl_record_zone(g, b) == zl_record_zone(g, a) &&
			    b->type == a->type)
				continue;
			if (k - start > 1)
				check_rrset(c, ids + start, k - start, e);
			start = k;
		}
	}
	free(e);
}

const struct zl_rule zl_rule_zone_duplicate = {
	.id = "zone-duplicate",
	.severity = ZL_WARNING,
	.summary = N_("the same record written more than once"),
	.check = check_zone_duplicate,
};
