/* Tokenizer for DNS master files (RFC 1035 section 5.1, as BIND reads them). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "lexer.h"

#include <string.h>

#include "wordscan.h"

/* A carriage return counts as a blank, so CRLF files read like LF files
 * and a lone CR cannot split a token in two. */
static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Bytes that end an unquoted word, or start an escape inside one: a
 * table, because the test runs for every byte of the zone. */
static const bool word_stop[256] = {
	[' '] = true, ['\t'] = true, ['\r'] = true, ['\n'] = true, ['('] = true,
	[')'] = true, [';'] = true, ['"'] = true, ['\0'] = true, ['\\'] = true,
};

/* Return the offset of the first byte at or after off that ends an
 * unquoted word or starts an escape, or len.  Words are short, so a
 * table lookup per byte costs less here than the word-at-a-time search
 * of scan_qstring_end(); the loop tests four bytes per step. */
static size_t
scan_word_end(const unsigned char *buf, size_t off, size_t len)
{
	while (len - off >= 4) {
		if (word_stop[buf[off]])
			return off;
		if (word_stop[buf[off + 1]])
			return off + 1;
		if (word_stop[buf[off + 2]])
			return off + 2;
		if (word_stop[buf[off + 3]])
			return off + 3;
		off += 4;
	}
	while (off < len && !word_stop[buf[off]])
		off++;
	return off;
}

/* Return the offset of the first '"', '\\' or newline at or after off,
 * or len. */
static size_t
scan_qstring_end(const unsigned char *buf, size_t off, size_t len)
{
	return zl_find_any3(buf, off, len, '"', '\\', '\n');
}

static struct zl_pos
pos_at(const struct zl_lexer *lx, size_t off)
{
	struct zl_pos p;

	p.file = lx->file;
	p.line = lx->line;
	p.col = (uint32_t)(off - lx->line_off + 1);
	p.off = (uint32_t)off;
	return p;
}

static struct zl_token
make_token(const struct zl_lexer *lx, enum zl_token_kind kind, size_t off)
{
	struct zl_token t;

	memset(&t, 0, sizeof(t));
	t.kind = kind;
	t.pos = pos_at(lx, off);
	t.end = t.pos;
	t.text = lx->buf + off;
	return t;
}

static struct zl_token
error_token(const struct zl_lexer *lx, enum zl_lex_error error, struct zl_pos pos)
{
	struct zl_token t = make_token(lx, ZL_TOKEN_ERROR, pos.off);

	t.pos = pos;
	t.end = pos;
	t.error = error;
	return t;
}

void
zl_lexer_init(struct zl_lexer *lx, const char *buf, size_t len, uint32_t file,
    bool (*looks_like_record)(const char *line, size_t len))
{
	memset(lx, 0, sizeof(*lx));
	lx->buf = buf;
	lx->len = len;
	lx->file = file;
	lx->line = 1;
	lx->looks_like_record = looks_like_record;

	/* Skip a byte-order mark: zone-syntax reports it, because BIND 9.18
	 * rejects a zone file that starts with one. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		lx->off = 3;
		lx->line_off = 3;
	}
}

void
zl_lexer_seek(struct zl_lexer *lx, size_t off, uint32_t line)
{
	lx->off = off;
	lx->line = line;
	lx->line_off = off;
	lx->depth = 0;
	lx->line_has_token = false;
	lx->pending_eol = false;
	lx->prev_end = off;
}

/* Does the line close the open parenthesis: a ')' outside quotes and
 * comments, with no '(' before it? */
static bool
closes_paren(const char *line, size_t len)
{
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		char c = line[i];

		if (c == '\\') {
			i++;
			continue;
		}
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == ';' || c == '(')
			return false;
		else if (c == ')')
			return true;
	}
	return false;
}

/* Inside parentheses, a line that starts at column 1 and reads like a new
 * record most likely means that the ')' was forgotten.  BIND would swallow
 * the rest of the file into one record; ending the record here reports the
 * open parenthesis and lets the analysis go on with the next record.  A
 * line that closes the parenthesis continues the record, as in BIND, even
 * when it starts with type words ("A NS SOA )" in a split NSEC record). */
static bool
paren_forgotten(const struct zl_lexer *lx)
{
	const char *line = lx->buf + lx->off;
	const char *nl;
	size_t rest = lx->len - lx->off;
	char c;

	if (lx->looks_like_record == NULL || rest == 0)
		return false;
	c = line[0];
	if (is_blank(c) || c == '\n' || c == ')' || c == ';' || c == '"' ||
	    c == '(')
		return false;
	nl = memchr(line, '\n', rest);
	if (nl != NULL)
		rest = (size_t)(nl - line);
	return !closes_paren(line, rest) && lx->looks_like_record(line, rest);
}

static void
skip_comment(struct zl_lexer *lx)
{
	const char *start = lx->buf + lx->off;
	const char *nl = memchr(start, '\n', lx->len - lx->off);
	size_t end = nl ? (size_t)(nl - lx->buf) : lx->len;

	lx->comment.pos = pos_at(lx, lx->off);
	lx->comment.text = start + 1;
	lx->comment.len = (uint32_t)(end - lx->off - 1);
	lx->off = end;
}

static void
scan_qstring(struct zl_lexer *lx, struct zl_token *t)
{
	const unsigned char *buf = (const unsigned char *)lx->buf;
	size_t start = lx->off + 1, off = start, len = lx->len;

	lx->off = start;
	while (lx->off < lx->len) {
		char c;

		off = scan_qstring_end(buf, off, len);
		lx->off = off;
		if (off >= len)
			break;
		c = lx->buf[off];
		if (c == '\\') {
			t->flags |= ZL_TOKEN_ESCAPED;
			if (lx->off + 1 < lx->len && lx->buf[lx->off + 1] == '\n') {
				lx->line++;
				lx->line_off = lx->off + 2;
			}
			lx->off = lx->off + 2 < lx->len ? lx->off + 2 : lx->len;
			off = lx->off;
			continue;
		}
		if (c == '"') {
			t->text = lx->buf + start;
			t->len = (uint32_t)(lx->off - start);
			lx->off++;
			return;
		}
		break;	/* a newline */
	}

	/* The string runs to the end of the line: close it there, so that
	 * one missing quote costs one record and not the rest of the file. */
	t->flags |= ZL_TOKEN_UNTERMINATED;
	t->text = lx->buf + start;
	t->len = (uint32_t)(lx->off - start);
}

static inline __attribute__((always_inline)) void
scan_word(struct zl_lexer *lx, struct zl_token *t)
{
	const unsigned char *buf = (const unsigned char *)lx->buf;
	size_t start = lx->off, off = start, len = lx->len;

	for (;;) {
		off = scan_word_end(buf, off, len);
		if (off >= len || buf[off] != '\\')
			break;
		t->flags |= ZL_TOKEN_ESCAPED;
		/* BIND rejects an escaped line end (LF or CR LF) outside
		 * quotes.  The word ends with its backslash, an invalid escape
		 * that the reader reports, and the line ends as without it. */
		if (off + 1 < len && (buf[off + 1] == '\n' || (buf[off + 1] == '\r' &&
		    (off + 2 == len || buf[off + 2] == '\n')))) {
			off++;
			break;
		}
		off = off + 2 < len ? off + 2 : len;
	}
	lx->off = off;
	t->text = lx->buf + start;
	t->len = (uint32_t)(off - start);
}

/* Handle a newline.  Return true when it ends a logical line that holds
 * tokens, so that the caller returns ZL_TOKEN_EOL; *error is set when an
 * open parenthesis turned out to be forgotten. */
static bool
take_newline(struct zl_lexer *lx, bool *error)
{
	lx->off++;
	lx->line++;
	lx->line_off = lx->off;
	*error = false;
	if (lx->depth > 0) {
		if (!paren_forgotten(lx))
			return false;
		lx->depth = 0;
		*error = true;
	}
	if (!lx->line_has_token)
		return false;
	lx->line_has_token = false;
	return true;
}

/* Read the next token in every case that zl_lexer_read() leaves to it. */
static __attribute__((noinline)) void
read_token(struct zl_lexer *lx, struct zl_token *t)
{
	bool error;

	if (lx->pending_eol) {
		lx->pending_eol = false;
		if (lx->line_has_token) {
			lx->line_has_token = false;
			*t = make_token(lx, ZL_TOKEN_EOL, lx->off);
			return;
		}
	}

	for (;;) {
		char c;

		if (lx->off >= lx->len) {
			if (lx->depth > 0) {
				lx->depth = 0;
				lx->pending_eol = true;
				*t = error_token(lx, ZL_LEX_PAREN_UNCLOSED, lx->paren);
				return;
			}
			if (lx->line_has_token) {
				lx->line_has_token = false;
				*t = make_token(lx, ZL_TOKEN_EOL, lx->len);
				return;
			}
			*t = make_token(lx, ZL_TOKEN_EOF, lx->len);
			return;
		}

		c = lx->buf[lx->off];
		if (is_blank(c)) {
			lx->off++;
			continue;
		}
		if (c == ';') {
			skip_comment(lx);
			continue;
		}
		if (c == '\n') {
			struct zl_pos paren = lx->paren;
			struct zl_pos newline = pos_at(lx, lx->off);

			if (take_newline(lx, &error)) {
				if (error) {
					lx->line_has_token = true;
					lx->pending_eol = true;
					*t = error_token(lx, ZL_LEX_PAREN_UNCLOSED, paren);
					return;
				}
				*t = make_token(lx, ZL_TOKEN_EOL, newline.off);
				t->pos = newline;
				t->end = newline;
				return;
			}
			continue;
		}
		if (c == '(') {
			struct zl_pos p = pos_at(lx, lx->off);

			/* Count nested parentheses so that the ')'s balance, but
			 * report only the first nesting of a record. */
			lx->off++;
			lx->depth++;
			if (lx->depth == 1)
				lx->paren = p;
			else if (lx->depth == 2) {
				*t = error_token(lx, ZL_LEX_PAREN_NESTED, p);
				return;
			}
			continue;
		}
		if (c == ')') {
			struct zl_pos p = pos_at(lx, lx->off);

			lx->off++;
			if (lx->depth == 0) {
				*t = error_token(lx, ZL_LEX_PAREN_UNOPENED, p);
				return;
			}
			lx->depth--;
			continue;
		}
		if (c == '\0') {
			struct zl_pos p = pos_at(lx, lx->off);

			lx->off++;
			*t = error_token(lx, ZL_LEX_NUL_BYTE, p);
			return;
		}
		break;
	}

	t->kind = lx->buf[lx->off] == '"' ? ZL_TOKEN_QSTRING : ZL_TOKEN_WORD;
	t->flags = 0;
	t->error = ZL_LEX_OK;
	t->pos = pos_at(lx, lx->off);
	if (!lx->line_has_token && lx->depth == 0 && t->pos.col == 1)
		t->flags |= ZL_TOKEN_LINE_START;
	if (lx->line_has_token && lx->prev_end == lx->off)
		t->flags |= ZL_TOKEN_TOUCHES;
	if (lx->depth > 0)
		t->flags |= ZL_TOKEN_IN_PARENS;
	if (t->kind == ZL_TOKEN_QSTRING)
		scan_qstring(lx, t);
	else
		scan_word(lx, t);
	/* A quoted string may run over escaped newlines. */
	if (lx->line == t->pos.line) {
		t->end = t->pos;
		t->end.col += (uint32_t)(lx->off - t->pos.off);
		t->end.off = (uint32_t)lx->off;
	} else {
		t->end = pos_at(lx, lx->off);
	}
	lx->line_has_token = true;
	lx->prev_end = lx->off;
}

/* Words and line ends outside parentheses are most of a zone, so they are
 * read here without the checks that only the other tokens need. */
void
zl_lexer_read(struct zl_lexer *lx, struct zl_token *t)
{
	const unsigned char *buf = (const unsigned char *)lx->buf;
	size_t off = lx->off, len = lx->len;
	unsigned char c;

	if (lx->pending_eol || lx->depth != 0) {
		read_token(lx, t);
		return;
	}
	while (off < len && is_blank((char)buf[off]))
		off++;
	lx->off = off;
	if (off >= len) {
		read_token(lx, t);
		return;
	}
	c = buf[off];
	if (c == '\n' && lx->line_has_token) {
		t->kind = ZL_TOKEN_EOL;
		t->flags = 0;
		t->error = ZL_LEX_OK;
		t->text = lx->buf + off;
		t->len = 0;
		t->pos = pos_at(lx, off);
		t->end = t->pos;
		lx->off = off + 1;
		lx->line++;
		lx->line_off = off + 1;
		lx->line_has_token = false;
		return;
	}
	if (word_stop[c]) {
		read_token(lx, t);
		return;
	}
	t->kind = ZL_TOKEN_WORD;
	t->flags = 0;
	t->error = ZL_LEX_OK;
	t->pos = pos_at(lx, off);
	if (!lx->line_has_token && t->pos.col == 1)
		t->flags |= ZL_TOKEN_LINE_START;
	if (lx->line_has_token && lx->prev_end == off)
		t->flags |= ZL_TOKEN_TOUCHES;
	scan_word(lx, t);
	t->end = t->pos;
	t->end.col += (uint32_t)(lx->off - off);
	t->end.off = (uint32_t)lx->off;
	lx->line_has_token = true;
	lx->prev_end = lx->off;
}

struct zl_token
zl_lexer_next(struct zl_lexer *lx)
{
	struct zl_token t;

	zl_lexer_read(lx, &t);
	return t;
}

void
zl_lexer_skip_line(struct zl_lexer *lx)
{
	for (;;) {
		struct zl_token t = zl_lexer_next(lx);

		if (t.kind == ZL_TOKEN_EOL || t.kind == ZL_TOKEN_EOF)
			return;
	}
}
