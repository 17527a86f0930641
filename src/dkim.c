/*
 * dkim.c - DKIM key records: tag checks (RFC 6376 section 3.6.1), base64
 * decoding of p= and a minimal DER reader for the key inside it.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <stdint.h>
#include <string.h>

#include "dkim.h"

/* DER tags (X.690 section 8) used by SubjectPublicKeyInfo and RSAPublicKey. */
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_SEQUENCE 0x30

/* OID contents: rsaEncryption 1.2.840.113549.1.1.1 (RFC 8017 appendix C)
 * and id-Ed25519 1.3.101.112 (RFC 8410 section 3). */
static const unsigned char oid_rsa[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01
};
static const unsigned char oid_ed25519[] = { 0x2b, 0x65, 0x70 };

/* Tags RFC 6376 section 3.6.1 defines, for unknown-tag suggestions. */
static const char *const known_tags[] = { "v", "h", "k", "n", "p", "s", "t", NULL };
static const char *const known_key_types[] = { "rsa", "ed25519", NULL };
static const char *const known_hashes[] = { "sha1", "sha256", NULL };

static const char *const dkim_code_names[] = {
	[ZL_DKIM_V_NOT_FIRST - ZL_DKIM_V_NOT_FIRST] = "dkim-v-not-first",
	[ZL_DKIM_V_INVALID - ZL_DKIM_V_NOT_FIRST] = "dkim-v-invalid",
	[ZL_DKIM_UNKNOWN_TAG - ZL_DKIM_V_NOT_FIRST] = "dkim-unknown-tag",
	[ZL_DKIM_INVALID_VALUE - ZL_DKIM_V_NOT_FIRST] = "dkim-invalid-value",
	[ZL_DKIM_H_UNKNOWN_ALG - ZL_DKIM_V_NOT_FIRST] = "dkim-h-unknown-alg",
	[ZL_DKIM_H_SHA1_ONLY - ZL_DKIM_V_NOT_FIRST] = "dkim-h-sha1-only",
	[ZL_DKIM_K_UNKNOWN - ZL_DKIM_V_NOT_FIRST] = "dkim-k-unknown",
	[ZL_DKIM_S_UNKNOWN_SERVICE - ZL_DKIM_V_NOT_FIRST] = "dkim-s-unknown-service",
	[ZL_DKIM_S_NO_EMAIL - ZL_DKIM_V_NOT_FIRST] = "dkim-s-no-email",
	[ZL_DKIM_T_UNKNOWN_FLAG - ZL_DKIM_V_NOT_FIRST] = "dkim-t-unknown-flag",
	[ZL_DKIM_P_MISSING - ZL_DKIM_V_NOT_FIRST] = "dkim-p-missing",
	[ZL_DKIM_KEY_REVOKED - ZL_DKIM_V_NOT_FIRST] = "dkim-key-revoked",
	[ZL_DKIM_BASE64_BAD_CHAR - ZL_DKIM_V_NOT_FIRST] = "dkim-base64-bad-char",
	[ZL_DKIM_BASE64_TRUNCATED - ZL_DKIM_V_NOT_FIRST] = "dkim-base64-truncated",
	[ZL_DKIM_BASE64_BAD_PADDING - ZL_DKIM_V_NOT_FIRST] = "dkim-base64-bad-padding",
	[ZL_DKIM_KEY_TOO_LARGE - ZL_DKIM_V_NOT_FIRST] = "dkim-key-too-large",
	[ZL_DKIM_KEY_DER_INVALID - ZL_DKIM_V_NOT_FIRST] = "dkim-key-der-invalid",
	[ZL_DKIM_KEY_BARE_RSA - ZL_DKIM_V_NOT_FIRST] = "dkim-key-bare-rsa",
	[ZL_DKIM_KEY_TYPE_MISMATCH - ZL_DKIM_V_NOT_FIRST] = "dkim-key-type-mismatch",
	[ZL_DKIM_RSA_KEY_TOO_SHORT - ZL_DKIM_V_NOT_FIRST] = "dkim-rsa-key-too-short",
	[ZL_DKIM_RSA_KEY_OVER_4096 - ZL_DKIM_V_NOT_FIRST] = "dkim-rsa-key-over-4096",
	[ZL_DKIM_ED25519_SPKI - ZL_DKIM_V_NOT_FIRST] = "dkim-ed25519-spki",
	[ZL_DKIM_ED25519_BAD_LENGTH - ZL_DKIM_V_NOT_FIRST] = "dkim-ed25519-bad-length",
};

static const char *const der_error_names[] = {
	[ZL_DER_OK] = "der-ok",
	[ZL_DER_TRUNCATED] = "der-truncated",
	[ZL_DER_WRONG_TAG] = "der-wrong-tag",
	[ZL_DER_WRONG_OID] = "der-wrong-oid",
	[ZL_DER_TRAILING_DATA] = "der-trailing-data",
	[ZL_DER_INDEFINITE_LENGTH] = "der-indefinite-length",
	[ZL_DER_BAD_LENGTH] = "der-bad-length",
	[ZL_DER_BAD_INTEGER] = "der-bad-integer",
	[ZL_DER_BAD_BIT_STRING] = "der-bad-bit-string",
	[ZL_DER_BAD_PARAMETERS] = "der-bad-parameters",
	[ZL_DER_BAD_KEY_SIZE] = "der-bad-key-size",
};

/* One DER element: content is der[off, off + len). */
struct der_element {
	unsigned char tag;
	size_t header_off;
	size_t off;
	size_t len;
};

/* ----- DER reader ----- */

/*
 * Read the element header at der[pos], inside a parent whose content ends at
 * parent_end; data_len is the length of the whole buffer. An element running
 * past parent_end is ZL_DER_TRUNCATED when it also runs past the data (the
 * data was cut) and ZL_DER_BAD_LENGTH otherwise (the length is wrong).
 */
static enum zl_der_error
der_read(const unsigned char *der, size_t pos, size_t parent_end,
    size_t data_len, struct der_element *e, size_t *err_off)
{
	size_t p = pos + 2;
	size_t len;

	if (pos + 2 > parent_end) {
		*err_off = parent_end;
		return parent_end == data_len ? ZL_DER_TRUNCATED : ZL_DER_BAD_LENGTH;
	}
	e->tag = der[pos];
	e->header_off = pos;
	if ((e->tag & 0x1f) == 0x1f) {
		/* High tag numbers never occur in these structures. */
		*err_off = pos;
		return ZL_DER_WRONG_TAG;
	}

	/* Length: short form, or long form with a minimal count of octets. */
	len = der[pos + 1];
	if (len == 0x80) {
		*err_off = pos + 1;
		return ZL_DER_INDEFINITE_LENGTH;
	}
	if (len > 0x80) {
		size_t count = len & 0x7f;

		if (count > sizeof(size_t) - 1) {
			*err_off = pos + 1;
			return ZL_DER_BAD_LENGTH;
		}
		if (p + count > parent_end) {
			*err_off = parent_end;
			return parent_end == data_len ? ZL_DER_TRUNCATED : ZL_DER_BAD_LENGTH;
		}
		if (der[p] == 0) {
			*err_off = p;
			return ZL_DER_BAD_LENGTH;
		}
		len = 0;
		for (size_t i = 0; i < count; i++)
			len = len << 8 | der[p + i];
		if (len < 0x80) {
			*err_off = pos + 1;
			return ZL_DER_BAD_LENGTH;
		}
		p += count;
	}
	e->off = p;
	e->len = len;
	if (len > parent_end - p) {
		*err_off = parent_end;
		return parent_end == data_len ? ZL_DER_TRUNCATED : ZL_DER_BAD_LENGTH;
	}
	return ZL_DER_OK;
}

/* der_read() for an element that must have the given tag. A wrong tag is
 * reported before the length octets are read. */
static enum zl_der_error
der_expect(const unsigned char *der, size_t pos, size_t parent_end,
    size_t data_len, unsigned char tag, struct der_element *e, size_t *err_off)
{
	if (pos < parent_end && der[pos] != tag) {
		*err_off = pos;
		return ZL_DER_WRONG_TAG;
	}
	return der_read(der, pos, parent_end, data_len, e, err_off);
}

/* Check that an INTEGER is positive and minimally encoded (X.690 8.3.2). */
static enum zl_der_error
der_check_positive(const unsigned char *der, const struct der_element *e,
    size_t *err_off)
{
	*err_off = e->off;
	if (e->len == 0 || (der[e->off] & 0x80) != 0)
		return ZL_DER_BAD_INTEGER;
	if (e->len > 1 && der[e->off] == 0 && (der[e->off + 1] & 0x80) == 0)
		return ZL_DER_BAD_INTEGER;
	if (e->len == 1 && der[e->off] == 0)
		return ZL_DER_BAD_INTEGER;
	return ZL_DER_OK;
}

/* Number of significant bits in a minimal positive INTEGER's content. */
static unsigned
integer_bits(const unsigned char *der, size_t off, size_t len)
{
	unsigned bits;
	unsigned char top;

	if (der[off] == 0) {
		off++;
		len--;
	}
	top = der[off];
	bits = (unsigned)(len - 1) * 8;
	while (top != 0) {
		bits++;
		top >>= 1;
	}
	return bits;
}

/* RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
 * (RFC 8017 appendix A.1.1), exactly filling der[pos, end). */
static enum zl_der_error
der_read_rsa_public_key(const unsigned char *der, size_t pos, size_t end,
    size_t data_len, struct zl_dkim_key_info *info)
{
	struct der_element seq, n, e;
	enum zl_der_error err;

	err = der_expect(der, pos, end, data_len, DER_SEQUENCE, &seq, &info->error_off);
	if (err != ZL_DER_OK)
		return err;
	if (seq.off + seq.len != end) {
		info->error_off = seq.off + seq.len;
		return ZL_DER_TRAILING_DATA;
	}
	err = der_expect(der, seq.off, end, data_len, DER_INTEGER, &n, &info->error_off);
	if (err == ZL_DER_OK)
		err = der_check_positive(der, &n, &info->error_off);
	if (err != ZL_DER_OK)
		return err;
	err = der_expect(der, n.off + n.len, end, data_len, DER_INTEGER, &e, &info->error_off);
	if (err == ZL_DER_OK)
		err = der_check_positive(der, &e, &info->error_off);
	if (err != ZL_DER_OK)
		return err;
	if (e.off + e.len != end) {
		info->error_off = e.off + e.len;
		return ZL_DER_TRAILING_DATA;
	}

	info->modulus_off = n.off;
	info->modulus_len = n.len;
	info->exponent_off = e.off;
	info->exponent_len = e.len;
	info->bits = integer_bits(der, n.off, n.len);
	return ZL_DER_OK;
}

/*
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }.
 * rsaEncryption needs NULL parameters (RFC 3279 section 2.3.1), id-Ed25519
 * none (RFC 8410 section 3). Sets info->format to the key type found.
 */
static enum zl_der_error
der_read_algorithm(const unsigned char *der, const struct der_element *alg,
    size_t data_len, struct zl_dkim_key_info *info)
{
	size_t end = alg->off + alg->len;
	struct der_element oid, params;
	enum zl_der_error err;

	err = der_expect(der, alg->off, end, data_len, DER_OID, &oid, &info->error_off);
	if (err != ZL_DER_OK)
		return err;

	if (oid.len == sizeof(oid_ed25519) &&
	    memcmp(der + oid.off, oid_ed25519, sizeof(oid_ed25519)) == 0) {
		info->format = ZL_DKIM_KEY_ED25519_SPKI;
		if (oid.off + oid.len != end) {
			info->error_off = oid.off + oid.len;
			return ZL_DER_BAD_PARAMETERS;
		}
		return ZL_DER_OK;
	}
	if (oid.len != sizeof(oid_rsa) ||
	    memcmp(der + oid.off, oid_rsa, sizeof(oid_rsa)) != 0) {
		info->error_off = oid.header_off;
		return ZL_DER_WRONG_OID;
	}

	info->format = ZL_DKIM_KEY_RSA_SPKI;
	if (oid.off + oid.len == end) {
		info->error_off = end;
		return ZL_DER_BAD_PARAMETERS;
	}
	err = der_read(der, oid.off + oid.len, end, data_len, &params, &info->error_off);
	if (err != ZL_DER_OK)
		return err;
	if (params.tag != DER_NULL || params.len != 0) {
		info->error_off = params.header_off;
		return ZL_DER_BAD_PARAMETERS;
	}
	if (params.off != end) {
		info->error_off = params.off;
		return ZL_DER_TRAILING_DATA;
	}
	return ZL_DER_OK;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 * subjectPublicKey BIT STRING } (RFC 5280 section 4.1), the content of
 * outer. */
static enum zl_der_error
der_read_spki(const unsigned char *der, const struct der_element *outer,
    size_t data_len, struct zl_dkim_key_info *info)
{
	size_t end = outer->off + outer->len;
	struct der_element alg, key;
	enum zl_der_error err;

	err = der_expect(der, outer->off, end, data_len, DER_SEQUENCE, &alg, &info->error_off);
	if (err == ZL_DER_OK)
		err = der_read_algorithm(der, &alg, data_len, info);
	if (err != ZL_DER_OK)
		return err;

	err = der_expect(der, alg.off + alg.len, end, data_len, DER_BIT_STRING, &key,
	    &info->error_off);
	if (err != ZL_DER_OK)
		return err;
	if (key.len == 0 || der[key.off] != 0) {
		info->error_off = key.len == 0 ? key.header_off : key.off;
		return ZL_DER_BAD_BIT_STRING;
	}
	if (key.off + key.len != end) {
		info->error_off = key.off + key.len;
		return ZL_DER_TRAILING_DATA;
	}

	if (info->format == ZL_DKIM_KEY_ED25519_SPKI) {
		if (key.len - 1 != 32) {
			info->error_off = key.off + 1;
			return ZL_DER_BAD_KEY_SIZE;
		}
		info->ed25519_off = key.off + 1;
		info->bits = 256;
		return ZL_DER_OK;
	}
	return der_read_rsa_public_key(der, key.off + 1, end, data_len, info);
}

enum zl_der_error
zl_dkim_decode_der(const unsigned char *der, size_t len,
    struct zl_dkim_key_info *info)
{
	struct der_element outer = {0}, first;
	enum zl_der_error err;

	memset(info, 0, sizeof(*info));

	/* The outer length is known once its header has been read, even when
	 * the content is cut short. */
	err = der_expect(der, 0, len, len, DER_SEQUENCE, &outer, &info->error_off);
	if (outer.off > 0 && (err == ZL_DER_OK || err == ZL_DER_TRUNCATED))
		info->declared_len = outer.off + outer.len;
	if (err == ZL_DER_OK && outer.off + outer.len != len) {
		err = ZL_DER_TRAILING_DATA;
		info->error_off = outer.off + outer.len;
	}

	/* A SEQUENCE first means SubjectPublicKeyInfo, an INTEGER a bare key. */
	if (err == ZL_DER_OK)
		err = der_read(der, outer.off, len, len, &first, &info->error_off);
	if (err == ZL_DER_OK && first.tag == DER_INTEGER) {
		info->format = ZL_DKIM_KEY_RSA_BARE;
		err = der_read_rsa_public_key(der, 0, len, len, info);
	} else if (err == ZL_DER_OK && first.tag == DER_SEQUENCE) {
		err = der_read_spki(der, &outer, len, info);
	} else if (err == ZL_DER_OK) {
		err = ZL_DER_WRONG_TAG;
		info->error_off = outer.off;
	}

	info->error = err;
	if (err != ZL_DER_OK)
		info->format = ZL_DKIM_KEY_NONE;
	return err;
}

/* ----- base64 ----- */

/* Value of every byte in the base64 alphabet of RFC 4648 section 4, and -1
 * for every byte outside it, so that one load classifies any byte. */
static const signed char base64_values[256] = {
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0x00 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0x10 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,	/* 0x20 */
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,	/* 0x30 */
	-1,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14,	/* 0x40 */
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,	/* 0x50 */
	-1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,	/* 0x60 */
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,	/* 0x70 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0x80 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0x90 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0xa0 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0xb0 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0xc0 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0xd0 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0xe0 */
	-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,	/* 0xf0 */
};

static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Write the low count bytes of bits, most significant first. */
static bool
put_bytes(uint32_t bits, int count, unsigned char *out, size_t cap,
    size_t *out_len)
{
	if (cap - *out_len < (size_t)count)
		return false;
	for (int i = count - 1; i >= 0; i--)
		out[(*out_len)++] = (unsigned char)(bits >> (8 * i));
	return true;
}

/*
 * Decode whole groups of four alphabet characters from text[*pos, end) while
 * out has room for their three bytes, and stop before the first group that
 * contains any other byte. Moves *pos and *out_len past what was decoded and
 * returns the number of groups.
 */
static size_t
decode_groups(const unsigned char *text, size_t *pos, size_t end,
    unsigned char *out, size_t cap, size_t *out_len)
{
	/* The number of whole groups that both the text and out have room for. */
	size_t max_groups = (end - *pos) / 4 < (cap - *out_len) / 3 ?
	    (end - *pos) / 4 : (cap - *out_len) / 3;
	const unsigned char *in = text + *pos;
	unsigned char *to = out + *out_len;
	size_t groups = 0;

	for (; groups < max_groups; groups++) {
		int v0 = base64_values[in[0]];
		int v1 = base64_values[in[1]];
		int v2 = base64_values[in[2]];
		int v3 = base64_values[in[3]];
		uint32_t group;

		if ((v0 | v1 | v2 | v3) < 0)
			break;
		group = (uint32_t)v0 << 18 | (uint32_t)v1 << 12 | (uint32_t)v2 << 6 | (uint32_t)v3;
		to[0] = (unsigned char)(group >> 16);
		to[1] = (unsigned char)(group >> 8);
		to[2] = (unsigned char)group;
		in += 4;
		to += 3;
	}
	*pos += 4 * groups;
	*out_len += 3 * groups;
	return groups;
}

int
zl_base64_decode(const char *text, size_t off, size_t len, unsigned char *out,
    size_t cap, size_t *out_len, size_t *err_off, bool *had_space)
{
	const unsigned char *bytes = (const unsigned char *)text;
	size_t end = off + len;
	uint32_t bits = 0;
	size_t chars = 0, pads = 0, first_pad = 0, group_off = off;
	size_t rest;

	*out_len = 0;
	*err_off = off;
	*had_space = false;

	for (size_t i = off; i < end; i++) {
		unsigned char c;
		int v;

		/* Whole groups, nearly all of a key, go through decode_groups().
		 * The cases below handle blanks, padding, errors and groups cut
		 * by them, one character at a time. */
		if (chars % 4 == 0 && pads == 0) {
			size_t groups = decode_groups(bytes, &i, end, out, cap, out_len);

			if (groups > 0) {
				chars += 4 * groups;
				group_off = i - 4;
			}
			if (i >= end)
				break;
		}
		c = bytes[i];
		v = base64_values[c];
		if (is_space(c)) {
			*had_space = true;
			continue;
		}
		if (c == '=') {
			if (pads == 0)
				first_pad = i;
			if (++pads > 2) {
				*err_off = i;
				return ZL_DKIM_BASE64_BAD_PADDING;
			}
			continue;
		}
		if (v < 0) {
			*err_off = i;
			return ZL_DKIM_BASE64_BAD_CHAR;
		}
		if (pads > 0) {
			*err_off = first_pad;
			return ZL_DKIM_BASE64_BAD_PADDING;
		}
		if (chars % 4 == 0)
			group_off = i;
		bits = bits << 6 | (uint32_t)v;
		if (++chars % 4 == 0) {
			if (!put_bytes(bits, 3, out, cap, out_len)) {
				*err_off = i;
				return ZL_DKIM_KEY_TOO_LARGE;
			}
			bits = 0;
		}
	}

	/* A last group of 2 or 3 characters still carries 1 or 2 bytes. */
	rest = chars % 4;
	if (rest >= 2 && !put_bytes(bits >> (rest == 2 ? 4 : 2), (int)rest - 1, out,
	    cap, out_len)) {
		*err_off = group_off;
		return ZL_DKIM_KEY_TOO_LARGE;
	}
	if (pads > 0 && (rest < 2 || rest + pads != 4)) {
		*err_off = first_pad;
		return ZL_DKIM_BASE64_BAD_PADDING;
	}
	if (pads == 0 && rest != 0) {
		*err_off = group_off;
		return ZL_DKIM_BASE64_TRUNCATED;
	}
	return 0;
}

/* ----- tags ----- */

/* hyphenated-word = ALPHA [ *(ALPHA / DIGIT / "-") (ALPHA / DIGIT) ] */
static bool
is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_hyphenated_word(const char *s, size_t n)
{
	if (n == 0 || !is_alpha((unsigned char)s[0]) || s[n - 1] == '-')
		return false;
	for (size_t i = 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '-')
			return false;
	}
	return true;
}

static bool
word_is(const char *s, size_t n, const char *word)
{
	/* zl_dkim_parse() tries every tag name against each rule, so the
	 * first byte is compared before the lengths and the rest. */
	return n > 0 && s[0] == word[0] && strlen(word) == n && memcmp(s, word, n) == 0;
}

static void
check_v(struct zl_dkim_record *rec, const struct zl_tag *tag)
{
	if (!zl_tagval_is_first(&rec->tags, tag))
		zl_findings_add(&rec->findings, ZL_DKIM_V_NOT_FIRST,
		    tag->spec_off, tag->spec_len, "v", NULL);
	if (!zl_tagval_value_is(&rec->tags, tag, "DKIM1"))
		zl_findings_add(&rec->findings, ZL_DKIM_V_INVALID,
		    tag->value_off, tag->value_len, "v", "DKIM1");
}

/* h=: key-h-tag-alg *( ":" key-h-tag-alg ); unknown ones are ignored by
 * verifiers, and sha1 alone is unusable since RFC 8301 section 3.1. */
static void
check_h(struct zl_dkim_record *rec, const struct zl_tag *tag)
{
	const char *text = rec->tags.text;
	size_t pos = tag->value_off, end = pos + tag->value_len, off, len;

	while (zl_list_next(text, ':', &pos, end, &off, &len)) {
		if (len == 0 || !is_hyphenated_word(text + off, len)) {
			zl_findings_add(&rec->findings, ZL_DKIM_INVALID_VALUE,
			    off, len, "h", NULL);
		} else if (word_is(text + off, len, "sha1")) {
			rec->hash_algs |= ZL_DKIM_HASH_SHA1;
		} else if (word_is(text + off, len, "sha256")) {
			rec->hash_algs |= ZL_DKIM_HASH_SHA256;
		} else {
			rec->hash_algs |= ZL_DKIM_HASH_OTHER;
			zl_findings_add(&rec->findings, ZL_DKIM_H_UNKNOWN_ALG, off, len,
			    "h", zl_nearest_word(text + off, len, known_hashes, true));
		}
	}
	if (rec->hash_algs == ZL_DKIM_HASH_SHA1)
		zl_findings_add(&rec->findings, ZL_DKIM_H_SHA1_ONLY,
		    tag->value_off, tag->value_len, "h", "sha256");
}

static void
check_k(struct zl_dkim_record *rec, const struct zl_tag *tag)
{
	const char *value = rec->tags.text + tag->value_off;

	if (word_is(value, tag->value_len, "rsa")) {
		rec->key_type = ZL_DKIM_KEY_TYPE_RSA;
		return;
	}
	if (word_is(value, tag->value_len, "ed25519")) {
		rec->key_type = ZL_DKIM_KEY_TYPE_ED25519;
		return;
	}
	rec->key_type = ZL_DKIM_KEY_TYPE_UNKNOWN;
	if (tag->value_len == 0 || !is_hyphenated_word(value, tag->value_len))
		zl_findings_add(&rec->findings, ZL_DKIM_INVALID_VALUE,
		    tag->value_off, tag->value_len, "k", NULL);
	else
		zl_findings_add(&rec->findings, ZL_DKIM_K_UNKNOWN,
		    tag->value_off, tag->value_len, "k",
		    zl_nearest_word(value, tag->value_len, known_key_types, true));
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* n=: qp-section of RFC 6376 section 2.11; "=" starts a two-digit hex octet. */
static void
check_n(struct zl_dkim_record *rec, const struct zl_tag *tag)
{
	const char *text = rec->tags.text;
	size_t end = tag->value_off + tag->value_len;

	for (size_t i = tag->value_off; i < end; i++) {
		unsigned char c = (unsigned char)text[i];
		bool ok;

		if (c == '=')
			ok = i + 2 < end && is_hex(text[i + 1]) && is_hex(text[i + 2]);
		else
			ok = (c >= 0x21 && c <= 0x7e) || zl_is_wsp(c);
		if (!ok) {
			zl_findings_add(&rec->findings, ZL_DKIM_INVALID_VALUE, i, 1, "n", NULL);
			return;
		}
		if (c == '=')
			i += 2;
	}
}

/* s=: key-s-tag-type *( ":" key-s-tag-type ), "email", "*" or an extension. */
static void
check_s(struct zl_dkim_record *rec, const struct zl_tag *tag)
{
	const char *text = rec->tags.text;
	size_t pos = tag->value_off, end = pos + tag->value_len, off, len;

	while (zl_list_next(text, ':', &pos, end, &off, &len)) {
		if (word_is(text + off, len, "email")) {
			rec->services |= ZL_DKIM_SERVICE_EMAIL;
		} else if (word_is(text + off, len, "*")) {
			rec->services |= ZL_DKIM_SERVICE_ANY;
		} else if (len == 0 || !is_hyphenated_word(text + off, len)) {
			zl_findings_add(&rec->findings, ZL_DKIM_INVALID_VALUE,
			    off, len, "s", NULL);
		} else {
			rec->services |= ZL_DKIM_SERVICE_OTHER;
			zl_findings_add(&rec->findings, ZL_DKIM_S_UNKNOWN_SERVICE,
			    off, len, "s", NULL);
		}
	}
	if (!(rec->services & (ZL_DKIM_SERVICE_EMAIL | ZL_DKIM_SERVICE_ANY)))
		zl_findings_add(&rec->findings, ZL_DKIM_S_NO_EMAIL,
		    tag->value_off, tag->value_len, "s", "email");
}

/* t=: key-t-tag-flag *( ":" key-t-tag-flag ), "y", "s" or an extension. */
static void
check_t(struct zl_dkim_record *rec, const struct zl_tag *tag)
{
	const char *text = rec->tags.text;
	size_t pos = tag->value_off, end = pos + tag->value_len, off, len;

	while (zl_list_next(text, ':', &pos, end, &off, &len)) {
		if (word_is(text + off, len, "y")) {
			rec->flags |= ZL_DKIM_FLAG_TESTING;
		} else if (word_is(text + off, len, "s")) {
			rec->flags |= ZL_DKIM_FLAG_STRICT;
		} else if (len == 0 || !is_hyphenated_word(text + off, len)) {
			zl_findings_add(&rec->findings, ZL_DKIM_INVALID_VALUE,
			    off, len, "t", NULL);
		} else {
			rec->flags |= ZL_DKIM_FLAG_OTHER;
			zl_findings_add(&rec->findings, ZL_DKIM_T_UNKNOWN_FLAG,
			    off, len, "t", NULL);
		}
	}
}

/* ----- key ----- */

/* Offset in text of the n-th base64 data character of the p= value, or the
 * end of the value when there are fewer. */
static size_t
base64_char_offset(const char *text, const struct zl_tag *p, size_t n)
{
	size_t end = p->value_off + p->value_len;

	for (size_t i = p->value_off; i < end; i++) {
		if (is_space((unsigned char)text[i]) || text[i] == '=')
			continue;
		if (n-- == 0)
			return i;
	}
	return end;
}

/* Report a DER problem at the base64 character that carries the bad byte. */
static void
report_der_error(struct zl_dkim_record *rec, const struct zl_tag *p)
{
	size_t byte = rec->key.error_off;
	size_t end = p->value_off + p->value_len;
	size_t off = end;
	const char *hint = NULL;

	/* Byte b comes from characters 4 * (b / 3) + b % 3 and the next one.
	 * When the data ran out, the finding points at the end of the value. */
	if (byte < rec->key_len)
		off = base64_char_offset(rec->tags.text, p, byte / 3 * 4 + byte % 3);

	/* 32 bytes that are not DER are most likely an Ed25519 key without k=. */
	if (rec->key_type == ZL_DKIM_KEY_TYPE_RSA && rec->key_len == 32)
		hint = "k=ed25519";
	zl_findings_add(&rec->findings, ZL_DKIM_KEY_DER_INVALID, off,
	    off < end ? 1 : 0, zl_der_error_name(rec->key.error), hint);
}

/* Check the decoded key bytes against the k= type. */
static void
check_key(struct zl_dkim_record *rec, const struct zl_tag *p)
{
	struct zl_findings *f = &rec->findings;

	if (rec->key_type == ZL_DKIM_KEY_TYPE_ED25519 && rec->key_len == 32) {
		rec->key.format = ZL_DKIM_KEY_ED25519_RAW;
		rec->key.bits = 256;
		return;
	}
	if (rec->key_type == ZL_DKIM_KEY_TYPE_ED25519 && rec->key_data[0] != DER_SEQUENCE) {
		zl_findings_add(f, ZL_DKIM_ED25519_BAD_LENGTH, p->value_off,
		    p->value_len, "p", NULL);
		return;
	}
	if (zl_dkim_decode_der(rec->key_data, rec->key_len, &rec->key) != ZL_DER_OK) {
		report_der_error(rec, p);
		return;
	}

	switch (rec->key.format) {
	case ZL_DKIM_KEY_ED25519_SPKI:
		if (rec->key_type == ZL_DKIM_KEY_TYPE_ED25519)
			zl_findings_add(f, ZL_DKIM_ED25519_SPKI, p->value_off,
			    p->value_len, "p", NULL);
		else
			zl_findings_add(f, ZL_DKIM_KEY_TYPE_MISMATCH, p->value_off,
			    p->value_len, "k", "ed25519");
		return;
	case ZL_DKIM_KEY_RSA_BARE:
		/* RFC 6376 section 3.6.1 names RSAPublicKey, but its appendix C
		 * example uses SubjectPublicKeyInfo, and some verifiers accept
		 * only that form. */
		zl_findings_add(f, ZL_DKIM_KEY_BARE_RSA, p->value_off,
		    p->value_len, "p", NULL);
		break;
	default:
		break;
	}
	if (rec->key_type == ZL_DKIM_KEY_TYPE_ED25519) {
		zl_findings_add(f, ZL_DKIM_KEY_TYPE_MISMATCH, p->value_off,
		    p->value_len, "k", "rsa");
		return;
	}
	if (rec->key.bits < 1024)
		zl_findings_add(f, ZL_DKIM_RSA_KEY_TOO_SHORT, p->value_off,
		    p->value_len, "p", NULL);
	else if (rec->key.bits > 4096)
		zl_findings_add(f, ZL_DKIM_RSA_KEY_OVER_4096, p->value_off,
		    p->value_len, "p", NULL);
}

/* Decode p= and check the key it holds. */
static void
check_p(struct zl_dkim_record *rec, const struct zl_tag *p)
{
	size_t err_off;
	int code;

	if (p == NULL) {
		zl_findings_add(&rec->findings, ZL_DKIM_P_MISSING, 0,
		    rec->tags.text_len, "p", NULL);
		return;
	}
	if (p->value_len == 0) {
		rec->revoked = true;
		zl_findings_add(&rec->findings, ZL_DKIM_KEY_REVOKED, p->spec_off,
		    p->spec_len, "p", NULL);
		return;
	}

	code = zl_base64_decode(rec->tags.text, p->value_off, p->value_len,
	    rec->key_data, sizeof(rec->key_data), &rec->key_len, &err_off,
	    &rec->key_has_space);
	if (code != 0) {
		size_t end = p->value_off + p->value_len;

		zl_findings_add(&rec->findings, code, err_off,
		    code == ZL_DKIM_BASE64_TRUNCATED ? end - err_off : 1, "p", NULL);
	}
	/* A truncated value still shows how much of the key was published. */
	if ((code != 0 && code != ZL_DKIM_BASE64_TRUNCATED) || rec->key_len == 0 ||
	    rec->key_type == ZL_DKIM_KEY_TYPE_UNKNOWN)
		return;
	check_key(rec, p);
}

void
zl_dkim_parse(struct zl_dkim_record *rec, const char *text, size_t len)
{
	static const struct {
		const char *name;
		void (*check)(struct zl_dkim_record *, const struct zl_tag *);
	} rules[] = {
		{ "v", check_v }, { "h", check_h }, { "k", check_k },
		{ "n", check_n }, { "s", check_s }, { "t", check_t },
	};

	/* zl_tagval_parse() fills rec->tags, and the unused entries of the
	 * findings are not read, so only the facts after them are zeroed. */
	rec->findings.count = 0;
	rec->findings.dropped = 0;
	memset(&rec->key_type, 0,
	    offsetof(struct zl_dkim_record, key_data) - offsetof(struct zl_dkim_record, key_type));
	zl_tagval_parse(&rec->tags, text, len, 0);

	for (size_t i = 0; i < rec->tags.count; i++) {
		const struct zl_tag *tag = &rec->tags.tags[i];
		const char *name = text + tag->name_off;
		bool known = false;

		for (size_t r = 0; r < sizeof(rules) / sizeof(rules[0]); r++) {
			if (!word_is(name, tag->name_len, rules[r].name))
				continue;
			known = true;
			/* Only the first of duplicate tags counts; tagval reports the rest. */
			if (zl_tagval_find(&rec->tags, rules[r].name) == tag)
				rules[r].check(rec, tag);
		}
		if (!known && !word_is(name, tag->name_len, "p"))
			zl_findings_add(&rec->findings, ZL_DKIM_UNKNOWN_TAG,
			    tag->name_off, tag->name_len, NULL,
			    zl_nearest_word(name, tag->name_len, known_tags, true));
	}
	check_p(rec, zl_tagval_find(&rec->tags, "p"));
	zl_findings_sort(&rec->findings);
}

const char *
zl_dkim_code_name(int code)
{
	if (code < ZL_DKIM_V_NOT_FIRST || code >= ZL_DKIM_CODE_END)
		return NULL;
	return dkim_code_names[code - ZL_DKIM_V_NOT_FIRST];
}

const char *
zl_der_error_name(enum zl_der_error error)
{
	if ((unsigned)error >= ZL_DER_ERROR_END)
		return NULL;
	return der_error_names[error];
}
