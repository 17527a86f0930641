/* Tests for declarative rules: reading rule files and running them. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "decl.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "util.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Columns: rule file text, error code, line, column, detail. */
struct error_case {
	const char *text;
	enum zl_decl_error_code code;
	uint32_t line, col;
	const char *detail;
};

#define MSG "\tmessage \"m\"\n"

static const struct error_case error_cases[] = {
	{ "rules x {\n", ZL_DECL_EXPECTED_RULE, 1, 1, "rules" },
	{ "rule x\n", ZL_DECL_EXPECTED_RULE, 1, 1, "rule" },
	{ "rule Bad_Id {\n" MSG "}\n", ZL_DECL_BAD_ID, 1, 6, "Bad_Id" },
	{ "rule a {\n" MSG "}\nrule a {\n" MSG "}\n", ZL_DECL_DUPLICATE_ID, 4, 6, "a" },
	{ "rule zone-syntax {\n" MSG "}\n", ZL_DECL_DUPLICATE_ID, 1, 6, "zone-syntax" },
	{ "rule a {\n\tcolour red\n" MSG "}\n", ZL_DECL_UNKNOWN_CONDITION, 2, 2, "colour" },
	{ "rule a {\n\tapex\n\tapex\n" MSG "}\n", ZL_DECL_REPEATED_CONDITION, 3, 2, "apex" },
	{ "rule a {\n\tmessage m\n}\n", ZL_DECL_EXPECTED_STRING, 2, 10, "message" },
	{ "rule a {\n\tmatch \"x\"\n" MSG "}\n", ZL_DECL_EXPECTED_PATTERN, 2, 8, "match" },
	{ "rule a {\n\tmatch /abc\n" MSG "}\n", ZL_DECL_UNTERMINATED, 2, 8, "/" },
	{ "rule a {\n\tmessage \"abc\n}\n", ZL_DECL_UNTERMINATED, 2, 10, "\"" },
	{ "rule a {\n\tmatch /x/iq\n" MSG "}\n", ZL_DECL_BAD_FLAG, 2, 12, "q" },
	/* The column is the pattern's start plus PCRE2's offset. */
	{ "rule a {\n\tmatch  /ab(c/\n" MSG "}\n", ZL_DECL_BAD_PATTERN, 2, 14,
	  "missing closing parenthesis" },
	{ "rule a {\n\tnot-match /a{2,1}/\n" MSG "}\n", ZL_DECL_BAD_PATTERN, 2, 18, NULL },
	{ "rule a {\n\ttype TXT BOGUS\n" MSG "}\n", ZL_DECL_BAD_TYPE, 2, 11, "BOGUS" },
	{ "rule a {\n\thas\n" MSG "}\n", ZL_DECL_EXPECTED_STRING, 2, 5, "has" },
	{ "rule a {\n\tseverity fatal\n" MSG "}\n", ZL_DECL_BAD_SEVERITY, 2, 11, "fatal" },
	{ "rule a {\n\tttl 3600\n" MSG "}\n", ZL_DECL_BAD_TTL, 2, 6, "ttl" },
	{ "rule a {\n\tttl ~ 3600\n" MSG "}\n", ZL_DECL_BAD_TTL, 2, 6, "ttl" },
	{ "rule a {\n\tttl < 1x\n" MSG "}\n", ZL_DECL_BAD_TTL, 2, 6, "ttl" },
	{ "rule a {\n\tapex now\n" MSG "}\n", ZL_DECL_EXTRA_TEXT, 2, 7, "now" },
	{ "rule a {\n\tmessage \"a\" \"b\"\n}\n", ZL_DECL_EXTRA_TEXT, 2, 14, "\"b\"" },
	{ "rule a {\n\tmatch /(x)/\n\tmessage \"got $2\"\n}\n", ZL_DECL_BAD_REFERENCE, 3, 15, "$2" },
	{ "rule a {\n\tmessage \"got $1\"\n}\n", ZL_DECL_BAD_REFERENCE, 2, 15, "$1" },
	{ "rule a {\n\tmessage \"at {owner} {colour}\"\n}\n", ZL_DECL_BAD_REFERENCE, 2, 22,
	  "{colour}" },
	{ "rule a {\n\ttype TXT\n\tmissing\n\tmessage \"{ttl}\"\n}\n", ZL_DECL_BAD_REFERENCE,
	  4, 11, "{ttl}" },
	{ "rule a {\n\ttype TXT\n\tmessage \"m\"\n\thint \"$1\"\n}\n", ZL_DECL_BAD_REFERENCE,
	  4, 8, "$1" },
	{ "rule a {\n\ttype TXT\n}\n", ZL_DECL_MISSING_MESSAGE, 1, 1, "a" },
	{ "rule a {\n\tmessage \"\"\n}\n", ZL_DECL_MISSING_MESSAGE, 1, 1, "a" },
	{ "rule a {\n\tmissing\n" MSG "}\n", ZL_DECL_MISSING_TYPE, 1, 1, "a" },
	{ "# one\nrule a {\n" MSG, ZL_DECL_UNCLOSED_RULE, 2, 1, "a" },
	{ "rule a {\n" MSG "} x\n", ZL_DECL_EXTRA_TEXT, 3, 3, "x" },
};

START_TEST(test_decl_error_position)
{
	const struct error_case *c = &error_cases[_i];
	struct zl_ruleset set;
	struct zl_decl *decl = zl_decl_new();
	struct zl_decl_error err;
	int rc;

	zl_ruleset_init(&set);
	rc = zl_decl_load_text(decl, "t.rules", c->text, strlen(c->text), &set, &err);
	ck_assert_msg(rc == -1, "accepted: %s", c->text);
	ck_assert_msg(err.code == c->code, "code %d, expected %d: %s", (int)err.code,
	    (int)c->code, c->text);
	ck_assert_msg(err.line == c->line, "line %u, expected %u: %s", err.line, c->line, c->text);
	ck_assert_msg(err.col == c->col, "column %u, expected %u: %s", err.col, c->col, c->text);
	if (c->detail != NULL)
		ck_assert_str_eq(err.detail, c->detail);
	ck_assert_uint_eq(set.len, zl_rules_count());
	zl_ruleset_fini(&set);
	zl_decl_free(decl);
}
END_TEST

START_TEST(test_decl_pattern_offset)
{
	static const char text[] = "rule a {\n\tmatch /ab(c/\n" MSG "}\n";
	struct zl_ruleset set;
	struct zl_decl *decl = zl_decl_new();
	struct zl_decl_error err;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_decl_load_text(decl, "t", text, strlen(text), &set, &err), -1);
	ck_assert_int_eq(err.code, ZL_DECL_BAD_PATTERN);
	ck_assert_uint_eq(err.pattern_offset, 4);
	zl_ruleset_fini(&set);
	zl_decl_free(decl);
}
END_TEST

/* A failed file adds nothing, and the next file may reuse its ids. */
START_TEST(test_decl_failed_file_adds_nothing)
{
	static const char bad[] = "rule a {\n" MSG "}\nrule b {\n\tmatch /(/\n" MSG "}\n";
	static const char good[] = "rule a {\n\tmatch /x/\n" MSG "}\n";
	struct zl_ruleset set;
	struct zl_decl *decl = zl_decl_new();
	struct zl_decl_error err;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_decl_load_text(decl, "bad", bad, strlen(bad), &set, &err), -1);
	ck_assert_uint_eq(set.len, zl_rules_count());
	ck_assert_int_eq(zl_decl_load_text(decl, "good", good, strlen(good), &set, &err), 0);
	ck_assert_uint_eq(set.len, zl_rules_count() + 1);
	ck_assert_int_ge(zl_ruleset_find(&set, "a"), 0);
	zl_ruleset_fini(&set);
	zl_decl_free(decl);
}
END_TEST

START_TEST(test_decl_defaults)
{
	static const char text[] = "rule a {\n\tmessage \"m\" # comment\n}\n"
	    "rule b {\n\tseverity info\n\tsummary \"say \\\"b\\\"\"\n" MSG "}\n";
	struct zl_ruleset set;
	struct zl_decl *decl = zl_decl_new();
	struct zl_decl_error err;
	const struct zl_rule *a, *b;

	zl_ruleset_init(&set);
	ck_assert_int_eq(zl_decl_load_text(decl, "x.rules", text, strlen(text), &set, &err), 0);
	a = set.rules[zl_ruleset_find(&set, "a")];
	b = set.rules[zl_ruleset_find(&set, "b")];
	ck_assert_int_eq(a->severity, ZL_WARNING);
	ck_assert_str_eq(a->summary, "rule from x.rules");
	ck_assert_ptr_null(a->check);
	ck_assert_int_eq(b->severity, ZL_INFO);
	ck_assert_str_eq(b->summary, "say \"b\"");
	zl_ruleset_fini(&set);
	zl_decl_free(decl);
}
END_TEST

/* Write text to a temporary file and return its path (free() it). */
static char *
temp_file(const char *text)
{
	char *path = strdup("/tmp/zonelint-decl-XXXXXX");
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static const char zone_text[] =
    "$ORIGIN example.test.\n"
    "$TTL 3600\n"
    "@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
    "  NS ns1\n"
    "ns1 A 192.0.2.1\n"
    "@ 300 MX 10 mx1\n"
    "mx1 A 192.0.2.25\n"
    "_dmarc TXT \"v=DMARC1; p=no\" \"ne\"\n"
    "@ CAA 0 issue \"ca.example\"\n"
    "_sip._tcp SRV 10 5 5060 ns1\n";

/* Run rules on zone_text and return the findings of those rules as "LINE
 * rule: message | hint" lines. */
static char *
run_rules(const char *rules)
{
	char *zone = temp_file(zone_text);
	char *rule_path = temp_file(rules);
	struct zl_analysis a;
	struct zl_load_options opt;
	struct zl_decl_error err;
	struct zl_strbuf out;
	char *error = NULL;

	zl_analysis_init(&a);
	zl_load_options_init(&opt);
	ck_assert_msg(zl_analysis_load_rules(&a, rule_path, &err) == 0, "%u:%u: %d %s",
	    err.line, err.col, (int)err.code, err.detail);
	ck_assert_int_eq(zl_analysis_load(&a, zone, &opt, &error), 0);
	zl_analysis_run(&a);
	zl_strbuf_init(&out);
	zl_strbuf_add(&out, "", 0);
	for (size_t i = 0; i < a.diags.len; i++) {
		const struct zl_diag *d = &a.diags.items[i];

		/* Only the rules of the rule file are under test here. */
		if (zl_rules_find(d->rule->id) == d->rule)
			continue;
		zl_strbuf_addf(&out, "%u %s: %s", d->pos.line, d->rule->id, d->message);
		if (d->hint != NULL)
			zl_strbuf_addf(&out, " | %s", d->hint);
		zl_strbuf_addc(&out, '\n');
	}
	zl_analysis_fini(&a);
	unlink(zone);
	unlink(rule_path);
	free(zone);
	free(rule_path);
	return zl_strbuf_detach(&out);
}

/* Columns: rule file text, expected findings (see run_rules()). */
struct run_case {
	const char *rules;
	const char *expect;
};

static const struct run_case run_cases[] = {
	/* Captures, fields and the joined TXT text. */
	{ "rule d {\n\ttype TXT\n\tmatch /p=(\\w+)/\n"
	  "\tmessage \"$0 $1 $$1 {owner} {type} {ttl} {zone} {rdata} {other\"\n"
	  "\thint \"use {type}\"\n}\n",
	  "8 d: p=none none $1 _dmarc.example.test. TXT 3600 example.test. "
	  "v=DMARC1; p=none {other | use TXT\n" },
	/* TTL comparison on one type; the apex MX only. */
	{ "rule t {\n\ttype MX A\n\tttl <= 300\n\tmessage \"{type} {ttl}\"\n}\n",
	  "6 t: MX 300\n" },
	/* Presentation form of MX and of a type printed by ldns. */
	{ "rule m {\n\ttype MX SRV\n\tmatch /^(10 mx1|10 5 5060 ns1)\\.example\\.test\\.$/\n"
	  "\tmessage \"{rdata}\"\n}\n",
	  "6 m: 10 mx1.example.test.\n10 m: 10 5 5060 ns1.example.test.\n" },
	/* Owner pattern, "apex" and "has". */
	{ "rule o {\n\towner /^ns/\n\tmessage \"{owner}\"\n}\n"
	  "rule p {\n\tapex\n\ttype NS\n\tmessage \"apex {type}\"\n}\n"
	  "rule h {\n\thas MX\n\ttype CAA\n\tmessage \"has\"\n}\n",
	  "4 p: apex NS\n5 o: ns1.example.test.\n9 h: has\n" },
	/* not-match excuses a record; without a match pattern every record of
	 * the type is a candidate. */
	{ "rule n {\n\ttype A\n\tnot-match /^192\\.0\\.2\\.1$/\n\tmessage \"{rdata}\"\n}\n",
	  "7 n: 192.0.2.25\n" },
	/* The literal start of an anchored pattern is a pre-check only: it
	 * must not reject what alternation, case folding or an optional
	 * character lets the pattern match. */
	{ "rule x {\n\ttype MX SRV\n\tmatch /^10 mx|ns1\\.example/\n\tmessage \"x\"\n}\n"
	  "rule y {\n\ttype TXT\n\tmatch /^V=DMARC1/i\n\tmessage \"y\"\n}\n"
	  "rule z {\n\ttype TXT\n\tmatch /^v=DMARCX?1/\n\tmessage \"z\"\n}\n"
	  "rule w {\n\ttype TXT\n\tmatch /^v=DMARC1\\?/\n\tmessage \"w\"\n}\n",
	  "6 x: x\n8 y: y\n8 z: z\n10 x: x\n" },
	/* "missing": at the first record of the type, else at the name's first
	 * record; names with a satisfying record stay silent. */
	{ "rule s {\n\ttype TXT\n\thas MX\n\tmatch /^v=spf1/\n\tmissing\n"
	  "\tmessage \"{owner} {type}\"\n}\n"
	  "rule r {\n\ttype A\n\towner /^mx1\\./\n\tmissing\n\tmatch /^192\\.0\\.2\\.25$/\n"
	  "\tmessage \"silent\"\n}\n",
	  "3 s: example.test. TXT\n" },
};

START_TEST(test_decl_run_findings)
{
	const struct run_case *c = &run_cases[_i];
	char *got = run_rules(c->rules);

	ck_assert_msg(strcmp(got, c->expect) == 0, "rules:\n%s\ngot:\n%s\nexpected:\n%s",
	    c->rules, got, c->expect);
	free(got);
}
END_TEST

/* --disable applies to loaded rules and may precede --rules. */
START_TEST(test_decl_cli_errors)
{
	const char *zonelint = getenv("ZONELINT");
	char *zone = temp_file(zone_text);
	char *rules = temp_file("rule a {\n\tmatch /x(/\n\tmessage \"m\"\n}\n");
	char *good = temp_file("rule a {\n\ttype MX\n\tmessage \"m\"\n}\n");
	char cmd[1024], out[1024], expect[512];
	FILE *p;
	size_t n;
	int status;

	if (zonelint == NULL)
		zonelint = "./zonelint";
	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s --rules %s %s 2>&1", zonelint, rules, zone);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	status = pclose(p);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 2);
	snprintf(expect, sizeof(expect),
	    "%s:2:11: error: invalid pattern at offset 2: missing closing parenthesis\n", rules);
	ck_assert_str_eq(out, expect);

	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s -q --fail-on error --disable a --rules %s %s >/dev/null 2>&1",
	    zonelint, good, zone);
	status = system(cmd);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s -q --rules %s %s >/dev/null 2>&1",
	    zonelint, good, zone);
	status = system(cmd);
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	snprintf(cmd, sizeof(cmd), "LC_ALL=C %s -q --rules %s --rules %s %s >/dev/null 2>&1",
	    zonelint, good, good, zone);
	status = system(cmd);
	ck_assert_int_eq(WEXITSTATUS(status), 2);

	unlink(zone);
	unlink(rules);
	unlink(good);
	free(zone);
	free(rules);
	free(good);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("decl");
	TCase *tc_read = tcase_create("read");
	TCase *tc_run = tcase_create("run");
	TCase *tc_cli = tcase_create("cli");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc_read, test_decl_error_position, 0, (int)COUNT(error_cases));
	tcase_add_test(tc_read, test_decl_pattern_offset);
	tcase_add_test(tc_read, test_decl_failed_file_adds_nothing);
	tcase_add_test(tc_read, test_decl_defaults);
	suite_add_tcase(s, tc_read);
	tcase_add_loop_test(tc_run, test_decl_run_findings, 0, (int)COUNT(run_cases));
	suite_add_tcase(s, tc_run);
	tcase_add_test(tc_cli, test_decl_cli_errors);
	suite_add_tcase(s, tc_cli);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
