/*
 * dkim.h - DKIM key records (RFC 6376 section 3.6.1, RFC 8463 for Ed25519,
 * RFC 8301 for algorithm and key size limits), with the base64 decoder and
 * the minimal DER reader that checking the p= key needs.
 */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_DKIM_H
#define ZL_DKIM_H

#include <stdbool.h>
#include <stddef.h>

#include "tagval.h"

/*
 * Maximum decoded key size kept in struct zl_dkim_record. A 16384-bit RSA
 * SubjectPublicKeyInfo takes about 2.1 kB, so this leaves room to spare.
 */
#define ZL_DKIM_KEY_MAX 8192

enum zl_dkim_code {
	ZL_DKIM_V_NOT_FIRST = 200,   /* v= present but not the first tag */
	ZL_DKIM_V_INVALID,           /* v= value is not "DKIM1"; verifiers discard the record */
	ZL_DKIM_UNKNOWN_TAG,         /* not one of v h k n p s t; hint: nearest known name */
	ZL_DKIM_INVALID_VALUE,       /* subject: tag; value does not match the tag's ABNF */
	ZL_DKIM_H_UNKNOWN_ALG,       /* h= names a hash other than sha1 and sha256 */
	ZL_DKIM_H_SHA1_ONLY,         /* h= allows only sha1, which RFC 8301 forbids */
	ZL_DKIM_K_UNKNOWN,           /* k= neither rsa nor ed25519; verifiers ignore the key */
	ZL_DKIM_S_UNKNOWN_SERVICE,   /* s= names a service other than email and "*" */
	ZL_DKIM_S_NO_EMAIL,          /* s= lists neither email nor "*": unusable for mail */
	ZL_DKIM_T_UNKNOWN_FLAG,      /* t= names a flag other than y and s */
	ZL_DKIM_P_MISSING,           /* no p= tag; it is REQUIRED */
	ZL_DKIM_KEY_REVOKED,         /* p= is empty: the key is revoked */
	ZL_DKIM_BASE64_BAD_CHAR,     /* first byte in p= outside the base64 alphabet */
	ZL_DKIM_BASE64_TRUNCATED,    /* unpadded data not a multiple of 4 characters; points at the last group */
	ZL_DKIM_BASE64_BAD_PADDING,  /* "=" in the wrong place, too many, or data after it */
	ZL_DKIM_KEY_TOO_LARGE,       /* decodes to more than ZL_DKIM_KEY_MAX bytes */
	ZL_DKIM_KEY_DER_INVALID,     /* subject: zl_der_error_name(); points at the bad base64 character */
	ZL_DKIM_KEY_BARE_RSA,        /* RSAPublicKey without the SubjectPublicKeyInfo wrapper */
	ZL_DKIM_KEY_TYPE_MISMATCH,   /* the key's algorithm is not the one k= names; hint: right k= */
	ZL_DKIM_RSA_KEY_TOO_SHORT,   /* modulus under 1024 bits: RFC 8301 section 3.2 forbids it */
	ZL_DKIM_RSA_KEY_OVER_4096,   /* modulus over 4096 bits: RFC 8301 requires verifiers to go up to 4096 only */
	ZL_DKIM_ED25519_SPKI,        /* Ed25519 key wrapped in SubjectPublicKeyInfo; RFC 8463 wants the bare 32 bytes */
	ZL_DKIM_ED25519_BAD_LENGTH,  /* k=ed25519 key is not 32 bytes and not DER */
	ZL_DKIM_CODE_END
};

/* Reason the DER key data could not be read. */
enum zl_der_error {
	ZL_DER_OK = 0,
	ZL_DER_TRUNCATED,          /* a header or content runs past the end of the data */
	ZL_DER_WRONG_TAG,          /* element of another type than the structure requires */
	ZL_DER_WRONG_OID,          /* algorithm is neither rsaEncryption nor id-Ed25519 */
	ZL_DER_TRAILING_DATA,      /* bytes after the last element of a structure */
	ZL_DER_INDEFINITE_LENGTH,  /* length octet 0x80, allowed in BER but not in DER */
	ZL_DER_BAD_LENGTH,         /* non-minimal length octets, or an element longer than its parent */
	ZL_DER_BAD_INTEGER,        /* INTEGER empty, zero, negative or with a redundant leading octet */
	ZL_DER_BAD_BIT_STRING,     /* BIT STRING empty or with unused bits */
	ZL_DER_BAD_PARAMETERS,     /* rsaEncryption without NULL parameters, or Ed25519 with some */
	ZL_DER_BAD_KEY_SIZE,       /* Ed25519 key in a SubjectPublicKeyInfo that is not 32 bytes */
	ZL_DER_ERROR_END
};

/* Key type from k=. */
enum zl_dkim_key_type {
	ZL_DKIM_KEY_TYPE_RSA = 0,    /* also the default when k= is absent */
	ZL_DKIM_KEY_TYPE_ED25519,
	ZL_DKIM_KEY_TYPE_UNKNOWN,
};

/* Encoding of the key data. */
enum zl_dkim_key_format {
	ZL_DKIM_KEY_NONE = 0,      /* nothing decoded */
	ZL_DKIM_KEY_RSA_SPKI,      /* SubjectPublicKeyInfo with rsaEncryption: what verifiers expect */
	ZL_DKIM_KEY_RSA_BARE,      /* PKCS #1 RSAPublicKey without the wrapper */
	ZL_DKIM_KEY_ED25519_RAW,   /* 32 bytes, as RFC 8463 section 4.2 specifies */
	ZL_DKIM_KEY_ED25519_SPKI,  /* SubjectPublicKeyInfo with id-Ed25519 */
};

/* Hash algorithms from h=. */
enum {
	ZL_DKIM_HASH_SHA1 = 1u << 0,
	ZL_DKIM_HASH_SHA256 = 1u << 1,
	ZL_DKIM_HASH_OTHER = 1u << 2,
};

/* Service types from s=. */
enum {
	ZL_DKIM_SERVICE_EMAIL = 1u << 0,
	ZL_DKIM_SERVICE_ANY = 1u << 1,     /* "*" */
	ZL_DKIM_SERVICE_OTHER = 1u << 2,
};

/* Flags from t=. */
enum {
	ZL_DKIM_FLAG_TESTING = 1u << 0,    /* y */
	ZL_DKIM_FLAG_STRICT = 1u << 1,     /* s: no subdomains in i= */
	ZL_DKIM_FLAG_OTHER = 1u << 2,
};

/* Result of zl_dkim_decode_der(); offsets index the DER data. */
struct zl_dkim_key_info {
	enum zl_dkim_key_format format;
	enum zl_der_error error;
	size_t error_off;          /* where decoding failed; equals the data length when it ran out */
	size_t declared_len;       /* header plus content length the outer element announces, 0 if unread */
	unsigned bits;             /* RSA modulus bits without leading zeros; 256 for Ed25519 */
	size_t modulus_off;        /* RSA modulus content, including a leading zero octet */
	size_t modulus_len;
	size_t exponent_off;       /* RSA public exponent content */
	size_t exponent_len;
	size_t ed25519_off;        /* Ed25519 key bytes inside a SubjectPublicKeyInfo */
};

/* A parsed DKIM key record. */
struct zl_dkim_record {
	struct zl_tagval_list tags;       /* tags and tag-list syntax findings */
	struct zl_findings findings;      /* codes from enum zl_dkim_code */
	enum zl_dkim_key_type key_type;   /* from k= */
	unsigned hash_algs;               /* ZL_DKIM_HASH_* from h=; 0 when absent, meaning all */
	unsigned services;                /* ZL_DKIM_SERVICE_* from s=; 0 when absent, meaning "*" */
	unsigned flags;                   /* ZL_DKIM_FLAG_* from t= */
	bool revoked;                     /* p= present and empty */
	bool key_has_space;               /* p= contains whitespace, which some verifiers fail on */
	size_t key_len;                   /* bytes decoded into key_data */
	struct zl_dkim_key_info key;      /* decoded key; offsets index key_data */
	unsigned char key_data[ZL_DKIM_KEY_MAX];
};

/*
 * Parse one DKIM key record (the TXT data at selector._domainkey.domain).
 * Checks the tags of RFC 6376 section 3.6.1, decodes p= and reads the key
 * according to the k= type: RSA as SubjectPublicKeyInfo (a bare RSAPublicKey is
 * accepted with ZL_DKIM_KEY_BARE_RSA), Ed25519 as 32 raw bytes. Unknown tags
 * are reported but, as the RFC requires, change nothing else. A missing v=
 * is fine: it is only RECOMMENDED. Fills *rec except key_data past key_len
 * and the entries of its lists past their counts; text must outlive rec
 * because rec->tags borrows it.
 */
void
zl_dkim_parse(struct zl_dkim_record *rec, const char *text, size_t len);

/*
 * Decode base64 from text[off, off + len) into out, skipping SP, HTAB, CR
 * and LF anywhere (RFC 6376 base64string allows FWS between characters).
 * Returns the first problem as a zl_dkim_code (ZL_DKIM_BASE64_BAD_CHAR,
 * _TRUNCATED, _BAD_PADDING, ZL_DKIM_KEY_TOO_LARGE) or 0 when the text is
 * valid; *err_off is then where the problem is. On ZL_DKIM_BASE64_TRUNCATED
 * the complete bytes of the last group are still decoded, so the caller can
 * look at what was published. *out_len is the number of bytes written and
 * *had_space whether whitespace was skipped.
 */
int
zl_base64_decode(const char *text, size_t off, size_t len, unsigned char *out,
    size_t cap, size_t *out_len, size_t *err_off, bool *had_space);

/*
 * Read der[0, len) as a SubjectPublicKeyInfo containing an rsaEncryption or
 * id-Ed25519 key, or as a bare PKCS #1 RSAPublicKey, requiring DER: definite
 * minimal lengths, minimal positive INTEGERs, nothing trailing. Fills *info
 * and returns info->error. Does not check the key's mathematics.
 *
 * NOTE: OpenSSL 3.0's d2i_PUBKEY() is more lenient. It also accepts BER
 * lengths, missing or non-NULL rsaEncryption parameters, unused bits in the
 * key BIT STRING and negative or non-minimal INTEGERs, so verifiers built on
 * it may use a key that this reader reports as invalid DER.
 */
enum zl_der_error
zl_dkim_decode_der(const unsigned char *der, size_t len,
    struct zl_dkim_key_info *info);

/* Return the stable name of a zl_dkim_code, e.g. "dkim-key-revoked", or NULL. */
const char *
zl_dkim_code_name(int code);

/* Return the stable name of a zl_der_error, e.g. "der-truncated", or NULL. */
const char *
zl_der_error_name(enum zl_der_error error);

#endif /* ZL_DKIM_H */
