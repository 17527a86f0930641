/* Unit tests of the master-file tokenizer: tokens, flags, positions and
 * recovery after errors. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "util.h"

#define LS ZL_TOKEN_LINE_START
#define TO ZL_TOKEN_TOUCHES
#define UT ZL_TOKEN_UNTERMINATED
#define ES ZL_TOKEN_ESCAPED
#define IP ZL_TOKEN_IN_PARENS

/* One expected token.  With line 0 the position is not checked, and text is
 * checked for words and quoted strings only. */
struct expected_token {
	enum zl_token_kind kind;
	const char *text;
	uint32_t line, col;
	unsigned flags;
	enum zl_lex_error error;
};

struct lexer_case {
	const char *name;
	const char *input;
	size_t len;		/* 0: strlen(input) */
	bool recover;		/* pass a looks_like_record callback */
	struct expected_token tokens[16];	/* up to and including EOF */
};

#define W(text, line, col, flags) { ZL_TOKEN_WORD, text, line, col, flags, ZL_LEX_OK }
#define Q(text, line, col, flags) { ZL_TOKEN_QSTRING, text, line, col, flags, ZL_LEX_OK }
#define EOL(line, col) { ZL_TOKEN_EOL, NULL, line, col, 0, ZL_LEX_OK }
#define END { ZL_TOKEN_EOF, NULL, 0, 0, 0, ZL_LEX_OK }
#define ERR(error, line, col) { ZL_TOKEN_ERROR, NULL, line, col, 0, error }

/* The test's idea of a new record: a line that starts with "new". */
static bool
starts_with_new(const char *line, size_t len)
{
	return len >= 3 && memcmp(line, "new", 3) == 0;
}

static const struct lexer_case cases[] = {
	{ "record", "www IN A 192.0.2.1\n", 0, false, {
		W("www", 1, 1, LS), W("IN", 1, 5, 0), W("A", 1, 8, 0),
		W("192.0.2.1", 1, 10, 0), EOL(1, 19), END } },
	{ "inherited owner", "  A 192.0.2.1\n", 0, false, {
		W("A", 1, 3, 0), W("192.0.2.1", 1, 5, 0), EOL(1, 14), END } },
	{ "tab before the type", "a\tA\t1\n", 0, false, {
		W("a", 1, 1, LS), W("A", 1, 3, 0), W("1", 1, 5, 0), EOL(1, 6), END } },
	{ "two lines", "a 1\nb 2\n", 0, false, {
		W("a", 1, 1, LS), W("1", 1, 3, 0), EOL(1, 4),
		W("b", 2, 1, LS), W("2", 2, 3, 0), EOL(2, 4), END } },
	{ "no final newline", "a b", 0, false, {
		W("a", 1, 1, LS), W("b", 1, 3, 0), EOL(1, 4), END } },
	{ "empty input", "", 0, false, { END } },
	{ "blank and comment lines", "\n   \n; only a comment\n\t; another\n", 0, false, { END } },
	{ "comment after a record", "a TXT x ; a comment\nb\n", 0, false, {
		W("a", 1, 1, LS), W("TXT", 1, 3, 0), W("x", 1, 7, 0), EOL(1, 20),
		W("b", 2, 1, LS), EOL(2, 2), END } },
	{ "comment ends a word", "a;b\n", 0, false, {
		W("a", 1, 1, LS), EOL(1, 4), END } },
	{ "quoted string", "a TXT \"v=spf1 -all\"\n", 0, false, {
		W("a", 1, 1, LS), W("TXT", 1, 3, 0), Q("v=spf1 -all", 1, 7, 0),
		EOL(1, 20), END } },
	{ "semicolon inside quotes", "a \"x; y\" ; z\n", 0, false, {
		W("a", 1, 1, LS), Q("x; y", 1, 3, 0), EOL(1, 13), END } },
	{ "empty quoted string", "a \"\"\n", 0, false, {
		W("a", 1, 1, LS), Q("", 1, 3, 0), EOL(1, 5), END } },
	{ "adjacent quoted strings", "a \"x\"\"y\" \"z\"\n", 0, false, {
		W("a", 1, 1, LS), Q("x", 1, 3, 0), Q("y", 1, 6, TO), Q("z", 1, 10, 0),
		EOL(1, 13), END } },
	{ "word touching a string", "a b\"c\"d\n", 0, false, {
		W("a", 1, 1, LS), W("b", 1, 3, 0), Q("c", 1, 4, TO), W("d", 1, 7, TO),
		EOL(1, 8), END } },
	{ "escaped blank in a word", "a\\ b c\n", 0, false, {
		W("a\\ b", 1, 1, LS | ES), W("c", 1, 6, 0), EOL(1, 7), END } },
	{ "escaped semicolon in a word", "a v=1\\;p=2\n", 0, false, {
		W("a", 1, 1, LS), W("v=1\\;p=2", 1, 3, ES), EOL(1, 11), END } },
	{ "decimal escape", "a\\032b\n", 0, false, {
		W("a\\032b", 1, 1, LS | ES), EOL(1, 7), END } },
	{ "escaped quote in a string", "a \"x\\\"y\" z\n", 0, false, {
		W("a", 1, 1, LS), Q("x\\\"y", 1, 3, ES), W("z", 1, 10, 0), EOL(1, 11), END } },
	{ "escaped backslash ends a string", "a \"x\\\\\" z\n", 0, false, {
		W("a", 1, 1, LS), Q("x\\\\", 1, 3, ES), W("z", 1, 9, 0), EOL(1, 10), END } },
	{ "escaped newline in a string", "a \"x\\\ny\" z\nb\n", 0, false, {
		W("a", 1, 1, LS), Q("x\\\ny", 1, 3, ES), W("z", 2, 4, 0), EOL(2, 5),
		W("b", 3, 1, LS), EOL(3, 2), END } },
	/* Outside quotes BIND rejects it: the word keeps its backslash, and
	 * the line ends there. */
	{ "escaped newline in a word", "a TXT x\\\nb TXT y\n", 0, false, {
		W("a", 1, 1, LS), W("TXT", 1, 3, 0), W("x\\", 1, 7, ES), EOL(1, 9),
		W("b", 2, 1, LS), W("TXT", 2, 3, 0), W("y", 2, 7, 0), EOL(2, 8), END } },
	{ "escaped CR LF in a word", "a x\\\r\nb\r\n", 0, false, {
		W("a", 1, 1, LS), W("x\\", 1, 3, ES), EOL(1, 6),
		W("b", 2, 1, LS), EOL(2, 3), END } },
	{ "unterminated string", "a TXT \"abc\nb A 1\n", 0, false, {
		W("a", 1, 1, LS), W("TXT", 1, 3, 0), Q("abc", 1, 7, UT), EOL(1, 11),
		W("b", 2, 1, LS), W("A", 2, 3, 0), W("1", 2, 5, 0), EOL(2, 6), END } },
	{ "unterminated string at the end", "a \"abc", 0, false, {
		W("a", 1, 1, LS), Q("abc", 1, 3, UT), EOL(1, 7), END } },
	{ "parentheses over lines", "a MX ( 10\n  mail )\nb\n", 0, false, {
		W("a", 1, 1, LS), W("MX", 1, 3, 0), W("10", 1, 8, IP),
		W("mail", 2, 3, IP), EOL(2, 9), W("b", 3, 1, LS), EOL(3, 2), END } },
	{ "comment inside parentheses", "a ( 1 ; one\n 2 ; two\n )\n", 0, false, {
		W("a", 1, 1, LS), W("1", 1, 5, IP), W("2", 2, 2, IP), EOL(3, 3), END } },
	{ "column 1 inside parentheses", "a ( 1\nb )\n", 0, false, {
		W("a", 1, 1, LS), W("1", 1, 5, IP), W("b", 2, 1, IP), EOL(2, 4), END } },
	{ "parenthesis ends a word", "a(b)c\n", 0, false, {
		W("a", 1, 1, LS), W("b", 1, 3, IP), W("c", 1, 5, 0), EOL(1, 6), END } },
	{ "CRLF line endings", "a b\r\nc \"d\"\r\n", 0, false, {
		W("a", 1, 1, LS), W("b", 1, 3, 0), EOL(1, 5),
		W("c", 2, 1, LS), Q("d", 2, 3, 0), EOL(2, 7), END } },
	{ "lone CR is a blank", "a\rb\n", 0, false, {
		W("a", 1, 1, LS), W("b", 1, 3, 0), EOL(1, 4), END } },
	{ "byte-order mark", "\xef\xbb\xbf" "a b\nc\n", 0, false, {
		W("a", 1, 1, LS), W("b", 1, 3, 0), EOL(1, 4),
		W("c", 2, 1, LS), EOL(2, 2), END } },
	{ "byte-order mark not at the start", "a \xef\xbb\xbf\n", 0, false, {
		W("a", 1, 1, LS), W("\xef\xbb\xbf", 1, 3, 0), EOL(1, 6), END } },
	{ "unopened parenthesis", "a )\nb\n", 0, false, {
		W("a", 1, 1, LS), ERR(ZL_LEX_PAREN_UNOPENED, 1, 3), EOL(1, 4),
		W("b", 2, 1, LS), EOL(2, 2), END } },
	{ "nested parenthesis", "a ( ( b ) )\n", 0, false, {
		W("a", 1, 1, LS), ERR(ZL_LEX_PAREN_NESTED, 1, 5), W("b", 1, 7, IP),
		EOL(1, 12), END } },
	{ "NUL byte", "a\0b\n", 4, false, {
		W("a", 1, 1, LS), ERR(ZL_LEX_NUL_BYTE, 1, 2), W("b", 1, 3, 0), EOL(1, 4), END } },
	{ "parenthesis open at the end", "a ( 1\n 2\n", 0, false, {
		W("a", 1, 1, LS), W("1", 1, 5, IP), W("2", 2, 2, IP),
		ERR(ZL_LEX_PAREN_UNCLOSED, 1, 3), { ZL_TOKEN_EOL, NULL, 0, 0, 0, ZL_LEX_OK },
		END } },
	{ "forgotten parenthesis recovery", "a TXT ( \"x\"\n  \"y\"\nnew A 1\n", 0, true, {
		W("a", 1, 1, LS), W("TXT", 1, 3, 0), Q("x", 1, 9, IP), Q("y", 2, 3, IP),
		ERR(ZL_LEX_PAREN_UNCLOSED, 1, 7), { ZL_TOKEN_EOL, NULL, 0, 0, 0, ZL_LEX_OK },
		W("new", 3, 1, LS), W("A", 3, 5, 0), W("1", 3, 7, 0), EOL(3, 8), END } },
	{ "line that closes the parenthesis", "a NSEC ( b\nnew NS SOA )\nc\n", 0, true, {
		W("a", 1, 1, LS), W("NSEC", 1, 3, 0), W("b", 1, 10, IP),
		W("new", 2, 1, IP), W("NS", 2, 5, IP), W("SOA", 2, 8, IP), EOL(2, 13),
		W("c", 3, 1, LS), EOL(3, 2), END } },
	{ "indented line is no new record", "a ( 1\n new 2 )\n", 0, true, {
		W("a", 1, 1, LS), W("1", 1, 5, IP), W("new", 2, 2, IP), W("2", 2, 6, IP),
		EOL(2, 9), END } },
};

static const char *
kind_name(enum zl_token_kind kind)
{
	switch (kind) {
	case ZL_TOKEN_WORD: return "WORD";
	case ZL_TOKEN_QSTRING: return "QSTRING";
	case ZL_TOKEN_EOL: return "EOL";
	case ZL_TOKEN_EOF: return "EOF";
	case ZL_TOKEN_ERROR: return "ERROR";
	}
	return "?";
}

START_TEST(test_lexer_table)
{
	const struct lexer_case *c = &cases[_i];
	size_t len = c->len ? c->len : strlen(c->input);
	struct zl_lexer lx;

	zl_lexer_init(&lx, c->input, len, 7, c->recover ? starts_with_new : NULL);
	for (size_t k = 0;; k++) {
		const struct expected_token *x = &c->tokens[k];
		struct zl_token t = zl_lexer_next(&lx);

		ck_assert_msg(k < sizeof(c->tokens) / sizeof(c->tokens[0]), "%s: too many tokens", c->name);
		ck_assert_msg(t.kind == x->kind, "%s: token %zu is %s '%.*s', expected %s",
		    c->name, k, kind_name(t.kind), (int)t.len, t.text, kind_name(x->kind));
		if (x->kind == ZL_TOKEN_WORD || x->kind == ZL_TOKEN_QSTRING) {
			ck_assert_msg(t.len == strlen(x->text) && memcmp(t.text, x->text, t.len) == 0,
			    "%s: token %zu is '%.*s', expected '%s'", c->name, k, (int)t.len, t.text, x->text);
			ck_assert_msg(t.flags == x->flags, "%s: token %zu '%s' has flags %#x, expected %#x",
			    c->name, k, x->text, t.flags, x->flags);
		}
		if (x->kind == ZL_TOKEN_ERROR)
			ck_assert_msg(t.error == x->error, "%s: token %zu is error %d, expected %d",
			    c->name, k, (int)t.error, (int)x->error);
		if (x->line != 0) {
			ck_assert_msg(t.pos.line == x->line && t.pos.col == x->col,
			    "%s: token %zu (%s) is at %u:%u, expected %u:%u", c->name, k,
			    kind_name(t.kind), t.pos.line, t.pos.col, x->line, x->col);
			ck_assert_msg(t.pos.file == 7, "%s: token %zu has file %u", c->name, k, t.pos.file);
		}
		if (t.kind == ZL_TOKEN_EOF)
			break;
	}

	/* EOF repeats. */
	ck_assert_int_eq(zl_lexer_next(&lx).kind, ZL_TOKEN_EOF);
}
END_TEST

START_TEST(test_lexer_offsets_and_ends)
{
	const char *in = "ab \"c d\" e\n";
	struct zl_lexer lx;
	struct zl_token t;

	zl_lexer_init(&lx, in, strlen(in), 0, NULL);
	t = zl_lexer_next(&lx);
	ck_assert_uint_eq(t.pos.off, 0);
	ck_assert_uint_eq(t.end.off, 2);
	ck_assert_uint_eq(t.end.col, 3);

	/* The position of a quoted string covers its quotes, but its text does not. */
	t = zl_lexer_next(&lx);
	ck_assert_uint_eq(t.pos.off, 3);
	ck_assert_uint_eq(t.end.off, 8);
	ck_assert_uint_eq(t.end.col, 9);
	ck_assert_ptr_eq(t.text, in + 4);
	ck_assert_uint_eq(t.len, 3);

	t = zl_lexer_next(&lx);
	ck_assert_uint_eq(t.pos.off, 9);
	ck_assert_uint_eq(t.pos.col, 10);
}
END_TEST

START_TEST(test_lexer_comment_kept)
{
	const char *in = "a TXT v=DMARC1; p=reject\n";
	struct zl_lexer lx;
	struct zl_token t;

	zl_lexer_init(&lx, in, strlen(in), 0, NULL);
	do
		t = zl_lexer_next(&lx);
	while (t.kind != ZL_TOKEN_EOL);
	ck_assert_ptr_nonnull(lx.comment.text);
	ck_assert_uint_eq(lx.comment.len, strlen(" p=reject"));
	ck_assert(memcmp(lx.comment.text, " p=reject", lx.comment.len) == 0);
	ck_assert_uint_eq(lx.comment.pos.line, 1);
	ck_assert_uint_eq(lx.comment.pos.col, 15);
}
END_TEST

START_TEST(test_lexer_comment_at_crlf)
{
	const char *in = "a ; note\r\n";
	struct zl_lexer lx;

	zl_lexer_init(&lx, in, strlen(in), 0, NULL);
	while (zl_lexer_next(&lx).kind != ZL_TOKEN_EOF)
		continue;

	/* The comment runs to the newline, so a CR before it is part of its text. */
	ck_assert_uint_eq(lx.comment.len, strlen(" note\r"));
}
END_TEST

START_TEST(test_lexer_seek_rereads_line)
{
	const char *in = "a 1\nb ( 2\n 3 )\nc 4\n";
	struct zl_lexer lx;
	struct zl_token t;

	zl_lexer_init(&lx, in, strlen(in), 0, NULL);
	while (zl_lexer_next(&lx).kind != ZL_TOKEN_EOF)
		continue;

	/* Read the record on lines 2 and 3 again. */
	zl_lexer_seek(&lx, 4, 2);
	t = zl_lexer_next(&lx);
	ck_assert_int_eq(t.kind, ZL_TOKEN_WORD);
	ck_assert(t.len == 1 && t.text[0] == 'b');
	ck_assert_uint_eq(t.pos.line, 2);
	ck_assert_uint_eq(t.pos.col, 1);
	ck_assert_uint_ne(t.flags & ZL_TOKEN_LINE_START, 0);
	ck_assert_int_eq(zl_lexer_next(&lx).kind, ZL_TOKEN_WORD);
	t = zl_lexer_next(&lx);
	ck_assert(t.len == 1 && t.text[0] == '3');
	ck_assert_uint_eq(t.pos.line, 3);
	ck_assert_uint_eq(t.pos.col, 2);
	ck_assert_int_eq(zl_lexer_next(&lx).kind, ZL_TOKEN_EOL);
	t = zl_lexer_next(&lx);
	ck_assert(t.len == 1 && t.text[0] == 'c');
	ck_assert_uint_eq(t.pos.line, 4);
}
END_TEST

START_TEST(test_lexer_skip_line)
{
	const char *in = "a ( 1\n 2 ) x\nb\n";
	struct zl_lexer lx;
	struct zl_token t;

	zl_lexer_init(&lx, in, strlen(in), 0, NULL);
	t = zl_lexer_next(&lx);
	ck_assert(t.len == 1 && t.text[0] == 'a');
	zl_lexer_skip_line(&lx);
	t = zl_lexer_next(&lx);
	ck_assert_int_eq(t.kind, ZL_TOKEN_WORD);
	ck_assert(t.len == 1 && t.text[0] == 'b');
	ck_assert_uint_eq(t.pos.line, 3);
}
END_TEST

START_TEST(test_lexer_long_line)
{
	size_t n = 100000;
	char *in = zl_xmalloc(n + 3);
	struct zl_lexer lx;
	struct zl_token t;

	memset(in, 'x', n);
	memcpy(in + n, " y", 2);
	zl_lexer_init(&lx, in, n + 2, 0, NULL);
	t = zl_lexer_next(&lx);
	ck_assert_uint_eq(t.len, n);
	t = zl_lexer_next(&lx);
	ck_assert_uint_eq(t.pos.col, n + 2);
	free(in);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("lexer");
	TCase *table = tcase_create("table");
	TCase *api = tcase_create("api");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(table, test_lexer_table, 0,
	    (int)(sizeof(cases) / sizeof(cases[0])));
	suite_add_tcase(s, table);
	tcase_add_test(api, test_lexer_offsets_and_ends);
	tcase_add_test(api, test_lexer_comment_kept);
	tcase_add_test(api, test_lexer_comment_at_crlf);
	tcase_add_test(api, test_lexer_seek_rereads_line);
	tcase_add_test(api, test_lexer_skip_line);
	tcase_add_test(api, test_lexer_long_line);
	suite_add_tcase(s, api);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
