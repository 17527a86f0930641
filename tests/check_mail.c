/* Mail rules across zones and options, and the mail posture: what the
 * single-file fixtures under tests/zones cannot show. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "dkim.h"
#include "dmarc.h"
#include "mailcache.h"
#include "mailtag.h"
#include "mailtxt.h"
#include "posture.h"
#include "psl.h"
#include "util.h"

static const char *
test_dir(void)
{
	const char *root = getenv("ZONELINT_TESTS");

	return root != NULL ? root : "tests";
}

/* Load the files (paths under tests/mail) into a and run the rules. */
static void
analyze(struct zl_analysis *a, const char *const *files, size_t n)
{
	struct zl_load_options opt;

	zl_analysis_init(a);
	zl_load_options_init(&opt);
	for (size_t i = 0; i < n; i++) {
		char path[4096], *error = NULL;

		snprintf(path, sizeof(path), "%s/mail/%s", test_dir(), files[i]);
		ck_assert_msg(zl_analysis_load(a, path, &opt, &error) == 0, "%s: %s", path,
		    error != NULL ? error : "");
	}
	zl_analysis_run(a);
}

/* Return the number of findings of rule at line of file index 0 with the
 * given severity. */
static size_t
count_findings(const struct zl_analysis *a, const char *rule, uint32_t line,
    enum zl_severity severity)
{
	size_t n = 0;

	for (size_t i = 0; i < a->diags.len; i++) {
		const struct zl_diag *d = &a->diags.items[i];

		if (strcmp(d->rule->id, rule) == 0 && d->pos.file == 0 && d->pos.line == line &&
		    d->severity == severity)
			n++;
	}
	return n;
}

START_TEST(test_mail_rua_external_missing_authorization)
{
	const char *files[] = { "report-source.zone", "report-destination.zone" };
	struct zl_analysis a;

	analyze(&a, files, 2);
	ck_assert_uint_eq(count_findings(&a, "dmarc-rua-external", 7, ZL_ERROR), 1);
	ck_assert_uint_eq(count_findings(&a, "dmarc-rua-external", 8, ZL_WARNING), 1);
	ck_assert_uint_eq(a.diags.len, 2);
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_mail_rua_external_authorized)
{
	const char *files[] = { "report-source.zone", "report-destination-authorized.zone" };
	struct zl_analysis a;

	analyze(&a, files, 2);
	ck_assert_uint_eq(count_findings(&a, "dmarc-rua-external", 7, ZL_ERROR), 0);
	ck_assert_uint_eq(count_findings(&a, "dmarc-rua-external", 8, ZL_WARNING), 1);
	ck_assert_uint_eq(a.diags.len, 1);
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_mail_expected_selectors)
{
	const char *files[] = { "selector.zone" };
	struct zl_analysis a;

	ck_assert(zl_mail_expect_selector("example.jp:s1"));
	ck_assert(zl_mail_expect_selector("example.jp:s2"));
	ck_assert(zl_mail_expect_selector("other.example:s1"));
	ck_assert(!zl_mail_expect_selector("example.jp"));
	ck_assert(!zl_mail_expect_selector("example.jp:"));
	ck_assert(!zl_mail_expect_selector(":s1"));
	ck_assert_uint_eq(zl_mail_selector_count(), 3);

	analyze(&a, files, 1);
	/* s1 exists, other.example is not loaded: only s2 is missing. */
	ck_assert_uint_eq(a.diags.len, 1);
	ck_assert_str_eq(a.diags.items[0].rule->id, "dkim-missing");
	ck_assert_ptr_nonnull(strstr(a.diags.items[0].message, "s2._domainkey.example.jp"));
	zl_analysis_fini(&a);
	zl_mail_selectors_clear();
	ck_assert_uint_eq(zl_mail_selector_count(), 0);
}
END_TEST

START_TEST(test_mail_posture_two_domains)
{
	const char *files[] = { "two-domains.zone" };
	struct zl_analysis a;
	struct zl_posture *p;
	size_t n;

	analyze(&a, files, 1);
	n = zl_posture_compute(&a.graph, &p);
	ck_assert_uint_eq(n, 2);

	ck_assert_uint_eq(p[0].spf, ZL_POSTURE_VALID);
	ck_assert_str_eq(p[0].spf_all, "-all");
	ck_assert_uint_eq(p[0].dkim_selectors, 1);
	ck_assert(p[0].dkim_ed25519);
	ck_assert_uint_eq(p[0].dkim_weakest_bits, 0);
	ck_assert_uint_eq(p[0].dmarc, ZL_POSTURE_VALID);
	ck_assert_uint_eq(p[0].dmarc_p, ZL_DMARC_POLICY_REJECT);
	ck_assert_uint_eq(p[0].mta_sts, ZL_POSTURE_VALID);
	ck_assert(p[0].mta_sts_host);
	ck_assert_uint_eq(p[0].tlsrpt, ZL_POSTURE_VALID);
	ck_assert_uint_eq(p[0].bimi, ZL_POSTURE_MISSING);
	ck_assert_uint_eq(p[0].strength, ZL_POSTURE_STRONG);

	ck_assert_str_eq(p[1].spf_all, "~all");
	ck_assert_uint_eq(p[1].dkim_weakest_bits, 1024);
	ck_assert_uint_eq(p[1].dmarc_p, ZL_DMARC_POLICY_NONE);
	ck_assert_uint_eq(p[1].mta_sts, ZL_POSTURE_VALID);
	ck_assert(!p[1].mta_sts_host);
	ck_assert_uint_eq(p[1].tlsrpt, ZL_POSTURE_MISSING);
	ck_assert_uint_eq(p[1].strength, ZL_POSTURE_MODERATE);
	free(p);
	zl_analysis_fini(&a);
}
END_TEST

/* The tags, findings and facts that a packed parse must give back. */
static void
assert_same_tags(const struct zl_tagval_list *a, const struct zl_tagval_list *b)
{
	ck_assert_uint_eq(a->text_len, b->text_len);
	ck_assert_mem_eq(a->text, b->text, a->text_len);
	ck_assert_uint_eq(a->flags, b->flags);
	ck_assert_uint_eq(a->count, b->count);
	ck_assert_mem_eq(a->tags, b->tags, a->count * sizeof(a->tags[0]));
	ck_assert_uint_eq(a->findings.count, b->findings.count);
	ck_assert_uint_eq(a->findings.dropped, b->findings.dropped);
	ck_assert_mem_eq(a->findings.items, b->findings.items,
	    a->findings.count * sizeof(a->findings.items[0]));
}

static void
assert_same_findings(const struct zl_findings *a, const struct zl_findings *b)
{
	ck_assert_uint_eq(a->count, b->count);
	ck_assert_uint_eq(a->dropped, b->dropped);
	ck_assert_mem_eq(a->items, b->items, a->count * sizeof(a->items[0]));
}

/* The record lists name the records, in order, that the tests per
 * record accept. */
static void
assert_record_lists(const struct zl_graph *g)
{
	size_t ndmarc, nkeys, d = 0, k = 0;
	const uint32_t *dmarc = zl_mail_dmarc_records(g, &ndmarc);
	const uint32_t *keys = zl_mail_key_records(g, &nkeys);

	for (uint32_t i = 0; i < g->nrecords; i++) {
		if (zl_mail_kind_at(g, i) == ZL_MAIL_DMARC) {
			ck_assert_uint_lt(d, ndmarc);
			ck_assert_uint_eq(dmarc[d], i);
			d++;
		}
		if (zl_mail_dkim_key_at(g, i, NULL)) {
			ck_assert_uint_lt(k, nkeys);
			ck_assert_uint_eq(keys[k], i);
			k++;
		}
	}
	ck_assert_uint_eq(d, ndmarc);
	ck_assert_uint_eq(k, nkeys);
	ck_assert_uint_gt(ndmarc, 0);
	ck_assert_uint_gt(nkeys, 0);
}

/* The table behind zl_mail_domainkey_name() against a walk up each name. */
START_TEST(test_mail_domainkey_table_matches_walk)
{
	const char *files[] = { "domainkey-names.zone", "two-domains.zone" };
	struct zl_analysis a;
	size_t below = 0;

	analyze(&a, files, 2);
	for (uint32_t n = 0; n < a.graph.nnames; n++) {
		uint32_t want = zl_mail_find_label(&a.graph, n, "_domainkey");
		uint32_t got = zl_mail_domainkey_name(&a.graph, n);
		char *text = zl_graph_name_text(&a.graph, n);

		ck_assert_msg(got == want, "%s: got %u, expected %u", text, got, want);
		free(text);
		below += got != ZL_NONE;
	}
	ck_assert_uint_eq(zl_mail_domainkey_name(&a.graph, ZL_NONE), ZL_NONE);
	/* Four names at and below _domainkey.deep.sub, two at and below
	 * _domainkey, three more below _domainkey.outer._domainkey, two from
	 * the CNAME target and two under _domainkey.shop. */
	ck_assert_uint_eq(below, 13);
	zl_analysis_fini(&a);
}
END_TEST

/* The facts of a DKIM key record after its findings: every field but the
 * key bytes, which the cache does not keep. */
static void
assert_same_dkim_facts(const struct zl_dkim_record *a, const struct zl_dkim_record *b)
{
	size_t first = offsetof(struct zl_dkim_record, key_type);
	size_t end = offsetof(struct zl_dkim_record, key_data);

	ck_assert_mem_eq((const char *)a + first, (const char *)b + first, end - first);
}

/* The facts of a DMARC record after its findings, URIs included. */
static void
assert_same_dmarc_facts(const struct zl_dmarc_record *a, const struct zl_dmarc_record *b)
{
	size_t first = offsetof(struct zl_dmarc_record, present);

	ck_assert_mem_eq((const char *)a + first, (const char *)b + first,
	    sizeof(*a) - first);
}

/* Request record of g through the cache as a DKIM key record, and assert
 * that it gives what the parser gives.  want and got are scratch space,
 * zeroed first so that padding and unused entries compare equal. */
static void
assert_dkim_matches_parser(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dkim_record *want, struct zl_dkim_record *got)
{
	memset(want, 0, sizeof(*want));
	memset(got, 0, sizeof(*got));
	zl_mail_txt(g, record, text);
	zl_dkim_parse(want, text->data, text->len);
	ck_assert(zl_mail_dkim_get(g, record, text, got));
	assert_same_tags(&want->tags, &got->tags);
	assert_same_findings(&want->findings, &got->findings);
	assert_same_dkim_facts(want, got);
}

/* The same for a DMARC record. */
static void
assert_dmarc_matches_parser(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dmarc_record *want, struct zl_dmarc_record *got)
{
	memset(want, 0, sizeof(*want));
	memset(got, 0, sizeof(*got));
	zl_mail_txt(g, record, text);
	zl_dmarc_parse(want, text->data, text->len);
	ck_assert(zl_mail_dmarc_get(g, record, text, got));
	assert_same_tags(&want->tags, &got->tags);
	assert_same_findings(&want->findings, &got->findings);
	assert_same_dmarc_facts(want, got);
}

/* Every TXT record of a, requested twice (parsed or unpacked, then
 * unpacked), gives what the parsers give.  The structures start zeroed,
 * so that their padding and unused entries compare equal too.  Add to
 * *dkim and *dmarc the records of each kind. */
static void
assert_cache_matches_parsers(struct zl_analysis *a, size_t *dkim, size_t *dmarc)
{
	struct zl_dkim_record *want_dkim = malloc(sizeof(*want_dkim));
	struct zl_dkim_record *got_dkim = malloc(sizeof(*got_dkim));
	struct zl_dmarc_record *want_dmarc = malloc(sizeof(*want_dmarc));
	struct zl_dmarc_record *got_dmarc = malloc(sizeof(*got_dmarc));
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	for (uint32_t i = 0; i < a->graph.nrecords; i++) {
		enum zl_mail_kind kind = zl_mail_kind_at(&a->graph, i);

		if (!zl_mail_txt(&a->graph, i, &text)) {
			ck_assert_uint_eq(kind, ZL_MAIL_OTHER);
			ck_assert(!zl_mail_dkim_get(&a->graph, i, &text, got_dkim));
			continue;
		}
		ck_assert_uint_eq(kind, zl_mail_kind_of(text.data, text.len));
		for (int round = 0; round < 2; round++) {
			assert_dkim_matches_parser(&a->graph, i, &text, want_dkim, got_dkim);
			*dkim += kind == ZL_MAIL_DKIM;
			assert_dmarc_matches_parser(&a->graph, i, &text, want_dmarc, got_dmarc);
			*dmarc += kind == ZL_MAIL_DMARC;
		}
	}
	zl_strbuf_fini(&text);
	free(want_dkim);
	free(got_dkim);
	free(want_dmarc);
	free(got_dmarc);
}

START_TEST(test_mail_cache_matches_parsers)
{
	const char *files[] = { "two-domains.zone" };
	struct zl_analysis a;
	struct zl_strbuf text;
	struct zl_dmarc_record *got_dmarc = malloc(sizeof(*got_dmarc));
	size_t dkim = 0, dmarc = 0;

	analyze(&a, files, 1);
	assert_cache_matches_parsers(&a, &dkim, &dmarc);
	ck_assert_uint_gt(dkim, 0);
	ck_assert_uint_gt(dmarc, 0);
	assert_record_lists(&a.graph);
	zl_analysis_fini(&a);

	/* A second graph starts with its own, empty cache. */
	zl_strbuf_init(&text);
	analyze(&a, files, 1);
	for (uint32_t i = 0; i < a.graph.nrecords; i++) {
		if (zl_mail_kind_at(&a.graph, i) != ZL_MAIL_DMARC)
			continue;
		ck_assert(zl_mail_dmarc_get(&a.graph, i, &text, got_dmarc));
		ck_assert_ptr_eq(got_dmarc->tags.text, text.data);
	}
	zl_analysis_fini(&a);
	zl_strbuf_fini(&text);
	free(got_dmarc);
}
END_TEST

/* Records with the same RDATA share one kept parse, and each gets what
 * the parser gives.  The first DMARC record is kept as a DKIM parse first,
 * so the second one, of the same RDATA, finds no DMARC parse to share and
 * keeps its own, which the third one then shares. */
START_TEST(test_mail_cache_repeated_records)
{
	const char *files[] = { "repeated.zone" };
	struct zl_dkim_record *want_dkim = calloc(1, sizeof(*want_dkim));
	struct zl_dkim_record *got_dkim = calloc(1, sizeof(*got_dkim));
	struct zl_dmarc_record *want_dmarc = calloc(1, sizeof(*want_dmarc));
	struct zl_dmarc_record *got_dmarc = calloc(1, sizeof(*got_dmarc));
	struct zl_analysis a;
	struct zl_strbuf text;
	size_t dkim = 0, dmarc = 0;
	bool first = true;

	zl_strbuf_init(&text);
	analyze(&a, files, 1);
	for (int round = 0; round < 2; round++) {
		for (uint32_t i = 0; i < a.graph.nrecords; i++) {
			enum zl_mail_kind kind = zl_mail_kind_at(&a.graph, i);

			if (kind == ZL_MAIL_DMARC && first) {
				ck_assert(zl_mail_dkim_get(&a.graph, i, &text, got_dkim));
				first = false;
			}
			if (kind == ZL_MAIL_DMARC) {
				assert_dmarc_matches_parser(&a.graph, i, &text, want_dmarc, got_dmarc);
				dmarc++;
			} else if (kind == ZL_MAIL_DKIM) {
				assert_dkim_matches_parser(&a.graph, i, &text, want_dkim, got_dkim);
				dkim++;
			}
		}
	}
	ck_assert_uint_eq(dmarc, 2 * 6);
	ck_assert_uint_eq(dkim, 2 * 3);
	zl_analysis_fini(&a);
	zl_strbuf_fini(&text);
	free(want_dkim);
	free(got_dkim);
	free(want_dmarc);
	free(got_dmarc);
}
END_TEST

/* The cache keeps its entries by the rank of each TXT record among the
 * TXT records, counted in words of 64 records.  TXT records at the ends
 * and starts of such words, among A records, get the right entries. */
START_TEST(test_mail_cache_txt_ranks)
{
	static const unsigned txt_at[] = { 0, 1, 62, 63, 64, 65, 127, 128, 190, 191, 192, 255, 256 };
	char path[] = "/tmp/zonelint-ranks-XXXXXX";
	struct zl_strbuf zone;
	struct zl_load_options opt;
	struct zl_analysis a;
	char *error = NULL;
	size_t dkim = 0, dmarc = 0, k = 0;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	zl_strbuf_init(&zone);
	zl_strbuf_addf(&zone, "$ORIGIN ranks.test.\n$TTL 3600\n"
	    "@ SOA ns hostmaster 1 7200 3600 1209600 3600\n@ NS ns\n@ NS ns2\n"
	    "ns A 192.0.2.1\nns2 A 192.0.2.2\n");
	/* The five records above come first, so record i below is record
	 * i + 5 of the graph. */
	for (unsigned i = 0; i < 300; i++) {
		bool txt = k < sizeof(txt_at) / sizeof(txt_at[0]) && txt_at[k] + 5 == i;

		if (!txt)
			zl_strbuf_addf(&zone, "h%u A 192.0.2.%u\n", i, i % 250 + 1);
		else if (k++ % 2 == 0)
			zl_strbuf_addf(&zone, "_dmarc.d%u TXT \"v=DMARC1; p=reject; rua=mailto:r@d%u.ranks.test\"\n",
			    i, i);
		else
			zl_strbuf_addf(&zone, "s._domainkey.d%u TXT \"v=DKIM1; k=rsa; p=AQAB\"\n", i);
	}
	ck_assert_int_eq(write(fd, zone.data, zone.len), (ssize_t)zone.len);
	close(fd);

	zl_analysis_init(&a);
	zl_load_options_init(&opt);
	ck_assert_msg(zl_analysis_load(&a, path, &opt, &error) == 0, "%s", error != NULL ? error : "");
	zl_analysis_run(&a);
	ck_assert_uint_eq(a.graph.nrecords, 305);
	assert_cache_matches_parsers(&a, &dkim, &dmarc);
	/* It counts each record once per request, and requests each twice. */
	ck_assert_uint_eq(dmarc, 2 * 7);
	ck_assert_uint_eq(dkim, 2 * 6);
	assert_record_lists(&a.graph);
	zl_analysis_fini(&a);
	zl_strbuf_fini(&zone);
	unlink(path);
}
END_TEST

/* The same for every zone of the DKIM and DMARC rule fixtures, which
 * hold the broken forms: findings, odd URIs, keys of every kind. */
START_TEST(test_mail_cache_matches_parsers_fixtures)
{
	char dir[4096];
	DIR *zones;
	struct dirent *e;
	size_t dkim = 0, dmarc = 0, files = 0;

	snprintf(dir, sizeof(dir), "%s/zones", test_dir());
	zones = opendir(dir);
	ck_assert_ptr_nonnull(zones);
	while ((e = readdir(zones)) != NULL) {
		char sub[4096 + 256];
		DIR *rule;
		struct dirent *f;

		if (strncmp(e->d_name, "dkim-", 5) != 0 && strncmp(e->d_name, "dmarc-", 6) != 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		rule = opendir(sub);
		ck_assert_ptr_nonnull(rule);
		while ((f = readdir(rule)) != NULL) {
			size_t len = strlen(f->d_name);
			char path[sizeof(sub) + 256], *error = NULL;
			struct zl_load_options opt;
			struct zl_analysis a;

			if (len < 5 || strcmp(f->d_name + len - 5, ".zone") != 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", sub, f->d_name);
			zl_analysis_init(&a);
			zl_load_options_init(&opt);
			if (zl_analysis_load(&a, path, &opt, &error) == 0) {
				zl_analysis_run(&a);
				assert_cache_matches_parsers(&a, &dkim, &dmarc);
				files++;
			}
			free(error);
			zl_analysis_fini(&a);
		}
		closedir(rule);
	}
	closedir(zones);
	ck_assert_uint_gt(files, 20);
	ck_assert_uint_gt(dkim, 20);
	ck_assert_uint_gt(dmarc, 20);
}
END_TEST

/* The tables printed by the command line, compared byte for byte with
 * NAME.posture for each zone NAME.zone. */
START_TEST(test_mail_posture_table)
{
	static const char *const zones[] = {
		"two-domains", "misencoded", "spf-limits", "include-only"
	};
	const char *zonelint = getenv("ZONELINT");

	if (zonelint == NULL)
		zonelint = "./zonelint";
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		char cmd[8192], expected_path[4096], got[4096], want[4096];
		FILE *out, *expected;
		size_t ngot, nwant;

		snprintf(cmd, sizeof(cmd), "LC_ALL=C LANGUAGE= %s --posture %s/mail/%s.zone",
		    zonelint, test_dir(), zones[i]);
		snprintf(expected_path, sizeof(expected_path), "%s/mail/%s.posture", test_dir(),
		    zones[i]);
		out = popen(cmd, "r");
		ck_assert_ptr_nonnull(out);
		ngot = fread(got, 1, sizeof(got) - 1, out);
		got[ngot] = '\0';
		ck_assert_int_eq(pclose(out), 0);
		expected = fopen(expected_path, "r");
		ck_assert_ptr_nonnull(expected);
		nwant = fread(want, 1, sizeof(want) - 1, expected);
		want[nwant] = '\0';
		fclose(expected);
		ck_assert_msg(strcmp(got, want) == 0, "%s.zone: got\n%s\nexpected\n%s", zones[i],
		    got, want);
	}
}
END_TEST

/* --posture with another format than text is a usage error, not findings
 * in that format with the posture's exit status. */
START_TEST(test_mail_posture_other_format_refused)
{
	static const char *const formats[] = { "json", "sarif", "markdown", "html", "diff" };
	const char *zonelint = getenv("ZONELINT");

	if (zonelint == NULL)
		zonelint = "./zonelint";
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		char cmd[8192], got[64];
		FILE *out;
		size_t ngot;

		snprintf(cmd, sizeof(cmd),
		    "LC_ALL=C LANGUAGE= %s --posture -f %s %s/mail/two-domains.zone 2>/dev/null",
		    zonelint, formats[i], test_dir());
		out = popen(cmd, "r");
		ck_assert_ptr_nonnull(out);
		ngot = fread(got, 1, sizeof(got), out);
		ck_assert_msg(ngot == 0, "-f %s: output on stdout", formats[i]);
		ck_assert_int_eq(pclose(out), 2 << 8);
	}
}
END_TEST

/* The posture shows what receivers see.  Records left in a parent zone
 * below a delegation count for nothing, and the child zone, when it is
 * loaded too, serves its names. */
START_TEST(test_mail_posture_below_delegation)
{
	const char *parent[] = { "delegated.zone" };
	const char *both[] = { "delegated.zone", "delegated-child.zone" };
	struct zl_analysis a;
	struct zl_posture *p;
	char *name;
	size_t n;

	analyze(&a, parent, 1);
	n = zl_posture_compute(&a.graph, &p);
	ck_assert_uint_eq(n, 1);
	name = zl_graph_name_text(&a.graph, p[0].domain);
	ck_assert_str_eq(name, "example.org.");
	free(name);
	free(p);
	zl_analysis_fini(&a);

	analyze(&a, both, 2);
	n = zl_posture_compute(&a.graph, &p);
	ck_assert_uint_eq(n, 2);
	name = zl_graph_name_text(&a.graph, p[1].domain);
	ck_assert_str_eq(name, "sub.example.org.");
	free(name);
	ck_assert(!p[1].mx);
	ck_assert_uint_eq(p[1].spf, ZL_POSTURE_VALID);
	ck_assert_str_eq(p[1].spf_all, "~all");
	ck_assert_uint_eq(p[1].dmarc, ZL_POSTURE_VALID);
	ck_assert_uint_eq(p[1].dmarc_p, ZL_DMARC_POLICY_NONE);
	ck_assert_uint_eq(p[1].dkim_selectors, 0);
	free(p);
	zl_analysis_fini(&a);
}
END_TEST

/* Load file (a path under tests/mail) into a, and assert that its
 * postures are those of the domains names[0, count), in that order.
 * Return the postures; free() them. */
static struct zl_posture *
posture_of(struct zl_analysis *a, const char *file, const char *const *names, size_t count)
{
	struct zl_posture *p;
	size_t n;

	analyze(a, &file, 1);
	n = zl_posture_compute(&a->graph, &p);
	ck_assert_uint_eq(n, count);
	for (size_t i = 0; i < n; i++) {
		char *name = zl_graph_name_text(&a->graph, p[i].domain);

		ck_assert_str_eq(name, names[i]);
		free(name);
	}
	return p;
}

/* Names with a leading '_' label whose SPF policy only include: reaches
 * are no mail domains, unless they have MX, DMARC or DKIM of their own or
 * pass every sender.  An included name without '_' stays listed. */
START_TEST(test_mail_posture_include_only)
{
	static const char *const names[] = {
		"_open.example.jp.", "bulk.example.jp.", "example.jp.", "news.example.jp.",
		"outbound.example.jp.", "www.example.jp."
	};
	struct zl_analysis a;
	struct zl_posture *p = posture_of(&a, "include-only.zone", names,
	    sizeof(names) / sizeof(names[0]));

	ck_assert_str_eq(p[0].spf_all, "+all");
	ck_assert_uint_eq(p[1].dkim_selectors, 1);
	ck_assert(p[2].mx);
	ck_assert_uint_eq(p[3].dmarc, ZL_POSTURE_VALID);
	ck_assert_str_eq(p[3].spf_all, "redirect");
	ck_assert_uint_eq(p[4].spf, ZL_POSTURE_VALID);
	ck_assert_uint_eq(p[5].spf, ZL_POSTURE_VALID);
	free(p);
	zl_analysis_fini(&a);
}
END_TEST

/* A selector name counts once however its records are spread, and the
 * postures come sorted by name whatever order the zone gave them. */
START_TEST(test_mail_posture_selector_count)
{
	static const char *const names[] = {
		"alpha.example.jp.", "example.jp.", "zeta.example.jp."
	};
	struct zl_analysis a;
	struct zl_posture *p = posture_of(&a, "selector-runs.zone", names,
	    sizeof(names) / sizeof(names[0]));

	ck_assert_uint_eq(p[0].dkim_selectors, 0);
	ck_assert_uint_eq(p[1].dkim_selectors, 2);
	ck_assert_uint_eq(p[1].dkim_keys, 3);
	ck_assert(p[1].dkim_ed25519);
	ck_assert_uint_eq(p[2].dkim_selectors, 1);
	ck_assert_uint_eq(p[2].dkim_keys, 1);
	free(p);
	zl_analysis_fini(&a);
}
END_TEST

/* Misencoded SPF records count as what servers publish, and keep the
 * meant "all" as an annotation. */
START_TEST(test_mail_posture_misencoded)
{
	const char *files[] = { "misencoded.zone" };
	struct zl_analysis a;
	struct zl_posture *p;
	size_t n;

	analyze(&a, files, 1);
	n = zl_posture_compute(&a.graph, &p);
	ck_assert_uint_eq(n, 5);

	/* example.jp.: "A TXT ...", an A record that no server loads. */
	ck_assert_uint_eq(p[0].spf, ZL_POSTURE_MISSING);
	ck_assert(p[0].spf_misencoded);
	ck_assert_str_eq(p[0].spf_meant_all, "~all");
	ck_assert_uint_eq(p[0].strength, ZL_POSTURE_WEAK);

	/* late: "v=spf1 ip4:192.0.2.31 -all3600" is published. */
	ck_assert_uint_eq(p[1].spf, ZL_POSTURE_INVALID);
	ck_assert(p[1].spf_misencoded);
	ck_assert_str_eq(p[1].spf_meant_all, "-all");

	/* news: "TXTv=spf1 ..." and old: "v=spf1-all" are no SPF records. */
	ck_assert_uint_eq(p[2].spf, ZL_POSTURE_MISSING);
	ck_assert(p[2].spf_misencoded);
	ck_assert_uint_eq(p[3].spf, ZL_POSTURE_MISSING);
	ck_assert(p[3].spf_misencoded);
	ck_assert_str_eq(p[3].spf_meant_all, "-all");

	ck_assert_uint_eq(p[4].spf, ZL_POSTURE_VALID);
	ck_assert(!p[4].spf_misencoded);
	ck_assert_str_eq(p[4].spf_all, "-all");

	/* _dmarc.right: the ';' outside quotes leaves "v=DMARC1" alone. */
	ck_assert_uint_eq(p[4].dmarc, ZL_POSTURE_VALID);
	ck_assert_uint_eq(p[4].dmarc_p, ZL_DMARC_POLICY_NONE);
	ck_assert(p[4].dmarc_misencoded);
	ck_assert_uint_eq(p[4].dmarc_meant_p, ZL_DMARC_POLICY_REJECT);
	ck_assert(!p[0].dmarc_misencoded);
	free(p);
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_mail_psl_organizational_domain)
{
	static const struct {
		const char *host;
		const char *org;
	} cases[] = {
		{ "example.jp", "example.jp" },
		{ "mail.example.jp", "example.jp" },
		{ "a.b.example.co.jp", "example.co.jp" },
		{ "reports.example.com", "example.com" },
		{ "co.jp", "co.jp" },
		{ "localhost", "localhost" },
		/* "*.ck" makes every name under ck a public suffix, and
		 * "!www.ck" makes www.ck an exception to it. */
		{ "mail.example.ck", "mail.example.ck" },
		{ "a.mail.example.ck", "mail.example.ck" },
		{ "www.ck", "www.ck" },
		{ "mail.www.ck", "www.ck" },
		/* A label that is itself rule text matches only as that text. */
		{ "*.ck", "*.ck" },
		{ "a.*.ck", "a.*.ck" },
		{ "!www.ck", "!www.ck" },
		{ "", "" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *host = cases[i].host;
		size_t off = zl_psl_org_domain(host, strlen(host));

		ck_assert_msg(strcmp(host + off, cases[i].org) == 0, "%s: got %s, expected %s",
		    host, host + off, cases[i].org);
	}
}
END_TEST

/* zl_mail_quote() against the snprintf() calls it stands for, on texts
 * around ZL_MAIL_QUOTE_MAX long, with NUL bytes and with small buffers. */
/* Record text in a hint becomes quoted strings of at most 255 bytes that
 * a zone file takes as they are. */
START_TEST(test_mail_add_quoted_splits)
{
	char text[600];
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	zl_mail_add_quoted(&sb, "v=spf1 -all", 11);
	ck_assert_str_eq(sb.data, "\"v=spf1 -all\"");
	zl_strbuf_fini(&sb);

	zl_strbuf_init(&sb);
	zl_mail_add_quoted(&sb, "a\"b\\c", 5);
	ck_assert_str_eq(sb.data, "\"a\\\"b\\\\c\"");
	zl_strbuf_fini(&sb);

	memset(text, 'x', sizeof(text));
	zl_strbuf_init(&sb);
	zl_mail_add_quoted(&sb, text, 510);
	ck_assert_uint_eq(sb.len, 2 * 257 + 1);
	ck_assert_int_eq(sb.data[256], '"');
	ck_assert_int_eq(sb.data[257], ' ');
	ck_assert_int_eq(sb.data[258], '"');
	zl_strbuf_fini(&sb);

	zl_strbuf_init(&sb);
	zl_mail_add_quoted(&sb, text, 511);
	ck_assert_uint_eq(sb.len, 2 * 257 + 1 + 4);
	zl_strbuf_fini(&sb);

	zl_strbuf_init(&sb);
	zl_mail_add_quoted(&sb, "", 0);
	ck_assert_str_eq(sb.data, "\"\"");
	zl_strbuf_fini(&sb);
}
END_TEST

START_TEST(test_mail_quote_matches_snprintf)
{
	static const size_t caps[] = { 1, 2, 3, 10, ZL_MAIL_QUOTE_MAX, ZL_MAIL_QUOTE_MAX + 1,
	    ZL_MAIL_QUOTE_MAX + 3, ZL_MAIL_QUOTE_MAX + 4, ZL_MAIL_QUOTE_MAX + 8 };
	char text[ZL_MAIL_QUOTE_MAX + 20];

	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (char)('a' + i % 26);
	for (size_t nul = 0; nul <= sizeof(text); nul += 7) {
		char with_nul[sizeof(text)];

		memcpy(with_nul, text, sizeof(text));
		if (nul < sizeof(text))
			with_nul[nul] = '\0';
		for (size_t off = 0; off < 3; off++) {
			for (size_t len = 0; off + len <= sizeof(text); len++) {
				for (size_t c = 0; c < sizeof(caps) / sizeof(caps[0]); c++) {
					char got[ZL_MAIL_QUOTE_MAX + 8], want[ZL_MAIL_QUOTE_MAX + 8];

					if (len > ZL_MAIL_QUOTE_MAX)
						snprintf(want, caps[c], "%.*s...", ZL_MAIL_QUOTE_MAX,
						    with_nul + off);
					else
						snprintf(want, caps[c], "%.*s", (int)len, with_nul + off);
					zl_mail_quote(with_nul, off, len, got, caps[c]);
					ck_assert_msg(strcmp(got, want) == 0,
					    "off %zu len %zu cap %zu NUL at %zu: \"%s\", expected \"%s\"",
					    off, len, caps[c], nul, got, want);
				}
			}
		}
	}
}
END_TEST

START_TEST(test_mail_placeholder_hosts)
{
	ck_assert(zl_mail_placeholder_host("example.com"));
	ck_assert(zl_mail_placeholder_host("mail.example.org"));
	ck_assert(zl_mail_placeholder_host("mail.test"));
	ck_assert(zl_mail_placeholder_host("localhost"));
	ck_assert(zl_mail_placeholder_host("host.invalid"));
	ck_assert(!zl_mail_placeholder_host("example.jp"));
	ck_assert(!zl_mail_placeholder_host("myexample.com"));
	ck_assert(!zl_mail_placeholder_host("test.example.jp"));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("mail");
	TCase *rules = tcase_create("rules");
	TCase *posture = tcase_create("posture");
	SRunner *sr;
	int failed;

	tcase_add_test(rules, test_mail_rua_external_missing_authorization);
	tcase_add_test(rules, test_mail_rua_external_authorized);
	tcase_add_test(rules, test_mail_expected_selectors);
	tcase_add_test(rules, test_mail_psl_organizational_domain);
	tcase_add_test(rules, test_mail_placeholder_hosts);
	tcase_add_test(rules, test_mail_quote_matches_snprintf);
	tcase_add_test(rules, test_mail_add_quoted_splits);
	tcase_add_test(rules, test_mail_cache_matches_parsers);
	tcase_add_test(rules, test_mail_cache_matches_parsers_fixtures);
	tcase_add_test(rules, test_mail_cache_txt_ranks);
	tcase_add_test(rules, test_mail_cache_repeated_records);
	tcase_add_test(rules, test_mail_domainkey_table_matches_walk);
	tcase_add_test(posture, test_mail_posture_two_domains);
	tcase_add_test(posture, test_mail_posture_table);
	tcase_add_test(posture, test_mail_posture_misencoded);
	tcase_add_test(posture, test_mail_posture_selector_count);
	tcase_add_test(posture, test_mail_posture_include_only);
	tcase_add_test(posture, test_mail_posture_other_format_refused);
	tcase_add_test(posture, test_mail_posture_below_delegation);
	suite_add_tcase(s, rules);
	suite_add_tcase(s, posture);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
