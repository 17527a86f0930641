/* Queries over the zone graph shared by the zone hygiene rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_LOOKUP_H
#define ZL_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "lexer.h"

/* True when zone is a loaded zone whose file was read to the end, so that
 * a rule may report a record or name of the zone as missing.  False for
 * ZL_NONE and for a zone cut off by --max-records, whose missing records
 * may lie in the part that was not read. */
static inline bool
zl_lookup_zone_complete(const struct zl_graph *g, uint32_t zone)
{
	return zone != ZL_NONE && !(g->zones[zone].flags & ZL_ZONE_TRUNCATED);
}

/* Return the zone that serves the records of name, for the rules that
 * read a name's records together: ZL_NONE (any zone) when no delegation
 * lies at or above name, else the loaded zone closest to name.  A copy of
 * the records left in a parent zone below its delegation is then not
 * mixed with the records of the child zone loaded in the same run. */
static inline uint32_t
zl_lookup_serving_zone(const struct zl_graph *g, uint32_t name)
{
	if (!(g->names[name].flags & (ZL_NAME_DELEGATION | ZL_NAME_UNDER_CUT)))
		return ZL_NONE;
	return zl_graph_zone_of(g, name);
}

/* True when name owns a record of the given type in zone (ZL_NONE: in any
 * zone). */
bool zl_lookup_has_type(const struct zl_graph *g, uint32_t name, uint32_t zone,
    uint16_t type);

/* The closest name strictly above name, inside zone, that owns a DNAME
 * record in zone, or ZL_NONE.  The zone never serves the data below it
 * (RFC 6672 section 2.4). */
uint32_t zl_lookup_dname_above(const struct zl_graph *g, uint32_t zone, uint32_t name);

/* The first CNAME record of name in any zone, or ZL_NONE. */
uint32_t zl_lookup_cname(const struct zl_graph *g, uint32_t name);

/* True when a lookup of name can return an A or AAAA record: the name owns
 * one, or the wildcard at its closest existing ancestor does (RFC 4592
 * section 3.3.1). */
bool zl_lookup_has_address(const struct zl_graph *g, uint32_t name);

/* The wildcard "*" directly below encloser when it owns records, else
 * ZL_NONE.  It matches the names below encloser that do not exist (RFC
 * 4592 section 3.3.1). */
uint32_t zl_lookup_wildcard(const struct zl_graph *g, uint32_t encloser);

/* Return the name whose records a query for a name returns: the name when
 * it exists, else the wildcard at its closest encloser, else ZL_NONE.
 * name is the name's id, or ZL_NONE when the run never saw it, and then
 * above is a name above it that the run saw.  A name below a DNAME gets
 * its data from the DNAME's target, outside the loaded zones: then this
 * sets *redirected and returns ZL_NONE. */
uint32_t zl_lookup_match(const struct zl_graph *g, uint32_t name, uint32_t above,
    bool *redirected);

/* True when name is origin or lies below it. */
bool zl_lookup_is_below(const struct zl_graph *g, uint32_t name, uint32_t origin);

/* True when the record's owner lies inside its zone and not below one of
 * the zone's delegation points: the zone is authoritative for it. */
bool zl_lookup_is_authoritative(const struct zl_graph *g, const struct zl_record *r);

/* True when the record's zone serves it: like zl_lookup_is_authoritative(),
 * but NS and DS records at a delegation point count as served too. */
bool zl_lookup_is_served(const struct zl_graph *g, const struct zl_record *r);

struct zl_check;

/* Call found for each reference of the given kind (ZL_REF_MX, ZL_REF_NS,
 * ZL_REF_SRV) from a served record whose target is an alias, with the
 * target's CNAME record. */
void zl_lookup_each_alias_target(struct zl_check *c, int kind,
    void (*found)(struct zl_check *c, const struct zl_ref *ref, uint32_t alias));

/* Recognize a name of zone that was meant as absolute but written without
 * the final dot, so that the zone's origin was appended.  Such a name
 * repeats the origin ("mail.example.jp.example.jp."), or has a generic
 * top-level label or a country-code pair such as "co.jp" right before
 * the origin ("mx.example.net.example.jp."), or, for an origin of two
 * labels or more, contains the origin's labels before other labels of the
 * zone, as a name written after "$ORIGIN cust.example.jp." does
 * ("mx.example.jp.cust.example.jp.").  On a match, writes the meant name
 * (wire form) to meant and returns true. */
bool zl_lookup_missing_dot(const struct zl_graph *g, uint32_t name, uint32_t zone,
    uint8_t meant[255]);

/* The first SOA record at the apex of zone, or NULL. */
const struct zl_record *zl_lookup_soa(const struct zl_graph *g, uint32_t zone);

/* The fields of SOA RDATA (RFC 1035 section 3.3.13). */
struct zl_soa {
	const uint8_t *mname;	/* wire form, points into the graph's RDATA */
	const uint8_t *rname;
	uint32_t serial, refresh, retry, expire, minimum;
};

/* Field numbers of the SOA fields, for zl_lookup_field(). */
enum {
	ZL_SOA_MNAME, ZL_SOA_RNAME, ZL_SOA_SERIAL, ZL_SOA_REFRESH,
	ZL_SOA_RETRY, ZL_SOA_EXPIRE, ZL_SOA_MINIMUM
};

/* Decode the RDATA of SOA record r into *soa.  Returns false when the
 * record is broken. */
bool zl_lookup_soa_fields(const struct zl_graph *g, const struct zl_record *r,
    struct zl_soa *soa);

/* Read the RDATA field number index (0 for the first token after the type)
 * of record r again from its file, and store the token in *tok.  The token
 * text points into the file's buffer.  For RFC 3597 data, every field is
 * its first hexadecimal word.  Returns false for generated records and
 * when the record has fewer tokens. */
bool zl_lookup_field(const struct zl_graph *g, const struct zl_record *r,
    size_t index, struct zl_token *tok);

/* The position of field index of r, or the position of its type when the
 * field cannot be read again. */
struct zl_pos zl_lookup_field_pos(const struct zl_graph *g,
    const struct zl_record *r, size_t index);

/* True when the name token at pos (the position of a reference) is an IPv4
 * or IPv6 address as written, with or without a final dot. */
bool zl_lookup_token_is_address(const struct zl_graph *g, struct zl_pos pos);

/* The same for the target token of ref, reading the file only when the
 * first label of the target could have come from an address. */
bool zl_lookup_ref_is_address(const struct zl_graph *g, const struct zl_ref *ref);

/* True when the record's line starts with its owner name, rather than
 * taking the owner of the record above it. */
bool zl_lookup_owner_written(const struct zl_graph *g, const struct zl_record *r);

#endif
