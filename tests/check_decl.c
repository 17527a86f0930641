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
#include "decl_impl.h"
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


/* Literal filters: the verdict of zl_decl_filter_test() must agree with
 * PCRE2 whenever it is not ZL_DECL_UNKNOWN. */

/* Columns: pattern, PCRE2 options. */
struct filter_pattern {
	const char *source;
	uint32_t options;
};

static const struct filter_pattern filter_patterns[] = {
	{ "^v=spf1\\s", PCRE2_CASELESS },
	{ "^V=DMARC1", PCRE2_CASELESS },
	{ "^v=DMARCX?1", 0 },
	{ "^10 mx|ns1\\.example", 0 },
	{ "\\._domainkey\\.", 0 },
	{ "^(?!_dmarc\\.)", 0 },
	{ "^(?!.*\\._domainkey\\.)", 0 },
	{ "^(?!.*ab)", PCRE2_DOTALL },
	{ "^(?!.*AB)", PCRE2_CASELESS },
	{ "\\.example\\.test\\.$", 0 },
	{ "^(?:10\\.|192\\.168\\.)", 0 },
	{ "^(ab|cd)ef", 0 },
	{ "^(ab|)cd", 0 },
	{ "^(?:ab)?cd", 0 },
	{ "(?:password|secret|api[_-]?key)\\s*[=:]", PCRE2_CASELESS },
	{ "(ab|cd)+x", 0 },
	{ "ab+c", 0 },
	{ "ab*c", 0 },
	{ "a{2}b", 0 },
	{ "ab{2,}", 0 },
	{ "(?i)abc", 0 },
	{ "ab(?i)c", 0 },
	{ "a\\x41b", 0 },
	{ "\\Qa.b\\E", 0 },
	{ "[]a]bc", 0 },
	{ "[^]x]ab", 0 },
	{ "[[:alpha:]]ab", 0 },
	{ "\\bt=y\\b", 0 },
	{ "include:_SPF", PCRE2_CASELESS },
	{ "^ab|cd", 0 },
	{ "a\\$b$", 0 },
	{ "abc$", 0 },
	{ "abc$", PCRE2_MULTILINE },
	{ "^abc", PCRE2_MULTILINE },
	{ "ALL\\b", PCRE2_CASELESS },
	{ "x(?=ab)abc", 0 },
	{ "(?<=a)bc", 0 },
	{ "a(?#b)c", 0 },
	{ "(a)\\1b", 0 },
	{ "a b", PCRE2_EXTENDED },
	{ "^.{3}ab", 0 },
	{ "ab\\Kcd", 0 },
};

/* Pieces that subjects are built from: the literals of the patterns,
 * their other cases, near misses and newlines. */
static const char *const filter_pieces[] = {
	"v=spf1 ", "V=DMARC1", "v=DMARCX1", "10 mx", "ns1.example", "_dmarc.",
	"._domainkey.", "._DOMAINKEY.", ".example.test.", "10.", "192.168.", "ab", "AB",
	"cd", "ef", "x", "password", "SeCrEt", "api-key", "=", ":", " ", "t=y", "abc",
	"ABC", "abbc", "ac", "aab", "aAb", "a.b", "]bc", "bc", "include:_spf", "all",
	"\n", "a$b", "$", "b", "c", "a",
};

/* Build a subject of up to six pieces from the pseudo-random state. */
static size_t
filter_subject(uint32_t *state, char *out, size_t cap)
{
	size_t len = 0, pieces;

	*state = *state * 1103515245u + 12345u;
	pieces = (*state >> 16) % 7;
	for (size_t i = 0; i < pieces; i++) {
		const char *piece;
		size_t n;

		*state = *state * 1103515245u + 12345u;
		piece = filter_pieces[(*state >> 16) % COUNT(filter_pieces)];
		n = strlen(piece);
		if (len + n >= cap)
			break;
		memcpy(out + len, piece, n);
		len += n;
	}
	out[len] = '\0';
	return len;
}

START_TEST(test_decl_filter_agrees_with_pcre2)
{
	const struct filter_pattern *c = &filter_patterns[_i];
	struct zl_decl_filter f;
	pcre2_code *code;
	pcre2_match_data *md;
	uint32_t newline, state = 1;
	int errcode;
	PCRE2_SIZE erroff;

	code = pcre2_compile((PCRE2_SPTR)c->source, PCRE2_ZERO_TERMINATED, c->options,
	    &errcode, &erroff, NULL);
	ck_assert_ptr_nonnull(code);
	pcre2_pattern_info(code, PCRE2_INFO_NEWLINE, &newline);
	md = pcre2_match_data_create_from_pattern(code, NULL);
	zl_decl_filter_build(&f, c->source, c->options, newline);

	for (int round = 0; round < 3000; round++) {
		char subject[128];
		size_t len = filter_subject(&state, subject, sizeof(subject));
		enum zl_decl_verdict v = zl_decl_filter_test(&f, subject, len);
		bool matches = pcre2_match(code, (PCRE2_SPTR)subject, len, 0, 0, md, NULL) >= 0;

		if (v != ZL_DECL_UNKNOWN)
			ck_assert_msg((v == ZL_DECL_YES) == matches,
			    "pattern /%s/ on \"%s\": filter says %s, PCRE2 %s", c->source, subject,
			    v == ZL_DECL_YES ? "match" : "no match", matches ? "matches" : "does not");
	}

	zl_decl_filter_fini(&f);
	pcre2_match_data_free(md);
	pcre2_code_free(code);
}
END_TEST

/* Columns: pattern, options, subject, the verdict the filter must give. */
struct filter_case {
	const char *source;
	uint32_t options;
	const char *subject;
	enum zl_decl_verdict verdict;
};

static const struct filter_case filter_cases[] = {
	{ "\\._domainkey\\.", 0, "s1._domainkey.example.", ZL_DECL_YES },
	{ "\\._domainkey\\.", 0, "www.example.", ZL_DECL_NO },
	{ "^(?!.*\\._domainkey\\.)", 0, "www.example.", ZL_DECL_YES },
	{ "^(?!.*\\._domainkey\\.)", 0, "s1._domainkey.example.", ZL_DECL_NO },
	{ "^(?!_dmarc\\.)", 0, "_dmarc.example.", ZL_DECL_NO },
	{ "^127\\.", 0, "127.0.0.1", ZL_DECL_YES },
	{ "^(?:10\\.|192\\.168\\.)", 0, "11.0.0.1", ZL_DECL_NO },
	{ "\\.net\\.$", 0, "cdn.example.com.", ZL_DECL_NO },
	{ "(?:password|secret)\\s*=", PCRE2_CASELESS, "v=spf1 -all", ZL_DECL_NO },
	{ "\\binclude:_spf\\.old\\b", PCRE2_CASELESS, "v=spf1 -all", ZL_DECL_NO },
	{ "^v=spf1\\s(?:.*\\s)?[-~?+]?ptr\\b", PCRE2_CASELESS, "v=spf1 mx -all", ZL_DECL_NO },
	{ "^(\\d+) backup-mx\\.", 0, "10 mx1.example.", ZL_DECL_NO },
};

START_TEST(test_decl_filter_decides)
{
	const struct filter_case *c = &filter_cases[_i];
	struct zl_decl_filter f;

	zl_decl_filter_build(&f, c->source, c->options, PCRE2_NEWLINE_LF);
	ck_assert_msg(zl_decl_filter_test(&f, c->subject, strlen(c->subject)) == c->verdict,
	    "pattern /%s/ on \"%s\": expected verdict %d", c->source, c->subject, (int)c->verdict);
	zl_decl_filter_fini(&f);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("decl");
	TCase *tc_read = tcase_create("read");
	TCase *tc_run = tcase_create("run");
	TCase *tc_cli = tcase_create("cli");
	TCase *tc_filter = tcase_create("filter");
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
	tcase_add_loop_test(tc_filter, test_decl_filter_agrees_with_pcre2, 0,
	    (int)COUNT(filter_patterns));
	tcase_add_loop_test(tc_filter, test_decl_filter_decides, 0, (int)COUNT(filter_cases));
	suite_add_tcase(s, tc_filter);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
