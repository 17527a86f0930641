/* Text output: one finding per line, with the source line and a caret. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "wordscan.h"

/* Excerpts of long lines show this many bytes on each side of the column. */
#define EXCERPT_SIDE 80

/* Findings are collected up to about this many bytes before a write. */
#define WRITE_CHUNK 65536

/* Findings in a block, when two threads format blocks in turn. */
#define BLOCK_FINDINGS 256

size_t
zl_utf8_seq_len(const unsigned char *s, size_t len)
{
	size_t n;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Reject overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

bool
zl_utf8_is_control(const unsigned char *s, size_t n, unsigned *cp)
{
	if (n == 2)
		*cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
	else if (n == 3)
		*cp = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
	else
		return false;
	return (n == 2 && *cp < 0xa0) || (*cp >= 0x202a && *cp <= 0x202e) ||
	    (*cp >= 0x2066 && *cp <= 0x2069) || *cp == 0x200e || *cp == 0x200f ||
	    *cp == 0xfeff;
}

/* Return whether byte c is printable ASCII, which goes out as it is. */
static bool
plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f;
}

/* Mark the bytes of w that are not printable ASCII.  No carry crosses a
 * byte: adding 1 to a byte's low seven bits sets their top bit only for
 * 0x7f, and adding 0x60 leaves it clear only below 0x20.  Bytes from 0x80
 * up have the top bit set already. */
static uint64_t
word_not_plain(uint64_t w)
{
	uint64_t low = w & ~ZL_WORD_TOPS;
	uint64_t from_7f = (low + ZL_WORD_ONES) | w;
	uint64_t below_20 = ~((low + ZL_WORD_ONES * 0x60) | w);

	return (from_7f | below_20) & ZL_WORD_TOPS;
}

/* Return the index of the first byte of s from i on that is not
 * printable ASCII, or len.  Messages and source lines are mostly
 * printable, so the bytes are tested 8 at a time. */
static size_t
plain_run_end(const unsigned char *s, size_t i, size_t len)
{
	while (len - i >= 8) {
		uint64_t mask = word_not_plain(zl_word_load(s + i));

		if (mask != 0)
			return i + zl_word_first(mask);
		i += 8;
	}
	while (i < len && plain_byte(s[i]))
		i++;
	return i;
}

void
zl_escape_terminal(struct zl_strbuf *sb, const char *s, size_t len, bool keep_tab)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t run = plain_run_end(u, i, len), n;
		unsigned cp;

		if (run > i) {
			zl_strbuf_add(sb, s + i, run - i);
			i = run;
			continue;
		}
		n = zl_utf8_seq_len(u + i, len - i);
		if (n == 1 && u[i] == '\t' && keep_tab)
			zl_strbuf_addc(sb, '\t');
		else if (zl_utf8_is_control(u + i, n, &cp))
			zl_strbuf_addf(sb, "\\u%04x", cp);
		else if (n > 1)
			zl_strbuf_add(sb, s + i, n);
		else
			zl_strbuf_addf(sb, "\\x%02X", (unsigned)u[i]);
		i += n ? n : 1;
	}
}

/* The source line of pos, cut to a window around the column; *col_in
 * receives the column's offset inside the returned text. */
static void
source_line(const struct zl_file *f, const struct zl_pos *pos, const char **start,
    size_t *len, size_t *col_in, bool *cut_left, bool *cut_right)
{
	size_t off = pos->off < f->size ? pos->off : f->size;
	size_t b = off, e, stop;
	const char *nl;

	/* Search only as far as needed to decide whether the window is cut:
	 * EXCERPT_SIDE + 1 bytes to the left, and EXCERPT_SIDE + 2 to the
	 * right, because a \r before the newline is dropped from the line. */
	stop = off > EXCERPT_SIDE + 1 ? off - (EXCERPT_SIDE + 1) : 0;
	while (b > stop && f->data[b - 1] != '\n')
		b--;
	stop = f->size - off > EXCERPT_SIDE + 2 ? off + EXCERPT_SIDE + 2 : f->size;
	nl = stop > off ? memchr(f->data + off, '\n', stop - off) : NULL;
	e = nl != NULL ? (size_t)(nl - f->data) : stop;
	if (e > b && f->data[e - 1] == '\r')
		e--;
	*cut_left = *cut_right = false;
	if (off - b > EXCERPT_SIDE) {
		b = off - EXCERPT_SIDE;
		*cut_left = true;
	}
	if (e > off + EXCERPT_SIDE) {
		e = off + EXCERPT_SIDE;
		*cut_right = true;
	}
	*start = f->data + b;
	*len = e - b;
	*col_in = off - b;
}

/* Append n blanks to sb. */
static void
add_blanks(struct zl_strbuf *sb, size_t n)
{
	static const char blanks[] = "                                ";

	while (n > 0) {
		size_t k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;

		zl_strbuf_add(sb, blanks, k);
		n -= k;
	}
}

/* Append to out the source line of d and a caret under its column,
 * building the two lines in text and caret. */
static void
add_excerpt(struct zl_strbuf *out, const struct zl_graph *g, const struct zl_diag *d,
    bool color, struct zl_strbuf *text, struct zl_strbuf *caret)
{
	const struct zl_file *f;
	const char *line;
	size_t len, col, i = 0;
	bool cut_left, cut_right;

	if (d->pos.file >= g->nfiles || d->pos.line == 0)
		return;
	f = &g->files[d->pos.file];
	source_line(f, &d->pos, &line, &len, &col, &cut_left, &cut_right);
	text->len = caret->len = 0;
	zl_strbuf_adds(text, cut_left ? "    ..." : "    ");
	zl_strbuf_adds(caret, cut_left ? "       " : "    ");

	/* The caret line copies tabs and pads every escaped byte, so the
	 * caret stays under the column whatever the line holds. */
	while (i < len) {
		size_t n, before = text->len;
		size_t run = plain_run_end((const unsigned char *)line, i, len);

		/* Printable ASCII: one column per byte. */
		if (run > i) {
			zl_strbuf_add(text, line + i, run - i);
			if (i < col)
				add_blanks(caret, (run < col ? run : col) - i);
			i = run;
			continue;
		}

		/* A tab, common between the fields of a record, is kept in
		 * both lines as zl_escape_terminal() would keep it. */
		if (line[i] == '\t') {
			zl_strbuf_addc(text, '\t');
			if (i < col)
				zl_strbuf_addc(caret, '\t');
			i++;
			continue;
		}
		n = zl_utf8_seq_len((const unsigned char *)line + i, len - i);
		if (n == 0)
			n = 1;
		zl_escape_terminal(text, line + i, n, true);
		if (i < col) {
			if (line[i] == '\t')
				zl_strbuf_addc(caret, '\t');
			else if (n > 1 && text->len - before == n)
				zl_strbuf_addc(caret, ' ');
			else
				add_blanks(caret, text->len - before);
		}
		i += n;
	}
	if (cut_right)
		zl_strbuf_adds(text, "...");
	zl_strbuf_add(out, text->data, text->len);
	zl_strbuf_addc(out, '\n');
	zl_strbuf_add(out, caret->data, caret->len);
	zl_strbuf_adds(out, color ? "\033[1;32m^\033[0m\n" : "^\n");
}

static const char *
severity_color(enum zl_severity s)
{
	switch (s) {
	case ZL_ERROR: return "\033[1;31m";
	case ZL_WARNING: return "\033[1;35m";
	case ZL_INFO: return "\033[1;36m";
	}
	return "";
}

const char *
zl_severity_label(enum zl_severity s)
{
	switch (s) {
	case ZL_ERROR: return _("error");
	case ZL_WARNING: return _("warning");
	case ZL_INFO: return _("info");
	}
	return "";
}

/* Append the decimal digits of n. */
static void
add_number(struct zl_strbuf *sb, uint32_t n)
{
	char digits[10];
	size_t i = sizeof(digits);

	do {
		digits[--i] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0);
	zl_strbuf_add(sb, digits + i, sizeof(digits) - i);
}

/* The state of formatting findings on one thread: its buffers, the path
 * it escaped last, and the translated labels. */
struct text_state {
	const struct zl_graph *g;
	bool color;
	const char *labels[3];		/* by severity */
	const char *hint_label;
	struct zl_strbuf sb, text, caret, path_text;
	uint32_t path_file;		/* the file whose path is in path_text */
	bool have_path;			/* path_text holds the path of path_file */
};

static void
state_init(struct text_state *st, const struct zl_graph *g, bool color)
{
	memset(st, 0, sizeof(*st));
	st->g = g;
	st->color = color;
	/* Translated once: the catalog lookup costs more than the rest of
	 * a finding's header. */
	st->labels[ZL_ERROR] = zl_severity_label(ZL_ERROR);
	st->labels[ZL_WARNING] = zl_severity_label(ZL_WARNING);
	st->labels[ZL_INFO] = zl_severity_label(ZL_INFO);
	st->hint_label = _("hint:");
	zl_strbuf_init(&st->sb);
	zl_strbuf_init(&st->text);
	zl_strbuf_init(&st->caret);
	zl_strbuf_init(&st->path_text);
}

static void
state_fini(struct text_state *st)
{
	zl_strbuf_fini(&st->sb);
	zl_strbuf_fini(&st->text);
	zl_strbuf_fini(&st->caret);
	zl_strbuf_fini(&st->path_text);
}

/* Append finding x to st->sb. */
static void
add_finding(struct text_state *st, const struct zl_diag *x)
{
	const struct zl_graph *g = st->g;
	struct zl_strbuf *sb = &st->sb;
	bool color = st->color;
	const char *label = (unsigned)x->severity < sizeof(st->labels) / sizeof(st->labels[0]) ?
	    st->labels[x->severity] : "";

	if (color)
		zl_strbuf_adds(sb, "\033[1m");

	/* Findings come sorted by file, so each path is escaped once. */
	if (!st->have_path || x->pos.file != st->path_file) {
		const char *path = x->pos.file < g->nfiles ? g->files[x->pos.file].path : "-";

		st->path_text.len = 0;
		zl_escape_terminal(&st->path_text, path, strlen(path), false);
		st->path_file = x->pos.file;
		st->have_path = true;
	}
	if (st->path_text.len > 0)
		zl_strbuf_add(sb, st->path_text.data, st->path_text.len);
	zl_strbuf_addc(sb, ':');
	add_number(sb, x->pos.line);
	zl_strbuf_addc(sb, ':');
	add_number(sb, x->pos.col);
	zl_strbuf_adds(sb, color ? ":\033[0m " : ": ");
	if (color)
		zl_strbuf_adds(sb, severity_color(x->severity));
	zl_strbuf_adds(sb, label);
	zl_strbuf_adds(sb, color ? ":\033[0m " : ": ");
	zl_escape_terminal(sb, x->message, strlen(x->message), false);
	zl_strbuf_adds(sb, color ? " \033[2m[" : " [");
	zl_strbuf_adds(sb, x->rule->id);
	zl_strbuf_adds(sb, color ? "]\033[0m\n" : "]\n");
	add_excerpt(sb, g, x, color, &st->text, &st->caret);
	zl_graph_reread(g);
	if (x->hint != NULL) {
		zl_strbuf_adds(sb, color ? "    \033[1;34m" : "    ");
		zl_strbuf_adds(sb, st->hint_label);
		zl_strbuf_adds(sb, color ? "\033[0m " : " ");
		zl_escape_terminal(sb, x->hint, strlen(x->hint), false);
		zl_strbuf_addc(sb, '\n');
	}
}

/* Append the findings of block `block` of d to st->sb. */
static void
add_block(struct text_state *st, const struct zl_diags *d, size_t block)
{
	size_t end = (block + 1) * BLOCK_FINDINGS;

	for (size_t i = block * BLOCK_FINDINGS; i < end && i < d->len; i++)
		add_finding(st, &d->items[i]);
}

/*
 * A second thread formats the odd blocks of findings while the calling
 * thread formats the even ones and writes all of them in order.  The
 * helper's buffer contains one block at a time, and full is set while
 * that block is not written yet.
 */
struct helper {
	struct text_state st;
	const struct zl_diags *d;
	size_t nblocks;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	bool full;
};

static void *
format_odd_blocks(void *arg)
{
	struct helper *h = arg;

	for (size_t b = 1; b < h->nblocks; b += 2) {
		pthread_mutex_lock(&h->lock);
		while (h->full)
			pthread_cond_wait(&h->changed, &h->lock);
		pthread_mutex_unlock(&h->lock);

		h->st.sb.len = 0;
		add_block(&h->st, h->d, b);

		pthread_mutex_lock(&h->lock);
		h->full = true;
		pthread_cond_signal(&h->changed);
		pthread_mutex_unlock(&h->lock);
	}
	return NULL;
}

/* Write the findings of d with the help of a second thread.  Return
 * false, having written nothing, when the thread cannot start. */
static bool
write_on_two_threads(FILE *out, struct text_state *st, const struct zl_diags *d)
{
	struct helper h;
	pthread_t thread;

	memset(&h, 0, sizeof(h));
	state_init(&h.st, st->g, st->color);
	h.d = d;
	h.nblocks = (d->len + BLOCK_FINDINGS - 1) / BLOCK_FINDINGS;
	pthread_mutex_init(&h.lock, NULL);
	pthread_cond_init(&h.changed, NULL);
	if (pthread_create(&thread, NULL, format_odd_blocks, &h) != 0) {
		pthread_cond_destroy(&h.changed);
		pthread_mutex_destroy(&h.lock);
		state_fini(&h.st);
		return false;
	}
	for (size_t b = 0; b < h.nblocks; b += 2) {
		st->sb.len = 0;
		add_block(st, d, b);
		fwrite(st->sb.data, 1, st->sb.len, out);
		if (b + 1 == h.nblocks)
			break;

		pthread_mutex_lock(&h.lock);
		while (!h.full)
			pthread_cond_wait(&h.changed, &h.lock);
		pthread_mutex_unlock(&h.lock);

		fwrite(h.st.sb.data, 1, h.st.sb.len, out);

		pthread_mutex_lock(&h.lock);
		h.full = false;
		pthread_cond_signal(&h.changed);
		pthread_mutex_unlock(&h.lock);
	}
	pthread_join(thread, NULL);
	pthread_cond_destroy(&h.changed);
	pthread_mutex_destroy(&h.lock);
	state_fini(&h.st);
	st->sb.len = 0;
	return true;
}

void
zl_report_text(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    bool color, bool summary, unsigned threads)
{
	struct text_state st;
	struct zl_strbuf sb;

	state_init(&st, g, color);
	if (threads < 2 || d->len < 2 * BLOCK_FINDINGS || !write_on_two_threads(out, &st, d)) {
		/* Findings are built in st.sb and written a chunk at a time. */
		for (size_t i = 0; i < d->len; i++) {
			add_finding(&st, &d->items[i]);
			if (st.sb.len >= WRITE_CHUNK) {
				fwrite(st.sb.data, 1, st.sb.len, out);
				st.sb.len = 0;
			}
		}
		if (st.sb.len > 0)
			fwrite(st.sb.data, 1, st.sb.len, out);
	}
	state_fini(&st);
	if (!summary)
		return;
	zl_strbuf_init(&sb);
	zl_report_summary(&sb, g, d);
	fprintf(out, "%s\n", sb.data);
	zl_strbuf_fini(&sb);
}

void
zl_report_summary(struct zl_strbuf *sb, const struct zl_graph *g, const struct zl_diags *d)
{
	size_t counts[3], start = sb->len;
	char pieces[5][64];

	zl_diags_count(d, counts);
	snprintf(pieces[0], sizeof(pieces[0]), ngettext("%zu error", "%zu errors", counts[ZL_ERROR]),
	    counts[ZL_ERROR]);
	snprintf(pieces[1], sizeof(pieces[1]), ngettext("%zu warning", "%zu warnings", counts[ZL_WARNING]),
	    counts[ZL_WARNING]);
	snprintf(pieces[2], sizeof(pieces[2]), ngettext("%zu info", "%zu infos", counts[ZL_INFO]),
	    counts[ZL_INFO]);
	snprintf(pieces[3], sizeof(pieces[3]), ngettext("%zu zone", "%zu zones", g->nzones), g->nzones);
	snprintf(pieces[4], sizeof(pieces[4]), ngettext("%zu record", "%zu records", g->nrecords),
	    g->nrecords);
	/* TRANSLATORS: errors, warnings, infos, zones and records, in that
	 * order; reorder them with %1$s to %5$s. */
	zl_strbuf_addf(sb, _("%1$s, %2$s, %3$s in %4$s (%5$s)\n"), pieces[0], pieces[1],
	    pieces[2], pieces[3], pieces[4]);
	/* The catalogs end the line; the callers place it themselves. */
	while (sb->len > start && sb->data[sb->len - 1] == '\n')
		sb->data[--sb->len] = '\0';
}
