/* Fixture zones: each line's "; expect: RULE[@COL] ..." comment lists the
 * findings that line must produce, and no other finding may appear.  A
 * first line "; zonelint-test: --rules FILE --plugin FILE" loads rule
 * files and plugins first; their paths are relative to the directory the
 * test runs in.  A "; load-with: FILE" line loads FILE (beside the
 * fixture, named so that it is no fixture itself) into the same run after
 * the fixture, for rules that compare a parent zone with its child. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analyze.h"
#include "util.h"

/* An expected finding.  "expect:" applies to its own line and
 * "expect-below:" to the next one, for lines where a comment would change
 * the record (an unquoted TXT record whose ';' is the finding). */
struct expectation {
	uint32_t file;
	uint32_t line;
	uint32_t col;		/* 0: any column */
	char rule[64];
	bool seen;
};

static char **fixtures;
static size_t nfixtures, fixtures_cap;

static void
find_fixtures(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			find_fixtures(path);
		else if (len > 5 && strcmp(e->d_name + len - 5, ".zone") == 0)
			ZL_PUSH(fixtures, nfixtures, fixtures_cap, zl_xstrdup(path));
	}
	closedir(d);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the expectations written in one file of the run. */
static void
read_expectations(const struct zl_file *f, uint32_t file, struct expectation **list,
    size_t *len, size_t *cap)
{
	uint32_t line = 1;
	size_t i = 0;

	while (i < f->size) {
		size_t end = i;
		const char *tag;
		char text[1024];
		size_t n;

		while (end < f->size && f->data[end] != '\n')
			end++;
		n = end - i < sizeof(text) - 1 ? end - i : sizeof(text) - 1;
		memcpy(text, f->data + i, n);
		text[n] = '\0';
		tag = strstr(text, "; expect");
		if (tag != NULL) {
			bool below = strncmp(tag, "; expect-below:", 15) == 0;
			const char *p = strchr(tag, ':');
			char *copy, *save = NULL;

			copy = zl_xstrdup(p ? p + 1 : "");
			for (char *w = strtok_r(copy, " ,\t\r", &save); w != NULL;
			    w = strtok_r(NULL, " ,\t\r", &save)) {
				struct expectation x;
				char *at = strchr(w, '@');

				memset(&x, 0, sizeof(x));
				x.file = file;
				x.line = line + (below ? 1 : 0);
				if (at != NULL) {
					*at = '\0';
					x.col = (uint32_t)atoi(at + 1);
				}
				snprintf(x.rule, sizeof(x.rule), "%s", w);
				ZL_PUSH(*list, *len, *cap, x);
			}
			free(copy);
		}
		line++;
		i = end + 1;
	}
}

/* Load what the "; zonelint-test:" first line of the fixture names:
 * "--rules FILE", "--plugin FILE" or "--disable RULE", each repeatable. */
static void
load_test_options(struct zl_analysis *a, const char *path)
{
	static const char tag[] = "; zonelint-test:";
	char line[1024], *save = NULL;
	FILE *f = fopen(path, "r");

	ck_assert_msg(f != NULL, "%s: cannot open", path);
	if (fgets(line, sizeof(line), f) == NULL || strncmp(line, tag, strlen(tag)) != 0) {
		fclose(f);
		return;
	}
	fclose(f);
	for (char *w = strtok_r(line + strlen(tag), " \t\r\n", &save); w != NULL;
	    w = strtok_r(NULL, " \t\r\n", &save)) {
		char *arg = strtok_r(NULL, " \t\r\n", &save);
		struct zl_decl_error err;
		struct zl_plugin_error perr;

		ck_assert_msg(arg != NULL, "%s: '%s' needs an argument", path, w);
		if (strcmp(w, "--disable") == 0) {
			long i = zl_ruleset_find(&a->rules, arg);

			ck_assert_msg(i >= 0, "%s: unknown rule '%s'", path, arg);
			a->rules.settings[i].enabled = false;
			a->rules.settings[i].enabled_set = true;
			continue;
		}
		if (strcmp(w, "--plugin") == 0) {
			ck_assert_msg(zl_analysis_load_plugin(a, arg, &perr) == 0,
			    "%s: plugin %s: error %d: %s", path, arg, (int)perr.code, perr.detail);
			continue;
		}
		ck_assert_msg(strcmp(w, "--rules") == 0, "%s: unknown test option '%s'", path, w);
		ck_assert_msg(zl_analysis_load_rules(a, arg, &err) == 0,
		    "%s: rule file %s:%u:%u: error %d: %s", path, arg, err.line, err.col,
		    (int)err.code, err.detail);
	}
}

/* Load the files named by "; load-with:" lines of the fixture at path. */
static void
load_companions(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt)
{
	const struct zl_file *f = &a->graph.files[0];
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path) : 1;
	const char *p = f->data, *end = f->data + f->size;
	static const char tag[] = "; load-with: ";

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((eol ? eol : end) - p);

		if (n > sizeof(tag) - 1 && strncmp(p, tag, sizeof(tag) - 1) == 0) {
			char other[4096];
			char *error = NULL;

			snprintf(other, sizeof(other), "%.*s/%.*s", dir_len,
			    slash ? path : ".", (int)(n - (sizeof(tag) - 1)),
			    p + sizeof(tag) - 1);
			ck_assert_msg(zl_analysis_load(a, other, opt, &error) == 0,
			    "%s: %s", other, error ? error : "");
		}
		p += n + 1;
	}
}

START_TEST(test_fixture_findings)
{
	const char *path = fixtures[_i];
	struct zl_analysis a;
	struct zl_load_options opt;
	struct expectation *expect = NULL;
	size_t nexpect = 0, cap = 0;
	struct zl_strbuf problems;
	char *error = NULL;

	zl_analysis_init(&a);
	/* Threads give the same findings as one; the command line runs
	 * both and compares them (tests/run-cli-tests). */
	a.jobs = 3;
	load_test_options(&a, path);
	zl_load_options_init(&opt);
	/* Read every fixture in two parts where a line allows, which must
	 * give the same findings as reading it whole. */
	opt.threads = 2;
	opt.split_min_size = 0;
	ck_assert_msg(zl_analysis_load(&a, path, &opt, &error) == 0, "%s: %s", path,
	    error ? error : "");
	load_companions(&a, path, &opt);
	ck_assert_msg(zl_analysis_configure(&a, NULL, false, &error) == 0, "%s: %s", path,
	    error ? error : "");
	zl_analysis_run(&a);
	for (size_t f = 0; f < a.graph.nfiles; f++)
		read_expectations(&a.graph.files[f], (uint32_t)f, &expect, &nexpect, &cap);

	zl_strbuf_init(&problems);
	for (size_t i = 0; i < a.diags.len; i++) {
		const struct zl_diag *d = &a.diags.items[i];
		bool expected = false;

		/* Each expectation accounts for one finding, so a rule that
		 * reports twice on a line is listed twice.  Expectations with
		 * a column are matched first, so that one without a column
		 * does not take the finding a column names. */
		for (int any_col = 0; any_col <= 1 && !expected; any_col++) {
			for (size_t k = 0; k < nexpect && !expected; k++) {
				struct expectation *x = &expect[k];

				if (!x->seen && x->file == d->pos.file &&
				    x->line == d->pos.line &&
				    strcmp(x->rule, d->rule->id) == 0 &&
				    (any_col ? x->col == 0 : x->col == d->pos.col)) {
					x->seen = true;
					expected = true;
				}
			}
		}
		if (!expected)
			zl_strbuf_addf(&problems, "\n  unexpected: %s:%u:%u: %s [%s]",
			    a.graph.files[d->pos.file].path, d->pos.line, d->pos.col,
			    d->message, d->rule->id);
	}
	for (size_t k = 0; k < nexpect; k++) {
		if (!expect[k].seen && expect[k].col != 0)
			zl_strbuf_addf(&problems, "\n  missing: %s:%u:%u: %s",
			    a.graph.files[expect[k].file].path, expect[k].line,
			    expect[k].col, expect[k].rule);
		else if (!expect[k].seen)
			zl_strbuf_addf(&problems, "\n  missing: %s:%u: %s",
			    a.graph.files[expect[k].file].path, expect[k].line, expect[k].rule);
	}
	ck_assert_msg(problems.len == 0, "%s:%s", path, problems.data ? problems.data : "");
	zl_strbuf_fini(&problems);
	free(expect);
	zl_analysis_fini(&a);
}
END_TEST

int
main(void)
{
	const char *root = getenv("ZONELINT_TESTS");
	char dir[4096];
	Suite *s = suite_create("fixtures");
	TCase *tc = tcase_create("zones");
	SRunner *sr;
	int failed;

	/* Signature validity is judged at a fixed time, not today. */
	setenv("ZONELINT_NOW", "20261204000000", 1);
	snprintf(dir, sizeof(dir), "%s/zones", root ? root : "tests");
	find_fixtures(dir);
	qsort(fixtures, nfixtures, sizeof(*fixtures), cmp_str);
	tcase_add_loop_test(tc, test_fixture_findings, 0, (int)nfixtures);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (size_t i = 0; i < nfixtures; i++)
		free(fixtures[i]);
	free(fixtures);
	return failed == 0 && nfixtures > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
