/* Tests for the offline SPF evaluator and the TXT position mapping. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_eval.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "name.h"
#include "txtpos.h"

#define HEADER "$ORIGIN example.jp.\n$TTL 3600\n" \
	"@ IN SOA ns.example.jp. hostmaster.example.jp. ( 1 3600 900 604800 300 )\n" \
	"  IN NS ns.example.jp.\n" \
	"ns IN A 192.0.2.53\n"

static struct zl_analysis analysis;
static char zone_path[64];

/* Load zone text as one zone file and index it. */
static void
load(const char *text)
{
	struct zl_load_options opt;
	char *error = NULL;
	int fd;

	snprintf(zone_path, sizeof(zone_path), "/tmp/zl-spf-eval-XXXXXX");
	fd = mkstemp(zone_path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	zl_analysis_init(&analysis);
	zl_load_options_init(&opt);
	ck_assert_msg(zl_analysis_load(&analysis, zone_path, &opt, &error) == 0, "%s", error);
	zl_analysis_run(&analysis);
}

static void
unload(void)
{
	zl_analysis_fini(&analysis);
	unlink(zone_path);
}

/* The id of the first SPF record at name (presentation form). */
static uint32_t
spf_at(const char *name)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err;
	bool relative;
	uint32_t id, record;

	ck_assert(zl_name_from_text(name, strlen(name), NULL, wire, &len, &relative, &err) == ZL_NAME_OK);
	id = zl_graph_lookup(&analysis.graph, wire);
	ck_assert_msg(id != ZL_NONE, "no name %s", name);
	ck_assert_msg(zl_spf_records_at(&analysis.graph, id, &record, 1) > 0, "no SPF at %s", name);
	return record;
}

static void
evaluate(const char *zone, const char *name, struct zl_spf_eval *ev)
{
	load(zone);
	ck_assert(zl_spf_evaluate(&analysis.graph, spf_at(name), ev));
}

START_TEST(test_spf_eval_include_chain_count)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN MX 10 ns.example.jp.\n"
	    "@ IN TXT \"v=spf1 mx include:_s1.example.jp -all\"\n"
	    "_s1 IN TXT \"v=spf1 a:ns.example.jp include:_s2.example.jp ~all\"\n"
	    "_s2 IN TXT \"v=spf1 mx:example.jp include:_s3.example.jp ~all\"\n"
	    "_s3 IN TXT \"v=spf1 a:ns.example.jp exists:ns.example.jp exp=x.example.jp ~all\"\n",
	    "example.jp", &ev);
	ck_assert_uint_eq(ev.lookups, 8);
	ck_assert(zl_spf_eval_exact(&ev));
	ck_assert_uint_eq(ev.npolicies, 4);
	ck_assert_uint_eq(ev.nodes[1].lookup_number, 2);
	ck_assert_uint_eq(ev.nodes[1].lookups, 8);
	ck_assert_uint_eq(ev.nodes[1].depth, 0);
	ck_assert_uint_eq(ev.nodes[2].depth, 1);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_eval_outside_lower_bound)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN TXT \"v=spf1 include:spf.example.com redirect=%{d}.example.net\"\n"
	    "sub IN NS ns.example.jp.\n"
	    "a IN TXT \"v=spf1 include:x.sub.example.jp -all\"\n",
	    "example.jp", &ev);
	ck_assert_uint_eq(ev.lookups, 2);
	ck_assert_uint_eq(ev.unknown_includes, 2);
	ck_assert(!zl_spf_eval_exact(&ev));
	ck_assert_int_eq(ev.nodes[0].reach, ZL_SPF_REACH_OUTSIDE);
	ck_assert_int_eq(ev.nodes[1].reach, ZL_SPF_REACH_MACRO);
	zl_spf_eval_fini(&ev);

	ck_assert(zl_spf_evaluate(&analysis.graph, spf_at("a.example.jp"), &ev));
	ck_assert_int_eq(ev.nodes[0].reach, ZL_SPF_REACH_DELEGATED);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_eval_void_per_family)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN TXT \"v=spf1 a:v4.example.jp a:v6.example.jp a:none.example.jp mx -all\"\n"
	    "v4 IN A 192.0.2.4\n"
	    "v6 IN AAAA 2001:db8::6\n",
	    "example.jp", &ev);
	ck_assert_uint_eq(ev.nnodes, 5);
	ck_assert(!ev.nodes[0].void4);
	ck_assert(ev.nodes[0].void6);
	ck_assert(ev.nodes[1].void4);
	ck_assert(!ev.nodes[1].void6);
	ck_assert(ev.nodes[2].void4 && ev.nodes[2].void6);
	ck_assert(ev.nodes[2].no_name);
	ck_assert(ev.nodes[3].no_mx);
	ck_assert_uint_eq(ev.nodes[3].voids4, 3);
	ck_assert_uint_eq(ev.nodes[3].voids6, 3);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_eval_mx_strict_count)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN MX 10 gone1.example.jp.\n"
	    "@ IN MX 20 gone2.example.jp.\n"
	    "@ IN MX 30 ns.example.jp.\n"
	    "@ IN TXT \"v=spf1 mx -all\"\n",
	    "example.jp", &ev);
	ck_assert_uint_eq(ev.nodes[0].mx_hosts, 3);
	ck_assert(!ev.nodes[0].void4);
	ck_assert(ev.nodes[0].void6);
	ck_assert_uint_eq(ev.nodes[0].strict4, 2);
	ck_assert_uint_eq(ev.nodes[0].strict6, 2);
	ck_assert_uint_eq(ev.nodes[0].naddrs, 1);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_eval_loop_marked)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN TXT \"v=spf1 include:_a.example.jp -all\"\n"
	    "_a IN TXT \"v=spf1 include:_b.example.jp ~all\"\n"
	    "_b IN TXT \"v=spf1 include:_a.example.jp ~all\"\n",
	    "example.jp", &ev);
	ck_assert_uint_eq(ev.nnodes, 6);
	ck_assert(ev.nodes[2].loop);
	ck_assert_uint_eq(ev.lookups, 3);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_eval_cname_and_wildcard)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN TXT \"v=spf1 include:_alias.example.jp a:host.w.example.jp include:_none.example.jp -all\"\n"
	    "_alias IN CNAME _spf.example.jp.\n"
	    "_spf IN TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"
	    "*.w IN A 192.0.2.9\n"
	    "_none IN TXT \"not a policy\"\n",
	    "example.jp", &ev);
	ck_assert_uint_ne(ev.nodes[0].child, ZL_NONE);
	ck_assert(!ev.nodes[0].missing);
	ck_assert_uint_eq(ev.nodes[1].naddrs, 1);	/* ip4 of the included policy */
	ck_assert(!ev.nodes[3].void4);
	ck_assert(ev.nodes[4].missing);
	ck_assert(!ev.nodes[4].no_name);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_eval_order_after_all)
{
	struct zl_spf_eval ev;

	evaluate(HEADER
	    "@ IN TXT \"v=spf1 redirect=_r.example.jp ip4:192.0.2.1 -all a:ns.example.jp\"\n"
	    "_r IN TXT \"v=spf1 -all\"\n"
	    "b IN TXT \"v=spf1 redirect=_r.example.jp ip4:192.0.2.1\"\n",
	    "example.jp", &ev);
	/* all ends the evaluation; redirect= is ignored when all is there. */
	ck_assert_uint_eq(ev.nnodes, 2);
	ck_assert_uint_eq(ev.lookups, 0);
	zl_spf_eval_fini(&ev);

	ck_assert(zl_spf_evaluate(&analysis.graph, spf_at("b.example.jp"), &ev));
	ck_assert_uint_eq(ev.nnodes, 3);
	ck_assert_int_eq(ev.policies[ev.nodes[1].policy].parsed.terms[ev.nodes[1].term].kind,
	    ZL_SPF_REDIRECT);
	ck_assert_uint_eq(ev.lookups, 1);
	zl_spf_eval_fini(&ev);
	unload();
}
END_TEST

START_TEST(test_spf_addr_matches_prefix)
{
	struct zl_spf_addr a = { 4, 25, { 192, 0, 2, 128 }, ZL_NONE };
	uint8_t in[4] = { 192, 0, 2, 200 }, out[4] = { 192, 0, 2, 127 };

	ck_assert(zl_spf_addr_matches(&a, 4, in));
	ck_assert(!zl_spf_addr_matches(&a, 4, out));
	ck_assert(!zl_spf_addr_matches(&a, 6, in));
}
END_TEST

/* Where a byte of the joined text maps: record on line 6 of the zone. */
/* zl_spf_evaluate_counts() gives the summary of a full evaluation
 * without collecting addresses. */
START_TEST(test_spf_evaluate_counts_same_summary)
{
	struct zl_spf_eval full, counts;
	struct zl_spf_eval_summary want, got;
	uint32_t record;

	load(HEADER
	    "@ IN TXT \"v=spf1 ip4:192.0.2.0/24 a mx include:_a.example.jp a:gone.example.jp -all\"\n"
	    "@ IN MX 10 mail.example.jp.\n"
	    "@ IN A 192.0.2.10\n"
	    "mail IN A 192.0.2.25\n"
	    "_a IN TXT \"v=spf1 ip6:2001:db8::/32 a:mail.example.jp ~all\"\n");
	record = spf_at("example.jp");
	ck_assert(zl_spf_evaluate(&analysis.graph, record, &full));
	ck_assert(zl_spf_evaluate_counts(&analysis.graph, record, &counts));
	ck_assert_uint_gt(full.naddrs, 0);
	ck_assert_uint_eq(counts.naddrs, 0);
	ck_assert_uint_eq(counts.nnodes, full.nnodes);
	ck_assert_uint_eq(counts.truncated, full.truncated);
	zl_spf_eval_summarize(&full, &want);
	zl_spf_eval_summarize(&counts, &got);
	ck_assert_uint_eq(got.lookups, want.lookups);
	ck_assert_uint_eq(got.voids, want.voids);
	ck_assert_uint_eq(got.mx_hosts, want.mx_hosts);
	ck_assert_uint_eq(got.missing, want.missing);
	ck_assert_uint_eq(got.loop, want.loop);
	zl_spf_eval_fini(&full);
	zl_spf_eval_fini(&counts);
	unload();
}
END_TEST

/* Assert that got equals want, field by field. */
static void
assert_same_answer(const struct zl_spf_answer *got, const struct zl_spf_answer *want,
    const char *name, const char *type)
{
	ck_assert_msg(got->reach == want->reach, "%s %s: reach", name, type);
	ck_assert_msg(got->name == want->name, "%s %s: name", name, type);
	ck_assert_msg(got->zone == want->zone, "%s %s: zone", name, type);
	ck_assert_msg(got->exists == want->exists, "%s %s: exists", name, type);
	ck_assert_msg(got->count == want->count, "%s %s: count", name, type);
	ck_assert_msg(got->ids == want->ids, "%s %s: ids", name, type);
}

/* zl_spf_query_addresses() gives the results of separate A and AAAA
 * queries. */
START_TEST(test_spf_query_addresses_as_two_queries)
{
	static const char *const names[] = {
		"both.example.jp", "v4.example.jp", "alias.example.jp", "x.w.example.jp",
		"loop1.example.jp", "host.sub.example.jp", "missing.example.jp",
		"example.jp", "outside.test",
	};

	load(HEADER
	    "both IN A 192.0.2.1\n"
	    "both IN AAAA 2001:db8::1\n"
	    "v4 IN A 192.0.2.2\n"
	    "alias IN CNAME both.example.jp.\n"
	    "*.w IN AAAA 2001:db8::9\n"
	    "loop1 IN CNAME loop2.example.jp.\n"
	    "loop2 IN CNAME loop1.example.jp.\n"
	    "sub IN NS ns.elsewhere.test.\n");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct zl_spf_answer a4, a6, want4, want6;
		uint8_t wire[ZL_NAME_MAX];
		size_t len, err;
		bool relative;

		ck_assert(zl_name_from_text(names[i], strlen(names[i]), NULL, wire, &len,
		    &relative, &err) == ZL_NAME_OK);
		zl_spf_query(&analysis.graph, wire, ZL_TYPE_A, &want4);
		zl_spf_query(&analysis.graph, wire, ZL_TYPE_AAAA, &want6);
		zl_spf_query_addresses(&analysis.graph, wire, &a4, &a6);
		assert_same_answer(&a4, &want4, names[i], "A");
		assert_same_answer(&a6, &want6, names[i], "AAAA");
	}
	unload();
}
END_TEST

START_TEST(test_txt_position_strings_and_lines)
{
	uint32_t r;
	struct zl_pos p;

	load(HEADER
	    "@ IN TXT ( \"v=spf1 a \"\n"
	    "           \"mx\\032-all\" )\n"
	    "w IN TXT v=spf1 mx -all\n");
	r = spf_at("example.jp");
	p = zl_txt_position(&analysis.graph, r, 0);
	ck_assert_uint_eq(p.line, 6);
	ck_assert_uint_eq(p.col, 13);
	p = zl_txt_position(&analysis.graph, r, 9);	/* "mx" */
	ck_assert_uint_eq(p.line, 7);
	ck_assert_uint_eq(p.col, 13);
	p = zl_txt_position(&analysis.graph, r, 11);	/* the \032 escape */
	ck_assert_uint_eq(p.col, 15);
	p = zl_txt_position(&analysis.graph, r, 12);	/* "-all" after it */
	ck_assert_uint_eq(p.col, 19);
	p = zl_txt_position(&analysis.graph, r, 100);	/* past the end */
	ck_assert_uint_eq(p.line, 7);
	p = zl_txt_position(&analysis.graph, r, 2);	/* back before the last offset */
	ck_assert_uint_eq(p.line, 6);
	ck_assert_uint_eq(p.col, 15);

	/* Unquoted words: the blank the reader put in maps to the next word. */
	r = spf_at("w.example.jp");
	p = zl_txt_position(&analysis.graph, r, 7);
	ck_assert_uint_eq(p.line, 8);
	ck_assert_uint_eq(p.col, 17);
	unload();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("spf_eval");
	TCase *eval = tcase_create("evaluate");
	TCase *pos = tcase_create("txt_position");
	SRunner *sr;
	int failed;

	tcase_add_test(eval, test_spf_eval_include_chain_count);
	tcase_add_test(eval, test_spf_eval_outside_lower_bound);
	tcase_add_test(eval, test_spf_eval_void_per_family);
	tcase_add_test(eval, test_spf_eval_mx_strict_count);
	tcase_add_test(eval, test_spf_eval_loop_marked);
	tcase_add_test(eval, test_spf_eval_cname_and_wildcard);
	tcase_add_test(eval, test_spf_eval_order_after_all);
	tcase_add_test(eval, test_spf_addr_matches_prefix);
	tcase_add_test(eval, test_spf_query_addresses_as_two_queries);
	tcase_add_test(eval, test_spf_evaluate_counts_same_summary);
	tcase_add_test(pos, test_txt_position_strings_and_lines);
	suite_add_tcase(s, eval);
	suite_add_tcase(s, pos);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
