/* SPF record parser (RFC 7208): terms, macro-strings and syntax errors. */
/* SPDX-License-Identifier: BSD-3-Clause */
#define _POSIX_C_SOURCE 200809L	/* inet_pton */

#include "spf.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "wordscan.h"

/* Maximum length of a domain name in text form without the trailing dot,
 * 255 octets in wire form, and of a label (RFC 1035 section 2.3.4). */
#define DOMAIN_MAX 253
#define LABEL_MAX 63

/*
 * Destination of error entries: the parser's own growable array, or a
 * caller's fixed array where entries past the end are only counted.
 */
struct sink {
	struct zl_spf_error *errors;	/* owned by the parser when growable */
	size_t count;			/* problems found */
	size_t cap;			/* entries that errors can hold */
	bool growable;
	bool out_of_memory;
};

struct parser {
	const char *text;
	size_t len;
	struct sink sink;
	bool seen_redirect;
	bool seen_exp;
};

/* Facts a macro-string scan collects besides its errors. */
struct macro_scan {
	bool has_macro;		/* some macro-expand, escapes included */
	bool ends_in_macro;	/* the last element is a macro-expand */
};

/* A prefix-length suffix cut off the end of an argument. */
struct cidr_suffix {
	size_t start;			/* first "/" of the suffix */
	size_t ip4_start, ip4_end;	/* digits after "/", when has_ip4 */
	size_t ip6_start, ip6_end;	/* digits after "//", when has_ip6 */
	bool has_ip4, has_ip6;
};

static const struct {
	const char *name;
	size_t len;		/* strlen(name), compared first */
	enum zl_spf_kind kind;
} mechanisms[] = {
	{ "all", 3, ZL_SPF_ALL },
	{ "include", 7, ZL_SPF_INCLUDE },
	{ "a", 1, ZL_SPF_A },
	{ "mx", 2, ZL_SPF_MX },
	{ "ptr", 3, ZL_SPF_PTR },
	{ "ip4", 3, ZL_SPF_IP4 },
	{ "ip6", 3, ZL_SPF_IP6 },
	{ "exists", 6, ZL_SPF_EXISTS },
};

static const char *const error_names[ZL_SPF_ERR_COUNT] = {
	[ZL_SPF_ERR_VERSION] = "invalid-version",
	[ZL_SPF_ERR_WHITESPACE] = "invalid-whitespace",
	[ZL_SPF_ERR_CONTROL_CHAR] = "control-character",
	[ZL_SPF_ERR_NON_ASCII] = "non-ascii",
	[ZL_SPF_ERR_UNKNOWN_MECHANISM] = "unknown-mechanism",
	[ZL_SPF_ERR_MECHANISM_NAME] = "invalid-mechanism-name",
	[ZL_SPF_ERR_MODIFIER_AS_MECHANISM] = "modifier-as-mechanism",
	[ZL_SPF_ERR_MODIFIER_NAME] = "invalid-modifier-name",
	[ZL_SPF_ERR_QUALIFIER_ALONE] = "qualifier-without-mechanism",
	[ZL_SPF_ERR_QUALIFIER_REPEATED] = "repeated-qualifier",
	[ZL_SPF_ERR_QUALIFIER_ON_MODIFIER] = "qualifier-on-modifier",
	[ZL_SPF_ERR_UNEXPECTED_ARGUMENT] = "unexpected-argument",
	[ZL_SPF_ERR_CIDR_NOT_ALLOWED] = "cidr-not-allowed",
	[ZL_SPF_ERR_MISSING_DOMAIN] = "missing-domain-spec",
	[ZL_SPF_ERR_DOMAIN_END] = "invalid-domain-end",
	[ZL_SPF_ERR_ADDRESS_AS_DOMAIN] = "address-as-domain",
	[ZL_SPF_ERR_EMPTY_LABEL] = "empty-label",
	[ZL_SPF_ERR_LABEL_TOO_LONG] = "label-too-long",
	[ZL_SPF_ERR_DOMAIN_TOO_LONG] = "domain-too-long",
	[ZL_SPF_ERR_MISSING_ADDRESS] = "missing-address",
	[ZL_SPF_ERR_IP4_ADDRESS] = "invalid-ip4-address",
	[ZL_SPF_ERR_IP6_ADDRESS] = "invalid-ip6-address",
	[ZL_SPF_ERR_IP6_IN_IP4] = "ip6-address-in-ip4",
	[ZL_SPF_ERR_IP4_IN_IP6] = "ip4-address-in-ip6",
	[ZL_SPF_ERR_CIDR_SYNTAX] = "invalid-cidr",
	[ZL_SPF_ERR_CIDR_MISSING] = "cidr-missing-digits",
	[ZL_SPF_ERR_CIDR_LEADING_ZERO] = "cidr-leading-zero",
	[ZL_SPF_ERR_CIDR_RANGE] = "cidr-out-of-range",
	[ZL_SPF_ERR_PERCENT] = "invalid-percent",
	[ZL_SPF_ERR_MACRO_UNTERMINATED] = "unterminated-macro",
	[ZL_SPF_ERR_MACRO_LETTER] = "invalid-macro-letter",
	[ZL_SPF_ERR_MACRO_EXP_ONLY] = "macro-letter-exp-only",
	[ZL_SPF_ERR_MACRO_TRANSFORMER] = "invalid-macro-transformer",
	[ZL_SPF_ERR_MACRO_DELIMITER] = "invalid-macro-delimiter",
	[ZL_SPF_ERR_DUPLICATE_MODIFIER] = "duplicate-modifier",
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

static char
to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Whitespace other than SP; RFC 7208 section 4.6.1 separates terms by SP only. */
static bool
is_other_whitespace(char c)
{
	return c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool
is_qualifier(char c)
{
	return c == '+' || c == '-' || c == '~' || c == '?';
}

/* Return true when c is in set.  Unlike strchr, return false for NUL.
 * The sets are short literals, so an inlined loop costs less than a call
 * to strchr() for every byte. */
static inline bool
is_one_of(char c, const char *set)
{
	for (; *set != '\0'; set++) {
		if (*set == c)
			return true;
	}
	return false;
}

static bool
equals_nocase(const char *s, size_t len, const char *lit)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (lit[i] == '\0' || to_lower(s[i]) != lit[i])
			return false;
	return lit[len] == '\0';
}

static void
add_error(struct sink *sink, enum zl_spf_error_code code, size_t offset,
	  size_t len)
{
	if (sink->count == sink->cap && sink->growable) {
		size_t cap = sink->cap ? 2 * sink->cap : 8;
		struct zl_spf_error *grown;

		grown = realloc(sink->errors, cap * sizeof(*grown));
		if (grown == NULL) {
			sink->out_of_memory = true;
			return;
		}
		sink->errors = grown;
		sink->cap = cap;
	}
	if (sink->count < sink->cap) {
		sink->errors[sink->count].code = code;
		sink->errors[sink->count].offset = (uint32_t)offset;
		sink->errors[sink->count].len = (uint32_t)len;
	}
	sink->count++;
}

/*
 * Report the run of bytes starting at text[i] that may not appear in a
 * record: other whitespace, control characters or non-ASCII bytes.  Return
 * the end of the run, or i when text[i] is a visible ASCII character or SP.
 */
static size_t
report_bad_bytes(const char *text, size_t i, size_t end, struct sink *sink)
{
	unsigned char c = (unsigned char)text[i];
	size_t j = i;

	if (c >= 0x80) {
		while (j < end && (unsigned char)text[j] >= 0x80)
			j++;
		add_error(sink, ZL_SPF_ERR_NON_ASCII, i, j - i);
	} else if (is_other_whitespace((char)c) || c == ' ') {
		while (j < end && (is_other_whitespace(text[j]) || text[j] == ' '))
			j++;
		add_error(sink, ZL_SPF_ERR_WHITESPACE, i, j - i);
	} else if (c < 0x20 || c == 0x7f) {
		while (j < end && ((unsigned char)text[j] < 0x20 ||
				   text[j] == 0x7f) && !is_other_whitespace(text[j]))
			j++;
		add_error(sink, ZL_SPF_ERR_CONTROL_CHAR, i, j - i);
	}
	return j;
}

/* Check the inside of "%{...}": text[open] is "%", text[close] is "}". */
static void
check_macro_expand(const char *text, size_t open, size_t close,
		   enum zl_spf_macro_context context, struct sink *sink)
{
	size_t p = open + 2;
	size_t digits;
	bool all_zero = true;
	char letter;

	if (p == close) {
		add_error(sink, ZL_SPF_ERR_MACRO_LETTER, open, close + 1 - open);
		return;
	}

	/* ABNF literals are case-insensitive, and an upper-case letter
	 * requests URL escaping (RFC 7208 section 7.3). */
	letter = to_lower(text[p]);
	if (is_one_of(letter, "crt")) {
		if (context != ZL_SPF_MACRO_EXPLANATION)
			add_error(sink, ZL_SPF_ERR_MACRO_EXP_ONLY, p, 1);
	} else if (!is_one_of(letter, "slodiphv")) {
		add_error(sink, ZL_SPF_ERR_MACRO_LETTER, p, 1);
		return;
	}
	p++;

	/* transformers = *DIGIT [ "r" ], and a part count must be nonzero. */
	digits = p;
	while (p < close && is_digit(text[p])) {
		if (text[p] != '0')
			all_zero = false;
		p++;
	}
	if (p > digits && all_zero)
		add_error(sink, ZL_SPF_ERR_MACRO_TRANSFORMER, digits, p - digits);
	if (p < close && to_lower(text[p]) == 'r')
		p++;

	/* A digit or "r" among the delimiters is a transformer out of order. */
	for (; p < close; p++) {
		char c = text[p];

		if (is_one_of(c, ".-+,/_="))
			continue;
		if (is_digit(c) || to_lower(c) == 'r')
			add_error(sink, ZL_SPF_ERR_MACRO_TRANSFORMER, p, 1);
		else
			add_error(sink, ZL_SPF_ERR_MACRO_DELIMITER, p, 1);
		return;
	}
}

/* Scan the macro-expand or malformed escape at text[i] == '%'.  Return the
 * offset after it. */
static size_t
scan_percent(const char *text, size_t i, size_t end,
	     enum zl_spf_macro_context context, struct sink *sink,
	     struct macro_scan *scan)
{
	size_t close;

	if (i + 1 < end && is_one_of(text[i + 1], "%_-")) {
		scan->has_macro = true;
		scan->ends_in_macro = true;
		return i + 2;
	}
	if (i + 1 == end || text[i + 1] != '{') {
		/* Resume right after the "%" so the next byte is checked too. */
		add_error(sink, ZL_SPF_ERR_PERCENT, i, 1);
		return i + 1;
	}

	/* A macro cannot contain whitespace, so stop looking for "}" there. */
	close = i + 2;
	while (close < end && text[close] != '}' && text[close] != ' ' &&
	       !is_other_whitespace(text[close]))
		close++;
	if (close == end || text[close] != '}') {
		add_error(sink, ZL_SPF_ERR_MACRO_UNTERMINATED, i, close - i);
		return close;
	}
	check_macro_expand(text, i, close, context, sink);
	scan->has_macro = true;
	scan->ends_in_macro = true;
	return close + 1;
}

/* Check text[start..end) as a macro-string (RFC 7208 section 7.1). */
static void
scan_macro_string(const char *text, size_t start, size_t end,
		  enum zl_spf_macro_context context, struct sink *sink,
		  struct macro_scan *scan)
{
	size_t i = start;

	scan->has_macro = false;
	scan->ends_in_macro = false;
	while (i < end) {
		char c = text[i];

		if (c == '%') {
			i = scan_percent(text, i, end, context, sink, scan);
			continue;
		}
		scan->ends_in_macro = false;

		/* macro-literal = %x21-24 / %x26-7E, and explain-string adds SP. */
		if ((c > ' ' && c < 0x7f) ||
		    (c == ' ' && context == ZL_SPF_MACRO_EXPLANATION)) {
			i++;
			continue;
		}
		i = report_bad_bytes(text, i, end, sink);
	}
}

/* name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
static bool
is_valid_name(const char *text, size_t start, size_t end)
{
	size_t i;

	if (start == end || !is_alpha(text[start]))
		return false;
	for (i = start + 1; i < end; i++)
		if (!is_alnum(text[i]) && !is_one_of(text[i], "-_."))
			return false;
	return true;
}

/*
 * toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
 * All-digit labels qualify only in the hyphenated form.
 */
static bool
is_toplabel(const char *text, size_t start, size_t end)
{
	bool has_alpha = false;
	bool has_hyphen = false;
	size_t i;

	if (start == end)
		return false;
	for (i = start; i < end; i++) {
		if (is_alpha(text[i]))
			has_alpha = true;
		else if (text[i] == '-')
			has_hyphen = true;
		else if (!is_digit(text[i]))
			return false;
	}
	if (has_hyphen)
		return is_alnum(text[start]) && is_alnum(text[end - 1]);
	return has_alpha;
}

/* ip4-network = qnum "." qnum "." qnum "." qnum, where a qnum is 0-255
 * without leading zeros. */
static bool
parse_ip4(const char *text, size_t start, size_t end, uint8_t out[4])
{
	size_t p = start;
	int part;

	for (part = 0; part < 4; part++) {
		size_t digits = p;
		unsigned value = 0;

		if (part > 0) {
			if (p == end || text[p] != '.')
				return false;
			digits = ++p;
		}
		while (p < end && is_digit(text[p]) && p - digits < 3)
			value = value * 10 + (unsigned)(text[p++] - '0');
		if (p == digits || (p < end && is_digit(text[p])) ||
		    (p - digits > 1 && text[digits] == '0') || value > 255)
			return false;
		out[part] = (uint8_t)value;
	}
	return p == end;
}

/* ip6-network is the text form of RFC 4291 section 2.2, which inet_pton
 * reads from a NUL-terminated copy. */
static bool
parse_ip6(const char *text, size_t start, size_t end, uint8_t out[16])
{
	char buf[INET6_ADDRSTRLEN];

	if (end - start >= sizeof(buf))
		return false;
	memcpy(buf, text + start, end - start);
	buf[end - start] = '\0';
	return inet_pton(AF_INET6, buf, out) == 1;
}

/*
 * Find a prefix-length suffix at the end of text[start..end): "/" digits,
 * "//" digits, or "/" digits "//" digits, the digits possibly empty.  A
 * domain-spec may itself contain "/", so only a suffix made of slashes and
 * digits alone counts.
 */
static bool
find_cidr_suffix(const char *text, size_t start, size_t end,
		 struct cidr_suffix *sfx)
{
	size_t j = end;

	memset(sfx, 0, sizeof(*sfx));
	while (j > start && is_digit(text[j - 1]))
		j--;
	if (j == start || text[j - 1] != '/')
		return false;

	if (j - 1 > start && text[j - 2] == '/') {
		size_t cut = j - 2;
		size_t k = cut;

		sfx->has_ip6 = true;
		sfx->ip6_start = j;
		sfx->ip6_end = end;
		sfx->start = cut;
		while (k > start && is_digit(text[k - 1]))
			k--;
		if (k > start && text[k - 1] == '/') {
			sfx->has_ip4 = true;
			sfx->ip4_start = k;
			sfx->ip4_end = cut;
			sfx->start = k - 1;
		}
	} else {
		sfx->has_ip4 = true;
		sfx->ip4_start = j;
		sfx->ip4_end = end;
		sfx->start = j - 1;
	}
	return true;
}

/*
 * Check the prefix length text[start..end) that follows the slashes at
 * text[slash..start) and store it in *out.  ip4-cidr-length and
 * ip6-cidr-length allow no leading zero ("0" / %x31-39 0*2DIGIT).
 */
static void
check_prefix(struct parser *ps, size_t slash, size_t start, size_t end,
	     int max, int *out)
{
	const char *text = ps->text;
	size_t i;
	int value = 0;

	if (start == end) {
		add_error(&ps->sink, ZL_SPF_ERR_CIDR_MISSING, slash, start - slash);
		return;
	}
	for (i = start; i < end; i++) {
		if (!is_digit(text[i])) {
			add_error(&ps->sink, ZL_SPF_ERR_CIDR_SYNTAX, start, end - start);
			return;
		}
	}
	if (text[start] == '0' && end - start > 1) {
		add_error(&ps->sink, ZL_SPF_ERR_CIDR_LEADING_ZERO, start, end - start);
		return;
	}
	for (i = start; i < end && value <= max; i++)
		value = value * 10 + (text[i] - '0');
	if (value > max) {
		add_error(&ps->sink, ZL_SPF_ERR_CIDR_RANGE, start, end - start);
		return;
	}
	*out = value;
}

/* Return true when text[start..end) is an IPv4 or IPv6 address. */
static bool
is_ip_address(const char *text, size_t start, size_t end)
{
	uint8_t addr[16];

	return parse_ip4(text, start, end, addr) ||
	       parse_ip6(text, start, end, addr);
}

/* Report empty labels and length overruns in a domain-spec without macros. */
static void
check_literal_domain(struct parser *ps, size_t start, size_t end)
{
	const char *text = ps->text;
	size_t stop = end;
	size_t label = start;
	size_t i;

	if (text[stop - 1] == '.')
		stop--;
	if (stop - start > DOMAIN_MAX)
		add_error(&ps->sink, ZL_SPF_ERR_DOMAIN_TOO_LONG, start, end - start);
	for (i = start; i <= stop; i++) {
		if (i < stop && text[i] != '.')
			continue;
		if (i == label)
			add_error(&ps->sink, ZL_SPF_ERR_EMPTY_LABEL, i, 1);
		else if (i - label > LABEL_MAX)
			add_error(&ps->sink, ZL_SPF_ERR_LABEL_TOO_LONG, label, i - label);
		label = i + 1;
	}
}

/*
 * Check text[start..end) as a domain-spec: a macro-string that ends in
 * "." toplabel, with an optional trailing dot, or in a macro-expand
 * (RFC 7208 section 7.1).
 */
static void
check_domain_spec(struct parser *ps, struct zl_spf_term *term, size_t start,
		  size_t end)
{
	const char *text = ps->text;
	struct macro_scan scan;
	size_t errors_before = ps->sink.count;
	size_t stop = end;
	size_t dot;

	term->domain_offset = (uint32_t)start;
	term->domain_len = (uint32_t)(end - start);
	scan_macro_string(text, start, end, ZL_SPF_MACRO_TERM, &ps->sink, &scan);
	term->has_macro = scan.has_macro;

	/* After a malformed macro, a domain-end error would only repeat it. */
	if (ps->sink.count > errors_before || scan.ends_in_macro)
		return;

	if (text[stop - 1] == '.')
		stop--;
	for (dot = stop; dot > start && text[dot - 1] != '.'; dot--)
		;
	if (dot == start || !is_toplabel(text, dot, stop)) {
		/* "a:192.0.2.1" is a common mistake worth naming. */
		if (!scan.has_macro && is_ip_address(text, start, end))
			add_error(&ps->sink, ZL_SPF_ERR_ADDRESS_AS_DOMAIN, start,
				  end - start);
		else if (dot == start)
			add_error(&ps->sink, ZL_SPF_ERR_DOMAIN_END, start, end - start);
		else
			add_error(&ps->sink, ZL_SPF_ERR_DOMAIN_END, dot, end - dot);
		return;
	}
	if (!scan.has_macro)
		check_literal_domain(ps, start, end);
}

/*
 * Parse the argument text[start..end) after ":" or "=" of a term that takes
 * a domain-spec.  When dual_cidr is set (a, mx), read a trailing
 * dual-cidr-length.  Otherwise report a trailing prefix length as not
 * allowed, which is clearer than a bad-toplabel error.
 */
static void
parse_domain_argument(struct parser *ps, struct zl_spf_term *term,
		      size_t start, size_t end, bool dual_cidr)
{
	struct cidr_suffix sfx;
	size_t stop = end;
	bool has_cidr;

	term->value_offset = (uint32_t)start;
	term->value_len = (uint32_t)(end - start);
	has_cidr = find_cidr_suffix(ps->text, start, end, &sfx);
	if (has_cidr)
		stop = sfx.start;

	if (stop == start)
		add_error(&ps->sink, ZL_SPF_ERR_MISSING_DOMAIN, term->offset,
			  term->len);
	else
		check_domain_spec(ps, term, start, stop);

	if (!has_cidr)
		return;
	if (!dual_cidr) {
		add_error(&ps->sink, ZL_SPF_ERR_CIDR_NOT_ALLOWED, sfx.start,
			  end - sfx.start);
		return;
	}
	if (sfx.has_ip4)
		check_prefix(ps, sfx.ip4_start - 1, sfx.ip4_start, sfx.ip4_end, 32,
			     &term->cidr4);
	if (sfx.has_ip6)
		check_prefix(ps, sfx.ip6_start - 2, sfx.ip6_start, sfx.ip6_end, 128,
			     &term->cidr6);
}

/* Parse a dual-cidr-length that directly follows "a" or "mx":
 * [ "/" ip4-cidr ] [ "//" ip6-cidr ], with text[start] == '/'. */
static void
parse_bare_dual_cidr(struct parser *ps, struct zl_spf_term *term, size_t start,
		     size_t end)
{
	const char *text = ps->text;
	size_t p = start + 1;

	if (p < end && text[p] == '/') {
		check_prefix(ps, start, p + 1, end, 128, &term->cidr6);
		return;
	}
	while (p < end && is_digit(text[p]))
		p++;
	if (p < end && (p + 1 == end || text[p] != '/' || text[p + 1] != '/')) {
		add_error(&ps->sink, ZL_SPF_ERR_CIDR_SYNTAX, start, end - start);
		return;
	}
	check_prefix(ps, start, start + 1, p, 32, &term->cidr4);
	if (p < end)
		check_prefix(ps, p, p + 2, end, 128, &term->cidr6);
}

/* Parse "ip4:" or "ip6:" and what follows.  text[sep] is the byte after
 * the mechanism name. */
static void
parse_address(struct parser *ps, struct zl_spf_term *term, size_t sep,
	      size_t end)
{
	const char *text = ps->text;
	bool want_ip6 = term->kind == ZL_SPF_IP6;
	uint8_t addr[16] = { 0 };
	size_t start = sep + 1;
	size_t slash;
	bool is_ip4, is_ip6;

	if (sep == end || text[sep] != ':') {
		add_error(&ps->sink, ZL_SPF_ERR_MISSING_ADDRESS, term->offset,
			  term->len);
		return;
	}
	term->value_offset = (uint32_t)start;
	term->value_len = (uint32_t)(end - start);
	for (slash = start; slash < end && text[slash] != '/'; slash++)
		;
	if (slash == start) {
		add_error(&ps->sink, ZL_SPF_ERR_MISSING_ADDRESS, term->offset,
			  term->len);
		return;
	}

	is_ip4 = parse_ip4(text, start, slash, addr);
	is_ip6 = !is_ip4 && parse_ip6(text, start, slash, addr);
	if (want_ip6 ? is_ip6 : is_ip4)
		memcpy(term->addr, addr, sizeof(addr));
	else if (want_ip6)
		add_error(&ps->sink, is_ip4 ? ZL_SPF_ERR_IP4_IN_IP6 :
			  ZL_SPF_ERR_IP6_ADDRESS, start, slash - start);
	else
		add_error(&ps->sink, is_ip6 ? ZL_SPF_ERR_IP6_IN_IP4 :
			  ZL_SPF_ERR_IP4_ADDRESS, start, slash - start);

	if (slash < end)
		check_prefix(ps, slash, slash + 1, end, want_ip6 ? 128 : 32,
			     want_ip6 ? &term->cidr6 : &term->cidr4);
}

/* Report a name that is not a mechanism.  The term stays ZL_SPF_INVALID. */
static void
report_unknown_mechanism(struct parser *ps, struct zl_spf_term *term,
			 size_t start, size_t end)
{
	const char *text = ps->text;

	if (start == end)
		add_error(&ps->sink, ZL_SPF_ERR_MECHANISM_NAME, term->offset,
			  term->len);
	else if (equals_nocase(text + start, end - start, "redirect") ||
		 equals_nocase(text + start, end - start, "exp"))
		add_error(&ps->sink, ZL_SPF_ERR_MODIFIER_AS_MECHANISM, start,
			  end - start);
	else if (is_valid_name(text, start, end))
		add_error(&ps->sink, ZL_SPF_ERR_UNKNOWN_MECHANISM, start,
			  end - start);
	else
		add_error(&ps->sink, ZL_SPF_ERR_MECHANISM_NAME, start, end - start);
}

/*
 * Parse a mechanism whose name is text[start..sep); text[sep] is ":", "/"
 * or the end of the term.
 */
static void
parse_mechanism(struct parser *ps, struct zl_spf_term *term, size_t start,
		size_t sep, size_t end)
{
	const char *text = ps->text;
	bool has_colon = sep < end && text[sep] == ':';
	size_t i;

	for (i = 0; i < sizeof(mechanisms) / sizeof(mechanisms[0]); i++)
		if (sep - start == mechanisms[i].len &&
		    equals_nocase(text + start, sep - start, mechanisms[i].name))
			break;
	if (i == sizeof(mechanisms) / sizeof(mechanisms[0])) {
		report_unknown_mechanism(ps, term, start, sep);
		return;
	}
	term->kind = mechanisms[i].kind;
	if (has_colon) {
		term->value_offset = (uint32_t)(sep + 1);
		term->value_len = (uint32_t)(end - sep - 1);
	}

	switch (term->kind) {
	case ZL_SPF_ALL:
		if (sep < end)
			add_error(&ps->sink, has_colon ?
				  ZL_SPF_ERR_UNEXPECTED_ARGUMENT :
				  ZL_SPF_ERR_CIDR_NOT_ALLOWED, sep, end - sep);
		break;
	case ZL_SPF_INCLUDE:
	case ZL_SPF_EXISTS:
	case ZL_SPF_PTR:
		if (has_colon) {
			parse_domain_argument(ps, term, sep + 1, end, false);
			break;
		}
		if (term->kind != ZL_SPF_PTR)
			add_error(&ps->sink, ZL_SPF_ERR_MISSING_DOMAIN, term->offset,
				  term->len);
		if (sep < end)
			add_error(&ps->sink, ZL_SPF_ERR_CIDR_NOT_ALLOWED, sep,
				  end - sep);
		break;
	case ZL_SPF_A:
	case ZL_SPF_MX:
		if (has_colon)
			parse_domain_argument(ps, term, sep + 1, end, true);
		else if (sep < end)
			parse_bare_dual_cidr(ps, term, sep, end);
		break;
	case ZL_SPF_IP4:
	case ZL_SPF_IP6:
		parse_address(ps, term, sep, end);
		break;
	default:
		break;
	}
}

/* Parse a modifier whose name is text[start..eq) with text[eq] == '='. */
static void
parse_modifier(struct parser *ps, struct zl_spf_term *term, size_t start,
	       size_t eq, size_t end)
{
	const char *text = ps->text;
	struct macro_scan scan;
	bool *seen = NULL;

	if (!is_valid_name(text, start, eq)) {
		if (start == eq)
			add_error(&ps->sink, ZL_SPF_ERR_MODIFIER_NAME, eq, 1);
		else
			add_error(&ps->sink, ZL_SPF_ERR_MODIFIER_NAME, start, eq - start);
		return;
	}

	if (equals_nocase(text + start, eq - start, "redirect")) {
		term->kind = ZL_SPF_REDIRECT;
		seen = &ps->seen_redirect;
	} else if (equals_nocase(text + start, eq - start, "exp")) {
		term->kind = ZL_SPF_EXP;
		seen = &ps->seen_exp;
	} else {
		term->kind = ZL_SPF_UNKNOWN_MODIFIER;
		term->value_offset = (uint32_t)(eq + 1);
		term->value_len = (uint32_t)(end - eq - 1);
		scan_macro_string(text, eq + 1, end, ZL_SPF_MACRO_TERM, &ps->sink,
				  &scan);
		term->has_macro = scan.has_macro;
		return;
	}

	/* redirect and exp may each appear once (RFC 7208 section 6). */
	if (*seen)
		add_error(&ps->sink, ZL_SPF_ERR_DUPLICATE_MODIFIER, term->offset,
			  term->len);
	*seen = true;
	parse_domain_argument(ps, term, eq + 1, end, false);
}

/* Parse the term text[start..end), which contains no SP. */
static void
parse_term(struct parser *ps, struct zl_spf_term *term, size_t start,
	   size_t end)
{
	const char *text = ps->text;
	size_t errors_before = ps->sink.count;
	size_t name, sep, i;

	memset(term, 0, sizeof(*term));
	term->kind = ZL_SPF_INVALID;
	term->qualifier = ZL_SPF_PASS;
	term->offset = (uint32_t)start;
	term->len = (uint32_t)(end - start);
	term->cidr4 = -1;
	term->cidr6 = -1;

	/* A term with bytes that never belong in a record is not parsed
	 * further, which keeps one bad byte from causing several errors. */
	for (i = start; i < end;) {
		unsigned char c = (unsigned char)text[i];
		size_t next;

		/* Visible ASCII, nearly every byte, needs no call. */
		if (c > ' ' && c < 0x7f) {
			i++;
			continue;
		}
		next = report_bad_bytes(text, i, end, &ps->sink);
		i = next > i ? next : i + 1;
	}
	if (ps->sink.count > errors_before)
		goto done;

	name = start;
	while (name < end && is_qualifier(text[name]))
		name++;
	if (name > start) {
		static const char qualifiers[] = "+-~?";

		term->qualifier_explicit = true;
		term->qualifier = (enum zl_spf_qualifier)
			(strchr(qualifiers, text[start]) - qualifiers);
	}
	if (name == end) {
		add_error(&ps->sink, ZL_SPF_ERR_QUALIFIER_ALONE, start, end - start);
		goto done;
	}

	/* A modifier has "=" right after its name, before any ":" or "/"
	 * (RFC 7208 section 4.6.1). */
	for (sep = name; sep < end && !is_one_of(text[sep], ":/="); sep++)
		;
	term->name_offset = (uint32_t)name;
	term->name_len = (uint32_t)(sep - name);
	if (sep < end && text[sep] == '=') {
		if (name > start)
			add_error(&ps->sink, ZL_SPF_ERR_QUALIFIER_ON_MODIFIER, start,
				  name - start);
		parse_modifier(ps, term, name, sep, end);
	} else {
		if (name > start + 1)
			add_error(&ps->sink, ZL_SPF_ERR_QUALIFIER_REPEATED, start + 1,
				  name - start - 1);
		parse_mechanism(ps, term, name, sep, end);
	}

done:
	term->has_errors = ps->sink.count > errors_before;
}

/* Return the end of the leading run of bytes that are neither SP nor other
 * whitespace.  Every whitespace byte is at most 0x20, so 8 bytes at a time
 * are searched for such a byte, and only a byte found is tested. */
static size_t
token_end(const char *text, size_t i, size_t len)
{
	while (i < len) {
		if (i + 8 <= len) {
			uint64_t w = zl_word_load(text + i);
			uint64_t low = (w - ZL_WORD_ONES * 0x21) & ~w & ZL_WORD_TOPS;

			if (low == 0) {
				i += 8;
				continue;
			}
			i += zl_word_first(low);
		}
		if (text[i] == ' ' || is_other_whitespace(text[i]))
			return i;
		i++;
	}
	return i;
}

/* Skip separators from text[i], reporting whitespace other than SP when
 * sink is not NULL.  Return the start of the next term or len. */
static size_t
skip_separators(const char *text, size_t i, size_t len, struct sink *sink)
{
	while (i < len && (text[i] == ' ' || is_other_whitespace(text[i]))) {
		size_t j = i;

		if (text[i] == ' ') {
			i++;
			continue;
		}
		while (j < len && is_other_whitespace(text[j]))
			j++;
		if (sink != NULL)
			add_error(sink, ZL_SPF_ERR_WHITESPACE, i, j - i);
		i = j;
	}
	return i;
}

/* Check the version and return the offset where the terms begin. */
static size_t
parse_version(struct parser *ps)
{
	const char *text = ps->text;
	size_t start, end;

	if (zl_spf_is_record(text, ps->len) ||
	    (ps->len > 6 && equals_nocase(text, 6, "v=spf1") &&
	     is_other_whitespace(text[6])))
		return 6;

	/* Treat the first word, and any space before it, as the version. */
	start = skip_separators(text, 0, ps->len, NULL);
	end = token_end(text, start, ps->len);
	add_error(&ps->sink, ZL_SPF_ERR_VERSION, 0, end);
	return end;
}

/*
 * Sort errors by offset, keeping the order of equal offsets.  Errors come
 * out nearly sorted, because only a term-wide error can follow one inside
 * the same term, so insertion sort runs in about linear time.
 */
static void
sort_errors(struct zl_spf_error *errors, size_t count)
{
	size_t i, j;

	for (i = 1; i < count; i++) {
		struct zl_spf_error e = errors[i];

		for (j = i; j > 0 && errors[j - 1].offset > e.offset; j--)
			errors[j] = errors[j - 1];
		errors[j] = e;
	}
}

bool
zl_spf_is_record(const char *text, size_t len)
{
	/* Callers test every TXT record, and most differ within three bytes
	 * ("v=DKIM1", "v=DMARC1", site verifications).  Only 'v' and 'V'
	 * give 'v' when ORed with 0x20, and likewise for 's', 'p' and 'f'. */
	if (len < 6 || (text[0] | 0x20) != 'v' || text[1] != '=' || (text[2] | 0x20) != 's')
		return false;
	return (text[3] | 0x20) == 'p' && (text[4] | 0x20) == 'f' && text[5] == '1' &&
	    (len == 6 || text[6] == ' ');
}

int
zl_spf_parse(const char *text, size_t len, struct zl_spf_record *out)
{
	struct parser ps = { .text = text, .len = len };
	struct zl_spf_term *terms = NULL;
	size_t nterms = 0;
	size_t count = 0;
	size_t first, i;

	if (len > UINT32_MAX)
		return -1;
	ps.sink.growable = true;

	first = parse_version(&ps);

	/* Count the terms to allocate them in one block. */
	for (i = skip_separators(text, first, len, NULL); i < len;
	     i = skip_separators(text, token_end(text, i, len), len, NULL))
		count++;
	if (count > 0) {
		terms = calloc(count, sizeof(*terms));
		if (terms == NULL)
			goto fail;
	}

	for (i = skip_separators(text, first, len, &ps.sink); i < len;) {
		size_t end = token_end(text, i, len);

		parse_term(&ps, &terms[nterms++], i, end);
		i = skip_separators(text, end, len, &ps.sink);
	}
	if (ps.sink.out_of_memory)
		goto fail;
	sort_errors(ps.sink.errors, ps.sink.count);

	out->terms = terms;
	out->nterms = nterms;
	out->errors = ps.sink.errors;
	out->nerrors = ps.sink.count;
	return 0;

fail:
	free(terms);
	free(ps.sink.errors);
	return -1;
}

void
zl_spf_record_fini(struct zl_spf_record *rec)
{
	free(rec->terms);
	free(rec->errors);
	rec->terms = NULL;
	rec->nterms = 0;
	rec->errors = NULL;
	rec->nerrors = 0;
}

const char *
zl_spf_error_name(enum zl_spf_error_code code)
{
	if ((unsigned)code >= ZL_SPF_ERR_COUNT || error_names[code] == NULL)
		return "unknown";
	return error_names[code];
}

bool
zl_spf_term_costs_lookup(enum zl_spf_kind kind)
{
	switch (kind) {
	case ZL_SPF_INCLUDE:
	case ZL_SPF_A:
	case ZL_SPF_MX:
	case ZL_SPF_PTR:
	case ZL_SPF_EXISTS:
	case ZL_SPF_REDIRECT:
		return true;
	default:
		return false;
	}
}

size_t
zl_spf_check_macro_string(const char *text, size_t len,
			  enum zl_spf_macro_context context,
			  struct zl_spf_error *errors, size_t max_errors)
{
	struct sink sink = { .errors = errors, .cap = max_errors };
	struct macro_scan scan;

	if (len > UINT32_MAX)
		len = UINT32_MAX;
	scan_macro_string(text, 0, len, context, &sink, &scan);
	return sink.count;
}

/* Return the length of the longest name in names that ends at text[end],
 * with start as the lower bound, or 0. */
static size_t
match_name_before(const char *text, size_t start, size_t end,
		  const char *const *names, size_t count)
{
	size_t best = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		size_t n = strlen(names[i]);

		if (n > best && end - start >= n &&
		    equals_nocase(text + end - n, n, names[i]))
			best = n;
	}
	return best;
}

/* Return the index of the first '%', ':' or '=' in text[i..end), or end
 * when there is none.  An i past end comes back unchanged. */
static size_t
next_glue_candidate(const char *text, size_t i, size_t end)
{
	return zl_find_any3(text, i, end, '%', ':', '=');
}

bool
zl_spf_find_glued_term(const char *text, const struct zl_spf_term *term,
		       uint32_t *offset)
{
	/* "a" is left out for ip6, because hex groups often end in "a:". */
	static const char *const mechanism_names[] = {
		"include", "exists", "ptr", "ip4", "ip6", "mx", "a",
	};
	static const char *const modifier_names[] = { "redirect", "exp", "v" };
	size_t nmech = sizeof(mechanism_names) / sizeof(mechanism_names[0]);
	size_t start = term->value_offset;
	size_t end = start + term->value_len;
	size_t i;

	if (term->value_len == 0 || term->kind == ZL_SPF_UNKNOWN_MODIFIER)
		return false;
	if (term->kind == ZL_SPF_IP6)
		nmech--;

	for (i = next_glue_candidate(text, start, end); i < end;
	    i = next_glue_candidate(text, i + 1, end)) {
		size_t n = 0;

		if (text[i] == '%') {
			/* Skip "%{...}" and the two-byte escapes. */
			if (i + 1 < end && text[i + 1] == '{')
				while (i < end && text[i] != '}')
					i++;
			else
				i++;
			continue;
		}
		if (text[i] == ':')
			n = match_name_before(text, start, i, mechanism_names, nmech);
		else if (text[i] == '=')
			n = match_name_before(text, start, i, modifier_names, 3);
		if (n == 1 && text[i] == '=' &&
		    !(end - i > 4 && equals_nocase(text + i + 1, 4, "spf1")))
			n = 0;	/* "v=" alone is too common to mean "v=spf1" */
		if (n > 0) {
			*offset = (uint32_t)(i - n);
			return true;
		}
	}

	/* A qualifier and "all" at the end: "include:spf.example.com-all". */
	if (end - start >= 4 && is_qualifier(text[end - 4]) &&
	    equals_nocase(text + end - 3, 3, "all")) {
		*offset = (uint32_t)(end - 4);
		return true;
	}
	return false;
}
