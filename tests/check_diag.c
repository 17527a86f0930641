/* Tests for the list of findings and the store of their texts. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "diag.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct zl_rule rule = { .id = "test-rule", .severity = ZL_WARNING };

static struct zl_pos
line_pos(uint32_t line)
{
	struct zl_pos pos = { 0, line, 1, line * 10 };

	return pos;
}

START_TEST(test_diag_same_text_kept_once)
{
	struct zl_diags d;
	struct zl_diag *a, *b, *c;

	zl_diags_init(&d, NULL);
	a = zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(1), ZL_NONE, 0, "'%s' is wrong", "x");
	zl_diag_hint(a, "fix it");
	b = zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(2), ZL_NONE, 0, "'%s' is wrong", "x");
	zl_diag_hint(b, "fix it");
	c = zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(3), ZL_NONE, 0, "'%s' is wrong", "y");
	ck_assert_str_eq(d.items[0].message, "'x' is wrong");
	ck_assert_str_eq(d.items[2].message, "'y' is wrong");
	ck_assert_ptr_eq(d.items[0].message, d.items[1].message);
	ck_assert_ptr_eq(d.items[0].hint, d.items[1].hint);
	ck_assert_ptr_ne(d.items[0].message, d.items[2].message);
	ck_assert_ptr_null(c->hint);
	zl_diags_fini(&d);
}
END_TEST

START_TEST(test_diag_long_texts_whole)
{
	struct zl_diags d;
	size_t sizes[] = { 511, 512, 513, 70000, 200000, 3 };
	char *text = malloc(200001);

	ck_assert_ptr_nonnull(text);
	zl_diags_init(&d, NULL);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(text, 'a' + (int)i, sizes[i]);
		text[sizes[i]] = '\0';
		zl_diag_emit(&d, &rule, ZL_WARNING, line_pos((uint32_t)i + 1), ZL_NONE, 0, "%s", text);
	}
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const char *m = d.items[i].message;

		ck_assert_uint_eq(strlen(m), sizes[i]);
		ck_assert_int_eq(m[0], 'a' + (int)i);
		ck_assert_int_eq(m[sizes[i] - 1], 'a' + (int)i);
	}
	free(text);
	zl_diags_fini(&d);
}
END_TEST

START_TEST(test_diag_many_texts_survive_growth)
{
	struct zl_diags d;
	char want[32];

	zl_diags_init(&d, NULL);
	for (unsigned i = 0; i < 5000; i++)
		zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(i + 1), ZL_NONE, 0, "finding %u", i % 3000);
	for (unsigned i = 0; i < 5000; i++) {
		snprintf(want, sizeof(want), "finding %u", i % 3000);
		ck_assert_str_eq(d.items[i].message, want);
	}
	ck_assert_ptr_eq(d.items[10].message, d.items[3010].message);
	zl_diags_fini(&d);
}
END_TEST

START_TEST(test_diag_take_keeps_texts)
{
	struct zl_diags to, from;
	struct zl_diag *x;

	zl_diags_init(&to, NULL);
	zl_diags_init(&from, NULL);
	zl_diag_emit(&to, &rule, ZL_WARNING, line_pos(1), ZL_NONE, 0, "first");
	x = zl_diag_emit(&from, &rule, ZL_ERROR, line_pos(2), ZL_NONE, 0, "second %d", 2);
	zl_diag_hint(x, "hint %d", 2);
	zl_diags_take(&to, &from);
	ck_assert_uint_eq(from.len, 0);
	ck_assert_uint_eq(to.len, 2);

	/* The list that gave its findings away can be used and freed. */
	zl_diag_emit(&from, &rule, ZL_WARNING, line_pos(3), ZL_NONE, 0, "third");
	zl_diags_fini(&from);

	/* A finding moved in keeps its texts, and takes a new message and
	 * hint after the move. */
	ck_assert_str_eq(to.items[1].message, "second 2");
	ck_assert_str_eq(to.items[1].hint, "hint 2");
	zl_diag_set_message(&to.items[1], "second, replaced");
	zl_diag_hint(&to.items[1], "another hint");
	ck_assert_str_eq(to.items[1].message, "second, replaced");
	ck_assert_str_eq(to.items[1].hint, "another hint");
	ck_assert_str_eq(to.items[0].message, "first");
	zl_diags_fini(&to);
}
END_TEST

START_TEST(test_diag_sort_drops_repeats)
{
	struct zl_diags d;

	zl_diags_init(&d, NULL);
	zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(2), ZL_NONE, 0, "same");
	zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(1), ZL_NONE, 0, "other");
	zl_diag_emit(&d, &rule, ZL_WARNING, line_pos(2), ZL_NONE, 0, "same");
	zl_diags_sort(&d);
	ck_assert_uint_eq(d.len, 2);
	ck_assert_str_eq(d.items[0].message, "other");
	ck_assert_str_eq(d.items[1].message, "same");
	zl_diags_fini(&d);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("diag");
	TCase *texts = tcase_create("texts");
	SRunner *sr;
	int failed;

	tcase_add_test(texts, test_diag_same_text_kept_once);
	tcase_add_test(texts, test_diag_long_texts_whole);
	tcase_add_test(texts, test_diag_many_texts_survive_growth);
	tcase_add_test(texts, test_diag_take_keeps_texts);
	tcase_add_test(texts, test_diag_sort_drops_repeats);
	suite_add_tcase(s, texts);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
