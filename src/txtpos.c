/* Positions of bytes of a TXT record's joined text in the zone file. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "txtpos.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "rdata.h"
#include "util.h"
#include "wordscan.h"

/* How far the reading of a record's tokens has come. */
enum read_stage {
	READ_RECORD_LINE,	/* the tokens of the record's own logical line */
	READ_CONTINUATION,	/* lines of quoted strings that the reader appended */
	READ_DONE		/* every token that belongs to the record was read */
};

/* The mapping of one record, kept for the next call about the same
 * record, because rules report many findings inside one policy.  It is
 * built only as far as the largest offset requested so far.  Most
 * findings point near the start of the text, and a DKIM key or a long
 * SPF policy can run on for hundreds of bytes after that point. */
struct zl_txtpos_cache {
	uint32_t record;	/* ZL_NONE while empty */
	uint32_t rdata;		/* the record's RDATA when the mapping was made */
	uint16_t rdata_len;
	bool repaired;		/* the record has ZL_REC_REPAIRED */
	struct zl_pos pos;	/* the record's position */
	struct zl_pos type_pos;	/* the fallback when it cannot be read again */

	/* Reading the written bytes of the RDATA tokens. */
	enum read_stage stage;
	struct zl_lexer lx;	/* stands after the last token read */
	bool type_found;	/* the type token was passed on the record's line */
	enum zl_token_kind line_end;	/* how the last line read ended */
	struct zl_token line[64];	/* a continuation line's tokens */
	size_t line_len, line_next;	/* tokens in line[], next one to decode */
	const char *token;	/* the token being decoded; NULL before the first */
	size_t token_len, token_next;	/* its length, next byte to decode */
	size_t token_base;	/* file offset of its first byte */
	bool any_byte;		/* a written byte was decoded */
	bool have_byte;		/* byte is decoded but not yet passed by the match */
	uint8_t byte;		/* the written byte the match stands at */
	size_t byte_off;	/* its file offset */
	size_t end_off;		/* just past the last string token read */

	/* Matching the joined text against the written bytes. */
	struct zl_strbuf text;	/* the joined text */
	size_t *at;		/* for each byte of the text matched so far, the
				 * file offset of its written byte */
	size_t at_cap;		/* entries allocated in at[] */
	size_t text_done;	/* bytes of the text with an entry in at[] */

	/* Line counting up to scan_off, resumed when offsets come in
	 * increasing order. */
	size_t scan_off, scan_line_start;
	uint32_t scan_line;
};

static int
digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* Take the next token of the record's own line whose bytes belong to the
 * RDATA, that is any token after the type. */
static bool
next_line_token(struct zl_txtpos_cache *c, struct zl_token *out)
{
	struct zl_token t;

	for (t = zl_lexer_next(&c->lx); t.kind != ZL_TOKEN_EOL && t.kind != ZL_TOKEN_EOF;
	    t = zl_lexer_next(&c->lx)) {
		if (t.kind == ZL_TOKEN_ERROR)
			continue;
		if (t.pos.off == c->type_pos.off) {
			c->type_found = true;
			continue;
		}
		if (c->type_found) {
			*out = t;
			return true;
		}
	}
	c->line_end = t.kind;
	return false;
}

/* Read the next line after the record into c->line[], and return whether
 * it contains quoted strings only.  Only such lines can be continuation
 * lines that the reader appended to the record. */
static bool
read_continuation_line(struct zl_txtpos_cache *c)
{
	struct zl_token t;
	size_t n = 0;
	bool strings_only = true;

	for (t = zl_lexer_next(&c->lx); t.kind != ZL_TOKEN_EOL && t.kind != ZL_TOKEN_EOF;
	    t = zl_lexer_next(&c->lx)) {
		if (t.kind != ZL_TOKEN_QSTRING || (n == 0 && (t.flags & ZL_TOKEN_LINE_START)))
			strings_only = false;
		if (n < sizeof(c->line) / sizeof(c->line[0]))
			c->line[n++] = t;
	}
	c->line_end = t.kind;
	c->line_len = n;
	c->line_next = 0;
	return n > 0 && strings_only;
}

/* Find the next token whose bytes belong to the record's text: the
 * tokens after the type on the record's logical line and, for a repaired
 * record, the quoted strings on the lines that the reader appended. */
static bool
next_token(struct zl_txtpos_cache *c, struct zl_token *out)
{
	for (;;) {
		switch (c->stage) {
		case READ_RECORD_LINE:
			if (next_line_token(c, out))
				return true;
			c->stage = c->type_found && c->repaired ? READ_CONTINUATION : READ_DONE;
			break;
		case READ_CONTINUATION:
			if (c->line_next < c->line_len) {
				*out = c->line[c->line_next++];
				return true;
			}
			if (c->line_end != ZL_TOKEN_EOL || !read_continuation_line(c))
				c->stage = READ_DONE;
			break;
		case READ_DONE:
			return false;
		}
	}
}

/* Decode the next written byte into c->byte, taking the next token when
 * the current one is used up.  A \DDD escape maps to its backslash.
 * Return false when the record has no more bytes. */
static bool
next_byte(struct zl_txtpos_cache *c)
{
	const char *s;
	size_t i;

	while (c->token_next >= c->token_len) {
		struct zl_token t;

		if (!next_token(c, &t))
			return false;
		c->token = t.text;
		c->token_len = t.len;
		c->token_next = 0;
		c->token_base = (size_t)(t.text - c->lx.buf);
		c->end_off = c->token_base + t.len;
	}

	s = c->token;
	i = c->token_next;
	c->byte = (uint8_t)s[i];
	c->byte_off = c->token_base + i;
	if (s[i] == '\\' && i + 1 < c->token_len) {
		if (i + 3 < c->token_len && digit(s[i + 1]) >= 0 &&
		    digit(s[i + 2]) >= 0 && digit(s[i + 3]) >= 0) {
			c->byte = (uint8_t)(digit(s[i + 1]) * 100 +
			    digit(s[i + 2]) * 10 + digit(s[i + 3]));
			i += 3;
		} else {
			c->byte = (uint8_t)s[i + 1];
			i++;
		}
	}
	c->token_next = i + 1;
	c->have_byte = true;
	c->any_byte = true;
	return true;
}

struct zl_txtpos_cache *
zl_txtpos_cache_new(void)
{
	struct zl_txtpos_cache *c = zl_xcalloc(1, sizeof(*c));

	c->record = ZL_NONE;
	zl_strbuf_init(&c->text);
	return c;
}

static void
cache_clear(struct zl_txtpos_cache *c)
{
	free(c->at);
	zl_strbuf_fini(&c->text);
	memset(c, 0, sizeof(*c));
	c->record = ZL_NONE;
}

void
zl_txtpos_cache_free(struct zl_txtpos_cache *c)
{
	if (c == NULL)
		return;
	cache_clear(c);
	free(c);
}

/* Start the mapping of record in c; nothing of the file is read yet. */
static void
cache_start(struct zl_txtpos_cache *c, const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];
	struct zl_pos at = zl_record_pos(g, r);
	const struct zl_file *f = &g->files[at.file];

	c->record = record;
	c->rdata = r->rdata;
	c->rdata_len = r->rdata_len;
	c->repaired = (r->flags & ZL_REC_REPAIRED) != 0;
	c->pos = at;
	c->type_pos = zl_record_type_pos(g, r);
	c->text.len = 0;
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &c->text);
	zl_grow((void **)&c->at, &c->at_cap, c->text.len > 0 ? c->text.len : 1, sizeof(*c->at));
	c->text_done = 0;
	c->any_byte = false;
	c->have_byte = false;
	c->end_off = 0;
	c->token = NULL;
	c->token_len = 0;
	c->token_next = 0;
	c->type_found = false;
	c->line_len = 0;
	c->line_next = 0;
	c->scan_off = at.off - (at.col - 1);
	c->scan_line_start = c->scan_off;
	c->scan_line = at.line;

	zl_graph_reread(g);
	if (f->data == NULL || at.off >= f->size) {
		c->stage = READ_DONE;
		return;
	}
	c->stage = READ_RECORD_LINE;
	zl_lexer_init(&c->lx, f->data, f->size, at.file, NULL);
	zl_lexer_seek(&c->lx, c->scan_off, at.line);
}

/* Walk the text and the written bytes side by side until text byte
 * `want` has its entry in at[] or the written bytes run out.  Written
 * bytes that are not in the text (a stray word, typographic quotes) are
 * skipped, and so are blanks in the text that were never written
 * (between unquoted words), which map to the next written byte. */
static void
match_until(struct zl_txtpos_cache *c, size_t want)
{
	const char *text = c->text.data;
	size_t i = c->text_done, end = want < c->text.len ? want + 1 : c->text.len;

	while (i < end) {
		if (!c->have_byte) {
			/* The common case first: plain bytes of the current
			 * token that are the next bytes of the text. */
			size_t k = c->token_next;

			while (i < end && k < c->token_len && c->token[k] != '\\' &&
			    c->token[k] == text[i])
				c->at[i++] = c->token_base + k++;
			c->token_next = k;
			if (i == end || !next_byte(c))
				break;
		}
		if ((uint8_t)text[i] == c->byte) {
			c->at[i++] = c->byte_off;
			c->have_byte = false;
		} else if (text[i] == ' ') {
			c->at[i++] = c->byte_off;
		} else {
			c->have_byte = false;
		}
	}
	c->text_done = i;
}

/* Return the file offset of the written byte at the match, or the end of
 * the last string when the match has passed every byte. */
static size_t
current_offset(struct zl_txtpos_cache *c)
{
	if (c->have_byte || next_byte(c))
		return c->byte_off;
	return c->end_off;
}

/* Return the position of file offset off, which lies in the record. */
static struct zl_pos
position_at(struct zl_txtpos_cache *c, const struct zl_graph *g, size_t off)
{
	const struct zl_file *f = &g->files[c->pos.file];
	size_t end = off < f->size ? off : f->size;
	struct zl_pos pos = c->pos;

	if (off < c->scan_off) {
		c->scan_off = c->pos.off - (c->pos.col - 1);
		c->scan_line_start = c->scan_off;
		c->scan_line = c->pos.line;
	}
	while (c->scan_off < end) {
		const char *nl = memchr(f->data + c->scan_off, '\n', end - c->scan_off);

		if (nl == NULL) {
			c->scan_off = end;
			break;
		}
		c->scan_line++;
		c->scan_off = (size_t)(nl - f->data) + 1;
		c->scan_line_start = c->scan_off;
	}
	pos.line = c->scan_line;
	pos.col = (uint32_t)(off - c->scan_line_start + 1);
	pos.off = (uint32_t)off;
	return pos;
}

/* Return the position of text byte text_offset of the record in c. */
static struct zl_pos
cache_lookup(struct zl_txtpos_cache *c, const struct zl_graph *g, size_t text_offset)
{
	size_t off;

	/* A record with no written bytes after its type cannot be mapped. */
	if (!c->any_byte && !next_byte(c))
		return c->type_pos;

	match_until(c, text_offset);
	if (text_offset < c->text_done)
		off = c->at[text_offset];
	else
		off = current_offset(c);	/* past the text, or past the written bytes */
	return position_at(c, g, off);
}

/* Whether zl_txt_position() may take plain_text_start(); tests turn it
 * off to compare it with the full reading. */
static bool plain_path = true;

void
zl_txtpos_set_plain_path(bool on)
{
	plain_path = on;
}

static bool
is_blank_byte(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Return the file offset of the first byte of the text of r when r is
 * written the plain way that most TXT records are, and set *len to the
 * length of the text.  Such a record was not repaired, its type is on
 * the record's line, and blanks and one quoted string without escapes
 * follow, whose bytes are the whole RDATA.  Each byte of the text is then
 * at that offset plus its own, so no lexer is needed.  Return SIZE_MAX
 * for any other record.  The reader marks most such records with
 * text_delta; the others, such as those of $GENERATE, are recognized by
 * reading the file.
 */
static size_t
plain_text_start(const struct zl_graph *g, const struct zl_record *r, size_t *len)
{
	const struct zl_file *f = &g->files[zl_record_pos(g, r).file];
	const uint8_t *rd = zl_graph_rdata(g, r);
	const char *data = f->data;
	size_t off, n;

	if ((r->flags & (ZL_REC_REPAIRED | ZL_REC_TYPE_APART | ZL_REC_BROKEN)) ||
	    r->rdata_len < 2 || rd[0] != r->rdata_len - 1)
		return SIZE_MAX;
	n = rd[0];
	off = (size_t)r->off + r->type_delta;

	/* The reader marked the record, so the file need not be read. */
	if (r->text_delta != 0) {
		*len = n;
		return off + r->text_delta;
	}
	if (data == NULL || off >= f->size)
		return SIZE_MAX;

	/* The type mnemonic, the blanks after it, the opening quote. */
	while (off < f->size && !is_blank_byte(data[off])) {
		if (data[off] == '"' || data[off] == '(' || data[off] == ';' || data[off] == '\n')
			return SIZE_MAX;
		off++;
	}
	while (off < f->size && is_blank_byte(data[off]))
		off++;
	if (off >= f->size || data[off] != '"' || f->size - off - 1 <= n)
		return SIZE_MAX;
	off++;

	/* The n bytes of the string contain no quote, escape or newline,
	 * and the closing quote follows them. */
	if (zl_find_any3((const unsigned char *)data, off, off + n, '"', '\\', '\n') != off + n ||
	    data[off + n] != '"')
		return SIZE_MAX;
	*len = n;
	return off;
}

static _Thread_local struct zl_txtpos_cache *thread_cache;

void
zl_txtpos_use_thread_cache(struct zl_txtpos_cache *c)
{
	thread_cache = c;
}

struct zl_pos
zl_txt_position(const struct zl_graph *g, uint32_t record, size_t text_offset)
{
	const struct zl_record *r = &g->records[record];
	struct zl_txtpos_cache local;
	struct zl_txtpos_cache *c = thread_cache != NULL ? thread_cache : g->txtpos;
	struct zl_pos pos;
	size_t start, n;

	if (plain_path && r->type == ZL_TYPE_TXT && (start = plain_text_start(g, r, &n)) != SIZE_MAX) {
		/* Past the end, the position is that of the closing quote. */
		uint32_t off = (uint32_t)(start + (text_offset < n ? text_offset : n));

		if (r->text_delta == 0)
			zl_graph_reread(g);
		pos = zl_record_pos(g, r);
		pos.col += off - pos.off;
		pos.off = off;
		return pos;
	}
	if (c == NULL) {
		memset(&local, 0, sizeof(local));
		local.record = ZL_NONE;
		zl_strbuf_init(&local.text);
		c = &local;
	}
	/* The reader may still add strings to a record while it loads. */
	if (c->record != record || c->rdata != r->rdata || c->rdata_len != r->rdata_len)
		cache_start(c, g, record);
	pos = cache_lookup(c, g, text_offset);
	if (c == &local)
		cache_clear(&local);
	return pos;
}

size_t
zl_txt_string_starts(const uint8_t *rdata, size_t len, size_t *starts, size_t max)
{
	size_t off = 0, text_off = 0, count = 0;

	while (off < len) {
		size_t n = rdata[off];

		if (off + 1 + n > len)
			n = len - off - 1;
		if (count < max)
			starts[count] = text_off;
		count++;
		text_off += n;
		off += n + 1;
	}
	return count;
}

enum zl_txt_served
zl_txt_served(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text)
{
	const struct zl_record *r = &g->records[record];
	struct zl_pos at = zl_record_pos(g, r);
	const struct zl_file *f = &g->files[at.file];
	struct zl_token *tokens = NULL;
	size_t ntokens = 0, cap = 0;
	struct zl_rdata *rd;
	struct zl_rdata_error err;
	struct zl_lexer lx;
	struct zl_token t;
	bool found = false, ok;

	if (!(r->flags & ZL_REC_REPAIRED) || (r->flags & ZL_REC_BROKEN))
		return ZL_TXT_SERVED_AS_STORED;
	for (size_t i = 0; i < g->nnotes; i++) {
		if (g->notes[i].record == record && (g->notes[i].kind == ZL_NOTE_TYPE_BEFORE_TXT ||
		    g->notes[i].kind == ZL_NOTE_TYPE_FOR_TXT))
			return ZL_TXT_SERVED_NOTHING;
	}
	if (f->data == NULL || at.off >= f->size)
		return ZL_TXT_SERVED_AS_STORED;

	/* The words after the type on the record's own logical line, each
	 * one character-string (RFC 1035 section 5.1).
	 * NOTE: BIND rejects the whole zone at a continuation line, so for
	 * such records this is only what the first line would publish. */
	zl_lexer_init(&lx, f->data, f->size, zl_record_pos(g, r).file, NULL);
	zl_lexer_seek(&lx, at.off - (at.col - 1), at.line);
	for (t = zl_lexer_next(&lx); t.kind != ZL_TOKEN_EOL && t.kind != ZL_TOKEN_EOF;
	    t = zl_lexer_next(&lx)) {
		if (t.kind == ZL_TOKEN_ERROR)
			continue;
		if (found)
			ZL_PUSH(tokens, ntokens, cap, t);
		else if (t.pos.off == zl_record_type_pos(g, r).off)
			found = true;
	}
	if (!found) {
		free(tokens);
		return ZL_TXT_SERVED_AS_STORED;
	}
	rd = zl_xcalloc(1, sizeof(*rd));
	ok = ntokens > 0 && zl_rdata_from_tokens(ZL_TYPE_TXT, tokens, ntokens, NULL, rd, &err);
	if (ok)
		zl_txt_join(rd->wire, rd->len, text);
	free(rd);
	free(tokens);
	return ok ? ZL_TXT_SERVED_TEXT : ZL_TXT_SERVED_NOTHING;
}
