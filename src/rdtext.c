/* RDATA in presentation form, for matching patterns against records. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rdtext.h"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "rdata.h"

/* Letters, digits, '-', '_' and '*' need no escape in presentation form. */
static bool
plain_label(const uint8_t *label, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t c = label[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*'))
			return false;
	}
	return true;
}

void
zl_rdtext_add_name(const uint8_t *wire, struct zl_strbuf *sb)
{
	size_t start = sb->len;

	/* Copy whole labels; zl_name_to_text() escapes byte by byte. */
	if (wire[0] == 0) {
		zl_strbuf_add(sb, ".", 1);
		return;
	}
	for (const uint8_t *l = wire; l[0] != 0; l += l[0] + 1) {
		if (!plain_label(l + 1, l[0])) {
			sb->len = start;
			if (sb->data != NULL)
				sb->data[start] = '\0';
			zl_name_to_text(wire, sb);
			return;
		}
		zl_strbuf_add(sb, (const char *)l + 1, l[0]);
		zl_strbuf_add(sb, ".", 1);
	}
}

/* Append a wire name at rdata[off..len) and return the offset after it,
 * or 0 when the name runs past the end. */
static size_t
add_name(const uint8_t *rdata, size_t off, size_t len, struct zl_strbuf *sb)
{
	size_t n = off;

	while (n < len && rdata[n] != 0)
		n += (size_t)rdata[n] + 1;
	if (n >= len)
		return 0;
	zl_rdtext_add_name(rdata + off, sb);
	return n + 1;
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
	zl_strbuf_add(sb, digits + i, sizeof(digits) - i);
}

/* The common types, written here because these are the records most
 * rules look at and building an ldns_rr for each would dominate the cost. */
static bool
add_common(uint16_t type, const uint8_t *rdata, size_t len, struct zl_strbuf *sb)
{
	char addr[INET6_ADDRSTRLEN];

	switch (type) {
	case ZL_TYPE_A:
		if (len != 4 || inet_ntop(AF_INET, rdata, addr, sizeof(addr)) == NULL)
			return false;
		zl_strbuf_adds(sb, addr);
		return true;
	case ZL_TYPE_AAAA:
		if (len != 16 || inet_ntop(AF_INET6, rdata, addr, sizeof(addr)) == NULL)
			return false;
		zl_strbuf_adds(sb, addr);
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
		zl_strbuf_add(sb, " ", 1);
		return add_name(rdata, 2, len, sb) == len;
	default:
		return false;
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
	zl_strbuf_add(sb, (const char *)ldns_buffer_begin(buf), ldns_buffer_position(buf));
	ok = true;
out:
	if (buf != NULL)
		ldns_buffer_free(buf);
	if (rr != NULL)
		ldns_rr_free(rr);
	free(wire);
	return ok;
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
	sb->len = start;
	if (sb->data != NULL)
		sb->data[start] = '\0';
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
