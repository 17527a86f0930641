/*
 * check_dkim.c - tests for the DKIM key record parser, its base64 decoder
 * and its DER reader.
 *
 * OpenSSL's libcrypto is the oracle here and only here: keys are generated
 * with it, and its d2i_PUBKEY() must reach the same verdict and modulus size
 * as zl_dkim_decode_der() on the same bytes. Where the two disagree by
 * design, the tests name the reason and check that it holds.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <check.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "check_findings.h"
#include "dkim.h"

/*
 * Fixed keys made with "openssl genpkey" and base64-encoded DER. The
 * 2048-bit key comes in pieces so cases can cut it after 237 and 255
 * characters or put a blank after 196.
 */
#define K2048_A \
	"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsBQMGBagUi+jfMEHIumf" \
	"vhX5GZMfSdzdO6MOktfcsEWkailfT80RJIJAIWBn9dGtk2d4ZJ/YSnk+Cg9SMUW4" \
	"HE5EQc/ZJWDBuabyk7sY26E5P02lM/QEKqyNWLPkeqcGHlSP6odWpScjDpkripMf" \
	"1sHm"
#define K2048_B \
	"jj64FurgSIWVZKsrZ09byR9nnn16GOeIVCcVTeNCk"
#define K2048_C \
	"8ayhnvR1jjuz+UH1cq"
#define K2048_D \
	"wLmU728l+DzJiurEase4nDSiVCo22nWxGzOIxttsoqMSy4E7dfJ5dJyh/0mTnmvZ" \
	"+6PNv6BWHLz/n4Jk2vdsjgFFE8qkMVQ8zcKyKv0y62COe3ku3erfiULKvEvskDLz" \
	"jmwIDAQAB"
#define K1024 \
	"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDIKIZjdaqd68jencHXrGM/CElc" \
	"hBnVdp8O+guLHXfBzTd0I1EZA29zxEmfjsSL/1EepWQvB+1kPFEVa5FhwbIHcBmm" \
	"rcpwDM3pjeVMRx25xyAcE9iipqhWv9PdEn0jj4PGvwmlP/0r6xFBcyRL1uRsJYwA" \
	"9G9fWQIviadGxOa7SwIDAQAB"
#define K1024_BARE \
	"MIGJAoGBAMgohmN1qp3ryN6dwdesYz8ISVyEGdV2nw76C4sdd8HNN3QjURkDb3PE" \
	"SZ+OxIv/UR6lZC8H7WQ8URVrkWHBsgdwGaatynAMzemN5UxHHbnHIBwT2KKmqFa/" \
	"090SfSOPg8a/CaU//SvrEUFzJEvW5GwljAD0b19ZAi+Jp0bE5rtLAgMBAAE="
#define K512 \
	"MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKxXBuABdcrHSMvcfR51Ms+anxXXL//c" \
	"VIEATxDDKsGnDX5waREyXjsRsn+xC53UDwN0jyPUOHa0scG7R1SxiSMCAwEAAQ=="
#define ED25519_RAW \
	"iQpXvzWH5s0nQ0R5mI1T7vNlgclroZrwsjJfNE2xT00="
#define ED25519_SPKI \
	"MCowBQYDK2VwAyEAiQpXvzWH5s0nQ0R5mI1T7vNlgclroZrwsjJfNE2xT00="

#define K2048 K2048_A K2048_B K2048_C K2048_D

struct record_case {
	const char *text;
	struct expect findings[5];
	enum zl_dkim_key_format format;
	unsigned bits;
	bool revoked;
	bool has_space;
};

static const struct record_case record_cases[] = {
	/* Valid keys. v= is only RECOMMENDED, so a record without it is fine. */
	{ "v=DKIM1; k=rsa; p=" K2048, { END_FINDINGS }, ZL_DKIM_KEY_RSA_SPKI, 2048, false, false },
	{ "k=rsa; p=" K2048, { END_FINDINGS }, ZL_DKIM_KEY_RSA_SPKI, 2048, false, false },
	{ "v=DKIM1;p=" K2048 ";", { END_FINDINGS }, ZL_DKIM_KEY_RSA_SPKI, 2048, false, false },
	/* base64string allows FWS between characters; only a flag records it. */
	{ "v=DKIM1; p=" K2048_A " " K2048_B K2048_C K2048_D, { END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 2048, false, true },
	{ "v=DKIM1; k=ed25519; p=" ED25519_RAW, { END_FINDINGS },
	    ZL_DKIM_KEY_ED25519_RAW, 256, false, false },
	{ "v=DKIM1; h=sha1 : sha256; s=*; p=" K1024, { END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; n=see=20doc; p=" K1024, { END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },

	/* An empty p= revokes the key. */
	{ "v=DKIM1; p=", { FIND_SH(ZL_DKIM_KEY_REVOKED, 9, 2, "p", NO_STRING), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, true, false },
	{ "v=DKIM1; k=rsa; p=", { FIND(ZL_DKIM_KEY_REVOKED, 16, 2), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, true, false },

	/* A key cut by a 255-byte string limit: 255 characters decode to 191 of
	 * the 294 bytes that the SubjectPublicKeyInfo header announces. */
	{ "v=DKIM1; k=rsa; p=" K2048_A K2048_B K2048_C,
	    { FIND_SH(ZL_DKIM_BASE64_TRUNCATED, 270, 3, "p", NULL),
	      FIND_SH(ZL_DKIM_KEY_DER_INVALID, 273, 0, "der-truncated", NO_STRING),
	      END_FINDINGS }, ZL_DKIM_KEY_NONE, 0, false, false },
	/* The whole record cut at 255 bytes: 237 characters of key. */
	{ "v=DKIM1; k=rsa; p=" K2048_A K2048_B,
	    { FIND(ZL_DKIM_BASE64_TRUNCATED, 254, 1),
	      FIND_SH(ZL_DKIM_KEY_DER_INVALID, 255, 0, "der-truncated", NULL),
	      END_FINDINGS }, ZL_DKIM_KEY_NONE, 0, false, false },
	/* A placeholder left in place. */
	{ "v=DKIM1; p=TOKEN",
	    { FIND_SH(ZL_DKIM_KEY_DER_INVALID, 11, 1, "der-wrong-tag", NO_STRING),
	      FIND(ZL_DKIM_BASE64_TRUNCATED, 15, 1), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; p=MIIB!AAA", { FIND(ZL_DKIM_BASE64_BAD_CHAR, 15, 1), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; p=QQ=A", { FIND(ZL_DKIM_BASE64_BAD_PADDING, 13, 1), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; p=QQ===", { FIND(ZL_DKIM_BASE64_BAD_PADDING, 15, 1), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },

	/* Key formats other than the expected one. */
	{ "v=DKIM1; p=" K1024_BARE, { FIND_SH(ZL_DKIM_KEY_BARE_RSA, 11, 188, "p", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_BARE, 1024, false, false },
	{ "v=DKIM1; k=ed25519; p=" ED25519_SPKI,
	    { FIND(ZL_DKIM_ED25519_SPKI, 22, 60), END_FINDINGS },
	    ZL_DKIM_KEY_ED25519_SPKI, 256, false, false },
	{ "v=DKIM1; p=" ED25519_RAW,
	    { FIND_SH(ZL_DKIM_KEY_DER_INVALID, 11, 1, "der-wrong-tag", "k=ed25519"), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; p=" ED25519_SPKI,
	    { FIND_SH(ZL_DKIM_KEY_TYPE_MISMATCH, 11, 60, "k", "ed25519"), END_FINDINGS },
	    ZL_DKIM_KEY_ED25519_SPKI, 256, false, false },
	{ "v=DKIM1; k=ed25519; p=" K1024,
	    { FIND_SH(ZL_DKIM_KEY_TYPE_MISMATCH, 22, 216, "k", "rsa"), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; k=ed25519; p=AAAA", { FIND(ZL_DKIM_ED25519_BAD_LENGTH, 22, 4), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; p=" K512, { FIND(ZL_DKIM_RSA_KEY_TOO_SHORT, 11, 128), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 512, false, false },

	/* v= must come first and be exactly DKIM1. */
	{ "k=rsa; v=DKIM1; p=" K1024, { FIND_SH(ZL_DKIM_V_NOT_FIRST, 7, 7, "v", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM2; p=" K1024, { FIND_SH(ZL_DKIM_V_INVALID, 2, 5, "v", "DKIM1"), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1 p=" K1024,
	    { FIND(ZL_TAGVAL_MISSING_SEMICOLON, 7, 1), FIND(ZL_DKIM_P_MISSING, 0, 226),
	      FIND(ZL_DKIM_V_INVALID, 2, 224), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },

	/* h=, k=, s=, t= and n= values. */
	{ "v=DKIM1; h=sha1; p=" K1024, { FIND_SH(ZL_DKIM_H_SHA1_ONLY, 11, 4, "h", "sha256"), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; h=sha-256; p=" K1024,
	    { FIND_SH(ZL_DKIM_H_UNKNOWN_ALG, 11, 7, "h", "sha256"), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; h=sha256:; p=" K1024, { FIND_SH(ZL_DKIM_INVALID_VALUE, 18, 0, "h", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; k=RSA; p=" K1024, { FIND_SH(ZL_DKIM_K_UNKNOWN, 11, 3, "k", "rsa"), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; k=; p=" K1024, { FIND_SH(ZL_DKIM_INVALID_VALUE, 11, 0, "k", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; s=email; t=y:s; p=", { FIND(ZL_DKIM_KEY_REVOKED, 25, 2), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, true, false },
	{ "v=DKIM1; s=foo; p=" K1024,
	    { FIND_SH(ZL_DKIM_S_UNKNOWN_SERVICE, 11, 3, "s", NULL),
	      FIND_SH(ZL_DKIM_S_NO_EMAIL, 11, 3, "s", "email"), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; t=x; p=" K1024, { FIND_SH(ZL_DKIM_T_UNKNOWN_FLAG, 11, 1, "t", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; n=a=ZZ; p=" K1024, { FIND_SH(ZL_DKIM_INVALID_VALUE, 12, 1, "n", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },

	/* Missing, unknown and repeated tags. */
	{ "v=DKIM1", { FIND_SH(ZL_DKIM_P_MISSING, 0, 7, "p", NULL), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, false, false },
	{ "v=DKIM1; pp=x; p=" K1024, { FIND_SH(ZL_DKIM_UNKNOWN_TAG, 9, 2, NO_STRING, "p"), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; g=*; p=" K1024, { FIND_SH(ZL_DKIM_UNKNOWN_TAG, 9, 1, NO_STRING, NO_STRING), END_FINDINGS },
	    ZL_DKIM_KEY_RSA_SPKI, 1024, false, false },
	{ "v=DKIM1; p=; p=" K1024,
	    { FIND(ZL_TAGVAL_DUPLICATE_TAG, 13, 1), FIND(ZL_DKIM_KEY_REVOKED, 9, 2), END_FINDINGS },
	    ZL_DKIM_KEY_NONE, 0, true, false },
};

START_TEST(test_dkim_record_findings)
{
	const struct record_case *c = &record_cases[_i];
	static struct zl_dkim_record rec;
	size_t len = strlen(c->text);

	zl_dkim_parse(&rec, c->text, len);

	assert_findings(c->text, len, &rec.tags.findings, &rec.findings,
	    zl_dkim_code_name, c->findings);
	ck_assert_msg(rec.key.format == c->format, "case %d: format %d, expected %d",
	    _i, rec.key.format, c->format);
	ck_assert_msg(rec.key.bits == c->bits, "case %d: %u bits, expected %u",
	    _i, rec.key.bits, c->bits);
	ck_assert_msg(rec.revoked == c->revoked, "case %d: revoked %d", _i, rec.revoked);
	ck_assert_msg(rec.key_has_space == c->has_space, "case %d: space %d", _i,
	    rec.key_has_space);
}
END_TEST

START_TEST(test_dkim_record_tag_values)
{
	static const char text[] = "v=DKIM1; h=sha256:sha1:foo; s=email:*; t=y:s; k=ed25519; p=" ED25519_RAW;
	static struct zl_dkim_record rec;

	zl_dkim_parse(&rec, text, sizeof(text) - 1);
	ck_assert_uint_eq(rec.hash_algs, ZL_DKIM_HASH_SHA1 | ZL_DKIM_HASH_SHA256 | ZL_DKIM_HASH_OTHER);
	ck_assert_uint_eq(rec.services, ZL_DKIM_SERVICE_EMAIL | ZL_DKIM_SERVICE_ANY);
	ck_assert_uint_eq(rec.flags, ZL_DKIM_FLAG_TESTING | ZL_DKIM_FLAG_STRICT);
	ck_assert_int_eq(rec.key_type, ZL_DKIM_KEY_TYPE_ED25519);
	ck_assert_uint_eq(rec.key_len, 32);
	ck_assert_uint_eq(rec.findings.count, 1);
	ck_assert_int_eq(rec.findings.items[0].code, ZL_DKIM_H_UNKNOWN_ALG);
}
END_TEST

START_TEST(test_dkim_key_too_large)
{
	static char text[16000];
	static struct zl_dkim_record rec;
	size_t len;

	/* 12000 characters decode to 9000 bytes, more than the buffer keeps. */
	strcpy(text, "v=DKIM1; p=");
	len = strlen(text);
	memset(text + len, 'A', 12000);
	len += 12000;

	zl_dkim_parse(&rec, text, len);
	ck_assert_uint_eq(rec.findings.count, 1);
	ck_assert_int_eq(rec.findings.items[0].code, ZL_DKIM_KEY_TOO_LARGE);
	ck_assert_uint_ge(rec.findings.items[0].off, 11);
	ck_assert_uint_lt(rec.findings.items[0].off, len);
	ck_assert_int_eq(rec.key.format, ZL_DKIM_KEY_NONE);
}
END_TEST

struct base64_case {
	const char *text;
	int code;                     /* 0 or a ZL_DKIM_BASE64_* code */
	size_t err_off;
	const char *bytes;            /* expected output */
	bool space;
};

static const struct base64_case base64_cases[] = {
	{ "", 0, 0, "", false },
	{ "TWFu", 0, 0, "Man", false },
	{ "TWE=", 0, 0, "Ma", false },
	{ "TQ==", 0, 0, "M", false },
	{ "T Q = =", 0, 0, "M", true },
	{ "TWFu\r\n\tTWFu", 0, 0, "ManMan", true },
	/* Unpadded leftovers still decode as far as they go. */
	{ "TQ", ZL_DKIM_BASE64_TRUNCATED, 0, "M", false },
	{ "TWFuTWE", ZL_DKIM_BASE64_TRUNCATED, 4, "ManMa", false },
	{ "TWFu T", ZL_DKIM_BASE64_TRUNCATED, 5, "Man", true },
	{ "=", ZL_DKIM_BASE64_BAD_PADDING, 0, "", false },
	{ "TQ=", ZL_DKIM_BASE64_BAD_PADDING, 2, "M", false },
	{ "TWFu=", ZL_DKIM_BASE64_BAD_PADDING, 4, "Man", false },
	{ "TQ===", ZL_DKIM_BASE64_BAD_PADDING, 4, "", false },
	{ "TQ==TQ==", ZL_DKIM_BASE64_BAD_PADDING, 2, "", false },
	{ "TW!u", ZL_DKIM_BASE64_BAD_CHAR, 2, "", false },
	{ "TWFu-_", ZL_DKIM_BASE64_BAD_CHAR, 4, "Man", false },
};

START_TEST(test_dkim_base64_decode)
{
	const struct base64_case *c = &base64_cases[_i];
	unsigned char out[64];
	size_t out_len = 0, err_off = 0, want_len = strlen(c->bytes);
	bool space = false;
	int code = zl_base64_decode(c->text, 0, strlen(c->text), out, sizeof(out),
	    &out_len, &err_off, &space);

	ck_assert_msg(code == c->code, "\"%s\": code %d, expected %d", c->text, code, c->code);
	if (c->code != 0)
		ck_assert_msg(err_off == c->err_off, "\"%s\": error at %zu, expected %zu",
		    c->text, err_off, c->err_off);
	ck_assert_msg(space == c->space, "\"%s\": space %d", c->text, space);
	/* Output is only promised complete for valid and truncated text. */
	if (c->code == 0 || c->code == ZL_DKIM_BASE64_TRUNCATED)
		ck_assert_msg(out_len == want_len && memcmp(out, c->bytes, want_len) == 0,
		    "\"%s\": decoded %zu bytes, expected \"%s\"", c->text, out_len, c->bytes);
}
END_TEST

/*
 * Reference for zl_base64_decode(): the same contract, one character at a
 * time and without its fast path for whole groups. Codes, error offsets,
 * output bytes and the blank flag must agree on every input.
 */
static int
reference_base64_decode(const char *text, size_t len, unsigned char *out,
    size_t cap, size_t *out_len, size_t *err_off, bool *had_space)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long bits = 0;
	size_t chars = 0, pads = 0, first_pad = 0, group_off = 0, rest;

	*out_len = 0;
	*err_off = 0;
	*had_space = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		const char *at = c != '\0' ? strchr(alphabet, c) : NULL;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			*had_space = true;
			continue;
		}
		if (c == '=') {
			if (pads++ == 0)
				first_pad = i;
			if (pads > 2) {
				*err_off = i;
				return ZL_DKIM_BASE64_BAD_PADDING;
			}
			continue;
		}
		if (at == NULL) {
			*err_off = i;
			return ZL_DKIM_BASE64_BAD_CHAR;
		}
		if (pads > 0) {
			*err_off = first_pad;
			return ZL_DKIM_BASE64_BAD_PADDING;
		}
		if (chars % 4 == 0)
			group_off = i;
		bits = bits << 6 | (unsigned long)(at - alphabet);
		if (++chars % 4 == 0) {
			if (cap - *out_len < 3) {
				*err_off = i;
				return ZL_DKIM_KEY_TOO_LARGE;
			}
			for (int shift = 16; shift >= 0; shift -= 8)
				out[(*out_len)++] = (unsigned char)(bits >> shift);
			bits = 0;
		}
	}

	rest = chars % 4;
	if (rest >= 2) {
		if (cap - *out_len < rest - 1) {
			*err_off = group_off;
			return ZL_DKIM_KEY_TOO_LARGE;
		}
		bits >>= rest == 2 ? 4 : 2;
		for (int shift = 8 * ((int)rest - 2); shift >= 0; shift -= 8)
			out[(*out_len)++] = (unsigned char)(bits >> shift);
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

/* Decode text with both decoders into a buffer of cap bytes and compare. */
static void
compare_base64(const char *text, size_t len, size_t cap)
{
	unsigned char got[ZL_DKIM_KEY_MAX], want[ZL_DKIM_KEY_MAX];
	size_t got_len, want_len, got_off, want_off;
	bool got_space, want_space;
	int got_code, want_code;

	ck_assert_uint_le(cap, sizeof(got));
	got_code = zl_base64_decode(text, 0, len, got, cap, &got_len, &got_off, &got_space);
	want_code = reference_base64_decode(text, len, want, cap, &want_len, &want_off,
	    &want_space);

	ck_assert_msg(got_code == want_code, "\"%.*s\" (cap %zu): code %d, expected %d",
	    (int)len, text, cap, got_code, want_code);
	ck_assert_msg(got_off == want_off, "\"%.*s\" (cap %zu): error at %zu, expected %zu",
	    (int)len, text, cap, got_off, want_off);
	ck_assert_msg(got_space == want_space, "\"%.*s\" (cap %zu): space %d",
	    (int)len, text, cap, got_space);
	ck_assert_msg(got_len == want_len, "\"%.*s\" (cap %zu): %zu bytes, expected %zu",
	    (int)len, text, cap, got_len, want_len);
	ck_assert_msg(memcmp(got, want, got_len) == 0, "\"%.*s\" (cap %zu): bytes differ",
	    (int)len, text, cap);
}

static const char *const base64_keys[] = {
	K2048, K1024, K1024_BARE, K512, ED25519_RAW, ED25519_SPKI,
};

/*
 * Every prefix of each key, and each key with one byte inserted at every
 * position (blanks, padding, bytes outside the alphabet), against the
 * reference, with room for the whole key and with too little room.
 */
START_TEST(test_dkim_base64_matches_reference)
{
	static const char inserts[] = { ' ', '\t', '\r', '\n', '=', '-', '_', '!',
	    '\0', (char)0x80, (char)0xff, 'A' };
	static const size_t caps[] = { ZL_DKIM_KEY_MAX, 64, 32, 3, 0 };
	const char *key = base64_keys[_i];
	size_t key_len = strlen(key);
	char edited[1024];

	ck_assert_uint_lt(key_len + 1, sizeof(edited));
	for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
		for (size_t n = 0; n <= key_len; n++)
			compare_base64(key, n, caps[c]);
		for (size_t at = 0; at <= key_len; at++) {
			for (size_t k = 0; k < sizeof(inserts); k++) {
				memcpy(edited, key, at);
				edited[at] = inserts[k];
				memcpy(edited + at + 1, key + at, key_len - at);
				compare_base64(edited, key_len + 1, caps[c]);
			}
		}
	}
}
END_TEST

START_TEST(test_dkim_code_names_complete)
{
	for (int code = ZL_DKIM_V_NOT_FIRST; code < ZL_DKIM_CODE_END; code++) {
		const char *name = zl_dkim_code_name(code);

		ck_assert_msg(name != NULL && strncmp(name, "dkim-", 5) == 0,
		    "code %d has no name", code);
	}
	for (int err = ZL_DER_OK; err < ZL_DER_ERROR_END; err++) {
		const char *name = zl_der_error_name((enum zl_der_error)err);

		ck_assert_msg(name != NULL && strncmp(name, "der-", 4) == 0,
		    "DER error %d has no name", err);
	}
	ck_assert_ptr_null(zl_dkim_code_name(ZL_DKIM_CODE_END));
	ck_assert_ptr_null(zl_der_error_name(ZL_DER_ERROR_END));
}
END_TEST

/* ----- OpenSSL as the oracle ----- */

/* Return whether d2i_PUBKEY() reads all of der[0, len) as a public key, and
 * the key's size in bits through *bits. */
static bool
openssl_reads_spki(const unsigned char *der, size_t len, int *bits)
{
	const unsigned char *p = der;
	EVP_PKEY *key = d2i_PUBKEY(NULL, &p, (long)len);
	bool whole = key != NULL && p == der + len;

	*bits = key != NULL ? EVP_PKEY_get_bits(key) : 0;
	EVP_PKEY_free(key);
	return whole;
}

/* Encode key bytes as a DKIM record with the given prefix, e.g. "p=". */
static size_t
make_record(char *out, size_t cap, const char *prefix, const unsigned char *key,
    size_t len)
{
	size_t n = strlen(prefix);

	ck_assert_uint_lt(n + 4 * ((len + 2) / 3) + 1, cap);
	memcpy(out, prefix, n);
	return n + (size_t)EVP_EncodeBlock((unsigned char *)out + n, key, (int)len);
}

/* Require that our modulus and exponent are OpenSSL's n and e. */
static void
assert_same_numbers(EVP_PKEY *pkey, const unsigned char *der,
    const struct zl_dkim_key_info *info)
{
	static const char *const names[2] = { OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E };
	size_t offs[2] = { info->modulus_off, info->exponent_off };
	size_t lens[2] = { info->modulus_len, info->exponent_len };

	for (int i = 0; i < 2; i++) {
		BIGNUM *bn = NULL;
		unsigned char bytes[1024];
		size_t off = offs[i], len = lens[i];
		int n;

		ck_assert(EVP_PKEY_get_bn_param(pkey, names[i], &bn) == 1);
		n = BN_bn2bin(bn, bytes);
		if (der[off] == 0) {
			off++;
			len--;
		}
		ck_assert_msg((size_t)n == len && memcmp(bytes, der + off, len) == 0,
		    "%s differs from OpenSSL's", names[i]);
		BN_free(bn);
	}
}

static const int rsa_sizes[] = { 512, 1024, 2048, 4096 };

START_TEST(test_dkim_oracle_rsa_sizes)
{
	int size = rsa_sizes[_i], bits = 0;
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)size);
	unsigned char *der = NULL, *bare = NULL;
	int der_len, bare_len;
	struct zl_dkim_key_info info;
	static struct zl_dkim_record rec;
	static char text[2048];
	size_t len, half;
	const unsigned char *p;
	EVP_PKEY *back;

	ck_assert_ptr_nonnull(pkey);
	der_len = i2d_PUBKEY(pkey, &der);
	ck_assert_int_gt(der_len, 0);

	/* Same verdict and size from both readers of the DER. */
	ck_assert(openssl_reads_spki(der, (size_t)der_len, &bits));
	ck_assert_int_eq(bits, size);
	ck_assert_int_eq(zl_dkim_decode_der(der, (size_t)der_len, &info), ZL_DER_OK);
	ck_assert_int_eq(info.format, ZL_DKIM_KEY_RSA_SPKI);
	ck_assert_uint_eq(info.bits, (unsigned)bits);
	ck_assert_uint_eq(info.declared_len, (size_t)der_len);
	assert_same_numbers(pkey, der, &info);

	/* The same key published as a record, then with a blank in the middle. */
	len = make_record(text, sizeof(text), "v=DKIM1; k=rsa; p=", der, (size_t)der_len);
	zl_dkim_parse(&rec, text, len);
	ck_assert_uint_eq(rec.key.bits, (unsigned)size);
	ck_assert_uint_eq(rec.tags.findings.count, 0);
	ck_assert_uint_eq(rec.findings.count, size < 1024 ? 1 : 0);
	if (size < 1024)
		ck_assert_int_eq(rec.findings.items[0].code, ZL_DKIM_RSA_KEY_TOO_SHORT);
	half = 18 + (len - 18) / 2;
	memmove(text + half + 1, text + half, len - half);
	text[half] = ' ';
	zl_dkim_parse(&rec, text, len + 1);
	ck_assert(rec.key_has_space);
	ck_assert_uint_eq(rec.key.bits, (unsigned)size);
	ck_assert_uint_eq(rec.findings.count, size < 1024 ? 1 : 0);

	/* A bare RSAPublicKey: d2i_PUBKEY() rejects it because it reads only
	 * SubjectPublicKeyInfo, d2i_PublicKey() reads it like we do. */
	bare_len = i2d_PublicKey(pkey, &bare);
	ck_assert_int_gt(bare_len, 0);
	ck_assert(!openssl_reads_spki(bare, (size_t)bare_len, &bits));
	p = bare;
	back = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, bare_len);
	ck_assert_ptr_nonnull(back);
	ck_assert_int_eq(zl_dkim_decode_der(bare, (size_t)bare_len, &info), ZL_DER_OK);
	ck_assert_int_eq(info.format, ZL_DKIM_KEY_RSA_BARE);
	ck_assert_uint_eq(info.bits, (unsigned)EVP_PKEY_get_bits(back));
	assert_same_numbers(pkey, bare, &info);

	EVP_PKEY_free(back);
	OPENSSL_free(bare);
	OPENSSL_free(der);
	EVP_PKEY_free(pkey);
}
END_TEST

START_TEST(test_dkim_oracle_ed25519)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	unsigned char raw[33], *der = NULL;
	size_t raw_len = sizeof(raw), len;
	int der_len, bits = 0;
	struct zl_dkim_key_info info;
	static struct zl_dkim_record rec;
	char text[256];

	ck_assert_ptr_nonnull(pkey);
	ck_assert(EVP_PKEY_get_raw_public_key(pkey, raw, &raw_len) == 1);
	ck_assert_uint_eq(raw_len, 32);

	/* RFC 8463 section 4.2: p= is the bare 32-byte key. */
	len = make_record(text, sizeof(text), "v=DKIM1; k=ed25519; p=", raw, raw_len);
	zl_dkim_parse(&rec, text, len);
	ck_assert_uint_eq(rec.findings.count, 0);
	ck_assert_int_eq(rec.key.format, ZL_DKIM_KEY_ED25519_RAW);
	ck_assert_uint_eq(rec.key.bits, 256);
	ck_assert_mem_eq(rec.key_data, raw, 32);

	/* OpenSSL takes exactly 32 raw bytes, and so do we. */
	for (size_t n = 31; n <= 33; n++) {
		EVP_PKEY *k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, raw, n);
		bool theirs = k != NULL;

		len = make_record(text, sizeof(text), "v=DKIM1; k=ed25519; p=", raw, n);
		zl_dkim_parse(&rec, text, len);
		ck_assert_msg(theirs == (rec.findings.count == 0),
		    "%zu raw bytes: OpenSSL %d, %zu findings", n, theirs, rec.findings.count);
		EVP_PKEY_free(k);
	}

	/* The SubjectPublicKeyInfo form reads the same on both sides. */
	der_len = i2d_PUBKEY(pkey, &der);
	ck_assert(openssl_reads_spki(der, (size_t)der_len, &bits));
	ck_assert_int_eq(zl_dkim_decode_der(der, (size_t)der_len, &info), ZL_DER_OK);
	ck_assert_int_eq(info.format, ZL_DKIM_KEY_ED25519_SPKI);
	ck_assert_uint_eq(info.bits, (unsigned)bits);
	ck_assert_mem_eq(der + info.ed25519_off, raw, 32);

	OPENSSL_free(der);
	EVP_PKEY_free(pkey);
}
END_TEST

START_TEST(test_dkim_oracle_truncated_prefixes)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	unsigned char *der = NULL;
	int der_len = i2d_PUBKEY(pkey, &der), bits;
	struct zl_dkim_key_info info;
	static struct zl_dkim_record rec;
	static char text[1024];
	size_t text_len;

	/* Every prefix of the DER: only the whole key is valid to either side. */
	for (size_t cut = 0; cut <= (size_t)der_len; cut++) {
		bool theirs = openssl_reads_spki(der, cut, &bits);
		bool ours = zl_dkim_decode_der(der, cut, &info) == ZL_DER_OK;

		ck_assert_msg(ours == theirs, "cut at %zu of %d: ours %d, OpenSSL %d",
		    cut, der_len, ours, theirs);
		ck_assert_msg(ours == (cut == (size_t)der_len), "cut at %zu: valid", cut);
		if (cut < (size_t)der_len)
			ck_assert_msg(info.error == ZL_DER_TRUNCATED, "cut at %zu: %s", cut,
			    zl_der_error_name(info.error));
		/* The 4-byte header 30 82 01 22 announces the full length. */
		if (cut >= 4)
			ck_assert_uint_eq(info.declared_len, (size_t)der_len);
	}

	/* Every prefix of the base64 text in a record: never a clean key. */
	text_len = make_record(text, sizeof(text), "p=", der, (size_t)der_len);
	for (size_t cut = 3; cut < text_len; cut++) {
		zl_dkim_parse(&rec, text, cut);
		ck_assert_msg(rec.findings.count > 0 && rec.key.format == ZL_DKIM_KEY_NONE,
		    "record cut after %zu of %zu characters looks valid", cut - 2, text_len - 2);
	}
	zl_dkim_parse(&rec, text, text_len);
	ck_assert_uint_eq(rec.findings.count, 0);

	OPENSSL_free(der);
	EVP_PKEY_free(pkey);
}
END_TEST

/* Return whether the INTEGER whose content starts at der[off] is negative or
 * has a redundant leading octet. */
static bool
integer_not_der(const unsigned char *der, size_t len, size_t off)
{
	if (off >= len)
		return false;
	if (der[off] & 0x80)
		return true;
	return off + 1 < len && der[off] == 0 && (der[off + 1] & 0x80) == 0;
}

/*
 * Explain a disagreement where OpenSSL 3.0 accepts a flipped key that the
 * DER reader rejects. Each reason is a DER or RFC rule that d2i_PUBKEY() does
 * not enforce; the check confirms that the rule is what the data breaks.
 * Returns NULL when the disagreement has no such explanation.
 */
static const char *
explain_disagreement(const unsigned char *der, size_t len,
    const struct zl_dkim_key_info *info)
{
	switch (info->error) {
	case ZL_DER_BAD_PARAMETERS:
		/* RFC 3279 section 2.3.1: rsaEncryption parameters MUST be NULL;
		 * OpenSSL ignores them. */
		if (!(der[info->error_off] == 0x05 && der[info->error_off + 1] == 0))
			return "rsaEncryption parameters are not NULL";
		return NULL;
	case ZL_DER_BAD_BIT_STRING:
		/* A key is whole octets; OpenSSL drops the unused bits. */
		if (der[info->error_off] != 0)
			return "BIT STRING declares unused bits";
		return NULL;
	case ZL_DER_BAD_INTEGER:
		/* X.690 section 8.3.2 minimal encoding, and RSA numbers are
		 * positive; OpenSSL reads the bytes as an unsigned magnitude. */
		if (integer_not_der(der, len, info->error_off))
			return "INTEGER is negative or not minimal";
		return NULL;
	case ZL_DER_WRONG_TAG:
		/* X.690 section 8.1.2.3: DER writes tag numbers below 31 in one
		 * octet; OpenSSL also reads the long form, 0x1f 0x02 for an
		 * INTEGER, which a flipped low bit can make of a key's last
		 * modulus octet. */
		if (info->error_off + 1 < len && (der[info->error_off] & 0x1f) == 0x1f &&
		    der[info->error_off + 1] < 31)
			return "tag number below 31 in the long form";
		return NULL;
	default:
		return NULL;
	}
}

/* A 1024-bit RSA key in SubjectPublicKeyInfo form, fixed so that the
 * flips below give the same results on every run. */
static const unsigned char flip_key[] = {
	0x30, 0x81, 0x9f, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x81, 0x8d, 0x00, 0x30, 0x81,
	0x89, 0x02, 0x81, 0x81, 0x00, 0xc7, 0xab, 0xbe, 0x87, 0xa3, 0x0d, 0x07,
	0xe1, 0x1f, 0xc3, 0xa7, 0x7a, 0xaf, 0x86, 0xd1, 0x6f, 0xb7, 0x14, 0x96,
	0xc5, 0xe5, 0xc3, 0x71, 0x12, 0xd3, 0x01, 0x45, 0xf2, 0x39, 0x23, 0xc7,
	0x5d, 0x02, 0x02, 0xb3, 0x04, 0x10, 0x04, 0x78, 0x63, 0x36, 0x1b, 0xe2,
	0xa3, 0xf8, 0x07, 0x4a, 0xe7, 0xe3, 0xa9, 0x00, 0x39, 0x14, 0xc3, 0x42,
	0xa2, 0xa7, 0x44, 0xf5, 0xa8, 0xa4, 0x77, 0x71, 0x69, 0x33, 0xca, 0xf5,
	0x41, 0x1e, 0x3a, 0xba, 0x12, 0x50, 0x0a, 0xe1, 0x5f, 0x68, 0xd7, 0x65,
	0xf7, 0xe8, 0x92, 0xcf, 0x69, 0x14, 0x0b, 0x6a, 0x67, 0xd3, 0x19, 0x62,
	0xc4, 0x38, 0x8e, 0x70, 0x66, 0xbd, 0x9b, 0x58, 0x8b, 0xb3, 0xc7, 0x05,
	0x42, 0x20, 0x13, 0xa3, 0xf4, 0xea, 0xbf, 0xec, 0x41, 0x8d, 0xb1, 0xe0,
	0x79, 0xf0, 0x6e, 0xe8, 0xc8, 0x18, 0x21, 0x25, 0x4d, 0x8f, 0xe1, 0x08,
	0xb7, 0x02, 0x03, 0x01, 0x00, 0x01
};

START_TEST(test_dkim_oracle_byte_flips)
{
	static const unsigned char masks[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff };
	const unsigned char *der = flip_key;
	unsigned char buf[512];
	int der_len = (int)sizeof(flip_key);
	size_t explained = 0;

	ck_assert_uint_le((size_t)der_len, sizeof(buf));
	for (size_t pos = 0; pos < (size_t)der_len; pos++) {
		for (size_t m = 0; m < sizeof(masks); m++) {
			struct zl_dkim_key_info info;
			int bits = 0;
			bool ours, theirs;

			memcpy(buf, der, (size_t)der_len);
			buf[pos] ^= masks[m];
			ours = zl_dkim_decode_der(buf, (size_t)der_len, &info) == ZL_DER_OK;
			theirs = openssl_reads_spki(buf, (size_t)der_len, &bits);

			if (ours && theirs) {
				ck_assert_msg(info.bits == (unsigned)bits,
				    "byte %zu ^ 0x%02x: %u bits, OpenSSL %d", pos, masks[m],
				    info.bits, bits);
			} else if (ours != theirs) {
				const char *reason = theirs ?
				    explain_disagreement(buf, (size_t)der_len, &info) : NULL;

				ck_assert_msg(reason != NULL, "byte %zu ^ 0x%02x: ours %s, OpenSSL %s",
				    pos, masks[m], ours ? "valid" : zl_der_error_name(info.error),
				    theirs ? "valid" : "invalid");
				explained++;
			}
		}
	}
	/* The flips of the NULL, the unused-bits octet and the leading
	 * INTEGER octets must have produced some explained cases. */
	ck_assert_uint_gt(explained, 0);
}
END_TEST

/* Number of octets in the DER header of an element with len content octets. */
static size_t
header_size(size_t len)
{
	if (len < 0x80)
		return 2;
	if (len < 0x100)
		return 3;
	return 4;
}

/* Append a DER header for tag and len to out at *pos. */
static void
put_header(unsigned char *out, size_t *pos, unsigned char tag, size_t len)
{
	out[(*pos)++] = tag;
	if (len < 0x80) {
		out[(*pos)++] = (unsigned char)len;
	} else if (len < 0x100) {
		out[(*pos)++] = 0x81;
		out[(*pos)++] = (unsigned char)len;
	} else {
		out[(*pos)++] = 0x82;
		out[(*pos)++] = (unsigned char)(len >> 8);
		out[(*pos)++] = (unsigned char)len;
	}
}

/* Build an rsaEncryption SubjectPublicKeyInfo with a modulus of the given
 * octets (a leading zero octet is added) and exponent 65537. */
static size_t
build_spki(unsigned char *out, const unsigned char *modulus, size_t modulus_len)
{
	static const unsigned char alg[] = {
		0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
		0x01, 0x01, 0x05, 0x00
	};
	static const unsigned char exponent[] = { 0x02, 0x03, 0x01, 0x00, 0x01 };
	size_t n_len = modulus_len + 1;
	size_t rsa_len = header_size(n_len) + n_len + sizeof(exponent);
	size_t bits_len = 1 + header_size(rsa_len) + rsa_len;
	size_t pos = 0;

	put_header(out, &pos, 0x30, sizeof(alg) + header_size(bits_len) + bits_len);
	memcpy(out + pos, alg, sizeof(alg));
	pos += sizeof(alg);
	put_header(out, &pos, 0x03, bits_len);
	out[pos++] = 0;
	put_header(out, &pos, 0x30, rsa_len);
	put_header(out, &pos, 0x02, n_len);
	out[pos++] = 0;
	memcpy(out + pos, modulus, modulus_len);
	pos += modulus_len;
	memcpy(out + pos, exponent, sizeof(exponent));
	return pos + sizeof(exponent);
}

START_TEST(test_dkim_oracle_modulus_sizes)
{
	unsigned char modulus[600], der[700];
	static struct zl_dkim_record rec;
	static char text[1200];

	/* Moduli around the RFC 8301 limits, odd, top bit set; the reader does
	 * not check that they are products of primes, and neither does
	 * d2i_PUBKEY(). */
	static const size_t octets[] = { 127, 128, 512, 513 };

	memset(modulus, 0xc5, sizeof(modulus));
	for (size_t i = 0; i < sizeof(octets) / sizeof(octets[0]); i++) {
		size_t len = build_spki(der, modulus, octets[i]), text_len;
		struct zl_dkim_key_info info;
		int bits = 0;

		ck_assert(openssl_reads_spki(der, len, &bits));
		ck_assert_int_eq(zl_dkim_decode_der(der, len, &info), ZL_DER_OK);
		ck_assert_uint_eq(info.bits, (unsigned)bits);
		ck_assert_uint_eq(info.bits, octets[i] * 8);

		text_len = make_record(text, sizeof(text), "p=", der, len);
		zl_dkim_parse(&rec, text, text_len);
		if (info.bits < 1024)
			ck_assert_int_eq(rec.findings.items[0].code, ZL_DKIM_RSA_KEY_TOO_SHORT);
		else if (info.bits > 4096)
			ck_assert_int_eq(rec.findings.items[0].code, ZL_DKIM_RSA_KEY_OVER_4096);
		else
			ck_assert_uint_eq(rec.findings.count, 0);
	}
}
END_TEST

/* Encodings that BER allows and DER does not, and keys of other kinds. */
struct ber_case {
	const char *name;
	enum zl_der_error ours;       /* the reader's verdict */
	bool openssl;                 /* whether d2i_PUBKEY() reads all of it */
	const char *reason;           /* why the verdicts differ, or "none" */
};

static const struct ber_case ber_cases[] = {
	{ "long-form length below 128", ZL_DER_BAD_LENGTH, true,
	  "X.690 section 10.1: DER lengths use the fewest octets; OpenSSL reads BER" },
	{ "length with a leading zero octet", ZL_DER_BAD_LENGTH, true,
	  "X.690 section 10.1, as above" },
	{ "indefinite outer length", ZL_DER_INDEFINITE_LENGTH, true,
	  "X.690 section 10.1: DER has definite lengths only; OpenSSL reads BER" },
	{ "byte after the key", ZL_DER_TRAILING_DATA, false,
	  "none: d2i_PUBKEY() stops after the key, and the caller sees the rest" },
	{ "rsaEncryption without parameters", ZL_DER_BAD_PARAMETERS, true,
	  "RFC 3279 section 2.3.1 requires NULL parameters; OpenSSL ignores them" },
	{ "id-RSASSA-PSS algorithm", ZL_DER_WRONG_OID, false,
	  "none: both reject it" },
};

/* Rewrite the 1024-bit SubjectPublicKeyInfo der as case number index. */
static size_t
make_ber_case(int index, const unsigned char *der, size_t len, unsigned char *out)
{
	/* der: 30 81 9f | 30 0d 06 09 <rsa oid> 05 00 | 03 81 8d 00 ... */
	switch (index) {
	case 0:
		memcpy(out, der, 3);
		out[2]++;
		memcpy(out + 3, "\x30\x81\x0d", 3);
		memcpy(out + 6, der + 5, len - 5);
		return len + 1;
	case 1:
		memcpy(out, "\x30\x82\x00", 3);
		memcpy(out + 3, der + 2, len - 2);
		return len + 1;
	case 2:
		memcpy(out, "\x30\x80", 2);
		memcpy(out + 2, der + 3, len - 3);
		memcpy(out + len - 1, "\x00\x00", 2);
		return len + 1;
	case 3:
		memcpy(out, der, len);
		out[len] = 0;
		return len + 1;
	case 4:
		memcpy(out, der, 3);
		out[2] -= 2;
		memcpy(out + 3, "\x30\x0b", 2);
		memcpy(out + 5, der + 5, 11);
		memcpy(out + 16, der + 18, len - 18);
		return len - 2;
	default:
		memcpy(out, der, len);
		out[15] = 0x0a;
		return len;
	}
}

START_TEST(test_dkim_oracle_ber_encodings)
{
	const struct ber_case *c = &ber_cases[_i];
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
	unsigned char *der = NULL, buf[512];
	int der_len = i2d_PUBKEY(pkey, &der), bits = 0;
	size_t len;
	struct zl_dkim_key_info info;

	ck_assert_int_eq(der_len, 162);
	len = make_ber_case(_i, der, (size_t)der_len, buf);

	ck_assert_msg(zl_dkim_decode_der(buf, len, &info) == c->ours, "%s: ours %s",
	    c->name, zl_der_error_name(info.error));
	ck_assert_msg(openssl_reads_spki(buf, len, &bits) == c->openssl,
	    "%s: OpenSSL's verdict changed; was %d because %s", c->name, c->openssl, c->reason);

	OPENSSL_free(der);
	EVP_PKEY_free(pkey);
}
END_TEST

static Suite *
dkim_suite(void)
{
	Suite *s = suite_create("dkim");
	TCase *record = tcase_create("record");
	TCase *base64 = tcase_create("base64");
	TCase *oracle = tcase_create("oracle");

	tcase_add_loop_test(record, test_dkim_record_findings, 0,
	    sizeof(record_cases) / sizeof(record_cases[0]));
	tcase_add_test(record, test_dkim_record_tag_values);
	tcase_add_test(record, test_dkim_key_too_large);
	tcase_add_test(record, test_dkim_code_names_complete);
	suite_add_tcase(s, record);

	tcase_add_loop_test(base64, test_dkim_base64_decode, 0,
	    sizeof(base64_cases) / sizeof(base64_cases[0]));
	tcase_add_loop_test(base64, test_dkim_base64_matches_reference, 0,
	    sizeof(base64_keys) / sizeof(base64_keys[0]));
	suite_add_tcase(s, base64);

	/* Generating a 4096-bit key can take several seconds. */
	tcase_set_timeout(oracle, 120);
	tcase_add_loop_test(oracle, test_dkim_oracle_rsa_sizes, 0,
	    sizeof(rsa_sizes) / sizeof(rsa_sizes[0]));
	tcase_add_test(oracle, test_dkim_oracle_ed25519);
	tcase_add_test(oracle, test_dkim_oracle_truncated_prefixes);
	tcase_add_test(oracle, test_dkim_oracle_byte_flips);
	tcase_add_test(oracle, test_dkim_oracle_modulus_sizes);
	tcase_add_loop_test(oracle, test_dkim_oracle_ber_encodings, 0,
	    sizeof(ber_cases) / sizeof(ber_cases[0]));
	suite_add_tcase(s, oracle);
	return s;
}

int
main(void)
{
	SRunner *runner = srunner_create(dkim_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
