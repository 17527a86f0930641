/* DNSSEC records of the graph: fields, ldns objects, grouped findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "dnssec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "util.h"

static uint32_t
read_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool
zl_dnssec_rrsig_fields(const struct zl_graph *g, const struct zl_record *r,
    struct zl_rrsig *sig)
{
	const uint8_t *p = zl_graph_rdata(g, r);
	size_t len;

	/* 18 fixed bytes, then the signer's name and the signature. */
	if (r->flags & ZL_REC_BROKEN || r->rdata_len < 19)
		return false;
	len = zl_name_len(p + 18);
	if (len == 0 || 18 + len > r->rdata_len)
		return false;
	sig->type_covered = (uint16_t)(p[0] << 8 | p[1]);
	sig->algorithm = p[2];
	sig->labels = p[3];
	sig->original_ttl = read_u32(p + 4);
	sig->expiration = read_u32(p + 8);
	sig->inception = read_u32(p + 12);
	sig->key_tag = (uint16_t)(p[16] << 8 | p[17]);
	sig->signer = p + 18;
	return true;
}

uint16_t
zl_dnssec_key_tag(const uint8_t *rdata, size_t len)
{
	uint32_t ac = 0;

	/* RSAMD5 keys take their tag from the modulus (RFC 4034 appendix B.1). */
	if (len >= 4 && rdata[3] == 1)
		return (uint16_t)(rdata[len - 3] << 8 | rdata[len - 2]);
	for (size_t i = 0; i < len; i++)
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	ac += (ac >> 16) & 0xffff;
	return (uint16_t)(ac & 0xffff);
}

ldns_rr *
zl_dnssec_rr_new(const struct zl_graph *g, const struct zl_record *r)
{
	uint8_t owner[ZL_NAME_WIRE_MAX];
	uint8_t *buf;
	size_t pos = 0;
	ldns_rr *rr;
	ldns_rdf *dname;
	ldns_status st;

	if (r->flags & ZL_REC_BROKEN)
		return NULL;
	dname = ldns_dname_new_frm_data(zl_graph_name_wire(g, r->owner, owner), owner);
	if (dname == NULL)
		return NULL;
	rr = ldns_rr_new();
	ldns_rr_set_owner(rr, dname);
	ldns_rr_set_type(rr, (ldns_rr_type)r->type);
	ldns_rr_set_class(rr, (ldns_rr_class)r->rclass);
	ldns_rr_set_ttl(rr, r->ttl);

	/* ldns_wire2rdf() reads the RDATA length first, as in a message. */
	buf = zl_xmalloc((size_t)r->rdata_len + 2);
	buf[0] = (uint8_t)(r->rdata_len >> 8);
	buf[1] = (uint8_t)r->rdata_len;
	memcpy(buf + 2, zl_graph_rdata(g, r), r->rdata_len);
	st = ldns_wire2rdf(rr, buf, (size_t)r->rdata_len + 2, &pos);
	free(buf);
	if (st != LDNS_STATUS_OK) {
		ldns_rr_free(rr);
		return NULL;
	}
	return rr;
}

ldns_rr_list *
zl_dnssec_rrset_new(const struct zl_graph *g, uint32_t name, uint32_t zone,
    uint16_t type)
{
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, name, zone, type, &count);
	ldns_rr_list *list = NULL;

	for (size_t i = 0; i < count; i++) {
		ldns_rr *rr = zl_dnssec_rr_new(g, &g->records[ids[i]]);

		/* A partial RRset would fail every signature over it. */
		if (rr == NULL) {
			ldns_rr_list_deep_free(list);
			return NULL;
		}
		if (list == NULL)
			list = ldns_rr_list_new();
		ldns_rr_list_push_rr(list, rr);
	}
	return list;
}

enum zl_ds_match
zl_dnssec_ds_match(const struct zl_graph *g, const struct zl_record *ds,
    const struct zl_record *key)
{
	const uint8_t *d = zl_graph_rdata(g, ds), *k = zl_graph_rdata(g, key);
	enum zl_ds_match result = ZL_DS_UNKNOWN;
	ldns_rr *key_rr, *computed;
	ldns_buffer *buf;

	if (ds->flags & ZL_REC_BROKEN || key->flags & ZL_REC_BROKEN ||
	    ds->rdata_len < 4 || key->rdata_len < 4)
		return ZL_DS_UNKNOWN;
	if ((uint16_t)(d[0] << 8 | d[1]) != zl_dnssec_key_tag(k, key->rdata_len) ||
	    d[2] != k[3])
		return ZL_DS_MISMATCH;

	/* The digest, as ldns computes it: SHA-1, SHA-256 and SHA-384 only,
	 * because GOST support depends on how ldns was built. */
	if (d[3] != LDNS_SHA1 && d[3] != LDNS_SHA256 && d[3] != LDNS_SHA384)
		return ZL_DS_UNKNOWN;
	key_rr = zl_dnssec_rr_new(g, key);
	computed = key_rr ? ldns_key_rr2ds(key_rr, (ldns_hash)d[3]) : NULL;
	if (computed != NULL) {
		buf = ldns_buffer_new(ds->rdata_len + 64u);
		if (ldns_rr_rdata2buffer_wire(buf, computed) == LDNS_STATUS_OK)
			result = ldns_buffer_position(buf) == ds->rdata_len &&
			    memcmp(ldns_buffer_begin(buf), d, ds->rdata_len) == 0 ?
			    ZL_DS_MATCH : ZL_DS_MISMATCH;
		ldns_buffer_free(buf);
	}
	ldns_rr_free(computed);
	ldns_rr_free(key_rr);
	return result;
}

bool
zl_dnssec_zone_is_signed(const struct zl_graph *g, uint32_t zone)
{
	const struct zl_zone *z = &g->zones[zone];

	if (g->indexed)
		return (z->flags & ZL_ZONE_SIGNED) != 0;
	for (uint32_t i = 0; i < z->record_count; i++) {
		if (g->records[z->first_record + i].type == ZL_TYPE_RRSIG)
			return true;
	}
	return false;
}

bool
zl_dnssec_rrset_first(const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, r->owner, zl_record_zone(g, r), r->type,
	    &count);

	return count > 0 && ids[0] == record;
}

bool
zl_dnssec_needs_signature(const struct zl_graph *g, const struct zl_record *r)
{
	const struct zl_zone *z = &g->zones[zl_record_zone(g, r)];
	uint32_t cut;

	if (r->type == ZL_TYPE_RRSIG || !zl_lookup_is_below(g, r->owner, z->origin))
		return false;
	cut = zl_graph_delegation_of(g, zl_record_zone(g, r), r->owner);
	if (cut == ZL_NONE)
		return true;
	return cut == r->owner && (r->type == ZL_TYPE_DS || r->type == ZL_TYPE_NSEC);
}

/* Offsets of the labels of a wire name, first label first; returns the
 * number of labels, the root label left out. */
static size_t
label_offsets(const uint8_t *wire, size_t off[128])
{
	size_t n = 0, i = 0;

	while (wire[i] != 0 && n < 128) {
		off[n++] = i;
		i += (size_t)wire[i] + 1;
	}
	return n;
}

int
zl_dnssec_name_cmp(const uint8_t *a, const uint8_t *b)
{
	size_t oa[128], ob[128];
	size_t na = label_offsets(a, oa), nb = label_offsets(b, ob);

	while (na > 0 && nb > 0) {
		const uint8_t *la = a + oa[--na], *lb = b + ob[--nb];
		size_t len = la[0] < lb[0] ? la[0] : lb[0];

		for (size_t i = 1; i <= len; i++) {
			uint8_t ca = la[i], cb = lb[i];

			if (ca >= 'A' && ca <= 'Z')
				ca = (uint8_t)(ca + 32);
			if (cb >= 'A' && cb <= 'Z')
				cb = (uint8_t)(cb + 32);
			if (ca != cb)
				return ca < cb ? -1 : 1;
		}
		if (la[0] != lb[0])
			return la[0] < lb[0] ? -1 : 1;
	}
	/* Equal up to here: the name with fewer labels sorts first. */
	if (na == nb)
		return 0;
	return na < nb ? -1 : 1;
}

int64_t
zl_dnssec_now(void)
{
	const char *text = getenv("ZONELINT_NOW");
	struct tm tm;
	char rest;

	if (text == NULL || *text == '\0')
		return (int64_t)time(NULL);
	memset(&tm, 0, sizeof(tm));
	if (sscanf(text, "%4d%2d%2d%2d%2d%2d%c", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &rest) != 6)
		return (int64_t)time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

/* Algorithm numbers and mnemonics from the IANA registry "DNS Security
 * Algorithm Numbers"; deprecated as RFC 8624 section 3.1 lists them. */
static const struct {
	uint8_t number;
	const char *name;
	bool deprecated;
} algorithms[] = {
	{ 1, "RSAMD5", true }, { 3, "DSA", true }, { 5, "RSASHA1", true },
	{ 6, "DSA-NSEC3-SHA1", true }, { 7, "RSASHA1-NSEC3-SHA1", true },
	{ 8, "RSASHA256", false }, { 10, "RSASHA512", false },
	{ 12, "ECC-GOST", true }, { 13, "ECDSAP256SHA256", false },
	{ 14, "ECDSAP384SHA384", false }, { 15, "ED25519", false },
	{ 16, "ED448", false },
};

const char *
zl_dnssec_algorithm_name(uint8_t algorithm)
{
	for (size_t i = 0; i < sizeof(algorithms) / sizeof(algorithms[0]); i++) {
		if (algorithms[i].number == algorithm)
			return algorithms[i].name;
	}
	return NULL;
}

bool
zl_dnssec_algorithm_deprecated(uint8_t algorithm)
{
	for (size_t i = 0; i < sizeof(algorithms) / sizeof(algorithms[0]); i++) {
		if (algorithms[i].number == algorithm)
			return algorithms[i].deprecated;
	}
	return false;
}

void
zl_dnssec_group_init(struct zl_dnssec_group *grp, size_t limit)
{
	memset(grp, 0, sizeof(*grp));
	grp->limit = limit;
}

void
zl_dnssec_group_fini(struct zl_dnssec_group *grp)
{
	free(grp->items);
	grp->items = NULL;
	grp->len = grp->cap = 0;
}

void
zl_dnssec_group_add(struct zl_dnssec_group *grp, uint32_t item)
{
	ZL_PUSH(grp->items, grp->len, grp->cap, item);
}

void
zl_dnssec_group_flush(struct zl_dnssec_group *grp, struct zl_check *check,
    zl_dnssec_report_fn report, void *arg)
{
	struct zl_diag *d;
	struct zl_strbuf sb;

	if (grp->len <= grp->limit) {
		for (size_t i = 0; i < grp->len; i++)
			report(check, grp->items[i], arg);
		grp->len = 0;
		return;
	}

	/* One finding for the first item, with the count of the others. */
	d = report(check, grp->items[0], arg);
	if (d != NULL) {
		zl_strbuf_init(&sb);
		zl_strbuf_addf(&sb, _("%s (and %zu more like it in this zone)"),
		    d->message, grp->len - 1);
		zl_diag_set_message(d, sb.data);
		zl_strbuf_fini(&sb);
	}
	grp->len = 0;
}
