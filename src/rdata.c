/* RDATA: presentation tokens of one record to wire form, field by field. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rdata.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "name.h"
#include "rrtype.h"
#include "util.h"

bool
zl_ttl_from_text(const char *text, size_t len, uint32_t *ttl)
{
	uint64_t total = 0, value = 0;
	bool digits = false, units = false;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		uint64_t mult;

		if (c >= '0' && c <= '9') {
			value = value * 10 + (uint64_t)(c - '0');
			if (value > UINT32_MAX)
				return false;
			digits = true;
			continue;
		}
		switch (c) {
		case 'w': case 'W': mult = 604800; break;
		case 'd': case 'D': mult = 86400; break;
		case 'h': case 'H': mult = 3600; break;
		case 'm': case 'M': mult = 60; break;
		case 's': case 'S': mult = 1; break;
		default: return false;
		}
		if (!digits)
			return false;
		total += value * mult;
		if (total > UINT32_MAX)
			return false;
		value = 0;
		digits = false;
		units = true;
	}
	if (digits) {
		/* A bare number after units ("1h30") counts as seconds, as BIND does. */
		total += value;
		if (total > UINT32_MAX)
			return false;
	} else if (!units) {
		return false;
	}
	*ttl = (uint32_t)total;
	return true;
}

long
zl_unescape(const char *text, size_t len, uint8_t *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		if (text[i] != '\\') {
			out[n++] = (uint8_t)text[i];
			continue;
		}
		if (i + 1 >= len)
			return -1;
		if (text[i + 1] >= '0' && text[i + 1] <= '9') {
			unsigned v = 0;

			for (size_t k = 1; k <= 3; k++) {
				if (i + k >= len || text[i + k] < '0' || text[i + k] > '9')
					return -1;
				v = v * 10 + (unsigned)(text[i + k] - '0');
			}
			if (v > 255)
				return -1;
			out[n++] = (uint8_t)v;
			i += 3;
		} else {
			out[n++] = (uint8_t)text[i + 1];
			i++;
		}
	}
	return (long)n;
}

static bool
fail(struct zl_rdata_error *err, enum zl_rdata_error_code code, size_t token)
{
	err->code = code;
	err->token = token;
	err->ldns_status = 0;
	return false;
}

/* Record a failure with an ldns status, so that the message reads as one
 * of ldns's. */
static bool
fail_as_ldns(struct zl_rdata_error *err, ldns_status status, size_t token)
{
	fail(err, ZL_RDATA_LDNS, token);
	err->ldns_status = (int)status;
	return false;
}

static bool
append(struct zl_rdata *out, const void *data, size_t len)
{
	if (out->len + len > ZL_RDATA_MAX)
		return false;
	/* An empty field, such as the CAA value "", may come with no data. */
	if (len > 0)
		memcpy(out->wire + out->len, data, len);
	out->len += len;
	return true;
}

static bool
parse_uint(const char *text, size_t len, uint64_t max, uint64_t *value)
{
	uint64_t v = 0;

	if (len == 0 || len > 20)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(text[i] - '0');
		if (v > max)
			return false;
	}
	*value = v;
	return true;
}

/* Copy a token's text to a NUL-terminated string for the C and ldns
 * parsers; buf must hold len + 1 bytes. */
static const char *
cstr(const struct zl_token *t, char *buf)
{
	memcpy(buf, t->text, t->len);
	buf[t->len] = '\0';
	return buf;
}

/* Note the name at offset in out, which came from tokens[token] and is
 * field number field, so that the reader makes it a reference.  Names
 * past ZL_RDATA_NAMES_MAX are not noted. */
static void
note_name(struct zl_rdata *out, size_t offset, size_t token, unsigned field)
{
	if (out->nnames == ZL_RDATA_NAMES_MAX)
		return;
	out->names[out->nnames].offset = offset;
	out->names[out->nnames].token = token;
	out->names[out->nnames].field = field;
	out->nnames++;
}

static bool
convert_name(const struct zl_token *t, size_t index, unsigned field,
    const uint8_t *origin, struct zl_rdata *out, struct zl_rdata_error *err)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;

	if (t->len == 1 && t->text[0] == '@') {
		len = zl_name_len(origin);
		memcpy(wire, origin, len);
	} else if (t->kind != ZL_TOKEN_WORD ||
	    zl_name_from_text(t->text, t->len, origin, wire, &len, &relative,
	    &err_off) != ZL_NAME_OK) {
		return fail(err, ZL_RDATA_BAD_NAME, index);
	}
	note_name(out, out->len, index, field);
	if (!append(out, wire, len))
		return fail(err, ZL_RDATA_TOO_LONG, index);
	return true;
}

static bool
convert_string(const struct zl_token *t, size_t index, struct zl_rdata *out,
    struct zl_rdata_error *err)
{
	uint8_t buf[256];
	long n;

	/* Text without escapes is copied as it is. */
	if (!(t->flags & ZL_TOKEN_ESCAPED)) {
		if (t->len > 255)
			return fail(err, ZL_RDATA_STRING_TOO_LONG, index);
		buf[0] = (uint8_t)t->len;
		if (!append(out, buf, 1) || !append(out, t->text, t->len))
			return fail(err, ZL_RDATA_TOO_LONG, index);
		return true;
	}

	/* Escapes only shrink text, so a token over 4 * 255 bytes cannot fit,
	 * and a shorter one fits in the scratch buffer once decoded. */
	if (t->len > 4 * 255)
		return fail(err, ZL_RDATA_STRING_TOO_LONG, index);
	{
		uint8_t tmp[4 * 255];

		n = zl_unescape(t->text, t->len, tmp);
		if (n < 0)
			return fail(err, ZL_RDATA_BAD_ESCAPE, index);
		if (n > 255)
			return fail(err, ZL_RDATA_STRING_TOO_LONG, index);
		buf[0] = (uint8_t)n;
		memcpy(buf + 1, tmp, (size_t)n);
	}
	if (!append(out, buf, (size_t)n + 1))
		return fail(err, ZL_RDATA_TOO_LONG, index);
	return true;
}

/* Append v as a number of size octets (1 to 4) in network order, for the
 * token at index. */
static bool
append_number(struct zl_rdata *out, uint64_t v, size_t size, size_t index,
    struct zl_rdata_error *err)
{
	uint8_t buf[4];

	for (size_t i = 0; i < size; i++)
		buf[i] = (uint8_t)(v >> (8 * (size - 1 - i)));
	if (!append(out, buf, size))
		return fail(err, ZL_RDATA_TOO_LONG, index);
	return true;
}

static bool
convert_uint(const struct zl_token *t, size_t index, size_t size,
    struct zl_rdata *out, struct zl_rdata_error *err)
{
	uint64_t max = size == 1 ? 0xff : size == 2 ? 0xffff : 0xffffffffu, v;

	if (t->kind != ZL_TOKEN_WORD || !parse_uint(t->text, t->len, max, &v))
		return fail(err, ZL_RDATA_BAD_NUMBER, index);
	return append_number(out, v, size, index, err);
}

/* Read the usual form of an IPv4 address, four decimal numbers of 0 to
 * 255 without leading zeros, into addr.  Anything else is left to
 * inet_pton(), which accepts a superset of this form. */
static bool
plain_ipv4(const char *s, size_t len, uint8_t addr[4])
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t start = i;

		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			start = ++i;
		}
		while (i < len && i - start < 3 && s[i] >= '0' && s[i] <= '9')
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == start || v > 255 || (s[start] == '0' && i - start > 1))
			return false;
		addr[part] = (uint8_t)v;
	}
	return i == len;
}

/* One more than the value of each hexadecimal digit.  The bytes left out
 * of the table are 0, which means no digit. */
static const uint8_t hex_digit_plus_one[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

/* The value of a hexadecimal digit, or -1. */
static int
hex_value(char c)
{
	return (int)hex_digit_plus_one[(uint8_t)c] - 1;
}

/* The names of flag bits that BIND 9.18 reads in the flags of KEY, DNSKEY
 * and CDNSKEY records, in the order in which it tries them.  They are the
 * KEY flags of RFC 2535 section 3.1, and KSK for the SEP flag of RFC 4034. */
static const struct key_flag {
	const char *name;
	uint16_t value;
} key_flags[] = {
	{ "NOCONF", 0x4000 }, { "NOAUTH", 0x8000 }, { "NOKEY", 0xc000 },
	{ "FLAG2", 0x2000 }, { "EXTEND", 0x1000 }, { "FLAG4", 0x0800 },
	{ "FLAG5", 0x0400 }, { "USER", 0x0000 }, { "ZONE", 0x0100 },
	{ "HOST", 0x0200 }, { "NTYP3", 0x0300 }, { "FLAG8", 0x0080 },
	{ "FLAG9", 0x0040 }, { "FLAG10", 0x0020 }, { "FLAG11", 0x0010 },
	{ "SIG0", 0 }, { "SIG1", 1 }, { "SIG2", 2 }, { "SIG3", 3 }, { "SIG4", 4 },
	{ "SIG5", 5 }, { "SIG6", 6 }, { "SIG7", 7 }, { "SIG8", 8 }, { "SIG9", 9 },
	{ "SIG10", 10 }, { "SIG11", 11 }, { "SIG12", 12 }, { "SIG13", 13 },
	{ "SIG14", 14 }, { "SIG15", 15 }, { "KSK", 0x0001 },
};

/* Maximum length of a flags number that BIND 9.18 reads, in characters. */
#define KEY_FLAGS_NUMBER_MAX 12

/* Return whether text[0, len) begins name, ignoring case. */
static bool
starts_name_caseless(const char *text, size_t len, const char *name)
{
	for (size_t i = 0; i < len; i++) {
		char a = text[i], b = name[i];

		if (b == '\0')
			return false;
		if (a >= 'a' && a <= 'z')
			a = (char)(a - 'a' + 'A');
		if (a != b)
			return false;
	}
	return true;
}

/* Read text[0, len) as hexadecimal digits, after an optional "0x". */
static bool
parse_hex_number(const char *text, size_t len, uint64_t max, uint64_t *value)
{
	size_t i = len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') ? 2 : 0;
	uint64_t v = 0;

	if (i == len)
		return false;
	for (; i < len; i++) {
		int digit = hex_value(text[i]);

		if (digit < 0)
			return false;
		v = v * 16 + (uint64_t)digit;
		if (v > max)
			return false;
	}
	*value = v;
	return true;
}

/*
 * Read the flags of a KEY, DNSKEY or CDNSKEY record as BIND 9.18 does.  A
 * word that starts with a digit is a number of at most 12 characters,
 * decimal or else hexadecimal ("257", "0x101", "1ff").  Otherwise it is
 * names joined by '|' ("NOAUTH|NOCONF", "ZONE|SIG1"), each of which may
 * be cut short to the first name of key_flags that it begins ("Z" is
 * ZONE), and the values are ORed.  BIND also reads an empty name, as in
 * "ZONE||HOST" (as NOCONF) or "ZONE|" (as nothing); zonelint rejects it
 * as a typing error.
 */
static bool
parse_key_flags(const char *text, size_t len, uint64_t *value)
{
	uint64_t v = 0;

	if (len > 0 && text[0] >= '0' && text[0] <= '9')
		return len <= KEY_FLAGS_NUMBER_MAX && (parse_uint(text, len, 0xffff, value) ||
		    parse_hex_number(text, len, 0xffff, value));
	for (size_t start = 0; start <= len;) {
		const char *bar = memchr(text + start, '|', len - start);
		size_t end = bar != NULL ? (size_t)(bar - text) : len, n = end - start;
		size_t k = 0, nflags = sizeof(key_flags) / sizeof(key_flags[0]);

		while (n > 0 && k < nflags && !starts_name_caseless(text + start, n, key_flags[k].name))
			k++;
		if (n == 0 || k == nflags)
			return false;
		v |= key_flags[k].value;
		start = end + 1;
	}
	*value = v;
	return true;
}

/* The names that BIND 9.18 reads in the protocol field of KEY, DNSKEY and
 * CDNSKEY records (RFC 2535 section 3.1), matched whole, in any case. */
static const struct key_protocol {
	const char *name;
	uint8_t value;
} key_protocols[] = {
	{ "NONE", 0 }, { "TLS", 1 }, { "EMAIL", 2 }, { "DNSSEC", 3 }, { "IPSEC", 4 },
	{ "ALL", 255 },
};

static bool
convert_key_protocol(const struct zl_token *t, size_t index, struct zl_rdata *out,
    struct zl_rdata_error *err)
{
	for (size_t k = 0; t->kind == ZL_TOKEN_WORD &&
	    k < sizeof(key_protocols) / sizeof(key_protocols[0]); k++) {
		if (zl_ascii_casecmp_n(t->text, t->len, key_protocols[k].name) == 0) {
			if (!append(out, &key_protocols[k].value, 1))
				return fail(err, ZL_RDATA_TOO_LONG, index);
			return true;
		}
	}
	return convert_uint(t, index, 1, out, err);
}

static bool
convert_key_flags(const struct zl_token *t, size_t index, struct zl_rdata *out,
    struct zl_rdata_error *err)
{
	uint64_t v;

	if (t->kind != ZL_TOKEN_WORD || !parse_key_flags(t->text, t->len, &v))
		return fail(err, ZL_RDATA_BAD_KEY_FLAGS, index);
	return append_number(out, v, 2, index, err);
}

/* The record type that a DSYNC record is for: a mnemonic, a query type
 * such as ANY, TYPEnnn or, as BIND also reads it, a plain number. */
static bool
convert_covered_type(const struct zl_token *t, size_t index, struct zl_rdata *out,
    struct zl_rdata_error *err)
{
	uint64_t v;
	uint16_t type;

	if (t->kind != ZL_TOKEN_WORD)
		return fail_as_ldns(err, LDNS_STATUS_SYNTAX_TYPE_ERR, index);
	if (parse_uint(t->text, t->len, 0xffff, &v) ||
	    (t->len > 1 && t->text[0] == '+' && parse_uint(t->text + 1, t->len - 1, 0xffff, &v)))
		type = (uint16_t)v;
	else if (!zl_rrtype_from_text_in_data(t->text, t->len, &type))
		return fail_as_ldns(err, LDNS_STATUS_SYNTAX_TYPE_ERR, index);
	return append_number(out, type, 2, index, err);
}

/* The scheme of a DSYNC record: a number, or NOTIFY for 1, as BIND reads
 * it. */
static bool
convert_dsync_scheme(const struct zl_token *t, size_t index, struct zl_rdata *out,
    struct zl_rdata_error *err)
{
	if (t->kind == ZL_TOKEN_WORD && t->len == 6 &&
	    zl_ascii_casecmp_n(t->text, 6, "NOTIFY") == 0)
		return append_number(out, 1, 1, index, err);
	return convert_uint(t, index, 1, out, err);
}

/* Read the usual form of an IPv6 address, groups of one to four hex
 * digits with at most one "::" (standing for one group or more), into
 * addr.  Forms with an IPv4 tail and everything else are left to
 * inet_pton(), which accepts a superset of this form. */
static bool
plain_ipv6(const char *s, size_t len, uint8_t addr[16])
{
	unsigned groups[8];
	size_t i = 0, n = 0, gap = SIZE_MAX;

	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	}
	while (i < len) {
		unsigned v = 0;
		size_t start = i;

		for (int d; i < len && i - start < 4 && (d = hex_value(s[i])) >= 0; i++)
			v = v * 16 + (unsigned)d;
		if (i == start || n == 8)
			return false;
		groups[n++] = v;
		if (i == len)
			break;
		if (s[i] != ':' || ++i == len)
			return false;
		if (s[i] == ':') {
			if (gap != SIZE_MAX)
				return false;
			gap = n;
			i++;
		}
	}
	if (gap == SIZE_MAX ? n != 8 : n > 7)
		return false;

	/* The groups before the gap, zeros, then the groups after it. */
	memset(addr, 0, 16);
	for (size_t k = 0; k < n; k++) {
		size_t at = gap == SIZE_MAX || k < gap ? k : 8 - (n - k);

		addr[2 * at] = (uint8_t)(groups[k] >> 8);
		addr[2 * at + 1] = (uint8_t)groups[k];
	}
	return true;
}

static bool
convert_address(const struct zl_token *t, size_t index, int family,
    struct zl_rdata *out, struct zl_rdata_error *err)
{
	char buf[64];
	uint8_t addr[16];
	enum zl_rdata_error_code code = family == AF_INET ? ZL_RDATA_BAD_IPV4
	    : ZL_RDATA_BAD_IPV6;

	if (t->kind != ZL_TOKEN_WORD || t->len >= sizeof(buf))
		return fail(err, code, index);
	if (!(family == AF_INET ? plain_ipv4(t->text, t->len, addr) :
	    plain_ipv6(t->text, t->len, addr)) &&
	    inet_pton(family, cstr(t, buf), addr) != 1)
		return fail(err, code, index);
	if (!append(out, addr, family == AF_INET ? 4 : 16))
		return fail(err, ZL_RDATA_TOO_LONG, index);
	return true;
}

/* Call the ldns reader for one field type on str. */
static ldns_status
ldns_field(ldns_rdf_type type, const char *str, ldns_rdf **rdf)
{
	switch (type) {
	case LDNS_RDF_TYPE_APL: return ldns_str2rdf_apl(rdf, str);
	case LDNS_RDF_TYPE_B32_EXT: return ldns_str2rdf_b32_ext(rdf, str);
	case LDNS_RDF_TYPE_B64: return ldns_str2rdf_b64(rdf, str);
	case LDNS_RDF_TYPE_HEX: return ldns_str2rdf_hex(rdf, str);
	case LDNS_RDF_TYPE_NSEC: return ldns_str2rdf_nsec(rdf, str);
	case LDNS_RDF_TYPE_TYPE: return ldns_str2rdf_type(rdf, str);
	case LDNS_RDF_TYPE_CLASS: return ldns_str2rdf_class(rdf, str);
	case LDNS_RDF_TYPE_CERT_ALG: return ldns_str2rdf_cert_alg(rdf, str);
	case LDNS_RDF_TYPE_ALG: return ldns_str2rdf_alg(rdf, str);
	case LDNS_RDF_TYPE_TIME: return ldns_str2rdf_time(rdf, str);
	case LDNS_RDF_TYPE_PERIOD: return ldns_str2rdf_period(rdf, str);
	case LDNS_RDF_TYPE_HIP: return ldns_str2rdf_hip(rdf, str);
	case LDNS_RDF_TYPE_SERVICE: return ldns_str2rdf_service(rdf, str);
	case LDNS_RDF_TYPE_LOC: return ldns_str2rdf_loc(rdf, str);
	case LDNS_RDF_TYPE_WKS: return ldns_str2rdf_wks(rdf, str);
	case LDNS_RDF_TYPE_NSAP: return ldns_str2rdf_nsap(rdf, str);
	case LDNS_RDF_TYPE_ATMA: return ldns_str2rdf_atma(rdf, str);
	case LDNS_RDF_TYPE_IPSECKEY: return ldns_str2rdf_ipseckey(rdf, str);
	case LDNS_RDF_TYPE_NSEC3_SALT: return ldns_str2rdf_nsec3_salt(rdf, str);
	case LDNS_RDF_TYPE_NSEC3_NEXT_OWNER: return ldns_str2rdf_b32_ext(rdf, str);
	case LDNS_RDF_TYPE_ILNP64: return ldns_str2rdf_ilnp64(rdf, str);
	case LDNS_RDF_TYPE_EUI48: return ldns_str2rdf_eui48(rdf, str);
	case LDNS_RDF_TYPE_EUI64: return ldns_str2rdf_eui64(rdf, str);
	case LDNS_RDF_TYPE_TAG: return ldns_str2rdf_tag(rdf, str);
	case LDNS_RDF_TYPE_LONG_STR: return ldns_str2rdf_long_str(rdf, str);
	case LDNS_RDF_TYPE_CERTIFICATE_USAGE: return ldns_str2rdf_certificate_usage(rdf, str);
	case LDNS_RDF_TYPE_SELECTOR: return ldns_str2rdf_selector(rdf, str);
	case LDNS_RDF_TYPE_MATCHING_TYPE: return ldns_str2rdf_matching_type(rdf, str);
	case LDNS_RDF_TYPE_AMTRELAY: return ldns_str2rdf_amtrelay(rdf, str);
	case LDNS_RDF_TYPE_SVCPARAMS: return ldns_str2rdf_svcparams(rdf, str);
	case LDNS_RDF_TYPE_INT16_DATA: return ldns_str2rdf_int16(rdf, str);
	default: return LDNS_STATUS_NOT_IMPL;
	}
}

/* Field types whose text may hold blanks when they are the last field;
 * they take every remaining token, as ldns's own reader does. */
static bool
takes_rest(ldns_rdf_type type)
{
	switch (type) {
	case LDNS_RDF_TYPE_B64: case LDNS_RDF_TYPE_HEX: case LDNS_RDF_TYPE_LOC:
	case LDNS_RDF_TYPE_WKS: case LDNS_RDF_TYPE_IPSECKEY:
	case LDNS_RDF_TYPE_AMTRELAY: case LDNS_RDF_TYPE_NSEC:
	case LDNS_RDF_TYPE_SVCPARAMS:
		return true;
	default:
		return false;
	}
}

/* Convert one field through ldns from tokens[first..last), joined with
 * blanks (or without, for base64 and hex, whose blanks are only layout).
 * Tokens written without a blank between them stay joined, so that
 * 'alpn="h2,h3"' reaches the SVCB reader whole.  A field of one token is
 * passed without its quotes, as ldns's own reader passes it, because
 * ldns_str2rdf_long_str() would keep them in a CAA value. */
static bool
convert_with_ldns(ldns_rdf_type type, const struct zl_token *tokens, size_t first,
    size_t last, struct zl_rdata *out, struct zl_rdata_error *err)
{
	struct zl_strbuf sb;
	ldns_rdf *rdf = NULL;
	ldns_status status;
	bool joined = type == LDNS_RDF_TYPE_B64 || type == LDNS_RDF_TYPE_HEX;
	bool quote = !joined && last - first > 1;
	bool ok;

	/* BIND takes quoted text only in text fields, such as a CAA value, and
	 * in an SVCB parameter value glued to its key. */
	for (size_t i = first; i < last; i++) {
		if (tokens[i].kind == ZL_TOKEN_QSTRING && type != LDNS_RDF_TYPE_LONG_STR &&
		    !(type == LDNS_RDF_TYPE_SVCPARAMS && (tokens[i].flags & ZL_TOKEN_TOUCHES))) {
			fail(err, ZL_RDATA_LDNS, i);
			err->ldns_status = (int)LDNS_STATUS_SYNTAX_RDATA_ERR;
			return false;
		}
	}

	zl_strbuf_init(&sb);
	for (size_t i = first; i < last; i++) {
		if (i > first && !joined && !(tokens[i].flags & ZL_TOKEN_TOUCHES))
			zl_strbuf_addc(&sb, ' ');
		if (tokens[i].kind == ZL_TOKEN_QSTRING && quote)
			zl_strbuf_addc(&sb, '"');
		zl_strbuf_add(&sb, tokens[i].text, tokens[i].len);
		if (tokens[i].kind == ZL_TOKEN_QSTRING && quote)
			zl_strbuf_addc(&sb, '"');
	}
	status = ldns_field(type, sb.data ? sb.data : "", &rdf);
	zl_strbuf_fini(&sb);
	if (status != LDNS_STATUS_OK || rdf == NULL) {
		/* Some readers (CERT type 0) make the field and still fail. */
		ldns_rdf_deep_free(rdf);
		fail(err, ZL_RDATA_LDNS, first);
		err->ldns_status = (int)status;
		return false;
	}
	ok = append(out, ldns_rdf_data(rdf), ldns_rdf_size(rdf));
	ldns_rdf_deep_free(rdf);
	if (!ok)
		return fail(err, ZL_RDATA_TOO_LONG, first);
	return true;
}

/* Convert two fields that DS records carry without the allocations of
 * ldns: an algorithm written as a number, and a digest of hexadecimal
 * digits.  Where ldns would wrap a number or pad an odd digit count, the
 * field fails here, as it does in BIND.  Returns 1 when the field was
 * converted, 0 when it does not fit (with *err set), and -1, with nothing
 * appended, for any other text (an algorithm mnemonic, say), which ldns
 * then reads. */
static int
convert_plain(ldns_rdf_type type, const struct zl_token *tokens, size_t first,
    size_t last, struct zl_rdata *out, struct zl_rdata_error *err)
{
	size_t digits = 0;

	if (type == LDNS_RDF_TYPE_ALG) {
		const struct zl_token *t = &tokens[first];

		/* A word that starts like a number is read here, because
		 * ldns keeps the low byte of "+300" or "-1".  BIND takes at
		 * most 12 digits and no sign. */
		if (last != first + 1 || t->kind != ZL_TOKEN_WORD || t->len == 0 ||
		    !((t->text[0] >= '0' && t->text[0] <= '9') || t->text[0] == '+' ||
		    t->text[0] == '-'))
			return -1;
		if (t->len > 12) {
			fail(err, ZL_RDATA_BAD_NUMBER, first);
			return 0;
		}
		return convert_uint(t, first, 1, out, err) ? 1 : 0;
	}
	if (type != LDNS_RDF_TYPE_HEX)
		return -1;
	for (size_t i = first; i < last; i++) {
		if (tokens[i].kind != ZL_TOKEN_WORD)
			return -1;
		for (size_t k = 0; k < tokens[i].len; k++) {
			if (hex_value(tokens[i].text[k]) < 0)
				return -1;
		}
		digits += tokens[i].len;
	}

	/* ldns rejects more than 2 * 65535 digits with an error of its own,
	 * LDNS_STATUS_LABEL_OVERFLOW.  It pads an odd number of digits with a
	 * zero, which BIND rejects. */
	if (digits % 2 != 0) {
		fail_as_ldns(err, LDNS_STATUS_INVALID_HEX, last - 1);
		return 0;
	}
	if (digits == 0 || digits > 2 * ZL_RDATA_MAX)
		return -1;
	if (out->len + digits / 2 > ZL_RDATA_MAX) {
		fail(err, ZL_RDATA_TOO_LONG, first);
		return 0;
	}

	/* The digits of a byte may sit in two tokens. */
	{
		int high = -1;

		for (size_t i = first; i < last; i++) {
			for (size_t k = 0; k < tokens[i].len; k++) {
				int v = hex_value(tokens[i].text[k]);

				if (high < 0) {
					high = v;
				} else {
					out->wire[out->len++] = (uint8_t)(high << 4 | v);
					high = -1;
				}
			}
		}
	}
	return 1;
}

/* RFC 4025 section 3: precedence, gateway type, algorithm, the gateway
 * ("." for none, an IPv4 or IPv6 address, or a name) and an optional
 * base64 public key.  Done here because the ldns 1.8 reader leaks on
 * several kinds of invalid text. */
static bool
convert_ipseckey(const struct zl_token *tokens, size_t first, size_t count,
    const uint8_t *origin, struct zl_rdata *out, struct zl_rdata_error *err)
{
	const struct zl_token *gw;
	uint64_t gw_type;
	bool ok;

	if (count < first + 4)
		return fail(err, ZL_RDATA_MISSING, count);
	gw = &tokens[first + 3];
	if (!convert_uint(&tokens[first], first, 1, out, err))
		return false;
	if (tokens[first + 1].kind != ZL_TOKEN_WORD ||
	    !parse_uint(tokens[first + 1].text, tokens[first + 1].len, 3, &gw_type))
		return fail(err, ZL_RDATA_BAD_NUMBER, first + 1);
	if (!convert_uint(&tokens[first + 1], first + 1, 1, out, err) ||
	    !convert_uint(&tokens[first + 2], first + 2, 1, out, err))
		return false;
	switch (gw_type) {
	case 0:
		ok = gw->kind == ZL_TOKEN_WORD && gw->len == 1 && gw->text[0] == '.';
		if (!ok)
			fail(err, ZL_RDATA_BAD_NAME, first + 3);
		break;
	case 1:
		ok = convert_address(gw, first + 3, AF_INET, out, err);
		break;
	case 2:
		ok = convert_address(gw, first + 3, AF_INET6, out, err);
		break;
	default:
		ok = convert_name(gw, first + 3, 0, origin, out, err);
		break;
	}
	if (!ok)
		return false;
	if (count == first + 4)
		return true;
	return convert_with_ldns(LDNS_RDF_TYPE_B64, tokens, first + 4, count, out, err);
}

/* RFC 3597 section 5: \# LENGTH HEX... */
static bool
convert_generic(const struct zl_token *tokens, size_t count, struct zl_rdata *out,
    struct zl_rdata_error *err)
{
	uint64_t length;
	int high = -1;

	if (count < 2 || !parse_uint(tokens[1].text, tokens[1].len, ZL_RDATA_MAX, &length))
		return fail(err, ZL_RDATA_BAD_GENERIC, count < 2 ? count : 1);
	for (size_t i = 2; i < count; i++) {
		for (size_t k = 0; k < tokens[i].len; k++) {
			int v = hex_value(tokens[i].text[k]);

			if (v < 0 || tokens[i].kind != ZL_TOKEN_WORD)
				return fail(err, ZL_RDATA_BAD_GENERIC, i);
			if (high < 0) {
				high = v;
				continue;
			}
			if (out->len >= length)
				return fail(err, ZL_RDATA_BAD_GENERIC, i);
			out->wire[out->len++] = (uint8_t)(high << 4 | v);
			high = -1;
		}
	}
	if (high >= 0 || out->len != length)
		return fail(err, ZL_RDATA_BAD_GENERIC, count - 1);
	return true;
}

/* Return whether a field of type may be empty as the last field of its
 * record in wire form, as BIND allows.  These fields are the CAA value,
 * the URI target, the type bitmaps of CSYNC and NXT, the key of KEY (see
 * generic_fits_bind()), the SSHFP fingerprint and the data of NULL.  BIND
 * rejects other empty digests, keys, signatures and certificates. */
static bool
field_may_be_empty(uint16_t type, ldns_rdf_type field)
{
	return field == LDNS_RDF_TYPE_LONG_STR || field == LDNS_RDF_TYPE_NSEC ||
	    field == LDNS_RDF_TYPE_UNKNOWN ||
	    (field == LDNS_RDF_TYPE_B64 && type == LDNS_RR_TYPE_KEY) ||
	    (field == LDNS_RDF_TYPE_HEX && type == LDNS_RR_TYPE_SSHFP);
}

/*
 * Return whether the wire RDATA in out is valid for type, which ldns
 * describes: every field that the type requires is there, unless it may
 * be empty and the data ends before it, and nothing follows the fields.
 * The fields that ldns reads must give back the same bytes, so that no
 * field that ldns reads as a name is a compression pointer, which the
 * rules would not follow.  The names of valid data are noted in out at
 * tokens[token], the first word of the data, so that they become
 * references as the names written out do.
 */
static bool
generic_fits_type(uint16_t type, const ldns_rr_descriptor *desc, struct zl_rdata *out,
    size_t token)
{
	uint8_t *buf = zl_xmalloc(out->len + 2);
	ldns_rr *rr = ldns_rr_new();
	size_t pos = 0, at = 0, fields;
	bool fits;

	/* ldns_wire2rdf() reads the RDATA length first, as in a message. */
	buf[0] = (uint8_t)(out->len >> 8);
	buf[1] = (uint8_t)out->len;
	memcpy(buf + 2, out->wire, out->len);
	ldns_rr_set_type(rr, (ldns_rr_type)type);
	fits = ldns_wire2rdf(rr, buf, out->len + 2, &pos) == LDNS_STATUS_OK &&
	    pos == out->len + 2;
	fields = ldns_rr_rd_count(rr);
	for (size_t i = fields; fits && i < ldns_rr_descriptor_minimum(desc); i++)
		fits = field_may_be_empty(type, ldns_rr_descriptor_field_type(desc, i));
	for (size_t i = 0; fits && i < fields; i++) {
		const ldns_rdf *f = ldns_rr_rdf(rr, i);

		fits = at + ldns_rdf_size(f) <= out->len &&
		    memcmp(ldns_rdf_data(f), out->wire + at, ldns_rdf_size(f)) == 0;
		if (fits && ldns_rdf_get_type(f) == LDNS_RDF_TYPE_DNAME)
			note_name(out, at, token, (unsigned)i);
		at += ldns_rdf_size(f);
	}
	ldns_rr_free(rr);
	free(buf);
	fits = fits && at == out->len;
	if (!fits)
		out->nnames = 0;
	return fits;
}

/* Advance *at past the uncompressed domain name at wire + *at; false when
 * the name is malformed or runs past len. */
static bool
skip_wire_name(const uint8_t *wire, size_t len, size_t *at)
{
	size_t start = *at;

	while (*at < len) {
		uint8_t n = wire[*at];

		if (n == 0) {
			(*at)++;
			return *at - start <= ZL_NAME_MAX;
		}
		if (n > ZL_LABEL_MAX)
			return false;
		*at += (size_t)n + 1;
	}
	return false;
}

/* Return whether the RDATA of an AMTRELAY record is whole (RFC 8777):
 * precedence, the discovery bit with the relay type, and a relay that the
 * type defines: none, an IPv4 or IPv6 address, or a name.  BIND takes any
 * relay of the types not yet defined. */
static bool
amtrelay_fits(const uint8_t *wire, size_t len)
{
	size_t at = 2;

	if (len < 2)
		return false;
	switch (wire[1] & 0x7f) {
	case 0: return len == 2;
	case 1: return len == 2 + 4;
	case 2: return len == 2 + 16;
	case 3: return skip_wire_name(wire, len, &at) && at == len;
	default: return true;
	}
}

/* Return whether out contains the fields of one of the types that
 * zonelint describes itself (rrtype.c), as BIND reads them from wire form.
 * Every field must be present, names uncompressed, the flags of RKEY
 * zero, and a final base64 or hex field not empty, except DOA's data. */
static bool
own_type_fits(uint16_t type, const ldns_rr_descriptor *desc, const struct zl_rdata *out)
{
	const uint8_t *wire = out->wire;
	size_t len = out->len, at = 0, field = 0;

	if (type == ZL_RRTYPE_AMTRELAY)
		return amtrelay_fits(wire, len);
	if (type == ZL_RRTYPE_RKEY && len >= 2 && (wire[0] != 0 || wire[1] != 0))
		return false;
	while (at < len) {
		if (field >= ldns_rr_descriptor_maximum(desc))
			return false;
		switch (ldns_rr_descriptor_field_type(desc, field)) {
		case LDNS_RDF_TYPE_INT8: case LDNS_RDF_TYPE_ALG:
			at += 1;
			break;
		case LDNS_RDF_TYPE_INT16: case LDNS_RDF_TYPE_TYPE:
			at += 2;
			break;
		case LDNS_RDF_TYPE_INT32:
			at += 4;
			break;
		case LDNS_RDF_TYPE_STR:
			at += 1 + (size_t)wire[at];
			break;
		case LDNS_RDF_TYPE_DNAME:
			if (!skip_wire_name(wire, len, &at))
				return false;
			break;
		default:
			at = len;
			break;
		}
		if (at > len)
			return false;
		field++;
	}
	return field >= ldns_rr_descriptor_minimum(desc) ||
	    (type == ZL_RRTYPE_DOA && field == ldns_rr_descriptor_minimum(desc) - 1);
}

/* Return whether the IPSECKEY RDATA in out has a gateway of a type that
 * BIND reads and a key after it, which BIND requires in either form,
 * though RFC 4025 lets it be left out. */
static bool
ipseckey_has_key(const struct zl_rdata *out)
{
	size_t at = 3;

	if (out->len < 3)
		return false;
	switch (out->wire[1]) {
	case 0: break;
	case 1: at += 4; break;
	case 2: at += 16; break;
	case 3:
		if (!skip_wire_name(out->wire, out->len, &at))
			return false;
		break;
	default: return false;	/* BIND reads no other gateway type */
	}
	return out->len > at;
}

/* Return whether the X25 RDATA in out is a PSDN address that BIND accepts
 * in either form: at least four decimal digits. */
static bool
x25_fits(const struct zl_rdata *out)
{
	if (out->len < 5)
		return false;
	for (size_t i = 1; i < out->len; i++) {
		if (out->wire[i] < '0' || out->wire[i] > '9')
			return false;
	}
	return true;
}

/* Return whether bitmap[0, len) is a type bitmap as RFC 4034 section 4.1
 * defines it: windows in increasing order, each of 1 to 32 octets,
 * of which the last is not zero. */
static bool
type_bitmap_valid(const uint8_t *bitmap, size_t len)
{
	int last_window = -1;

	for (size_t at = 0; at < len;) {
		size_t n;

		if (len - at < 2)
			return false;
		n = bitmap[at + 1];
		if ((int)bitmap[at] <= last_window || n < 1 || n > 32 || len - at - 2 < n ||
		    bitmap[at + 1 + n] == 0)
			return false;
		last_window = bitmap[at];
		at += 2 + n;
	}
	return true;
}

/* Return whether the SvcParams of the SVCB or HTTPS RDATA in out follow
 * RFC 9460 as BIND checks them.  Keys increase without repeats, and each
 * value has the length that its key allows.  no-default-alpn needs alpn,
 * and mandatory lists keys of the record in order, without itself. */
static bool
svc_params_fit(const struct zl_rdata *out)
{
	const uint8_t *w = out->wire, *mandatory = NULL;
	size_t at = 2, mandatory_len = 0, params;
	long prev = -1;
	bool alpn = false, no_default_alpn = false;

	if (out->len < 2 || !skip_wire_name(w, out->len, &at))
		return false;
	params = at;
	while (at < out->len) {
		unsigned key, vlen;

		if (out->len - at < 4)
			return false;
		key = (unsigned)w[at] << 8 | w[at + 1];
		vlen = (unsigned)w[at + 2] << 8 | w[at + 3];
		at += 4;
		if ((long)key <= prev || out->len - at < vlen)
			return false;
		prev = (long)key;
		switch (key) {
		case 0:		/* mandatory */
			if (vlen == 0 || vlen % 2 != 0)
				return false;
			mandatory = w + at;
			mandatory_len = vlen;
			break;
		case 1:		/* alpn: non-empty length-prefixed identifiers */
			for (size_t i = 0; i < vlen; i += 1 + (size_t)w[at + i]) {
				if (w[at + i] == 0 || i + 1 + w[at + i] > vlen)
					return false;
			}
			if (vlen == 0)
				return false;
			alpn = true;
			break;
		case 2:		/* no-default-alpn */
			if (vlen != 0)
				return false;
			no_default_alpn = true;
			break;
		case 3:		/* port */
			if (vlen != 2)
				return false;
			break;
		case 4:		/* ipv4hint */
		case 6:		/* ipv6hint */
			if (vlen == 0 || vlen % (key == 4 ? 4 : 16) != 0)
				return false;
			break;
		default:
			break;
		}
		at += vlen;
	}
	if (no_default_alpn && !alpn)
		return false;

	/* Each mandatory key, in increasing order, is one of the keys. */
	for (size_t m = 0; m < mandatory_len; m += 2) {
		unsigned want = (unsigned)mandatory[m] << 8 | mandatory[m + 1];
		bool found = false;

		if (want == 0 || (m > 0 && want <= ((unsigned)mandatory[m - 2] << 8 |
		    mandatory[m - 1])))
			return false;
		for (size_t p = params; p < out->len && !found;
		    p += 4 + ((size_t)w[p + 2] << 8 | w[p + 3]))
			found = ((unsigned)w[p] << 8 | w[p + 1]) == want;
		if (!found)
			return false;
	}
	return true;
}

/* Return whether the key list "a,b,c" of len bytes names no key twice. */
static bool
key_list_unique(const char *list, size_t len)
{
	for (size_t a = 0; a < len;) {
		const char *comma = memchr(list + a, ',', len - a);
		size_t a_end = comma != NULL ? (size_t)(comma - list) : len;

		for (size_t b = a_end + 1; b < len;) {
			const char *next = memchr(list + b, ',', len - b);
			size_t b_end = next != NULL ? (size_t)(next - list) : len;

			if (b_end - b == a_end - a && memcmp(list + a, list + b, a_end - a) == 0)
				return false;
			b = b_end + 1;
		}
		a = a_end + 1;
	}
	return true;
}

/* Return whether the SvcParams text of SVCB or HTTPS tokens[first,
 * count) passes two checks that ldns leaves out.  Each port fits 16 bits,
 * and no key is listed twice in mandatory, because ldns merges repeats.
 * Otherwise store the index of the failing token in *bad. */
static bool
svc_text_fits(const struct zl_token *tokens, size_t first, size_t count, size_t *bad)
{
	for (size_t i = first; i < count; i++) {
		const struct zl_token *t = &tokens[i];
		const char *value;
		size_t key_len, value_len;
		uint64_t v;

		if (t->kind != ZL_TOKEN_WORD)
			continue;
		if (t->len >= 5 && memcmp(t->text, "port=", 5) == 0)
			key_len = 5;
		else if (t->len >= 10 && memcmp(t->text, "mandatory=", 10) == 0)
			key_len = 10;
		else
			continue;
		/* A quoted value touches its key: port="8443". */
		value = t->text + key_len;
		value_len = t->len - key_len;
		if (value_len == 0 && i + 1 < count && tokens[i + 1].kind == ZL_TOKEN_QSTRING &&
		    (tokens[i + 1].flags & ZL_TOKEN_TOUCHES)) {
			value = tokens[i + 1].text;
			value_len = tokens[i + 1].len;
		}
		if (key_len == 5 ? !parse_uint(value, value_len, 0xffff, &v) :
		    !key_list_unique(value, value_len)) {
			*bad = i;
			return false;
		}
	}
	return true;
}

/* The longest NSEC3 hash that BIND takes: its base32hex form, the first
 * label of an NSEC3 owner, has at most 63 characters. */
#define NSEC3_HASH_MAX 39

/* Return whether the fields in out have lengths that BIND accepts for
 * their algorithm, in either form.  An NSEC3 hash has 1 to 39 octets, 20
 * for SHA-1 (RFC 5155), and a valid type bitmap follows it.  A ZONEMD
 * digest has at least 12 octets (RFC 8976).  The rule rdata-digest-length
 * checks the lengths of SHA-384 and SHA-512 digests. */
static bool
lengths_fit_bind(uint16_t type, const struct zl_rdata *out)
{
	size_t at;

	switch (type) {
	case LDNS_RR_TYPE_NSEC3:
		if (out->len < 5)
			return false;
		at = 5 + (size_t)out->wire[4];
		if (at >= out->len || out->wire[at] < 1 || out->wire[at] > NSEC3_HASH_MAX ||
		    (out->wire[0] == 1 && out->wire[at] != 20))
			return false;
		at += 1 + (size_t)out->wire[at];
		return at <= out->len && type_bitmap_valid(out->wire + at, out->len - at);
	case LDNS_RR_TYPE_ZONEMD:
		return out->len >= 6 + 12;
	default:
		return true;
	}
}

/* Note the names in valid RFC 3597 data that no name field of a layout
 * shows: the target of DSYNC, the relay of AMTRELAY, and the gateway of
 * IPSECKEY, whose RDATA ldns reads as one field.  Each is placed at
 * tokens[token], the first word of the data. */
static void
note_unlaid_names(uint16_t type, struct zl_rdata *out, size_t token)
{
	if (type == ZL_RRTYPE_DSYNC)
		note_name(out, 5, token, 3);
	else if (type == ZL_RRTYPE_AMTRELAY && out->len > 2 && (out->wire[1] & 0x7f) == 3)
		note_name(out, 2, token, 0);
	else if (type == LDNS_RR_TYPE_IPSECKEY && out->len > 3 && out->wire[1] == 3)
		note_name(out, 3, token, 3);
}

/* Return whether RFC 3597 data that fits the fields of type, as
 * generic_fits_type() checks, is also data that BIND 9.18 loads.  BIND
 * requires a key in a KEY record unless its flags have the "no key"
 * value, and then none.  It requires a key in DNSKEY and CDNSKEY records
 * whatever their flags, and a valid, non-empty type bitmap in NSEC. */
static bool
generic_fits_bind(uint16_t type, const struct zl_rdata *out)
{
	size_t at = 0;

	switch (type) {
	case LDNS_RR_TYPE_KEY:
		return out->len >= 4 && (((out->wire[0] & 0xc0) == 0xc0) == (out->len == 4));
	case LDNS_RR_TYPE_DNSKEY:
	case LDNS_RR_TYPE_CDNSKEY:
		return out->len > 4;
	case LDNS_RR_TYPE_NSEC:
		while (at < out->len && out->wire[at] != 0)
			at += (size_t)out->wire[at] + 1;
		return at < out->len && out->len - at - 1 > 0 &&
		    type_bitmap_valid(out->wire + at + 1, out->len - at - 1);
	case LDNS_RR_TYPE_IPSECKEY:
		return ipseckey_has_key(out);
	case LDNS_RR_TYPE_X25:
		return x25_fits(out);
	case LDNS_RR_TYPE_SVCB:
	case LDNS_RR_TYPE_HTTPS:
		return svc_params_fit(out);
	case LDNS_RR_TYPE_CSYNC:
		/* Serial and flags, then a type bitmap, which may be empty. */
		return out->len >= 6 && type_bitmap_valid(out->wire + 6, out->len - 6);
	default:
		return lengths_fit_bind(type, out);
	}
}

/* Return whether field is the key of a KEY record whose flags have the
 * "no key" value, where BIND rejects a key. */
static bool
key_must_be_missing(uint16_t type, const ldns_rr_descriptor *desc, size_t field,
    const struct zl_rdata *out)
{
	return type == LDNS_RR_TYPE_KEY && ldns_rr_descriptor_field_type(desc, field) ==
	    LDNS_RDF_TYPE_B64 && out->len >= 2 && (out->wire[0] & 0xc0) == 0xc0;
}

/* Return whether the fields of type from field on, which ldns counts as
 * required, may be left out in presentation form, as BIND allows.  These
 * are the type list of CSYNC and NXT, and the key of a KEY record whose
 * flags have both type bits set, the "no key" value of RFC 2065. */
static bool
may_omit_rest(uint16_t type, const ldns_rr_descriptor *desc, size_t field,
    const struct zl_rdata *out)
{
	for (size_t i = field; i < ldns_rr_descriptor_minimum(desc); i++) {
		ldns_rdf_type ft = ldns_rr_descriptor_field_type(desc, i);

		if (type == LDNS_RR_TYPE_CSYNC && ft == LDNS_RDF_TYPE_NSEC)
			continue;
		if (type == LDNS_RR_TYPE_NXT && i == 1)
			continue;
		if (type == LDNS_RR_TYPE_SSHFP && i == 2)
			continue;
		if (key_must_be_missing(type, desc, i, out))
			continue;
		return false;
	}
	return true;
}

/* Convert the type list of NSEC, NSEC3 and CSYNC records, the words in
 * tokens[first, count), to a type bitmap (RFC 4034 section 4.1).  Each
 * word must name a type, as BIND requires, while ldns skips the words it
 * does not know. */
static bool
convert_type_list(const struct zl_token *tokens, size_t first, size_t count,
    struct zl_rdata *out, struct zl_rdata_error *err)
{
	uint8_t bits[256][32];		/* a window is cleared when first used */
	uint8_t used[256] = { 0 };	/* octets used in each window */

	for (size_t i = first; i < count; i++) {
		const struct zl_token *t = &tokens[i];
		unsigned window, octet;
		uint16_t type;

		/* BIND takes no quoted word there. */
		if (t->kind != ZL_TOKEN_WORD)
			return fail_as_ldns(err, LDNS_STATUS_SYNTAX_RDATA_ERR, i);
		if (!zl_rrtype_from_text_in_data(t->text, t->len, &type))
			return fail_as_ldns(err, LDNS_STATUS_SYNTAX_TYPE_ERR, i);
		window = type >> 8;
		octet = (type & 0xffu) >> 3;
		if (used[window] == 0)
			memset(bits[window], 0, sizeof(bits[window]));
		bits[window][octet] |= (uint8_t)(0x80u >> (type & 7u));
		if (used[window] < octet + 1)
			used[window] = (uint8_t)(octet + 1);
	}
	for (unsigned w = 0; w < 256; w++) {
		uint8_t head[2] = { (uint8_t)w, used[w] };

		if (used[w] == 0)
			continue;
		if (!append(out, head, 2) || !append(out, bits[w], used[w]))
			return fail(err, ZL_RDATA_TOO_LONG, first);
	}
	return true;
}

/* The RDATA of an AMTRELAY record (RFC 8777): precedence, discovery bit,
 * relay type, and a relay of that type: "." for none, an IPv4 or IPv6
 * address, or a name.  BIND reads no presentation form of a relay of the
 * types not yet defined. */
static bool
convert_amtrelay(const struct zl_token *tokens, size_t count, const uint8_t *origin,
    struct zl_rdata *out, struct zl_rdata_error *err)
{
	const struct zl_token *relay;
	uint64_t discovery, type;
	bool ok;

	if (count < 4)
		return fail(err, ZL_RDATA_MISSING, count);
	relay = &tokens[3];
	if (!convert_uint(&tokens[0], 0, 1, out, err))
		return false;
	if (tokens[1].kind != ZL_TOKEN_WORD ||
	    !parse_uint(tokens[1].text, tokens[1].len, 1, &discovery))
		return fail(err, ZL_RDATA_BAD_NUMBER, 1);
	if (tokens[2].kind != ZL_TOKEN_WORD ||
	    !parse_uint(tokens[2].text, tokens[2].len, 127, &type))
		return fail(err, ZL_RDATA_BAD_NUMBER, 2);
	if (!append_number(out, discovery << 7 | type, 1, 2, err))
		return false;
	switch (type) {
	case 0:
		ok = relay->kind == ZL_TOKEN_WORD && relay->len == 1 && relay->text[0] == '.';
		if (!ok)
			fail_as_ldns(err, LDNS_STATUS_SYNTAX_RDATA_ERR, 3);
		break;
	case 1:
		ok = convert_address(relay, 3, AF_INET, out, err);
		break;
	case 2:
		ok = convert_address(relay, 3, AF_INET6, out, err);
		break;
	case 3:
		ok = convert_name(relay, 3, 3, origin, out, err);
		break;
	default:
		return fail(err, ZL_RDATA_RELAY_TYPE, 2);
	}
	if (ok && count > 4)
		return fail(err, ZL_RDATA_EXTRA, 4);
	return ok;
}

bool
zl_rdata_from_tokens(uint16_t type, const struct zl_token *tokens, size_t count,
    const uint8_t *origin, struct zl_rdata *out, struct zl_rdata_error *err)
{
	const ldns_rr_descriptor *desc = ldns_rr_descript(type);
	bool own = false;
	size_t min, max, field = 0, t = 0, bad;

	if (desc == NULL || desc->_type != type) {
		desc = zl_rrtype_descriptor(type);
		own = desc != NULL;
	}

	out->len = 0;
	out->nnames = 0;
	memset(err, 0, sizeof(*err));
	if (count > 0 && tokens[0].kind == ZL_TOKEN_WORD && tokens[0].len == 2 &&
	    memcmp(tokens[0].text, "\\#", 2) == 0) {
		size_t data = count > 2 ? 2 : count - 1;	/* its first word */

		if (!convert_generic(tokens, count, out, err))
			return false;
		/* Rules read the RDATA of the types they know as that type's
		 * fields, so it must have them, and its names are references
		 * as those written out are. */
		if (own && !own_type_fits(type, desc, out))
			return fail(err, ZL_RDATA_BAD_GENERIC, count - 1);
		if (!own && desc != NULL && desc->_type == type &&
		    (!generic_fits_type(type, desc, out, data) || !generic_fits_bind(type, out)))
			return fail(err, ZL_RDATA_BAD_GENERIC, count - 1);
		note_unlaid_names(type, out, data);
		return true;
	}
	if (desc == NULL || desc->_type != type)
		return fail(err, ZL_RDATA_UNKNOWN_TYPE, 0);
	if (type == ZL_RRTYPE_AMTRELAY)
		return convert_amtrelay(tokens, count, origin, out, err);

	min = ldns_rr_descriptor_minimum(desc);
	max = ldns_rr_descriptor_maximum(desc);
	while (t < count) {
		ldns_rdf_type ft;
		bool ok;
		int plain;

		if (key_must_be_missing(type, desc, field, out))
			return fail(err, ZL_RDATA_KEY_NOT_EXPECTED, t);
		if (field >= max)
			return fail(err, ZL_RDATA_EXTRA, t);
		ft = ldns_rr_descriptor_field_type(desc, field);
		switch (ft) {
		case LDNS_RDF_TYPE_DNAME:
			ok = convert_name(&tokens[t], t, (unsigned)field, origin, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_A:
			ok = convert_address(&tokens[t], t, AF_INET, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_AAAA:
			ok = convert_address(&tokens[t], t, AF_INET6, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_STR:
			ok = convert_string(&tokens[t], t, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_INT8:
			if (field == 1 && (type == LDNS_RR_TYPE_KEY || type == LDNS_RR_TYPE_DNSKEY ||
			    type == LDNS_RR_TYPE_CDNSKEY || type == ZL_RRTYPE_RKEY))
				ok = convert_key_protocol(&tokens[t], t, out, err);
			else if (field == 1 && type == ZL_RRTYPE_DSYNC)
				ok = convert_dsync_scheme(&tokens[t], t, out, err);
			else
				ok = convert_uint(&tokens[t], t, 1, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_INT16:
			if (field == 0 && (type == LDNS_RR_TYPE_KEY || type == LDNS_RR_TYPE_DNSKEY ||
			    type == LDNS_RR_TYPE_CDNSKEY || type == ZL_RRTYPE_RKEY))
				ok = convert_key_flags(&tokens[t], t, out, err);
			else
				ok = convert_uint(&tokens[t], t, 2, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_INT32:
			ok = convert_uint(&tokens[t], t, 4, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_IPSECKEY:
			ok = convert_ipseckey(tokens, t, count, origin, out, err);
			t = count;
			break;
		case LDNS_RDF_TYPE_NSEC:
			ok = convert_type_list(tokens, t, count, out, err);
			t = count;
			break;
		case LDNS_RDF_TYPE_TYPE:
			if (type != ZL_RRTYPE_DSYNC)
				goto other;
			ok = convert_covered_type(&tokens[t], t, out, err);
			t++;
			break;
		case LDNS_RDF_TYPE_HIP:
			ok = t + 3 <= count && convert_with_ldns(ft, tokens, t, t + 3, out, err);
			if (t + 3 > count)
				fail(err, ZL_RDATA_MISSING, count);
			t += 3;
			break;
		default:
		other:
			/* BIND writes empty DOA data as "-". */
			if (type == ZL_RRTYPE_DOA && field == max - 1 && count - t == 1 &&
			    tokens[t].kind == ZL_TOKEN_WORD && tokens[t].len == 1 &&
			    tokens[t].text[0] == '-') {
				ok = true;
				t = count;
			} else if (ft == LDNS_RDF_TYPE_SVCPARAMS &&
			    !svc_text_fits(tokens, t, count, &bad)) {
				ok = fail(err, tokens[bad].text[0] == 'p' ? ZL_RDATA_BAD_NUMBER :
				    ZL_RDATA_SVC_PARAMS, bad);
				t = count;
			} else if (field == max - 1 && takes_rest(ft)) {
				plain = convert_plain(ft, tokens, t, count, out, err);
				ok = plain >= 0 ? plain == 1 :
				    convert_with_ldns(ft, tokens, t, count, out, err);
				t = count;
			} else {
				plain = convert_plain(ft, tokens, t, t + 1, out, err);
				ok = plain >= 0 ? plain == 1 :
				    convert_with_ldns(ft, tokens, t, t + 1, out, err);
				t++;
			}
			break;
		}
		if (!ok)
			return false;
		field++;
	}
	if (field < min && !may_omit_rest(type, desc, field, out))
		return fail(err, ZL_RDATA_MISSING, count);
	/* ldns counts the type list of NSEC as optional, but BIND rejects an
	 * NSEC record without one.  The list names the types at the owner
	 * (RFC 4034 section 4), which has at least the NSEC record. */
	if (type == LDNS_RR_TYPE_NSEC && field < 2)
		return fail(err, ZL_RDATA_MISSING, count);
	if (type == LDNS_RR_TYPE_IPSECKEY && !ipseckey_has_key(out))
		return fail(err, ZL_RDATA_MISSING, count);
	if (type == LDNS_RR_TYPE_X25 && !x25_fits(out))
		return fail(err, ZL_RDATA_BAD_NUMBER, 0);
	if ((type == LDNS_RR_TYPE_SVCB || type == LDNS_RR_TYPE_HTTPS) &&
	    !svc_params_fit(out))
		return fail(err, ZL_RDATA_SVC_PARAMS, count > 2 ? 2 : count - 1);
	if ((type == LDNS_RR_TYPE_NSEC3 || type == LDNS_RR_TYPE_ZONEMD) &&
	    !lengths_fit_bind(type, out))
		return fail(err, ZL_RDATA_FIELD_LENGTH,
		    type == LDNS_RR_TYPE_NSEC3 ? 4 : ldns_rr_descriptor_minimum(desc) - 1);
	/* BIND also requires the flags of RKEY to be zero. */
	if (type == ZL_RRTYPE_RKEY && !own_type_fits(type, desc, out))
		return fail(err, ZL_RDATA_BAD_NUMBER, 0);
	return true;
}

const char *
zl_rdata_error_text(enum zl_rdata_error_code code)
{
	switch (code) {
	case ZL_RDATA_OK: return N_("no error");
	case ZL_RDATA_MISSING: return N_("missing RDATA field");
	case ZL_RDATA_EXTRA: return N_("extra text after the RDATA");
	case ZL_RDATA_BAD_NAME: return N_("invalid domain name");
	case ZL_RDATA_BAD_IPV4: return N_("invalid IPv4 address");
	case ZL_RDATA_BAD_IPV6: return N_("invalid IPv6 address");
	case ZL_RDATA_BAD_NUMBER: return N_("invalid number, or out of range for the field");
	case ZL_RDATA_BAD_TTL: return N_("invalid time value");
	case ZL_RDATA_STRING_TOO_LONG: return N_("character-string longer than 255 bytes");
	case ZL_RDATA_BAD_ESCAPE: return N_("invalid escape sequence");
	case ZL_RDATA_TOO_LONG: return N_("RDATA longer than 65535 bytes");
	case ZL_RDATA_BAD_GENERIC: return N_("invalid RFC 3597 generic RDATA");
	case ZL_RDATA_UNKNOWN_TYPE: return N_("a type unknown to zonelint needs RFC 3597 \\# RDATA");
	case ZL_RDATA_LDNS: return N_("invalid field");
	case ZL_RDATA_BAD_KEY_FLAGS: return N_("invalid key flags");
	case ZL_RDATA_KEY_NOT_EXPECTED: return N_("a key after flags that say there is no key");
	case ZL_RDATA_RELAY_TYPE: return N_("a relay type that has no text form");
	case ZL_RDATA_FIELD_LENGTH: return N_("a hash or digest too short or too long for its algorithm");
	case ZL_RDATA_SVC_PARAMS: return N_("service parameters that do not agree: a key given twice, a mandatory key that is missing, or no-default-alpn without alpn");
	}
	return N_("invalid RDATA");
}

/* The place of the names in the RDATA of a type whose canonical form
 * folds them. */
struct name_layout {
	uint8_t skip;		/* bytes of fixed fields */
	uint8_t strings;	/* character-strings after them */
	uint8_t count;		/* names after those */
	bool a6;		/* A6: the prefix length sets skip */
};

/* Return the layout of type, or NULL for a type without such names. */
static const struct name_layout *
name_layout_of(uint16_t type)
{
	static const struct name_layout one_name = { 0, 0, 1, false },
	    two_names = { 0, 0, 2, false }, after_preference = { 2, 0, 1, false },
	    two_after_preference = { 2, 0, 2, false }, srv = { 6, 0, 1, false },
	    naptr = { 4, 3, 1, false }, sig = { 18, 0, 1, false },
	    a6 = { 0, 0, 1, true };

	switch (type) {
	case 2: case 3: case 4: case 5:	/* NS, MD, MF, CNAME */
	case 7: case 8: case 9:		/* MB, MG, MR */
	case 12: case 30: case 39:	/* PTR, NXT, DNAME */
		return &one_name;
	case 6: case 14: case 17:	/* SOA, MINFO, RP */
		return &two_names;
	case 15: case 18: case 21: case 36:	/* MX, AFSDB, RT, KX */
		return &after_preference;
	case 26:			/* PX */
		return &two_after_preference;
	case 33:			/* SRV */
		return &srv;
	case 35:			/* NAPTR */
		return &naptr;
	case 24: case 46:		/* SIG, RRSIG */
		return &sig;
	case 38:			/* A6 */
		return &a6;
	default:
		return NULL;
	}
}

bool
zl_rdata_folds_names(uint16_t type)
{
	return name_layout_of(type) != NULL;
}

/* Lower the ASCII letters of the wire name at out[*pos], moving *pos past
 * it.  Returns false when the name is malformed or runs past len. */
static bool
fold_name(uint8_t *out, size_t len, size_t *pos)
{
	size_t n = *pos < len ? zl_name_len_within(out + *pos, len - *pos) : 0;

	if (n == 0)
		return false;
	zl_name_fold(out + *pos, out + *pos);
	*pos += n;
	return true;
}

bool
zl_rdata_fold_names(uint16_t type, const uint8_t *rdata, size_t len, uint8_t *out)
{
	const struct name_layout *l = name_layout_of(type);
	size_t pos, upper = 0;

	if (len > 0)
		memcpy(out, rdata, len);
	if (l == NULL)
		return false;

	/* Most zones write names in lower case: nothing to fold then. */
	while (upper < len && !(rdata[upper] >= 'A' && rdata[upper] <= 'Z'))
		upper++;
	if (upper == len)
		return false;
	pos = l->skip;

	/* RFC 2874 section 3.1.1: after the prefix length comes the address
	 * suffix, 128 minus that many bits in whole octets, and a prefix name
	 * only when the prefix length is not 0. */
	if (l->a6) {
		if (rdata[0] == 0 || rdata[0] > 128)
			goto unfit;
		pos = 1 + (128 - (size_t)rdata[0] + 7) / 8;
	}
	for (unsigned k = 0; k < l->strings; k++) {
		if (pos >= len)
			goto unfit;
		pos += 1 + (size_t)out[pos];
	}
	for (unsigned k = 0; k < l->count; k++) {
		if (!fold_name(out, len, &pos))
			goto unfit;
	}
	return memcmp(out, rdata, len) != 0;

unfit:
	memcpy(out, rdata, len);
	return false;
}

size_t
zl_txt_join(const uint8_t *rdata, size_t len, struct zl_strbuf *sb)
{
	size_t off = 0, count = 0;
	char *out;

	/* The text is at most len bytes: grow the buffer once. */
	zl_grow((void **)&sb->data, &sb->cap, sb->len + len + 1, 1);
	out = sb->data + sb->len;
	while (off < len) {
		size_t n = rdata[off];

		if (off + 1 + n > len)
			n = len - off - 1;
		memcpy(out, rdata + off + 1, n);
		out += n;
		off += n + 1;
		count++;
	}
	sb->len = (size_t)(out - sb->data);
	sb->data[sb->len] = '\0';
	return count;
}
