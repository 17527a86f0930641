/* Queries over the zone graph shared by the zone hygiene rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "lookup.h"

#include <arpa/inet.h>
#include <string.h>

#include "name.h"
#include "rule.h"

bool
zl_lookup_has_type(const struct zl_graph *g, uint32_t name, uint32_t zone,
    uint16_t type)
{
	size_t count;

	zl_graph_rrset(g, name, zone, type, &count);
	return count > 0;
}

uint32_t
zl_lookup_dname_above(const struct zl_graph *g, uint32_t zone, uint32_t name)
{
	uint32_t origin = g->zones[zone].origin;

	if (!(g->names[name].flags & ZL_NAME_UNDER_DNAME))
		return ZL_NONE;
	for (uint32_t n = name; n != origin && n != ZL_NONE;) {
		n = g->names[n].parent;
		if (n != ZL_NONE && g->names[n].flags & ZL_NAME_HAS_DNAME &&
		    zl_lookup_has_type(g, n, zone, ZL_TYPE_DNAME))
			return n;
	}
	return ZL_NONE;
}

uint32_t
zl_lookup_cname(const struct zl_graph *g, uint32_t name)
{
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, name, ZL_NONE, ZL_TYPE_CNAME, &count);

	return count > 0 ? ids[0] : ZL_NONE;
}

static bool
owns_address(const struct zl_graph *g, uint32_t name)
{
	return zl_lookup_has_type(g, name, ZL_NONE, ZL_TYPE_A) ||
	    zl_lookup_has_type(g, name, ZL_NONE, ZL_TYPE_AAAA);
}

static bool
name_exists(const struct zl_graph *g, uint32_t name)
{
	return (g->names[name].flags & (ZL_NAME_HAS_DATA | ZL_NAME_HAS_CHILDREN)) != 0;
}

/* Return the closest name at or above name that exists in the loaded
 * zones (owns records or has names below it that do), or ZL_NONE. */
static uint32_t
closest_encloser(const struct zl_graph *g, uint32_t name)
{
	while (name != ZL_NONE && !name_exists(g, name))
		name = g->names[name].parent;
	return name;
}

uint32_t
zl_lookup_wildcard(const struct zl_graph *g, uint32_t encloser)
{
	uint8_t wild[ZL_NAME_MAX + 2];
	size_t len;
	uint32_t star;

	if (encloser == ZL_NONE || !(g->names[encloser].flags & ZL_NAME_WILDCARD_PARENT))
		return ZL_NONE;
	len = zl_graph_name_wire(g, encloser, wild + 2);
	if (len + 2 > ZL_NAME_MAX)
		return ZL_NONE;
	wild[0] = 1;
	wild[1] = '*';
	star = zl_graph_lookup(g, wild);
	return star != ZL_NONE && (g->names[star].flags & ZL_NAME_HAS_DATA) ? star : ZL_NONE;
}

uint32_t
zl_lookup_match(const struct zl_graph *g, uint32_t name, uint32_t above, bool *redirected)
{
	uint32_t encloser = closest_encloser(g, name != ZL_NONE ? name : above);

	*redirected = false;
	if (encloser == name)
		return name;
	if (encloser != ZL_NONE &&
	    (g->names[encloser].flags & (ZL_NAME_HAS_DNAME | ZL_NAME_UNDER_DNAME))) {
		*redirected = true;
		return ZL_NONE;
	}
	return zl_lookup_wildcard(g, encloser);
}

bool
zl_lookup_has_address(const struct zl_graph *g, uint32_t name)
{
	uint32_t star;

	if (owns_address(g, name))
		return true;
	if (name_exists(g, name))
		return false;
	star = zl_lookup_wildcard(g, closest_encloser(g, g->names[name].parent));
	return star != ZL_NONE && owns_address(g, star);
}

bool
zl_lookup_is_below(const struct zl_graph *g, uint32_t name, uint32_t origin)
{
	uint8_t depth = g->names[origin].labels;

	for (uint32_t n = name; n != ZL_NONE && g->names[n].labels >= depth;
	    n = g->names[n].parent) {
		if (n == origin)
			return true;
	}
	return false;
}

bool
zl_lookup_is_authoritative(const struct zl_graph *g, const struct zl_record *r)
{
	uint32_t zone = zl_record_zone(g, r);

	if (!zl_lookup_is_below(g, r->owner, g->zones[zone].origin))
		return false;
	return zl_graph_delegation_of(g, zone, r->owner) == ZL_NONE;
}

bool
zl_lookup_is_served(const struct zl_graph *g, const struct zl_record *r)
{
	uint32_t zone = zl_record_zone(g, r), cut;

	if (!zl_lookup_is_below(g, r->owner, g->zones[zone].origin))
		return false;
	cut = zl_graph_delegation_of(g, zone, r->owner);
	return cut == ZL_NONE ||
	    (cut == r->owner && (r->type == ZL_TYPE_NS || r->type == ZL_TYPE_DS));
}

/* Generic top-level domains seen in names that lack their final dot.
 * Country codes alone are left out, because "de" or "jp" is also a
 * common label for a site of that country inside a zone. */
static const char *const generic_tlds[] = {
	"biz", "com", "edu", "gov", "info", "int", "mil", "net", "org"
};

/* Second-level labels under a country code, as in "co.jp" or "com.au". */
static const char *const cc_second_levels[] = {
	"ac", "co", "com", "ed", "edu", "go", "gov", "gr", "lg", "ne", "net",
	"or", "org"
};

/* Every entry of both lists is 2 to 4 letters long. */
static bool
label_in(const uint8_t *label, const char *const *list, size_t n)
{
	if (label[0] < 2 || label[0] > 4)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *s = list[i];
		size_t k = 0;

		while (k < label[0] && s[k] == (char)label[k + 1])
			k++;
		if (k == label[0] && s[k] == '\0')
			return true;
	}
	return false;
}

static bool
is_letters(const uint8_t *label, size_t len)
{
	if (label[0] != len)
		return false;
	for (size_t i = 1; i <= len; i++) {
		if (label[i] < 'a' || label[i] > 'z')
			return false;
	}
	return true;
}

/* Return whether the count labels from name a upward are those from name b
 * upward. */
static bool
same_labels(const struct zl_graph *g, uint32_t a, uint32_t b, unsigned count)
{
	for (; count > 0; count--, a = g->names[a].parent, b = g->names[b].parent) {
		const uint8_t *la = g->name_arena + g->names[a].wire;
		const uint8_t *lb = g->name_arena + g->names[b].wire;

		if (la[0] != lb[0] || memcmp(la + 1, lb + 1, la[0]) != 0)
			return false;
	}
	return true;
}

bool
zl_lookup_missing_dot(const struct zl_graph *g, uint32_t name, uint32_t zone,
    uint8_t meant[255])
{
	uint32_t origin = g->zones[zone].origin;
	unsigned depth = g->names[origin].labels, labels = g->names[name].labels;
	uint8_t wire[ZL_NAME_MAX];
	size_t len, olen;
	uint32_t n = name, at1 = ZL_NONE, at2 = ZL_NONE, at_doubled = ZL_NONE;
	bool match = false;

	if (depth == 0 || labels < depth + 2)
		return false;

	/* One walk up to the depth of the origin, which must be reached,
	 * noting the ancestors looked at below. */
	for (unsigned l = labels; l > depth; l--, n = g->names[n].parent) {
		if (l == depth + 1)
			at1 = n;
		else if (l == depth + 2)
			at2 = n;
		if (l == 2 * depth)
			at_doubled = n;
	}
	if (n != origin)
		return false;
	olen = g->names[origin].wire_len;

	/* The labels right before the origin, as (label2).(label1).origin.
	 * The tests compare labels in the graph; the name's wire form is
	 * built only for a match, which few names are. */
	{
		const uint8_t *label1 = zl_graph_name_label(g, at1);
		const uint8_t *label2 = zl_graph_name_label(g, at2);

		/* The name at twice the origin's depth may start with the
		 * origin's labels. */
		match = at_doubled != ZL_NONE && same_labels(g, at_doubled, origin, depth);
		match = match || label_in(label1, generic_tlds,
		    sizeof(generic_tlds) / sizeof(generic_tlds[0]));
		match = match || (labels >= depth + 3 && is_letters(label1, 2) &&
		    label_in(label2, cc_second_levels,
		    sizeof(cc_second_levels) / sizeof(cc_second_levels[0])));
	}
	if (match) {
		len = zl_graph_name_wire(g, name, wire);
		memcpy(meant, wire, len - olen);
		meant[len - olen] = 0;
		return true;
	}
	if (depth < 2)
		return false;

	/* The origin's labels inside the name, with at least one label
	 * between them and the origin: in the zone example.jp, after $ORIGIN
	 * mail.example.jp., "mx2.example.jp" written without its dot is
	 * mx2.example.jp.mail.example.jp.  Such a copy can start only at an
	 * ancestor whose wire form is long enough for the copy, one more label
	 * and the origin.  On a match, the name up to the end of the copy is
	 * what was meant. */
	for (n = name; g->names[n].wire_len >= 2 * olen + 1; n = g->names[n].parent) {
		if (same_labels(g, n, origin, depth)) {
			size_t end;

			len = zl_graph_name_wire(g, name, wire);
			end = len - g->names[n].wire_len + olen - 1;
			memcpy(meant, wire, end);
			meant[end] = 0;
			return true;
		}
	}
	return false;
}

const struct zl_record *
zl_lookup_soa(const struct zl_graph *g, uint32_t zone)
{
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, g->zones[zone].origin, zone,
	    ZL_TYPE_SOA, &count);

	return count > 0 ? &g->records[ids[0]] : NULL;
}

static uint32_t
read_u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool
zl_lookup_soa_fields(const struct zl_graph *g, const struct zl_record *r,
    struct zl_soa *soa)
{
	const uint8_t *p = zl_graph_rdata(g, r);
	size_t mlen, rlen;

	if (r->type != ZL_TYPE_SOA || r->flags & ZL_REC_BROKEN || r->rdata_len < 22)
		return false;
	mlen = zl_name_len(p);
	if (mlen + 21 > r->rdata_len)
		return false;
	rlen = zl_name_len(p + mlen);
	if (mlen + rlen + 20 != r->rdata_len)
		return false;
	soa->mname = p;
	soa->rname = p + mlen;
	p += mlen + rlen;
	soa->serial = read_u32(p);
	soa->refresh = read_u32(p + 4);
	soa->retry = read_u32(p + 8);
	soa->expire = read_u32(p + 12);
	soa->minimum = read_u32(p + 16);
	return true;
}

bool
zl_lookup_field(const struct zl_graph *g, const struct zl_record *r,
    size_t index, struct zl_token *tok)
{
	struct zl_pos at = zl_record_pos(g, r);
	const struct zl_file *f = &g->files[at.file];
	struct zl_lexer lx;
	size_t field = 0;
	bool after_type = false;
	uint32_t type_off = zl_record_type_pos(g, r).off;

	if (r->flags & ZL_REC_GENERATED || at.off >= f->size)
		return false;
	zl_lexer_init(&lx, f->data, f->size, at.file, NULL);
	zl_lexer_seek(&lx, at.off, at.line);
	for (;;) {
		struct zl_token t = zl_lexer_next(&lx);

		if (t.kind == ZL_TOKEN_EOL || t.kind == ZL_TOKEN_EOF ||
		    t.kind == ZL_TOKEN_ERROR)
			return false;
		if (!after_type) {
			after_type = t.pos.off == type_off;
			continue;
		}
		/* RFC 3597 data has no tokens by field: every field is at its
		 * first hexadecimal word, as the names in it are. */
		if (field == 0 && t.kind == ZL_TOKEN_WORD && t.len == 2 &&
		    memcmp(t.text, "\\#", 2) == 0)
			index = 2;
		if (field++ == index) {
			*tok = t;
			return true;
		}
	}
}

struct zl_pos
zl_lookup_field_pos(const struct zl_graph *g, const struct zl_record *r,
    size_t index)
{
	struct zl_token t;

	return zl_lookup_field(g, r, index, &t) ? t.pos : zl_record_type_pos(g, r);
}

bool
zl_lookup_token_is_address(const struct zl_graph *g, struct zl_pos pos)
{
	const struct zl_file *f = &g->files[pos.file];
	char text[INET6_ADDRSTRLEN + 2];
	unsigned char addr[16];
	size_t len = 0;

	if (pos.off >= f->size)
		return false;
	while (pos.off + len < f->size && len < sizeof(text) - 1) {
		char c = f->data[pos.off + len];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';' ||
		    c == '(' || c == ')')
			break;
		text[len++] = c;
	}
	if (len > 1 && text[len - 1] == '.')
		len--;
	text[len] = '\0';
	return inet_pton(AF_INET, text, addr) == 1 || inet_pton(AF_INET6, text, addr) == 1;
}

/* An address written where a name belongs reads as a name whose first
 * label holds the digits of IPv4 or the hex digits and colons of IPv6. */
static bool
label_may_be_address(const uint8_t *label)
{
	if (label[0] == 0)
		return false;
	for (unsigned i = 1; i <= label[0]; i++) {
		uint8_t c = label[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F') || c == ':'))
			return false;
	}
	return true;
}

bool
zl_lookup_ref_is_address(const struct zl_graph *g, const struct zl_ref *ref)
{
	return label_may_be_address(zl_graph_name_label(g, ref->target)) &&
	    zl_lookup_token_is_address(g, zl_ref_pos(g, ref));
}

bool
zl_lookup_owner_written(const struct zl_graph *g, const struct zl_record *r)
{
	(void)g;
	return (r->flags & ZL_REC_OWNER_WRITTEN) != 0;
}

void
zl_lookup_each_alias_target(struct zl_check *c, int kind,
    void (*found)(struct zl_check *c, const struct zl_ref *ref, uint32_t alias))
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		uint32_t alias;

		if ((int)ref->kind != kind || !zl_lookup_is_served(g, &g->records[ref->record]))
			continue;
		alias = zl_lookup_cname(g, ref->target);
		if (alias != ZL_NONE)
			found(c, ref, alias);
	}
}
