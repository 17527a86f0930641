/* Record type and class mnemonics, read from ldns's type descriptors and
 * from zonelint's own for the types that ldns does not describe. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RRTYPE_H
#define ZL_RRTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Types that zonelint describes itself, because ldns 1.8 does not. */
enum {
	ZL_RRTYPE_NINFO = 56, ZL_RRTYPE_RKEY = 57, ZL_RRTYPE_DSYNC = 66,
	ZL_RRTYPE_HHIT = 67, ZL_RRTYPE_BRID = 68, ZL_RRTYPE_AVC = 258,
	ZL_RRTYPE_DOA = 259, ZL_RRTYPE_AMTRELAY = 260, ZL_RRTYPE_RESINFO = 261,
	ZL_RRTYPE_WALLET = 262, ZL_RRTYPE_TA = 32768
};

struct ldns_struct_rr_descriptor;

/* Return the field layout of type: ldns's descriptor, or zonelint's own
 * for the types above; NULL for a type that neither describes. */
const struct ldns_struct_rr_descriptor *zl_rrtype_descriptor(uint16_t type);
/* Return whether type is one of the types that zonelint describes
 * itself. */
bool zl_rrtype_is_own(uint16_t type);

/* Build the mnemonic table from ldns's descriptors.  The lookups below
 * do it on first use; call this first when several threads look up. */
void zl_rrtype_init(void);

/* Look up a type mnemonic ("MX", "mx") or the RFC 3597 form "TYPE65280".
 * Return true and set *type when text names a type. */
bool zl_rrtype_from_text(const char *text, size_t len, uint16_t *type);

/* Look up a type as the RDATA of NSEC, CSYNC or DSYNC records may name
 * it: as zl_rrtype_from_text() does, and also the query types (ANY, AXFR,
 * IXFR, MAILA, MAILB) and the few other names that BIND reads there. */
bool zl_rrtype_from_text_in_data(const char *text, size_t len, uint16_t *type);
/* Look up a class mnemonic (IN, CH, HS, NONE, ANY) or "CLASS255". */
bool zl_rrclass_from_text(const char *text, size_t len, uint16_t *rclass);

/* Write the mnemonic of type (or "TYPEnnn") to buf, which holds 16 bytes,
 * and return buf. */
const char *zl_rrtype_name(uint16_t type, char buf[16]);
/* Write the name of type to buf (16 bytes) as BIND 9.18 writes it in the
 * RDATA of a DSYNC record, and return buf.  The name is the mnemonic that
 * zl_rrtype_name() writes, or that of a query type (ANY) or of UINFO,
 * UID, GID or UNSPEC.  KEYDATA is written "TYPE65533", as BIND writes it. */
const char *zl_rrtype_name_in_data(uint16_t type, char buf[16]);
const char *zl_rrclass_name(uint16_t rclass, char buf[16]);

/* Write the translated phrase "a TYPE record" or "an TYPE record" to buf,
 * which holds ZL_RRTYPE_PHRASE_MAX bytes, and return buf.  The English
 * article follows how operators say the mnemonic: "an MX", "an AAAA",
 * "a CNAME", "a URI". */
#define ZL_RRTYPE_PHRASE_MAX 64
const char *zl_rrtype_phrase(uint16_t type, char buf[ZL_RRTYPE_PHRASE_MAX]);

#endif
