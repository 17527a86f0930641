/* Positions of bytes of a TXT record's joined text in the zone file. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "txtpos.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "rdata.h"
#include "util.h"

/* One decoded byte of the RDATA tokens and the file offset it came from. */
struct src_byte {
	uint8_t byte;
	size_t off;
};

struct src_bytes {
	struct src_byte *items;	/* owned */
	size_t len, cap;
	size_t end_off;		/* just past the last string token */
};

static int
digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : -1;
}

/* Decode one token, keeping the file offset of each byte.  A \DDD escape
 * maps to its backslash. */
static void
add_token(struct src_bytes *sb, const char *buf, const struct zl_token *t)
{
	size_t base = (size_t)(t->text - buf);

	for (size_t i = 0; i < t->len; i++) {
		struct src_byte b = { (uint8_t)t->text[i], base + i };

		if (t->text[i] == '\\' && i + 1 < t->len) {
			if (i + 3 < t->len && digit(t->text[i + 1]) >= 0 &&
			    digit(t->text[i + 2]) >= 0 && digit(t->text[i + 3]) >= 0) {
				b.byte = (uint8_t)(digit(t->text[i + 1]) * 100 +
				    digit(t->text[i + 2]) * 10 + digit(t->text[i + 3]));
				i += 3;
			} else {
				b.byte = (uint8_t)t->text[i + 1];
				i++;
			}
		}
		ZL_PUSH(sb->items, sb->len, sb->cap, b);
	}
	sb->end_off = base + t->len;
}

/* Read the tokens after the type of record r, and the quoted strings on
 * the lines that the reader added to it as continuation lines. */
static bool
read_rdata_tokens(const struct zl_graph *g, const struct zl_record *r,
    struct src_bytes *sb)
{
	const struct zl_file *f = &g->files[r->pos.file];
	struct zl_lexer lx;
	struct zl_token t;
	bool found = false;

	if (f->data == NULL || r->pos.off >= f->size)
		return false;
	zl_lexer_init(&lx, f->data, f->size, r->pos.file, NULL);
	zl_lexer_seek(&lx, r->pos.off - (r->pos.col - 1), r->pos.line);

	/* The record's own logical line. */
	for (t = zl_lexer_next(&lx); t.kind != ZL_TOKEN_EOL && t.kind != ZL_TOKEN_EOF;
	    t = zl_lexer_next(&lx)) {
		if (t.kind == ZL_TOKEN_ERROR)
			continue;
		if (t.pos.off == zl_record_type_pos(g, r).off) {
			found = true;
			continue;
		}
		if (found)
			add_token(sb, f->data, &t);
	}
	if (!found || !(r->flags & ZL_REC_REPAIRED))
		return found;

	/* Lines of quoted strings only, which the reader appended. */
	while (t.kind == ZL_TOKEN_EOL) {
		struct zl_token line[64];
		size_t n = 0;
		bool strings_only = true;

		for (t = zl_lexer_next(&lx); t.kind != ZL_TOKEN_EOL && t.kind != ZL_TOKEN_EOF;
		    t = zl_lexer_next(&lx)) {
			if (t.kind != ZL_TOKEN_QSTRING || (n == 0 && (t.flags & ZL_TOKEN_LINE_START)))
				strings_only = false;
			if (n < sizeof(line) / sizeof(line[0]))
				line[n++] = t;
		}
		if (n == 0 || !strings_only)
			break;
		for (size_t i = 0; i < n; i++)
			add_token(sb, f->data, &line[i]);
	}
	return true;
}

/* The mapping of one record, kept for the next call about the same
 * record: rules report many findings inside one policy, and building the
 * mapping reads the whole record. */
struct zl_txtpos_cache {
	uint32_t record;	/* ZL_NONE while empty */
	uint32_t rdata;		/* the record's RDATA when the mapping was made */
	uint16_t rdata_len;
	bool readable;		/* the record could be read again */
	struct zl_pos type_pos;	/* the fallback when it could not */
	size_t *at;		/* for each byte of the joined text, the index of
				 * its written byte in pos[] */
	size_t text_len;
	struct zl_pos *pos;	/* position of each written byte, then of the
				 * byte just past the last string */
	size_t fallback;	/* index in pos[] for offsets past the text */
	size_t at_cap, pos_cap;	/* entries allocated in at[] and pos[] */
	struct src_bytes sb;	/* the written bytes; kept to be reused */
	struct zl_strbuf text;	/* the joined text; kept to be reused */
};

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
	free(c->pos);
	free(c->sb.items);
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

/* Fill pos[] with the line and column of each written byte.  The offsets
 * only grow, so one pass from the start of r's line counts the lines. */
static void
fill_positions(const struct zl_graph *g, const struct zl_record *r,
    const struct src_bytes *sb, struct zl_pos *pos)
{
	const struct zl_file *f = &g->files[r->pos.file];
	size_t line_start = r->pos.off - (r->pos.col - 1), scanned = line_start;
	uint32_t line = r->pos.line;

	for (size_t k = 0; k <= sb->len; k++) {
		size_t off = k < sb->len ? sb->items[k].off : sb->end_off;

		for (; scanned < off && scanned < f->size; scanned++) {
			if (f->data[scanned] == '\n') {
				line++;
				line_start = scanned + 1;
			}
		}
		pos[k] = r->pos;
		pos[k].line = line;
		pos[k].col = (uint32_t)(off - line_start + 1);
		pos[k].off = (uint32_t)off;
	}
}

/* Build the mapping of record into c. */
static void
cache_fill(struct zl_txtpos_cache *c, const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];
	struct src_bytes sb = c->sb;
	struct zl_strbuf text = c->text;
	size_t i = 0, j = 0;

	c->record = record;
	c->rdata = r->rdata;
	c->rdata_len = r->rdata_len;
	c->type_pos = zl_record_type_pos(g, r);
	c->text_len = 0;
	sb.len = 0;
	sb.end_off = 0;
	text.len = 0;
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &text);
	zl_graph_reread(g);
	c->readable = read_rdata_tokens(g, r, &sb) && sb.len > 0;
	if (!c->readable)
		goto done;
	zl_grow((void **)&c->pos, &c->pos_cap, sb.len + 1, sizeof(*c->pos));
	fill_positions(g, r, &sb, c->pos);
	c->text_len = text.len;
	zl_grow((void **)&c->at, &c->at_cap, text.len > 0 ? text.len : 1, sizeof(*c->at));

	/* Walk the text and the written bytes side by side.  Written bytes
	 * that are not in the text (a stray word, typographic quotes) are
	 * skipped, and so are blanks in the text that were never written
	 * (between unquoted words), which map to the next written byte. */
	while (i < text.len && j < sb.len) {
		if ((uint8_t)text.data[i] == sb.items[j].byte) {
			c->at[i++] = j++;
		} else if (text.data[i] == ' ') {
			c->at[i++] = j;
		} else {
			j++;
		}
	}
	c->fallback = j < sb.len ? j : sb.len;
	while (i < text.len)
		c->at[i++] = c->fallback;

done:
	c->sb = sb;
	c->text = text;
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

	if (c == NULL) {
		memset(&local, 0, sizeof(local));
		local.record = ZL_NONE;
		zl_strbuf_init(&local.text);
		c = &local;
	}
	/* The reader may still add strings to a record while it loads. */
	if (c->record != record || c->rdata != r->rdata || c->rdata_len != r->rdata_len)
		cache_fill(c, g, record);
	if (!c->readable)
		pos = c->type_pos;
	else
		pos = c->pos[text_offset < c->text_len ? c->at[text_offset] : c->fallback];
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
	const struct zl_file *f = &g->files[r->pos.file];
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
		if (g->notes[i].record == record && g->notes[i].kind == ZL_NOTE_TYPE_BEFORE_TXT)
			return ZL_TXT_SERVED_NOTHING;
	}
	if (f->data == NULL || r->pos.off >= f->size)
		return ZL_TXT_SERVED_AS_STORED;

	/* The words after the type on the record's own logical line, each
	 * one character-string (RFC 1035 section 5.1).
	 * NOTE: BIND rejects the whole zone at a continuation line, so for
	 * such records this is only what the first line would publish. */
	zl_lexer_init(&lx, f->data, f->size, r->pos.file, NULL);
	zl_lexer_seek(&lx, r->pos.off - (r->pos.col - 1), r->pos.line);
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
