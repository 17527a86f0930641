/* Positions of bytes of a TXT record's joined text in the zone file. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "txtpos.h"

#include <stdbool.h>
#include <stdlib.h>

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

/* Line and column of file offset off, counted from the start of r's line. */
static struct zl_pos
pos_of(const struct zl_graph *g, const struct zl_record *r, size_t off)
{
	const struct zl_file *f = &g->files[r->pos.file];
	struct zl_pos p = r->pos;
	size_t line_start = r->pos.off - (r->pos.col - 1);

	for (size_t i = line_start; i < off && i < f->size; i++) {
		if (f->data[i] == '\n') {
			p.line++;
			line_start = i + 1;
		}
	}
	p.col = (uint32_t)(off - line_start + 1);
	p.off = (uint32_t)off;
	return p;
}

struct zl_pos
zl_txt_position(const struct zl_graph *g, uint32_t record, size_t text_offset)
{
	const struct zl_record *r = &g->records[record];
	struct src_bytes sb = { NULL, 0, 0, 0 };
	struct zl_strbuf text;
	struct zl_pos pos = zl_record_type_pos(g, r);
	size_t i = 0, j = 0;

	zl_strbuf_init(&text);
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &text);
	if (!read_rdata_tokens(g, r, &sb) || sb.len == 0)
		goto done;

	/* Walk the text and the written bytes side by side.  Written bytes
	 * that are not in the text (a stray word, typographic quotes) are
	 * skipped, and so are blanks in the text that were never written
	 * (between unquoted words). */
	while (i < text.len && j < sb.len) {
		if ((uint8_t)text.data[i] == sb.items[j].byte) {
			if (i == text_offset) {
				pos = pos_of(g, r, sb.items[j].off);
				goto done;
			}
			i++;
			j++;
		} else if (text.data[i] == ' ') {
			if (i == text_offset) {
				pos = pos_of(g, r, sb.items[j].off);
				goto done;
			}
			i++;
		} else {
			j++;
		}
	}
	pos = pos_of(g, r, j < sb.len ? sb.items[j].off : sb.end_off);

done:
	free(sb.items);
	zl_strbuf_fini(&text);
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
