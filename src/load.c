/* Reading zone files into the graph: directives, records, $INCLUDE, $GENERATE. */
/* SPDX-License-Identifier: BSD-3-Clause */
/* memrchr() */
#define _GNU_SOURCE
#include "load.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ldns/ldns.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "infile.h"
#include "lexer.h"
#include "name.h"
#include "rdata.h"
#include "rrtype.h"
#include "tagval.h"
#include "util.h"

/* Streams (pipes, devices) are read up to this size; regular files are
 * mapped and may reach 4 GiB, the limit of the 32-bit offsets in zl_pos. */
#define STREAM_MAX ((size_t)1 << 30)

/* Fields of one record; RDATA is at most 65535 bytes, so a record with
 * more fields cannot be valid, and the cap bounds the token buffer. */
#define MAX_LINE_TOKENS 65536

/* Read pages of a mapped zone file are released in steps of this size. */
#define RELEASE_STEP ((size_t)2 << 20)

/* Bytes of a zone file per distinct name, used to size the name table
 * before reading.  Zones of many hosts have about 100, the root zone with
 * its DNSSEC records about 160.  The larger value guesses too few names
 * for most zones, and more names only grow the table again.  A file with
 * far fewer names, mostly comments or long texts, gets a table larger
 * than it needs: up to about 13% of the file's size. */
#define BYTES_PER_NAME 160

struct include_id {
	dev_t dev;
	ino_t ino;
};

struct half;

struct parser {
	struct zl_graph *g;
	struct zl_diags *diags;
	const struct zl_load_options *opt;
	uint32_t zone;
	uint32_t file;			/* the file being read */
	struct zl_lexer *lx;		/* its lexer */
	uint8_t origin[ZL_NAME_MAX];	/* current $ORIGIN, wire form */
	uint32_t origin_id;		/* its name id, or ZL_NONE until "@" needs it */
	bool origin_relative;		/* it came from a relative name, reported */
	uint32_t owner;			/* owner of the previous record, or ZL_NONE */
	const char *owner_text;		/* how that owner was written; NULL after $ORIGIN */
	uint32_t owner_len;
	bool have_default_ttl;		/* a $TTL was read */
	uint32_t default_ttl;
	bool have_last_ttl;		/* a record had a TTL of its own */
	uint32_t last_ttl;
	uint32_t last_txt;		/* the previous record when it is TXT, else ZL_NONE */
	struct zl_token *toks;		/* tokens of the current logical line */
	size_t ntoks, toks_cap;
	struct zl_token *fixed;		/* RDATA tokens as they were most likely meant */
	size_t fixed_cap;
	struct zl_strbuf meant;		/* text that fixed tokens point into */
	struct zl_rdata *rd;		/* conversion buffer */
	struct include_id stack[64];	/* files being read, for loop detection */
	unsigned depth;
	bool over_limit;		/* max_records was reached and reported */
	size_t syntax_errors;		/* zone-syntax findings so far */
	bool unopened_reported;		/* a ')' without '(' was reported ... */
	struct zl_pos last_unopened;	/* ... here */
	struct half *half;		/* the second part of a split file that this
					 * parser reads, else NULL; see read_half() */
	bool ttl_deferred;		/* that part has no $TTL yet, so a record
					 * without a TTL takes the first part's default */
};

/* A note of the current record, kept until the record has an id. */
struct pending_note {
	enum zl_note_kind kind;
	struct zl_pos pos;
	char *word;
	char *meant;
	uint16_t type;
};

struct record_notes {
	struct pending_note items[4];
	size_t len;
};

static void defer_ttl(struct parser *p, uint32_t record);

void
zl_load_options_init(struct zl_load_options *opt)
{
	opt->origin = NULL;
	opt->max_include_depth = ZL_MAX_INCLUDE_DEPTH;
	opt->max_generate = ZL_MAX_GENERATE;
	opt->max_records = ZL_MAX_RECORDS;
	opt->include_root = NULL;
	opt->include_root_fd = -1;
	opt->max_syntax_errors = ZL_MAX_SYNTAX_ERRORS;
	opt->include_dir = NULL;
	opt->threads = 1;
	opt->split_min_size = ZL_SPLIT_MIN_SIZE;
}

static void
syntax_error(struct parser *p, struct zl_pos pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static struct zl_diag *
report(struct parser *p, const struct zl_rule *rule, enum zl_severity sev,
    struct zl_pos pos, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Count a zone-syntax finding; false once the zone has more than
 * max_syntax_errors, after reporting that the rest are left out.  A file
 * of one error per byte would otherwise take memory many times its size. */
static bool
count_syntax_error(struct parser *p, struct zl_pos pos)
{
	if (p->syntax_errors > p->opt->max_syntax_errors)
		return false;
	if (p->syntax_errors++ < p->opt->max_syntax_errors)
		return true;
	zl_diag_emit(p->diags, &zl_rule_zone_syntax, ZL_ERROR, pos, ZL_NONE, 0,
	    _("more than %zu syntax errors in this zone: the rest are not reported"),
	    p->opt->max_syntax_errors);
	return false;
}

static struct zl_diag *
report(struct parser *p, const struct zl_rule *rule, enum zl_severity sev,
    struct zl_pos pos, const char *fmt, ...)
{
	struct zl_diag *d;
	va_list ap;

	if (rule == &zl_rule_zone_syntax && !count_syntax_error(p, pos))
		return NULL;
	va_start(ap, fmt);
	d = zl_diag_vemit(p->diags, rule, sev, pos, ZL_NONE, 0, fmt, ap);
	va_end(ap);
	return d;
}

static void
syntax_error(struct parser *p, struct zl_pos pos, const char *fmt, ...)
{
	va_list ap;

	if (!count_syntax_error(p, pos))
		return;
	va_start(ap, fmt);
	zl_diag_vemit(p->diags, &zl_rule_zone_syntax, ZL_ERROR, pos, ZL_NONE, 0, fmt, ap);
	va_end(ap);
}

static char *
token_text(const struct zl_token *t)
{
	return zl_xstrndup(t->text, t->len);
}

static const char *
name_error_text(enum zl_name_error e)
{
	switch (e) {
	case ZL_NAME_OK: return "";
	case ZL_NAME_EMPTY_LABEL: return _("empty label");
	case ZL_NAME_LABEL_TOO_LONG: return _("label longer than 63 octets");
	case ZL_NAME_TOO_LONG: return _("name longer than 255 octets");
	case ZL_NAME_BAD_ESCAPE: return _("invalid escape sequence");
	}
	return "";
}

/* ------------------------------------------------------------------ */
/* Files */

/* Add the file open on fd to the file table under path, and close fd.
 * Returns the file id, or ZL_NONE with *why filled in; with regular_only
 * set, a file that is not regular is not read.  *id receives the device
 * and inode. */
static uint32_t
add_file(struct zl_graph *g, int fd, const char *path, uint32_t zone, uint32_t parent,
    struct zl_pos at, bool regular_only, struct include_id *id, struct zl_infile_failure *why)
{
	struct zl_file f;
	struct stat st;

	memset(&f, 0, sizeof(f));
	memset(why, 0, sizeof(*why));
	if (fstat(fd, &st) != 0)
		goto fail;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto fail;
	}
	if (regular_only && !S_ISREG(st.st_mode)) {
		why->problem = ZL_INFILE_NOT_REGULAR;
		close(fd);
		return ZL_NONE;
	}
	if (S_ISREG(st.st_mode)) {
		if ((uint64_t)st.st_size >= UINT32_MAX) {
			errno = EFBIG;
			goto fail;
		}
		f.size = (size_t)st.st_size;
		if (f.size == 0) {
			f.data = zl_xcalloc(1, 1);
		} else {
			void *m = mmap(NULL, f.size, PROT_READ, MAP_PRIVATE, fd, 0);

			if (m == MAP_FAILED)
				goto fail;
			f.data = m;
			f.mapped = true;
		}
	} else {
		char *data;

		/* A pipe may carry a NUL byte inside a quoted string, which
		 * BIND loads, so only a device stops at the first one. */
		if (!zl_infile_read_stream(fd, STREAM_MAX, S_ISCHR(st.st_mode), &data,
		    &f.size, why)) {
			close(fd);
			return ZL_NONE;
		}
		f.data = data;
	}
	close(fd);
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	f.path = zl_xstrdup(path);
	f.zone = zone;
	f.parent = parent;
	f.included_at = at;
	ZL_PUSH(g->files, g->nfiles, g->files_cap, f);
	return (uint32_t)(g->nfiles - 1);

fail:
	why->problem = ZL_INFILE_ERRNO;
	why->error = errno;
	close(fd);
	return ZL_NONE;
}

/* Remove the file that add_file() added last, for an $INCLUDE that is
 * not read after all, so that the file table lists only files read. */
static void
close_last_file(struct zl_graph *g)
{
	struct zl_file *f = &g->files[g->nfiles - 1];

	if (f->mapped)
		munmap((void *)f->data, f->size);
	else
		free((void *)f->data);
	free(f->path);
	g->nfiles--;
}

/* ------------------------------------------------------------------ */
/* Names and small token tests */

/* Make wire the current origin. */
static void
set_origin(struct parser *p, const uint8_t *wire)
{
	memcpy(p->origin, wire, zl_name_len(wire));
	p->origin_id = ZL_NONE;
}

/* Convert the name written at t to wire form in wire, with "@" for the
 * origin.  Return false after reporting the error. */
static bool
name_of_token(struct parser *p, const struct zl_token *t, uint8_t wire[ZL_NAME_MAX],
    size_t *len, bool *relative)
{
	size_t err_off;
	enum zl_name_error e;
	struct zl_diag *d;

	*relative = false;
	if (t->kind != ZL_TOKEN_WORD) {
		syntax_error(p, t->pos, _("a domain name cannot be a quoted string"));
		return false;
	}
	if (t->len == 1 && t->text[0] == '@') {
		*len = zl_name_len(p->origin);
		memcpy(wire, p->origin, *len);
		return true;
	}
	e = zl_name_from_text(t->text, t->len, p->origin, wire, len, relative, &err_off);
	if (e != ZL_NAME_OK) {
		struct zl_pos pos = t->pos;

		pos.col += (uint32_t)err_off;
		pos.off += (uint32_t)err_off;
		d = report(p, &zl_rule_zone_syntax, ZL_ERROR, pos,
		    _("invalid domain name '%.*s': %s"),
		    (int)(t->len > 80 ? 80 : t->len), t->text, name_error_text(e));
		if (e == ZL_NAME_EMPTY_LABEL)
			zl_diag_hint(d, _("remove the '.' that has no label before it; the root name alone is written '.'"));
		return false;
	}
	return true;
}

/* Read the name of a directive; "@" is the origin.  Return the name id,
 * or ZL_NONE after reporting the error. */
static uint32_t
read_name(struct parser *p, const struct zl_token *t, uint8_t *wire_out, bool *relative)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len;
	bool rel;

	if (!name_of_token(p, t, wire, &len, &rel))
		return ZL_NONE;
	if (wire_out != NULL)
		memcpy(wire_out, wire, len);
	if (relative != NULL)
		*relative = rel;
	/* The origin's id is kept until the origin changes. */
	if (t->len == 1 && t->text[0] == '@') {
		if (p->origin_id == ZL_NONE)
			p->origin_id = zl_graph_intern(p->g, p->origin);
		return p->origin_id;
	}
	return zl_graph_intern(p->g, wire);
}

static bool
is_word(const struct zl_token *t)
{
	return t->kind == ZL_TOKEN_WORD;
}

static bool
word_is_ttl(const struct zl_token *t, uint32_t *ttl)
{
	uint32_t v;

	if (!is_word(t) || t->len == 0 || t->text[0] < '0' || t->text[0] > '9')
		return false;
	if (!zl_ttl_from_text(t->text, t->len, &v))
		return false;
	if (ttl != NULL)
		*ttl = v;
	return true;
}

static bool
word_is_digits(const struct zl_token *t)
{
	if (!is_word(t) || t->len == 0)
		return false;
	for (uint32_t k = 0; k < t->len; k++) {
		if (t->text[k] < '0' || t->text[k] > '9')
			return false;
	}
	return true;
}

static bool
word_is_class(const struct zl_token *t, uint16_t *rclass)
{
	uint16_t c;

	if (!is_word(t) || !zl_rrclass_from_text(t->text, t->len, &c))
		return false;
	if (rclass != NULL)
		*rclass = c;
	return true;
}

static bool
word_is_type(const struct zl_token *t, uint16_t *type)
{
	uint16_t v;

	if (!is_word(t) || !zl_rrtype_from_text(t->text, t->len, &v))
		return false;
	if (type != NULL)
		*type = v;
	return true;
}

/* Return whether the line that starts with t adds no record by itself:
 * $TTL and $ORIGIN add none, and the lines of an $INCLUDEd file meet
 * --max-records one by one.  A zone of exactly that many records that
 * ends with such a line is then read whole. */
static bool
adds_no_record(const struct zl_token *t)
{
	return t->kind == ZL_TOKEN_WORD &&
	    (zl_ascii_casecmp_n(t->text, t->len, "$TTL") == 0 ||
	    zl_ascii_casecmp_n(t->text, t->len, "$ORIGIN") == 0 ||
	    zl_ascii_casecmp_n(t->text, t->len, "$INCLUDE") == 0);
}

/* Return whether the zone has --max-records records, so that no more are
 * read, after reporting it once at pos and marking the zone as cut off. */
static bool
at_record_limit(struct parser *p, struct zl_pos pos)
{
	if (p->g->zones[p->zone].record_count < p->opt->max_records)
		return false;
	if (!p->over_limit)
		syntax_error(p, pos, _("more than %zu records: the rest of the zone is not read (see --max-records)"),
		    p->opt->max_records);
	p->over_limit = true;
	p->g->zones[p->zone].flags |= ZL_ZONE_TRUNCATED;
	return true;
}

/* Used by the lexer: does a line that starts at column 1 read like a new
 * record, "name [ttl] [class] type ..."? */
static bool
line_looks_like_record(const char *line, size_t len)
{
	struct zl_lexer lx;
	struct zl_token t;
	int words = 0;

	if (len > 0 && line[0] == '$')
		return true;
	zl_lexer_init(&lx, line, len, 0, NULL);
	while (words < 4) {
		uint16_t v;

		t = zl_lexer_next(&lx);
		if (t.kind != ZL_TOKEN_WORD)
			return false;
		if (words == 0) {
			/* A number at column 1 is a field of the open record. */
			if (t.text[0] >= '0' && t.text[0] <= '9')
				return false;
		} else if (zl_rrtype_from_text(t.text, t.len, &v) ||
		    zl_rrclass_from_text(t.text, t.len, &v)) {
			return true;
		}
		words++;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* Misencoded text records */

static bool
starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

static bool
ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Typographic quotes in UTF-8: “ ” ‘ ’ „ ‚ « » */
static const char *const open_quotes[] = {
	"\xe2\x80\x9c", "\xe2\x80\x98", "\xe2\x80\x9e", "\xe2\x80\x9a", "\xc2\xab"
};
static const char *const close_quotes[] = {
	"\xe2\x80\x9d", "\xe2\x80\x99", "\xe2\x80\x9c", "\xc2\xbb"
};

static size_t
open_quote_len(const char *s, size_t len)
{
	/* Each of them starts with 0xe2 or 0xc2. */
	if (len == 0 || (s[0] != '\xe2' && s[0] != '\xc2'))
		return 0;
	for (size_t i = 0; i < sizeof(open_quotes) / sizeof(open_quotes[0]); i++) {
		if (starts_with(s, len, open_quotes[i]))
			return strlen(open_quotes[i]);
	}
	return 0;
}

static size_t
close_quote_len(const char *s, size_t len)
{
	/* Each of them ends in a byte above 0x7f. */
	if (len == 0 || !(s[len - 1] & 0x80))
		return 0;
	for (size_t i = 0; i < sizeof(close_quotes) / sizeof(close_quotes[0]); i++) {
		if (ends_with(s, len, close_quotes[i]))
			return strlen(close_quotes[i]);
	}
	return 0;
}

static void
add_note(struct record_notes *notes, enum zl_note_kind kind, struct zl_pos pos,
    char *word, char *meant, uint16_t type)
{
	struct pending_note *n;

	if (notes->len == sizeof(notes->items) / sizeof(notes->items[0])) {
		free(word);
		free(meant);
		return;
	}
	n = &notes->items[notes->len++];
	n->kind = kind;
	n->pos = pos;
	n->word = word;
	n->meant = meant;
	n->type = type;
}

/* Make p->fixed hold the meant text as quoted-string tokens of at most 255
 * bytes each, all at position pos. */
static size_t
fix_as_strings(struct parser *p, const char *text, size_t len, struct zl_pos pos)
{
	size_t n = 0, off = 0;

	p->meant.len = 0;
	zl_strbuf_add(&p->meant, text, len);
	while (off < len || n == 0) {
		size_t chunk = len - off > 255 ? 255 : len - off;
		struct zl_token t;

		/* Do not cut an escape sequence in two. */
		for (size_t k = 1; k <= 3 && chunk == 255 && k < chunk; k++) {
			if (p->meant.data[off + chunk - k] == '\\') {
				chunk -= k;
				break;
			}
		}
		memset(&t, 0, sizeof(t));
		t.kind = ZL_TOKEN_QSTRING;
		t.text = p->meant.data + off;
		t.len = (uint32_t)chunk;
		if (memchr(t.text, '\\', chunk) != NULL)
			t.flags |= ZL_TOKEN_ESCAPED;
		t.pos = pos;
		t.end = pos;
		zl_grow((void **)&p->fixed, &p->fixed_cap, n + 1, sizeof(*p->fixed));
		p->fixed[n++] = t;
		off += chunk;
		if (chunk == 0)
			break;
	}
	return n;
}

/* Join the text of words with single blanks into a new string. */
static char *
join_words(const struct zl_token *rd, size_t n, size_t skip_front, size_t skip_back)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		const char *s = rd[i].text;
		size_t len = rd[i].len;

		if (i == 0) {
			s += skip_front;
			len -= skip_front;
		}
		if (i == n - 1)
			len -= len >= skip_back ? skip_back : len;
		if (i > 0)
			zl_strbuf_addc(&sb, ' ');
		zl_strbuf_add(&sb, s, len);
	}
	return zl_strbuf_detach(&sb);
}

/* Does the comment right after the last word continue tag=value text, as
 * in "TXT v=DMARC1; p=reject"? */
static bool
comment_continues_tags(const struct zl_lexer *lx, const struct zl_token *last)
{
	const struct zl_comment *c = &lx->comment;
	size_t i = 0;

	if (c->text == NULL || c->pos.line != last->end.line || c->pos.off < last->end.off)
		return false;
	while (i < c->len && (c->text[i] == ' ' || c->text[i] == '\t'))
		i++;
	if (i >= c->len || !((c->text[i] >= 'a' && c->text[i] <= 'z') ||
	    (c->text[i] >= 'A' && c->text[i] <= 'Z')))
		return false;
	while (i < c->len && ((c->text[i] >= 'a' && c->text[i] <= 'z') ||
	    (c->text[i] >= 'A' && c->text[i] <= 'Z') || (c->text[i] >= '0' && c->text[i] <= '9') ||
	    c->text[i] == '_'))
		i++;
	while (i < c->len && (c->text[i] == ' ' || c->text[i] == '\t'))
		i++;
	return i < c->len && c->text[i] == '=';
}

/* Look at the RDATA tokens of a TXT record for the ways text is commonly
 * written wrongly.  Records each finding as a note, and points *rd and *n
 * at the tokens as they were most likely meant. */
static void
check_txt(struct parser *p, const struct zl_token **rd, size_t *n,
    struct record_notes *notes)
{
	const struct zl_token *t = *rd;
	size_t count = *n, quoted = 0, last_quoted = SIZE_MAX;

	for (size_t i = 0; i < count; i++) {
		if (t[i].kind == ZL_TOKEN_QSTRING) {
			quoted++;
			last_quoted = i;
		}
	}

	/* A type or class word before the strings: "TXT A "...", "TXT IN "...". */
	if (count >= 2 && quoted > 0 && (word_is_type(&t[0], NULL) || word_is_class(&t[0], NULL))) {
		add_note(notes, ZL_NOTE_WORD_AFTER_TYPE, t[0].pos, token_text(&t[0]), NULL, 0);
		t++;
		count--;
		last_quoted--;
	}

	/* A TTL or class after the strings: "TXT "..." 3600". */
	if (quoted > 0 && last_quoted + 1 < count) {
		bool all = true;

		for (size_t i = last_quoted + 1; i < count; i++)
			all = all && (word_is_ttl(&t[i], NULL) || word_is_class(&t[i], NULL));
		if (all) {
			add_note(notes, ZL_NOTE_WORD_AFTER_DATA, t[last_quoted + 1].pos,
			    token_text(&t[last_quoted + 1]), NULL, 0);
			count = last_quoted + 1;
		}
	}

	if (quoted == 0 && count > 0) {
		size_t front = open_quote_len(t[0].text, t[0].len);
		size_t back = close_quote_len(t[count - 1].text, t[count - 1].len);
		char *meant = NULL;
		enum zl_note_kind kind;
		struct zl_pos pos = t[0].pos;

		if (front > 0 || back > 0) {
			kind = ZL_NOTE_SMART_QUOTES;
			meant = join_words(t, count, front, back);
		} else if (comment_continues_tags(p->lx, &t[count - 1])) {
			struct zl_strbuf sb;
			const struct zl_comment *c = &p->lx->comment;
			size_t clen = c->len;

			while (clen > 0 && (c->text[clen - 1] == ' ' || c->text[clen - 1] == '\t' ||
			    c->text[clen - 1] == '\r'))
				clen--;
			kind = ZL_NOTE_UNQUOTED_SEMICOLON;
			pos = c->pos;
			zl_strbuf_init(&sb);
			meant = join_words(t, count, 0, 0);
			zl_strbuf_adds(&sb, meant);
			free(meant);
			zl_strbuf_addc(&sb, ';');
			zl_strbuf_add(&sb, c->text, clen);
			meant = zl_strbuf_detach(&sb);
		} else if (count > 1) {
			kind = ZL_NOTE_UNQUOTED_WORDS;
			meant = join_words(t, count, 0, 0);
		}
		if (meant != NULL) {
			char *word = join_words(t, count, 0, 0);

			*n = fix_as_strings(p, meant, strlen(meant), pos);
			*rd = p->fixed;
			add_note(notes, kind, pos, word, meant, 0);
			return;
		}
	}

	/* Text wrapped in escaped or typographic quotes inside the strings. */
	if (quoted == count && count > 0) {
		const struct zl_token *first = &t[0], *last = &t[count - 1];
		size_t front = 0, back = 0;
		enum zl_note_kind kind = ZL_NOTE_ESCAPED_QUOTES;

		if (starts_with(first->text, first->len, "\\\"") &&
		    ends_with(last->text, last->len, "\\\"") &&
		    !ends_with(last->text, last->len, "\\\\\"")) {
			front = back = 2;
		} else {
			front = open_quote_len(first->text, first->len);
			back = close_quote_len(last->text, last->len);
			kind = ZL_NOTE_SMART_QUOTES;
		}
		if (front > 0 && back > 0 && (count > 1 || first->len >= front + back)) {
			zl_grow((void **)&p->fixed, &p->fixed_cap, count, sizeof(*p->fixed));
			memcpy(p->fixed, t, count * sizeof(*t));
			p->fixed[0].text += front;
			p->fixed[0].len -= (uint32_t)front;
			p->fixed[count - 1].len -= (uint32_t)back;
			add_note(notes, kind, first->pos, zl_xstrndup(first->text, first->len),
			    NULL, 0);
			*rd = p->fixed;
			*n = count;
			return;
		}
	}
	*rd = t;
	*n = count;
}

/* Return whether the first field of rd starts with the version tag of
 * an SPF, DMARC, DKIM, MTA-STS, TLS-RPT or BIMI record, quoted or not. */
static bool
starts_mail_text(const struct zl_token *rd, size_t n)
{
	static const char *const tags[] = {
		"v=spf1", "v=DMARC1", "v=DKIM1", "v=STSv1", "v=TLSRPTv1", "v=BIMI1"
	};

	/* Most records come here, so the common "v=" is tested first. */
	if (n == 0 || (rd[0].kind != ZL_TOKEN_WORD && rd[0].kind != ZL_TOKEN_QSTRING) ||
	    rd[0].len < 6 || (rd[0].text[0] != 'v' && rd[0].text[0] != 'V') || rd[0].text[1] != '=')
		return false;
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		size_t len = strlen(tags[i]);

		if (rd[0].len >= len && zl_ascii_casecmp_n(rd[0].text, len, tags[i]) == 0)
			return true;
	}
	return false;
}

/* "A 192 0 2 1": an address written with blanks for dots. */
static void
check_address(struct parser *p, const struct zl_token **rd, size_t *n,
    struct record_notes *notes)
{
	const struct zl_token *t = *rd;
	char buf[32];
	int len = 0;

	if (*n != 4)
		return;
	for (size_t i = 0; i < 4; i++) {
		unsigned v = 0;

		if (!is_word(&t[i]) || t[i].len == 0 || t[i].len > 3)
			return;
		for (size_t k = 0; k < t[i].len; k++) {
			if (t[i].text[k] < '0' || t[i].text[k] > '9')
				return;
			v = v * 10 + (unsigned)(t[i].text[k] - '0');
		}
		if (v > 255)
			return;
		len += snprintf(buf + len, sizeof(buf) - (size_t)len, "%s%u", i ? "." : "", v);
	}
	p->meant.len = 0;
	zl_strbuf_add(&p->meant, buf, (size_t)len);
	zl_grow((void **)&p->fixed, &p->fixed_cap, 1, sizeof(*p->fixed));
	p->fixed[0] = t[0];
	p->fixed[0].text = p->meant.data;
	p->fixed[0].len = (uint32_t)len;
	add_note(notes, ZL_NOTE_ADDRESS_SPACES, t[0].pos,
	    zl_xstrndup(t[0].text, t[3].end.off - t[0].pos.off), zl_xstrdup(buf), 0);
	*rd = p->fixed;
	*n = 1;
}

/* ------------------------------------------------------------------ */
/* Records */

static enum zl_ref_kind
ref_kind(uint16_t type, unsigned field)
{
	switch (type) {
	case ZL_TYPE_NS: return ZL_REF_NS;
	case ZL_TYPE_MX: return ZL_REF_MX;
	case ZL_TYPE_CNAME: return ZL_REF_CNAME;
	case ZL_TYPE_DNAME: return ZL_REF_DNAME;
	case ZL_TYPE_SRV: return ZL_REF_SRV;
	case ZL_TYPE_PTR: return ZL_REF_PTR;
	case ZL_TYPE_SOA: return field == 0 ? ZL_REF_SOA_MNAME : ZL_REF_SOA_RNAME;
	default: return ZL_REF_OTHER;
	}
}

/* Return whether the word t ends in a backslash that escapes nothing, as
 * the lexer leaves one before a line end. */
static bool
ends_in_lone_backslash(const struct zl_token *t)
{
	size_t n = 0;

	while (n < t->len && t->text[t->len - 1 - n] == '\\')
		n++;
	return t->kind == ZL_TOKEN_WORD && n % 2 == 1;
}

/* The fields of the data of a common type, as RFC 1035 and the RFC of the
 * type name them, and an example; NULL for other types. */
static const char *
rdata_layout(uint16_t type, const char **example)
{
	switch (type) {
	case ZL_TYPE_NS:
		*example = "ns1.example.com.";
		return "DOMAIN-NAME";
	case ZL_TYPE_CNAME:
		*example = "www.example.com.";
		return "DOMAIN-NAME";
	case ZL_TYPE_PTR:
		*example = "host.example.com.";
		return "DOMAIN-NAME";
	case ZL_TYPE_MX:
		*example = "10 mail.example.com.";
		return "PREFERENCE EXCHANGE";
	case ZL_TYPE_SOA:
		*example = "ns1.example.com. hostmaster.example.com. 2026120601 7200 3600 1209600 3600";
		return "MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM";
	case ZL_TYPE_SRV:
		*example = "10 5 5060 sip.example.com.";
		return "PRIORITY WEIGHT PORT TARGET";
	case ZL_TYPE_CAA:
		*example = "0 issue \"letsencrypt.org\"";
		return "FLAGS TAG VALUE";
	case ZL_TYPE_DS:
	case LDNS_RR_TYPE_CDS:
		*example = "12345 13 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766";
		return "KEY-TAG ALGORITHM DIGEST-TYPE DIGEST";
	case LDNS_RR_TYPE_SSHFP:
		*example = "4 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766";
		return "ALGORITHM FP-TYPE FINGERPRINT";
	case LDNS_RR_TYPE_TLSA:
		*example = "3 1 1 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766";
		return "USAGE SELECTOR MATCHING-TYPE CERTIFICATE-ASSOCIATION-DATA";
	case LDNS_RR_TYPE_NAPTR:
		*example = "100 10 \"U\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .";
		return "ORDER PREFERENCE FLAGS SERVICES REGEXP REPLACEMENT";
	case LDNS_RR_TYPE_HINFO:
		*example = "\"x86_64\" \"Linux\"";
		return "CPU OS";
	default:
		return NULL;
	}
}

/* Return 4 when t is an IPv4 address, 6 when it is an IPv6 address, and
 * 0 otherwise. */
static int
address_family_of(const struct zl_token *t)
{
	char buf[64];
	uint8_t addr[16];

	if (t->kind != ZL_TOKEN_WORD || t->len == 0 || t->len >= sizeof(buf))
		return 0;
	memcpy(buf, t->text, t->len);
	buf[t->len] = '\0';
	if (inet_pton(AF_INET, buf, addr) == 1)
		return 4;
	return inet_pton(AF_INET6, buf, addr) == 1 ? 6 : 0;
}

/* Return whether t looks like a host name: a word with a letter that is
 * no class, type or TTL. */
static bool
looks_like_host(const struct zl_token *t)
{
	uint32_t ttl;
	bool letter = false;

	if (t->kind != ZL_TOKEN_WORD || word_is_class(t, NULL) || word_is_type(t, NULL) ||
	    word_is_ttl(t, &ttl))
		return false;
	for (size_t i = 0; i < t->len; i++) {
		char ch = t->text[i];

		if (ch == ';')
			return false;
		letter = letter || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
	}
	return letter;
}

/* Return the type of a record of its own that t, left over after the data
 * of a record of one field, would make: another address for A and AAAA,
 * of either family, or another name for NS and PTR.  Returns 0 when t is
 * no such value. */
static uint16_t
second_value_type(uint16_t type, const struct zl_token *t)
{
	int family = address_family_of(t);

	switch (type) {
	case ZL_TYPE_A:
	case ZL_TYPE_AAAA:
		if (family == 4)
			return ZL_TYPE_A;
		return family == 6 ? ZL_TYPE_AAAA : 0;
	case ZL_TYPE_NS:
	case ZL_TYPE_PTR:
		return family == 0 && looks_like_host(t) ? type : 0;
	default:
		return 0;
	}
}

static void
report_rdata_error(struct parser *p, uint16_t type, const struct zl_token *rd,
    size_t n, const struct zl_token *type_tok, const struct zl_rdata_error *err)
{
	char tname[16];
	const char *layout, *example;
	uint16_t second;
	struct zl_diag *d;
	struct zl_pos pos = err->token < n ? rd[err->token].pos :
	    (n > 0 ? rd[n - 1].end : type_tok->end);
	const char *what = _(zl_rdata_error_text(err->code));

	zl_rrtype_name(type, tname);
	if (err->code == ZL_RDATA_LDNS)
		d = report(p, &zl_rule_zone_syntax, ZL_ERROR, pos, _("invalid %s record: %s (%s)"),
		    tname, what, ldns_get_errorstr_by_id((ldns_status)err->ldns_status));
	else if (err->token < n)
		d = report(p, &zl_rule_zone_syntax, ZL_ERROR, pos, _("invalid %s record: %s: '%.*s'"),
		    tname, what, (int)(rd[err->token].len > 80 ? 80 : rd[err->token].len),
		    rd[err->token].text);
	else
		d = report(p, &zl_rule_zone_syntax, ZL_ERROR, pos, _("invalid %s record: %s"),
		    tname, what);

	/* The address forms of RFC 1035 section 3.4.1 and RFC 4291 section 2.2. */
	if (err->code == ZL_RDATA_BAD_IPV4)
		zl_diag_hint(d, _("write the address as four decimal numbers from 0 to 255 separated by dots, such as '192.0.2.1'"));
	else if (err->code == ZL_RDATA_BAD_IPV6)
		zl_diag_hint(d, _("write the address as up to eight groups of hexadecimal digits separated by colons, with '::' for one run of zero groups, such as '2001:db8::1'"));
	else if (err->code == ZL_RDATA_BAD_KEY_FLAGS)
		zl_diag_hint(d, _("write the flags as a number, such as 257, or as flag names joined by '|', such as 'ZONE|KSK'"));
	else if (err->code == ZL_RDATA_KEY_NOT_EXPECTED)
		zl_diag_hint(d, _("remove the key, or set flags that allow one: 0xC000 (NOKEY) means that there is no key"));
	else if (err->code == ZL_RDATA_BAD_ESCAPE && err->token < n &&
	    ends_in_lone_backslash(&rd[err->token]))
		zl_diag_hint(d, _("a backslash at the end of a line continues the line only inside quotes: remove it, or put the text in quotes"));
	else if (err->code == ZL_RDATA_FIELD_LENGTH && type == ZL_TYPE_NSEC3)
		zl_diag_hint(d, _("an NSEC3 hash has 1 to 39 octets, and 20 (32 base32hex characters) for SHA-1: copy it again from the signer's output"));
	else if (err->code == ZL_RDATA_FIELD_LENGTH)
		zl_diag_hint(d, _("a ZONEMD digest has at least 12 octets (24 hexadecimal digits): copy it again from the signer's output"));
	else if (err->code == ZL_RDATA_RELAY_TYPE)
		zl_diag_hint(d, _("use relay type 0 (none), 1 (IPv4), 2 (IPv6) or 3 (name), or write the whole RDATA in the RFC 3597 form '\\# LENGTH HEX'"));
	else if (err->code == ZL_RDATA_EXTRA && err->token < n &&
	    (second = second_value_type(type, &rd[err->token])) != 0) {
		char sname[16];

		zl_rrtype_name(second, sname);
		zl_diag_hint(d, _("a record contains one value: write '%.*s' in a record of its own of type %s, with the same owner"),
		    (int)(rd[err->token].len > 80 ? 80 : rd[err->token].len), rd[err->token].text,
		    sname);
	} else if (err->code == ZL_RDATA_EXTRA && err->token < n)
		zl_diag_hint(d, _("remove '%.*s', or put ';' before it to make the rest of the line a comment"),
		    (int)(rd[err->token].len > 80 ? 80 : rd[err->token].len), rd[err->token].text);
	else if ((err->code == ZL_RDATA_MISSING || err->code == ZL_RDATA_BAD_NUMBER ||
	    err->code == ZL_RDATA_BAD_NAME || err->code == ZL_RDATA_LDNS) &&
	    (layout = rdata_layout(type, &example)) != NULL)
		zl_diag_hint(d, _("write the %s data as %s, such as '%s'"), tname, layout, example);
	else if (err->code == ZL_RDATA_BAD_ESCAPE)
		zl_diag_hint(d, _("write a backslash before one character, such as '\\\"' for a quote, or before three decimal digits from 000 to 255"));
}

/* Report a TTL that does not fit 32 bits. */
static void
report_ttl_overflow(struct parser *p, const struct zl_token *t)
{
	struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t->pos,
	    _("TTL '%.*s' is above 4294967295, the largest value a record can hold"),
	    (int)(t->len > 40 ? 40 : t->len), t->text);

	zl_diag_hint(d, _("use a TTL of at most 604800 (one week)"));
}

/* Return the mail record kind that word names, as an operator may write
 * it in the place of the type, or NULL. */
static const char *
mail_kind_named(const struct zl_token *t)
{
	static const struct {
		const char *word, *kind;
	} words[] = {
		{ "DMARC", "DMARC" }, { "DMARC1", "DMARC" }, { "DKIM", "DKIM" },
		{ "DKIM1", "DKIM" }, { "SPF1", "SPF" }, { "BIMI", "BIMI" },
		{ "BIMI1", "BIMI" }, { "MTA-STS", "MTA-STS" }, { "MTASTS", "MTA-STS" },
		{ "STSV1", "MTA-STS" }, { "TLSRPT", "TLS-RPT" }, { "TLS-RPT", "TLS-RPT" },
		{ "TLSRPTV1", "TLS-RPT" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (zl_ascii_casecmp_n(t->text, t->len, words[i].word) == 0)
			return words[i].kind;
	}
	return NULL;
}

/* Return whether owner, a word at the start of the line, is a type name
 * and data[0, ndata) converts as a record of that type.  Such a line was
 * meant to go on with the owner before it but lost its indentation. */
static bool
lost_indentation(struct parser *p, const struct zl_token *owner,
    const struct zl_token *data, size_t ndata)
{
	uint16_t type;
	struct zl_rdata_error err;

	/* The line is dropped, so its conversion buffer p->rd is free. */
	return owner != NULL && word_is_type(owner, &type) && ndata > 0 &&
	    zl_rdata_from_tokens(type, data, ndata, p->origin, p->rd, &err);
}

/* Report a word in the place of the type that is no type, with a hint
 * that names what was most likely meant.  owner is the token of the owner
 * name when the line starts with one, and t the first of n tokens that
 * follow the class and TTL. */
static void
report_unknown_type(struct parser *p, const struct zl_token *owner, const struct zl_token *t,
    size_t n, bool have_ttl, bool have_class)
{
	static const char *const common[] = {
		"A", "AAAA", "CAA", "CDNSKEY", "CDS", "CNAME", "DNAME", "DNSKEY", "DS",
		"HINFO", "HTTPS", "LOC", "MX", "NAPTR", "NS", "PTR", "RP", "SOA", "SRV",
		"SSHFP", "SVCB", "TLSA", "TXT", NULL
	};
	int len = (int)(t->len > 40 ? 40 : t->len);
	struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t->pos,
	    _("unknown record type '%.*s'"), len, t->text);
	const char *near;
	uint32_t ttl;
	int family = address_family_of(t);

	if (lost_indentation(p, owner, t, n)) {
		zl_diag_hint(d, _("'%.*s' at the start of the line is read as the owner name: indent the line to give the record the owner of the record before, or write the owner first"),
		    (int)(owner->len > 40 ? 40 : owner->len), owner->text);
	} else if (t->kind == ZL_TOKEN_QSTRING) {
		zl_diag_hint(d, _("the type is missing: write 'TXT' before the text"));
	} else if (family != 0) {
		zl_diag_hint(d, _("the type is missing: write '%s' before the address"),
		    family == 4 ? "A" : "AAAA");
	} else if (have_class && word_is_class(t, NULL)) {
		zl_diag_hint(d, _("a record has one class: remove '%.*s'"), len, t->text);
	} else if (have_ttl && word_is_ttl(t, &ttl)) {
		zl_diag_hint(d, _("a record has one TTL: remove '%.*s'"), len, t->text);
	} else if (zl_ascii_casecmp_n(t->text, t->len, "ANAME") == 0 ||
	    zl_ascii_casecmp_n(t->text, t->len, "ALIAS") == 0) {
		zl_diag_hint(d, _("'%.*s' is a feature of some DNS providers, not a record type that BIND or Knot DNS loads: publish the A and AAAA records of the target instead, or a CNAME at a name other than the zone apex"),
		    len, t->text);
	} else if ((near = mail_kind_named(t)) != NULL) {
		zl_diag_hint(d, _("%s records are TXT records: write 'TXT'"), near);
	} else if ((near = zl_nearest_word(t->text, t->len, common, true)) != NULL) {
		zl_diag_hint(d, _("write '%s' if that type is meant"), near);
	} else if (memchr(t->text, '.', t->len) != NULL) {
		zl_diag_hint(d, _("the type is missing: write it before the data, such as 'CNAME' or 'NS' before a name"));
	} else {
		zl_diag_hint(d, _("write a known type, or an unnamed type as TYPE followed by its number, such as TYPE65534, with the data in the RFC 3597 form '\\# LENGTH HEX'"));
	}
}

/* Pick the TTL of a record that states none. */
static uint32_t
default_ttl(struct parser *p, uint16_t type, const struct zl_rdata *rd, bool ok,
    struct zl_pos pos, uint16_t *flags)
{
	struct zl_zone *z = &p->g->zones[p->zone];

	if (p->have_default_ttl)
		return p->default_ttl;
	if (!(z->flags & ZL_ZONE_NO_DEFAULT_TTL)) {
		z->flags |= ZL_ZONE_NO_DEFAULT_TTL;
		z->no_ttl_pos = pos;
	}
	if (p->have_last_ttl)
		return p->last_ttl;

	/* BIND's fallback for the first record: the SOA minimum field. */
	if (type == ZL_TYPE_SOA && ok && rd->len >= 4) {
		const uint8_t *m = rd->wire + rd->len - 4;

		*flags |= ZL_REC_TTL_FROM_SOA;
		p->have_last_ttl = true;
		p->last_ttl = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
		    (uint32_t)m[2] << 8 | m[3];
		return p->last_ttl;
	}
	return 0;
}

/* Add quoted strings on a line of their own to the TXT record before it:
 * the operator meant them as part of it but left out the parentheses. */
static bool
continue_txt(struct parser *p, const struct zl_token *t, size_t n)
{
	struct zl_record *r;
	struct zl_rdata_error err;

	if (p->last_txt == ZL_NONE)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != ZL_TOKEN_QSTRING)
			return false;
	}
	r = &p->g->records[p->last_txt];
	if (!zl_rdata_from_tokens(ZL_TYPE_TXT, t, n, p->origin, p->rd, &err))
		return false;
	if ((size_t)r->rdata_len + p->rd->len > ZL_RDATA_MAX ||
	    r->rdata + r->rdata_len != p->g->rdata_len)
		return false;
	zl_graph_extend_rdata(p->g, p->last_txt, p->rd->wire, p->rd->len);
	r->flags |= ZL_REC_REPAIRED;
	zl_graph_add_note(p->g, ZL_NOTE_CONTINUATION, p->last_txt, t[0].pos, NULL, NULL, 0);
	return true;
}

static void
check_strings(struct parser *p, const struct zl_token *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != ZL_TOKEN_QSTRING)
			continue;
		if (t[i].flags & ZL_TOKEN_UNTERMINATED) {
			struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t[i].pos,
			    _("unbalanced quote: the string that starts here is not closed on its line"));

			zl_diag_hint(d, _("close the string with '\"' on its line; to go on with the text on the next line, put the record's strings in parentheses, each closed on its own line"));
		}
		if (i > 0 && (t[i].flags & ZL_TOKEN_TOUCHES) &&
		    t[i - 1].kind == ZL_TOKEN_QSTRING) {
			struct zl_diag *d = report(p, &zl_rule_zone_adjacent_strings,
			    ZL_WARNING, t[i].pos,
			    _("quoted strings touch without a blank: BIND accepts this, but Knot DNS and NSD reject the zone"));

			zl_diag_hint(d, _("put a blank between '\"' and '\"'"));
		}
	}
}

/* Report "A TXT ..." (or any type followed by another) and return the
 * token of the type the record is read as. */
static const struct zl_token *
reread_type(struct parser *p, const struct zl_token *type_tok, uint16_t *type,
    uint16_t meant, struct record_notes *notes)
{
	char tname[16], mname[16];

	zl_rrtype_name(*type, tname);
	zl_rrtype_name(meant, mname);
	if (meant == ZL_TYPE_TXT || meant == ZL_TYPE_SPF) {
		add_note(notes, ZL_NOTE_TYPE_BEFORE_TXT, type_tok->pos,
		    token_text(type_tok), NULL, *type);
	} else {
		struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR,
		    type_tok->pos, _("type %s is followed by the type %s: the record was read as %s"),
		    tname, mname, mname);

		zl_diag_hint(d, _("remove '%.*s'"), (int)type_tok->len, type_tok->text);
	}
	*type = meant;
	return type_tok + 1;
}

static void
report_class_after_type(struct parser *p, const struct zl_token *type_tok,
    const struct zl_token *class_tok)
{
	struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR, class_tok->pos,
	    _("class '%.*s' written after the type"), (int)class_tok->len, class_tok->text);

	zl_diag_hint(d, _("write the class before the type: '%.*s %.*s'"),
	    (int)class_tok->len, class_tok->text, (int)type_tok->len, type_tok->text);
}

/* Set text_delta of a TXT record that is one quoted string without
 * escapes, right after the type and on its line, so that a position
 * inside its text needs no second reading of the file (txtpos.c). */
static void
mark_plain_text(struct zl_record *r, const struct zl_token *type_tok,
    const struct zl_token *rd, size_t nrd, const struct zl_rdata *w)
{
	const unsigned not_plain = ZL_TOKEN_ESCAPED | ZL_TOKEN_UNTERMINATED |
	    ZL_TOKEN_IN_PARENS | ZL_TOKEN_TOUCHES;
	size_t delta;

	if (rd != type_tok + 1 || nrd != 1 || rd[0].kind != ZL_TOKEN_QSTRING ||
	    (rd[0].flags & not_plain) || (r->flags & ZL_REC_TYPE_APART) ||
	    rd[0].pos.file != type_tok->pos.file ||
	    rd[0].pos.line != type_tok->pos.line || rd[0].end.line != rd[0].pos.line ||
	    w->len < 2 || w->wire[0] != w->len - 1 || rd[0].len != w->wire[0])
		return;
	delta = (size_t)rd[0].pos.off + 1 - type_tok->pos.off;
	if (delta <= UINT8_MAX)
		r->text_delta = (uint8_t)delta;
}

/* Make the owner of the record being read the current owner and return
 * its id.  When owner is ZL_NONE, the owner is key, interned now. */
static uint32_t
set_owner(struct parser *p, uint32_t owner, const struct zl_name_key *key)
{
	p->owner = owner != ZL_NONE ? owner : zl_graph_intern_key(p->g, key);
	return p->owner;
}

/* Read one record line: [owner] [ttl] [class] type rdata. */
static void
parse_record(struct parser *p, const struct zl_token *t, size_t n, uint16_t extra_flags)
{
	struct record_notes notes;
	struct zl_record r;
	struct zl_rdata_error err;
	struct zl_name_key owner_key;
	const struct zl_token *rd, *type_tok;
	size_t i = 0, nrd;
	uint32_t owner = p->owner, ttl = 0;
	uint16_t rclass = ZL_CLASS_IN, type = 0, meant;
	bool have_ttl = false, have_class = false, misplaced, generic, ok;

	notes.len = 0;
	check_strings(p, t, n);

	/* Owner: present when the line starts at column 1. */
	if (t[0].kind == ZL_TOKEN_QSTRING && continue_txt(p, t, n))
		return;
	if (t[0].flags & ZL_TOKEN_LINE_START) {
		/* Consecutive records often repeat their owner: reuse its id. */
		if (p->owner_text == NULL || p->owner_len != t[0].len ||
		    memcmp(p->owner_text, t[0].text, t[0].len) != 0) {
			uint8_t wire[ZL_NAME_MAX];
			size_t len;
			bool rel;

			if (!name_of_token(p, &t[0], wire, &len, &rel))
				return;
			/* A new owner is interned once the RDATA is read, by
			 * which time its table slot has come from memory. */
			zl_graph_name_key(p->g, wire, &owner_key);
			owner = ZL_NONE;
			p->owner_text = extra_flags & ZL_REC_GENERATED ? NULL : t[0].text;
			p->owner_len = t[0].len;
		}
		i = 1;
	} else if (owner == ZL_NONE) {
		syntax_error(p, t[0].pos, _("no owner name: the first record of a zone must name its owner"));
		return;
	}

	/* TTL and class, in either order. */
	for (int k = 0; k < 2 && i < n; k++) {
		if (!have_ttl && word_is_ttl(&t[i], &ttl)) {
			have_ttl = true;
			i++;
		} else if (!have_class && word_is_class(&t[i], &rclass)) {
			have_class = true;
			i++;
		} else {
			break;
		}
	}
	if (i >= n) {
		set_owner(p, owner, &owner_key);
		syntax_error(p, t[n - 1].end, _("missing record type"));
		return;
	}
	type_tok = &t[i];
	if (!have_ttl && word_is_digits(type_tok)) {
		set_owner(p, owner, &owner_key);
		/* Only a TTL can be all digits; this one did not fit 32 bits. */
		report_ttl_overflow(p, type_tok);
		return;
	}
	if (!word_is_type(type_tok, &type)) {
		set_owner(p, owner, &owner_key);
		report_unknown_type(p, (t[0].flags & ZL_TOKEN_LINE_START) ? &t[0] : NULL, type_tok,
		    n - (size_t)(type_tok - t), have_ttl, have_class);
		return;
	}
	rd = t + i + 1;
	nrd = n - i - 1;

	/* A type or class word right after the type is a mistake only when
	 * the record converts without the word but not as written: "NSEC a A
	 * RRSIG" names the host 'a', "TXT A ..." publishes the word (check_txt
	 * reports it), and "SOA a b 4294967296 ..." has a bad serial.  The
	 * first field of RRSIG and SIG is a type, so they are left alone. */
	misplaced = false;
	if (nrd >= 2 && type != ZL_TYPE_RRSIG && type != ZL_TYPE_SIG &&
	    (word_is_type(&rd[0], NULL) || word_is_class(&rd[0], NULL)) &&
	    !zl_rdata_from_tokens(type, rd, nrd, p->origin, p->rd, &err)) {
		uint16_t reread = word_is_type(&rd[0], &meant) ? meant : type;

		misplaced = zl_rdata_from_tokens(reread, rd + 1, nrd - 1, p->origin, p->rd, &err);
	}
	if (misplaced) {
		if (word_is_type(&rd[0], &meant))
			type_tok = reread_type(p, type_tok, &type, meant, &notes);
		else
			report_class_after_type(p, type_tok, &rd[0]);
		rd++;
		nrd--;
	}

	/* RFC 3597 data ("\# 2 0161") is hex, not text or an address. */
	generic = nrd > 0 && rd[0].kind == ZL_TOKEN_WORD && rd[0].len == 2 &&
	    memcmp(rd[0].text, "\\#", 2) == 0;

	/* "IN A "v=spf1 -all"": the text of a mail record under a type that
	 * cannot hold it, TXT left out or mistyped.  No server loads the
	 * record; it is read as the TXT record it was meant to be. */
	if (!generic && !misplaced && type != ZL_TYPE_TXT && type != ZL_TYPE_SPF &&
	    starts_mail_text(rd, nrd) && !zl_rdata_from_tokens(type, rd, nrd, p->origin, p->rd, &err)) {
		add_note(&notes, ZL_NOTE_TYPE_FOR_TXT, type_tok->pos, token_text(type_tok),
		    zl_xstrdup("TXT"), type);
		type = ZL_TYPE_TXT;
	}
	if (!generic && (type == ZL_TYPE_TXT || type == ZL_TYPE_SPF))
		check_txt(p, &rd, &nrd, &notes);
	else if (!generic && type == ZL_TYPE_A)
		check_address(p, &rd, &nrd, &notes);

	/* RDATA to wire form. */
	ok = zl_rdata_from_tokens(type, rd, nrd, p->origin, p->rd, &err);
	if (!ok)
		report_rdata_error(p, type, rd, nrd, type_tok, &err);

	memset(&r, 0, sizeof(r));
	r.owner = set_owner(p, owner, &owner_key);
	r.type = type;
	r.rclass = rclass;
	r.flags = extra_flags;
	if (p->origin_relative)
		r.flags |= ZL_REC_WRONG_ORIGIN;
	if ((t[0].flags & ZL_TOKEN_LINE_START) && !(extra_flags & ZL_REC_GENERATED))
		r.flags |= ZL_REC_OWNER_WRITTEN;
	if (have_ttl) {
		p->have_last_ttl = true;
		p->last_ttl = ttl;
	} else {
		ttl = default_ttl(p, type, p->rd, ok, t[0].pos, &r.flags);
	}
	r.ttl = ttl;
	if (ok) {
		r.rdata = zl_graph_add_rdata(p->g, p->rd->wire, p->rd->len);
		r.rdata_len = (uint16_t)p->rd->len;
	} else {
		r.flags |= ZL_REC_BROKEN;
		r.rdata = (uint32_t)p->g->rdata_len;
	}
	if (notes.len > 0)
		r.flags |= ZL_REC_REPAIRED;
	{
		uint32_t id = zl_graph_add_record(p->g, &r, t[0].pos, p->zone);

		zl_graph_set_type_pos(p->g, id, type_tok->pos);
		if (type == ZL_TYPE_TXT && ok && notes.len == 0 && !(extra_flags & ZL_REC_GENERATED))
			mark_plain_text(&p->g->records[id], type_tok, rd, nrd, p->rd);
		for (size_t k = 0; k < notes.len; k++) {
			struct pending_note *pn = &notes.items[k];

			zl_graph_add_note(p->g, pn->kind, id, pn->pos, pn->word, pn->meant, pn->type);
		}
		for (size_t k = 0; ok && k < p->rd->nnames; k++) {
			const struct zl_rdata_name *nm = &p->rd->names[k];
			uint32_t target = zl_graph_intern(p->g, p->rd->wire + nm->offset);

			zl_graph_add_ref(p->g, id, target, ref_kind(type, nm->field),
			    rd[nm->token].pos);
		}
		p->last_txt = type == ZL_TYPE_TXT && ok ? id : ZL_NONE;
		if (!have_ttl && p->ttl_deferred)
			defer_ttl(p, id);
	}
	p->g->zones[p->zone].record_count++;
}

/* ------------------------------------------------------------------ */
/* Directives */

static void read_file(struct parser *p, uint32_t file);

/*
 * Return whether the relative name written at t would lie at or below the
 * zone's origin if it were absolute: "$ORIGIN mail.example.jp" in the
 * zone example.jp. is then mail.example.jp.example.jp., a slip.  A name
 * such as "sub" that makes sense only below the current origin is left
 * alone: RFC 1035 section 5.1 makes it relative on purpose.
 */
static bool
repeats_zone(const struct parser *p, const struct zl_token *t)
{
	static const uint8_t root[1] = { 0 };
	uint8_t wire[ZL_NAME_MAX], origin[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;

	if (zl_name_from_text(t->text, t->len, root, wire, &len, &relative, &err_off) != ZL_NAME_OK)
		return true;
	zl_graph_name_wire(p->g, p->g->zones[p->zone].origin, origin);
	return zl_name_is_subdomain(wire, origin);
}

/* Report a relative origin that was most likely meant relative.  BIND
 * appends the current origin, as RFC 1035 section 5.1 specifies, but Knot
 * DNS refuses a relative origin, so the zone loads in one server only. */
static void
report_relative_origin(struct parser *p, const struct zl_token *t, const uint8_t *wire)
{
	char *full = zl_name_text(wire);
	struct zl_diag *d = report(p, &zl_rule_zone_missing_dot, ZL_WARNING, t->pos,
	    _("relative origin '%.*s': BIND appends the current origin and uses '%s', but Knot DNS refuses a relative origin"),
	    (int)t->len, t->text, full);

	zl_diag_hint(d, _("write the whole name with a final dot: '%s'"), full);
	free(full);
}

static void
directive_origin(struct parser *p, const struct zl_token *t, size_t n)
{
	uint8_t wire[ZL_NAME_MAX];
	bool relative;

	if (n < 2) {
		syntax_error(p, t[0].end, _("$ORIGIN needs a domain name"));
		return;
	}
	if (read_name(p, &t[1], wire, &relative) == ZL_NONE)
		return;
	if (relative && !(t[1].len == 1 && t[1].text[0] == '@') && !repeats_zone(p, &t[1])) {
		report_relative_origin(p, &t[1], wire);
		p->origin_relative = false;
	} else if (relative && !(t[1].len == 1 && t[1].text[0] == '@')) {
		char *full = zl_name_text(wire);
		struct zl_diag *d = report(p, &zl_rule_zone_missing_dot, ZL_ERROR, t[1].pos,
		    _("relative name '%.*s' in $ORIGIN is appended to the current origin: the new origin is '%s'"),
		    (int)t[1].len, t[1].text, full);

		zl_diag_hint(d, _("end the name with a dot: '%.*s.'"), (int)t[1].len, t[1].text);
		free(full);
		p->origin_relative = true;
	} else if (!relative) {
		p->origin_relative = false;
	}
	set_origin(p, wire);
	p->owner_text = NULL;
	if (n > 2)
		syntax_error(p, t[2].pos, _("extra text after $ORIGIN"));
}

static void
directive_ttl(struct parser *p, const struct zl_token *t, size_t n)
{
	uint32_t ttl;

	if (n >= 2 && word_is_digits(&t[1]) && !word_is_ttl(&t[1], &ttl)) {
		report_ttl_overflow(p, &t[1]);
		return;
	}
	if (n < 2 || !word_is_ttl(&t[1], &ttl)) {
		syntax_error(p, n < 2 ? t[0].end : t[1].pos, _("$TTL needs a time value, such as 3600 or 1h"));
		return;
	}
	p->have_default_ttl = true;
	p->default_ttl = ttl;
	p->ttl_deferred = false;
	if (n > 2)
		syntax_error(p, t[2].pos, _("extra text after $TTL"));
}

/* The path of an included file: relative to opt->include_dir when set,
 * else to the including file's folder. */
static char *
include_path(const char *parent, const struct zl_token *t, const struct zl_load_options *opt)
{
	char *name = token_text(t), *path;
	const char *slash = strrchr(parent, '/');
	struct zl_strbuf sb;

	if (name[0] != '/' && opt->include_dir != NULL) {
		zl_strbuf_init(&sb);
		zl_strbuf_adds(&sb, opt->include_dir);
		zl_strbuf_addc(&sb, '/');
		zl_strbuf_adds(&sb, name);
		free(name);
		return zl_strbuf_detach(&sb);
	}
	if (name[0] == '/' || slash == NULL)
		return name;
	zl_strbuf_init(&sb);
	zl_strbuf_add(&sb, parent, (size_t)(slash - parent) + 1);
	zl_strbuf_adds(&sb, name);
	free(name);
	path = zl_strbuf_detach(&sb);
	return path;
}

/* Report an included file that cannot be opened.  A relative path that
 * is not found gets a hint, because BIND and zonelint may resolve it from
 * different folders. */
static void
report_include_error(struct parser *p, const struct zl_token *t, const char *path, int error)
{
	struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t->pos,
	    _("cannot read included file '%s': %s"), path, strerror(error));

	if (error == ENOENT && t->len > 0 && t->text[0] != '/' && p->opt->include_dir == NULL)
		zl_diag_hint(d, _("zonelint reads a relative path from the folder of the including file, and BIND from its working directory (the 'directory' option of named.conf): check the path from both"));
}

/* Open the file that an $INCLUDE at t names and add it to the file
 * table.  Returns its id, or ZL_NONE after reporting why it is not read. */
static uint32_t
open_include(struct parser *p, const struct zl_token *t, const char *path,
    struct include_id *id)
{
	const struct zl_load_options *opt = p->opt;
	struct zl_infile_failure why;
	uint32_t file = ZL_NONE;
	int fd;

	if (opt->include_root != NULL) {
		fd = zl_infile_open_below(path, opt->include_root, opt->include_root_fd, &why);
	} else {
		fd = zl_infile_open(path);
		why.problem = ZL_INFILE_ERRNO;
		why.error = errno;
	}

	/* A pipe, FIFO or device could block or never end, and no zone has
	 * a reason to include one. */
	if (fd >= 0)
		file = add_file(p->g, fd, path, p->zone, p->file, t->pos, true, id, &why);
	if (file != ZL_NONE)
		return file;
	if (why.problem == ZL_INFILE_OUTSIDE_ROOT)
		syntax_error(p, t->pos, _("$INCLUDE of '%s' is outside the include root '%s': it is not read"),
		    path, opt->include_root);
	else if (why.problem == ZL_INFILE_NOT_REGULAR)
		syntax_error(p, t->pos, _("cannot read included file '%s': not a regular file"), path);
	else
		report_include_error(p, t, path, why.error);
	return ZL_NONE;
}

static void
directive_include(struct parser *p, const struct zl_token *t, size_t n)
{
	uint8_t saved_origin[ZL_NAME_MAX];
	uint32_t saved_owner = p->owner, saved_file = p->file, file;
	bool saved_relative = p->origin_relative;
	struct zl_lexer *saved_lx = p->lx;
	struct include_id id;
	char *path;

	if (n < 2) {
		syntax_error(p, t[0].end, _("$INCLUDE needs a file name"));
		return;
	}
	if (p->depth >= p->opt->max_include_depth ||
	    p->depth >= sizeof(p->stack) / sizeof(p->stack[0])) {
		syntax_error(p, t[1].pos, _("$INCLUDE nested more than %u levels deep"),
		    p->opt->max_include_depth);
		return;
	}
	memcpy(saved_origin, p->origin, zl_name_len(p->origin));
	if (n > 2) {
		uint8_t wire[ZL_NAME_MAX];
		bool relative;

		if (read_name(p, &t[2], wire, &relative) == ZL_NONE)
			return;
		if (relative && !repeats_zone(p, &t[2])) {
			report_relative_origin(p, &t[2], wire);
			p->origin_relative = false;
		} else if (relative) {
			char *full = zl_name_text(wire);
			struct zl_diag *d = report(p, &zl_rule_zone_missing_dot, ZL_ERROR, t[2].pos,
			    _("relative origin '%.*s' in $INCLUDE is appended to the current origin: the included records land under '%s'"),
			    (int)t[2].len, t[2].text, full);

			zl_diag_hint(d, _("end the name with a dot: '%.*s.'"), (int)t[2].len, t[2].text);
			free(full);
			p->origin_relative = true;
		} else {
			p->origin_relative = false;
		}
		set_origin(p, wire);
	}

	path = include_path(p->g->files[p->file].path, &t[1], p->opt);
	file = open_include(p, &t[1], path, &id);
	if (file == ZL_NONE) {
		free(path);
		set_origin(p, saved_origin);
		p->origin_relative = saved_relative;
		return;
	}
	free(path);
	for (unsigned k = 0; k < p->depth; k++) {
		if (p->stack[k].dev == id.dev && p->stack[k].ino == id.ino) {
			syntax_error(p, t[1].pos, _("$INCLUDE loop: '%.*s' is already being read"),
			    (int)t[1].len, t[1].text);
			close_last_file(p->g);
			set_origin(p, saved_origin);
			p->origin_relative = saved_relative;
			return;
		}
	}
	p->stack[p->depth++] = id;
	read_file(p, file);
	p->depth--;

	/* RFC 1035 section 5.1: the origin returns to what it was. */
	set_origin(p, saved_origin);
	p->origin_relative = saved_relative;
	p->owner = saved_owner;
	p->owner_text = NULL;
	p->file = saved_file;
	p->lx = saved_lx;
	p->last_txt = ZL_NONE;
}

/* Expand one $GENERATE template for value into sb.  Handles "$", "$$",
 * "\$" and "${offset[,width[,base]]}" with base d, o, x, X, n or N. */
static bool
generate_expand(const char *s, size_t len, long value, struct zl_strbuf *sb)
{
	for (size_t i = 0; i < len; i++) {
		long offset = 0, width = 0;
		char base = 'd';

		if (s[i] == '\\' && i + 1 < len && s[i + 1] == '$') {
			zl_strbuf_addc(sb, '$');
			i++;
			continue;
		}
		if (s[i] != '$') {
			zl_strbuf_addc(sb, s[i]);
			continue;
		}
		if (i + 1 < len && s[i + 1] == '$') {
			zl_strbuf_addc(sb, '$');
			i++;
			continue;
		}
		if (i + 1 < len && s[i + 1] == '{') {
			const char *close = memchr(s + i, '}', len - i);
			char spec[64];
			size_t slen;
			int got;

			if (close == NULL)
				return false;
			slen = (size_t)(close - (s + i + 2));
			if (slen >= sizeof(spec))
				return false;
			memcpy(spec, s + i + 2, slen);
			spec[slen] = '\0';
			got = sscanf(spec, "%ld,%ld,%c", &offset, &width, &base);
			if (got < 1 || width < 0 || width > 255 ||
			    strchr("doxXnN", base) == NULL)
				return false;
			i = (size_t)(close - s);
		}
		value += offset;
		if (base == 'n' || base == 'N') {
			/* Nibbles, lowest first, for ip6.arpa names. */
			char digits[32];
			int nd = 0;
			unsigned long v = (unsigned long)value;

			do {
				digits[nd++] = "0123456789abcdef"[v & 15];
				v >>= 4;
			} while (v != 0 && nd < 16);
			while (nd < width && nd < 32)
				digits[nd++] = '0';
			for (int k = 0; k < nd; k++) {
				char c = digits[k];

				if (base == 'N' && c >= 'a')
					c = (char)(c - 'a' + 'A');
				if (k > 0)
					zl_strbuf_addc(sb, '.');
				zl_strbuf_addc(sb, c);
			}
			continue;
		}
		switch (base) {
		case 'o':
			zl_strbuf_addf(sb, "%0*lo", (int)width, (unsigned long)value);
			break;
		case 'x':
			zl_strbuf_addf(sb, "%0*lx", (int)width, (unsigned long)value);
			break;
		case 'X':
			zl_strbuf_addf(sb, "%0*lX", (int)width, (unsigned long)value);
			break;
		default:
			zl_strbuf_addf(sb, "%0*ld", (int)width, value);
			break;
		}
	}
	return true;
}

static bool
parse_range(const struct zl_token *t, unsigned long *start, unsigned long *stop,
    unsigned long *step)
{
	char buf[64];
	char *end;

	if (t->len >= sizeof(buf))
		return false;
	memcpy(buf, t->text, t->len);
	buf[t->len] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		return false;
	*start = strtoul(buf, &end, 10);
	if (*end != '-' || end[1] < '0' || end[1] > '9')
		return false;
	*stop = strtoul(end + 1, &end, 10);
	*step = 1;
	if (*end == '/') {
		if (end[1] < '0' || end[1] > '9')
			return false;
		*step = strtoul(end + 1, &end, 10);
	}
	return *end == '\0' && *step > 0 && *start <= *stop && *stop <= UINT32_MAX;
}

/* Append the fields of an expanded quoted $GENERATE template to gen.  BIND
 * reads the right-hand side as presentation text, so "10 mail$" is an MX
 * preference and a host; each field keeps the position of the template.
 * As in BIND 9.18, '\"' in the template stands for '"' and every other
 * escape is kept, so "\"a b\"" is one string.  text is the expanded
 * template, which is rewritten in place (it only shrinks). */
static void
split_generated(const struct zl_token *q, char *text, struct zl_token **gen,
    size_t *ngen, size_t *cap)
{
	struct zl_lexer lx;
	size_t len = 0;

	for (size_t i = 0; i < q->len; i++) {
		if (text[i] == '\\' && i + 1 < q->len) {
			if (text[i + 1] != '"')
				text[len++] = '\\';
			i++;
		}
		text[len++] = text[i];
	}
	zl_lexer_init(&lx, text, len, q->pos.file, NULL);
	for (;;) {
		struct zl_token x = zl_lexer_next(&lx);

		if (x.kind == ZL_TOKEN_EOL || x.kind == ZL_TOKEN_EOF)
			break;
		if (x.kind == ZL_TOKEN_ERROR)
			continue;
		x.flags &= ~(unsigned)ZL_TOKEN_LINE_START;
		x.pos = q->pos;
		x.end = q->end;
		ZL_PUSH(*gen, *ngen, *cap, x);
	}
}

/*
 * Merge the findings that the records of one $GENERATE got at the same
 * place, diags[first..] on, into the first, whose message then counts the
 * others.  "$GENERATE 1-300 h$ A 192.0.2.$" would otherwise report the
 * same column of the same line 45 times.
 */
static void
merge_generated(struct parser *p, size_t first)
{
	struct zl_diags *d = p->diags;
	size_t out = first;
	unsigned *more;

	if (d->len - first < 2)
		return;
	more = zl_xcalloc(d->len - first, sizeof(*more));
	for (size_t i = first; i < d->len; i++) {
		struct zl_diag *x = &d->items[i];
		size_t k = first;

		while (k < out && (d->items[k].rule != x->rule || d->items[k].pos.off != x->pos.off ||
		    d->items[k].pos.file != x->pos.file))
			k++;
		if (k < out) {
			more[k - first]++;
			continue;
		}
		d->items[out++] = *x;
	}
	d->len = out;
	for (size_t i = first; i < out; i++) {
		struct zl_diag *x = &d->items[i];
		struct zl_strbuf sb;

		if (more[i - first] == 0)
			continue;
		zl_strbuf_init(&sb);
		zl_strbuf_addf(&sb, _("%s (and %u more records of this $GENERATE)"), x->message,
		    more[i - first]);
		zl_diag_set_message(x, sb.data);
		zl_strbuf_fini(&sb);
	}
	free(more);
}

static void
directive_generate(struct parser *p, const struct zl_token *t, size_t n)
{
	unsigned long start, stop, step, count;
	struct zl_strbuf sb;
	struct zl_token *gen = NULL;
	size_t ngen, gen_cap = 0;
	size_t *offsets;
	size_t first_diag = p->diags->len;

	if (n < 4) {
		syntax_error(p, t[0].end, _("$GENERATE needs a range, an owner, a type and RDATA"));
		return;
	}
	if (!parse_range(&t[1], &start, &stop, &step)) {
		syntax_error(p, t[1].pos, _("invalid $GENERATE range '%.*s': write START-STOP or START-STOP/STEP"),
		    (int)t[1].len, t[1].text);
		return;
	}
	count = (stop - start) / step + 1;
	if (count > p->opt->max_generate) {
		syntax_error(p, t[1].pos, _("$GENERATE range '%.*s' would create %lu records, more than the limit of %lu"),
		    (int)t[1].len, t[1].text, count, p->opt->max_generate);
		return;
	}

	offsets = zl_xmalloc((n - 2) * sizeof(*offsets));
	zl_strbuf_init(&sb);
	for (unsigned long v = start; v <= stop; v += step) {
		bool ok = true;

		sb.len = 0;
		for (size_t k = 2; k < n && ok; k++) {
			offsets[k - 2] = sb.len;
			ok = generate_expand(t[k].text, t[k].len, (long)v, &sb);
		}
		if (!ok) {
			syntax_error(p, t[2].pos, _("invalid $GENERATE modifier: write ${offset,width,base}"));
			break;
		}
		ngen = 0;
		for (size_t k = 2; k < n; k++) {
			struct zl_token x = t[k];

			x.text = sb.data + offsets[k - 2];
			x.len = (uint32_t)((k + 1 < n ? offsets[k - 1] : sb.len) - offsets[k - 2]);
			x.flags &= ~(unsigned)ZL_TOKEN_LINE_START;
			if (x.kind == ZL_TOKEN_QSTRING)
				split_generated(&x, sb.data + offsets[k - 2], &gen, &ngen, &gen_cap);
			else
				ZL_PUSH(gen, ngen, gen_cap, x);
		}
		if (ngen == 0) {
			syntax_error(p, t[2].pos, _("$GENERATE needs a range, an owner, a type and RDATA"));
			break;
		}
		if (at_record_limit(p, t[0].pos))
			break;
		gen[0].flags |= ZL_TOKEN_LINE_START;
		parse_record(p, gen, ngen, ZL_REC_GENERATED);
		if (v > stop - step)
			break;
	}
	merge_generated(p, first_diag);
	zl_strbuf_fini(&sb);
	free(gen);
	free(offsets);
}

static void
parse_directive(struct parser *p, const struct zl_token *t, size_t n)
{
	p->last_txt = ZL_NONE;
	p->owner_text = NULL;
	if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$ORIGIN") == 0)
		directive_origin(p, t, n);
	else if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$TTL") == 0)
		directive_ttl(p, t, n);
	else if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$INCLUDE") == 0)
		directive_include(p, t, n);
	else if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$GENERATE") == 0)
		directive_generate(p, t, n);
	else {
		struct zl_diag *d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t[0].pos,
		    _("unknown directive '%.*s'"), (int)(t[0].len > 40 ? 40 : t[0].len), t[0].text);

		static const char *const directives[] = {
			"$ORIGIN", "$TTL", "$INCLUDE", "$GENERATE", NULL
		};
		const char *near = zl_nearest_word(t[0].text, t[0].len, directives, true);

		if (near != NULL)
			zl_diag_hint(d, _("write '%s' if that directive is meant"), near);
		else
			zl_diag_hint(d, _("the directives of a master file are $ORIGIN, $TTL, $INCLUDE and $GENERATE"));
	}
}

static void
report_lex_error(struct parser *p, const struct zl_token *t)
{
	struct zl_diag *d;

	switch (t->error) {
	case ZL_LEX_PAREN_UNCLOSED:
		d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t->pos,
		    _("unbalanced parenthesis: this '(' is never closed"));
		zl_diag_hint(d, _("add ')' after the last field of the record"));
		break;
	case ZL_LEX_PAREN_UNOPENED:
		/* One finding for a line of them, as for nested ones. */
		if (p->unopened_reported && p->last_unopened.file == t->pos.file &&
		    p->last_unopened.line == t->pos.line)
			break;
		p->unopened_reported = true;
		p->last_unopened = t->pos;
		d = report(p, &zl_rule_zone_syntax, ZL_ERROR, t->pos,
		    _("unbalanced parenthesis: ')' without '('"));
		zl_diag_hint(d, _("remove the ')', or put '(' before the first field that the record continues over several lines"));
		break;
	case ZL_LEX_PAREN_NESTED:
		syntax_error(p, t->pos, _("parentheses cannot be nested"));
		break;
	case ZL_LEX_NUL_BYTE:
		syntax_error(p, t->pos, _("NUL byte in the zone file"));
		break;
	case ZL_LEX_OK:
		break;
	}
}

/* How far the reader got through the text of a file. */
struct text_progress {
	size_t released;	/* pages before this offset were given back */
	size_t searched;	/* bytes before it were searched for the tag */
	bool tag;		/* SUPPRESSION_TAG was found */
};

/* The tag of suppression comments, as suppress.c reads them. */
#define SUPPRESSION_TAG "zonelint:"

/* Does data[from..to) contain SUPPRESSION_TAG? */
static bool
contains_tag(const char *data, size_t from, size_t to)
{
	const size_t n = sizeof(SUPPRESSION_TAG) - 1;
	const char *at = data + from, *end = data + to;

	while ((size_t)(end - at) >= n) {
		at = memchr(at, SUPPRESSION_TAG[0], (size_t)(end - at) - n + 1);
		if (at == NULL)
			return false;
		if (memcmp(at, SUPPRESSION_TAG, n) == 0)
			return true;
		at++;
	}
	return false;
}

/* Search data[pr->searched..upto) for the tag, and the few bytes after
 * upto that a tag starting before it may take. */
static void
search_tag(struct text_progress *pr, const struct zl_file *f, size_t upto)
{
	size_t to = upto + sizeof(SUPPRESSION_TAG) - 2;

	if (!pr->tag && upto > pr->searched)
		pr->tag = contains_tag(f->data, pr->searched, to < f->size ? to : f->size);
	if (upto > pr->searched)
		pr->searched = upto;
}

/* Give the pages of a mapped file that were read back to the kernel, so
 * that a large zone does not keep its whole text in memory beside the
 * graph.  The mapping stays valid: later reads (source excerpts, rules
 * that look at tokens again) fault the pages in from the file again.
 * The pages are searched for the suppression tag first, so that
 * zl_file.no_suppressions spares the suppression scan a second pass. */
static void
release_read_pages(const struct zl_file *f, struct text_progress *pr, size_t done)
{
	size_t page, upto, from;

	if (!f->mapped || done < pr->released + RELEASE_STEP)
		return;
	page = (size_t)sysconf(_SC_PAGESIZE);
	upto = (done - RELEASE_STEP / 2) & ~(page - 1);
	if (upto <= pr->released)
		return;
	search_tag(pr, f, upto);
	/* The second part of a file starts releasing at the line where it
	 * starts, which is rarely at a page boundary. */
	from = (pr->released + page - 1) & ~(page - 1);
	if (upto > from)
		madvise((char *)f->data + from, upto - from, MADV_DONTNEED);
	pr->released = upto;
}

/* Search the rest of the text of file for the suppression tag, and
 * record in the file whether the text contains it. */
static void
finish_text(struct parser *p, uint32_t file, struct text_progress *pr)
{
	struct zl_file *f = &p->g->files[file];

	search_tag(pr, f, f->size);
	f->no_suppressions = !pr->tag;
}

/* ------------------------------------------------------------------ */
/* Reading a large file in two parts at once */

/*
 * A large zone file is read by two parsers at once.  The second starts at
 * an owner name in column 1 past the middle of the file and reads to the
 * end into a graph of its own.  It guesses the state that the first part
 * leaves there: the origin of the last $ORIGIN line in column 1 before
 * it (else the zone's origin), no previous owner, and a default TTL that
 * the first part supplies later.  It stops at anything that would need more
 * of the first part: a finding, a record without an owner, $INCLUDE or
 * $GENERATE.
 *
 * When the first parser reaches the line, it checks the guess.  If the
 * guess holds and the second part was read to the end, its names,
 * records and references are added to the graph in the order that one
 * parser would have added them.  Otherwise the second part is dropped
 * and the first parser reads on.  So the split changes the time that
 * reading takes, never the graph.
 */
struct half {
	struct parser p;		/* reads into g */
	struct zl_graph g;		/* names and records of the second part */
	struct zl_diags diags;		/* any finding stops the second part */
	size_t start;			/* offset of its first line */
	uint32_t line;			/* number of that line */
	uint8_t origin[ZL_NAME_MAX];	/* the origin it guessed */
	uint32_t *deferred;		/* its records that take the first part's default TTL */
	size_t ndeferred, deferred_cap;
	struct text_progress progress;
	bool complete;			/* read to the end of the file */
	atomic_bool cancel;		/* the first parser no longer needs it */
	pthread_t thread;
};

static void
defer_ttl(struct parser *p, uint32_t record)
{
	struct half *h = p->half;

	ZL_PUSH(h->deferred, h->ndeferred, h->deferred_cap, record);
}

/* Return whether a line that starts with c can start with an owner name.
 * A blank continues the owner of the previous record, and the other bytes
 * start no record. */
static bool
starts_owner(char c)
{
	return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ';' && c != '$' &&
	    c != '(' && c != ')' && c != '"' && c != '\0';
}

/* Store in origin the argument of the last $ORIGIN line before offset
 * `at` of f, when there is one, and return true.  Return false when that
 * argument is not an absolute name. */
static bool
origin_before(const struct zl_file *f, size_t at, uint8_t *origin)
{
	const char *data = f->data;

	while (at > 0) {
		const char *dollar = memrchr(data, '$', at);
		size_t i, end, len, err_off;
		bool relative;

		if (dollar == NULL)
			return true;
		at = (size_t)(dollar - data);
		if ((at > 0 && data[at - 1] != '\n') || f->size - at < 8 ||
		    zl_ascii_casecmp_n(data + at, 7, "$ORIGIN") != 0 ||
		    (data[at + 7] != ' ' && data[at + 7] != '\t'))
			continue;
		for (i = at + 7; i < f->size && (data[i] == ' ' || data[i] == '\t'); i++)
			;
		for (end = i; end < f->size && starts_owner(data[end]) && data[end] != '\\'; end++)
			;
		return end > i &&
		    zl_name_from_text(data + i, end - i, NULL, origin, &len, &relative,
		    &err_off) == ZL_NAME_OK && !relative;
	}
	return true;
}

static uint32_t
count_lines(const char *data, size_t len)
{
	uint32_t lines = 0;

	for (const char *at = data, *end = data + len;
	    (at = memchr(at, '\n', (size_t)(end - at))) != NULL; at++)
		lines++;
	return lines;
}

static bool read_lines(struct parser *p, struct zl_lexer *lx, struct text_progress *progress,
    struct half *split);

static void *
read_half(void *arg)
{
	struct half *h = arg;
	struct parser *p = &h->p;
	const struct zl_file *f = &h->g.files[p->file];
	struct zl_lexer lx;

	h->line = count_lines(f->data, h->start) + 1;
	zl_lexer_init(&lx, f->data, f->size, p->file, line_looks_like_record);
	zl_lexer_seek(&lx, h->start, h->line);
	p->lx = &lx;
	h->progress.released = h->progress.searched = h->start;
	h->complete = read_lines(p, &lx, &h->progress, NULL);
	return NULL;
}

static void
free_half(struct half *h)
{
	/* The file and zone tables are copies whose contents belong to the
	 * main graph. */
	h->g.nfiles = 0;
	h->g.nzones = 0;
	zl_graph_fini(&h->g);
	zl_diags_fini(&h->diags);
	free(h->p.toks);
	free(h->p.fixed);
	free(h->p.rd);
	zl_strbuf_fini(&h->p.meant);
	free(h->deferred);
	free(h);
}

/* Start a second parser on the second part of the file p reads, when
 * the file is large enough and a line there can start it.  Return it,
 * or NULL to read the whole file with p alone. */
static struct half *
start_half(struct parser *p, uint32_t file)
{
	const struct zl_file *f = &p->g->files[file];
	const struct zl_zone *zone = &p->g->zones[p->zone];
	uint8_t origin[ZL_NAME_MAX];
	struct half *h;
	size_t at, limit;

	if (p->opt->threads < 2 || p->depth != 1 || f->size < p->opt->split_min_size ||
	    f->size < 2)
		return NULL;
	/* A line that starts with an owner name, a little past the middle
	 * because the second parser first counts the lines before it. */
	at = f->size / 2 + f->size / 50;
	limit = at + (f->size - at) / 2;
	for (;;) {
		const char *nl = memchr(f->data + at, '\n', f->size - at);

		if (nl == NULL || (size_t)(nl - f->data) + 1 >= limit)
			return NULL;
		at = (size_t)(nl - f->data) + 1;
		if (starts_owner(f->data[at]))
			break;
	}

	h = zl_xcalloc(1, sizeof(*h));
	memcpy(h->origin, p->origin, zl_name_len(p->origin));
	if (!origin_before(f, at, h->origin)) {
		free(h);
		return NULL;
	}
	h->start = at;
	zl_graph_init(&h->g);
	zl_graph_reserve_names(&h->g, (f->size - at) / BYTES_PER_NAME);
	zl_diags_init(&h->diags, NULL);
	/* Copies of the file and zone tables, so that the first parser may
	 * grow its own while this one reads. */
	h->g.files = zl_xmalloc(p->g->nfiles * sizeof(*h->g.files));
	memcpy(h->g.files, p->g->files, p->g->nfiles * sizeof(*h->g.files));
	h->g.nfiles = h->g.files_cap = p->g->nfiles;
	h->g.zones = zl_xmalloc((p->zone + 1) * sizeof(*h->g.zones));
	memcpy(h->g.zones, p->g->zones, (p->zone + 1) * sizeof(*h->g.zones));
	h->g.nzones = h->g.zones_cap = p->zone + 1;
	zl_graph_name_wire(p->g, zone->origin, origin);
	h->g.zones[p->zone].origin = zl_graph_intern(&h->g, origin);
	h->g.zones[p->zone].record_count = 0;

	h->p.g = &h->g;
	h->p.diags = &h->diags;
	h->p.opt = p->opt;
	h->p.zone = p->zone;
	h->p.file = file;
	memcpy(h->p.origin, h->origin, zl_name_len(h->origin));
	h->p.origin_id = ZL_NONE;
	h->p.owner = ZL_NONE;
	h->p.last_txt = ZL_NONE;
	h->p.have_default_ttl = true;
	h->p.default_ttl = 0;
	h->p.ttl_deferred = true;
	h->p.half = h;
	h->p.rd = zl_xmalloc(sizeof(*h->p.rd));
	zl_strbuf_init(&h->p.meant);
	h->p.stack[0] = p->stack[0];
	h->p.depth = 1;
	atomic_init(&h->cancel, false);

	/* The record type table fills itself on first use, which the two
	 * parsers must not race to do. */
	zl_rrtype_init();
	if (pthread_create(&h->thread, NULL, read_half, h) != 0) {
		free_half(h);
		return NULL;
	}
	return h;
}

/* The arrays of the second part that merge_half() copies on a thread of
 * its own while it adds the names. */
struct copy {
	struct zl_graph *g, *part;
	uint32_t rdata;		/* where the part's RDATA starts in g */
};

/* Append the second part's RDATA and records to the graph as they are:
 * the records' owners and RDATA offsets are the part's until
 * merge_half() maps them.  Each array of the part is freed once it is
 * copied. */
static void *
copy_half_arrays(void *arg)
{
	struct copy *c = arg;
	struct zl_graph *g = c->g, *part = c->part;

	c->rdata = zl_graph_take_rdata(g, part);
	zl_graph_take_records(g, part);
	return NULL;
}

/* Add the names, records and references of the second part to the graph
 * of p, after those of the first part, and take over the parser state. */
static void
merge_half(struct parser *p, struct half *h, struct text_progress *progress)
{
	struct zl_graph *g = p->g, *part = &h->g;
	uint32_t *map = zl_xmalloc((part->nnames + 1) * sizeof(*map));
	uint32_t first = (uint32_t)g->nrecords;
	struct copy copy = { g, part, 0 };
	pthread_t copier;
	bool copying;

	/* The RDATA and records are copied while the names are added: the
	 * two touch different arrays of the graph. */
	copying = pthread_create(&copier, NULL, copy_half_arrays, &copy) == 0;
	zl_graph_merge_names(g, part, map);
	free(part->names);
	free(part->name_arena);
	free(part->name_table);
	part->names = NULL;
	part->name_arena = NULL;
	part->name_table = NULL;
	if (copying)
		pthread_join(copier, NULL);
	else
		copy_half_arrays(&copy);
	for (size_t i = first; i < g->nrecords; i++) {
		struct zl_record *r = &g->records[i];

		r->owner = map[r->owner];
		r->rdata += copy.rdata;
	}
	for (size_t i = 0; i < h->ndeferred; i++)
		g->records[first + h->deferred[i]].ttl = p->default_ttl;
	for (size_t i = 0; i < part->ntype_apart; i++) {
		struct zl_type_pos apart = part->type_apart[i];

		apart.record += first;
		ZL_PUSH(g->type_apart, g->ntype_apart, g->type_apart_cap, apart);
	}
	for (size_t i = 0; i < part->nrefs; i++) {
		const struct zl_ref *ref = &part->refs[i];

		zl_graph_add_ref(g, ref->record + first, map[ref->target], ref->kind,
		    zl_ref_pos(part, ref));
	}
	for (size_t i = 0; i < part->nnotes; i++) {
		struct zl_note *note = &part->notes[i];

		zl_graph_add_note(g, note->kind,
		    note->record != ZL_NONE ? note->record + first : ZL_NONE, note->pos,
		    note->word, note->meant, note->type);
		note->word = note->meant = NULL;
	}
	g->zones[p->zone].record_count += part->zones[p->zone].record_count;

	memcpy(p->origin, h->p.origin, zl_name_len(h->p.origin));
	p->origin_id = h->p.origin_id != ZL_NONE ? map[h->p.origin_id] : ZL_NONE;
	p->owner = h->p.owner != ZL_NONE ? map[h->p.owner] : ZL_NONE;
	p->origin_relative = h->p.origin_relative;
	p->owner_text = h->p.owner_text;
	p->owner_len = h->p.owner_len;
	if (!h->p.ttl_deferred)
		p->default_ttl = h->p.default_ttl;
	if (h->p.have_last_ttl) {
		p->have_last_ttl = true;
		p->last_ttl = h->p.last_ttl;
	}
	p->last_txt = h->p.last_txt != ZL_NONE ? h->p.last_txt + first : ZL_NONE;

	/* The first part searched for the suppression tag up to the line
	 * where the second began, and the second from there. */
	search_tag(progress, &g->files[p->file], h->start);
	progress->tag = progress->tag || h->progress.tag;
	progress->searched = h->progress.searched;
	progress->released = h->progress.released;
	free(map);
}

/* Wait for the second part and add it when its guess was right.  The first
 * parser calls this at its first line at or after the start of the second
 * part, whose first token is t.  Return whether the second part was
 * added, which means that the rest of the file is read. */
static bool
join_half(struct parser *p, struct half *h, const struct zl_token *t,
    struct text_progress *progress)
{
	bool fits;

	/* The origin must match byte for byte, case included: relative names
	 * in RDATA keep the case of the origin they were completed with. */
	fits = t->pos.off == h->start && (t->flags & ZL_TOKEN_LINE_START) &&
	    !p->origin_relative && zl_name_len(p->origin) == zl_name_len(h->origin) &&
	    memcmp(p->origin, h->origin, zl_name_len(h->origin)) == 0;
	if (!fits)
		atomic_store(&h->cancel, true);
	pthread_join(h->thread, NULL);
	fits = fits && h->complete && t->pos.line == h->line &&
	    (h->ndeferred == 0 || p->have_default_ttl) &&
	    p->g->zones[p->zone].record_count + h->g.zones[p->zone].record_count <
	    p->opt->max_records;
	if (fits)
		merge_half(p, h, progress);
	free_half(h);
	return fits;
}

/* Return whether the second part is still worth reading, before the line
 * whose first token is t. */
static bool
half_goes_on(const struct parser *p, const struct zl_token *t)
{
	if (atomic_load_explicit(&p->half->cancel, memory_order_relaxed) || p->diags->len > 0)
		return false;
	if (t->kind == ZL_TOKEN_WORD && t->len > 0 && t->text[0] == '$')
		return zl_ascii_casecmp_n(t->text, t->len, "$ORIGIN") == 0 ||
		    zl_ascii_casecmp_n(t->text, t->len, "$TTL") == 0;
	/* A record without an owner would take the first part's last one. */
	return (t->flags & ZL_TOKEN_LINE_START) || p->owner != ZL_NONE;
}

/* Read the logical lines of lx into p up to the end of the file.  With
 * split, stop at the line where that second part starts and add it.
 * Return false when p reads a second part and stopped early. */
static bool
read_lines(struct parser *p, struct zl_lexer *lx, struct text_progress *progress,
    struct half *split)
{
	const uint32_t file = p->file;

	for (;;) {
		enum zl_token_kind last;

		p->ntoks = 0;
		for (;;) {
			struct zl_token *t;

			/* Read each token straight into its slot. */
			if (p->ntoks == p->toks_cap)
				zl_grow((void **)&p->toks, &p->toks_cap, p->ntoks + 1,
				    sizeof(*p->toks));
			t = &p->toks[p->ntoks];
			zl_lexer_read(lx, t);
			last = t->kind;
			if (last == ZL_TOKEN_EOL || last == ZL_TOKEN_EOF)
				break;
			if (last == ZL_TOKEN_ERROR) {
				report_lex_error(p, t);
				continue;
			}
			if (p->ntoks == MAX_LINE_TOKENS) {
				syntax_error(p, t->pos, _("more than %d fields in one record: the rest of the record is ignored"),
				    MAX_LINE_TOKENS);
				zl_lexer_skip_line(lx);
				last = ZL_TOKEN_EOL;
				break;
			}
			p->ntoks++;
		}
		if (p->ntoks > 0) {
			const struct zl_token *first = &p->toks[0];

			if (split != NULL && first->pos.off >= split->start) {
				struct half *h = split;

				split = NULL;
				if (join_half(p, h, first, progress))
					return true;
			}
			if (p->half != NULL && !half_goes_on(p, first))
				return false;
			if (p->g->zones[p->zone].record_count >= p->opt->max_records &&
			    !adds_no_record(first)) {
				if (p->half != NULL)
					return false;
				at_record_limit(p, first->pos);
				break;
			}
			if (first->kind == ZL_TOKEN_WORD && first->len > 0 && first->text[0] == '$')
				parse_directive(p, p->toks, p->ntoks);
			else
				parse_record(p, p->toks, p->ntoks, 0);
		}
		if (last == ZL_TOKEN_EOF)
			break;
		release_read_pages(&p->g->files[file], progress, lx->off);
	}
	if (split != NULL) {
		/* The end of the file came first: the split line was inside
		 * a record. */
		atomic_store(&split->cancel, true);
		pthread_join(split->thread, NULL);
		free_half(split);
	}
	return p->half == NULL || p->diags->len == 0;
}

static void
read_file(struct parser *p, uint32_t file)
{
	struct zl_lexer lx;
	const struct zl_file *f = &p->g->files[file];
	struct text_progress progress = { 0, 0, false };

	zl_lexer_init(&lx, f->data, f->size, file, line_looks_like_record);
	p->file = file;
	p->lx = &lx;
	/* Room for the names of the whole file, also when a second parser
	 * reads part of it: its names come into this graph in the end. */
	zl_graph_reserve_names(p->g, p->g->nnames + f->size / BYTES_PER_NAME);
	read_lines(p, &lx, &progress, start_half(p, file));
	finish_text(p, file, &progress);
}

/* ------------------------------------------------------------------ */
/* The origin of a zone file */

/* The origin from the file itself: a $ORIGIN before the first record, or
 * the absolute owner of an SOA record that comes first, for which
 * *from_soa is set to true. */
static bool
origin_from_content(const struct zl_file *f, uint8_t *origin, bool *from_soa)
{
	struct zl_lexer lx;
	size_t err_off, len;
	bool relative;

	*from_soa = false;
	zl_lexer_init(&lx, f->data, f->size, 0, NULL);
	for (;;) {
		struct zl_token t[4];
		size_t n = 0;
		struct zl_token x;

		for (;;) {
			x = zl_lexer_next(&lx);
			if (x.kind == ZL_TOKEN_EOL || x.kind == ZL_TOKEN_EOF)
				break;
			if (x.kind != ZL_TOKEN_ERROR && n < 4)
				t[n++] = x;
		}
		if (n > 0) {
			/* A quoted string may be empty and end the file. */
			if (t[0].kind == ZL_TOKEN_WORD && t[0].text[0] == '$') {
				if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$ORIGIN") == 0 && n > 1)
					return zl_name_from_text(t[1].text, t[1].len, NULL, origin,
					    &len, &relative, &err_off) == ZL_NAME_OK && !relative;
				if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$TTL") != 0)
					return false;
			} else {
				/* An absolute owner, "." in the root zone.  A quoted
				 * string is no owner, and may be empty. */
				if (!(t[0].flags & ZL_TOKEN_LINE_START) || t[0].kind != ZL_TOKEN_WORD ||
				    t[0].len == 0 || t[0].text[t[0].len - 1] != '.')
					return false;
				for (size_t i = 1; i < n; i++) {
					uint16_t type;

					if (zl_rrtype_from_text(t[i].text, t[i].len, &type)) {
						*from_soa = true;
						return type == ZL_TYPE_SOA &&
						    zl_name_from_text(t[0].text, t[0].len, NULL, origin,
						    &len, &relative, &err_off) == ZL_NAME_OK && !relative;
					}
				}
				return false;
			}
		}
		if (x.kind == ZL_TOKEN_EOF)
			return false;
	}
}

/* The origin from the file name: db.example.jp, example.jp.zone, example.jp.
 * *patterned is set to true for the forms with "db." or a suffix, which
 * leave no doubt that the file names the zone. */
static bool
origin_from_path(const char *path, uint8_t *origin, bool *patterned)
{
	static const char *const suffixes[] = { ".zone", ".db", ".hosts", ".dns" };
	const char *base = strrchr(path, '/');
	size_t len, err_off, wlen;
	bool relative;
	char buf[ZL_NAME_MAX * 4];

	base = base ? base + 1 : path;
	*patterned = false;
	if (strncmp(base, "db.", 3) == 0) {
		base += 3;
		*patterned = true;
	}
	len = strlen(base);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]) && !*patterned; i++) {
		size_t sl = strlen(suffixes[i]);

		if (len > sl && strcmp(base + len - sl, suffixes[i]) == 0) {
			len -= sl;
			*patterned = true;
		}
	}
	if (len == 0 || len >= sizeof(buf) || memchr(base, '.', len) == NULL)
		return false;
	memcpy(buf, base, len);
	buf[len] = '\0';
	if (buf[len - 1] != '.')
		buf[len++] = '.';
	return zl_name_from_text(buf, len, NULL, origin, &wlen, &relative, &err_off) == ZL_NAME_OK;
}

/* Read the origin given with -o; a missing final dot is implied. */
static bool
origin_from_option(const char *text, uint8_t *origin)
{
	size_t len = strlen(text), wlen, err_off;
	bool relative;
	char buf[ZL_NAME_MAX * 4 + 2];

	if (len == 0 || len > sizeof(buf) - 2)
		return false;
	memcpy(buf, text, len);
	if (buf[len - 1] != '.')
		buf[len++] = '.';
	return zl_name_from_text(buf, len, NULL, origin, &wlen, &relative, &err_off) == ZL_NAME_OK;
}

static char *
format_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
format_error(const char *fmt, ...)
{
	struct zl_strbuf sb;
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	zl_strbuf_init(&sb);
	zl_grow((void **)&sb.data, &sb.cap, (size_t)(n < 0 ? 0 : n) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.data, sb.cap, fmt, ap);
	va_end(ap);
	s = sb.data;
	return s;
}

/* Read the file that add_file() or zl_load_zone_buffer() added as a new
 * zone.  name is what the origin is guessed from when the text does not
 * give it. */
static int
load_opened(struct zl_graph *g, struct zl_diags *diags, uint32_t file,
    const struct include_id *id, const char *name, const struct zl_load_options *opt,
    char **error)
{
	struct parser p;
	struct zl_zone zone;
	uint32_t zone_id = (uint32_t)g->nzones, origin_id;
	bool from_soa, patterned;

	memset(&p, 0, sizeof(p));
	if (opt->origin != NULL) {
		if (!origin_from_option(opt->origin, p.origin)) {
			*error = format_error(_("invalid origin '%s'"), opt->origin);
			return -1;
		}
	} else if (origin_from_content(&g->files[file], p.origin, &from_soa)) {
		uint8_t named[ZL_NAME_MAX];

		/* An SOA owned by "." makes the root zone unless the file is
		 * named after another zone as db.ZONE or ZONE.zone (.db,
		 * .hosts, .dns): there it is more likely a mistyped owner,
		 * which the rules then report.  root.zone, db.root and
		 * root.zone.signed name no other zone. */
		if (from_soa && p.origin[0] == 0 && origin_from_path(name, named, &patterned) &&
		    patterned)
			memcpy(p.origin, named, zl_name_len(named));
	} else if (!origin_from_path(name, p.origin, &patterned)) {
		*error = format_error(_("cannot tell the origin of '%s': give it with -o ORIGIN"),
		    name);
		return -1;
	}

	memset(&zone, 0, sizeof(zone));
	origin_id = zl_graph_intern(g, p.origin);
	zone.origin = origin_id;
	zone.file = file;
	zone.first_record = (uint32_t)g->nrecords;
	ZL_PUSH(g->zones, g->nzones, g->zones_cap, zone);
	zl_graph_add_origin(g, origin_id, zone_id);

	p.g = g;
	p.diags = diags;
	p.opt = opt;
	p.zone = zone_id;
	p.origin_id = origin_id;
	p.owner = ZL_NONE;
	p.last_txt = ZL_NONE;
	p.rd = zl_xmalloc(sizeof(*p.rd));
	zl_strbuf_init(&p.meant);
	p.stack[p.depth++] = *id;
	read_file(&p, file);

	free(p.toks);
	free(p.fixed);
	free(p.rd);
	zl_strbuf_fini(&p.meant);
	return 0;
}

/* Return the message for a zone file given by path that could not be
 * read (free() it). */
static char *
read_error(const char *path, const struct zl_infile_failure *why)
{
	switch (why->problem) {
	case ZL_INFILE_NO_WRITER:
		return format_error(_("cannot read '%s': no process has this FIFO open for writing (start the writer first)"),
		    path);
	case ZL_INFILE_NUL_BYTE:
		return format_error(_("cannot read '%s': NUL byte at line %zu, column %zu (a device is read only up to its first NUL byte)"),
		    path, why->line, why->col);
	case ZL_INFILE_ERRNO:
	case ZL_INFILE_NOT_REGULAR:
	case ZL_INFILE_OUTSIDE_ROOT:
		break;
	}
	return format_error(_("cannot open '%s': %s"), path, strerror(why->error));
}

int
zl_load_zone(struct zl_graph *g, struct zl_diags *diags, const char *path,
    const struct zl_load_options *opt, char **error)
{
	struct zl_infile_failure why;
	struct include_id id;
	uint32_t file;
	int fd;

	*error = NULL;
	fd = zl_infile_open(path);
	if (fd < 0) {
		*error = format_error(_("cannot open '%s': %s"), path, strerror(errno));
		return -1;
	}
	file = add_file(g, fd, path, (uint32_t)g->nzones, ZL_NONE, (struct zl_pos){ 0, 0, 0, 0 },
	    false, &id, &why);
	if (file == ZL_NONE) {
		*error = read_error(path, &why);
		return -1;
	}
	return load_opened(g, diags, file, &id, path, opt, error);
}

int
zl_load_zone_buffer(struct zl_graph *g, struct zl_diags *diags, const char *name,
    const char *data, size_t size, const struct zl_load_options *opt, char **error)
{
	/* No file has inode 0, so no $INCLUDE can look like this buffer. */
	struct include_id id = { 0, 0 };
	struct zl_file f;
	char *copy;

	*error = NULL;
	if ((uint64_t)size >= UINT32_MAX) {
		*error = format_error(_("cannot open '%s': %s"), name, strerror(EFBIG));
		return -1;
	}
	memset(&f, 0, sizeof(f));
	/* No terminating NUL, as with a mapped file, so that the sanitizers
	 * catch a read past the end. */
	copy = zl_xmalloc(size > 0 ? size : 1);
	if (size > 0)
		memcpy(copy, data, size);
	f.data = copy;
	f.size = size;
	f.path = zl_xstrdup(name);
	f.zone = (uint32_t)g->nzones;
	f.parent = ZL_NONE;
	ZL_PUSH(g->files, g->nfiles, g->files_cap, f);
	return load_opened(g, diags, (uint32_t)(g->nfiles - 1), &id, name, opt, error);
}
