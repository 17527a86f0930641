/* Tokenizer for DNS master files (RFC 1035 section 5.1, as BIND reads them). */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_LEXER_H
#define ZL_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pos.h"

enum zl_token_kind {
	ZL_TOKEN_WORD,		/* unquoted text; escapes kept as written */
	ZL_TOKEN_QSTRING,	/* quoted string; text excludes the quotes */
	ZL_TOKEN_EOL,		/* end of a logical line (parentheses join lines) */
	ZL_TOKEN_EOF,
	ZL_TOKEN_ERROR		/* a lexical error; see zl_token.error */
};

enum zl_lex_error {
	ZL_LEX_OK,
	ZL_LEX_PAREN_UNCLOSED,	/* '(' never closed; pos is the '(' */
	ZL_LEX_PAREN_UNOPENED,	/* ')' without '(' */
	ZL_LEX_PAREN_NESTED,	/* '(' inside '(', reported once per record */
	ZL_LEX_NUL_BYTE		/* a NUL byte, which no server accepts */
};

/* Token flags. */
#define ZL_TOKEN_LINE_START	0x01u	/* first token of a logical line, at column 1 */
#define ZL_TOKEN_TOUCHES	0x02u	/* no blank between it and the previous token */
#define ZL_TOKEN_UNTERMINATED	0x04u	/* a quoted string cut by the end of the line */
#define ZL_TOKEN_ESCAPED	0x08u	/* contains a backslash escape */
#define ZL_TOKEN_IN_PARENS	0x10u	/* inside parentheses */

struct zl_token {
	enum zl_token_kind kind;
	unsigned flags;
	enum zl_lex_error error;	/* for ZL_TOKEN_ERROR */
	const char *text;	/* points into the input buffer; not NUL-terminated */
	uint32_t len;
	struct zl_pos pos;	/* first byte of the token (the quote of a string) */
	struct zl_pos end;	/* one past the last byte (after the closing quote) */
};

/* A comment seen by the lexer: the text after ';' up to the end of line. */
struct zl_comment {
	const char *text;	/* points into the input buffer, after the ';' */
	uint32_t len;
	struct zl_pos pos;	/* the ';' */
};

/* The lexer works on one buffer in memory and allocates nothing. */
struct zl_lexer {
	const char *buf;
	size_t len;
	size_t off;
	uint32_t file;
	uint32_t line;
	size_t line_off;	/* offset of the first byte of the current line */
	int depth;		/* parenthesis depth; above 1 is an error */
	struct zl_pos paren;	/* where the open parenthesis is */
	bool line_has_token;	/* a token was returned on this logical line */
	bool pending_eol;	/* an error token was returned before an EOL */
	size_t prev_end;	/* offset just past the previous token */
	struct zl_comment comment;	/* the latest comment */
	bool (*looks_like_record)(const char *line, size_t len);
};

/* Start reading buf, which stays owned by the caller and must outlive the
 * lexer and its tokens.  A UTF-8 byte-order mark at the start is skipped.
 * looks_like_record, when not NULL, is asked about each line that starts
 * at column 1 inside parentheses: if it says the line is a new record,
 * the parenthesis is reported as unclosed and the record ends there. */
void zl_lexer_init(struct zl_lexer *lx, const char *buf, size_t len, uint32_t file,
    bool (*looks_like_record)(const char *line, size_t len));

/* Start reading at byte offset off, which must be the first byte of a
 * line, with line number line.  Used to read one record again. */
void zl_lexer_seek(struct zl_lexer *lx, size_t off, uint32_t line);

/* Return the next token.  After ZL_TOKEN_EOF every call returns EOF. */
struct zl_token zl_lexer_next(struct zl_lexer *lx);

/* The same, stored in *t, which saves copying the token where the caller
 * keeps it in an array. */
void zl_lexer_read(struct zl_lexer *lx, struct zl_token *t);

/* Skip the rest of the current logical line, so that the next token is the
 * first one of the following line.  Used to resume after an error. */
void zl_lexer_skip_line(struct zl_lexer *lx);

#endif
