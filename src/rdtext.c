/* RDATA in presentation form, for matching patterns against records. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rdtext.h"

#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "rdata.h"
#include "rrtype.h"

/* zl_strbuf_add() without a function call when the buffer has room:
 * records are printed one by one, a few bytes at a time. */
static inline void
put(struct zl_strbuf *sb, const char *data, size_t len)
{
	if (sb->len + len >= sb->cap) {
		zl_strbuf_add(sb, data, len);
		return;
	}
	memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

/* Letters, digits, '-', '_' and '*' need no escape in presentation form:
 * bit c of this map is set for each of them. */
static const uint32_t plain_chars[8] = {
	0, 0x03ff2400u, 0x87fffffeu, 0x07fffffeu, 0, 0, 0, 0
};

static bool
plain_label(const uint8_t *label, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (!(plain_chars[label[i] >> 5] >> (label[i] & 31) & 1))
			return false;
	}
	return true;
}

void
zl_rdtext_add_name(const uint8_t *wire, struct zl_strbuf *sb)
{
	size_t len = zl_name_len(wire), start = sb->len;
	char *out;

	if (len == 1) {
		put(sb, ".", 1);
		return;
	}

	/* Copy the name without its first length byte in one piece, then turn
	 * the other length bytes and the root label into dots. */
	zl_grow((void **)&sb->data, &sb->cap, start + len, 1);
	out = sb->data + start;
	memcpy(out, wire + 1, len - 1);
	for (size_t l = 0; l < len - 1; l += (size_t)wire[l] + 1) {
		if (!plain_label(wire + l + 1, wire[l])) {
			sb->data[start] = '\0';
			zl_name_to_text(wire, sb);
			return;
		}
		out[l + wire[l]] = '.';
	}
	sb->len = start + len - 1;
	sb->data[sb->len] = '\0';
}

/* Append a wire name at rdata[off..len) and return the offset after it,
 * or 0 when the name runs past the end, has a label longer than 63
 * octets (or a compression pointer) or is longer than 255 octets. */
static size_t
add_name(const uint8_t *rdata, size_t off, size_t len, struct zl_strbuf *sb)
{
	size_t n = off < len ? zl_name_len_within(rdata + off, len - off) : 0;

	if (n == 0)
		return 0;
	zl_rdtext_add_name(rdata + off, sb);
	return off + n;
}

static void
add_number(unsigned n, struct zl_strbuf *sb)
{
	char digits[16];
	size_t i = sizeof(digits);

	do {
		digits[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	put(sb, digits + i, sizeof(digits) - i);
}

static void
add_ipv4(const uint8_t *a, struct zl_strbuf *sb)
{
	char text[16];
	size_t n = 0;

	/* One put() for the whole address: this runs for every A record. */
	for (int i = 0; i < 4; i++) {
		unsigned v = a[i];

		if (i > 0)
			text[n++] = '.';
		if (v >= 100)
			text[n++] = (char)('0' + v / 100);
		if (v >= 10)
			text[n++] = (char)('0' + v / 10 % 10);
		text[n++] = (char)('0' + v % 10);
	}
	put(sb, text, n);
}

/* RFC 5952 section 4: lower-case hex without leading zeros, the longest
 * run of two or more zero groups (the first of equal runs) as "::". */
static void
add_ipv6(const uint8_t *a, struct zl_strbuf *sb)
{
	static const char hex[] = "0123456789abcdef";
	unsigned group[8];
	int best = -1, best_len = 1;

	for (int i = 0; i < 8; i++)
		group[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
	/* Section 5: an IPv4-mapped address ends in dotted decimal. */
	if (group[0] == 0 && group[1] == 0 && group[2] == 0 && group[3] == 0 &&
	    group[4] == 0 && group[5] == 0xffff) {
		put(sb, "::ffff:", 7);
		add_ipv4(a + 12, sb);
		return;
	}
	for (int i = 0; i < 8; i++) {
		int n = 0;

		while (i + n < 8 && group[i + n] == 0)
			n++;
		if (n > best_len) {
			best = i;
			best_len = n;
		}
	}
	for (int i = 0; i < 8; i++) {
		char digits[4];
		size_t k = sizeof(digits);
		unsigned g = group[i];

		if (i == best) {
			put(sb, "::", 2);
			i += best_len - 1;
			if (i == 7)
				break;
			continue;
		}
		if (i > 0 && i != best + best_len)
			put(sb, ":", 1);
		do {
			digits[--k] = hex[g & 15];
			g >>= 4;
		} while (g > 0);
		put(sb, digits + k, sizeof(digits) - k);
	}
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* A CAA value or a character-string as ldns and BIND write it: quoted,
 * with '"' and '\\' escaped and bytes outside printable ASCII as \DDD. */
static void
add_quoted(const uint8_t *p, size_t len, struct zl_strbuf *sb)
{
	put(sb, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '"' || p[i] == '\\') {
			put(sb, "\\", 1);
			put(sb, (const char *)p + i, 1);
		} else if (p[i] < 0x20 || p[i] >= 0x7f) {
			zl_strbuf_addf(sb, "\\%03u", (unsigned)p[i]);
		} else {
			put(sb, (const char *)p + i, 1);
		}
	}
	put(sb, "\"", 1);
}

static void
add_hex(const uint8_t *p, size_t len, struct zl_strbuf *sb)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		char pair[2] = { hex[p[i] >> 4], hex[p[i] & 15] };

		put(sb, pair, 2);
	}
}

/* The common types, written here because these are the records most
 * rules look at and building an ldns_rr for each would dominate the cost. */
static bool
add_common(uint16_t type, const uint8_t *rdata, size_t len, struct zl_strbuf *sb)
{
	switch (type) {
	case ZL_TYPE_A:
		if (len != 4)
			return false;
		add_ipv4(rdata, sb);
		return true;
	case ZL_TYPE_AAAA:
		if (len != 16)
			return false;
		add_ipv6(rdata, sb);
		return true;
	case ZL_TYPE_NS:
	case ZL_TYPE_CNAME:
	case ZL_TYPE_PTR:
	case ZL_TYPE_DNAME:
		return add_name(rdata, 0, len, sb) == len;
	case ZL_TYPE_MX:
		if (len < 3)
			return false;
		add_number((unsigned)rdata[0] << 8 | rdata[1], sb);
		put(sb, " ", 1);
		return add_name(rdata, 2, len, sb) == len;
	case ZL_TYPE_SRV:
		if (len < 7)
			return false;
		for (int i = 0; i < 3; i++) {
			add_number(get16(rdata + 2 * i), sb);
			put(sb, " ", 1);
		}
		return add_name(rdata, 6, len, sb) == len;
	case ZL_TYPE_DS:
		if (len < 5)
			return false;
		add_number(get16(rdata), sb);
		put(sb, " ", 1);
		add_number(rdata[2], sb);
		put(sb, " ", 1);
		add_number(rdata[3], sb);
		put(sb, " ", 1);
		add_hex(rdata + 4, len - 4, sb);
		return true;
	case ZL_TYPE_CAA:
		if (len < 2 || (size_t)rdata[1] + 2 > len)
			return false;
		add_number(rdata[0], sb);
		put(sb, " ", 1);
		put(sb, (const char *)rdata + 2, rdata[1]);
		put(sb, " ", 1);
		add_quoted(rdata + 2 + rdata[1], len - 2 - rdata[1], sb);
		return true;
	default:
		return false;
	}
}

/* Append base64 of RFC 4648 section 4, with padding, in one piece as
 * ldns writes it.  The headers of ldns 1.8 declare no base64 encoder. */
static void
add_base64(const uint8_t *p, size_t len, struct zl_strbuf *sb)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < len; i += 3) {
		uint32_t group = (uint32_t)p[i] << 16;
		char quad[4];

		if (i + 1 < len)
			group |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < len)
			group |= p[i + 2];
		quad[0] = digits[group >> 18];
		quad[1] = digits[group >> 12 & 63];
		quad[2] = i + 1 < len ? digits[group >> 6 & 63] : '=';
		quad[3] = i + 2 < len ? digits[group & 63] : '=';
		put(sb, quad, 4);
	}
}

/* Append an AMTRELAY field (RFC 8777): precedence, discovery bit, relay
 * type, and the relay, which is "." for none, an IPv4 or IPv6 address, or
 * a name.  Relay types above 3 are unassigned and have no presentation
 * form. */
static bool
add_amtrelay(const uint8_t *p, size_t len, struct zl_strbuf *sb)
{
	if (len < 2)
		return false;
	add_number(p[0], sb);
	put(sb, p[1] & 0x80 ? " 1 " : " 0 ", 3);
	add_number(p[1] & 0x7fu, sb);
	put(sb, " ", 1);
	switch (p[1] & 0x7f) {
	case 0:
		put(sb, ".", 1);
		return len == 2;
	case 1:
		if (len != 2 + 4)
			return false;
		add_ipv4(p + 2, sb);
		return true;
	case 2:
		if (len != 2 + 16)
			return false;
		add_ipv6(p + 2, sb);
		return true;
	case 3:
		return add_name(p, 2, len, sb) == len;
	default:
		return false;
	}
}

/* Return the size in octets of a number field, or 0 for other fields. */
static size_t
number_size(ldns_rdf_type kind)
{
	switch (kind) {
	case LDNS_RDF_TYPE_INT8: case LDNS_RDF_TYPE_ALG: return 1;
	case LDNS_RDF_TYPE_INT16: case LDNS_RDF_TYPE_TYPE: return 2;
	case LDNS_RDF_TYPE_INT32: return 4;
	default: return 0;
	}
}

/* Append a number field: a type by its name, as BIND writes it, the
 * DSYNC scheme 1 as NOTIFY, and other numbers in decimal.  Algorithms are
 * written as numbers too, as ldns writes those of DS and DNSKEY records. */
static void
add_number_field(uint16_t type, ldns_rdf_type kind, size_t field, uint32_t value,
    struct zl_strbuf *sb)
{
	char name[16];

	if (kind == LDNS_RDF_TYPE_TYPE) {
		zl_rrtype_name_in_data((uint16_t)value, name);
		put(sb, name, strlen(name));
	} else if (type == ZL_RRTYPE_DSYNC && field == 1 && value == 1) {
		put(sb, "NOTIFY", 6);
	} else {
		add_number(value, sb);
	}
}

/* Append the field of the given kind and index that starts at rdata[*at],
 * and move *at past it.  A base64 or hex field takes the rest of the
 * RDATA, so it must be the last field of the descriptor.  Returns false
 * for a field that runs past len or of a kind that no own type has. */
static bool
add_field(uint16_t type, ldns_rdf_type kind, size_t field, bool last,
    const uint8_t *rdata, size_t len, size_t *at, struct zl_strbuf *sb)
{
	const uint8_t *p = rdata + *at;
	size_t left = len - *at, size = number_size(kind), end;
	uint32_t value = 0;

	if (size > 0) {
		if (left < size)
			return false;
		for (size_t i = 0; i < size; i++)
			value = value << 8 | p[i];
		add_number_field(type, kind, field, value, sb);
		*at += size;
		return true;
	}
	switch (kind) {
	case LDNS_RDF_TYPE_STR:
		if (left < 1 + (size_t)p[0])
			return false;
		add_quoted(p + 1, p[0], sb);
		*at += 1 + (size_t)p[0];
		return true;
	case LDNS_RDF_TYPE_DNAME:
		end = add_name(rdata, *at, len, sb);
		if (end == 0)
			return false;
		*at = end;
		return true;
	case LDNS_RDF_TYPE_B64:
	case LDNS_RDF_TYPE_HEX:
		if (!last)
			return false;
		if (kind == LDNS_RDF_TYPE_B64)
			add_base64(p, left, sb);
		else
			add_hex(p, left, sb);
		*at = len;
		return true;
	case LDNS_RDF_TYPE_AMTRELAY:
		*at = len;
		return last && add_amtrelay(p, left, sb);
	default:
		return false;
	}
}

/* Append the RDATA of a type that rrtype.c describes itself, field by
 * field from its descriptor, in the form that rdata.c reads back and that
 * BIND 9.18 writes.  Base64 and hex come in one piece and hex in lower
 * case, as for the types of ldns.  Returns false for RDATA that does not
 * fit the fields, such as an AMTRELAY relay of a type above 3. */
static bool
add_own(uint16_t type, const uint8_t *rdata, size_t len, struct zl_strbuf *sb)
{
	const ldns_rr_descriptor *desc = zl_rrtype_descriptor(type);
	size_t at = 0, field = 0, min, max;

	if (desc == NULL)
		return false;
	min = ldns_rr_descriptor_minimum(desc);
	max = ldns_rr_descriptor_maximum(desc);
	for (; at < len; field++) {
		if (field >= max)
			return false;
		if (field > 0)
			put(sb, " ", 1);
		if (!add_field(type, ldns_rr_descriptor_field_type(desc, field), field,
		    field == max - 1, rdata, len, &at, sb))
			return false;
	}

	/* Empty DOA data is written "-", as BIND writes it and rdata.c reads it. */
	if (type == ZL_RRTYPE_DOA && field + 1 == min) {
		put(sb, " -", 2);
		field++;
	}
	return field >= min;
}

/* Append RDATA that add_own() cannot write in RFC 3597 form (section 5):
 * \# LENGTH HEX. */
static void
add_generic(const uint8_t *rdata, size_t len, struct zl_strbuf *sb)
{
	put(sb, "\\# ", 3);
	add_number((unsigned)len, sb);
	if (len > 0) {
		put(sb, " ", 1);
		add_hex(rdata, len, sb);
	}
}

/* Every other type: let ldns print the fields of a record built from the
 * wire form, owner and TTL left out. */
static bool
add_with_ldns(const struct zl_record *r, const uint8_t *rdata, struct zl_strbuf *sb)
{
	uint8_t *wire = zl_xmalloc((size_t)r->rdata_len + 11);
	ldns_rr *rr = NULL;
	ldns_buffer *buf = NULL;
	size_t pos = 0;
	bool ok = false;

	/* Root owner, type, class, TTL and RDATA length, then the RDATA. */
	wire[0] = 0;
	wire[1] = (uint8_t)(r->type >> 8);
	wire[2] = (uint8_t)r->type;
	wire[3] = (uint8_t)(r->rclass >> 8);
	wire[4] = (uint8_t)r->rclass;
	memset(wire + 5, 0, 4);
	wire[9] = (uint8_t)(r->rdata_len >> 8);
	wire[10] = (uint8_t)r->rdata_len;
	memcpy(wire + 11, rdata, r->rdata_len);

	if (ldns_wire2rr(&rr, wire, (size_t)r->rdata_len + 11, &pos,
	    LDNS_SECTION_ANSWER) != LDNS_STATUS_OK)
		goto out;
	buf = ldns_buffer_new(256);
	for (size_t i = 0; i < ldns_rr_rd_count(rr); i++) {
		if (i > 0)
			ldns_buffer_write_u8(buf, ' ');
		if (ldns_rdf2buffer_str(buf, ldns_rr_rdf(rr, i)) != LDNS_STATUS_OK)
			goto out;
	}
	if (ldns_buffer_status(buf) != LDNS_STATUS_OK)
		goto out;
	put(sb, (const char *)ldns_buffer_begin(buf), ldns_buffer_position(buf));
	ok = true;
out:
	if (buf != NULL)
		ldns_buffer_free(buf);
	if (rr != NULL)
		ldns_rr_free(rr);
	free(wire);
	return ok;
}

/* Remove the text appended after start by a writer that returned false. */
static void
truncate_text(struct zl_strbuf *sb, size_t start)
{
	sb->len = start;
	if (sb->data != NULL)
		sb->data[start] = '\0';
}

bool
zl_rdtext_append(const struct zl_graph *g, const struct zl_record *r,
    struct zl_strbuf *sb)
{
	const uint8_t *rdata = zl_graph_rdata(g, r);
	size_t start = sb->len;

	if (r->flags & ZL_REC_BROKEN)
		return false;
	if (r->type == ZL_TYPE_TXT || r->type == ZL_TYPE_SPF) {
		zl_txt_join(rdata, r->rdata_len, sb);
		return true;
	}
	if (add_common(r->type, rdata, r->rdata_len, sb))
		return true;
	truncate_text(sb, start);
	if (zl_rrtype_is_own(r->type)) {
		if (!add_own(r->type, rdata, r->rdata_len, sb)) {
			truncate_text(sb, start);
			add_generic(rdata, r->rdata_len, sb);
		}
		return true;
	}
	return add_with_ldns(r, rdata, sb);
}

char *
zl_record_txt(const struct zl_graph *g, const struct zl_record *r, size_t *len)
{
	struct zl_strbuf sb;

	if (r->type != ZL_TYPE_TXT && r->type != ZL_TYPE_SPF)
		return NULL;
	zl_strbuf_init(&sb);
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &sb);
	*len = sb.len;
	return zl_strbuf_detach(&sb);
}

char *
zl_record_rdata_text(const struct zl_graph *g, const struct zl_record *r)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	if (!zl_rdtext_append(g, r, &sb)) {
		zl_strbuf_fini(&sb);
		return NULL;
	}
	return zl_strbuf_detach(&sb);
}
