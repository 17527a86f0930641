/* Tests for the SPF cache: the parses it keeps, and its life across analyses. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_cache.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "rdata.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "util.h"

#define HEADER "$ORIGIN example.jp.\n$TTL 3600\n" \
	"@ IN SOA ns.example.jp. hostmaster.example.jp. ( 1 3600 900 604800 300 )\n" \
	"  IN NS ns.example.jp.\n" \
	"ns IN A 192.0.2.53\n"

/* SPF records of every shape the cache stores: addresses and prefixes, a
 * macro, a text shared by two records, two strings, errors, and two
 * records at one name. */
#define POLICIES HEADER \
	"@ IN TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a/24//64 mx:%{d}.example.jp ~all\"\n" \
	"www IN TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a/24//64 mx:%{d}.example.jp ~all\"\n" \
	"www IN TXT \"v=spf1 -all\"\n" \
	"mail IN TXT \"v=spf1 include:_spf.example.jp \" \"-all\"\n" \
	"bad IN TXT \"v=spf1 ip4:192.0.2.300 --all foo:bar redirect=a..example\"\n" \
	"other IN TXT \"site-verification=abc\"\n"

/* One analysis at a fixed address, as the fuzz target and the fixture
 * suite reuse theirs. */
static struct zl_analysis analysis;
static char zone_path[64];

static void
load(const char *text)
{
	struct zl_load_options opt;
	char *error = NULL;
	int fd;

	snprintf(zone_path, sizeof(zone_path), "/tmp/zl-spf-cache-XXXXXX");
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
	zl_spf_cache_clear();
	zl_analysis_fini(&analysis);
	unlink(zone_path);
}

static void
assert_same_term(const struct zl_spf_term *got, const struct zl_spf_term *want, size_t i)
{
	ck_assert_msg(got->kind == want->kind, "term %zu: kind", i);
	ck_assert_msg(got->qualifier == want->qualifier, "term %zu: qualifier", i);
	ck_assert_msg(got->qualifier_explicit == want->qualifier_explicit, "term %zu: explicit", i);
	ck_assert_msg(got->has_errors == want->has_errors, "term %zu: has_errors", i);
	ck_assert_msg(got->has_macro == want->has_macro, "term %zu: has_macro", i);
	ck_assert_uint_eq(got->offset, want->offset);
	ck_assert_uint_eq(got->len, want->len);
	ck_assert_uint_eq(got->name_offset, want->name_offset);
	ck_assert_uint_eq(got->name_len, want->name_len);
	ck_assert_uint_eq(got->value_offset, want->value_offset);
	ck_assert_uint_eq(got->value_len, want->value_len);
	ck_assert_uint_eq(got->domain_offset, want->domain_offset);
	ck_assert_uint_eq(got->domain_len, want->domain_len);
	ck_assert_int_eq(got->cidr4, want->cidr4);
	ck_assert_int_eq(got->cidr6, want->cidr6);
	ck_assert_mem_eq(got->addr, want->addr, sizeof(want->addr));
}

/* Check that the cache returns for record what a fresh parse of its
 * joined text gives. */
static void
assert_cached_parse(const struct zl_spf_cache *cache, uint32_t record)
{
	const struct zl_graph *g = &analysis.graph;
	const struct zl_record *r = &g->records[record];
	struct zl_strbuf joined;
	struct zl_spf_record want;
	struct zl_spf_text got;

	zl_strbuf_init(&joined);
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &joined);
	ck_assert_int_eq(zl_spf_parse(joined.data, joined.len, &want), 0);
	ck_assert_msg(zl_spf_cache_text(cache, record, &got), "record %u not cached", record);

	ck_assert_uint_eq(got.record, record);
	ck_assert_uint_eq(got.len, joined.len);
	ck_assert_mem_eq(got.text, joined.data, joined.len);
	ck_assert_ptr_null(got.owned_text);
	ck_assert_uint_eq(got.parsed.nterms, want.nterms);
	for (size_t i = 0; i < want.nterms; i++)
		assert_same_term(&got.parsed.terms[i], &want.terms[i], i);
	ck_assert_uint_eq(got.parsed.nerrors, want.nerrors);
	for (size_t i = 0; i < want.nerrors; i++) {
		ck_assert_int_eq(got.parsed.errors[i].code, want.errors[i].code);
		ck_assert_uint_eq(got.parsed.errors[i].offset, want.errors[i].offset);
		ck_assert_uint_eq(got.parsed.errors[i].len, want.errors[i].len);
	}

	zl_spf_text_fini(&got);
	zl_spf_record_fini(&want);
	zl_strbuf_fini(&joined);
}

START_TEST(test_spf_cache_same_parse)
{
	const struct zl_spf_cache *cache;
	size_t count, checked = 0;
	const uint32_t *ids;

	load(POLICIES);
	cache = zl_spf_cache_get(&analysis.graph);
	ids = zl_spf_cache_records(cache, &count);
	for (size_t i = 0; i < count; i++) {
		assert_cached_parse(cache, ids[i]);
		checked++;
	}
	ck_assert_uint_eq(checked, 5);
	unload();
}
END_TEST

START_TEST(test_spf_cache_records_and_owners)
{
	const struct zl_graph *g;
	const struct zl_spf_cache *cache;
	size_t count, nowners, k = 0;
	const uint32_t *ids, *owners;

	load(POLICIES);
	g = &analysis.graph;
	cache = zl_spf_cache_get(g);
	ids = zl_spf_cache_records(cache, &count);
	owners = zl_spf_cache_owners(cache, &nowners);

	/* Every SPF record in record order, and nothing else. */
	for (uint32_t i = 0; i < g->nrecords; i++) {
		if (!zl_spf_record_is_spf(g, i))
			continue;
		ck_assert_uint_lt(k, count);
		ck_assert_uint_eq(ids[k], i);
		k++;
	}
	ck_assert_uint_eq(k, count);

	/* www has two SPF records and is listed once. */
	ck_assert_uint_eq(nowners, 4);
	for (size_t i = 1; i < nowners; i++)
		ck_assert_uint_lt(owners[i - 1], owners[i]);

	/* Not an SPF record: the cache has no parse for it. */
	for (uint32_t i = 0; i < g->nrecords; i++) {
		struct zl_spf_text t;

		if (!zl_spf_record_is_spf(g, i))
			ck_assert(!zl_spf_cache_text(cache, i, &t));
	}
	unload();
}
END_TEST

START_TEST(test_spf_cache_freed_by_analysis)
{
	load(POLICIES);

	/* zl_analysis_run() drops the cache its rules built. */
	ck_assert_ptr_null(zl_spf_cache_find(&analysis.graph));
	ck_assert_ptr_nonnull(zl_spf_cache_get(&analysis.graph));
	ck_assert_ptr_eq(zl_spf_cache_find(&analysis.graph), zl_spf_cache_get(&analysis.graph));
	zl_spf_cache_clear();
	ck_assert_ptr_null(zl_spf_cache_find(&analysis.graph));
	unload();
}
END_TEST

/* Return the number of findings of rule whose message contains text. */
static size_t
count_findings(const char *rule, const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < analysis.diags.len; i++) {
		const struct zl_diag *d = &analysis.diags.items[i];

		if (strcmp(d->rule->id, rule) == 0 && strstr(d->message, text) != NULL)
			n++;
	}
	return n;
}

START_TEST(test_spf_cache_next_graph_fresh)
{
	/* Two zones with the same records and RDATA lengths, loaded at the
	 * same address, so that only the text differs. */
	static const char *const first = HEADER "@ IN TXT \"v=spf1 +all\"\n";
	static const char *const second = HEADER "@ IN TXT \"v=spf1 ?all\"\n";

	load(first);
	ck_assert_uint_eq(count_findings("spf-permissive", "'+all' authorizes every host"), 1);

	/* A cache left over from outside an analysis. */
	ck_assert_ptr_nonnull(zl_spf_cache_get(&analysis.graph));
	zl_analysis_fini(&analysis);
	unlink(zone_path);

	load(second);
	ck_assert_uint_eq(count_findings("spf-permissive", "'+all' authorizes every host"), 0);
	ck_assert_uint_eq(count_findings("spf-permissive", "'?all' gives unlisted senders"), 1);
	unload();
}
END_TEST

START_TEST(test_spf_cache_shared_text_owner)
{
	/* "a" names the owner, so the two records mean different hosts. */
	load(HEADER
	    "x IN TXT \"v=spf1 a -all\"\n"
	    "x IN A 192.0.2.1\n"
	    "y IN TXT \"v=spf1 a -all\"\n");
	ck_assert_uint_eq(count_findings("spf-host-no-address", "'y.example.jp.' has no A or AAAA"), 1);
	ck_assert_uint_eq(count_findings("spf-host-no-address", "'x.example.jp.'"), 0);
	unload();
}
END_TEST

START_TEST(test_spf_cache_shared_text_loop)
{
	/* Both records include _b, which includes the apex again: each walk
	 * meets the loop, at a different depth. */
	load(HEADER
	    "@ IN TXT \"v=spf1 include:_b.example.jp -all\"\n"
	    "c IN TXT \"v=spf1 include:_b.example.jp -all\"\n"
	    "_b IN TXT \"v=spf1 include:example.jp -all\"\n");
	ck_assert_uint_eq(count_findings("spf-lookup-limit", "leads into an include loop"), 3);
	unload();
}
END_TEST

START_TEST(test_spf_cache_eval_summary)
{
	const struct zl_graph *g;
	struct zl_spf_eval_summary summary;
	size_t count;
	const uint32_t *ids;

	load(HEADER
	    "@ IN TXT \"v=spf1 include:_a.example.jp include:_none.example.jp -all\"\n"
	    "_a IN TXT \"v=spf1 a:ns.example.jp a:gone.example.jp a:gone.example.jp a:gone.example.jp -all\"\n"
	    "_none IN TXT \"site-verification=abc\"\n");
	g = &analysis.graph;
	ids = zl_spf_cache_records(zl_spf_cache_get(g), &count);
	ck_assert_uint_eq(count, 2);

	ck_assert(zl_spf_cache_eval_summary(g, ids[0], &summary));
	ck_assert_uint_eq(summary.lookups, 6);
	ck_assert_uint_eq(summary.voids, 4);	/* a:ns has no AAAA, then three gone */
	ck_assert(summary.missing);
	ck_assert(!summary.loop);

	/* A record outside the cache has no summary. */
	ck_assert(!zl_spf_cache_eval_summary(g, 0, &summary));
	unload();
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("spf_cache");
	TCase *parse = tcase_create("parse");
	TCase *life = tcase_create("life");
	SRunner *sr;
	int failed;

	tcase_add_test(parse, test_spf_cache_same_parse);
	tcase_add_test(parse, test_spf_cache_records_and_owners);
	tcase_add_test(parse, test_spf_cache_eval_summary);
	tcase_add_test(parse, test_spf_cache_shared_text_owner);
	tcase_add_test(parse, test_spf_cache_shared_text_loop);
	tcase_add_test(life, test_spf_cache_freed_by_analysis);
	tcase_add_test(life, test_spf_cache_next_graph_fresh);
	suite_add_tcase(s, parse);
	suite_add_tcase(s, life);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
