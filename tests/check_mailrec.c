/*
 * check_mailrec.c - tests for the MTA-STS, TLS-RPT and BIMI record parsers.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_findings.h"
#include "mailrec.h"

/* 33 characters: one more than an id or an extension name may have. */
#define CHARS_33 "abcdefghijklmnopqrstuvwxyz0123456"

struct record_case {
	const char *text;
	struct expect findings[4];
};

static const struct record_case sts_cases[] = {
	/* id = 1*32(ALPHA / DIGIT): "T" is a letter like any other. */
	{ "v=STSv1; id=20261204T1015;", { END_FINDINGS } },
	{ "v=STSv1; id=20160831085700Z;", { END_FINDINGS } },
	{ "v=STSv1;id=1", { END_FINDINGS } },
	{ "v=STSv1; id=1; ext-1.x=val", { END_FINDINGS } },

	{ "v=STSv1;", { FIND_SH(ZL_MAILREC_STS_ID_MISSING, 0, 8, "id", NO_STRING), END_FINDINGS } },
	{ "v=STSv1; ID=abc", { FIND_SH(ZL_MAILREC_STS_ID_MISSING, 0, 15, "id", "id"), END_FINDINGS } },
	{ "v=STSv1; id=2026-12-04", { FIND_SH(ZL_MAILREC_STS_ID_INVALID, 16, 1, "id", NULL), END_FINDINGS } },
	{ "v=STSv1; id=" CHARS_33, { FIND(ZL_MAILREC_STS_ID_INVALID, 44, 1), END_FINDINGS } },
	{ "v=STSv1; id=", { FIND(ZL_MAILREC_STS_ID_INVALID, 12, 0), END_FINDINGS } },
	{ "v=STSv1; id=1; id=2", { FIND(ZL_TAGVAL_DUPLICATE_TAG, 15, 2), END_FINDINGS } },

	/* The record must start with the literal "v=STSv1". */
	{ "id=1; v=STSv1", { FIND_SH(ZL_MAILREC_V_NOT_FIRST, 6, 7, "v", NULL), END_FINDINGS } },
	{ " v=STSv1; id=1", { FIND(ZL_MAILREC_WHITESPACE_IN_FIELD, 0, 1), END_FINDINGS } },
	{ "v = STSv1; id=1",
	    { FIND(ZL_MAILREC_WHITESPACE_IN_FIELD, 1, 1),
	      FIND(ZL_MAILREC_WHITESPACE_IN_FIELD, 3, 1), END_FINDINGS } },
	{ "v=STSv2; id=1", { FIND_SH(ZL_MAILREC_V_INVALID, 2, 5, "v", "STSv1"), END_FINDINGS } },
	{ "v=stsv1; id=1", { FIND(ZL_MAILREC_V_INVALID, 2, 5), END_FINDINGS } },
	{ "", { FIND(ZL_MAILREC_V_MISSING, 0, 0), FIND(ZL_MAILREC_STS_ID_MISSING, 0, 0), END_FINDINGS } },

	/* Extension fields. */
	{ "v=STSv1; id=1; ext=a=b", { FIND(ZL_MAILREC_EXT_VALUE_INVALID, 20, 1), END_FINDINGS } },
	{ "v=STSv1; id=1; ext=", { FIND(ZL_MAILREC_EXT_VALUE_INVALID, 19, 0), END_FINDINGS } },
	{ "v=STSv1; id=1; " CHARS_33 "=x", { FIND(ZL_MAILREC_EXT_NAME_INVALID, 15, 33), END_FINDINGS } },
};

static const struct record_case tlsrpt_cases[] = {
	{ "v=TLSRPTv1; rua=mailto:tlsrpt@example.com", { END_FINDINGS } },
	{ "v=TLSRPTv1;rua=mailto:a@example.com,https://reports.example.com/tlsrpt", { END_FINDINGS } },
	/* Several rua= fields are allowed by the RFC 8460 grammar. */
	{ "v=TLSRPTv1; rua=mailto:a@example.com; rua=https://r.example/x", { END_FINDINGS } },
	{ "v=TLSRPTv1; rua=mailto:a@example.com; x-ext=1", { END_FINDINGS } },

	{ "v=TLSRPTv1;", { FIND_SH(ZL_MAILREC_RUA_MISSING, 0, 11, "rua", NULL), END_FINDINGS } },
	{ "v=TLSRPTv1; rua=http://r.example/x",
	    { FIND_SH(ZL_MAILREC_URI_SCHEME, 16, 18, "rua", NULL), END_FINDINGS } },
	{ "v=TLSRPTv1; rua=tlsrpt@example.com",
	    { FIND_SH(ZL_MAILREC_URI_INVALID, 16, 1, "rua", NULL), END_FINDINGS } },
	{ "v=TLSRPTv1; rua=mailto:tlsrpt@",
	    { FIND_SH(ZL_MAILREC_MAILTO_BAD_ADDRESS, 30, 0, "rua", NULL), END_FINDINGS } },
	{ "v=TLSRPTv1; rua = mailto:a@example.com",
	    { FIND(ZL_MAILREC_WHITESPACE_IN_FIELD, 15, 1),
	      FIND(ZL_MAILREC_WHITESPACE_IN_FIELD, 17, 1), END_FINDINGS } },
	{ "v=TLSRPT1; rua=mailto:a@example.com",
	    { FIND_SH(ZL_MAILREC_V_INVALID, 2, 7, "v", "TLSRPTv1"), END_FINDINGS } },
	{ "rua=mailto:a@example.com; v=TLSRPTv1",
	    { FIND(ZL_MAILREC_V_NOT_FIRST, 26, 10), END_FINDINGS } },
};

static const struct record_case bimi_cases[] = {
	{ "v=BIMI1; l=https://example.com/logo.svg; a=https://example.com/vmc.pem", { END_FINDINGS } },
	{ "v=BIMI1; l=https://example.com/logo.svg; lps=true; avp=personal", { END_FINDINGS } },
	/* Declination to publish, and tags the draft does not define. */
	{ "v=BIMI1; l=; a=;", { END_FINDINGS } },
	{ "v=BIMI1; l=", { END_FINDINGS } },
	{ " v=BIMI1; l=", { END_FINDINGS } },
	{ "v=BIMI1; l=; x=whatever", { END_FINDINGS } },

	{ "v=BIMI1; a=https://example.com/vmc.pem",
	    { FIND_SH(ZL_MAILREC_BIMI_L_MISSING, 0, 38, "l", NULL), END_FINDINGS } },
	{ "v=BIMI1; l=http://example.com/logo.svg",
	    { FIND_SH(ZL_MAILREC_URI_SCHEME, 11, 27, "l", "https"), END_FINDINGS } },
	{ "v=BIMI1; l=https://example.com/a.svg,https://example.com/b.svg",
	    { FIND_SH(ZL_MAILREC_BIMI_URI_LIST, 36, 1, "l", NULL), END_FINDINGS } },
	{ "v=BIMI1; l=https://example.com/logo.svg; a=https://localhost/vmc.pem",
	    { FIND_SH(ZL_MAILREC_BIMI_NOT_FQDN, 51, 9, "a", NULL), END_FINDINGS } },
	{ "v=BIMI1; l=https://exa mple.com/x.svg",
	    { FIND_SH(ZL_MAILREC_URI_INVALID, 22, 1, "l", NULL), END_FINDINGS } },
	{ "v=BIMI1; l=; avp=Brand",
	    { FIND_SH(ZL_MAILREC_INVALID_VALUE, 17, 5, "avp", "brand"), END_FINDINGS } },
	{ "v=BIMI1; l=; lps=yes",
	    { FIND_SH(ZL_MAILREC_INVALID_VALUE, 17, 3, "lps", NO_STRING), END_FINDINGS } },
	{ "v=BIMI2; l=", { FIND_SH(ZL_MAILREC_V_INVALID, 2, 5, "v", "BIMI1"), END_FINDINGS } },
	{ "l=; v=BIMI1", { FIND(ZL_MAILREC_V_NOT_FIRST, 4, 7), END_FINDINGS } },
};

START_TEST(test_mailrec_sts_findings)
{
	const struct record_case *c = &sts_cases[_i];
	static struct zl_mtasts_record rec;
	size_t len = strlen(c->text);

	zl_mtasts_parse(&rec, c->text, len);
	assert_findings(c->text, len, &rec.tags.findings, &rec.findings,
	    zl_mailrec_code_name, c->findings);
}
END_TEST

START_TEST(test_mailrec_tlsrpt_findings)
{
	const struct record_case *c = &tlsrpt_cases[_i];
	static struct zl_tlsrpt_record rec;
	size_t len = strlen(c->text);

	zl_tlsrpt_parse(&rec, c->text, len);
	assert_findings(c->text, len, &rec.tags.findings, &rec.findings,
	    zl_mailrec_code_name, c->findings);
}
END_TEST

START_TEST(test_mailrec_bimi_findings)
{
	const struct record_case *c = &bimi_cases[_i];
	static struct zl_bimi_record rec;
	size_t len = strlen(c->text);

	zl_bimi_parse(&rec, c->text, len);
	assert_findings(c->text, len, &rec.tags.findings, &rec.findings,
	    zl_mailrec_code_name, c->findings);
}
END_TEST

START_TEST(test_mailrec_sts_values)
{
	static const char text[] = "v=STSv1; id=20261204T1015;";
	static struct zl_mtasts_record rec;

	zl_mtasts_parse(&rec, text, sizeof(text) - 1);
	ck_assert(rec.version_ok);
	ck_assert_uint_eq(rec.id_off, 12);
	ck_assert_uint_eq(rec.id_len, 13);
}
END_TEST

START_TEST(test_mailrec_tlsrpt_values)
{
	static const char text[] =
	    "v=TLSRPTv1; rua=mailto:tlsrpt@example.com,https://r.example/x; rua=ftp://x";
	static struct zl_tlsrpt_record rec;

	zl_tlsrpt_parse(&rec, text, sizeof(text) - 1);
	ck_assert(rec.version_ok);
	ck_assert(rec.rua_valid);
	ck_assert_uint_eq(rec.rua_count, 3);
	ck_assert_uint_eq(rec.rua_total, 3);
	ck_assert_int_eq(rec.rua[0].scheme, ZL_URI_SCHEME_MAILTO);
	ck_assert_uint_eq(rec.rua[0].host_off, 30);
	ck_assert_uint_eq(rec.rua[0].host_len, 11);
	ck_assert_int_eq(rec.rua[1].scheme, ZL_URI_SCHEME_HTTPS);
	ck_assert_int_eq(rec.rua[2].scheme, ZL_URI_SCHEME_OTHER);
	ck_assert_uint_eq(rec.findings.count, 1);
	ck_assert_int_eq(rec.findings.items[0].code, ZL_MAILREC_URI_SCHEME);
}
END_TEST

START_TEST(test_mailrec_bimi_values)
{
	static const char full[] = "v=BIMI1; l=https://example.com/logo.svg; "
	    "a=https://example.com/vmc.pem; lps=true; avp=personal";
	static const char declined[] = "v=BIMI1; l=; a=;";
	static struct zl_bimi_record rec;

	zl_bimi_parse(&rec, full, sizeof(full) - 1);
	ck_assert(rec.version_ok);
	ck_assert(!rec.declined);
	ck_assert(rec.location_ok);
	ck_assert_uint_eq(rec.location.off, 11);
	ck_assert_uint_eq(rec.location.len, 28);
	ck_assert(rec.evidence_ok);
	ck_assert_uint_eq(rec.evidence.host_off, 51);
	ck_assert(rec.lps);
	ck_assert_int_eq(rec.avatar, ZL_BIMI_AVATAR_PERSONAL);

	zl_bimi_parse(&rec, declined, sizeof(declined) - 1);
	ck_assert(rec.declined);
	ck_assert(!rec.location_ok);
	ck_assert(!rec.evidence_ok);
	ck_assert_int_eq(rec.avatar, ZL_BIMI_AVATAR_ABSENT);
}
END_TEST

START_TEST(test_mailrec_code_names_complete)
{
	for (int code = ZL_MAILREC_V_MISSING; code < ZL_MAILREC_CODE_END; code++) {
		const char *name = zl_mailrec_code_name(code);

		ck_assert_msg(name != NULL && strncmp(name, "mailrec-", 8) == 0,
		    "code %d has no name", code);
	}
	ck_assert_ptr_null(zl_mailrec_code_name(ZL_MAILREC_CODE_END));
}
END_TEST

static Suite *
mailrec_suite(void)
{
	Suite *s = suite_create("mailrec");
	TCase *sts = tcase_create("mta-sts");
	TCase *tlsrpt = tcase_create("tls-rpt");
	TCase *bimi = tcase_create("bimi");
	TCase *names = tcase_create("names");

	tcase_add_loop_test(sts, test_mailrec_sts_findings, 0,
	    sizeof(sts_cases) / sizeof(sts_cases[0]));
	tcase_add_test(sts, test_mailrec_sts_values);
	suite_add_tcase(s, sts);

	tcase_add_loop_test(tlsrpt, test_mailrec_tlsrpt_findings, 0,
	    sizeof(tlsrpt_cases) / sizeof(tlsrpt_cases[0]));
	tcase_add_test(tlsrpt, test_mailrec_tlsrpt_values);
	suite_add_tcase(s, tlsrpt);

	tcase_add_loop_test(bimi, test_mailrec_bimi_findings, 0,
	    sizeof(bimi_cases) / sizeof(bimi_cases[0]));
	tcase_add_test(bimi, test_mailrec_bimi_values);
	suite_add_tcase(s, bimi);

	tcase_add_test(names, test_mailrec_code_names_complete);
	suite_add_tcase(s, names);
	return s;
}

int
main(void)
{
	SRunner *runner = srunner_create(mailrec_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
