/* caa-syntax: CAA records whose flags, tag or value CAs read otherwise
 * than meant. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"
#include "util.h"

#define CAA_CRITICAL 0x80	/* the Issuer Critical flag, RFC 8659 section 4.1 */

/* Property tags registered with IANA: RFC 8659 (issue, issuewild,
 * iodef), RFC 9495 (issuemail), and the CA/Browser Forum's issuevmc,
 * contactemail and contactphone. */
static const char *const known_tags[] = {
	"contactemail", "contactphone", "iodef", "issue", "issuemail",
	"issuevmc", "issuewild"
};

static bool
tag_is(const uint8_t *tag, size_t len, const char *name)
{
	return zl_ascii_casecmp_n((const char *)tag, len, name) == 0;
}

static bool
tag_known(const uint8_t *tag, size_t len)
{
	for (size_t i = 0; i < sizeof(known_tags) / sizeof(known_tags[0]); i++) {
		if (tag_is(tag, len, known_tags[i]))
			return true;
	}
	return false;
}

/* True when the issuer domain of an issue or issuewild value (the text
 * before ';', blanks trimmed) is empty or letters, digits, hyphens and
 * inner dots (RFC 8659 section 4.2). */
static bool
issuer_valid(const uint8_t *value, size_t len)
{
	size_t start = 0, end = 0;

	while (end < len && value[end] != ';')
		end++;
	while (start < end && (value[start] == ' ' || value[start] == '\t'))
		start++;
	while (end > start && (value[end - 1] == ' ' || value[end - 1] == '\t'))
		end--;
	if (start == end)
		return true;
	if (value[start] == '.' || value[end - 1] == '.')
		return false;
	for (size_t i = start; i < end; i++) {
		uint8_t b = value[i];

		if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		    (b >= '0' && b <= '9') || b == '-' || b == '.'))
			return false;
	}
	return true;
}

static bool
starts_with(const uint8_t *value, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && zl_ascii_casecmp_n((const char *)value, n, prefix) == 0;
}

static void
check_record(struct zl_check *c, const struct zl_record *r)
{
	const struct zl_graph *g = c->graph;
	const uint8_t *p = zl_graph_rdata(g, r);
	uint8_t flags = p[0], tlen = p[1];
	const uint8_t *tag = p + 2, *value = p + 2 + tlen;
	size_t vlen = r->rdata_len - 2u - tlen;
	struct zl_diag *d;

	if (flags & ~CAA_CRITICAL) {
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, 0), r->owner, r->type,
		    _("CAA flags %u set reserved bits: only 128 (issuer critical) is defined, and CAs may treat the record as unknown"),
		    flags);
		zl_diag_hint(d, _("write the flags as 0, or 128 to mark the property critical"));
	}
	if (!tag_known(tag, tlen)) {
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, 1), r->owner, r->type,
		    flags & CAA_CRITICAL ?
		    _("unknown CAA property tag '%.*s' marked critical: CAs refuse to issue any certificate for this name") :
		    _("unknown CAA property tag '%.*s': CAs ignore this record"),
		    (int)tlen, (const char *)tag);
		zl_diag_hint(d, _("use one of the tags issue, issuewild or iodef"));
	} else if ((tag_is(tag, tlen, "issue") || tag_is(tag, tlen, "issuewild")) &&
	    !issuer_valid(value, vlen)) {
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, 2), r->owner, r->type,
		    _("CAA %.*s value '%.*s' does not start with a CA's domain name: no CA recognizes itself in it, so none may issue"),
		    (int)tlen, (const char *)tag, (int)(vlen > 60 ? 60 : vlen), (const char *)value);
		zl_diag_hint(d, _("write the CA's domain without scheme or final dot, such as \"letsencrypt.org\""));
	} else if (tag_is(tag, tlen, "iodef") && !starts_with(value, vlen, "mailto:") &&
	    !starts_with(value, vlen, "http://") && !starts_with(value, vlen, "https://")) {
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, 2), r->owner, r->type,
		    _("CAA iodef value '%.*s' is not a mailto:, http: or https: URL: CAs cannot report refused requests to it"),
		    (int)(vlen > 60 ? 60 : vlen), (const char *)value);
		zl_diag_hint(d, _("write a URL such as \"mailto:security@example.com\""));
	}
}

/* RFC 8659 section 4: a CAA record is a flags byte, a property tag and
 * a value; CAs must refuse to issue when a critical tag is unknown. */
static void
check_caa_syntax(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	size_t n;
	const uint32_t *ids = zl_graph_type_records(g, ZL_TYPE_CAA, ZL_NONE, &n);

	for (size_t i = 0; i < n; i++) {
		const struct zl_record *r = &g->records[ids[i]];

		if (!(r->flags & ZL_REC_BROKEN) &&
		    r->rdata_len >= 2 && 2u + zl_graph_rdata(g, r)[1] <= r->rdata_len)
			check_record(c, r);
	}
}

const struct zl_rule zl_rule_caa_syntax = {
	.id = "caa-syntax",
	.severity = ZL_WARNING,
	.summary = N_("CAA record with reserved flags, an unknown tag or a malformed value"),
	.check = check_caa_syntax,
};
