/* Record type and class mnemonics, read from ldns's type descriptors. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RRTYPE_H
#define ZL_RRTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Build the mnemonic table from ldns's descriptors.  The lookups below
 * do it on first use; call this first when several threads look up. */
void zl_rrtype_init(void);

/* Look up a type mnemonic ("MX", "mx") or the RFC 3597 form "TYPE65280".
 * Return true and set *type when text names a type. */
bool zl_rrtype_from_text(const char *text, size_t len, uint16_t *type);

/* Look up a class mnemonic (IN, CH, HS, NONE, ANY) or "CLASS255". */
bool zl_rrclass_from_text(const char *text, size_t len, uint16_t *rclass);

/* Write the mnemonic of type (or "TYPEnnn") to buf, which holds 16 bytes,
 * and return buf. */
const char *zl_rrtype_name(uint16_t type, char buf[16]);
const char *zl_rrclass_name(uint16_t rclass, char buf[16]);

/* Write the translated phrase "a TYPE record" or "an TYPE record" to buf,
 * which holds ZL_RRTYPE_PHRASE_MAX bytes, and return buf.  The English
 * article follows how operators say the mnemonic: "an MX", "an AAAA",
 * "a CNAME", "a URI". */
#define ZL_RRTYPE_PHRASE_MAX 64
const char *zl_rrtype_phrase(uint16_t type, char buf[ZL_RRTYPE_PHRASE_MAX]);

#endif
