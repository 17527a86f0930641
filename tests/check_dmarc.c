/*
 * check_dmarc.c - tests for the DMARC policy record parser.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_findings.h"
#include "dmarc.h"

struct record_case {
	const char *text;
	struct expect findings[5];
};

static const struct record_case record_cases[] = {
	/* Valid records; the first has p= after fo=, which only RFC 7489 forbids. */
	{ "v=DMARC1; fo=1; p=reject; aspf=s; rua=mailto:reports@example.jp",
	    { FIND_SH(ZL_DMARC_P_NOT_SECOND, 16, 8, "p", NO_STRING), END_FINDINGS } },
	{ "v=DMARC1;\tp=reject;\tadkim=s;\taspf=s", { END_FINDINGS } },
	{ "v=DMARC1;p=none;sp=reject", { END_FINDINGS } },
	{ "v=DMARC1; p=none; np=reject; psd=y; t=y", { END_FINDINGS } },
	{ "V=DMARC1; P=Reject; ADKIM=S", { END_FINDINGS } },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com , mailto:b@example.com", { END_FINDINGS } },
	{ "v=DMARC1; p=none; rua=mailto:dmarc@example.com!10m", { END_FINDINGS } },
	/* Valid apart from the removed pct=; "!10m" is RFC 7489 size syntax. */
	{ "v=DMARC1 ; p=quarantine ;rua=mailto:dmarc@example.org,"
	  "mailto:dmarc-ops@example.org!10m ;  pct=50;fo=1:d",
	    { FIND_SH(ZL_DMARC_REMOVED_TAG, 90, 6, "pct", NO_STRING), END_FINDINGS } },

	/* Policy values. */
	{ "v=DMARC1; p=bogus", { FIND_SH(ZL_DMARC_INVALID_VALUE, 12, 5, "p", NO_STRING), END_FINDINGS } },
	{ "v=DMARC1; p=reejct; pct=100",
	    { FIND_SH(ZL_DMARC_INVALID_VALUE, 12, 6, "p", "reject"),
	      FIND_SH(ZL_DMARC_REMOVED_TAG, 20, 7, "pct", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; sp=quarantin; rua=mailto:d@example.com",
	    { FIND_SH(ZL_DMARC_INVALID_VALUE, 21, 9, "sp", "quarantine"), END_FINDINGS } },
	{ "v=DMARC1; p=none; adkim=x; aspf=relaxed",
	    { FIND_SH(ZL_DMARC_INVALID_VALUE, 24, 1, "adkim", NO_STRING),
	      FIND_SH(ZL_DMARC_INVALID_VALUE, 32, 7, "aspf", NO_STRING), END_FINDINGS } },
	{ "v=DMARC1; p=none; psd=x", { FIND_SH(ZL_DMARC_INVALID_VALUE, 22, 1, "psd", NULL), END_FINDINGS } },

	/* v= first and exactly DMARC1. */
	{ "p=reject", { FIND_SH(ZL_DMARC_V_MISSING, 0, 8, "v", NULL), END_FINDINGS } },
	{ "v=dmarc1; p=none", { FIND_SH(ZL_DMARC_V_INVALID, 2, 6, "v", "DMARC1"), END_FINDINGS } },
	{ "p=none; v=DMARC1", { FIND_SH(ZL_DMARC_V_NOT_FIRST, 8, 8, "v", NULL), END_FINDINGS } },
	{ "v=DMARC1 p=reject",
	    { FIND(ZL_TAGVAL_MISSING_SEMICOLON, 8, 1),
	      FIND(ZL_DMARC_P_MISSING_NO_RUA, 0, 17),
	      FIND_SH(ZL_DMARC_V_INVALID, 2, 15, "v", "DMARC1"), END_FINDINGS } },
	{ "v=DMARC1; rua:mailto:x@example.jp",
	    { FIND(ZL_TAGVAL_COLON_FOR_EQUALS, 13, 1),
	      FIND(ZL_DMARC_P_MISSING_NO_RUA, 0, 33), END_FINDINGS } },

	/* Missing p=: RFC 7489 falls back to p=none only with a valid rua=. */
	{ "v=DMARC1; rua=mailto:d@example.com",
	    { FIND_SH(ZL_DMARC_P_MISSING, 0, 34, "p", NULL), END_FINDINGS } },
	{ "v=DMARC1", { FIND_SH(ZL_DMARC_P_MISSING_NO_RUA, 0, 8, "p", NULL), END_FINDINGS } },
	{ "v=DMARC1; rua=d@example.com",
	    { FIND(ZL_DMARC_P_MISSING_NO_RUA, 0, 27),
	      FIND_SH(ZL_DMARC_URI_INVALID, 14, 13, "rua", "mailto:"), END_FINDINGS } },

	/* Unknown, removed and repeated tags. */
	{ "v=DMARC1; p=none; rau=mailto:d@example.com",
	    { FIND_SH(ZL_DMARC_UNKNOWN_TAG, 18, 3, NO_STRING, "rua"), END_FINDINGS } },
	{ "v=DMARC1; p=none; foo=bar",
	    { FIND_SH(ZL_DMARC_UNKNOWN_TAG, 18, 3, NO_STRING, "fo"), END_FINDINGS } },
	{ "v=DMARC1; p=none; report=x",
	    { FIND_SH(ZL_DMARC_UNKNOWN_TAG, 18, 6, NO_STRING, NO_STRING), END_FINDINGS } },
	{ "v=DMARC1; p=none; pct=101",
	    { FIND(ZL_DMARC_REMOVED_TAG, 18, 7),
	      FIND_SH(ZL_DMARC_INVALID_VALUE, 22, 3, "pct", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; ri=86400; rf=afrf",
	    { FIND_SH(ZL_DMARC_REMOVED_TAG, 18, 8, "ri", NULL),
	      FIND_SH(ZL_DMARC_REMOVED_TAG, 28, 7, "rf", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; ri=4294967296",
	    { FIND(ZL_DMARC_REMOVED_TAG, 18, 13),
	      FIND_SH(ZL_DMARC_INVALID_VALUE, 21, 10, "ri", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; rf=iodef",
	    { FIND(ZL_DMARC_REMOVED_TAG, 18, 8),
	      FIND_SH(ZL_DMARC_RF_UNKNOWN_FORMAT, 21, 5, "rf", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; p=reject",
	    { FIND(ZL_TAGVAL_DUPLICATE_TAG, 18, 1), END_FINDINGS } },

	/* Reporting URIs. */
	{ "v=DMARC1; p=none; rua=https://report.example/dmarc",
	    { FIND_SH(ZL_DMARC_URI_NOT_MAILTO, 22, 28, "rua", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; ruf=mailto:a..b@example.com",
	    { FIND_SH(ZL_DMARC_MAILTO_BAD_ADDRESS, 31, 1, "ruf", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; rua=mailto:d@example.com!10x",
	    { FIND_SH(ZL_DMARC_URI_SIZE_INVALID, 42, 4, "rua", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; rua=",
	    { FIND_SH(ZL_DMARC_URI_INVALID, 22, 0, "rua", NO_STRING), END_FINDINGS } },
	{ "v=DMARC1; p=none; rua=mailto:a@example.com,,mailto:b@example.com",
	    { FIND(ZL_DMARC_URI_INVALID, 43, 0), END_FINDINGS } },

	/* fo= options. */
	{ "v=DMARC1; p=none; fo=0:1:d:d",
	    { FIND(ZL_DMARC_FO_BOTH_0_AND_1, 21, 7), FIND(ZL_DMARC_FO_REPEATED, 27, 1), END_FINDINGS } },
	{ "v=DMARC1; p=none; fo=2", { FIND_SH(ZL_DMARC_INVALID_VALUE, 21, 1, "fo", NULL), END_FINDINGS } },
	{ "v=DMARC1; p=none; fo=1 : D", { END_FINDINGS } },
};

START_TEST(test_dmarc_record_findings)
{
	const struct record_case *c = &record_cases[_i];
	static struct zl_dmarc_record rec;
	size_t len = strlen(c->text);

	zl_dmarc_parse(&rec, c->text, len);
	assert_findings(c->text, len, &rec.tags.findings, &rec.findings,
	    zl_dmarc_code_name, c->findings);
}
END_TEST

/* Return whether the text at off, len equals want. */
static bool
span_is(const char *text, size_t off, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(text + off, want, len) == 0;
}

START_TEST(test_dmarc_values_stored)
{
	static const char text[] =
	    "v=DMARC1; fo=1; p=reject; aspf=s; rua=mailto:reports@example.jp";
	static struct zl_dmarc_record rec;

	zl_dmarc_parse(&rec, text, sizeof(text) - 1);
	ck_assert(rec.version_ok);
	ck_assert_int_eq(rec.p, ZL_DMARC_POLICY_REJECT);
	ck_assert_int_eq(rec.sp, ZL_DMARC_POLICY_ABSENT);
	ck_assert_int_eq(rec.aspf, 's');
	ck_assert_int_eq(rec.adkim, 0);
	ck_assert_uint_eq(rec.fo, ZL_DMARC_FO_1);
	ck_assert_uint_eq(rec.present, (1u << ZL_DMARC_TAG_V) | (1u << ZL_DMARC_TAG_FO) |
	    (1u << ZL_DMARC_TAG_P) | (1u << ZL_DMARC_TAG_ASPF) | (1u << ZL_DMARC_TAG_RUA));
	ck_assert_uint_eq(rec.invalid, 0);
	ck_assert(rec.rua_valid);
	ck_assert_uint_eq(rec.rua_count, 1);
	ck_assert(rec.rua[0].valid);
	ck_assert_int_eq(rec.rua[0].uri.scheme, ZL_URI_SCHEME_MAILTO);
	ck_assert_uint_eq(rec.rua[0].uri.off, 38);
	ck_assert(span_is(text, rec.rua[0].uri.addr_off, rec.rua[0].uri.addr_len,
	    "reports@example.jp"));
	ck_assert_uint_eq(rec.rua[0].uri.host_off, 53);
	ck_assert(span_is(text, rec.rua[0].uri.host_off, rec.rua[0].uri.host_len, "example.jp"));
}
END_TEST

START_TEST(test_dmarc_uri_list_and_size)
{
	static const char text[] = "v=DMARC1 ; p=quarantine ;rua=mailto:dmarc@example.org,"
	    "mailto:dmarc-ops@example.org!10m ;  pct=50;fo=1:d";
	static struct zl_dmarc_record rec;

	zl_dmarc_parse(&rec, text, sizeof(text) - 1);
	ck_assert_int_eq(rec.p, ZL_DMARC_POLICY_QUARANTINE);
	ck_assert_uint_eq(rec.pct, 50);
	ck_assert_uint_eq(rec.fo, ZL_DMARC_FO_1 | ZL_DMARC_FO_D);
	ck_assert_uint_eq(rec.rua_count, 2);
	ck_assert_uint_eq(rec.rua_total, 2);
	ck_assert_uint_eq(rec.rua[0].size_len, 0);
	ck_assert(span_is(text, rec.rua[1].uri.off, rec.rua[1].uri.len,
	    "mailto:dmarc-ops@example.org"));
	ck_assert(span_is(text, rec.rua[1].uri.host_off, rec.rua[1].uri.host_len, "example.org"));
	ck_assert(span_is(text, rec.rua[1].size_off, rec.rua[1].size_len, "!10m"));
	ck_assert_uint_eq(rec.rua[1].size_value, 10);
	ck_assert_int_eq(rec.rua[1].size_unit, 'm');
}
END_TEST

START_TEST(test_dmarc_invalid_marks)
{
	static const char text[] = "v=DMARC1; p=reejct; rua=mailto:d@example.com, nope";
	static struct zl_dmarc_record rec;

	/* An unusable p= and one bad URI among good ones: the record still
	 * has a valid rua=, which RFC 7489 needs to fall back to p=none. */
	zl_dmarc_parse(&rec, text, sizeof(text) - 1);
	ck_assert_int_eq(rec.p, ZL_DMARC_POLICY_INVALID);
	ck_assert_uint_eq(rec.invalid, (1u << ZL_DMARC_TAG_P) | (1u << ZL_DMARC_TAG_RUA));
	ck_assert(rec.rua_valid);
	ck_assert_uint_eq(rec.rua_count, 2);
	ck_assert(!rec.rua[1].valid);
}
END_TEST

START_TEST(test_dmarc_many_uris_counted)
{
	char text[1024];
	size_t len = (size_t)snprintf(text, sizeof(text), "v=DMARC1; p=none; rua=");
	static struct zl_dmarc_record rec;

	for (int i = 0; i < ZL_DMARC_MAX_URIS + 2; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
		    "%smailto:r%d@example.com", i ? "," : "", i);
	zl_dmarc_parse(&rec, text, len);
	ck_assert_uint_eq(rec.rua_count, ZL_DMARC_MAX_URIS);
	ck_assert_uint_eq(rec.rua_total, ZL_DMARC_MAX_URIS + 2);
	ck_assert_uint_eq(rec.findings.count, 0);
}
END_TEST

START_TEST(test_dmarc_names_complete)
{
	for (int code = ZL_DMARC_V_MISSING; code < ZL_DMARC_CODE_END; code++) {
		const char *name = zl_dmarc_code_name(code);

		ck_assert_msg(name != NULL && strncmp(name, "dmarc-", 6) == 0,
		    "code %d has no name", code);
	}
	for (int tag = 0; tag < ZL_DMARC_TAG_COUNT; tag++)
		ck_assert_ptr_nonnull(zl_dmarc_tag_name((enum zl_dmarc_tag)tag));
	ck_assert_str_eq(zl_dmarc_tag_name(ZL_DMARC_TAG_RUA), "rua");
	ck_assert_ptr_null(zl_dmarc_code_name(ZL_DMARC_CODE_END));
	ck_assert_ptr_null(zl_dmarc_tag_name(ZL_DMARC_TAG_COUNT));
}
END_TEST

static Suite *
dmarc_suite(void)
{
	Suite *s = suite_create("dmarc");
	TCase *record = tcase_create("record");
	TCase *values = tcase_create("values");

	tcase_add_loop_test(record, test_dmarc_record_findings, 0,
	    sizeof(record_cases) / sizeof(record_cases[0]));
	tcase_add_test(record, test_dmarc_names_complete);
	suite_add_tcase(s, record);

	tcase_add_test(values, test_dmarc_values_stored);
	tcase_add_test(values, test_dmarc_uri_list_and_size);
	tcase_add_test(values, test_dmarc_invalid_marks);
	tcase_add_test(values, test_dmarc_many_uris_counted);
	suite_add_tcase(s, values);
	return s;
}

int
main(void)
{
	SRunner *runner = srunner_create(dmarc_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
