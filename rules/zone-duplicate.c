/* zone-duplicate: the same record written twice. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rdata.h"
#include "rrtype.h"
#include "rule.h"
#include "util.h"

/* RRsets up to this size are compared pairwise instead of sorted. */
#define SMALL_RRSET 8

/* One record of an RRset, ready to sort by content: its RDATA, or a copy
 * with the names inside it folded to lower case (zl_rdata_fold_names()). */
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
report(struct zl_check *c, const struct entry *e, const struct entry *first)
{
	const struct zl_record *r = &c->graph->records[e->id];
	const struct zl_record *f = &c->graph->records[first->id];
	struct zl_diag *d;
	char tname[16];

	if (memcmp(zl_graph_rdata(c->graph, r), zl_graph_rdata(c->graph, f), r->rdata_len) != 0)
		d = zl_report(c, ZL_WARNING, zl_record_pos(c->graph, r), r->owner, r->type,
		    _("duplicate %s record: the record on line %u differs only in the case of a name, which DNS ignores; servers keep one copy, so a change to only one of them has no effect"),
		    zl_rrtype_name(r->type, tname), (unsigned)f->line);
	else
		d = zl_report(c, ZL_WARNING, zl_record_pos(c->graph, r), r->owner, r->type,
		    _("duplicate %s record: the same data is on line %u; servers keep one copy, so a change to only one of them has no effect"),
		    zl_rrtype_name(r->type, tname), (unsigned)f->line);
	zl_diag_hint(d, _("remove one of the two records"));
}

/* Room reused from one RRset to the next. */
struct scratch {
	struct entry *e;
	size_t cap;
	uint8_t *folded;	/* folded copies of RDATA */
	size_t folded_cap;
};

/* Return whether x and y differ only in the case of ASCII letters. */
static bool
same_but_case(const uint8_t *x, const uint8_t *y, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t lower = x[i] | 0x20;

		if (x[i] == y[i])
			continue;
		if (lower != (y[i] | 0x20) || lower < 'a' || lower > 'z')
			return false;
	}
	return true;
}

/* Return whether two records of type are one record once the names in
 * their RDATA are folded. */
static bool
same_folded(uint16_t type, const struct entry *x, const struct entry *y,
    struct scratch *s)
{
	bool fx, fy;

	if (!zl_rdata_folds_names(type) || x->rclass != y->rclass || x->len != y->len ||
	    x->len == 0 || !same_but_case(x->rdata, y->rdata, x->len))
		return false;
	zl_grow((void **)&s->folded, &s->folded_cap, 2 * (size_t)x->len, 1);
	fx = zl_rdata_fold_names(type, x->rdata, x->len, s->folded);
	fy = zl_rdata_fold_names(type, y->rdata, y->len, s->folded + x->len);
	return (fx || fy) &&
	    memcmp(fx ? s->folded : x->rdata, fy ? s->folded + x->len : y->rdata, x->len) == 0;
}

/* Compare each record of a small RRset with the ones before it (e is in
 * input order) and report it against the first equal one.  Names are
 * folded only for pairs that differ in case alone, which keeps the usual
 * RRset free of copies. */
static void
check_small(struct zl_check *c, uint16_t type,
    const struct entry *e, size_t count, struct scratch *s)
{
	for (size_t k = 1; k < count; k++) {
		for (size_t j = 0; j < k; j++) {
			if (same_entry(&e[j], &e[k]) || same_folded(type, &e[j], &e[k], s)) {
				report(c, &e[k], &e[j]);
				break;
			}
		}
	}
}

/* Sort the RRset by content and report each record equal to an earlier
 * one.  Sorting keeps huge RRsets at n log n. */
static void
check_rrset(struct zl_check *c, const uint32_t *ids, size_t count, struct scratch *s)
{
	const struct zl_graph *g = c->graph;
	uint16_t type = g->records[ids[0]].type;
	bool folds = zl_rdata_folds_names(type);
	struct entry *e;
	size_t n = 0, used = 0;
	bool small = count <= SMALL_RRSET;

	zl_grow((void **)&s->e, &s->cap, count, sizeof(*s->e));
	e = s->e;
	if (folds && !small) {
		size_t total = 0;

		for (size_t k = 0; k < count; k++)
			total += g->records[ids[k]].rdata_len;
		zl_grow((void **)&s->folded, &s->folded_cap, total, 1);
	}
	/* Broken records have no RDATA to compare. */
	for (size_t k = 0; k < count; k++) {
		const struct zl_record *r = &g->records[ids[k]];
		const uint8_t *rdata = zl_graph_rdata(g, r);

		if (r->flags & ZL_REC_BROKEN)
			continue;
		if (folds && !small && r->rdata_len > 0 &&
		    zl_rdata_fold_names(type, rdata, r->rdata_len, s->folded + used)) {
			rdata = s->folded + used;
			used += r->rdata_len;
		}
		e[n].rdata = rdata;
		e[n].len = r->rdata_len;
		e[n].rclass = r->rclass;
		e[n].id = ids[k];
		n++;
	}
	count = n;
	if (small) {
		check_small(c, type, e, count, s);
		return;
	}
	qsort(e, count, sizeof(*e), cmp_entry);
	for (size_t k = 1, first = 0; k < count; k++) {
		if (!same_entry(&e[k], &e[first])) {
			first = k;
			continue;
		}
		report(c, &e[k], &e[first]);
	}
}

/* RFC 2181 section 5: an RRset is a set, so a repeated record is one
 * record. */
static void
check_zone_duplicate(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct scratch s = { 0 };

	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *n = &g->names[i];
		const uint32_t *ids = g->by_name + n->first;
		size_t count = zl_name_nrecords(g, (uint32_t)i);
		size_t start = 0;

		if (count < 2)
			continue;
		for (size_t k = 1; k <= count; k++) {
			const struct zl_record *a = &g->records[ids[start]];
			const struct zl_record *b = k < count ? &g->records[ids[k]] : NULL;

			if (b != NULL && zl_record_zone(g, b) == zl_record_zone(g, a) &&
			    b->type == a->type)
				continue;
			if (k - start > 1)
				check_rrset(c, ids + start, k - start, &s);
			start = k;
		}
	}
	free(s.e);
	free(s.folded);
}

const struct zl_rule zl_rule_zone_duplicate = {
	.id = "zone-duplicate",
	.severity = ZL_WARNING,
	.summary = N_("the same record written more than once"),
	.check = check_zone_duplicate,
};
