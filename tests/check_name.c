/* Unit tests of domain names: text to wire form, errors with offsets,
 * case folding, comparison and text output. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "util.h"

/* example.jp. in wire form, the origin of the relative cases. */
static const uint8_t origin[] = "\7example\2jp";

struct name_case {
	const char *text;
	const char *wire;	/* expected wire form (without the final 0 of a C string) */
	size_t wire_len;	/* including the root label */
	bool relative;
	bool with_origin;	/* pass origin; otherwise NULL */
};

#define NAME(text, wire, relative, with_origin) \
	{ text, wire, sizeof(wire), relative, with_origin }

static const struct name_case valid_names[] = {
	NAME("example.jp.", "\7example\2jp", false, true),
	NAME("EXAMPLE.jp.", "\7EXAMPLE\2jp", false, true),
	NAME(".", "", false, true),
	NAME("www", "\3www\7example\2jp", true, true),
	NAME("a.b", "\1a\1b\7example\2jp", true, true),
	NAME("www", "\3www", true, false),
	NAME("_dmarc.example.jp.", "\6_dmarc\7example\2jp", false, false),
	NAME("a\\.b.jp.", "\3a.b\2jp", false, false),
	NAME("sp\\032ace.", "\6sp ace", false, false),
	NAME("\\065bc.", "\3Abc", false, false),
	NAME("a\\\\b.", "\3a\\b", false, false),
	NAME("\\000.", "\1\0", false, false),
	NAME("\\255.", "\1\377", false, false),
	NAME("a\\;b\\(c\\)\\\"\\@\\$.", "\x09" "a;b(c)\"@$", false, false),
	NAME("*.example.jp.", "\1*\7example\2jp", false, false),
	NAME("xn--wgv71a.jp.", "\12xn--wgv71a\2jp", false, false),
};

START_TEST(test_name_valid)
{
	const struct name_case *c = &valid_names[_i];
	uint8_t out[ZL_NAME_MAX];
	size_t len = 0, err_off = 99;
	bool relative = !c->relative;
	enum zl_name_error e;

	e = zl_name_from_text(c->text, strlen(c->text), c->with_origin ? origin : NULL, out,
	    &len, &relative, &err_off);
	ck_assert_msg(e == ZL_NAME_OK, "'%s': error %d at %zu", c->text, (int)e, err_off);
	ck_assert_msg(len == c->wire_len, "'%s': %zu octets, expected %zu", c->text, len, c->wire_len);
	ck_assert_msg(memcmp(out, c->wire, len) == 0, "'%s': wrong wire form", c->text);
	ck_assert_msg(relative == c->relative, "'%s': relative is %d", c->text, relative);
	ck_assert_uint_eq(zl_name_len(out), len);
}
END_TEST

struct name_error_case {
	const char *text;
	bool with_origin;
	enum zl_name_error error;
	size_t offset;
};

/* Built at start-up: names at and just over the length limits. */
static char label63[64], label64[65], name255[256], name256[257], rel250[251];

static struct name_error_case error_names[] = {
	{ "a..b.", false, ZL_NAME_EMPTY_LABEL, 2 },
	{ ".a.", false, ZL_NAME_EMPTY_LABEL, 0 },
	{ "a..", false, ZL_NAME_EMPTY_LABEL, 2 },
	{ "", true, ZL_NAME_EMPTY_LABEL, 0 },
	{ "www..", true, ZL_NAME_EMPTY_LABEL, 4 },
	{ "x\\256.", false, ZL_NAME_BAD_ESCAPE, 1 },
	{ "abc\\1a.", false, ZL_NAME_BAD_ESCAPE, 3 },
	{ "abc\\12", false, ZL_NAME_BAD_ESCAPE, 3 },
	{ "abc\\", false, ZL_NAME_BAD_ESCAPE, 3 },
	{ "ok.", false, ZL_NAME_OK, 0 },		/* placeholder for label64 */
	{ "ok.", false, ZL_NAME_OK, 0 },		/* placeholder for name256 */
	{ "ok.", false, ZL_NAME_OK, 0 },		/* placeholder for rel250 + origin */
};

static void
build_long_names(void)
{
	size_t n = 0;

	memset(label63, 'a', 63);
	memset(label64, 'b', 64);

	/* 63.63.63.61. is 255 octets in wire form: 3 * 64 + 62 + 1. */
	for (int i = 0; i < 3; i++) {
		memcpy(name255 + n, label63, 63);
		n += 63;
		name255[n++] = '.';
	}
	memset(name255 + n, 'c', 61);
	n += 61;
	name255[n++] = '.';
	memcpy(name256, name255, n);
	memmove(name256 + n - 1, "d.", 2);	/* one more octet in the last label */

	/* 250 octets of relative name plus the 12 of example.jp. is too long. */
	memcpy(rel250, name255, 192);
	memset(rel250 + 192, 'e', 57);

	error_names[9] = (struct name_error_case){ label64, true, ZL_NAME_LABEL_TOO_LONG, 0 };
	error_names[10] = (struct name_error_case){ name256, false, ZL_NAME_TOO_LONG, 253 };
	error_names[11] = (struct name_error_case){ rel250, true, ZL_NAME_TOO_LONG, 0 };
}

START_TEST(test_name_errors)
{
	const struct name_error_case *c = &error_names[_i];
	size_t len = strlen(c->text), out_len = 0, err_off = 99;
	uint8_t out[ZL_NAME_MAX];
	bool relative = false;
	enum zl_name_error e;

	e = zl_name_from_text(c->text, len, c->with_origin ? origin : NULL, out, &out_len,
	    &relative, &err_off);
	ck_assert_msg(e == c->error, "'%.*s': error %d, expected %d", (int)len, c->text,
	    (int)e, (int)c->error);
	ck_assert_msg(err_off == c->offset, "'%.*s': offset %zu, expected %zu", (int)len,
	    c->text, err_off, c->offset);
}
END_TEST

START_TEST(test_name_length_limits)
{
	uint8_t out[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;

	ck_assert_int_eq(zl_name_from_text(label63, 63, origin, out, &len, &relative,
	    &err_off), ZL_NAME_OK);
	ck_assert_uint_eq(len, 64 + sizeof(origin));
	ck_assert_int_eq(zl_name_from_text(name255, strlen(name255), NULL, out, &len,
	    &relative, &err_off), ZL_NAME_OK);
	ck_assert_uint_eq(len, 255);
	ck_assert_uint_eq(zl_name_labels(out), 4);
}
END_TEST

START_TEST(test_name_fold_and_compare)
{
	const uint8_t mixed[] = "\3WwW\7ExAmPlE\2JP";
	const uint8_t lower[] = "\3www\7example\2jp";
	const uint8_t high[] = "\3\304\326x\2jp";	/* bytes over 127 keep their value */
	uint8_t out[ZL_NAME_MAX];

	zl_name_fold(mixed, out);
	ck_assert(memcmp(out, lower, sizeof(lower)) == 0);
	zl_name_fold(high, out);
	ck_assert(memcmp(out, high, sizeof(high)) == 0);

	ck_assert(zl_name_equal(mixed, lower));
	ck_assert(!zl_name_equal(lower, (const uint8_t *)"\3www\7example\2jq"));
	ck_assert(!zl_name_equal(lower, (const uint8_t *)"\3www\7example"));
	ck_assert_uint_eq(zl_name_hash(mixed), zl_name_hash(lower));

	/* The same letters split into other labels make another name. */
	ck_assert(!zl_name_equal((const uint8_t *)"\2ab\1c", (const uint8_t *)"\1a\2bc"));
}
END_TEST

START_TEST(test_name_subdomain)
{
	const uint8_t *jp = (const uint8_t *)"\2jp";
	const uint8_t *example = (const uint8_t *)"\7example\2jp";
	const uint8_t *www = (const uint8_t *)"\3WWW\7Example\2jp";
	const uint8_t *other = (const uint8_t *)"\10xexample\2jp";
	const uint8_t *root = (const uint8_t *)"";

	ck_assert(zl_name_is_subdomain(www, example));
	ck_assert(zl_name_is_subdomain(www, jp));
	ck_assert(zl_name_is_subdomain(example, example));
	ck_assert(zl_name_is_subdomain(www, root));
	ck_assert(zl_name_is_subdomain(root, root));
	ck_assert(!zl_name_is_subdomain(example, www));
	ck_assert(!zl_name_is_subdomain(other, example));
	ck_assert(!zl_name_is_subdomain(root, jp));
	ck_assert_uint_eq(zl_name_labels(www), 3);
	ck_assert_uint_eq(zl_name_labels(root), 0);
}
END_TEST

struct text_case {
	const char *wire;
	size_t wire_len;
	const char *text;
};

#define TEXT(wire, text) { wire, sizeof(wire), text }

static const struct text_case text_cases[] = {
	TEXT("", "."),
	TEXT("\7example\2jp", "example.jp."),
	TEXT("\3a.b\2jp", "a\\.b.jp."),
	TEXT("\6sp ace", "sp\\032ace."),
	TEXT("\3a\\b", "a\\\\b."),
	TEXT("\1\0", "\\000."),
	TEXT("\2\177\377", "\\127\\255."),
	TEXT("\x09" "a;b(c)\"@$", "a\\;b\\(c\\)\\\"\\@\\$."),
	TEXT("\1*\6_dmarc", "*._dmarc."),
};

START_TEST(test_name_to_text)
{
	const struct text_case *c = &text_cases[_i];
	char *text = zl_name_text((const uint8_t *)c->wire);
	uint8_t back[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;

	ck_assert_msg(strcmp(text, c->text) == 0, "'%s', expected '%s'", text, c->text);

	/* The text reads back to the same wire form. */
	ck_assert_int_eq(zl_name_from_text(text, strlen(text), NULL, back, &len, &relative,
	    &err_off), ZL_NAME_OK);
	ck_assert_uint_eq(len, c->wire_len);
	ck_assert(memcmp(back, c->wire, len) == 0);
	free(text);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("name");
	TCase *from_text = tcase_create("from_text");
	TCase *compare = tcase_create("compare");
	TCase *to_text = tcase_create("to_text");
	SRunner *sr;
	int failed;

	build_long_names();
	tcase_add_loop_test(from_text, test_name_valid, 0,
	    (int)(sizeof(valid_names) / sizeof(valid_names[0])));
	tcase_add_loop_test(from_text, test_name_errors, 0,
	    (int)(sizeof(error_names) / sizeof(error_names[0])));
	tcase_add_test(from_text, test_name_length_limits);
	suite_add_tcase(s, from_text);
	tcase_add_test(compare, test_name_fold_and_compare);
	tcase_add_test(compare, test_name_subdomain);
	suite_add_tcase(s, compare);
	tcase_add_loop_test(to_text, test_name_to_text, 0,
	    (int)(sizeof(text_cases) / sizeof(text_cases[0])));
	suite_add_tcase(s, to_text);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
