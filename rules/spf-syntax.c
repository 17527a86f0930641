/* spf-syntax: SPF records that break the grammar of RFC 7208. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "rdata.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "txtpos.h"
#include "util.h"

/* Longest term quoted in a message; longer ones are cut with "...". */
#define TERM_MAX 80

/* What is wrong, one text per parser error code.  A syntax error anywhere
 * makes receivers return permerror for the whole record (RFC 7208 section
 * 4.6). */
static const char *const messages[ZL_SPF_ERR_COUNT] = {
	[ZL_SPF_ERR_VERSION] = N_("the record does not start with 'v=spf1' followed by a space"),
	[ZL_SPF_ERR_WHITESPACE] = N_("a tab or another blank than the space separates or splits terms"),
	[ZL_SPF_ERR_CONTROL_CHAR] = N_("it contains a control character"),
	[ZL_SPF_ERR_NON_ASCII] = N_("it contains a non-ASCII character, such as a typographic dash or quote"),
	[ZL_SPF_ERR_UNKNOWN_MECHANISM] = N_("this is not an SPF mechanism"),
	[ZL_SPF_ERR_MECHANISM_NAME] = N_("the mechanism name contains characters that no name can have"),
	[ZL_SPF_ERR_MODIFIER_AS_MECHANISM] = N_("a modifier is written with ':', but modifiers take '='"),
	[ZL_SPF_ERR_MODIFIER_NAME] = N_("the text before '=' is not a valid modifier name"),
	[ZL_SPF_ERR_QUALIFIER_ALONE] = N_("a qualifier stands without a mechanism"),
	[ZL_SPF_ERR_QUALIFIER_REPEATED] = N_("the term has more than one qualifier"),
	[ZL_SPF_ERR_QUALIFIER_ON_MODIFIER] = N_("modifiers take no qualifier"),
	[ZL_SPF_ERR_UNEXPECTED_ARGUMENT] = N_("this mechanism takes no argument"),
	[ZL_SPF_ERR_CIDR_NOT_ALLOWED] = N_("this mechanism or modifier takes no prefix length"),
	[ZL_SPF_ERR_MISSING_DOMAIN] = N_("the domain after ':' or '=' is missing"),
	[ZL_SPF_ERR_DOMAIN_END] = N_("the domain does not end in a top-level label such as '.example'"),
	[ZL_SPF_ERR_ADDRESS_AS_DOMAIN] = N_("an IP address stands where a domain name belongs; addresses go in 'ip4:' or 'ip6:'"),
	[ZL_SPF_ERR_EMPTY_LABEL] = N_("the domain has an empty label ('..'), which no DNS query can use"),
	[ZL_SPF_ERR_LABEL_TOO_LONG] = N_("a label of the domain is longer than 63 octets, which no DNS query can use"),
	[ZL_SPF_ERR_DOMAIN_TOO_LONG] = N_("the domain is longer than 253 octets, which no DNS query can use"),
	[ZL_SPF_ERR_MISSING_ADDRESS] = N_("the address is missing"),
	[ZL_SPF_ERR_IP4_ADDRESS] = N_("the address is not four decimal numbers 0-255 without leading zeros"),
	[ZL_SPF_ERR_IP6_ADDRESS] = N_("the address is not a valid IPv6 address"),
	[ZL_SPF_ERR_IP6_IN_IP4] = N_("'ip4:' is given an IPv6 address"),
	[ZL_SPF_ERR_IP4_IN_IP6] = N_("'ip6:' is given an IPv4 address"),
	[ZL_SPF_ERR_CIDR_SYNTAX] = N_("the prefix length is malformed"),
	[ZL_SPF_ERR_CIDR_MISSING] = N_("'/' is not followed by a prefix length"),
	[ZL_SPF_ERR_CIDR_LEADING_ZERO] = N_("the prefix length has a leading zero"),
	[ZL_SPF_ERR_CIDR_RANGE] = N_("the prefix length is over 32 for IPv4 or over 128 for IPv6"),
	/* xgettext:no-c-format */
	[ZL_SPF_ERR_PERCENT] = N_("a '%' does not start a macro ('%{', '%%', '%_' or '%-')"),
	[ZL_SPF_ERR_MACRO_UNTERMINATED] = N_("a macro '%{' has no closing '}'"),
	[ZL_SPF_ERR_MACRO_LETTER] = N_("a macro letter is missing or unknown"),
	[ZL_SPF_ERR_MACRO_EXP_ONLY] = N_("the macro letters c, r and t are only for explanation texts"),
	[ZL_SPF_ERR_MACRO_TRANSFORMER] = N_("a macro transformer is malformed (a zero part count, or text after 'r')"),
	[ZL_SPF_ERR_MACRO_DELIMITER] = N_("a macro delimiter is not one of . - + , / _ ="),
	[ZL_SPF_ERR_DUPLICATE_MODIFIER] = N_("redirect= and exp= may each appear once"),
};

/* Append text[from..to) to sb, control bytes written as \DDD as in a
 * zone file, and cut after TERM_MAX bytes. */
static void
add_escaped(struct zl_strbuf *sb, const char *text, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (i - from >= TERM_MAX) {
			zl_strbuf_adds(sb, "...");
			return;
		}
		if (ch < 0x20 || ch == 0x7f)
			zl_strbuf_addf(sb, "\\%03u", ch);
		else
			zl_strbuf_addc(sb, (char)ch);
	}
}

/* The text to quote for error e: the term that contains it, or, for a
 * bad separator between terms, the terms on both sides of it.  Sets
 * [*start, *end) to the quoted range.  The caller frees the result. */
static char *
offending_text(const struct zl_spf_text *t, const struct zl_spf_error *e,
    size_t *start, size_t *end)
{
	size_t from = e->offset, to = e->offset + e->len;
	struct zl_strbuf sb;

	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];

		if (e->offset >= term->offset && e->offset < term->offset + term->len) {
			from = term->offset;
			to = term->offset + term->len;
			break;
		}
		if (term->offset + term->len <= e->offset)
			from = term->offset;
		else if (term->offset > e->offset) {
			to = term->offset + term->len;
			break;
		}
	}
	if (to <= from)
		to = from + 1 <= t->len ? from + 1 : from;
	*start = from;
	*end = to;
	zl_strbuf_init(&sb);
	add_escaped(&sb, t->text, from, to);
	return sb.data ? zl_strbuf_detach(&sb) : zl_xstrdup("");
}

/* Where to point for error e: the start of the term that contains it,
 * or the error itself when it lies between terms. */
static size_t
error_start(const struct zl_spf_text *t, const struct zl_spf_error *e)
{
	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];

		if (e->offset >= term->offset && e->offset < term->offset + term->len)
			return term->offset;
	}
	return e->offset;
}

/* True when error e lies in a term that another term runs into, which
 * spf-split reports with the record meant. */
static bool
in_glued_term(const struct zl_spf_text *t, const struct zl_spf_error *e)
{
	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];
		uint32_t glue;

		if (e->offset >= term->offset && e->offset < term->offset + term->len)
			return zl_spf_find_glued_term(t->text, term, &glue);
	}
	return false;
}

/* The byte length of the typographic dash that starts at p (at most len
 * bytes): U+2010 to U+2015, U+2212 minus, U+FE63 small and U+FF0D
 * fullwidth hyphen-minus.  Returns 0 for anything else. */
static size_t
dash_length(const unsigned char *p, size_t len)
{
	if (len < 3)
		return 0;
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0x95)
		return 3;
	if (p[0] == 0xe2 && p[1] == 0x88 && p[2] == 0x92)
		return 3;
	if (p[0] == 0xef && ((p[1] == 0xb9 && p[2] == 0xa3) || (p[1] == 0xbc && p[2] == 0x8d)))
		return 3;
	return 0;
}

/* Return text[from..to) with every typographic dash replaced by '-', or
 * NULL when it has none.  The caller frees the result. */
static char *
replace_dashes(const char *text, size_t from, size_t to)
{
	struct zl_strbuf sb;
	bool found = false;

	zl_strbuf_init(&sb);
	for (size_t i = from; i < to;) {
		size_t n = dash_length((const unsigned char *)text + i, to - i);

		if (n > 0) {
			zl_strbuf_addc(&sb, '-');
			found = true;
			i += n;
		} else {
			zl_strbuf_addc(&sb, text[i]);
			i++;
		}
	}
	if (!found) {
		zl_strbuf_fini(&sb);
		return NULL;
	}
	return zl_strbuf_detach(&sb);
}

/* True when a string of the record starts strictly inside [from, to). */
static bool
crosses_string(const struct zl_graph *g, uint32_t record, size_t from, size_t to)
{
	const struct zl_record *r = &g->records[record];
	size_t starts[256];
	size_t n = zl_txt_string_starts(zl_graph_rdata(g, r), r->rdata_len, starts, 256);

	for (size_t i = 1; i < n && i < 256; i++) {
		if (starts[i] > from && starts[i] < to)
			return true;
	}
	return false;
}

static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_text t;

	if (!zl_spf_text_load(g, record, &t))
		return;
	for (size_t i = 0; i < t.parsed.nerrors; i++) {
		const struct zl_spf_error *e = &t.parsed.errors[i];
		size_t from, to;
		char *term;
		struct zl_diag *d;

		if (in_glued_term(&t, e))
			continue;
		term = offending_text(&t, e, &from, &to);
		d = zl_report(c, ZL_ERROR, zl_txt_position(g, record, error_start(&t, e)), r->owner,
		    r->type, _("invalid SPF term '%s': %s, so receivers return permerror for the whole record"),
		    term, _(messages[e->code]));
		if (crosses_string(g, record, from, to)) {
			zl_diag_hint(d, _("the record's strings are joined without a blank inside this term (RFC 7208 section 3.3): end the first string with a space, or publish the second one as a TXT record of its own"));
		} else if (e->code == ZL_SPF_ERR_NON_ASCII) {
			char *ascii = replace_dashes(t.text, from, to);

			if (ascii != NULL && to - from <= TERM_MAX)
				zl_diag_hint(d, _("replace the typographic dash with the ASCII '-': '%s'"), ascii);
			free(ascii);
		}
		free(term);
	}
	zl_spf_text_fini(&t);
}

static void
check_spf_syntax(struct zl_check *c)
{
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(zl_spf_cache_get(c->graph), &count);

	for (size_t i = 0; i < count; i++)
		check_record(c, ids[i]);
}

const struct zl_rule zl_rule_spf_syntax = {
	.id = "spf-syntax",
	.severity = ZL_ERROR,
	.summary = N_("SPF record that breaks the RFC 7208 grammar, so receivers return permerror"),
	.check = check_spf_syntax,
};
