/* Helpers the mail rules share: TXT text of a record, what kind of mail
 * record a text is, and what a domain publishes for mail. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "lookup.h"
#include "mailtxt.h"

#include <stdlib.h>
#include <string.h>

#include "mailcache.h"
#include "name.h"
#include "rdata.h"
#include "spf.h"

bool
zl_mail_txt(const struct zl_graph *g, uint32_t record, struct zl_strbuf *sb)
{
	const struct zl_record *r = &g->records[record];

	sb->len = 0;
	if (sb->data != NULL)
		sb->data[0] = '\0';
	if (r->type != ZL_TYPE_TXT || (r->flags & ZL_REC_BROKEN))
		return false;
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, sb);
	if (sb->data == NULL)
		zl_strbuf_adds(sb, "");
	return true;
}

/* Find the value of a leading "v" "=" tag; blanks may surround "=". */
static bool
version_value(const char *text, size_t len, size_t *off, size_t *n)
{
	size_t i = 0, start;

	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i >= len || (text[i] != 'v' && text[i] != 'V'))
		return false;
	i++;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i >= len || text[i] != '=')
		return false;
	i++;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	start = i;
	while (i < len && text[i] != ';' && text[i] != ' ' && text[i] != '\t')
		i++;
	*off = start;
	*n = i - start;
	return true;
}

enum zl_mail_kind
zl_mail_kind_of(const char *text, size_t len)
{
	static const struct {
		const char *version;
		enum zl_mail_kind kind;
	} kinds[] = {
		{ "DKIM1", ZL_MAIL_DKIM }, { "DMARC1", ZL_MAIL_DMARC },
		{ "STSv1", ZL_MAIL_STS }, { "TLSRPTv1", ZL_MAIL_TLSRPT },
		{ "BIMI1", ZL_MAIL_BIMI },
	};
	size_t off, n;

	if (zl_spf_is_record(text, len))
		return ZL_MAIL_SPF;
	if (!version_value(text, len, &off, &n))
		return ZL_MAIL_OTHER;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (n == strlen(kinds[i].version) && memcmp(text + off, kinds[i].version, n) == 0)
			return kinds[i].kind;
	}
	return ZL_MAIL_OTHER;
}

bool
zl_mail_version_like(const char *text, size_t len, const char *prefix)
{
	size_t off, n, plen = strlen(prefix);

	if (!version_value(text, len, &off, &n))
		return false;
	return n >= plen && zl_ascii_casecmp_n(text + off, plen, prefix) == 0;
}

uint32_t
zl_mail_lookup(const struct zl_graph *g, const char *text, size_t len)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t wire_len, err_off;
	bool relative;
	static const uint8_t root[1] = { 0 };

	if (len == 0)
		return ZL_NONE;
	if (zl_name_from_text(text, len, root, wire, &wire_len, &relative, &err_off) != ZL_NAME_OK)
		return ZL_NONE;
	return zl_graph_lookup(g, wire);
}

uint32_t
zl_mail_closest_and_name(const struct zl_graph *g, const char *text, size_t len,
    uint32_t *name)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t wire_len, err_off, off = 0;
	bool relative;
	static const uint8_t root[1] = { 0 };

	*name = ZL_NONE;
	if (len == 0 || zl_name_from_text(text, len, root, wire, &wire_len, &relative,
	    &err_off) != ZL_NAME_OK)
		return ZL_NONE;
	for (;;) {
		uint32_t id = zl_graph_lookup(g, wire + off);

		if (id != ZL_NONE) {
			if (off == 0)
				*name = id;
			return id;
		}
		if (wire[off] == 0)
			return ZL_NONE;
		off += 1 + wire[off];
	}
}

uint32_t
zl_mail_closest(const struct zl_graph *g, const char *text, size_t len)
{
	uint32_t name;

	return zl_mail_closest_and_name(g, text, len, &name);
}

uint32_t
zl_mail_zone_of_text(const struct zl_graph *g, const char *text, size_t len)
{
	uint32_t name = zl_mail_closest(g, text, len);

	return name == ZL_NONE ? ZL_NONE : zl_graph_zone_of(g, name);
}

bool
zl_mail_has_type(const struct zl_graph *g, uint32_t name, uint16_t type)
{
	size_t count;

	if (name == ZL_NONE)
		return false;
	zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), type, &count);
	return count > 0;
}

bool
zl_mail_is_null_mx(const struct zl_graph *g, const struct zl_record *r)
{
	/* A preference and then the root name: three bytes of RDATA. */
	return r->type == ZL_TYPE_MX && !(r->flags & ZL_REC_BROKEN) && r->rdata_len == 3 &&
	    zl_graph_rdata(g, r)[2] == 0;
}

bool
zl_mail_null_mx(const struct zl_graph *g, uint32_t name)
{
	size_t count;
	const uint32_t *ids;

	if (name == ZL_NONE)
		return false;
	ids = zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), ZL_TYPE_MX, &count);
	for (size_t i = 0; i < count; i++) {
		if (zl_mail_is_null_mx(g, &g->records[ids[i]]))
			return true;
	}
	return false;
}

uint32_t
zl_mail_spf_record(const struct zl_graph *g, uint32_t name)
{
	struct zl_strbuf sb;
	const uint32_t *ids;
	size_t count;
	uint32_t found = ZL_NONE;

	if (name == ZL_NONE)
		return ZL_NONE;
	zl_strbuf_init(&sb);
	ids = zl_graph_rrset(g, name, zl_lookup_serving_zone(g, name), ZL_TYPE_TXT, &count);
	for (size_t i = 0; i < count && found == ZL_NONE; i++) {
		if (zl_mail_txt(g, ids[i], &sb) && zl_spf_is_record(sb.data, sb.len))
			found = ids[i];
	}
	zl_strbuf_fini(&sb);
	return found;
}

bool
zl_mail_spf_authorizes(const char *text, size_t len)
{
	struct zl_spf_record rec;
	bool authorizes = false;

	if (zl_spf_parse(text, len, &rec) != 0)
		return false;
	for (size_t i = 0; i < rec.nterms; i++) {
		const struct zl_spf_term *t = &rec.terms[i];

		/* exp= and unknown modifiers authorize no sender.  Every
		 * other term does unless its qualifier is "-". */
		if (t->kind != ZL_SPF_EXP && t->kind != ZL_SPF_UNKNOWN_MODIFIER &&
		    t->kind != ZL_SPF_INVALID && t->qualifier != ZL_SPF_FAIL)
			authorizes = true;
	}
	zl_spf_record_fini(&rec);
	return authorizes;
}

static bool
find_domain_active(const struct zl_graph *g, uint32_t name)
{
	struct zl_strbuf sb;
	uint32_t spf;
	bool active = false;

	if (zl_mail_has_type(g, name, ZL_TYPE_MX) && !zl_mail_null_mx(g, name))
		return true;
	spf = zl_mail_spf_record(g, name);
	if (spf == ZL_NONE)
		return false;
	zl_strbuf_init(&sb);
	if (zl_mail_txt(g, spf, &sb))
		active = zl_mail_spf_authorizes(sb.data, sb.len);
	zl_strbuf_fini(&sb);
	return active;
}

bool
zl_mail_domain_active(const struct zl_graph *g, uint32_t name)
{
	int known;
	bool active;

	if (name == ZL_NONE)
		return false;
	/* dkim-missing and dmarc-weak-policy test the same domains, and each
	 * result costs an SPF parse, so the mail cache keeps it. */
	known = zl_mail_cached_active(g, name);
	if (known >= 0)
		return known == 1;
	active = find_domain_active(g, name);
	zl_mail_keep_active(g, name, active);
	return active;
}

enum zl_dmarc_place
zl_mail_dmarc_place(const struct zl_graph *g, uint32_t owner, uint32_t *domain)
{
	uint32_t found = ZL_NONE;
	enum zl_dmarc_place place = ZL_DMARC_AT_OTHER;

	if (zl_mail_first_label_is(g, owner, "_dmarc")) {
		found = g->names[owner].parent;
		place = ZL_DMARC_AT_POLICY;
	} else {
		for (uint32_t n = g->names[owner].parent; n != ZL_NONE; n = g->names[n].parent) {
			uint32_t up = g->names[n].parent;

			if (up != ZL_NONE && zl_mail_first_label_is(g, n, "_report") &&
			    zl_mail_first_label_is(g, up, "_dmarc")) {
				found = g->names[up].parent;
				place = ZL_DMARC_AT_REPORT;
				break;
			}
		}
	}
	if (domain != NULL)
		*domain = found;
	return place;
}

bool
zl_mail_name_has_raw_utf8(const struct zl_graph *g, uint32_t name)
{
	/* The graph flags the names that have such a byte in some label. */
	return (g->names[name].flags & ZL_NAME_HIGH_BYTE) != 0;
}

bool
zl_mail_repeats_origin(const struct zl_graph *g, uint32_t zone, uint32_t name)
{
	uint8_t origin[ZL_NAME_MAX];
	size_t len = zl_graph_name_wire(g, g->zones[zone].origin, origin);
	uint8_t twice[ZL_NAME_MAX];
	uint32_t doubled;

	if (len <= 1 || 2 * len - 1 > ZL_NAME_MAX)
		return false;
	memcpy(twice, origin, len - 1);
	memcpy(twice + len - 1, origin, len);
	doubled = zl_graph_lookup(g, twice);
	for (uint32_t n = name; n != ZL_NONE && doubled != ZL_NONE; n = g->names[n].parent) {
		if (n == doubled)
			return true;
	}
	return false;
}

bool
zl_mail_dmarc_policy_broken(const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];
	uint32_t zone = zl_record_zone(g, r);
	const uint32_t *ids;
	size_t count, cnames, dmarc = 0;

	if ((r->flags & ZL_REC_WRONG_ORIGIN) || zl_mail_name_has_raw_utf8(g, r->owner) ||
	    zl_mail_repeats_origin(g, zone, r->owner))
		return true;
	/* Count only the records of the record's own zone, because a copy
	 * left in a parent zone below its delegation is never served. */
	zl_graph_rrset(g, r->owner, zone, ZL_TYPE_CNAME, &cnames);
	if (cnames > 0)
		return true;
	/* The mail cache has the kind of each record, so no text is joined. */
	ids = zl_graph_rrset(g, r->owner, zone, ZL_TYPE_TXT, &count);
	for (size_t i = 0; i < count; i++) {
		if (zl_mail_kind_at(g, ids[i]) == ZL_MAIL_DMARC)
			dmarc++;
	}
	return dmarc > 1;
}

/* The tests of zl_mail_dmarc_like() after the one for a DMARC record. */
static bool
dmarc_like_loosely(const char *text, size_t len)
{
	if (zl_mail_version_like(text, len, "dmarc"))
		return true;
	/* Compare only around an "=", which long texts such as DKIM keys
	 * have few of. */
	for (const char *eq = len > 1 ? memchr(text + 1, '=', len - 1) : NULL; eq != NULL;
	    eq = memchr(eq + 1, '=', (size_t)(text + len - eq - 1))) {
		size_t i = (size_t)(eq - text) - 1;

		if (i + 8 > len)
			break;
		if (zl_ascii_casecmp_n(text + i, 8, "v=dmarc1") == 0)
			return true;
	}
	return false;
}

bool
zl_mail_dmarc_like(const char *text, size_t len)
{
	return zl_mail_kind_of(text, len) == ZL_MAIL_DMARC || dmarc_like_loosely(text, len);
}

bool
zl_mail_dmarc_like_at(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text)
{
	/* The mail cache stores the kind, so only the looser tests need the text. */
	if (zl_mail_kind_at(g, record) == ZL_MAIL_DMARC)
		return true;
	return zl_mail_txt(g, record, text) && dmarc_like_loosely(text->data, text->len);
}

/* Return whether host is name or ends in "." name. */
static bool
is_at_or_below(const char *host, const char *name)
{
	size_t h = strlen(host), n = strlen(name);

	if (h == n)
		return strcmp(host, name) == 0;
	return h > n && host[h - n - 1] == '.' && strcmp(host + h - n, name) == 0;
}

bool
zl_mail_placeholder_host(const char *host)
{
	static const char *const reserved[] = {
		"example.com", "example.net", "example.org",
		"example", "test", "invalid", "localhost",
	};

	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (is_at_or_below(host, reserved[i]))
			return true;
	}
	return false;
}

bool
zl_mail_dkim_selector_name(const struct zl_graph *g, uint32_t name, uint32_t *domain)
{
	uint32_t key = zl_mail_domainkey_name(g, name);

	if (key == ZL_NONE || key == name)
		return false;
	if (domain != NULL)
		*domain = g->names[key].parent;
	return true;
}

bool
zl_mail_dkim_key_at(const struct zl_graph *g, uint32_t record, uint32_t *domain)
{
	const struct zl_record *r = &g->records[record];

	return r->type == ZL_TYPE_TXT && zl_mail_dkim_selector_name(g, r->owner, domain);
}

/* Selectors from --dkim-selector. */
struct selector {
	char *domain;	/* owned */
	char *selector;	/* owned */
};

static struct selector *selectors;
static size_t nselectors, selectors_cap;

bool
zl_mail_expect_selector(const char *spec)
{
	const char *colon = strrchr(spec, ':');
	struct selector s;

	if (colon == NULL || colon == spec || colon[1] == '\0')
		return false;
	s.domain = zl_xstrndup(spec, (size_t)(colon - spec));
	s.selector = zl_xstrdup(colon + 1);
	ZL_PUSH(selectors, nselectors, selectors_cap, s);
	return true;
}

void
zl_mail_selectors_clear(void)
{
	for (size_t i = 0; i < nselectors; i++) {
		free(selectors[i].domain);
		free(selectors[i].selector);
	}
	free(selectors);
	selectors = NULL;
	nselectors = selectors_cap = 0;
}

size_t
zl_mail_selector_count(void)
{
	return nselectors;
}

void
zl_mail_selector_get(size_t i, const char **domain, const char **selector)
{
	*domain = selectors[i].domain;
	*selector = selectors[i].selector;
}
