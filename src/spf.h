/* SPF record parser (RFC 7208): terms, macro-strings and syntax errors. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SPF_H
#define ZL_SPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The parser reads the text of one TXT RR, its character-strings already
 * joined without separators (RFC 7208 section 3.3).  It does no DNS
 * lookups and prints nothing.  Every finding is an error entry with a
 * code and the byte range it refers to, and parsing goes on after an
 * error, so one call lists every problem in the record.  It is meant to
 * report each RFC 7208 syntax error, and the tests cover every error
 * code with at least one record.  ZL_SPF_ERR_EMPTY_LABEL,
 * ZL_SPF_ERR_LABEL_TOO_LONG and ZL_SPF_ERR_DOMAIN_TOO_LONG also report
 * domain-specs that the ABNF accepts but no DNS query can use, for which
 * RFC 7208 leaves the result undefined.
 */

/*
 * Return true when text is an SPF record: it starts with "v=spf1", in any
 * ASCII case, followed by a space or the end of the text (RFC 7208 section
 * 4.5).  "v=spf10" and "v=spf1\tall" are not SPF records.
 */
bool zl_spf_is_record(const char *text, size_t len);

enum zl_spf_qualifier {
	ZL_SPF_PASS,		/* "+", also when the qualifier is omitted */
	ZL_SPF_FAIL,		/* "-" */
	ZL_SPF_SOFTFAIL,	/* "~" */
	ZL_SPF_NEUTRAL		/* "?" */
};

enum zl_spf_kind {
	ZL_SPF_ALL,
	ZL_SPF_INCLUDE,
	ZL_SPF_A,
	ZL_SPF_MX,
	ZL_SPF_PTR,
	ZL_SPF_IP4,
	ZL_SPF_IP6,
	ZL_SPF_EXISTS,
	ZL_SPF_REDIRECT,
	ZL_SPF_EXP,
	ZL_SPF_UNKNOWN_MODIFIER,	/* name=macro-string with another name */
	ZL_SPF_INVALID			/* not a known mechanism or a modifier */
};

/*
 * One term of the record, the text between two runs of spaces.  Offsets
 * are byte offsets into the record text passed to zl_spf_parse().
 * A term whose mechanism or modifier name is recognized keeps its kind
 * even when its argument is wrong ("ip4:192.0.2.0/33" stays ZL_SPF_IP4),
 * so that a caller can still count DNS lookups.  has_errors is true when
 * an error entry starts inside the term.  A term that contains a control
 * character or a non-ASCII byte is not parsed further and is
 * ZL_SPF_INVALID.
 */
struct zl_spf_term {
	enum zl_spf_kind kind;
	enum zl_spf_qualifier qualifier;
	bool qualifier_explicit;	/* the term starts with + - ~ or ? */
	bool has_errors;		/* some error starts inside the term */
	uint32_t offset, len;		/* the whole term, qualifier included */
	uint32_t name_offset, name_len;	/* mechanism or modifier name */
	uint32_t value_offset, value_len; /* text after ":" or "=", 0 len when absent */
	uint32_t domain_offset, domain_len; /* domain-spec of include a mx ptr
					     * exists redirect exp without the
					     * CIDR suffix, 0 len when absent */
	bool has_macro;			/* the domain-spec or unknown-modifier
					 * value contains a macro-expand, so its
					 * text is not the literal name */
	int cidr4, cidr6;		/* prefix lengths, -1 when absent: the
					 * dual-cidr of a and mx, the prefix of
					 * ip4 (cidr4) and ip6 (cidr6) */
	uint8_t addr[16];		/* ip4 address in the first 4 bytes, or
					 * the ip6 address, network byte order;
					 * zero when the address is invalid */
};

/*
 * Problems the parser reports.  zl_spf_error_name() gives each a stable
 * kebab-case name.  Append new codes before ZL_SPF_ERR_COUNT; the values
 * are not meant to be stored.
 */
enum zl_spf_error_code {
	ZL_SPF_ERR_VERSION,		/* record does not start with "v=spf1" and a space or the end */
	ZL_SPF_ERR_WHITESPACE,		/* whitespace other than SP between terms, or any inside a term */
	ZL_SPF_ERR_CONTROL_CHAR,	/* control character (0x00-0x1f other than whitespace, 0x7f) */
	ZL_SPF_ERR_NON_ASCII,		/* byte 0x80-0xff in a record that must be ASCII */
	ZL_SPF_ERR_UNKNOWN_MECHANISM,	/* well-formed name that is not a mechanism ("foo:bar") */
	ZL_SPF_ERR_MECHANISM_NAME,	/* mechanism name with characters a name cannot have */
	ZL_SPF_ERR_MODIFIER_AS_MECHANISM, /* "redirect:" or "exp:" written like a mechanism */
	ZL_SPF_ERR_MODIFIER_NAME,	/* text before "=" is not ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
	ZL_SPF_ERR_QUALIFIER_ALONE,	/* "-" or "~" with no mechanism after it */
	ZL_SPF_ERR_QUALIFIER_REPEATED,	/* more than one qualifier, as in "--all" */
	ZL_SPF_ERR_QUALIFIER_ON_MODIFIER, /* "-redirect=...", but modifiers take no qualifier */
	ZL_SPF_ERR_UNEXPECTED_ARGUMENT,	/* "all:foo", but all takes no argument */
	ZL_SPF_ERR_CIDR_NOT_ALLOWED,	/* prefix length on all, ptr, include, exists, redirect, exp */
	ZL_SPF_ERR_MISSING_DOMAIN,	/* required or announced domain-spec is empty ("include:", "a:") */
	ZL_SPF_ERR_DOMAIN_END,		/* domain-spec does not end in "." toplabel or a macro-expand */
	ZL_SPF_ERR_ADDRESS_AS_DOMAIN,	/* domain-spec is an IP address ("a:192.0.2.1") */
	ZL_SPF_ERR_EMPTY_LABEL,		/* literal domain-spec has an empty label ("a..example") */
	ZL_SPF_ERR_LABEL_TOO_LONG,	/* literal domain-spec label longer than 63 octets */
	ZL_SPF_ERR_DOMAIN_TOO_LONG,	/* literal domain-spec longer than 253 octets */
	ZL_SPF_ERR_MISSING_ADDRESS,	/* "ip4", "ip4:" or "ip6:/64" without an address */
	ZL_SPF_ERR_IP4_ADDRESS,		/* ip4: argument is not a dotted quad without leading zeros */
	ZL_SPF_ERR_IP6_ADDRESS,		/* ip6: argument is not an RFC 4291 section 2.2 address */
	ZL_SPF_ERR_IP6_IN_IP4,		/* ip4: followed by an IPv6 address */
	ZL_SPF_ERR_IP4_IN_IP6,		/* ip6: followed by an IPv4 address */
	ZL_SPF_ERR_CIDR_SYNTAX,		/* prefix length is not "/" digits, or "//" where one "/" belongs */
	ZL_SPF_ERR_CIDR_MISSING,	/* "/" or "//" with no digits after it */
	ZL_SPF_ERR_CIDR_LEADING_ZERO,	/* "/024", which the ABNF does not allow */
	ZL_SPF_ERR_CIDR_RANGE,		/* IPv4 prefix over 32 or IPv6 prefix over 128 */
	ZL_SPF_ERR_PERCENT,		/* "%" not followed by "{", "%", "_" or "-" */
	ZL_SPF_ERR_MACRO_UNTERMINATED,	/* "%{" with no "}" in the same term */
	ZL_SPF_ERR_MACRO_LETTER,	/* macro letter missing or not one of s l o d i p h c r t v */
	ZL_SPF_ERR_MACRO_EXP_ONLY,	/* c, r or t outside an explanation string */
	ZL_SPF_ERR_MACRO_TRANSFORMER,	/* zero part count ("%{d0}"), or digits or "r" after the "r" */
	ZL_SPF_ERR_MACRO_DELIMITER,	/* character in a macro that is not one of . - + , / _ = */
	ZL_SPF_ERR_DUPLICATE_MODIFIER,	/* second redirect= or exp= (RFC 7208 section 6) */
	ZL_SPF_ERR_COUNT
};

struct zl_spf_error {
	enum zl_spf_error_code code;
	uint32_t offset, len;		/* the offending bytes in the parsed text */
};

/* A parsed record.  Both arrays are owned by the record and freed by
 * zl_spf_record_fini(); terms does not include the "v=spf1" version. */
struct zl_spf_record {
	struct zl_spf_term *terms;	/* in record order; NULL when nterms is 0 */
	size_t nterms;
	struct zl_spf_error *errors;	/* in text order; NULL when nerrors is 0 */
	size_t nerrors;
};

/*
 * Parse one SPF record: the version, then terms separated by runs of
 * spaces, by the ABNF of RFC 7208 section 12 and the rules of sections 4.6,
 * 5, 6 and 7.  Text that fails zl_spf_is_record() is parsed too, with a
 * ZL_SPF_ERR_VERSION error first.  text need not be NUL-terminated.
 *
 * On success, fill *out and return 0; the caller frees it with
 * zl_spf_record_fini().  Return -1 and leave *out untouched when memory
 * runs out or when len exceeds UINT32_MAX, which no TXT record can reach.
 */
int zl_spf_parse(const char *text, size_t len, struct zl_spf_record *out);

/* Free the arrays of rec and leave it empty.  Safe on an empty record. */
void zl_spf_record_fini(struct zl_spf_record *rec);

/*
 * Return the stable kebab-case name of code ("cidr-out-of-range"), meant
 * for tests, debugging and rule ids, not for users.  Return "unknown" for
 * a value outside the enumeration.
 */
const char *zl_spf_error_name(enum zl_spf_error_code code);

/*
 * Return true for the kinds that count toward the limit of 10 DNS-querying
 * terms per check_host() evaluation (RFC 7208 section 4.6.4): include, a,
 * mx, ptr, exists and redirect.  exp is looked up only after evaluation
 * and does not count.
 */
bool zl_spf_term_costs_lookup(enum zl_spf_kind kind);

/* Context of a macro-string, which sets the letters and bytes it may use. */
enum zl_spf_macro_context {
	ZL_SPF_MACRO_TERM,	/* domain-spec or modifier value: no spaces,
				 * letters s l o d i p h v */
	ZL_SPF_MACRO_EXPLANATION /* explain-string, the TXT text that exp=
				  * points to: spaces and c r t allowed */
};

/*
 * Check text as a macro-string (RFC 7208 section 7.1) used in context.
 * Write up to max_errors entries to errors, with offsets relative to text,
 * and return the number of problems found, which may exceed max_errors.
 * errors may be NULL when max_errors is 0.  Allocates nothing.  This does
 * not check the domain-end rule; zl_spf_parse() does that for domain-specs.
 */
size_t zl_spf_check_macro_string(const char *text, size_t len,
				 enum zl_spf_macro_context context,
				 struct zl_spf_error *errors, size_t max_errors);

/*
 * Look in the argument of a mechanism, redirect= or exp= for the start of
 * another term glued to it, as when two TXT strings are joined without a
 * space: a mechanism name and ":" ("a:m43.example.jpa:m61.example.jp"), a
 * modifier name and "=" ("include:spf.example.comredirect=x.example"),
 * "v=spf1", or a qualifier and "all" at the end
 * ("include:spf.example.com-all").  Since ":" and "=" are macro-literals
 * and "com-all" is a valid toplabel, the ABNF accepts several of these and
 * zl_spf_parse() reports nothing for them.  Macro-expands are skipped, and
 * for ip6 a lone "a" before ":" is ignored because hex groups end in it.
 * On a match, store the offset of the glued name (or of its qualifier) in
 * *offset and return true.  text is the record text that was parsed.
 */
bool zl_spf_find_glued_term(const char *text, const struct zl_spf_term *term,
			    uint32_t *offset);

#endif
