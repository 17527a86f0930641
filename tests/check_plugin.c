/* Tests for loading plugins: the example plugin and the refused ones. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "plugin_load.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "analyze.h"

/* The directory of the test plugins, from the Makefile. */
static const char *
plugin_dir(void)
{
	const char *dir = getenv("ZONELINT_TEST_PLUGINS");

	return dir != NULL ? dir : "build/tests/plugins";
}

static char *
test_plugin(const char *name)
{
	char *path = malloc(4096);

	snprintf(path, 4096, "%s/%s.so", plugin_dir(), name);
	return path;
}

START_TEST(test_plugin_example_registers_rule)
{
	struct zl_ruleset set;
	struct zl_plugin_error err;
	void *handle = NULL;
	long i;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_plugin_open(&set, "rules/examples/example.so", &handle, &err), 0);
	ck_assert_int_eq(err.code, ZL_PLUGIN_OK);
	i = zl_ruleset_find(&set, "example-mx-provider");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(set.rules[i]->severity, ZL_WARNING);
	ck_assert_ptr_nonnull(set.rules[i]->check);
	zl_ruleset_fini(&set);
	zl_plugin_close(handle);
}
END_TEST

START_TEST(test_plugin_wrong_version_refused)
{
	char *path = test_plugin("wrong-version");
	struct zl_ruleset set;
	struct zl_plugin_error err;
	void *handle = NULL;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_plugin_open(&set, path, &handle, &err), -1);
	ck_assert_int_eq(err.code, ZL_PLUGIN_VERSION);
	ck_assert_uint_eq(err.version, ZL_PLUGIN_API_VERSION + 1);
	ck_assert_uint_eq(set.len, zl_rules_count());
	zl_ruleset_fini(&set);
	free(path);
}
END_TEST

START_TEST(test_plugin_duplicate_id_keeps_nothing)
{
	char *path = test_plugin("duplicate-id");
	struct zl_ruleset set;
	struct zl_plugin_error err;
	void *handle = NULL;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_plugin_open(&set, path, &handle, &err), -1);
	ck_assert_int_eq(err.code, ZL_PLUGIN_DUPLICATE_ID);
	ck_assert_str_eq(err.detail, "zone-syntax");
	ck_assert_uint_eq(set.len, zl_rules_count());
	ck_assert_int_lt(zl_ruleset_find(&set, "test-fresh"), 0);
	zl_ruleset_fini(&set);
	free(path);
}
END_TEST

START_TEST(test_plugin_not_a_plugin)
{
	char *path = test_plugin("no-version");
	struct zl_ruleset set;
	struct zl_plugin_error err;
	void *handle = NULL;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_plugin_open(&set, path, &handle, &err), -1);
	ck_assert_int_eq(err.code, ZL_PLUGIN_NO_VERSION);
	ck_assert_int_eq(zl_plugin_open(&set, "no-such-plugin.so", &handle, &err), -1);
	ck_assert_int_eq(err.code, ZL_PLUGIN_OPEN);
	ck_assert_ptr_nonnull(strstr(err.detail, "no-such-plugin.so"));
	zl_ruleset_fini(&set);
	free(path);
}
END_TEST

/* Run a command; return its exit status and its output in out. */
static int
run(const char *cmd, char *out, size_t size)
{
	FILE *p = popen(cmd, "r");
	size_t n;
	int status;

	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	status = pclose(p);
	ck_assert(WIFEXITED(status));
	return WEXITSTATUS(status);
}

START_TEST(test_plugin_cli_wrong_version_message)
{
	const char *zonelint = getenv("ZONELINT");
	char *path = test_plugin("wrong-version");
	char cmd[4096], out[2048], expect[2048];

	if (zonelint == NULL)
		zonelint = "./zonelint";
	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s --plugin %s examples/example.jp.zone 2>&1",
	    zonelint, path);
	ck_assert_int_eq(run(cmd, out, sizeof(out)), 2);
	snprintf(expect, sizeof(expect),
	    "zonelint: plugin '%s' was built for plugin interface version %u, but this "
	    "zonelint provides version %u; rebuild it against this zonelint's "
	    "<zonelint/plugin.h>\n", path, ZL_PLUGIN_API_VERSION + 1, ZL_PLUGIN_API_VERSION);
	ck_assert_str_eq(out, expect);
	free(path);
}
END_TEST

/* The plugin's rule runs in the executable, reports at the MX record and
 * obeys --disable and --severity like a built-in rule. */
START_TEST(test_plugin_cli_reports)
{
	const char *zonelint = getenv("ZONELINT");
	const char *zone = "tests/zones/example-mx-provider/bad-outside.zone";
	char cmd[4096], out[8192];

	if (zonelint == NULL)
		zonelint = "./zonelint";
	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s -q --color never --plugin rules/examples/example.so %s",
	    zonelint, zone);
	ck_assert_int_eq(run(cmd, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, "bad-outside.zone:8:2: warning: MX exchange "
	    "'mx.old-provider.example.' is outside zone 'example.test.' and at no approved "
	    "mail provider [example-mx-provider]\n"));
	ck_assert_ptr_nonnull(strstr(out, "hint: point the MX record at a host of an approved "
	    "provider"));

	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s -q --severity example-mx-provider=error "
	    "--plugin rules/examples/example.so %s", zonelint, zone);
	ck_assert_int_eq(run(cmd, out, sizeof(out)), 1);
	ck_assert_ptr_nonnull(strstr(out, ":8:2: error: MX exchange 'mx.old-provider.example.'"));

	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s -q --plugin rules/examples/example.so "
	    "--disable example-mx-provider %s", zonelint, zone);
	ck_assert_int_eq(run(cmd, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("plugin");
	TCase *tc_load = tcase_create("load");
	TCase *tc_cli = tcase_create("cli");
	SRunner *sr;
	int failed;

	tcase_add_test(tc_load, test_plugin_example_registers_rule);
	tcase_add_test(tc_load, test_plugin_wrong_version_refused);
	tcase_add_test(tc_load, test_plugin_duplicate_id_keeps_nothing);
	tcase_add_test(tc_load, test_plugin_not_a_plugin);
	suite_add_tcase(s, tc_load);
	tcase_add_test(tc_cli, test_plugin_cli_wrong_version_message);
	tcase_add_test(tc_cli, test_plugin_cli_reports);
	suite_add_tcase(s, tc_cli);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
