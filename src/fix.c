/* Source edits that fix txt-misencoded findings whose meant text is
 * certain.  The zone reader leaves a note for each mistake (src/load.c).
 * This file reads the record's tokens again and turns the note into
 * replacements of source bytes. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "fix.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lexer.h"
#include "rdata.h"
#include "rrtype.h"
#include "util.h"

/* Records with more tokens get no fix. */
#define MAX_TOKENS 256

/* A character-string contains at most 255 bytes (RFC 1035 section 3.3). */
#define STRING_MAX 255

/* The typographic quotes that the zone reader takes for delimiters, in
 * UTF-8: “ ‘ „ ‚ « open and ” ’ “ » close.  Keep them equal to the lists
 * in src/load.c. */
static const char *const open_quotes[] = {
	"\xe2\x80\x9c", "\xe2\x80\x98", "\xe2\x80\x9e", "\xe2\x80\x9a", "\xc2\xab"
};
static const char *const close_quotes[] = {
	"\xe2\x80\x9d", "\xe2\x80\x99", "\xe2\x80\x9c", "\xc2\xbb"
};

/* The tokens of one record, read again from its source line. */
struct record_source {
	const struct zl_file *file;
	struct zl_token tokens[MAX_TOKENS];
	size_t len;
};

void
zl_edits_init(struct zl_edits *e)
{
	memset(e, 0, sizeof(*e));
}

void
zl_edits_fini(struct zl_edits *e)
{
	for (size_t i = 0; i < e->len; i++)
		free(e->items[i].text);
	free(e->items);
	zl_edits_init(e);
}

static void
add_edit(struct zl_edits *e, uint32_t file, size_t off, size_t len, char *text)
{
	struct zl_edit x = { file, (uint32_t)off, (uint32_t)len, text, 0 };

	ZL_PUSH(e->items, e->len, e->cap, x);
}

/* Read the tokens of record r up to the end of its logical line.  False
 * when the record cannot be read again as it was. */
static bool
read_record(const struct zl_graph *g, const struct zl_record *r, struct record_source *src)
{
	struct zl_pos at = zl_record_pos(g, r);
	struct zl_lexer lx;

	if (at.file >= g->nfiles || at.col == 0 || at.col - 1 > at.off ||
	    (r->flags & ZL_REC_GENERATED))
		return false;
	src->file = &g->files[at.file];
	src->len = 0;
	zl_lexer_init(&lx, src->file->data, src->file->size, at.file, NULL);
	zl_lexer_seek(&lx, at.off - (at.col - 1), at.line);
	for (;;) {
		struct zl_token t = zl_lexer_next(&lx);

		if (t.kind == ZL_TOKEN_EOL || t.kind == ZL_TOKEN_EOF)
			return src->len > 0;
		if (t.kind == ZL_TOKEN_ERROR || src->len == MAX_TOKENS)
			return false;
		src->tokens[src->len++] = t;
	}
}

/* The index of the token that starts at byte off, or SIZE_MAX. */
static size_t
token_at(const struct record_source *src, uint32_t off)
{
	for (size_t i = 0; i < src->len; i++) {
		if (src->tokens[i].pos.off == off)
			return i;
	}
	return SIZE_MAX;
}

/* Do the source bytes [from, to) hold only blanks, so that an edit over
 * them cannot remove a parenthesis, a comment or a line break? */
static bool
only_blanks(const struct zl_file *f, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		if (f->data[i] != ' ' && f->data[i] != '\t')
			return false;
	}
	return true;
}

static bool
has_prefix(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool
has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* "IN A TXT", "TXT IN "...": remove the word at pos and the blanks after
 * it, or before it when it ends its line. */
static bool
fix_stray_word(const struct zl_graph *g, const struct zl_note *n, struct zl_edits *out)
{
	const struct zl_file *f = &g->files[n->pos.file];
	size_t start = n->pos.off, end, len;

	if (n->word == NULL)
		return false;
	len = strlen(n->word);
	if (start + len > f->size || memcmp(f->data + start, n->word, len) != 0)
		return false;
	end = start + len;
	if (end < f->size && (f->data[end] == ' ' || f->data[end] == '\t')) {
		while (end < f->size && (f->data[end] == ' ' || f->data[end] == '\t'))
			end++;
	} else {
		while (start > 0 && (f->data[start - 1] == ' ' || f->data[start - 1] == '\t'))
			start--;
	}
	add_edit(out, n->pos.file, start, end - start, zl_xstrdup(""));
	return true;
}

/* Does the word look like a TTL ("3600", "1h30m") or a class ("IN")? */
static bool
word_is_ttl(const struct zl_token *t)
{
	uint32_t ttl;

	return t->kind == ZL_TOKEN_WORD && t->len > 0 && t->text[0] >= '0' &&
	    t->text[0] <= '9' && zl_ttl_from_text(t->text, t->len, &ttl);
}

static bool
word_is_class(const struct zl_token *t, uint16_t *rclass)
{
	return t->kind == ZL_TOKEN_WORD && zl_rrclass_from_text(t->text, t->len, rclass);
}

/* "TXT "..." 3600": move a TTL or class written after the data in front
 * of the type.  A repeat of the TTL or class already given is removed.
 * A different one leaves the meant value unclear, so nothing is fixed. */
static bool
fix_word_after_data(const struct zl_graph *g, const struct zl_note *n,
    const struct zl_record *r, struct zl_edits *out)
{
	struct record_source src;
	size_t first, type, head = 0;
	const struct zl_token *t;
	struct zl_strbuf moved;
	bool has_ttl = false, has_class = false;
	uint16_t rclass = 0, c;

	if (!read_record(g, r, &src))
		return false;
	t = src.tokens;
	first = token_at(&src, n->pos.off);
	type = token_at(&src, zl_record_type_pos(g, r).off);
	if (first == SIZE_MAX || type == SIZE_MAX || first <= type + 1 ||
	    t[first - 1].kind != ZL_TOKEN_QSTRING)
		return false;

	/* The fields between the owner and the type. */
	if (t[0].pos.col == 1)
		head = 1;
	for (size_t i = head; i < type; i++) {
		if (word_is_ttl(&t[i]))
			has_ttl = true;
		else if (word_is_class(&t[i], &rclass))
			has_class = true;
	}

	zl_strbuf_init(&moved);
	for (size_t i = first; i < src.len; i++) {
		bool repeat = false;

		if (!only_blanks(src.file, t[i - 1].end.off, t[i].pos.off))
			goto unclear;
		if (word_is_ttl(&t[i])) {
			if (has_ttl)
				goto unclear;
			has_ttl = true;
		} else if (word_is_class(&t[i], &c)) {
			repeat = has_class && c == rclass;
			if (has_class && !repeat)
				goto unclear;
			has_class = true;
		} else {
			goto unclear;
		}
		if (!repeat) {
			zl_strbuf_add(&moved, t[i].text, t[i].len);
			zl_strbuf_addc(&moved, ' ');
		}
	}
	if (moved.len > 0) {
		struct zl_pos at = zl_record_type_pos(g, r);

		add_edit(out, at.file, at.off, 0, zl_strbuf_detach(&moved));
	}
	add_edit(out, n->pos.file, t[first - 1].end.off,
	    t[src.len - 1].end.off - t[first - 1].end.off, zl_xstrdup(""));
	zl_strbuf_fini(&moved);
	return true;

unclear:
	zl_strbuf_fini(&moved);
	return false;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Return the length in source bytes of the character at text[i], the
 * inside of a quoted string with its escapes: a "\DDD" or "\X" escape,
 * or one UTF-8 character. */
static size_t
unit_len(const char *text, size_t len, size_t i)
{
	size_t n = 1;

	if (text[i] == '\\') {
		if (i + 3 < len && is_digit(text[i + 1]) && is_digit(text[i + 2]) &&
		    is_digit(text[i + 3]))
			return 4;
		return i + 1 < len ? 2 : 1;
	}
	while (i + n < len && ((unsigned char)text[i + n] & 0xc0) == 0x80)
		n++;
	return n;
}

/* Return the bytes on the wire of the character that unit_len() measured:
 * one for an escape, one per source byte otherwise. */
static size_t
unit_bytes(const char *text, size_t i, size_t n)
{
	return text[i] == '\\' ? 1 : n;
}

/* Append the inside of a quoted string (escapes kept) as one quoted
 * string, or as several when it encodes more than 255 bytes.  Verifiers
 * join the strings of a TXT record without a separator (RFC 7208 section
 * 3.3, RFC 6376 section 3.6.2.2), so a string may end anywhere but inside
 * an escape or a UTF-8 character.  It ends after a blank where it can, so
 * that no term of the policy is cut in two. */
static void
add_strings(struct zl_strbuf *sb, const char *text, size_t len)
{
	size_t start = 0, i = 0, bytes = 0;
	size_t blank = 0, blank_bytes = 0;	/* just after the last blank */

	zl_strbuf_addc(sb, '"');
	while (i < len) {
		size_t n = unit_len(text, len, i);
		size_t b = unit_bytes(text, i, n);

		if (bytes + b > STRING_MAX) {
			size_t end = i;

			if (blank > start && bytes - blank_bytes + b <= STRING_MAX)
				end = blank;
			zl_strbuf_add(sb, text + start, end - start);
			zl_strbuf_adds(sb, "\" \"");
			bytes = end == i ? 0 : bytes - blank_bytes;
			start = end;
		}
		bytes += b;
		i += n;
		if (text[i - n] == ' ') {
			blank = i;
			blank_bytes = bytes;
		}
	}
	zl_strbuf_add(sb, text + start, len - start);
	zl_strbuf_addc(sb, '"');
}

/* Append text to sb as the inside of a quoted string: '"' and '\' get a
 * backslash, because in a comment they had no special meaning. */
static void
add_quoted_literal(struct zl_strbuf *sb, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"' || text[i] == '\\')
			zl_strbuf_addc(sb, '\\');
		zl_strbuf_addc(sb, text[i]);
	}
}

/* Unquoted text, with or without typographic quotes around it: replace
 * the words by one quoted string of the meant text. */
static bool
fix_unquoted(const struct zl_graph *g, const struct zl_note *n,
    const struct zl_record *r, struct zl_edits *out)
{
	struct record_source src;
	size_t first, end;
	struct zl_strbuf text;

	if (n->meant == NULL || !read_record(g, r, &src))
		return false;
	first = token_at(&src, n->pos.off);
	if (first == SIZE_MAX)
		return false;
	for (size_t i = first; i < src.len; i++) {
		if (src.tokens[i].kind != ZL_TOKEN_WORD ||
		    (i > first && !only_blanks(src.file, src.tokens[i - 1].end.off,
		    src.tokens[i].pos.off)))
			return false;
	}
	end = src.tokens[src.len - 1].end.off;

	/* The words keep their escapes, which mean the same inside quotes,
	 * and a word cannot hold a bare '"'. */
	zl_strbuf_init(&text);
	add_strings(&text, n->meant, strlen(n->meant));
	add_edit(out, n->pos.file, src.tokens[first].pos.off, end - src.tokens[first].pos.off,
	    zl_strbuf_detach(&text));
	return true;
}

/* "TXT v=DMARC1; p=reject": quote the words and the comment that the
 * unquoted ';' started, up to the end of the line. */
static bool
fix_unquoted_semicolon(const struct zl_graph *g, const struct zl_note *n,
    const struct zl_record *r, struct zl_edits *out)
{
	struct record_source src;
	const struct zl_file *f = &g->files[n->pos.file];
	size_t type, first, end;
	struct zl_strbuf inside, text;

	if (!read_record(g, r, &src))
		return false;
	type = token_at(&src, zl_record_type_pos(g, r).off);
	if (type == SIZE_MAX || type + 1 >= src.len ||
	    src.tokens[src.len - 1].end.off > n->pos.off ||
	    !only_blanks(f, src.tokens[src.len - 1].end.off, n->pos.off))
		return false;
	first = type + 1;

	/* The comment runs to the end of the line, less trailing blanks. */
	end = n->pos.off + 1;
	while (end < f->size && f->data[end] != '\n')
		end++;
	while (end > n->pos.off + 1 && (f->data[end - 1] == ' ' || f->data[end - 1] == '\t' ||
	    f->data[end - 1] == '\r'))
		end--;

	zl_strbuf_init(&inside);
	for (size_t i = first; i < src.len; i++) {
		const struct zl_token *t = &src.tokens[i];

		if (t->kind != ZL_TOKEN_WORD || (i > first &&
		    !only_blanks(f, src.tokens[i - 1].end.off, t->pos.off))) {
			zl_strbuf_fini(&inside);
			return false;
		}
		if (i > first)
			zl_strbuf_addc(&inside, ' ');
		zl_strbuf_add(&inside, t->text, t->len);
	}
	zl_strbuf_addc(&inside, ';');
	add_quoted_literal(&inside, f->data + n->pos.off + 1, end - n->pos.off - 1);
	zl_strbuf_init(&text);
	add_strings(&text, inside.data, inside.len);
	zl_strbuf_fini(&inside);
	add_edit(out, n->pos.file, src.tokens[first].pos.off,
	    end - src.tokens[first].pos.off, zl_strbuf_detach(&text));
	return true;
}

static size_t
open_quote_len(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(open_quotes) / sizeof(open_quotes[0]); i++) {
		if (has_prefix(s, len, open_quotes[i]))
			return strlen(open_quotes[i]);
	}
	return 0;
}

static size_t
close_quote_len(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(close_quotes) / sizeof(close_quotes[0]); i++) {
		if (has_suffix(s, len, close_quotes[i]))
			return strlen(close_quotes[i]);
	}
	return 0;
}

/* "“v=spf1 -all”" and "\"v=spf1 -all\"": remove the wrapping quotes from
 * inside the first and the last quoted string. */
static bool
fix_wrapped_text(const struct zl_graph *g, const struct zl_note *n,
    const struct zl_record *r, struct zl_edits *out)
{
	struct record_source src;
	size_t first, last = SIZE_MAX, front, back;
	const struct zl_token *a, *b;

	if (!read_record(g, r, &src))
		return false;
	first = token_at(&src, n->pos.off);
	for (size_t i = first; first != SIZE_MAX && i < src.len; i++) {
		if (src.tokens[i].kind == ZL_TOKEN_QSTRING)
			last = i;
	}
	if (first == SIZE_MAX || last == SIZE_MAX || src.tokens[first].kind != ZL_TOKEN_QSTRING)
		return false;
	a = &src.tokens[first];
	b = &src.tokens[last];
	if (n->kind == ZL_NOTE_ESCAPED_QUOTES) {
		if (!has_prefix(a->text, a->len, "\\\"") || !has_suffix(b->text, b->len, "\\\"") ||
		    has_suffix(b->text, b->len, "\\\\\""))
			return false;
		front = back = 2;
	} else {
		front = open_quote_len(a->text, a->len);
		back = close_quote_len(b->text, b->len);
	}
	if (front == 0 || back == 0 || (a == b && a->len < front + back))
		return false;

	/* A quoted token's text starts one byte after its opening quote
	 * and ends one byte before its closing quote. */
	add_edit(out, n->pos.file, a->pos.off + 1, front, zl_xstrdup(""));
	add_edit(out, n->pos.file, b->end.off - 1 - back, back, zl_xstrdup(""));
	return true;
}

/* Replace the note's word with the meant text: "A 192 0 2 1" with the
 * address written with dots, or the type of IN A "v=spf1 -all" with TXT. */
static bool
fix_replace_word(const struct zl_graph *g, const struct zl_note *n, struct zl_edits *out)
{
	const struct zl_file *f = &g->files[n->pos.file];
	size_t len;

	if (n->word == NULL || n->meant == NULL)
		return false;
	len = strlen(n->word);
	if (n->pos.off + len > f->size || memcmp(f->data + n->pos.off, n->word, len) != 0)
		return false;
	add_edit(out, n->pos.file, n->pos.off, len, zl_xstrdup(n->meant));
	return true;
}

/* Return the end of the last token on the line that starts with the token
 * at pos, or 0 when the line cannot be read again. */
static uint32_t
line_end(const struct zl_graph *g, struct zl_pos pos)
{
	const struct zl_file *f = &g->files[pos.file];
	struct zl_lexer lx;
	uint32_t end = 0;

	if (pos.col == 0 || pos.col - 1 > pos.off)
		return 0;
	zl_lexer_init(&lx, f->data, f->size, pos.file, NULL);
	zl_lexer_seek(&lx, pos.off - (pos.col - 1), pos.line);
	for (;;) {
		struct zl_token t = zl_lexer_next(&lx);

		if (t.kind == ZL_TOKEN_EOL || t.kind == ZL_TOKEN_EOF)
			return end;
		if (t.kind == ZL_TOKEN_ERROR)
			return 0;
		end = t.end.off;
	}
}

/* The place of a note or a finding.  Sorted arrays of places let each
 * lookup take a binary search, so that a zone with many notes costs
 * n log n. */
struct place {
	uint32_t record;	/* the note's record; 0 for findings */
	uint32_t file, off;
	size_t index;		/* in the graph's notes or the findings */
};

static int
cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->record != y->record)
		return x->record < y->record ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* Return the index of the first place in p (sorted) that is not before
 * (record, file, off). */
static size_t
first_place(const struct place *p, size_t n, uint32_t record, uint32_t file, uint32_t off)
{
	const struct place key = { record, file, off, 0 };
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_place(&p[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The continuation notes, by record and place, and the txt-misencoded
 * findings, by place. */
struct fix_index {
	struct place *continuations;
	size_t ncontinuations;
	struct place *findings;
	size_t nfindings;
};

/* Return whether a continuation note of record r in file starts at off. */
static bool
continuation_at(const struct fix_index *ix, uint32_t r, uint32_t file, uint32_t off)
{
	size_t i = first_place(ix->continuations, ix->ncontinuations, r, file, off);
	const struct place *p;

	if (i == ix->ncontinuations)
		return false;
	p = &ix->continuations[i];
	return p->record == r && p->file == file && p->off == off;
}

/* Return whether another continuation note of n's record follows n. */
static bool
continuation_after(const struct fix_index *ix, const struct zl_note *n)
{
	size_t i = first_place(ix->continuations, ix->ncontinuations, n->record,
	    n->pos.file, n->pos.off + 1);
	const struct place *p;

	if (i == ix->ncontinuations)
		return false;
	p = &ix->continuations[i];
	return p->record == n->record && p->file == n->pos.file;
}

/* Return whether each line after the record in src, up to the byte end,
 * is blank, a comment, or strings that a continuation note of the record
 * starts.  The reader skips an invalid line such as '"mx " bogus' and
 * adds the strings below it to the record all the same, but parentheses
 * would pull that line into the record too. */
static bool
only_continuations(const struct fix_index *ix, const struct zl_note *n,
    const struct record_source *src, uint32_t end)
{
	struct zl_pos at = src->tokens[0].pos;
	struct zl_lexer lx;
	bool past_record = false, line_start = false;

	if (at.col == 0 || at.col - 1 > at.off)
		return false;
	zl_lexer_init(&lx, src->file->data, src->file->size, n->pos.file, NULL);
	zl_lexer_seek(&lx, at.off - (at.col - 1), at.line);
	for (;;) {
		struct zl_token t = zl_lexer_next(&lx);

		if (t.kind == ZL_TOKEN_EOF || t.pos.off >= end)
			return true;
		if (t.kind == ZL_TOKEN_ERROR)
			return false;
		if (t.kind == ZL_TOKEN_EOL) {
			past_record = line_start = true;
			continue;
		}
		if (!past_record)
			continue;
		if (t.kind != ZL_TOKEN_QSTRING || (t.flags & ZL_TOKEN_IN_PARENS) ||
		    (line_start && !continuation_at(ix, n->record, n->pos.file, t.pos.off)))
			return false;
		line_start = false;
	}
}

/* Quoted strings on lines of their own after a TXT record: put '(' before
 * the record's first string and ')' after the last continued string.  The
 * record's last continuation note makes both edits, so that the other
 * notes of the record, which the same parentheses fix, add none. */
static bool
fix_continuation(const struct zl_graph *g, const struct fix_index *ix,
    const struct zl_note *n, const struct zl_record *r, struct zl_edits *out)
{
	struct record_source src;
	size_t type;
	uint32_t end;

	if (continuation_after(ix, n) || !read_record(g, r, &src) || src.file != &g->files[n->pos.file])
		return false;
	type = token_at(&src, zl_record_type_pos(g, r).off);
	if (type == SIZE_MAX || type + 1 >= src.len)
		return false;

	/* Only strings after the type, and no parenthesis yet. */
	for (size_t i = type + 1; i < src.len; i++) {
		if (src.tokens[i].kind != ZL_TOKEN_QSTRING ||
		    (src.tokens[i].flags & ZL_TOKEN_IN_PARENS))
			return false;
	}
	end = line_end(g, n->pos);
	if (end == 0 || end <= src.tokens[src.len - 1].end.off ||
	    !only_continuations(ix, n, &src, end))
		return false;
	add_edit(out, n->pos.file, src.tokens[type + 1].pos.off, 0, zl_xstrdup("( "));
	add_edit(out, n->pos.file, end, 0, zl_xstrdup(" )"));
	return true;
}

/* Turn one note into its edits, appended to out; false when the fix is
 * not certain, with out unchanged. */
static bool
fix_note(const struct zl_graph *g, const struct fix_index *ix, const struct zl_note *n,
    struct zl_edits *out)
{
	const struct zl_record *r = &g->records[n->record];

	switch (n->kind) {
	case ZL_NOTE_TYPE_BEFORE_TXT:
	case ZL_NOTE_WORD_AFTER_TYPE:
		return fix_stray_word(g, n, out);
	case ZL_NOTE_WORD_AFTER_DATA:
		return fix_word_after_data(g, n, r, out);
	case ZL_NOTE_UNQUOTED_WORDS:
		return fix_unquoted(g, n, r, out);
	case ZL_NOTE_UNQUOTED_SEMICOLON:
		return fix_unquoted_semicolon(g, n, r, out);
	case ZL_NOTE_SMART_QUOTES:
		if (n->meant != NULL)
			return fix_unquoted(g, n, r, out);
		return fix_wrapped_text(g, n, r, out);
	case ZL_NOTE_ESCAPED_QUOTES:
		return fix_wrapped_text(g, n, r, out);
	case ZL_NOTE_ADDRESS_SPACES:
	case ZL_NOTE_TYPE_FOR_TXT:
		return fix_replace_word(g, n, out);
	case ZL_NOTE_CONTINUATION:
		return fix_continuation(g, ix, n, r, out);
	case ZL_NOTE_ADJACENT_STRINGS:
		return false;
	}
	return false;
}

/* The index of the first txt-misencoded finding made from the note in
 * this run, or SIZE_MAX when there is none. */
static size_t
finding_of(const struct fix_index *ix, const struct zl_note *n)
{
	size_t i = first_place(ix->findings, ix->nfindings, 0, n->pos.file, n->pos.off);
	const struct place *p;

	if (i == ix->nfindings)
		return SIZE_MAX;
	p = &ix->findings[i];
	if (p->file == n->pos.file && p->off == n->pos.off)
		return p->index;
	return SIZE_MAX;
}

static void
index_init(struct fix_index *ix, const struct zl_graph *g, const struct zl_diags *d)
{
	size_t cap = 0;

	memset(ix, 0, sizeof(*ix));
	for (size_t i = 0; i < g->nnotes; i++) {
		const struct zl_note *n = &g->notes[i];
		struct place p = { n->record, n->pos.file, n->pos.off, i };

		if (n->kind == ZL_NOTE_CONTINUATION)
			ZL_PUSH(ix->continuations, ix->ncontinuations, cap, p);
	}
	cap = 0;
	for (size_t i = 0; i < d->len; i++) {
		const struct zl_diag *x = &d->items[i];
		struct place p = { 0, x->pos.file, x->pos.off, i };

		if (strcmp(x->rule->id, "txt-misencoded") == 0)
			ZL_PUSH(ix->findings, ix->nfindings, cap, p);
	}
	if (ix->ncontinuations > 1)
		qsort(ix->continuations, ix->ncontinuations, sizeof(*ix->continuations), cmp_place);
	if (ix->nfindings > 1)
		qsort(ix->findings, ix->nfindings, sizeof(*ix->findings), cmp_place);
}

static int
cmp_edit(const void *a, const void *b)
{
	const struct zl_edit *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->len > y->len) - (x->len < y->len);
}

/* Return the index of the first edit in kept (sorted by cmp_edit()) that
 * does not come before file and off. */
static size_t
first_edit(const struct zl_edits *kept, uint32_t file, uint32_t off)
{
	size_t lo = 0, hi = kept->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct zl_edit *k = &kept->items[mid];

		if (k->file < file || (k->file == file && k->off < off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does the edit overlap an edit already kept?  Two edits at the same
 * offset count as overlapping, because their order would be a guess.
 * The kept edits do not overlap each other, so only the one before e and
 * the one at or after it can. */
static bool
overlaps(const struct zl_edits *kept, const struct zl_edit *e)
{
	size_t i = first_edit(kept, e->file, e->off);
	const struct zl_edit *after = i < kept->len ? &kept->items[i] : NULL;
	const struct zl_edit *before = i > 0 ? &kept->items[i - 1] : NULL;

	if (after != NULL && after->file == e->file &&
	    (after->off == e->off || after->off < e->off + e->len))
		return true;
	return before != NULL && before->file == e->file && e->off < before->off + before->len;
}

/* Add e to kept at its place in cmp_edit() order; edits come mostly in
 * file order, so the move is short. */
static void
keep_edit(struct zl_edits *kept, struct zl_edit e)
{
	size_t i = first_edit(kept, e.file, e.off);

	if (kept->len == kept->cap)
		zl_grow((void **)&kept->items, &kept->cap, kept->len + 1, sizeof(*kept->items));
	memmove(kept->items + i + 1, kept->items + i, (kept->len - i) * sizeof(*kept->items));
	kept->items[i] = e;
	kept->len++;
}

void
zl_fixes_collect(const struct zl_graph *g, const struct zl_diags *d, struct zl_edits *out)
{
	struct zl_edits group;
	struct fix_index ix;

	index_init(&ix, g, d);
	zl_edits_init(&group);
	if (out->len > 1)
		qsort(out->items, out->len, sizeof(*out->items), cmp_edit);
	for (size_t i = 0; i < g->nnotes; i++) {
		const struct zl_note *n = &g->notes[i];
		size_t finding;
		bool clash = false;

		if (n->record == ZL_NONE || n->pos.file >= g->nfiles)
			continue;
		finding = finding_of(&ix, n);
		if (finding == SIZE_MAX || !fix_note(g, &ix, n, &group))
			continue;

		/* Keep all of a note's edits or none of them. */
		for (size_t k = 0; k < group.len && !clash; k++)
			clash = overlaps(out, &group.items[k]);
		for (size_t k = 0; k < group.len; k++) {
			group.items[k].diag = finding;
			if (clash)
				free(group.items[k].text);
			else
				keep_edit(out, group.items[k]);
		}
		group.len = 0;
	}
	zl_edits_fini(&group);
	free(ix.continuations);
	free(ix.findings);
}
