/* Tests for reading settings files. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write text to a new temporary file and return its path (free() it). */
static char *
write_temp(const char *text)
{
	char *path = strdup("/tmp/zonelint-config-XXXXXX");
	int fd = mkstemp(path);
	size_t len = strlen(text);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

static struct zl_config *
read_ok(const char *text)
{
	char *path = write_temp(text), *error = NULL;
	struct zl_config *c = NULL;
	int result = zl_config_read(path, NULL, &c, &error);

	ck_assert_msg(result == 0, "%s: %s", text, error ? error : "");
	unlink(path);
	free(path);
	return c;
}

/* Read text, which must fail; return the message without the path. */
static char *
read_error(const char *text)
{
	char *path = write_temp(text), *error = NULL, *tail;
	struct zl_config *c = NULL;

	ck_assert_msg(zl_config_read(path, NULL, &c, &error) != 0, "accepted: %s", text);
	ck_assert_ptr_nonnull(error);
	ck_assert_msg(strncmp(error, path, strlen(path)) == 0, "no path in '%s'", error);
	tail = strdup(error + strlen(path));
	free(error);
	unlink(path);
	free(path);
	return tail;
}

START_TEST(test_config_rules_and_fail_on)
{
	struct zl_config *c = read_ok("root = true\n[rules]\nzone-syntax = off\n"
	    "zone-adjacent-strings = error\nTXT-Misencoded = on\nfail-on = never\n");
	const struct zl_rule *syntax = zl_rules_find("zone-syntax");
	const struct zl_rule *adjacent = zl_rules_find("zone-adjacent-strings");
	const struct zl_rule *txt = zl_rules_find("txt-misencoded");
	const struct zl_rule *dot = zl_rules_find("zone-missing-dot");

	for (size_t i = 0; i < zl_rules_count(); i++) {
		const struct zl_rule *r = zl_rules_get(i);
		const struct zl_rule_setting *s = &c->rules[i];

		if (r == syntax) {
			ck_assert(s->enabled_set && !s->enabled);
		} else if (r == adjacent) {
			ck_assert(s->enabled_set && s->enabled);
			ck_assert(s->severity_set);
			ck_assert_int_eq(s->severity, ZL_ERROR);
		} else if (r == txt) {
			ck_assert(s->enabled_set && s->enabled);
			ck_assert(!s->severity_set);
		} else if (r == dot) {
			ck_assert(!s->enabled_set);
		}
	}
	ck_assert_int_eq(c->fail_on, -1);
	zl_config_free(c);
}
END_TEST

START_TEST(test_config_dkim_selectors)
{
	struct zl_config *c = read_ok("[dkim]\nselectors = Example.JP:s1, example.jp.:sel-2,\n"
	    "  sub.example.jp:s3\nselectors = example.com:k1\n");

	ck_assert_uint_eq(c->nselectors, 4);
	ck_assert_str_eq(c->selectors[0].domain_text, "example.jp");
	ck_assert_str_eq(c->selectors[0].selector, "s1");
	ck_assert_str_eq(c->selectors[1].domain_text, "example.jp");
	ck_assert_str_eq(c->selectors[1].selector, "sel-2");
	ck_assert_str_eq(c->selectors[2].domain_text, "sub.example.jp");
	ck_assert_str_eq(c->selectors[3].domain_text, "example.com");
	ck_assert_str_eq(c->selectors[3].selector, "k1");
	ck_assert_mem_eq(c->selectors[0].domain, "\7example\2jp", 12);
	zl_config_free(c);
}
END_TEST

START_TEST(test_config_dmarc_report_domains)
{
	struct zl_config *c = read_ok("[dmarc]\nauthorized-report-domains = Example.NET, example.org.\n");

	ck_assert_uint_eq(c->nreport_domains, 2);
	ck_assert_str_eq(c->report_domains[0], "example.net");
	ck_assert_str_eq(c->report_domains[1], "example.org");
	zl_config_free(c);
}
END_TEST

START_TEST(test_config_empty_file)
{
	struct zl_config *c = read_ok("");

	ck_assert_int_eq(c->fail_on, ZL_FAIL_ON_UNSET);
	ck_assert_uint_eq(c->nselectors, 0);
	ck_assert_uint_eq(c->nreport_domains, 0);
	zl_config_free(c);
}
END_TEST

/* Columns: file text, the message after the path. */
static const struct {
	const char *text;
	const char *error;
} bad_files[] = {
	{ "[rules]\nzone-sytnax = off\n",
	  ":2: error: unknown key 'zone-sytnax' in [rules]: did you mean 'zone-syntax'?" },
	{ "[rules]\nno-such-thing = off\n",
	  ":2: error: unknown key 'no-such-thing' in [rules]: 'zonelint --list-rules' prints every rule id; the rules of a rule file or plugin are known only when --rules or --plugin loads it" },
	{ "[rules]\nzone-syntax = disabled\n",
	  ":2: error: invalid value 'disabled' for 'zone-syntax' in [rules]: use off, on, error, warning or info" },
	{ "[rules]\nfail-on = always\n",
	  ":2: error: invalid value 'always' for 'fail-on' in [rules]: use error, warning, info or never" },
	{ "[rules]\n[dmarcc]\n",
	  ":2: error: unknown section [dmarcc]: use [rules], [dkim] or [dmarc]" },
	{ "color = never\n",
	  ":1: error: unknown key 'color' outside a section" },
	{ "root = yes\n",
	  ":1: error: invalid value 'yes' for 'root': use true or false" },
	{ "[dmarc]\nrua = x\n",
	  ":2: error: unknown key 'rua' in [dmarc]" },
	{ "[dmarc]\nauthorized-report-domains = a..b\n",
	  ":2: error: invalid domain name 'a..b' in [dmarc]" },
	{ "[dkim]\nselectors = :s1\n",
	  ":2: error: invalid selector ':s1' in [dkim]: write DOMAIN:SELECTOR, e.g. example.jp:s1" },
	{ "[dkim]\nselectors = example.jp:\n",
	  ":2: error: invalid selector 'example.jp:' in [dkim]: write DOMAIN:SELECTOR, e.g. example.jp:s1" },
	{ "[rules]\n\nzone-syntax\n",
	  ":3: error: invalid line: write 'key = value' or '[section]'" },
	/* The first problem is reported, whichever part of the reader finds it. */
	{ "[rules]\nbroken line\nzone-sytnax = off\n",
	  ":2: error: invalid line: write 'key = value' or '[section]'" },
	{ "[rules]\nzone-sytnax = off\nbroken line\n",
	  ":2: error: unknown key 'zone-sytnax' in [rules]: did you mean 'zone-syntax'?" },
};

static void
check_nothing(struct zl_check *c)
{
	(void)c;
}

/* A rule that a run loads is a key of [rules] in that run only. */
START_TEST(test_config_loaded_rule)
{
	static const struct zl_rule site = {
		.id = "site-loaded", .severity = ZL_WARNING, .summary = "s", .check = check_nothing,
	};
	struct zl_ruleset set;
	char *path = write_temp("[rules]\nSite-Loaded = info\nzone-syntax = off\n"), *error = NULL;
	struct zl_config *c = NULL;
	size_t last;

	zl_ruleset_init(&set);
	ck_assert(zl_ruleset_add(&set, &site));
	last = set.len - 1;
	ck_assert_int_eq(zl_config_read(path, &set, &c, &error), 0);
	ck_assert(c->rules[last].severity_set);
	ck_assert_int_eq(c->rules[last].severity, ZL_INFO);
	ck_assert(c->rules[last].enabled_set);
	ck_assert(c->rules[last].enabled);
	ck_assert(c->rules[zl_ruleset_index(&set, zl_rules_find("zone-syntax"))].enabled_set);
	zl_config_free(c);

	c = NULL;
	ck_assert_int_ne(zl_config_read(path, NULL, &c, &error), 0);
	ck_assert_ptr_nonnull(strstr(error, "unknown key 'Site-Loaded'"));
	free(error);
	unlink(path);
	free(path);
	zl_ruleset_fini(&set);
}
END_TEST

/* Loaded rules may differ from each other only in case.  The exact id
 * then decides, and other spellings take the first of them. */
START_TEST(test_config_loaded_rule_case)
{
	static const struct zl_rule upper = {
		.id = "Site-Case", .severity = ZL_WARNING, .summary = "s", .check = check_nothing,
	};
	static const struct zl_rule lower = {
		.id = "site-case", .severity = ZL_WARNING, .summary = "s", .check = check_nothing,
	};
	struct zl_ruleset set;
	char *path = write_temp("[rules]\nsite-case = off\nSITE-CASE = error\n"), *error = NULL;
	struct zl_config *c = NULL;
	long upper_at, lower_at;

	zl_ruleset_init(&set);
	ck_assert(zl_ruleset_add(&set, &upper));
	ck_assert(zl_ruleset_add(&set, &lower));
	upper_at = zl_ruleset_index(&set, &upper);
	lower_at = zl_ruleset_index(&set, &lower);
	ck_assert_int_eq(zl_config_read(path, &set, &c, &error), 0);
	ck_assert(c->rules[lower_at].enabled_set);
	ck_assert(!c->rules[lower_at].enabled);
	ck_assert(!c->rules[lower_at].severity_set);
	ck_assert(c->rules[upper_at].severity_set);
	ck_assert_int_eq(c->rules[upper_at].severity, ZL_ERROR);
	zl_config_free(c);
	unlink(path);
	free(path);
	zl_ruleset_fini(&set);
}
END_TEST

START_TEST(test_config_bad_file)
{
	char *error = read_error(bad_files[_i].text);

	ck_assert_msg(strcmp(error, bad_files[_i].error) == 0, "%s\n  got:      %s\n  expected: %s",
	    bad_files[_i].text, error, bad_files[_i].error);
	free(error);
}
END_TEST

START_TEST(test_config_long_line)
{
	struct zl_strbuf sb;
	char *error;

	zl_strbuf_init(&sb);
	zl_strbuf_adds(&sb, "[dkim]\nselectors = ");
	for (int i = 0; i < 40; i++)
		zl_strbuf_addf(&sb, "example.jp:s%d, ", i);
	zl_strbuf_adds(&sb, "\n");
	error = read_error(sb.data);
	ck_assert_msg(strstr(error, ":2: error: line longer than") == error, "%s", error);
	free(error);
	zl_strbuf_fini(&sb);
}
END_TEST

START_TEST(test_config_missing_file)
{
	struct zl_config *c = NULL;
	char *error = NULL;

	ck_assert_int_ne(zl_config_read("/nonexistent/.zonelint.ini", NULL, &c, &error), 0);
	ck_assert_str_eq(error, "/nonexistent/.zonelint.ini: error: cannot read the settings file: No such file or directory");
	ck_assert_ptr_null(c);
	free(error);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("read");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_config_rules_and_fail_on);
	tcase_add_test(tc, test_config_dkim_selectors);
	tcase_add_test(tc, test_config_dmarc_report_domains);
	tcase_add_test(tc, test_config_empty_file);
	tcase_add_test(tc, test_config_loaded_rule);
	tcase_add_test(tc, test_config_loaded_rule_case);
	tcase_add_loop_test(tc, test_config_bad_file, 0,
	    (int)(sizeof(bad_files) / sizeof(bad_files[0])));
	tcase_add_test(tc, test_config_long_line);
	tcase_add_test(tc, test_config_missing_file);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
