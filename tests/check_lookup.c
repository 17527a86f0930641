/* Tests for the graph queries of the hygiene rules, for CNAME chains
 * that cross zones, and for the positions kept with records. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "lookup.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "cname.h"
#include "name.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Intern text (absolute presentation form) into g and return its id. */
static uint32_t
intern(struct zl_graph *g, const char *text)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err;
	bool relative;

	ck_assert_int_eq(zl_name_from_text(text, strlen(text), NULL, wire, &len,
	    &relative, &err), ZL_NAME_OK);
	return zl_graph_intern(g, wire);
}

/* Add a zone without records at origin to g and return its id. */
static uint32_t
add_zone(struct zl_graph *g, const char *origin)
{
	struct zl_zone z;

	memset(&z, 0, sizeof(z));
	z.origin = intern(g, origin);
	ZL_PUSH(g->zones, g->nzones, g->zones_cap, z);
	return (uint32_t)(g->nzones - 1);
}

/* Columns: origin, name, expected meant name (NULL: no match). */
static const struct {
	const char *origin, *name, *meant;
} missing_dot_cases[] = {
	{ "example.jp.", "mx1.example.jp.example.jp.", "mx1.example.jp." },
	{ "example.jp.", "example.jp.example.jp.", "example.jp." },
	{ "example.jp.", "mx2.example.net.example.jp.", "mx2.example.net." },
	{ "example.com.", "shop.example.co.jp.example.com.", "shop.example.co.jp." },
	{ "example.com.", "dave.example.com.example.com.", "dave.example.com." },
	{ "example.com.", "www.example.com.", NULL },
	{ "example.com.", "www.de.example.com.", NULL },
	{ "example.com.", "net.example.com.", NULL },
	{ "example.com.", "a.b.c.example.com.", NULL },
	{ "example.com.", "www.example.net.", NULL },
	{ ".", "www.example.com.", NULL },
};

START_TEST(test_lookup_missing_dot)
{
	struct zl_graph g;
	uint8_t meant[ZL_NAME_MAX];
	uint32_t zone, name;
	bool match;

	zl_graph_init(&g);
	zone = add_zone(&g, missing_dot_cases[_i].origin);
	name = intern(&g, missing_dot_cases[_i].name);
	match = zl_lookup_missing_dot(&g, name, zone, meant);
	if (missing_dot_cases[_i].meant == NULL) {
		ck_assert_msg(!match, "%s in %s: unexpected match",
		    missing_dot_cases[_i].name, missing_dot_cases[_i].origin);
	} else {
		char *text;

		ck_assert_msg(match, "%s in %s: no match", missing_dot_cases[_i].name,
		    missing_dot_cases[_i].origin);
		text = zl_name_text(meant);
		ck_assert_str_eq(text, missing_dot_cases[_i].meant);
		free(text);
	}
	zl_graph_fini(&g);
}
END_TEST

/* Load the zone files under tests/multizone into one analysis. */
static void
load_multizone(struct zl_analysis *a)
{
	static const char *const files[] = { "a.example.zone", "b.example.zone" };
	const char *root = getenv("ZONELINT_TESTS");
	struct zl_load_options opt;

	zl_analysis_init(a);
	zl_load_options_init(&opt);
	for (size_t i = 0; i < COUNT(files); i++) {
		char path[4096], *error = NULL;

		snprintf(path, sizeof(path), "%s/multizone/%s", root ? root : "tests", files[i]);
		ck_assert_msg(zl_analysis_load(a, path, &opt, &error) == 0, "%s: %s", path,
		    error ? error : "");
	}
}

START_TEST(test_cname_loop_across_zones)
{
	struct zl_analysis a;
	struct zl_cname_chains ch;
	uint32_t www_a, www_b;
	size_t loops = 0;

	load_multizone(&a);
	zl_analysis_run(&a);
	www_a = intern(&a.graph, "www.a.example.");
	www_b = intern(&a.graph, "www.b.example.");

	zl_cname_chains_init(&ch, &a.graph);
	ck_assert_uint_eq(ch.count, 2);
	ck_assert_uint_eq(ch.length[zl_cname_alias(&ch, www_a)], ZL_CNAME_ENDLESS);
	ck_assert_uint_eq(ch.length[zl_cname_alias(&ch, www_b)], ZL_CNAME_ENDLESS);
	ck_assert_uint_eq(ch.loop[zl_cname_alias(&ch, www_a)], www_a);
	ck_assert_uint_eq(ch.loop[zl_cname_alias(&ch, www_b)], www_a);
	zl_cname_chains_fini(&ch);

	for (size_t i = 0; i < a.diags.len; i++) {
		const struct zl_diag *d = &a.diags.items[i];

		ck_assert_msg(strcmp(d->rule->id, "cname-loop") == 0,
		    "unexpected finding: %s [%s]", d->message, d->rule->id);
		ck_assert_uint_eq(d->pos.line, 9);
		loops++;
	}
	ck_assert_uint_eq(loops, 1);
	zl_analysis_fini(&a);
}
END_TEST

/* Make a graph of one zone with the names nK.example.com. for K below
 * count, where every step-th name is an alias of the name step after it,
 * as long as that one exists.  The ids go to names. */
static void
make_chain(struct zl_graph *g, uint32_t *names, size_t count, size_t step)
{
	struct zl_record r;
	struct zl_pos pos = { 0, 1, 1, 0 };

	zl_graph_init(g);
	add_zone(g, "example.com.");
	for (size_t i = 0; i < count; i++) {
		char text[48];

		snprintf(text, sizeof(text), "n%zu.example.com.", i);
		names[i] = intern(g, text);
	}
	memset(&r, 0, sizeof(r));
	r.type = ZL_TYPE_CNAME;
	for (size_t i = 0; i + step < count; i += step) {
		uint32_t id;

		r.owner = names[i];
		id = zl_graph_add_record(g, &r, pos, 0);
		zl_graph_add_ref(g, id, names[i + step], ZL_REF_CNAME, pos);
	}
	zl_graph_index(g);
}

START_TEST(test_cname_chain_lengths)
{
	struct zl_graph g;
	struct zl_cname_chains ch;
	uint32_t names[4];

	/* n0 -> n1 -> n2 -> n3, where n3 owns no CNAME. */
	make_chain(&g, names, COUNT(names), 1);

	zl_cname_chains_init(&ch, &g);
	ck_assert_uint_eq(ch.count, 3);
	ck_assert_uint_eq(ch.length[zl_cname_alias(&ch, names[0])], 3);
	ck_assert_uint_eq(ch.length[zl_cname_alias(&ch, names[1])], 2);
	ck_assert_uint_eq(ch.length[zl_cname_alias(&ch, names[2])], 1);
	ck_assert_uint_eq(zl_cname_alias(&ch, names[3]), ZL_NONE);
	ck_assert_uint_eq(ch.loop[zl_cname_alias(&ch, names[0])], ZL_NONE);
	zl_cname_chains_fini(&ch);
	zl_graph_fini(&g);
}
END_TEST

/* Enough aliases to cross several words of the alias bit set, with
 * plain names between them. */
START_TEST(test_cname_many_aliases)
{
	struct zl_graph g;
	struct zl_cname_chains ch;
	uint32_t names[200];

	/* n0 -> n3 -> n6 -> ... -> n198, where n198 owns no CNAME. */
	make_chain(&g, names, COUNT(names), 3);

	zl_cname_chains_init(&ch, &g);
	ck_assert_uint_eq(ch.count, 66);
	for (size_t i = 0; i < COUNT(names); i++) {
		uint32_t a = zl_cname_alias(&ch, names[i]);

		if (i % 3 != 0 || i == 198) {
			ck_assert_uint_eq(a, ZL_NONE);
			continue;
		}
		ck_assert_uint_ne(a, ZL_NONE);
		ck_assert_uint_eq(ch.name[a], names[i]);
		ck_assert_uint_eq(ch.target[a], names[i + 3]);
		ck_assert_uint_eq(ch.length[a], (198 - i) / 3);
	}
	zl_cname_chains_fini(&ch);
	zl_graph_fini(&g);
}
END_TEST

/* Add a record of type at owner in zone 0 of g. */
static void
add_record(struct zl_graph *g, uint32_t owner, uint16_t type)
{
	struct zl_record r;

	memset(&r, 0, sizeof(r));
	r.owner = owner;
	r.type = type;
	zl_graph_add_record(g, &r, (struct zl_pos){ 0, 1, 1, 0 }, 0);
}

/* The name flags that let the rules stop early: set when a name is
 * interned, and handed down the tree by zl_graph_index(). */
START_TEST(test_name_flags)
{
	struct zl_graph g;
	uint32_t apex, star, odd, utf8, below_utf8, cut, under_cut, dname, under_dname;

	zl_graph_init(&g);
	add_zone(&g, "example.com.");
	apex = intern(&g, "example.com.");
	star = intern(&g, "*.wild.example.com.");
	odd = intern(&g, "a.b*c.example.com.");
	utf8 = intern(&g, "\\195\\164.example.com.");
	below_utf8 = intern(&g, "x.\\195\\164.example.com.");
	cut = intern(&g, "child.example.com.");
	under_cut = intern(&g, "host.deep.child.example.com.");
	dname = intern(&g, "old.example.com.");
	under_dname = intern(&g, "www.old.example.com.");
	add_record(&g, apex, ZL_TYPE_NS);
	add_record(&g, cut, ZL_TYPE_NS);
	add_record(&g, dname, ZL_TYPE_DNAME);
	zl_graph_index(&g);

	ck_assert(g.names[g.names[star].parent].flags & ZL_NAME_WILDCARD_PARENT);
	ck_assert(!(g.names[apex].flags & ZL_NAME_WILDCARD_PARENT));
	ck_assert(g.names[star].flags & ZL_NAME_HAS_STAR);
	ck_assert(g.names[odd].flags & ZL_NAME_HAS_STAR);
	ck_assert(!(g.names[apex].flags & ZL_NAME_HAS_STAR));
	ck_assert(g.names[utf8].flags & ZL_NAME_HIGH_BYTE);
	ck_assert(g.names[below_utf8].flags & ZL_NAME_HIGH_BYTE);
	ck_assert(!(g.names[cut].flags & ZL_NAME_HIGH_BYTE));

	/* The apex NS records make no delegation. */
	ck_assert(!(g.names[apex].flags & (ZL_NAME_DELEGATION | ZL_NAME_UNDER_CUT)));
	ck_assert(g.names[cut].flags & ZL_NAME_DELEGATION);
	ck_assert(!(g.names[cut].flags & ZL_NAME_UNDER_CUT));
	ck_assert(g.names[under_cut].flags & ZL_NAME_UNDER_CUT);
	ck_assert_uint_eq(zl_graph_delegation_of(&g, 0, under_cut), cut);
	ck_assert_uint_eq(zl_graph_delegation_of(&g, 0, dname), ZL_NONE);
	ck_assert(g.names[dname].flags & ZL_NAME_HAS_DNAME);
	ck_assert(!(g.names[dname].flags & ZL_NAME_UNDER_DNAME));
	ck_assert(g.names[under_dname].flags & ZL_NAME_UNDER_DNAME);
	ck_assert(!(g.names[cut].flags & ZL_NAME_UNDER_DNAME));
	zl_graph_fini(&g);
}
END_TEST

/* The type position is kept as a distance on the record's first line,
 * or apart when the type stands on a later line. */
START_TEST(test_record_type_pos)
{
	struct zl_graph g;
	struct zl_record r;
	struct zl_pos start = { 1, 7, 1, 100 }, same = { 1, 7, 12, 111 };
	struct zl_pos later = { 1, 8, 3, 130 }, got;
	uint32_t first, second, third;

	zl_graph_init(&g);
	memset(&r, 0, sizeof(r));
	r.owner = intern(&g, "example.com.");
	first = zl_graph_add_record(&g, &r, start, 0);
	zl_graph_set_type_pos(&g, first, same);
	second = zl_graph_add_record(&g, &r, start, 0);
	zl_graph_set_type_pos(&g, second, later);
	third = zl_graph_add_record(&g, &r, start, 0);

	got = zl_record_type_pos(&g, &g.records[first]);
	ck_assert(memcmp(&got, &same, sizeof(got)) == 0);
	ck_assert(!(g.records[first].flags & ZL_REC_TYPE_APART));
	got = zl_record_type_pos(&g, &g.records[second]);
	ck_assert(memcmp(&got, &later, sizeof(got)) == 0);
	ck_assert(g.records[second].flags & ZL_REC_TYPE_APART);
	got = zl_record_type_pos(&g, &g.records[third]);
	ck_assert(memcmp(&got, &start, sizeof(got)) == 0);
	zl_graph_fini(&g);
}
END_TEST

/* Add a record of type at owner to zone of g, with the wire RDATA rdata
 * of len bytes, and return its id.  As in the reader, the records of a
 * zone are added one after another. */
static uint32_t
add_zone_record(struct zl_graph *g, uint32_t zone, uint32_t owner, uint16_t type,
    const void *rdata, size_t len)
{
	struct zl_record r;
	struct zl_zone *z = &g->zones[zone];

	memset(&r, 0, sizeof(r));
	r.owner = owner;
	r.type = type;
	r.rdata = zl_graph_add_rdata(g, rdata, len);
	r.rdata_len = (uint16_t)len;
	if (z->record_count == 0)
		z->first_record = (uint32_t)g->nrecords;
	z->record_count++;
	return zl_graph_add_record(g, &r, (struct zl_pos){ 0, 1, 1, 0 }, zone);
}

/* The lists of records by type: in record order, cut to one zone on
 * request, and merged in record order for several types. */
START_TEST(test_type_records)
{
	static const uint16_t sequence[] = {
		ZL_TYPE_SOA, ZL_TYPE_A, ZL_TYPE_DS, ZL_TYPE_CAA, ZL_TYPE_DS, ZL_TYPE_TXT,
		ZL_TYPE_SOA, ZL_TYPE_DS, ZL_TYPE_CAA, ZL_TYPE_A, ZL_TYPE_NSEC3, ZL_TYPE_DS,
	};
	static const uint16_t merge[] = { ZL_TYPE_CAA, ZL_TYPE_DS };
	struct zl_graph g;
	uint32_t zones[2], ds[4], caa[2], soa[2], nsec3 = ZL_NONE, owner;
	size_t nds = 0, ncaa = 0, nsoa = 0, n;
	const uint32_t *ids;
	uint32_t *merged;

	zl_graph_init(&g);
	zones[0] = add_zone(&g, "a.example.");
	zones[1] = add_zone(&g, "b.example.");
	owner = intern(&g, "a.example.");
	for (size_t i = 0; i < COUNT(sequence); i++) {
		uint32_t zone = zones[i < 6 ? 0 : 1];
		uint32_t id = add_zone_record(&g, zone, owner, sequence[i], "", 0);

		if (sequence[i] == ZL_TYPE_DS)
			ds[nds++] = id;
		else if (sequence[i] == ZL_TYPE_CAA)
			caa[ncaa++] = id;
		else if (sequence[i] == ZL_TYPE_SOA)
			soa[nsoa++] = id;
		else if (sequence[i] == ZL_TYPE_NSEC3)
			nsec3 = id;
	}
	zl_graph_index(&g);

	ids = zl_graph_type_records(&g, ZL_TYPE_DS, ZL_NONE, &n);
	ck_assert_uint_eq(n, 4);
	for (size_t i = 0; i < n; i++)
		ck_assert_uint_eq(ids[i], ds[i]);
	ids = zl_graph_type_records(&g, ZL_TYPE_DS, zones[0], &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(ids[0], ds[0]);
	ck_assert_uint_eq(ids[1], ds[1]);
	ids = zl_graph_type_records(&g, ZL_TYPE_DS, zones[1], &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(ids[0], ds[2]);
	ck_assert_uint_eq(ids[1], ds[3]);
	ids = zl_graph_type_records(&g, ZL_TYPE_SOA, zones[1], &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], soa[1]);
	ck_assert_uint_eq(nsoa, 2);
	ids = zl_graph_type_records(&g, ZL_TYPE_NSEC3, zones[0], &n);
	ck_assert_uint_eq(n, 0);
	ids = zl_graph_type_records(&g, ZL_TYPE_NSEC3, zones[1], &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(ids[0], nsec3);
	zl_graph_type_records(&g, ZL_TYPE_DNSKEY, ZL_NONE, &n);
	ck_assert_uint_eq(n, 0);

	merged = zl_graph_types_records(&g, merge, COUNT(merge), ZL_NONE, &n);
	ck_assert_uint_eq(n, 6);
	for (size_t i = 1; i < n; i++)
		ck_assert_uint_lt(merged[i - 1], merged[i]);
	ck_assert_uint_eq(merged[0], ds[0]);
	ck_assert_uint_eq(merged[1], caa[0]);
	ck_assert_uint_eq(merged[5], ds[3]);
	free(merged);
	merged = zl_graph_types_records(&g, merge, COUNT(merge), zones[1], &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(merged[0], ds[2]);
	ck_assert_uint_eq(merged[1], caa[1]);
	ck_assert_uint_eq(merged[2], ds[3]);
	free(merged);
	zl_graph_fini(&g);
}
END_TEST

/* Types above 255 need both passes of the radix sort. */
START_TEST(test_type_records_many_types)
{
	struct zl_graph g;
	uint32_t zone, owner;
	size_t n;
	const uint32_t *ids;

	zl_graph_init(&g);
	zone = add_zone(&g, "example.");
	owner = intern(&g, "example.");
	for (unsigned round = 0; round < 2; round++) {
		for (unsigned type = 1000; type > 400; type -= 3)
			add_zone_record(&g, zone, owner, (uint16_t)type, "", 0);
	}
	zl_graph_index(&g);
	for (unsigned type = 1000; type > 400; type -= 3) {
		ids = zl_graph_type_records(&g, (uint16_t)type, ZL_NONE, &n);
		ck_assert_uint_eq(n, 2);
		ck_assert_uint_eq(g.records[ids[0]].type, type);
		ck_assert_uint_lt(ids[0], ids[1]);
	}
	zl_graph_type_records(&g, 1001, ZL_NONE, &n);
	ck_assert_uint_eq(n, 0);
	zl_graph_fini(&g);
}
END_TEST

/* The graph marks the TXT records whose text starts with "v=spf1", even
 * when the version is split over strings or completed by more RDATA. */
START_TEST(test_spf_text_flag)
{
	static const struct {
		const char *rdata;
		size_t len;
		bool spf;
	} cases[] = {
		{ "\013v=spf1 -all", 12, true },
		{ "\006v=spf1", 7, true },
		{ "\004v=sp\007f1 -all", 13, true },
		{ "\013V=SPF1 ~all", 12, true },
		{ "\007v=spf10", 8, false },
		{ "\013v=DKIM1; p=", 12, false },
		{ "", 0, false },
	};
	struct zl_graph g;
	uint32_t zone, owner, ids[COUNT(cases)], address, continued;

	zl_graph_init(&g);
	zone = add_zone(&g, "example.");
	owner = intern(&g, "example.");
	for (size_t i = 0; i < COUNT(cases); i++)
		ids[i] = add_zone_record(&g, zone, owner, ZL_TYPE_TXT, cases[i].rdata, cases[i].len);
	address = add_zone_record(&g, zone, owner, ZL_TYPE_A, "\006v=spf1", 7);
	continued = add_zone_record(&g, zone, owner, ZL_TYPE_TXT, "\004v=sp", 5);
	ck_assert(!(g.records[continued].flags & ZL_REC_SPF_TEXT));
	zl_graph_extend_rdata(&g, continued, (const uint8_t *)"\007f1 -all", 8);
	zl_graph_index(&g);
	for (size_t i = 0; i < COUNT(cases); i++)
		ck_assert_msg(((g.records[ids[i]].flags & ZL_REC_SPF_TEXT) != 0) == cases[i].spf,
		    "case %zu", i);
	ck_assert(!(g.records[address].flags & ZL_REC_SPF_TEXT));
	ck_assert_uint_eq(g.records[continued].rdata_len, 13);
	ck_assert(g.records[continued].flags & ZL_REC_SPF_TEXT);
	zl_graph_fini(&g);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lookup");
	TCase *dot = tcase_create("missing_dot");
	TCase *cname = tcase_create("cname");
	TCase *graph = tcase_create("graph");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(dot, test_lookup_missing_dot, 0, (int)COUNT(missing_dot_cases));
	suite_add_tcase(s, dot);
	tcase_add_test(cname, test_cname_loop_across_zones);
	tcase_add_test(cname, test_cname_chain_lengths);
	tcase_add_test(cname, test_cname_many_aliases);
	suite_add_tcase(s, cname);
	tcase_add_test(graph, test_name_flags);
	tcase_add_test(graph, test_record_type_pos);
	tcase_add_test(graph, test_type_records);
	tcase_add_test(graph, test_type_records_many_types);
	tcase_add_test(graph, test_spf_text_flag);
	suite_add_tcase(s, graph);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
