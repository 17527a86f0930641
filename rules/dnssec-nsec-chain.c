/* dnssec-nsec-chain: NSEC records whose next owner names are not the next
 * names of the zone, so that the chain misses names or does not close. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rule.h"
#include "util.h"

/* The NSEC records of one zone, in canonical order of their owners. */
struct chain {
	const struct zl_graph *g;
	uint32_t *records;	/* record ids, one per owner; owned */
	size_t len, cap;
};

static const struct zl_graph *sort_graph;	/* for the qsort() comparison */

/* Compare names a and b of g in the canonical order of RFC 4034 section
 * 6.1, as zl_dnssec_name_cmp() does, but label by label down the tree, so
 * that neither name is rebuilt.  Names are folded, and a label differs
 * from another under the same parent. */
static int
cmp_names(const struct zl_graph *g, uint32_t a, uint32_t b)
{
	uint32_t pa[128], pb[128];
	size_t na = 0, nb = 0;

	for (uint32_t n = a; n != ZL_NONE && na < 128; n = g->names[n].parent)
		pa[na++] = n;
	for (uint32_t n = b; n != ZL_NONE && nb < 128; n = g->names[n].parent)
		pb[nb++] = n;
	while (na > 0 && nb > 0) {
		uint32_t x = pa[--na], y = pb[--nb];
		const uint8_t *lx, *ly;
		int cmp;

		if (x == y)
			continue;
		lx = zl_graph_name_label(g, x);
		ly = zl_graph_name_label(g, y);
		cmp = memcmp(lx + 1, ly + 1, lx[0] < ly[0] ? lx[0] : ly[0]);
		if (cmp != 0)
			return cmp < 0 ? -1 : 1;
		return lx[0] < ly[0] ? -1 : 1;
	}
	/* Equal up to here: the name with fewer labels sorts first. */
	if (na == nb)
		return 0;
	return na < nb ? -1 : 1;
}

static int
cmp_owner(const void *a, const void *b)
{
	const struct zl_record *x = &sort_graph->records[*(const uint32_t *)a];
	const struct zl_record *y = &sort_graph->records[*(const uint32_t *)b];

	return cmp_names(sort_graph, x->owner, y->owner);
}

/* The next owner name of an NSEC record (wire form in its RDATA), or NULL. */
static const uint8_t *
next_owner(const struct zl_graph *g, const struct zl_record *r)
{
	const uint8_t *p = zl_graph_rdata(g, r);
	size_t len;

	if (r->flags & ZL_REC_BROKEN || r->rdata_len == 0)
		return NULL;
	len = zl_name_len(p);
	return len > 0 && len <= r->rdata_len ? p : NULL;
}

static struct zl_diag *
report_link(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	const struct chain *ch = arg;
	const uint8_t *next = next_owner(g, r);
	uint32_t next_id = zl_graph_lookup(g, next);
	size_t at = 0, n = ch->len;
	struct zl_diag *d;
	char *owner, *next_text, *meant;

	while (at < n && ch->records[at] != item)
		at++;
	owner = zl_graph_name_text(g, r->owner);
	next_text = zl_name_text(next);
	meant = zl_graph_name_text(g, g->records[ch->records[(at + 1) % n]].owner);
	if (next_id == ZL_NONE || !zl_lookup_has_type(g, next_id, zl_record_zone(g, r),
	    ZL_TYPE_NSEC)) {
		d = zl_report(c, c->rule->severity, zl_lookup_field_pos(g, r, 0), r->owner, r->type,
		    _("NSEC record of '%s' names '%s' as the next owner, but that name has no NSEC record in this zone: the chain breaks, so denials of existence for the names after it fail to validate"),
		    owner, next_text);
	} else {
		d = zl_report(c, c->rule->severity, zl_lookup_field_pos(g, r, 0), r->owner, r->type,
		    _("NSEC record of '%s' names '%s' as the next owner, but the next name with an NSEC record in canonical order is '%s': the chain skips names or does not close back to the apex, so denials of existence fail to validate"),
		    owner, next_text, meant);
	}
	zl_diag_hint(d, _("sign the zone again so that the signer rebuilds the NSEC chain; the next owner here should be '%s'"),
	    meant);
	free(owner);
	free(next_text);
	free(meant);
	return d;
}

static struct zl_diag *
report_uncovered(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	struct zl_diag *d;
	char *owner = zl_graph_name_text(g, r->owner);

	(void)arg;
	d = zl_report(c, c->rule->severity, zl_record_pos(g, r), r->owner, r->type,
	    _("'%s' holds records but no NSEC record, while the zone uses NSEC: queries for its missing types cannot be denied with a valid proof"),
	    owner);
	zl_diag_hint(d, _("sign the zone again so that the signer adds '%s' to the NSEC chain"), owner);
	free(owner);
	return d;
}

/* Collect the first NSEC record of each owner of zone z, and the first
 * record of each name that needs one and lacks it, into uncovered. */
static void
collect(struct chain *ch, uint32_t z, struct zl_dnssec_group *uncovered)
{
	const struct zl_graph *g = ch->g;
	const struct zl_zone *zone = &g->zones[z];

	for (uint32_t i = 0; i < zone->record_count; i++) {
		uint32_t id = zone->first_record + i;
		const struct zl_record *r = &g->records[id];
		size_t count;
		const uint32_t *ids = zl_graph_rrset(g, r->owner, z, 0, &count);
		uint32_t cut;

		/* Visit each owner once, at its first record; authoritative
		 * names and delegation points need NSEC, glue does not. */
		if (count == 0 || ids[0] != id ||
		    !zl_lookup_is_below(g, r->owner, zone->origin))
			continue;
		cut = zl_graph_delegation_of(g, z, r->owner);
		if (cut != ZL_NONE && cut != r->owner)
			continue;
		if (zl_lookup_has_type(g, r->owner, z, ZL_TYPE_NSEC)) {
			const uint32_t *nsec = zl_graph_rrset(g, r->owner, z, ZL_TYPE_NSEC, &count);

			ZL_PUSH(ch->records, ch->len, ch->cap, nsec[0]);
		} else {
			zl_dnssec_group_add(uncovered, id);
		}
	}
}

/* RFC 4034 section 4.1.1: the NSEC records of a zone form one chain in
 * canonical order of their owners, and the last one points back to the
 * apex.  Every authoritative name and delegation point owns one (RFC 4035
 * section 2.3). */
static void
check_dnssec_nsec_chain(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct chain ch = { g, NULL, 0, 0 };
	struct zl_dnssec_group links, uncovered;

	zl_dnssec_group_init(&links, ZL_DNSSEC_GROUP_LIMIT);
	zl_dnssec_group_init(&uncovered, ZL_DNSSEC_GROUP_LIMIT);
	for (size_t z = 0; z < g->nzones; z++) {
		uint32_t origin = g->zones[z].origin;

		/* A zone cut off by --max-records lacks links of its chain. */
		if (!zl_lookup_has_type(g, origin, (uint32_t)z, ZL_TYPE_NSEC) ||
		    !zl_lookup_zone_complete(g, (uint32_t)z))
			continue;
		ch.len = 0;
		collect(&ch, (uint32_t)z, &uncovered);
		sort_graph = g;
		if (ch.len > 1)	/* records is NULL while empty */
			qsort(ch.records, ch.len, sizeof(*ch.records), cmp_owner);

		for (size_t i = 0; i < ch.len; i++) {
			const struct zl_record *r = &g->records[ch.records[i]];
			const uint8_t *next = next_owner(g, r);
			uint32_t meant = g->records[ch.records[(i + 1) % ch.len]].owner;

			if (next != NULL && zl_graph_lookup(g, next) != meant)
				zl_dnssec_group_add(&links, ch.records[i]);
		}
		zl_dnssec_group_flush(&links, c, report_link, &ch);
		zl_dnssec_group_flush(&uncovered, c, report_uncovered, NULL);
	}
	free(ch.records);
	zl_dnssec_group_fini(&links);
	zl_dnssec_group_fini(&uncovered);
}

const struct zl_rule zl_rule_dnssec_nsec_chain = {
	.id = "dnssec-nsec-chain",
	.severity = ZL_ERROR,
	.summary = N_("NSEC chain that skips names, breaks or does not close back to the apex"),
	.check = check_dnssec_nsec_chain,
};
