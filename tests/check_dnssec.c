/* Tests for the DNSSEC helpers: canonical order, key tags, RRSIG fields,
 * ldns records built from the graph, DS matching, the clock and groups. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "dnssec.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "diag.h"
#include "name.h"

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Convert absolute presentation text to wire form in out. */
static void
wire_of(const char *text, uint8_t out[ZL_NAME_MAX])
{
	size_t len, err;
	bool relative;

	ck_assert_int_eq(zl_name_from_text(text, strlen(text), NULL, out, &len,
	    &relative, &err), ZL_NAME_OK);
}

/* The example of RFC 4034 section 6.1, in canonical order. */
static const char *const canonical_order[] = {
	"example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.",
	"zABC.a.EXAMPLE.", "z.example.", "\\001.z.example.", "*.z.example.",
	"\\200.z.example.",
};

START_TEST(test_dnssec_name_cmp_rfc_example)
{
	uint8_t a[ZL_NAME_MAX], b[ZL_NAME_MAX];

	for (size_t i = 0; i < COUNT(canonical_order); i++) {
		wire_of(canonical_order[i], a);
		ck_assert_msg(zl_dnssec_name_cmp(a, a) == 0, "%s", canonical_order[i]);
		for (size_t k = i + 1; k < COUNT(canonical_order); k++) {
			wire_of(canonical_order[k], b);
			ck_assert_msg(zl_dnssec_name_cmp(a, b) < 0, "%s < %s",
			    canonical_order[i], canonical_order[k]);
			ck_assert_msg(zl_dnssec_name_cmp(b, a) > 0, "%s > %s",
			    canonical_order[k], canonical_order[i]);
		}
	}
}
END_TEST

START_TEST(test_dnssec_name_cmp_folds_case)
{
	uint8_t a[ZL_NAME_MAX], b[ZL_NAME_MAX];

	wire_of("WWW.Example.JP.", a);
	wire_of("www.example.jp.", b);
	ck_assert_int_eq(zl_dnssec_name_cmp(a, b), 0);
}
END_TEST

/* Load a fixture zone, and its "; load-with:" companion when given. */
static void
load(struct zl_analysis *a, const char *fixture, const char *companion)
{
	const char *root = getenv("ZONELINT_TESTS");
	struct zl_load_options opt;
	char path[4096], *error = NULL;

	zl_analysis_init(a);
	zl_load_options_init(&opt);
	snprintf(path, sizeof(path), "%s/zones/%s", root ? root : "tests", fixture);
	ck_assert_msg(zl_analysis_load(a, path, &opt, &error) == 0, "%s: %s", path,
	    error ? error : "");
	if (companion != NULL) {
		snprintf(path, sizeof(path), "%s/zones/%s", root ? root : "tests", companion);
		ck_assert_msg(zl_analysis_load(a, path, &opt, &error) == 0, "%s: %s", path,
		    error ? error : "");
	}
	zl_analysis_run(a);
}

/* The records of name (absolute text) in zone with the given type. */
static const uint32_t *
rrset(const struct zl_graph *g, const char *name, uint32_t zone, uint16_t type,
    size_t *count)
{
	uint8_t wire[ZL_NAME_MAX];
	uint32_t id;

	wire_of(name, wire);
	id = zl_graph_lookup(g, wire);
	ck_assert_msg(id != ZL_NONE, "%s not in the graph", name);
	return zl_graph_rrset(g, id, zone, type, count);
}

START_TEST(test_dnssec_key_tag_matches_ldns)
{
	struct zl_analysis a;
	size_t count;
	const uint32_t *keys;

	load(&a, "dnssec-unsigned/ok-signed.zone", NULL);
	keys = rrset(&a.graph, "dnssec.example.", 0, ZL_TYPE_DNSKEY, &count);
	ck_assert_uint_eq(count, 2);
	for (size_t i = 0; i < count; i++) {
		const struct zl_record *r = &a.graph.records[keys[i]];
		ldns_rr *rr = zl_dnssec_rr_new(&a.graph, r);

		ck_assert_ptr_nonnull(rr);
		ck_assert_uint_eq(zl_dnssec_key_tag(zl_graph_rdata(&a.graph, r), r->rdata_len),
		    ldns_calc_keytag(rr));
		ldns_rr_free(rr);
	}
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_dnssec_rrsig_fields)
{
	struct zl_analysis a;
	struct zl_rrsig sig;
	size_t count;
	const uint32_t *sigs;
	uint8_t signer[ZL_NAME_MAX];

	load(&a, "dnssec-unsigned/ok-signed.zone", NULL);
	sigs = rrset(&a.graph, "www.dnssec.example.", 0, ZL_TYPE_RRSIG, &count);
	ck_assert_uint_eq(count, 2);
	ck_assert(zl_dnssec_rrsig_fields(&a.graph, &a.graph.records[sigs[0]], &sig));
	ck_assert_uint_eq(sig.type_covered, ZL_TYPE_A);
	ck_assert_uint_eq(sig.algorithm, 13);
	ck_assert_uint_eq(sig.labels, 3);
	ck_assert_uint_eq(sig.original_ttl, 3600);
	ck_assert_uint_eq(sig.inception, 1577836800u);	/* 2020-01-01 */
	ck_assert_uint_eq(sig.expiration, 3502828800u);	/* 2080-12-31 */
	wire_of("dnssec.example.", signer);
	ck_assert(zl_name_equal(sig.signer, signer));
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_dnssec_rrset_new_verifies)
{
	struct zl_analysis a;
	size_t count;
	const uint32_t *sigs;
	ldns_rr_list *rrset_list, *keys;
	ldns_rr *sig;

	load(&a, "dnssec-unsigned/ok-signed.zone", NULL);
	sigs = rrset(&a.graph, "dnssec.example.", 0, ZL_TYPE_RRSIG, &count);
	ck_assert_uint_ge(count, 1);
	keys = zl_dnssec_rrset_new(&a.graph, a.graph.zones[0].origin, 0, ZL_TYPE_DNSKEY);
	rrset_list = zl_dnssec_rrset_new(&a.graph, a.graph.zones[0].origin, 0, ZL_TYPE_SOA);
	ck_assert_ptr_nonnull(keys);
	ck_assert_ptr_nonnull(rrset_list);
	ck_assert_uint_eq(ldns_rr_list_rr_count(keys), 2);

	/* The apex RRSIG over the SOA record verifies with the zone's keys. */
	sig = NULL;
	for (size_t i = 0; i < count && sig == NULL; i++) {
		struct zl_rrsig fields;

		if (zl_dnssec_rrsig_fields(&a.graph, &a.graph.records[sigs[i]], &fields) &&
		    fields.type_covered == ZL_TYPE_SOA)
			sig = zl_dnssec_rr_new(&a.graph, &a.graph.records[sigs[i]]);
	}
	ck_assert_ptr_nonnull(sig);
	ck_assert_int_eq(ldns_verify_rrsig_keylist_notime(rrset_list, sig, keys, NULL),
	    LDNS_STATUS_OK);
	ldns_rr_free(sig);
	ldns_rr_list_deep_free(rrset_list);
	ldns_rr_list_deep_free(keys);
	zl_analysis_fini(&a);
}
END_TEST

/* Return ldns's verdict on RRSIG record r, or false when ldns cannot
 * build the RRset or the signature. */
static bool
ldns_verdict(const struct zl_graph *g, uint32_t zone, const struct zl_record *r,
    ldns_rr_list *keys, ldns_status *status)
{
	struct zl_rrsig sig;
	ldns_rr_list *covered;
	ldns_rr *sig_rr;

	if (!zl_dnssec_rrsig_fields(g, r, &sig))
		return false;
	covered = zl_dnssec_rrset_new(g, r->owner, zone, sig.type_covered);
	sig_rr = zl_dnssec_rr_new(g, r);
	if (covered != NULL && sig_rr != NULL)
		*status = ldns_verify_rrsig_keylist_notime(covered, sig_rr, keys, NULL);
	ldns_rr_list_deep_free(covered);
	ldns_rr_free(sig_rr);
	return covered != NULL && sig_rr != NULL;
}

/* zl_dnssec_verify() reads keys once and builds the signed data itself;
 * its verdict on every RRSIG of the signed fixtures is ldns's.  The
 * fixtures cover ECDSA P-256 and P-384, RSA with SHA-256 and SHA-512,
 * Ed25519 and Ed448, wildcards, NSEC3, and names in upper case. */
START_TEST(test_dnssec_verify_agrees_with_ldns)
{
	static const char *const fixtures[] = {
		"dnssec-unsigned/ok-signed.zone",
		"dnssec-signature-invalid/bad-tampered.zone",
		"dnssec-signature-invalid/bad-algorithms.zone",
		"dnssec-signature-invalid/ok-nsec3.zone",
		"dnssec-nsec3-chain/bad-next-hash.zone",
		"dnssec-nsec-chain/bad-open-chain.zone",
		"dnssec-signature-time/bad-expired-and-future.zone",
	};
	size_t checked = 0, failed = 0;

	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		struct zl_analysis a;
		const struct zl_graph *g;
		struct zl_dnssec_verifier *v;
		ldns_rr_list *keys;

		load(&a, fixtures[f], NULL);
		g = &a.graph;
		v = zl_dnssec_verifier_new(g, 0);
		keys = zl_dnssec_rrset_new(g, g->zones[0].origin, 0, ZL_TYPE_DNSKEY);
		ck_assert_ptr_nonnull(keys);
		for (size_t i = 0; i < g->nrecords; i++) {
			const struct zl_record *r = &g->records[i];
			ldns_status ours = LDNS_STATUS_ERR, theirs = LDNS_STATUS_ERR;
			bool judged;

			if (r->type != ZL_TYPE_RRSIG)
				continue;
			judged = zl_dnssec_verify(v, r, &ours);
			ck_assert_int_eq(judged, ldns_verdict(g, 0, r, keys, &theirs));
			if (!judged)
				continue;
			ck_assert_msg(ours == theirs, "%s line %u: %s, ldns %s", fixtures[f],
			    (unsigned)r->line, ldns_get_errorstr_by_id(ours),
			    ldns_get_errorstr_by_id(theirs));
			checked++;
			failed += ours != LDNS_STATUS_OK;
		}
		ldns_rr_list_deep_free(keys);
		zl_dnssec_verifier_free(v);
		zl_analysis_fini(&a);
	}
	ck_assert_uint_gt(checked, 140);
	ck_assert_uint_gt(failed, 8);
}
END_TEST

/* A record written twice is served once, so its signature covers one
 * copy: ldns would count both and call the signature bogus. */
START_TEST(test_dnssec_verify_ignores_repeated_record)
{
	struct zl_analysis a;
	const struct zl_graph *g;
	struct zl_dnssec_verifier *v;
	size_t count, ok = 0;
	const uint32_t *sigs;

	load(&a, "dnssec-signature-invalid/ok-algorithms.zone", NULL);
	g = &a.graph;
	v = zl_dnssec_verifier_new(g, 0);
	sigs = rrset(g, "www.dnssec.example.", 0, ZL_TYPE_RRSIG, &count);
	for (size_t i = 0; i < count; i++) {
		ldns_status status;
		struct zl_rrsig sig;

		ck_assert(zl_dnssec_rrsig_fields(g, &g->records[sigs[i]], &sig));
		if (sig.type_covered != ZL_TYPE_A)
			continue;
		ck_assert(zl_dnssec_verify(v, &g->records[sigs[i]], &status));
		ck_assert_int_eq(status, LDNS_STATUS_OK);
		ok++;
	}
	ck_assert_uint_eq(ok, 6);
	zl_dnssec_verifier_free(v);
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_dnssec_ds_match)
{
	struct zl_analysis a;
	size_t nds, nkeys, matches = 0;
	const uint32_t *ds, *keys;

	/* Zone 0 is the parent, zone 1 the child with a KSK and a ZSK. */
	load(&a, "dnssec-ds-mismatch/ok-current-ds.zone", "dnssec-ds-mismatch/ok-current-ds.child");
	ds = rrset(&a.graph, "dnssec.example.", 0, ZL_TYPE_DS, &nds);
	keys = rrset(&a.graph, "dnssec.example.", 1, ZL_TYPE_DNSKEY, &nkeys);
	ck_assert_uint_eq(nds, 1);
	ck_assert_uint_eq(nkeys, 2);
	for (size_t i = 0; i < nkeys; i++) {
		enum zl_ds_match m = zl_dnssec_ds_match(&a.graph, &a.graph.records[ds[0]],
		    &a.graph.records[keys[i]]);

		ck_assert(m != ZL_DS_UNKNOWN);
		matches += m == ZL_DS_MATCH;
	}
	ck_assert_uint_eq(matches, 1);
	zl_analysis_fini(&a);

	load(&a, "dnssec-ds-mismatch/bad-stale-ds.zone", "dnssec-ds-mismatch/bad-stale-ds.child");
	ds = rrset(&a.graph, "dnssec.example.", 0, ZL_TYPE_DS, &nds);
	keys = rrset(&a.graph, "dnssec.example.", 1, ZL_TYPE_DNSKEY, &nkeys);
	for (size_t i = 0; i < nkeys; i++)
		ck_assert_int_eq(zl_dnssec_ds_match(&a.graph, &a.graph.records[ds[0]],
		    &a.graph.records[keys[i]]), ZL_DS_MISMATCH);
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_dnssec_now_from_environment)
{
	setenv("ZONELINT_NOW", "20261204123456", 1);
	ck_assert_int_eq(zl_dnssec_now(), 1796387696);
	setenv("ZONELINT_NOW", "2026-12-04", 1);
	ck_assert_int_gt(zl_dnssec_now(), 1796387696 - 86400 * 365);
	unsetenv("ZONELINT_NOW");
	ck_assert_int_gt(zl_dnssec_now(), 1700000000);
}
END_TEST

START_TEST(test_dnssec_algorithm_table)
{
	static const uint8_t deprecated[] = { 1, 3, 5, 6, 7, 12 };
	static const uint8_t current[] = { 8, 10, 13, 14, 15, 16, 0, 253 };

	for (size_t i = 0; i < COUNT(deprecated); i++) {
		ck_assert_msg(zl_dnssec_algorithm_deprecated(deprecated[i]), "%u", deprecated[i]);
		ck_assert_ptr_nonnull(zl_dnssec_algorithm_name(deprecated[i]));
	}
	for (size_t i = 0; i < COUNT(current); i++)
		ck_assert_msg(!zl_dnssec_algorithm_deprecated(current[i]), "%u", current[i]);
	ck_assert_str_eq(zl_dnssec_algorithm_name(13), "ECDSAP256SHA256");
	ck_assert_ptr_null(zl_dnssec_algorithm_name(253));
}
END_TEST

/* A group report function that reports every item at line item + 1. */
static struct zl_diag *
report_item(struct zl_check *c, uint32_t item, void *arg)
{
	struct zl_pos pos;

	(void)arg;
	memset(&pos, 0, sizeof(pos));
	pos.line = item + 1;
	return zl_report(c, ZL_WARNING, pos, ZL_NONE, 0, "item %u", item);
}

START_TEST(test_dnssec_group_limit)
{
	struct zl_analysis a;
	struct zl_dnssec_group grp;
	struct zl_check c;

	zl_analysis_init(&a);
	c.graph = &a.graph;
	c.rule = zl_rules_find("dnssec-unsigned");
	c.diags = &a.diags;
	zl_dnssec_group_init(&grp, 3);

	/* Up to the limit, one finding per item. */
	for (uint32_t i = 0; i < 3; i++)
		zl_dnssec_group_add(&grp, i);
	zl_dnssec_group_flush(&grp, &c, report_item, NULL);
	ck_assert_uint_eq(a.diags.len, 3);
	ck_assert_str_eq(a.diags.items[2].message, "item 2");

	/* Past it, one finding for the first with the count of the rest. */
	for (uint32_t i = 10; i < 14; i++)
		zl_dnssec_group_add(&grp, i);
	zl_dnssec_group_flush(&grp, &c, report_item, NULL);
	ck_assert_uint_eq(a.diags.len, 4);
	ck_assert_str_eq(a.diags.items[3].message, "item 10 (and 3 more like it in this zone)");
	ck_assert_uint_eq(a.diags.items[3].pos.line, 11);

	/* A flushed group is empty. */
	zl_dnssec_group_flush(&grp, &c, report_item, NULL);
	ck_assert_uint_eq(a.diags.len, 4);
	zl_dnssec_group_fini(&grp);
	zl_analysis_fini(&a);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("dnssec");
	TCase *names = tcase_create("names");
	TCase *records = tcase_create("records");
	TCase *tables = tcase_create("tables");
	SRunner *sr;
	int failed;

	tcase_add_test(names, test_dnssec_name_cmp_rfc_example);
	tcase_add_test(names, test_dnssec_name_cmp_folds_case);
	tcase_add_test(records, test_dnssec_key_tag_matches_ldns);
	tcase_add_test(records, test_dnssec_rrsig_fields);
	tcase_add_test(records, test_dnssec_rrset_new_verifies);
	tcase_add_test(records, test_dnssec_verify_agrees_with_ldns);
	tcase_add_test(records, test_dnssec_verify_ignores_repeated_record);
	tcase_add_test(records, test_dnssec_ds_match);
	tcase_add_test(tables, test_dnssec_now_from_environment);
	tcase_add_test(tables, test_dnssec_algorithm_table);
	tcase_add_test(tables, test_dnssec_group_limit);
	suite_add_tcase(s, names);
	suite_add_tcase(s, records);
	suite_add_tcase(s, tables);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
