/* Report helpers: UTF-16 columns, the embedded rule pages, and the fixes
 * behind --format diff and the SARIF fixes. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "fix.h"
#include "report.h"
#include "ruledoc.h"
#include "util.h"

/* Columns: a line, a byte column in it, and the UTF-16 column. */
static const struct {
	const char *line;
	uint32_t byte_col;
	uint32_t utf16_col;
} column_cases[] = {
	{ "abc x", 5, 5 },
	{ "\t\tx", 3, 3 },
	{ "\xe6\x97\xa5\xe6\x9c\xac x", 8, 4 },			/* two BMP characters */
	{ "\xf0\x9f\x8e\x8c x", 6, 4 },				/* a surrogate pair */
	{ "\xc3\xa9\xff x", 5, 4 },				/* é, then an invalid byte */
	{ "\xe6\x97", 3, 3 },					/* a cut sequence */
};

START_TEST(test_report_column_utf16)
{
	struct zl_file file;
	struct zl_graph g;
	struct zl_pos pos;

	memset(&g, 0, sizeof(g));
	memset(&file, 0, sizeof(file));
	file.path = (char *)"zone";
	file.data = column_cases[_i].line;
	file.size = strlen(column_cases[_i].line);
	g.files = &file;
	g.nfiles = 1;
	pos.file = 0;
	pos.line = 1;
	pos.col = column_cases[_i].byte_col;
	pos.off = pos.col - 1;
	ck_assert_msg(zl_column_utf16(&g, &pos) == column_cases[_i].utf16_col,
	    "case %d: got %u, want %u", _i, zl_column_utf16(&g, &pos),
	    column_cases[_i].utf16_col);
}
END_TEST

START_TEST(test_report_every_rule_has_page)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		const char *id = zl_rules_get(i)->id;

		ck_assert_msg(zl_rule_doc_finds(id) != NULL,
		    "doc/rules/%s.md has no \"What it finds\" section", id);
	}
}
END_TEST

/* Every rule page has a Japanese twin (tests/test-explain checks the files),
 * so the embedded table must have both sections of each in Japanese. */
START_TEST(test_report_every_rule_has_japanese_page)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		const char *id = zl_rules_get(i)->id;
		const struct zl_rule_doc *page = zl_rule_doc_get(id, "ja");

		ck_assert_msg(page != NULL, "rule %s has no embedded page", id);
		ck_assert_msg(strcmp(page->lang, "ja") == 0, "doc/ja/rules/%s.md is not embedded", id);
		ck_assert_msg(page->finds != NULL, "doc/ja/rules/%s.md has no \"検出する内容\"", id);
		ck_assert_msg(page->why != NULL, "doc/ja/rules/%s.md has no \"問題になる理由\"", id);
	}
}
END_TEST

START_TEST(test_report_doc_language_fallback)
{
	const struct zl_rule_doc *page;

	page = zl_rule_doc_get("txt-misencoded", "xx");
	ck_assert_ptr_nonnull(page);
	ck_assert_str_eq(page->lang, "en");
	ck_assert_ptr_eq(page->finds, zl_rule_doc_finds("txt-misencoded"));

	page = zl_rule_doc_get("txt-misencoded", NULL);
	ck_assert_ptr_nonnull(page);
	ck_assert_str_eq(page->lang, "en");

	ck_assert_ptr_null(zl_rule_doc_get("no-such-rule", "ja"));
}
END_TEST

START_TEST(test_report_first_paragraph)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	zl_rule_doc_first_paragraph("Records that `TXT`\nmisreads:\n\n- one\n", &sb);
	ck_assert_str_eq(sb.data, "Records that TXT misreads.");
	zl_strbuf_fini(&sb);
}
END_TEST

/* Citations: the text of a "Why it matters" section and the list of the
 * documents it cites. */
static const struct {
	const char *text;
	const char *cites;
} citation_cases[] = {
	{ "RFC 7489 section 6.6.3 says so.", "RFC 7489 section 6.6.3" },
	{ "as RFC\n2181 section\n10.3 and RFC 2181 section 10.3 say", "RFC 2181 section 10.3" },
	{ "RFC 1034 and RFC 1034 section 4.2.1.", "RFC 1034, RFC 1034 section 4.2.1" },
	{ "The draft-brand-indicators-for-message-identification, section 4.3",
	  "draft-brand-indicators-for-message-identification" },
	{ "RFCs and XRFC 12 and RFC x and RFC 5321 sectionsX 4", "RFC 5321" },
	{ "(RFC 7208 sections 4.6.4, 5.3 and\n5.4). RFC 7208 section 5.3",
	  "RFC 7208 section 4.6.4, RFC 7208 section 5.3, RFC 7208 section 5.4" },
	{ "RFC 1035 sections 5.1 and RFC 2181", "RFC 1035 section 5.1, RFC 2181" },
	{ "no citation here", "" },
};

START_TEST(test_report_doc_citations)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	zl_strbuf_add(&sb, "", 0);
	zl_rule_doc_citations(citation_cases[_i].text, &sb);
	ck_assert_msg(strcmp(sb.data, citation_cases[_i].cites) == 0, "'%s': got '%s', want '%s'",
	    citation_cases[_i].text, sb.data, citation_cases[_i].cites);
	zl_strbuf_fini(&sb);
}
END_TEST

START_TEST(test_report_every_rule_has_why)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		const char *id = zl_rules_get(i)->id;

		ck_assert_msg(zl_rule_doc_why(id) != NULL,
		    "doc/rules/%s.md has no \"Why it matters\" section", id);
	}
}
END_TEST

/* Fixes: one record line, and the line after the edits; NULL when the
 * finding must get no edit. */
static const struct {
	const char *record;
	const char *fixed;
} fix_cases[] = {
	{ "a IN A TXT \"v=spf1 -all\"", "a IN TXT \"v=spf1 -all\"" },
	{ "a IN TXT IN \"v=spf1 -all\"", "a IN TXT \"v=spf1 -all\"" },
	{ "a IN TXT TXT \"v=spf1 -all\"", "a IN TXT \"v=spf1 -all\"" },
	{ "a IN TXT \"v=spf1 -all\" 3600", "a IN 3600 TXT \"v=spf1 -all\"" },
	{ "a IN TXT \"v=spf1 -all\"\t600 IN", "a IN 600 TXT \"v=spf1 -all\"" },
	{ "a 300 TXT \"v=spf1 -all\" 300", NULL },
	{ "a 300 IN TXT \"v=spf1 -all\" CH", NULL },
	{ "a IN TXT v=spf1  mx\t-all ; note", "a IN TXT \"v=spf1 mx -all\" ; note" },
	{ "a IN TXT v=DMARC1; p=reject; x=\"q\\\"  ", "a IN TXT \"v=DMARC1; p=reject; x=\\\"q\\\\\\\"\"  " },
	{ "a IN TXT \xe2\x80\x9cv=spf1 -all\xe2\x80\x9d", "a IN TXT \"v=spf1 -all\"" },
	{ "a IN TXT \"\xe2\x80\x9cv=spf1\" \" -all\xe2\x80\x9d\"", "a IN TXT \"v=spf1\" \" -all\"" },
	{ "a IN TXT \"\\\"v=spf1 -all\\\"\"", "a IN TXT \"v=spf1 -all\"" },
	{ "a IN A 192 0 2 1", "a IN A 192.0.2.1" },
};

START_TEST(test_report_fix_record)
{
	char path[] = "/tmp/zonelint-fix-XXXXXX";
	const char *head = "$ORIGIN example.jp.\n$TTL 3600\n"
	    "@ IN SOA ns hostmaster 1 3600 900 604800 300\n@ IN NS ns\nns IN A 192.0.2.1\n";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct zl_analysis a;
	struct zl_load_options opt;
	struct zl_edits edits;
	struct zl_strbuf out;
	char *error = NULL;
	size_t at;
	const struct zl_file *zone;

	ck_assert_ptr_nonnull(f);
	fprintf(f, "%s%s\n", head, fix_cases[_i].record);
	fclose(f);
	zl_analysis_init(&a);
	zl_load_options_init(&opt);
	ck_assert_int_eq(zl_analysis_load(&a, path, &opt, &error), 0);
	zl_analysis_run(&a);
	zl_edits_init(&edits);
	zl_fixes_collect(&a.graph, &a.diags, &edits);

	/* Apply the edits to the file's text, then cut off the header. */
	zone = &a.graph.files[0];
	zl_strbuf_init(&out);
	at = 0;
	for (size_t k = 0; k < edits.len; k++) {
		zl_strbuf_add(&out, zone->data + at, edits.items[k].off - at);
		zl_strbuf_adds(&out, edits.items[k].text);
		at = edits.items[k].off + edits.items[k].len;
	}
	zl_strbuf_add(&out, zone->data + at, zone->size - at);
	if (fix_cases[_i].fixed == NULL) {
		ck_assert_msg(edits.len == 0, "case %d: %s: unexpected fix", _i, fix_cases[_i].record);
	} else {
		ck_assert_msg(edits.len > 0, "case %d: %s: no fix", _i, fix_cases[_i].record);
		out.data[out.len - 1] = '\0';	/* the final line break */
		ck_assert_str_eq(out.data + strlen(head), fix_cases[_i].fixed);
	}

	zl_strbuf_fini(&out);
	zl_edits_fini(&edits);
	zl_analysis_fini(&a);
	unlink(path);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("report");
	TCase *columns = tcase_create("columns");
	TCase *docs = tcase_create("rule pages");
	TCase *fixes = tcase_create("fixes");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(columns, test_report_column_utf16, 0,
	    (int)(sizeof(column_cases) / sizeof(column_cases[0])));
	tcase_add_test(docs, test_report_every_rule_has_page);
	tcase_add_test(docs, test_report_every_rule_has_japanese_page);
	tcase_add_test(docs, test_report_doc_language_fallback);
	tcase_add_test(docs, test_report_first_paragraph);
	tcase_add_loop_test(docs, test_report_doc_citations, 0,
	    (int)(sizeof(citation_cases) / sizeof(citation_cases[0])));
	tcase_add_test(docs, test_report_every_rule_has_why);
	tcase_add_loop_test(fixes, test_report_fix_record, 0,
	    (int)(sizeof(fix_cases) / sizeof(fix_cases[0])));
	suite_add_tcase(s, columns);
	suite_add_tcase(s, docs);
	suite_add_tcase(s, fixes);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
