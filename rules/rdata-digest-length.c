/* rdata-digest-length: DS, CDS, TA, DLV, TLSA, SMIMEA, SSHFP and ZONEMD
 * digests whose length does not match the type that they name. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"

enum {
	TYPE_SSHFP = 44, TYPE_TLSA = 52, TYPE_SMIMEA = 53, TYPE_CDS = 59, TYPE_ZONEMD = 63,
	TYPE_DLV = 32769
};

/* Positions of the digest type and the digest in the RDATA of one record
 * type, as byte offsets and as presentation field numbers. */
struct layout {
	uint16_t type;
	uint8_t type_offset;	/* byte holding the digest type */
	uint8_t digest_offset;	/* first byte of the digest */
	uint8_t digest_field;	/* field number of the digest */
};

static const struct layout layouts[] = {
	{ ZL_TYPE_DS, 3, 4, 3 },	/* key tag, algorithm, digest type */
	{ TYPE_CDS, 3, 4, 3 },
	{ ZL_RRTYPE_TA, 3, 4, 3 },
	{ TYPE_DLV, 3, 4, 3 },
	{ TYPE_SSHFP, 1, 2, 2 },	/* algorithm, fingerprint type */
	{ TYPE_TLSA, 2, 3, 3 },		/* usage, selector, matching type */
	{ TYPE_SMIMEA, 2, 3, 3 },
	{ TYPE_ZONEMD, 5, 6, 3 },	/* serial, scheme, hash algorithm */
};

/* Digest lengths in bytes.  Sources: RFC 4034, RFC 4509 and RFC 6605
 * (DS types 1, 2 and 4), RFC 5933 (DS type 3), RFC 4255 and RFC 6594
 * (SSHFP), RFC 6698 section 2.1.3 (TLSA, and SMIMEA by RFC 8162), RFC
 * 8976 (ZONEMD).  TA and DLV (RFC 4431) records have the
 * fields of DS. */
static const struct {
	uint16_t type;
	uint8_t digest_type;
	uint8_t length;
} lengths[] = {
	{ ZL_TYPE_DS, 1, 20 }, { ZL_TYPE_DS, 2, 32 }, { ZL_TYPE_DS, 3, 32 },
	{ ZL_TYPE_DS, 4, 48 },
	{ TYPE_CDS, 1, 20 }, { TYPE_CDS, 2, 32 }, { TYPE_CDS, 3, 32 },
	{ TYPE_CDS, 4, 48 },
	{ ZL_RRTYPE_TA, 1, 20 }, { ZL_RRTYPE_TA, 2, 32 }, { ZL_RRTYPE_TA, 3, 32 },
	{ ZL_RRTYPE_TA, 4, 48 },
	{ TYPE_DLV, 1, 20 }, { TYPE_DLV, 2, 32 }, { TYPE_DLV, 3, 32 }, { TYPE_DLV, 4, 48 },
	{ TYPE_SSHFP, 1, 20 }, { TYPE_SSHFP, 2, 32 },
	{ TYPE_TLSA, 1, 32 }, { TYPE_TLSA, 2, 64 },
	{ TYPE_SMIMEA, 1, 32 }, { TYPE_SMIMEA, 2, 64 },
	{ TYPE_ZONEMD, 1, 48 }, { TYPE_ZONEMD, 2, 64 },
};

/* The digest length of the pair, or 0 for digest types without a fixed
 * length, such as TLSA matching type 0 (the full data). */
static size_t
expected_length(uint16_t type, uint8_t digest_type)
{
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		if (lengths[i].type == type && lengths[i].digest_type == digest_type)
			return lengths[i].length;
	}
	return 0;
}

static void
check_record(struct zl_check *c, const struct zl_record *r, const struct layout *l)
{
	const struct zl_graph *g = c->graph;
	const uint8_t *p = zl_graph_rdata(g, r);
	size_t want, have;
	struct zl_diag *d;
	struct zl_pos pos;
	const char *effect;
	char tname[16];

	if (r->flags & ZL_REC_BROKEN || r->rdata_len < l->digest_offset)
		return;
	want = expected_length(r->type, p[l->type_offset]);
	have = r->rdata_len - l->digest_offset;
	if (want == 0 || have == want)
		return;
	if (r->type == ZL_TYPE_DS || r->type == TYPE_CDS)
		effect = _("validating resolvers treat the delegated zone as bogus");
	else if (r->type == ZL_RRTYPE_TA || r->type == TYPE_DLV)
		effect = _("resolvers that take it as a trust anchor cannot validate the zone");
	else if (r->type == TYPE_ZONEMD)
		effect = _("recipients that verify the zone's digest reject the zone");
	else
		effect = _("clients that check it reject the key or certificate");
	/* Each family of types names the byte that fixes the length its own
	 * way: RFC 6698 section 2.1.3 for TLSA, RFC 4255 for SSHFP and RFC 8976
	 * for ZONEMD. */
	pos = zl_lookup_field_pos(g, r, l->digest_field);
	zl_rrtype_name(r->type, tname);
	if (r->type == TYPE_TLSA || r->type == TYPE_SMIMEA)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    ngettext("%s digest of %zu byte, but matching type %u needs %zu: the digest never matches, so %s",
		    "%s digest of %zu bytes, but matching type %u needs %zu: the digest never matches, so %s",
		    have), tname, have, p[l->type_offset], want, effect);
	else if (r->type == TYPE_SSHFP)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    ngettext("%s fingerprint of %zu byte, but fingerprint type %u needs %zu: the fingerprint never matches, so %s",
		    "%s fingerprint of %zu bytes, but fingerprint type %u needs %zu: the fingerprint never matches, so %s",
		    have), tname, have, p[l->type_offset], want, effect);
	else if (r->type == TYPE_ZONEMD)
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    ngettext("%s digest of %zu byte, but hash algorithm %u needs %zu: the digest never matches, so %s",
		    "%s digest of %zu bytes, but hash algorithm %u needs %zu: the digest never matches, so %s",
		    have), tname, have, p[l->type_offset], want, effect);
	else
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    ngettext("%s digest of %zu byte, but digest type %u needs %zu: the digest never matches, so %s",
		    "%s digest of %zu bytes, but digest type %u needs %zu: the digest never matches, so %s",
		    have), tname, have, p[l->type_offset], want, effect);
	zl_diag_hint(d, _("copy the digest again in full (%zu hexadecimal digits)"), want * 2);
}

/* A digest cut short when pasted, or labelled with the wrong type, never
 * matches what it is compared with. */
static void
check_rdata_digest_length(struct zl_check *c)
{
	enum { NLAYOUTS = sizeof(layouts) / sizeof(layouts[0]) };
	const struct zl_graph *g = c->graph;
	uint16_t types[NLAYOUTS];
	uint32_t *ids;
	size_t n;

	for (size_t k = 0; k < NLAYOUTS; k++)
		types[k] = layouts[k].type;
	ids = zl_graph_types_records(g, types, NLAYOUTS, ZL_NONE, &n);
	for (size_t i = 0; i < n; i++) {
		const struct zl_record *r = &g->records[ids[i]];

		for (size_t k = 0; k < NLAYOUTS; k++) {
			if (layouts[k].type == r->type)
				check_record(c, r, &layouts[k]);
		}
	}
	free(ids);
}

const struct zl_rule zl_rule_rdata_digest_length = {
	.id = "rdata-digest-length",
	.severity = ZL_ERROR,
	.summary = N_("DS, CDS, TA, DLV, TLSA, SMIMEA, SSHFP or ZONEMD digest whose length does not match its digest type"),
	.check = check_rdata_digest_length,
};
