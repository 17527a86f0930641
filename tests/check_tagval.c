/*
 * check_tagval.c - tests for the tag=value list parser and the shared
 * helpers in tagval.c (typo suggestions, URIs, host names).
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_findings.h"
#include "tagval.h"

/* Text and length of a string literal, so inputs may contain NUL bytes. */
#define TEXT(s) s, sizeof(s) - 1

struct split_case {
	const char *text;
	size_t len;
	unsigned flags;
	size_t tags;                  /* expected number of tags kept */
	struct expect findings[4];
};

static const struct split_case split_cases[] = {
	/* Valid lists, including the trailing ";" that ABNF allows. */
	{ TEXT("v=DKIM1; p=abc"), 0, 2, { END_FINDINGS } },
	{ TEXT("v=DKIM1;"), 0, 1, { END_FINDINGS } },
	{ TEXT("v=DKIM1; "), 0, 1, { END_FINDINGS } },
	{ TEXT("v = DKIM1 ;\tp = abc "), 0, 2, { END_FINDINGS } },
	{ TEXT(""), 0, 0, { END_FINDINGS } },
	{ TEXT("   "), 0, 0, { END_FINDINGS } },
	/* FWS: CRLF followed by whitespace. */
	{ TEXT("v=DKIM1;\r\n p=abc"), 0, 2, { END_FINDINGS } },
	{ TEXT("n=one two\tthree; p=x"), 0, 2, { END_FINDINGS } },

	/* tag-list = tag-spec *( ";" tag-spec ) [ ";" ]: no empty spec before a ";". */
	{ TEXT("v=DKIM1;;p=x"), 0, 2, { FIND(ZL_TAGVAL_EMPTY_TAG, 8, 1), END_FINDINGS } },
	{ TEXT(";v=DKIM1"), 0, 1, { FIND(ZL_TAGVAL_EMPTY_TAG, 0, 1), END_FINDINGS } },
	{ TEXT("v=DKIM1; ;p=x"), 0, 2, { FIND(ZL_TAGVAL_EMPTY_TAG, 9, 1), END_FINDINGS } },
	{ TEXT("v=DKIM1;;"), 0, 1, { FIND(ZL_TAGVAL_EMPTY_TAG, 8, 1), END_FINDINGS } },
	{ TEXT(";"), 0, 0, { FIND(ZL_TAGVAL_EMPTY_TAG, 0, 1), END_FINDINGS } },

	/* A missing ";" leaves one tag whose value contains the next one. */
	{ TEXT("v=DMARC1 p=reject"), 0, 1,
	    { FIND(ZL_TAGVAL_MISSING_SEMICOLON, 8, 1), END_FINDINGS } },
	{ TEXT("v=DMARC1  p=reject sp=none"), 0, 1,
	    { FIND(ZL_TAGVAL_MISSING_SEMICOLON, 8, 2),
	      FIND(ZL_TAGVAL_MISSING_SEMICOLON, 18, 1), END_FINDINGS } },
	/* Any blank counts, a folded line too. */
	{ TEXT("v=DMARC1\tp=reject"), 0, 1,
	    { FIND(ZL_TAGVAL_MISSING_SEMICOLON, 8, 1), END_FINDINGS } },
	{ TEXT("v=DMARC1\r\n p=reject"), 0, 1,
	    { FIND(ZL_TAGVAL_MISSING_SEMICOLON, 8, 3), END_FINDINGS } },
	{ TEXT("v=DMARC1\x01 p=reject"), 0, 1,
	    { FIND(ZL_TAGVAL_CONTROL_CHAR, 8, 1),
	      FIND(ZL_TAGVAL_MISSING_SEMICOLON, 9, 1), END_FINDINGS } },
	/* Blanks inside a folded key, before padding, or between URIs start no tag. */
	{ TEXT("p=MIIB 3WGl AQAB"), 0, 1, { END_FINDINGS } },
	{ TEXT("p=MIIB 3WG= "), 0, 1, { END_FINDINGS } },
	{ TEXT("p=MIIB 3W=="), 0, 1, { END_FINDINGS } },
	{ TEXT("rua=mailto:a@example.com, mailto:b@example.com"), 0, 1, { END_FINDINGS } },

	/* Malformed tag-specs are reported and left out of the tags. */
	{ TEXT("v=DMARC1; rua:mailto:x@example.jp"), 0, 1,
	    { FIND_SH(ZL_TAGVAL_COLON_FOR_EQUALS, 13, 1, NULL, "="), END_FINDINGS } },
	{ TEXT("v=DKIM1; foo; p=x"), 0, 2,
	    { FIND(ZL_TAGVAL_MISSING_EQUALS, 9, 3), END_FINDINGS } },
	{ TEXT("v=DKIM1; p reject"), 0, 1,
	    { FIND(ZL_TAGVAL_MISSING_EQUALS, 9, 8), END_FINDINGS } },
	{ TEXT("v=DKIM1; r-ua=x"), 0, 1,
	    { FIND(ZL_TAGVAL_BAD_NAME_CHAR, 10, 1), END_FINDINGS } },
	{ TEXT("v=DKIM1; 1p=x"), 0, 1,
	    { FIND(ZL_TAGVAL_BAD_NAME_CHAR, 9, 1), END_FINDINGS } },
	{ TEXT("v=DKIM1; =x"), 0, 1,
	    { FIND(ZL_TAGVAL_BAD_NAME_CHAR, 9, 1), END_FINDINGS } },
	{ TEXT("v=DKIM1; r ua=x"), 0, 1,
	    { FIND(ZL_TAGVAL_BAD_NAME_CHAR, 11, 1), END_FINDINGS } },

	/* RFC 6376 section 3.2: "Tags with duplicate names MUST NOT occur". */
	{ TEXT("p=a; p=b"), 0, 2, { FIND(ZL_TAGVAL_DUPLICATE_TAG, 5, 1), END_FINDINGS } },
	{ TEXT("p=a; P=b"), 0, 2, { END_FINDINGS } },
	{ TEXT("p=a; P=b"), ZL_TAGVAL_CASELESS_NAMES, 2,
	    { FIND(ZL_TAGVAL_DUPLICATE_TAG, 5, 1), END_FINDINGS } },
	{ TEXT("rua=a; rua=b"), ZL_TAGVAL_DUPLICATES_OK, 2, { END_FINDINGS } },

	/* Bytes that no tag-value may contain. */
	{ TEXT("v=DKIM1; p=a\x01z"), 0, 2,
	    { FIND(ZL_TAGVAL_CONTROL_CHAR, 12, 1), END_FINDINGS } },
	{ TEXT("v=DKIM1;\rp=abc"), 0, 2,
	    { FIND(ZL_TAGVAL_CONTROL_CHAR, 8, 1), END_FINDINGS } },
	{ TEXT("p=a\0b"), 0, 1, { FIND(ZL_TAGVAL_CONTROL_CHAR, 3, 1), END_FINDINGS } },
	{ TEXT("n=caf\xc3\xa9; p=x"), 0, 2,
	    { FIND(ZL_TAGVAL_NON_ASCII, 5, 2), END_FINDINGS } },
	/* A pasted zero-width space before the first tag does not hide it. */
	{ TEXT("\xe2\x80\x8bv=DKIM1; p=x"), 0, 2,
	    { FIND(ZL_TAGVAL_NON_ASCII, 0, 3), END_FINDINGS } },

	/* Extension names of MTA-STS and TLS-RPT. */
	{ TEXT("v=STSv1; 9my-ext.v_2=x"), ZL_TAGVAL_EXTENSION_NAMES, 2, { END_FINDINGS } },
	{ TEXT("v=STSv1; my-ext=x"), 0, 1, { FIND(ZL_TAGVAL_BAD_NAME_CHAR, 11, 1), END_FINDINGS } },
};

START_TEST(test_tagval_split_findings)
{
	const struct split_case *c = &split_cases[_i];
	struct zl_tagval_list list;

	zl_tagval_parse(&list, c->text, c->len, c->flags);

	assert_findings(c->text, c->len, &list.findings, NULL, NULL, c->findings);
	ck_assert_msg(list.count == c->tags, "input \"%s\": %zu tags, expected %zu",
	    c->text, list.count, c->tags);
}
END_TEST

/*
 * Every byte value at each of the first 24 positions of a long value, so
 * that it falls at every place in the words the scan reads at once.
 */
START_TEST(test_tagval_odd_byte_every_offset)
{
	unsigned char b = (unsigned char)_i;
	char text[48];

	for (size_t k = 0; k < 24; k++) {
		struct zl_tagval_list list;
		size_t at = 2 + k;
		int code = 0;

		memcpy(text, "p=", 2);
		memset(text + 2, 'A', sizeof(text) - 2);
		text[at] = (char)b;
		zl_tagval_parse(&list, text, sizeof(text), 0);

		if (b >= 0x80)
			code = ZL_TAGVAL_NON_ASCII;
		else if ((b < 0x20 && b != '\t') || b == 0x7f)
			code = ZL_TAGVAL_CONTROL_CHAR;
		if (b == ';')
			continue;
		if (code == 0) {
			ck_assert_msg(list.findings.count == 0, "byte 0x%02x at %zu: %zu findings",
			    b, at, list.findings.count);
			continue;
		}
		ck_assert_msg(list.findings.count == 1, "byte 0x%02x at %zu: %zu findings",
		    b, at, list.findings.count);
		ck_assert_msg(list.findings.items[0].code == code, "byte 0x%02x at %zu: code %d",
		    b, at, list.findings.items[0].code);
		ck_assert_msg(list.findings.items[0].off == at, "byte 0x%02x at %zu: at %zu",
		    b, at, list.findings.items[0].off);
		ck_assert_uint_eq(list.findings.items[0].len, 1);
	}
}
END_TEST

/* A blank followed by "name=" at each of the first 24 positions of a value
 * after its first byte, because leading blanks are not part of the value. */
START_TEST(test_tagval_missing_semicolon_every_offset)
{
	char text[48];

	for (size_t k = 1; k < 25; k++) {
		struct zl_tagval_list list;
		size_t at = 2 + k;

		memcpy(text, "p=", 2);
		memset(text + 2, 'A', sizeof(text) - 2);
		memcpy(text + at, " x=y", 4);
		zl_tagval_parse(&list, text, sizeof(text), 0);

		ck_assert_msg(list.findings.count == 1, "blank at %zu: %zu findings", at,
		    list.findings.count);
		ck_assert_int_eq(list.findings.items[0].code, ZL_TAGVAL_MISSING_SEMICOLON);
		ck_assert_msg(list.findings.items[0].off == at, "blank at %zu: finding at %zu",
		    at, list.findings.items[0].off);
	}
}
END_TEST

START_TEST(test_tagval_offsets_trimmed)
{
	static const char text[] = "  v = DKIM1 ;p=\t abc def \t;x=";
	struct zl_tagval_list list;
	const struct zl_tag *t;

	zl_tagval_parse(&list, text, sizeof(text) - 1, 0);
	ck_assert_uint_eq(list.count, 3);

	t = &list.tags[0];
	ck_assert_uint_eq(t->name_off, 2);
	ck_assert_uint_eq(t->name_len, 1);
	ck_assert_uint_eq(t->equals_off, 4);
	ck_assert_uint_eq(t->value_off, 6);
	ck_assert_uint_eq(t->value_len, 5);
	ck_assert_uint_eq(t->spec_off, 2);
	ck_assert_uint_eq(t->spec_len, 9);

	t = &list.tags[1];
	ck_assert_uint_eq(t->name_off, 13);
	ck_assert_uint_eq(t->value_off, 17);
	ck_assert_uint_eq(t->value_len, 7);

	/* An empty value sits just after "=", and the spec ends there. */
	t = &list.tags[2];
	ck_assert_uint_eq(t->name_off, 27);
	ck_assert_uint_eq(t->value_off, 29);
	ck_assert_uint_eq(t->value_len, 0);
	ck_assert_uint_eq(t->spec_len, 2);
}
END_TEST

START_TEST(test_tagval_find_first_duplicate)
{
	static const char text[] = "a=1; B=2; a=3";
	struct zl_tagval_list list;
	const struct zl_tag *t;

	zl_tagval_parse(&list, text, sizeof(text) - 1, 0);
	t = zl_tagval_find(&list, "a");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->value_off, 2);
	ck_assert_ptr_null(zl_tagval_find(&list, "b"));
	ck_assert(zl_tagval_value_is(&list, zl_tagval_find(&list, "B"), "2"));

	zl_tagval_parse(&list, text, sizeof(text) - 1, ZL_TAGVAL_CASELESS_NAMES);
	t = zl_tagval_find(&list, "b");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(t->value_off, 7);
}
END_TEST

START_TEST(test_tagval_is_first_after_junk)
{
	static const char junk[] = "foo; v=DKIM1";
	static const char clean[] = " v=DKIM1; p=";
	struct zl_tagval_list list;

	/* The malformed "foo" is not a tag, but it still comes before v=. */
	zl_tagval_parse(&list, junk, sizeof(junk) - 1, 0);
	ck_assert_uint_eq(list.count, 1);
	ck_assert(!zl_tagval_is_first(&list, &list.tags[0]));

	zl_tagval_parse(&list, clean, sizeof(clean) - 1, 0);
	ck_assert(zl_tagval_is_first(&list, &list.tags[0]));
	ck_assert(!zl_tagval_is_first(&list, &list.tags[1]));
}
END_TEST

START_TEST(test_tagval_too_many_tags)
{
	char text[ZL_TAGVAL_MAX_TAGS * 8 + 64];
	size_t len = 0, dropped_at = 0;
	struct zl_tagval_list list;

	for (int i = 0; i < ZL_TAGVAL_MAX_TAGS + 3; i++) {
		if (i == ZL_TAGVAL_MAX_TAGS)
			dropped_at = len;
		len += (size_t)snprintf(text + len, sizeof(text) - len, "t%d=1;", i);
	}
	zl_tagval_parse(&list, text, len, 0);

	ck_assert_uint_eq(list.count, ZL_TAGVAL_MAX_TAGS);
	ck_assert_uint_eq(list.findings.count, 1);
	ck_assert_int_eq(list.findings.items[0].code, ZL_TAGVAL_TOO_MANY_TAGS);
	ck_assert_uint_eq(list.findings.items[0].off, dropped_at);
}
END_TEST

START_TEST(test_tagval_findings_overflow_counted)
{
	struct zl_findings f = { .count = 0 };

	for (int i = 0; i < ZL_FINDINGS_MAX + 5; i++)
		zl_findings_add(&f, ZL_TAGVAL_EMPTY_TAG, (size_t)(100 - i), 1, NULL, NULL);
	ck_assert_uint_eq(f.count, ZL_FINDINGS_MAX);
	ck_assert_uint_eq(f.dropped, 5);

	zl_findings_sort(&f);
	for (size_t i = 1; i < f.count; i++)
		ck_assert_uint_le(f.items[i - 1].off, f.items[i].off);
	ck_assert_uint_eq(zl_findings_count_code(&f, ZL_TAGVAL_EMPTY_TAG), ZL_FINDINGS_MAX);
}
END_TEST

START_TEST(test_tagval_code_names_complete)
{
	for (int code = ZL_TAGVAL_EMPTY_TAG; code < ZL_TAGVAL_CODE_END; code++) {
		const char *name = zl_tagval_code_name(code);

		ck_assert_msg(name != NULL && strncmp(name, "tagval-", 7) == 0,
		    "code %d has no name", code);
	}
	ck_assert_ptr_null(zl_tagval_code_name(ZL_TAGVAL_CODE_END));
	ck_assert_ptr_null(zl_tagval_code_name(0));
}
END_TEST

struct nearest_case {
	const char *word;
	const char *expected;         /* NULL: no suggestion */
};

static const char *const dmarc_names[] = {
	"v", "p", "sp", "np", "psd", "t", "rua", "ruf", "adkim", "aspf", "fo",
	"pct", "rf", "ri", NULL
};

static const struct nearest_case nearest_cases[] = {
	{ "rau", "rua" },             /* transposition counts as one edit */
	{ "ruaa", "rua" },
	{ "adkm", "adkim" },
	{ "aspff", "aspf" },
	{ "RUA", "rua" },             /* caseless */
	{ "pct", "pct" },
	{ "x", NULL },                /* one letter is one edit from any one-letter tag */
	{ "sp", "sp" },
	{ "report", NULL },
	{ "rurururu", NULL },
};

START_TEST(test_tagval_nearest_word)
{
	const struct nearest_case *c = &nearest_cases[_i];
	const char *got = zl_nearest_word(c->word, strlen(c->word), dmarc_names, true);

	if (c->expected == NULL)
		ck_assert_msg(got == NULL, "\"%s\": suggested \"%s\"", c->word, got);
	else
		ck_assert_msg(got != NULL && strcmp(got, c->expected) == 0,
		    "\"%s\": suggested \"%s\", expected \"%s\"", c->word,
		    got ? got : "(none)", c->expected);
}
END_TEST

struct uri_case {
	const char *uri;
	enum zl_uri_status status;
	size_t bad_off;               /* checked when status is not ZL_URI_OK */
	enum zl_uri_scheme scheme;
	const char *host;             /* expected host, checked when not NULL */
};

static const struct uri_case uri_cases[] = {
	{ "mailto:dmarc@example.com", ZL_URI_OK, 0, ZL_URI_SCHEME_MAILTO, "example.com" },
	{ "MAILTO:Dmarc+tag@Example.COM", ZL_URI_OK, 0, ZL_URI_SCHEME_MAILTO, "Example.COM" },
	{ "mailto:a.b%2Bc@example.com?subject=x", ZL_URI_OK, 0, ZL_URI_SCHEME_MAILTO, "example.com" },
	{ "mailto:x@[192.0.2.1]", ZL_URI_OK, 0, ZL_URI_SCHEME_MAILTO, "[192.0.2.1]" },
	{ "https://example.com/r?x=1", ZL_URI_OK, 0, ZL_URI_SCHEME_HTTPS, "example.com" },
	{ "https://user@example.com.:8443/", ZL_URI_OK, 0, ZL_URI_SCHEME_HTTPS, "example.com." },
	{ "https://[2001:db8::1]/x", ZL_URI_OK, 0, ZL_URI_SCHEME_HTTPS, "[2001:db8::1]" },
	{ "http://example.com", ZL_URI_OK, 0, ZL_URI_SCHEME_HTTP, "example.com" },
	{ "ftp://example.com/x", ZL_URI_OK, 0, ZL_URI_SCHEME_OTHER, NULL },

	{ "", ZL_URI_EMPTY, 0, ZL_URI_SCHEME_OTHER, NULL },
	{ "dmarc@example.com", ZL_URI_NO_SCHEME, 0, ZL_URI_SCHEME_OTHER, NULL },
	{ "1mailto:x@example.com", ZL_URI_NO_SCHEME, 0, ZL_URI_SCHEME_OTHER, NULL },
	{ "mailto:a b@example.com", ZL_URI_BAD_CHAR, 8, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a%2@example.com", ZL_URI_BAD_PERCENT, 8, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a%4", ZL_URI_BAD_PERCENT, 8, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:", ZL_URI_MAILTO_NO_ADDRESS, 7, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:example.com", ZL_URI_MAILTO_NO_ADDRESS, 7, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:@example.com", ZL_URI_MAILTO_BAD_LOCAL, 7, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:.a@example.com", ZL_URI_MAILTO_BAD_LOCAL, 7, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a.@example.com", ZL_URI_MAILTO_BAD_LOCAL, 8, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a(b)@example.com", ZL_URI_MAILTO_BAD_LOCAL, 8, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a@", ZL_URI_MAILTO_BAD_DOMAIN, 9, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a@example..com", ZL_URI_MAILTO_BAD_DOMAIN, 17, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a@example.com.", ZL_URI_MAILTO_BAD_DOMAIN, 20, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a@b@example.com", ZL_URI_MAILTO_BAD_DOMAIN, 10, ZL_URI_SCHEME_MAILTO, NULL },
	{ "mailto:a@exa_mple.com", ZL_URI_MAILTO_BAD_DOMAIN, 12, ZL_URI_SCHEME_MAILTO, NULL },
	{ "https:example.com", ZL_URI_HTTP_BAD_HOST, 6, ZL_URI_SCHEME_HTTPS, NULL },
	{ "https://", ZL_URI_HTTP_BAD_HOST, 8, ZL_URI_SCHEME_HTTPS, NULL },
	{ "https://example.com:80a/", ZL_URI_HTTP_BAD_HOST, 22, ZL_URI_SCHEME_HTTPS, NULL },
	{ "https://-example.com/", ZL_URI_HTTP_BAD_HOST, 8, ZL_URI_SCHEME_HTTPS, NULL },
};

START_TEST(test_tagval_uri_parse)
{
	const struct uri_case *c = &uri_cases[_i];
	/* Parse from inside a larger text to check that offsets are absolute. */
	char text[256];
	size_t len = strlen(c->uri), bad = 0;
	struct zl_uri uri;
	enum zl_uri_status status;

	snprintf(text, sizeof(text), "rua=%s;", c->uri);
	status = zl_uri_parse(text, 4, len, &uri, &bad);

	ck_assert_msg(status == c->status, "\"%s\": status %d, expected %d",
	    c->uri, status, c->status);
	ck_assert_msg(uri.scheme == c->scheme, "\"%s\": scheme %d, expected %d",
	    c->uri, uri.scheme, c->scheme);
	if (c->status != ZL_URI_OK)
		ck_assert_msg(bad == 4 + c->bad_off, "\"%s\": bad byte at %zu, expected %zu",
		    c->uri, bad - 4, c->bad_off);
	if (c->host != NULL)
		ck_assert_msg(uri.host_len == strlen(c->host) &&
		    memcmp(text + uri.host_off, c->host, uri.host_len) == 0,
		    "\"%s\": host \"%.*s\", expected \"%s\"", c->uri,
		    (int)uri.host_len, text + uri.host_off, c->host);
}
END_TEST

/* Every byte value in the path of an https URI (RFC 3986 characters) and
 * in the local-part of a mailto address (RFC 5322 atext). */
START_TEST(test_tagval_uri_char_classes)
{
	static const char uri_chars[] = "-._~:/?#[]@!$&'()*+,;=";
	static const char atext_chars[] = "!#$&'*+-/=^_`{|}~";

	for (int b = 1; b < 256; b++) {
		char text[64];
		size_t bad = 0;
		struct zl_uri uri;
		bool alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		    (b >= '0' && b <= '9');
		enum zl_uri_status want = alnum || strchr(uri_chars, b) != NULL ? ZL_URI_OK :
		    b == '%' ? ZL_URI_BAD_PERCENT : ZL_URI_BAD_CHAR;
		enum zl_uri_status got;

		snprintf(text, sizeof(text), "https://example.com/%c", b);
		got = zl_uri_parse(text, 0, strlen(text), &uri, &bad);
		ck_assert_msg(got == want, "path byte 0x%02x: status %d, expected %d", b, got, want);

		/* Of the URI characters, those that are not atext make the
		 * local-part invalid. "." separates atoms, "?" starts the
		 * header fields and "@" ends the local-part, so they are left
		 * to the other tests. */
		if (want != ZL_URI_OK || b == '.' || b == '?' || b == '@')
			continue;
		want = alnum || strchr(atext_chars, b) != NULL ? ZL_URI_OK : ZL_URI_MAILTO_BAD_LOCAL;
		snprintf(text, sizeof(text), "mailto:a%cb@example.com", b);
		got = zl_uri_parse(text, 0, strlen(text), &uri, &bad);
		ck_assert_msg(got == want, "local-part byte 0x%02x: status %d, expected %d", b,
		    got, want);
	}
}
END_TEST

START_TEST(test_tagval_host_name_limits)
{
	char name[300];
	size_t bad = 0;

	ck_assert(zl_host_name_check("a-1.example", 0, 11, &bad));
	ck_assert(!zl_host_name_check("a-.example", 0, 10, &bad));
	ck_assert_uint_eq(bad, 1);
	ck_assert(!zl_host_name_check("", 0, 0, &bad));

	/* A label may have 63 bytes, not 64. */
	memset(name, 'a', 64);
	ck_assert(zl_host_name_check(name, 0, 63, &bad));
	ck_assert(!zl_host_name_check(name, 0, 64, &bad));
	ck_assert_uint_eq(bad, 63);

	/* A name may have 253 bytes, not 254. */
	for (size_t i = 0; i < sizeof(name); i++)
		name[i] = i % 50 == 49 ? '.' : 'a';
	ck_assert(zl_host_name_check(name, 0, 253, &bad));
	ck_assert(!zl_host_name_check(name, 0, 254, &bad));
	ck_assert_uint_eq(bad, 253);
}
END_TEST

START_TEST(test_tagval_list_next_items)
{
	static const char text[] = "sha1 : sha256::x";
	size_t pos = 0, off = 0, len = 0;
	size_t offs[4], lens[4], n = 0;

	while (zl_list_next(text, ':', &pos, sizeof(text) - 1, &off, &len) && n < 4) {
		offs[n] = off;
		lens[n] = len;
		n++;
	}
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(offs[0], 0);
	ck_assert_uint_eq(lens[0], 4);
	ck_assert_uint_eq(offs[1], 7);
	ck_assert_uint_eq(lens[1], 6);
	ck_assert_uint_eq(lens[2], 0);
	ck_assert_uint_eq(offs[3], 15);
	ck_assert_uint_eq(lens[3], 1);
}
END_TEST

static Suite *
tagval_suite(void)
{
	Suite *s = suite_create("tagval");
	TCase *split = tcase_create("split");
	TCase *lookup = tcase_create("lookup");
	TCase *findings = tcase_create("findings");
	TCase *helpers = tcase_create("helpers");

	tcase_add_loop_test(split, test_tagval_split_findings, 0,
	    sizeof(split_cases) / sizeof(split_cases[0]));
	tcase_add_test(split, test_tagval_offsets_trimmed);
	tcase_add_loop_test(split, test_tagval_odd_byte_every_offset, 0, 256);
	tcase_add_test(split, test_tagval_missing_semicolon_every_offset);
	tcase_add_test(split, test_tagval_too_many_tags);
	suite_add_tcase(s, split);

	tcase_add_test(lookup, test_tagval_find_first_duplicate);
	tcase_add_test(lookup, test_tagval_is_first_after_junk);
	suite_add_tcase(s, lookup);

	tcase_add_test(findings, test_tagval_findings_overflow_counted);
	tcase_add_test(findings, test_tagval_code_names_complete);
	suite_add_tcase(s, findings);

	tcase_add_loop_test(helpers, test_tagval_nearest_word, 0,
	    sizeof(nearest_cases) / sizeof(nearest_cases[0]));
	tcase_add_loop_test(helpers, test_tagval_uri_parse, 0,
	    sizeof(uri_cases) / sizeof(uri_cases[0]));
	tcase_add_test(helpers, test_tagval_uri_char_classes);
	tcase_add_test(helpers, test_tagval_host_name_limits);
	tcase_add_test(helpers, test_tagval_list_next_items);
	suite_add_tcase(s, helpers);
	return s;
}

int
main(void)
{
	SRunner *runner = srunner_create(tagval_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
