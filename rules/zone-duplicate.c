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

/* One record of an RRset, ready to sort by content: its RDATA, or for
 * the types below a copy with the names inside it folded to lower case. */
struct entry {
	const uint8_t *rdata;
	uint16_t len;
	uint16_t rclass;
	uint32_t id;
};

/* The place of the names in the RDATA of a type whose canonical form
 * folds them (RFC 4034 section 6.2, without NSEC as RFC 6840 section 5.1
 * says).  Servers compare these names without regard to case, so two
 * records that differ only there are one record. */
struct name_layout {
	uint8_t skip;		/* bytes of fixed fields */
	uint8_t strings;	/* character-strings after them */
	uint8_t count;		/* names after those */
};

/* Return the layout of type, or NULL for a type without such names. */
static const struct name_layout *
name_layout_of(uint16_t type)
{
	static const struct name_layout one = { 0, 0, 1 }, two = { 0, 0, 2 },
	    after_preference = { 2, 0, 1 }, two_after_preference = { 2, 0, 2 },
	    srv = { 6, 0, 1 }, naptr = { 4, 3, 1 }, sig = { 18, 0, 1 };

	switch (type) {
	case 2: case 3: case 4: case 5:	/* NS, MD, MF, CNAME */
	case 7: case 8: case 9:		/* MB, MG, MR */
	case 12: case 30: case 39:	/* PTR, NXT, DNAME */
		return &one;
	case 6: case 14: case 17:	/* SOA, MINFO, RP */
		return &two;
	case 15: case 18: case 21: case 36:	/* MX, AFSDB, RT, KX */
		return &after_preference;
	case 26:			/* PX */
		return &two_after_preference;
	case 33:			/* SRV */
		return &srv;
	case 35:			/* NAPTR */
		return &naptr;
	case 24: case 46:		/* SIG, RRSIG */
		return &sig;
	default:
		return NULL;
	}
}

/* Lower the ASCII letters of the wire name at out[*pos], moving *pos past
 * it.  Returns false when the name runs past len. */
static bool
fold_name(uint8_t *out, size_t len, size_t *pos)
{
	size_t p = *pos;

	while (p < len && out[p] != 0) {
		size_t end = p + 1 + out[p];

		if (out[p] > 63 || end > len)
			return false;
		for (p++; p < end; p++)
			if (out[p] >= 'A' && out[p] <= 'Z')
				out[p] = (uint8_t)(out[p] - 'A' + 'a');
	}
	if (p >= len)
		return false;
	*pos = p + 1;
	return true;
}

/* Copy rdata to out with its names folded, and return whether that
 * changed a byte.  RDATA that does not fit the layout (written in RFC 3597
 * form, say) returns false, so it is compared as written. */
static bool
fold_rdata(const struct name_layout *l, const uint8_t *rdata, size_t len, uint8_t *out)
{
	size_t pos = l->skip;
	size_t upper = 0;

	/* Most zones write names in lower case: skip the copy then. */
	while (upper < len && !(rdata[upper] >= 'A' && rdata[upper] <= 'Z'))
		upper++;
	if (upper == len)
		return false;
	memcpy(out, rdata, len);
	for (unsigned k = 0; k < l->strings; k++) {
		if (pos >= len)
			return false;
		pos += 1 + (size_t)out[pos];
	}
	for (unsigned k = 0; k < l->count; k++)
		if (pos > len || !fold_name(out, len, &pos))
			return false;
	return memcmp(out, rdata, len) != 0;
}

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

/* Return whether two records of a type with names in its RDATA (layout
 * not NULL) are one record once those names are folded. */
static bool
same_folded(const struct name_layout *layout, const struct entry *x,
    const struct entry *y, struct scratch *s)
{
	bool fx, fy;

	if (layout == NULL || x->rclass != y->rclass || x->len != y->len ||
	    x->len == 0 || !same_but_case(x->rdata, y->rdata, x->len))
		return false;
	zl_grow((void **)&s->folded, &s->folded_cap, 2 * (size_t)x->len, 1);
	fx = fold_rdata(layout, x->rdata, x->len, s->folded);
	fy = fold_rdata(layout, y->rdata, y->len, s->folded + x->len);
	return (fx || fy) &&
	    memcmp(fx ? s->folded : x->rdata, fy ? s->folded + x->len : y->rdata, x->len) == 0;
}

/* Compare each record of a small RRset with the ones before it (e is in
 * input order) and report it against the first equal one.  Names are
 * folded only for pairs that differ in case alone, which keeps the usual
 * RRset free of copies. */
static void
check_small(struct zl_check *c, const struct name_layout *layout,
    const struct entry *e, size_t count, struct scratch *s)
{
	for (size_t k = 1; k < count; k++) {
		for (size_t j = 0; j < k; j++) {
			if (same_entry(&e[j], &e[k]) || same_folded(layout, &e[j], &e[k], s)) {
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
	const struct name_layout *layout = name_layout_of(g->records[ids[0]].type);
	struct entry *e;
	size_t n = 0, used = 0;
	bool small = count <= SMALL_RRSET;

	zl_grow((void **)&s->e, &s->cap, count, sizeof(*s->e));
	e = s->e;
	if (layout != NULL && !small) {
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
		if (layout != NULL && !small && r->rdata_len > 0 &&
		    fold_rdata(layout, rdata, r->rdata_len, s->folded + used)) {
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
		check_small(c, layout, e, count, s);
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
