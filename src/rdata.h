/* RDATA: presentation tokens of one record to wire form, field by field. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RDATA_H
#define ZL_RDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lexer.h"
#include "util.h"

#define ZL_RDATA_MAX 65535

enum zl_rdata_error_code {
	ZL_RDATA_OK,
	ZL_RDATA_MISSING,	/* fewer fields than the type needs */
	ZL_RDATA_EXTRA,		/* more tokens than the type has fields */
	ZL_RDATA_BAD_NAME,	/* a domain name field is malformed */
	ZL_RDATA_BAD_IPV4,
	ZL_RDATA_BAD_IPV6,
	ZL_RDATA_BAD_NUMBER,	/* not a number, or out of range for the field */
	ZL_RDATA_BAD_TTL,	/* a time value such as "1h30m" is malformed */
	ZL_RDATA_STRING_TOO_LONG,	/* a character-string over 255 bytes */
	ZL_RDATA_BAD_ESCAPE,
	ZL_RDATA_TOO_LONG,	/* RDATA over 65535 bytes */
	ZL_RDATA_BAD_GENERIC,	/* malformed RFC 3597 \# data */
	ZL_RDATA_UNKNOWN_TYPE,	/* a type without a descriptor needs \# data */
	ZL_RDATA_LDNS,		/* ldns rejected the field; see ldns_status */
	ZL_RDATA_BAD_KEY_FLAGS,	/* flags of KEY or DNSKEY neither a number nor flag names */
	ZL_RDATA_KEY_NOT_EXPECTED,	/* a key after the "no key" flags of KEY */
	ZL_RDATA_RELAY_TYPE,	/* an AMTRELAY relay type without a presentation form */
	ZL_RDATA_FIELD_LENGTH,	/* an NSEC3 hash or ZONEMD digest of a length BIND rejects */
	ZL_RDATA_SVC_PARAMS	/* SVCB or HTTPS parameters that do not agree */
};

struct zl_rdata_error {
	enum zl_rdata_error_code code;
	size_t token;		/* index of the offending token (may equal the count) */
	int ldns_status;	/* for ZL_RDATA_LDNS */
};

/* A domain name found in the RDATA. */
struct zl_rdata_name {
	size_t offset;		/* where its wire form starts in the RDATA */
	size_t token;		/* the token it came from */
	unsigned field;		/* its field number in the type's descriptor */
};

#define ZL_RDATA_NAMES_MAX 4

struct zl_rdata {
	uint8_t wire[ZL_RDATA_MAX];
	size_t len;
	struct zl_rdata_name names[ZL_RDATA_NAMES_MAX];
	size_t nnames;
};

/* Convert the RDATA tokens of a record of the given type to wire form in
 * out.  Tokens carry the lexer's flags: text without ZL_TOKEN_ESCAPED is
 * taken as it is.  Relative names get origin (wire form) appended, "@" stands for
 * origin.  Returns true on success; on failure fills *err. */
bool zl_rdata_from_tokens(uint16_t type, const struct zl_token *tokens, size_t count,
    const uint8_t *origin, struct zl_rdata *out, struct zl_rdata_error *err);

/* Read a TTL or other time value: seconds, or units as in "1h30m" (w d h m
 * s, either case).  Returns false when malformed or over 2^32-1. */
bool zl_ttl_from_text(const char *text, size_t len, uint32_t *ttl);

/* Decode the escapes of a character-string token into out (at least len
 * bytes).  Returns the decoded length, or -1 on a malformed escape. */
long zl_unescape(const char *text, size_t len, uint8_t *out);

/* A short English text for an error code, for use as a gettext msgid. */
const char *zl_rdata_error_text(enum zl_rdata_error_code code);

/* Return whether the canonical form of type folds the names inside its
 * RDATA to lower case (RFC 4034 section 6.2, without NSEC as RFC 6840
 * section 5.1 requires): NS, CNAME, SOA, MX, SRV, NAPTR, RRSIG and the other
 * types of that list.  Servers compare those names without regard to
 * case. */
bool zl_rdata_folds_names(uint16_t type);

/* Copy the len bytes of RDATA of type to out with the names that its
 * canonical form folds in lower case.  Returns whether a byte changed;
 * RDATA that does not fit the type's layout (written in RFC 3597 form,
 * say) is copied as written and returns false. */
bool zl_rdata_fold_names(uint16_t type, const uint8_t *rdata, size_t len, uint8_t *out);

/* Append the character-strings of TXT RDATA to sb, joined without
 * separators as RFC 7208 section 3.3 joins them.  Returns the number of
 * strings. */
size_t zl_txt_join(const uint8_t *rdata, size_t len, struct zl_strbuf *sb);

#endif
