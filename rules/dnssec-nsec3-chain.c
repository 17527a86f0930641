/* dnssec-nsec3-chain: NSEC3 records with parameters that differ from the
 * zone's, a next hashed owner that is not the next hash of the chain, or
 * authoritative names that no NSEC3 record covers by hash. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rule.h"
#include "util.h"

enum { TYPE_NSEC3PARAM = 51, FIELD_NEXT_HASH = 4, OPT_OUT = 0x01 };

#define HASH_TEXT_MAX 64	/* base32hex of a hash of at most 40 bytes */

/* The fields of NSEC3 or NSEC3PARAM RDATA (RFC 5155 sections 3.2 and 4.2). */
struct params {
	uint8_t algorithm;
	uint8_t flags;
	uint16_t iterations;
	uint8_t salt_len;
	const uint8_t *salt;
	uint8_t hash_len;	/* NSEC3 only */
	const uint8_t *next;	/* NSEC3 only: the next hashed owner */
};

static bool
read_params(const struct zl_graph *g, const struct zl_record *r, struct params *p)
{
	const uint8_t *d = zl_graph_rdata(g, r);
	size_t len = r->rdata_len;

	if (r->flags & ZL_REC_BROKEN || len < 5 || len < 5u + d[4])
		return false;
	p->algorithm = d[0];
	p->flags = d[1];
	p->iterations = (uint16_t)(d[2] << 8 | d[3]);
	p->salt_len = d[4];
	p->salt = d + 5;
	p->hash_len = 0;
	p->next = NULL;
	if (r->type == ZL_TYPE_NSEC3) {
		size_t at = 5u + d[4];

		if (len < at + 1 || len < at + 1 + d[at] || d[at] == 0 || d[at] > 40)
			return false;
		p->hash_len = d[at];
		p->next = d + at + 1;
	}
	return true;
}

static bool
same_params(const struct params *a, const struct params *b)
{
	return a->algorithm == b->algorithm && a->iterations == b->iterations &&
	    a->salt_len == b->salt_len && memcmp(a->salt, b->salt, a->salt_len) == 0;
}

/* Write a hash in base32hex (RFC 4648 section 7), lower case, no padding. */
static void
base32hex(const uint8_t *data, size_t len, char out[HASH_TEXT_MAX + 1])
{
	static const char digits[] = "0123456789abcdefghijklmnopqrstuv";
	size_t n = 0, bits = 0;
	uint32_t acc = 0;

	for (size_t i = 0; i < len && n < HASH_TEXT_MAX; i++) {
		acc = acc << 8 | data[i];
		bits += 8;
		while (bits >= 5 && n < HASH_TEXT_MAX) {
			out[n++] = digits[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && n < HASH_TEXT_MAX)
		out[n++] = digits[(acc << (5 - bits)) & 31];
	out[n] = '\0';
}

/* The first label of a name as text, folded (owner names are folded). */
static void
first_label(const struct zl_graph *g, uint32_t name, char out[HASH_TEXT_MAX + 1])
{
	const uint8_t *w = zl_graph_name_label(g, name);
	size_t len = w[0] < HASH_TEXT_MAX ? w[0] : HASH_TEXT_MAX;

	memcpy(out, w + 1, len);
	out[len] = '\0';
}

/* One zone's NSEC3 records and the parameters they should share. */
struct nsec3_zone {
	const struct zl_graph *g;
	uint32_t zone;
	struct params want;	/* from NSEC3PARAM, else the first NSEC3 */
	uint32_t *records;	/* NSEC3 record ids with readable fields; owned */
	size_t len, cap;
};

static const struct zl_graph *sort_graph;	/* for the qsort() comparison */

static int
cmp_hash(const void *a, const void *b)
{
	char x[HASH_TEXT_MAX + 1], y[HASH_TEXT_MAX + 1];

	first_label(sort_graph, sort_graph->records[*(const uint32_t *)a].owner, x);
	first_label(sort_graph, sort_graph->records[*(const uint32_t *)b].owner, y);
	return strcmp(x, y);
}

static struct zl_diag *
report_params(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	const struct nsec3_zone *nz = arg;
	struct params p;
	struct zl_diag *d;

	if (!read_params(g, r, &p))
		return NULL;
	d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, r->type,
	    _("NSEC3 record with hash algorithm %u, %u iterations and a salt of %u bytes, but the zone's NSEC3 parameters are algorithm %u, %u iterations and %u bytes of salt: resolvers cannot match it, so denials of existence fail to validate"),
	    p.algorithm, p.iterations, p.salt_len, nz->want.algorithm,
	    nz->want.iterations, nz->want.salt_len);
	zl_diag_hint(d, _("sign the zone again with one set of NSEC3 parameters"));
	return d;
}

static struct zl_diag *
report_next(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	const struct nsec3_zone *nz = arg;
	char next[HASH_TEXT_MAX + 1], meant[HASH_TEXT_MAX + 1];
	size_t at = 0;
	struct params p;
	struct zl_diag *d;

	if (!read_params(g, r, &p))
		return NULL;
	while (at < nz->len && nz->records[at] != item)
		at++;
	base32hex(p.next, p.hash_len, next);
	first_label(g, g->records[nz->records[(at + 1) % nz->len]].owner, meant);
	d = zl_report(c, c->rule->severity, zl_lookup_field_pos(g, r, FIELD_NEXT_HASH),
	    r->owner, r->type,
	    _("NSEC3 record names '%s' as the next hashed owner, but the next NSEC3 record in hash order is '%s': the chain is broken, so denials of existence fail to validate"),
	    next, meant);
	zl_diag_hint(d, _("sign the zone again so that the signer rebuilds the NSEC3 chain"));
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
	    _("'%s' holds records but no NSEC3 record has its hash as owner: queries for its missing types cannot be denied with a valid proof"),
	    owner);
	zl_diag_hint(d, _("sign the zone again so that the signer adds '%s' to the NSEC3 chain"), owner);
	free(owner);
	return d;
}

/* True when the name's hash under the zone's parameters owns an NSEC3
 * record of the zone. */
static bool
hash_covered(const struct nsec3_zone *nz, uint32_t name)
{
	const struct zl_graph *g = nz->g;
	uint8_t wire[ZL_NAME_MAX], owner[ZL_NAME_MAX], origin[ZL_NAME_MAX];
	ldns_rdf *dname = ldns_dname_new_frm_data(zl_graph_name_wire(g, name, wire), wire);
	ldns_rdf *hashed = NULL;
	size_t label_len, origin_len = zl_graph_name_wire(g, g->zones[nz->zone].origin, origin);
	uint32_t id;

	if (dname != NULL)
		hashed = ldns_nsec3_hash_name(dname, nz->want.algorithm,
		    nz->want.iterations, nz->want.salt_len, nz->want.salt);
	ldns_rdf_deep_free(dname);
	if (hashed == NULL)
		return true;	/* a hash ldns cannot compute proves nothing */

	/* The hashed label, then the zone's origin. */
	label_len = ldns_rdf_data(hashed)[0];
	if (label_len + 1 + origin_len > ZL_NAME_MAX) {
		ldns_rdf_deep_free(hashed);
		return true;
	}
	memcpy(owner, ldns_rdf_data(hashed), label_len + 1);
	memcpy(owner + label_len + 1, origin, origin_len);
	ldns_rdf_deep_free(hashed);
	id = zl_graph_lookup(g, owner);
	return id != ZL_NONE && zl_lookup_has_type(g, id, nz->zone, ZL_TYPE_NSEC3);
}

/* An empty non-terminal without its NSEC3 record, and the first record
 * found below it. */
struct empty_name {
	uint32_t name;
	uint32_t record;
};

struct empty_names {
	struct empty_name *items;
	size_t len, cap;
	uint8_t *seen;		/* one bit per name of the graph; owned */
};

static struct zl_diag *
report_empty(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct empty_names *empty = arg;
	const struct empty_name *e = &empty->items[item];
	const struct zl_record *r = &g->records[e->record];
	char *name = zl_graph_name_text(g, e->name);
	char *below = zl_graph_name_text(g, r->owner);
	struct zl_diag *d;

	/* The finding is about the empty name, at the line of a record below. */
	d = zl_report(c, c->rule->severity, zl_record_pos(g, r), e->name, 0,
	    _("'%s' owns no records but '%s' below it does, so it exists as an empty non-terminal, and no NSEC3 record has its hash as owner: queries for it cannot be denied with a valid proof"),
	    name, below);
	zl_diag_hint(d, _("sign the zone again so that the signer adds an NSEC3 record for '%s'"), name);
	free(name);
	free(below);
	return d;
}

/* Add the empty non-terminals between name and the zone's origin that
 * lack an NSEC3 record, each once (RFC 5155 section 7.1).  The walk stops
 * at a name with records, whose own walk covers the names above it. */
static void
find_empty_above(struct nsec3_zone *nz, uint32_t name, uint32_t record,
    struct empty_names *empty, struct zl_dnssec_group *grp)
{
	const struct zl_graph *g = nz->g;
	uint32_t origin = g->zones[nz->zone].origin;

	if (name == origin)
		return;
	for (uint32_t up = g->names[name].parent; up != ZL_NONE && up != origin;
	    up = g->names[up].parent) {
		size_t count;
		struct empty_name e = { up, record };

		if (empty->seen[up / 8] & (1u << (up % 8)))
			return;
		empty->seen[up / 8] |= (uint8_t)(1u << (up % 8));
		zl_graph_rrset(g, up, nz->zone, 0, &count);
		if (count > 0)
			return;
		if (!hash_covered(nz, up)) {
			zl_dnssec_group_add(grp, (uint32_t)empty->len);
			ZL_PUSH(empty->items, empty->len, empty->cap, e);
		}
	}
}

/* Collect the names of the zone that need an NSEC3 record and lack one:
 * authoritative names with data, delegation points and the empty
 * non-terminals above them, except unsigned delegations under opt-out
 * (RFC 5155 section 7.1). */
static void
find_uncovered(struct nsec3_zone *nz, bool opt_out, struct zl_dnssec_group *grp,
    struct empty_names *empty, struct zl_dnssec_group *empty_grp)
{
	const struct zl_graph *g = nz->g;
	const struct zl_zone *zone = &g->zones[nz->zone];

	for (uint32_t i = 0; i < zone->record_count; i++) {
		uint32_t id = zone->first_record + i, cut;
		const struct zl_record *r = &g->records[id];
		size_t count;
		const uint32_t *ids = zl_graph_rrset(g, r->owner, nz->zone, 0, &count);

		if (count == 0 || ids[0] != id ||
		    zl_lookup_has_type(g, r->owner, nz->zone, ZL_TYPE_NSEC3) ||
		    !zl_lookup_is_below(g, r->owner, zone->origin))
			continue;
		cut = zl_graph_delegation_of(g, nz->zone, r->owner);
		if (cut != ZL_NONE && cut != r->owner)
			continue;
		if (cut == r->owner && opt_out &&
		    !zl_lookup_has_type(g, r->owner, nz->zone, ZL_TYPE_DS))
			continue;
		if (!hash_covered(nz, r->owner))
			zl_dnssec_group_add(grp, id);
		find_empty_above(nz, r->owner, id, empty, empty_grp);
	}
}

/* Check the NSEC3 records of zone z, which has at least one. */
static void
check_zone(struct zl_check *c, struct nsec3_zone *nz)
{
	const struct zl_graph *g = c->graph;
	const struct zl_zone *zone = &g->zones[nz->zone];
	struct zl_dnssec_group params, links, uncovered;
	size_t count;
	const uint32_t *param = zl_graph_rrset(g, zone->origin, nz->zone, TYPE_NSEC3PARAM, &count);
	const uint32_t *nsec3;
	bool have_want = count > 0 && read_params(g, &g->records[param[0]], &nz->want);
	bool opt_out = false;

	zl_dnssec_group_init(&params, ZL_DNSSEC_GROUP_LIMIT);
	zl_dnssec_group_init(&links, ZL_DNSSEC_GROUP_LIMIT);
	zl_dnssec_group_init(&uncovered, ZL_DNSSEC_GROUP_LIMIT);
	nsec3 = zl_graph_type_records(g, ZL_TYPE_NSEC3, nz->zone, &count);
	for (size_t i = 0; i < count; i++) {
		uint32_t id = nsec3[i];
		struct params p;

		if (!read_params(g, &g->records[id], &p))
			continue;
		if (!have_want) {
			nz->want = p;
			have_want = true;
		}
		opt_out = opt_out || (p.flags & OPT_OUT);
		if (!same_params(&p, &nz->want))
			zl_dnssec_group_add(&params, id);
		else
			ZL_PUSH(nz->records, nz->len, nz->cap, id);
	}
	zl_dnssec_group_flush(&params, c, report_params, nz);

	/* The chain: each next hashed owner is the following hash. */
	sort_graph = g;
	if (nz->len > 1)	/* records is NULL while empty */
		qsort(nz->records, nz->len, sizeof(*nz->records), cmp_hash);
	for (size_t i = 0; i < nz->len; i++) {
		char next[HASH_TEXT_MAX + 1], meant[HASH_TEXT_MAX + 1];
		struct params p;

		read_params(g, &g->records[nz->records[i]], &p);
		base32hex(p.next, p.hash_len, next);
		first_label(g, g->records[nz->records[(i + 1) % nz->len]].owner, meant);
		if (strcmp(next, meant) != 0)
			zl_dnssec_group_add(&links, nz->records[i]);
	}
	zl_dnssec_group_flush(&links, c, report_next, nz);

	if (have_want) {
		struct empty_names empty = { 0 };
		struct zl_dnssec_group empty_grp;

		empty.seen = zl_xcalloc(g->nnames / 8 + 1, 1);
		zl_dnssec_group_init(&empty_grp, ZL_DNSSEC_GROUP_LIMIT);
		find_uncovered(nz, opt_out, &uncovered, &empty, &empty_grp);
		zl_dnssec_group_flush(&uncovered, c, report_uncovered, NULL);
		zl_dnssec_group_flush(&empty_grp, c, report_empty, &empty);
		zl_dnssec_group_fini(&empty_grp);
		free(empty.items);
		free(empty.seen);
	}
	zl_dnssec_group_fini(&params);
	zl_dnssec_group_fini(&links);
	zl_dnssec_group_fini(&uncovered);
}

/* RFC 5155 sections 7.1 and 7.2: one set of parameters per zone, the
 * NSEC3 records linked in hash order with the last pointing to the first,
 * and an NSEC3 record for the hash of every authoritative name. */
static void
check_dnssec_nsec3_chain(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct nsec3_zone nz;

	memset(&nz, 0, sizeof(nz));
	nz.g = g;
	for (size_t z = 0; z < g->nzones; z++) {
		size_t count;

		/* A zone cut off by --max-records lacks links of its chain. */
		zl_graph_type_records(g, ZL_TYPE_NSEC3, (uint32_t)z, &count);
		if (count == 0 || !zl_lookup_zone_complete(g, (uint32_t)z))
			continue;
		nz.zone = (uint32_t)z;
		nz.len = 0;
		check_zone(c, &nz);
	}
	free(nz.records);
}

const struct zl_rule zl_rule_dnssec_nsec3_chain = {
	.id = "dnssec-nsec3-chain",
	.severity = ZL_ERROR,
	.summary = N_("NSEC3 chain with mixed parameters, a broken link or names it does not cover"),
	.check = check_dnssec_nsec3_chain,
};
