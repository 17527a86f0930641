/*
 * tagval.h - tag=value lists (RFC 6376 section 3.2) and the helpers that the
 * DKIM, DMARC, MTA-STS, TLS-RPT and BIMI record parsers share.
 *
 * Every parser in this family reads one TXT record whose character-strings
 * the caller has already joined without separators. Positions are byte
 * offsets into that joined text. The parsers never allocate, print or exit:
 * results go into caller-owned structs with fixed capacities.
 */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_TAGVAL_H
#define ZL_TAGVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Maximum number of tags kept per record; further tags are counted only. */
#define ZL_TAGVAL_MAX_TAGS 64

/* Maximum number of findings kept per findings list; the rest are counted. */
#define ZL_FINDINGS_MAX 32

/*
 * Finding codes of the tag-list layer. Each module numbers its codes from its
 * own base (tagval 100, dkim 200, dmarc 300, mailrec 400), so a code alone
 * identifies the module that produced it.
 */
enum zl_tagval_code {
	ZL_TAGVAL_EMPTY_TAG = 100,     /* ";;" or a leading ";": a tag-spec with nothing in it */
	ZL_TAGVAL_DUPLICATE_TAG,       /* second tag with the same name; points at the second */
	ZL_TAGVAL_MISSING_SEMICOLON,   /* value contains WSP followed by "name=": points at the WSP */
	ZL_TAGVAL_COLON_FOR_EQUALS,    /* "rua:mailto:..." written for "rua=mailto:..."; points at ":" */
	ZL_TAGVAL_MISSING_EQUALS,      /* tag-spec without "="; covers the whole spec */
	ZL_TAGVAL_BAD_NAME_CHAR,       /* byte not allowed in a tag-name */
	ZL_TAGVAL_CONTROL_CHAR,        /* control bytes other than HTAB and FWS; covers the run */
	ZL_TAGVAL_NON_ASCII,           /* bytes >= 0x80; covers the run of them */
	ZL_TAGVAL_TOO_MANY_TAGS,       /* more than ZL_TAGVAL_MAX_TAGS tags; points at the first dropped */
	ZL_TAGVAL_CODE_END
};

/*
 * One finding: a code from one of the modules' enums and the bytes it is
 * about. subject and hint point to static strings or are NULL.
 */
struct zl_finding {
	int code;             /* enum zl_tagval_code, zl_dkim_code, zl_dmarc_code or zl_mailrec_code */
	size_t off;           /* first byte the finding is about */
	size_t len;           /* number of bytes; 0 marks a position between bytes */
	const char *subject;  /* tag name the finding is about, e.g. "p"; static or NULL */
	const char *hint;     /* suggested replacement, e.g. "rua" for "rau"; static or NULL */
};

/* Findings in the order they were found. */
struct zl_findings {
	struct zl_finding items[ZL_FINDINGS_MAX];
	size_t count;         /* entries used in items */
	size_t dropped;       /* findings lost because items was full */
};

/* One tag-spec. The value is trimmed of surrounding whitespace. */
struct zl_tag {
	size_t name_off;
	size_t name_len;
	size_t value_off;     /* just after "=" plus whitespace when the value is empty */
	size_t value_len;
	size_t spec_off;      /* from the first byte of the name ... */
	size_t spec_len;      /* ... to the last byte of the value, or to "=" when it is empty */
	size_t equals_off;    /* position of "=" */
};

/* Options for zl_tagval_parse(), ORed together. */
enum zl_tagval_flags {
	/* Compare tag names ignoring ASCII case; DMARC's ABNF uses case-insensitive literals. */
	ZL_TAGVAL_CASELESS_NAMES = 1u << 0,
	/* Accept names of the form (ALPHA / DIGIT) *(ALPHA / DIGIT / "_" / "-" / "."), as in
	 * the extension names of RFC 8461 section 3.1 and RFC 8460 section 3. */
	ZL_TAGVAL_EXTENSION_NAMES = 1u << 1,
	/* Do not report repeated names; RFC 8460 allows several "rua" fields. */
	ZL_TAGVAL_DUPLICATES_OK = 1u << 2,
};

/* The tags of one record and the syntax findings about them. */
struct zl_tagval_list {
	const char *text;     /* the record text; borrowed, must outlive the list */
	size_t text_len;
	unsigned flags;       /* enum zl_tagval_flags given to zl_tagval_parse() */
	struct zl_tag tags[ZL_TAGVAL_MAX_TAGS];
	size_t count;         /* entries used in tags */
	struct zl_findings findings;  /* codes from enum zl_tagval_code */
};

/*
 * Split text into tag-specs following RFC 6376 section 3.2:
 *
 *   tag-list  = tag-spec *( ";" tag-spec ) [ ";" ]
 *   tag-spec  = [FWS] tag-name [FWS] "=" [FWS] tag-value [FWS]
 *   tag-name  = ALPHA *ALNUMPUNC
 *   tag-value = [ tval *( 1*(WSP / FWS) tval ) ]   ; tval = 1*(%x21-3A / %x3C-7E)
 *
 * An empty tag-spec between two ";" (or before the first) is reported. A
 * single trailing ";" is accepted, and so is whitespace after it, because
 * the DMARC and MTA-STS separators (*WSP ";" *WSP) allow it. A spec that
 * cannot be read as name=value is reported and left out of the tags.
 * Duplicates are kept, so zl_tagval_find() returns the first. Whitespace is
 * SP and HTAB, and CRLF followed by SP or HTAB (FWS). Other CR and LF bytes
 * are reported as control characters but still separate like whitespace.
 * Fills *list except the entries of tags and findings past their counts;
 * text must stay valid while the list is used.
 */
void
zl_tagval_parse(struct zl_tagval_list *list, const char *text, size_t len,
    unsigned flags);

/*
 * Return the first tag named name (NUL-terminated), compared according to
 * the list's flags, or NULL when there is none.
 */
const struct zl_tag *
zl_tagval_find(const struct zl_tagval_list *list, const char *name);

/*
 * Return whether tag is the first tag-spec of the record: the first tag in
 * the list with no ";" before it, so a malformed spec before it counts.
 */
bool
zl_tagval_is_first(const struct zl_tagval_list *list, const struct zl_tag *tag);

/*
 * Step through a list in text[*pos, end) whose items are separated by sep,
 * with optional whitespace around each item, like DKIM h= (":") or DMARC
 * rua= (","). Sets the next item, trimmed, and returns false when the list
 * is exhausted. Start with *pos at the first byte of the value; an empty
 * value yields one empty item.
 */
bool
zl_list_next(const char *text, char sep, size_t *pos, size_t end,
    size_t *item_off, size_t *item_len);

/* Return whether the tag's value equals the NUL-terminated word exactly. */
bool
zl_tagval_value_is(const struct zl_tagval_list *list, const struct zl_tag *tag,
    const char *word);

/* Return the stable name of a zl_tagval_code, e.g. "tagval-empty-tag", or NULL. */
const char *
zl_tagval_code_name(int code);

/*
 * Append a finding; when the list is full only the dropped counter grows.
 * subject and hint must be static strings or NULL.
 */
void
zl_findings_add(struct zl_findings *findings, int code, size_t off, size_t len,
    const char *subject, const char *hint);

/* Order findings by offset, keeping the order of findings at the same offset. */
void
zl_findings_sort(struct zl_findings *findings);

/* Return the number of findings with the given code. */
size_t
zl_findings_count_code(const struct zl_findings *findings, int code);

/* Return whether c is SP or HTAB. */
bool
zl_is_wsp(unsigned char c);

/* Return whether the n bytes at a equal the NUL-terminated b, ignoring ASCII case. */
bool
zl_equal_caseless(const char *a, size_t n, const char *b);

/*
 * Return the entry of candidates (NULL-terminated array) nearest to the n
 * bytes at word, or NULL when none is close enough to be a likely typo.
 * The measure is optimal string alignment distance: Levenshtein distance
 * plus transposition of two adjacent letters, so "rau" is one step from
 * "rua". The limit is 1 for words of up to 4 bytes and 2 for longer ones,
 * and always less than n.
 */
const char *
zl_nearest_word(const char *word, size_t n, const char *const *candidates,
    bool caseless);

/* URI schemes the mail records care about. */
enum zl_uri_scheme {
	ZL_URI_SCHEME_OTHER = 0,
	ZL_URI_SCHEME_MAILTO,
	ZL_URI_SCHEME_HTTPS,
	ZL_URI_SCHEME_HTTP,
};

/* Result of zl_uri_parse(). */
enum zl_uri_status {
	ZL_URI_OK = 0,
	ZL_URI_EMPTY,            /* no bytes at all */
	ZL_URI_NO_SCHEME,        /* no "scheme:" prefix, e.g. a bare address */
	ZL_URI_BAD_CHAR,         /* byte not allowed in a URI (RFC 3986 section 2) */
	ZL_URI_BAD_PERCENT,      /* "%" not followed by two hex digits */
	ZL_URI_MAILTO_NO_ADDRESS,  /* mailto: without "local@domain" */
	ZL_URI_MAILTO_BAD_LOCAL,   /* invalid local-part */
	ZL_URI_MAILTO_BAD_DOMAIN,  /* domain is not a host name or address literal */
	ZL_URI_HTTP_BAD_HOST,      /* http(s): missing "//" or an invalid host or port */
};

/* One URI inside a record, all positions are offsets into the record text. */
struct zl_uri {
	size_t off;           /* the URI, without any DMARC "!size" suffix */
	size_t len;
	enum zl_uri_scheme scheme;
	size_t addr_off;      /* mailto: the local@domain address */
	size_t addr_len;
	size_t host_off;      /* mailto: domain of the address; http(s): the host */
	size_t host_len;
};

/*
 * Check the URI in text[off, off + len) against RFC 3986 (generic syntax),
 * RFC 6068 (one mailto address, optional "?hfields") and the host part of
 * http and https URIs, and fill *uri. Scheme names compare ignoring case.
 * On failure *bad_off is the offset of the byte that made the check fail,
 * and uri contains the parts recognized before it.
 */
enum zl_uri_status
zl_uri_parse(const char *text, size_t off, size_t len, struct zl_uri *uri,
    size_t *bad_off);

/*
 * Return whether text[off, off + len) is a host name: dot-separated labels
 * of letters, digits and hyphens, each 1 to 63 bytes, not starting or ending
 * with a hyphen, at most 253 bytes in all, no trailing dot. When it is not,
 * *bad_off is the offset of the first byte that breaks a rule.
 */
bool
zl_host_name_check(const char *text, size_t off, size_t len, size_t *bad_off);

#endif /* ZL_TAGVAL_H */
