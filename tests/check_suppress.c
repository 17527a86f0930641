/* Tests for finding suppression comments in zone files. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "suppress.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RECORD = ZL_SUPPRESS_RECORD, FILE_WIDE = ZL_SUPPRESS_FILE,
       KEYWORD = ZL_SUPPRESS_BAD_KEYWORD, NO_RULE = ZL_SUPPRESS_NO_RULE };

/* Columns: kind, text, known (names a rule), line, col, first and last
 * line silenced.  A NULL text ends the list. */
struct expect_entry {
	int kind;
	const char *text;
	bool known;
	uint32_t line, col, first, last;
};

struct scan_case {
	const char *name;
	const char *zone;
	struct expect_entry entries[4];
};

static const struct scan_case cases[] = {
	{ "trailing comment applies to its record",
	  "a IN TXT \"x\"\"y\" ; zonelint: disable=zone-adjacent-strings why\n"
	  "b IN A 192.0.2.1\n",
	  { { RECORD, "zone-adjacent-strings", true, 1, 37, 1, 1 } } },
	{ "own-line comment applies to the next record",
	  "; zonelint: disable=zone-syntax\n"
	  "\n"
	  "; another comment\n"
	  "a IN A 192.0.2.1\n",
	  { { RECORD, "zone-syntax", true, 1, 21, 4, 4 } } },
	{ "record in parentheses spans its lines",
	  "; zonelint: disable=txt-misencoded\n"
	  "a IN TXT ( \"x\"\n"
	  "           \"y\" )\n"
	  "b IN TXT ( \"x\" ; zonelint: disable=zone-syntax\n"
	  "; zonelint: disable=zone-missing-dot\n"
	  "           \"y\" )\n",
	  { { RECORD, "txt-misencoded", true, 1, 21, 2, 3 },
	    { RECORD, "zone-syntax", true, 4, 36, 4, 6 },
	    { RECORD, "zone-missing-dot", true, 5, 21, 4, 6 } } },
	{ "semicolon inside quotes is text",
	  "a IN TXT \"; zonelint: disable=zone-syntax\" \"\\\"; zonelint: disable=x\"\n",
	  { { 0, NULL, false, 0, 0, 0, 0 } } },
	{ "escaped semicolon is text",
	  "a IN TXT v=spf1\\; zonelint: disable=zone-syntax\n",
	  { { 0, NULL, false, 0, 0, 0, 0 } } },
	{ "escaped newline in quotes continues the string",
	  "a IN TXT \"x\\\n; zonelint: disable=zone-syntax\"\n",
	  { { 0, NULL, false, 0, 0, 0, 0 } } },
	{ "list with blanks after commas, and a file-wide entry",
	  "\xef\xbb\xbf;; zonelint: disable-file=zone-syntax, no-such-rule reason\n",
	  { { FILE_WIDE, "zone-syntax", true, 1, 27, 1, UINT32_MAX },
	    { FILE_WIDE, "no-such-rule", false, 1, 40, 1, UINT32_MAX } } },
	{ "misspelt keyword and empty list",
	  ";zonelint:disabel=zone-syntax\n"
	  "a IN A 192.0.2.1 ; zonelint: disable=\n"
	  "; zonelint:\n",
	  { { KEYWORD, "disabel", false, 1, 11, 2, 2 },
	    { NO_RULE, "", false, 2, 38, 2, 2 },
	    { NO_RULE, "", false, 3, 12, 0, 0 } } },
	{ "other comments are not suppressions",
	  "; zonelint checks this zone\n; expect: zone-syntax\n",
	  { { 0, NULL, false, 0, 0, 0, 0 } } },
};

START_TEST(test_suppress_scan)
{
	const struct scan_case *c = &cases[_i];
	struct zl_suppressions s;
	size_t n = 0;

	zl_suppressions_init(&s);
	zl_suppressions_scan(&s, c->zone, strlen(c->zone), 7);
	while (n < 4 && c->entries[n].text != NULL)
		n++;
	ck_assert_msg(s.len == n, "%s: %zu entries, expected %zu", c->name, s.len, n);
	for (size_t i = 0; i < n; i++) {
		const struct expect_entry *x = &c->entries[i];
		const struct zl_suppression *e = &s.items[i];

		ck_assert_msg((int)e->kind == x->kind, "%s: entry %zu kind %d", c->name, i, e->kind);
		ck_assert_msg(strcmp(e->text, x->text) == 0, "%s: entry %zu text '%s'", c->name, i,
		    e->text);
		ck_assert_msg((e->rule != NULL) == x->known, "%s: entry %zu rule", c->name, i);
		ck_assert_uint_eq(e->pos.file, 7);
		ck_assert_msg(e->pos.line == x->line && e->pos.col == x->col,
		    "%s: entry %zu at %u:%u, expected %u:%u", c->name, i, e->pos.line, e->pos.col,
		    x->line, x->col);
		ck_assert_msg(e->first_line == x->first && e->last_line == x->last,
		    "%s: entry %zu silences %u-%u, expected %u-%u", c->name, i, e->first_line,
		    e->last_line, x->first, x->last);
	}
	zl_suppressions_fini(&s);
}
END_TEST

/* Add four findings of rule, on lines 1 to 4 of file 0. */
static void
add_findings(struct zl_diags *d, const struct zl_rule *rule)
{
	for (uint32_t line = 1; line <= 4; line++) {
		struct zl_pos pos = { 0, line, 1, 0 };

		zl_diag_emit(d, rule, ZL_WARNING, pos, ZL_NONE, 0, "finding on line %u", line);
	}
}

START_TEST(test_suppress_apply_counts)
{
	const char *zone = "a IN A 192.0.2.1\n"
	    "; zonelint: disable=zone-syntax,zone-missing-dot\n"
	    "b IN A 192.0.2.2 ; zonelint: disable=zone-syntax\n"
	    "c IN A 192.0.2.3 ; zonelint: disable=txt-misencoded\n";
	const struct zl_rule *syntax = zl_rules_find("zone-syntax");
	const struct zl_rule *dot = zl_rules_find("zone-missing-dot");
	struct zl_suppressions s;
	struct zl_diags d;

	zl_diags_init(&d, NULL);
	add_findings(&d, syntax);
	zl_suppressions_init(&s);
	zl_suppressions_scan(&s, zone, strlen(zone), 0);
	zl_suppressions_apply(&s, &d);

	/* Line 3 is silenced twice, by the comment above it and on it. */
	ck_assert_uint_eq(d.len, 3);
	ck_assert_uint_eq(d.items[0].pos.line, 1);
	ck_assert_uint_eq(d.items[1].pos.line, 2);
	ck_assert_uint_eq(d.items[2].pos.line, 4);
	ck_assert_ptr_eq(s.items[0].rule, syntax);
	ck_assert_uint_eq(s.items[0].matched, 1);
	ck_assert_ptr_eq(s.items[1].rule, dot);
	ck_assert_uint_eq(s.items[1].matched, 0);
	ck_assert_uint_eq(s.items[2].matched, 1);
	ck_assert_uint_eq(s.items[3].matched, 0);

	/* The unused ones are reported only when asked, at the rule id. */
	zl_suppressions_report(&s, &d, false, NULL, NULL);
	ck_assert_uint_eq(d.len, 3);
	zl_suppressions_report(&s, &d, true, NULL, NULL);
	ck_assert_uint_eq(d.len, 5);
	ck_assert_ptr_eq(d.items[3].rule, &zl_rule_zone_suppression);
	ck_assert_uint_eq(d.items[3].pos.line, 2);
	ck_assert_uint_eq(d.items[3].pos.col, 33);
	ck_assert_str_eq(d.items[3].message, "suppression of 'zone-missing-dot' matches no finding");
	ck_assert_uint_eq(d.items[4].pos.line, 4);
	zl_suppressions_fini(&s);
	zl_diags_fini(&d);
}
END_TEST

static bool
nothing_active(void *context, const struct zl_rule *rule, uint32_t file)
{
	(void)context;
	(void)rule;
	(void)file;
	return false;
}

START_TEST(test_suppress_unknown_rule_hint)
{
	const char *zone = "; zonelint: disable=zone-sytnax\n"
	    "a IN A 192.0.2.1 ; zonelint: disable=zone-syntax\n";
	struct zl_suppressions s;
	struct zl_diags d;

	zl_diags_init(&d, NULL);
	zl_suppressions_init(&s);
	zl_suppressions_scan(&s, zone, strlen(zone), 0);
	zl_suppressions_apply(&s, &d);
	zl_suppressions_report(&s, &d, true, nothing_active, NULL);

	/* The unknown id is reported even when no rule is active; the unused
	 * suppression of an inactive rule is not. */
	ck_assert_uint_eq(d.len, 1);
	ck_assert_str_eq(d.items[0].message,
	    "unknown rule 'zone-sytnax' in a suppression comment, so the comment silences nothing");
	ck_assert_str_eq(d.items[0].hint,
	    "did you mean 'zone-syntax'? 'zonelint --list-rules' prints every rule id");
	ck_assert_int_eq(d.items[0].severity, ZL_WARNING);
	zl_suppressions_fini(&s);
	zl_diags_fini(&d);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("suppress");
	TCase *scan = tcase_create("scan");
	TCase *apply = tcase_create("apply");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(scan, test_suppress_scan, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(apply, test_suppress_apply_counts);
	tcase_add_test(apply, test_suppress_unknown_rule_hint);
	suite_add_tcase(s, scan);
	suite_add_tcase(s, apply);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
