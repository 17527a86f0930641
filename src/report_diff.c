/* Diff output: a unified diff, as git diff writes one, of the fixes that
 * zonelint is certain of.  zonelint never changes a zone itself; the diff
 * is applied with git apply or patch -p1. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fix.h"
#include "util.h"

/* Unchanged lines shown around each change, as diff -u shows them. */
#define CONTEXT 3

/* The start offset of every line of a file; starts[nlines] is its size. */
struct lines {
	size_t *starts;
	size_t nlines;
};

/* A run of adjacent lines that edits change, first..last, and its edits
 * [e0, e1).  Adjacent changed lines form one block, as git diff shows them. */
struct block {
	size_t first, last;
	size_t e0, e1;
};

static void
index_lines(const struct zl_file *f, struct lines *l)
{
	size_t cap = 0;

	l->starts = NULL;
	l->nlines = 0;
	ZL_PUSH(l->starts, l->nlines, cap, 0);
	for (size_t i = 0; i < f->size; i++) {
		if (f->data[i] == '\n' && i + 1 < f->size)
			ZL_PUSH(l->starts, l->nlines, cap, i + 1);
	}
	ZL_PUSH(l->starts, l->nlines, cap, f->size);
	l->nlines--;
}

/* The line (from 0) that contains byte off. */
static size_t
line_of(const struct lines *l, size_t off)
{
	size_t lo = 0, hi = l->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Append path to sb as git writes it after "a/" or "b/": inside double
 * quotes with C escapes when it contains a quote, a backslash, a control
 * character or a byte outside ASCII, else as it is. */
static void
add_git_path(struct zl_strbuf *sb, const char *prefix, const char *path)
{
	bool quote = false;

	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++)
		quote = quote || *p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\';
	if (!quote) {
		zl_strbuf_adds(sb, prefix);
		zl_strbuf_adds(sb, path);
		return;
	}
	zl_strbuf_addc(sb, '"');
	zl_strbuf_adds(sb, prefix);
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			zl_strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\t')
			zl_strbuf_adds(sb, "\\t");
		else if (*p == '\n')
			zl_strbuf_adds(sb, "\\n");
		else if (*p < 0x20 || *p >= 0x7f)
			zl_strbuf_addf(sb, "\\%03o", (unsigned)*p);
		else
			zl_strbuf_addc(sb, (char)*p);
	}
	zl_strbuf_addc(sb, '"');
}

/* The path relative to the current folder, as git diff names files:
 * "./" dropped, and an absolute path rewritten with ".." as needed. */
static char *
relative_path(const char *path)
{
	char *cwd;
	size_t common = 0, i;
	struct zl_strbuf sb;

	if (path[0] != '/') {
		while (path[0] == '.' && path[1] == '/')
			path += 2;
		return zl_xstrdup(path);
	}
	cwd = getcwd(NULL, 0);
	if (cwd == NULL)
		return zl_xstrdup(path + 1);

	/* The whole folders at the start of both paths. */
	for (i = 0; cwd[i] != '\0' && cwd[i] == path[i]; i++) {
		if (cwd[i] == '/')
			common = i;
	}
	if (cwd[i] == '\0' && (path[i] == '/' || (i == 1 && cwd[0] == '/')))
		common = i;
	zl_strbuf_init(&sb);
	for (const char *c = cwd + common; *c != '\0'; c++) {
		if (*c == '/' && c[1] != '\0')
			zl_strbuf_adds(&sb, "../");
	}
	zl_strbuf_adds(&sb, path + common + (path[common] == '/'));
	free(cwd);
	return zl_strbuf_detach(&sb);
}

/* Append one line of a hunk: its mark, its text, and git's note when the
 * file ends without a line break. */
static void
add_hunk_line(struct zl_strbuf *sb, char mark, const char *text, size_t len)
{
	zl_strbuf_addc(sb, mark);
	zl_strbuf_add(sb, text, len);
	if (len == 0 || text[len - 1] != '\n')
		zl_strbuf_adds(sb, "\n\\ No newline at end of file\n");
}

/* Append the '-' and '+' lines of one block; return its new line count. */
static size_t
add_block(struct zl_strbuf *sb, const struct zl_file *f, const struct lines *l,
    const struct zl_edits *e, const struct block *b)
{
	size_t from = l->starts[b->first], to = l->starts[b->last + 1], at = from, n = 0;
	struct zl_strbuf text;

	for (size_t i = b->first; i <= b->last; i++)
		add_hunk_line(sb, '-', f->data + l->starts[i], l->starts[i + 1] - l->starts[i]);

	/* The block's text with its edits applied, then cut into lines. */
	zl_strbuf_init(&text);
	for (size_t k = b->e0; k < b->e1; k++) {
		zl_strbuf_add(&text, f->data + at, e->items[k].off - at);
		zl_strbuf_adds(&text, e->items[k].text);
		at = e->items[k].off + e->items[k].len;
	}
	zl_strbuf_add(&text, f->data + at, to - at);
	for (size_t i = 0; i < text.len; n++) {
		const char *nl = memchr(text.data + i, '\n', text.len - i);
		size_t len = nl != NULL ? (size_t)(nl - (text.data + i)) + 1 : text.len - i;

		add_hunk_line(sb, '+', text.data + i, len);
		i += len;
	}
	zl_strbuf_fini(&text);
	return n;
}

/* Group the edits of one file, e->items[e0..e1), into blocks of lines. */
static size_t
find_blocks(const struct lines *l, const struct zl_edits *e, size_t e0, size_t e1,
    struct block *blocks)
{
	size_t n = 0;

	for (size_t k = e0; k < e1; k++) {
		const struct zl_edit *x = &e->items[k];
		size_t first = line_of(l, x->off);
		size_t last = x->len > 0 ? line_of(l, x->off + x->len - 1) : first;

		if (n > 0 && first <= blocks[n - 1].last + 1) {
			if (last > blocks[n - 1].last)
				blocks[n - 1].last = last;
			blocks[n - 1].e1 = k + 1;
			continue;
		}
		blocks[n++] = (struct block){ first, last, k, k + 1 };
	}
	return n;
}

/* Write the diff of one file: the edits e->items[e0..e1). */
static void
write_file_diff(FILE *out, const struct zl_file *f, const struct zl_edits *e,
    size_t e0, size_t e1)
{
	struct lines l;
	struct block *blocks = zl_xcalloc(e1 - e0, sizeof(*blocks));
	size_t nblocks;
	long delta = 0;
	char *path = relative_path(f->path);
	struct zl_strbuf sb, hunk;

	index_lines(f, &l);
	nblocks = find_blocks(&l, e, e0, e1, blocks);
	zl_strbuf_init(&sb);
	zl_strbuf_adds(&sb, "diff --git ");
	add_git_path(&sb, "a/", path);
	zl_strbuf_addc(&sb, ' ');
	add_git_path(&sb, "b/", path);
	zl_strbuf_adds(&sb, "\n--- ");
	add_git_path(&sb, "a/", path);
	zl_strbuf_adds(&sb, "\n+++ ");
	add_git_path(&sb, "b/", path);
	zl_strbuf_addc(&sb, '\n');
	fputs(sb.data, out);

	/* Blocks closer than twice the context share a hunk. */
	zl_strbuf_init(&hunk);
	for (size_t b = 0; b < nblocks;) {
		size_t last_block = b, start, end, old_count, new_count = 0;

		while (last_block + 1 < nblocks &&
		    blocks[last_block + 1].first - blocks[last_block].last - 1 <= 2 * CONTEXT)
			last_block++;
		start = blocks[b].first > CONTEXT ? blocks[b].first - CONTEXT : 0;
		end = blocks[last_block].last + CONTEXT < l.nlines ?
		    blocks[last_block].last + CONTEXT : l.nlines - 1;
		old_count = end - start + 1;

		hunk.len = 0;
		for (size_t line = start; line <= end; line++) {
			if (b <= last_block && line == blocks[b].first) {
				new_count += add_block(&hunk, f, &l, e, &blocks[b]);
				line = blocks[b].last;
				b++;
				continue;
			}
			add_hunk_line(&hunk, ' ', f->data + l.starts[line],
			    l.starts[line + 1] - l.starts[line]);
			new_count++;
		}
		fprintf(out, "@@ -%zu", start + 1);
		if (old_count != 1)
			fprintf(out, ",%zu", old_count);
		fprintf(out, " +%ld", (long)(start + 1) + delta);
		if (new_count != 1)
			fprintf(out, ",%zu", new_count);
		fputs(" @@\n", out);
		fwrite(hunk.data, 1, hunk.len, out);
		delta += (long)new_count - (long)old_count;
	}
	zl_strbuf_fini(&hunk);
	zl_strbuf_fini(&sb);
	free(blocks);
	free(l.starts);
	free(path);
}

void
zl_report_diff(FILE *out, const struct zl_graph *g, const struct zl_diags *d)
{
	struct zl_edits edits;
	size_t i = 0;

	zl_edits_init(&edits);
	zl_fixes_collect(g, d, &edits);
	while (i < edits.len) {
		size_t end = i;

		while (end < edits.len && edits.items[end].file == edits.items[i].file)
			end++;
		write_file_diff(out, &g->files[edits.items[i].file], &edits, i, end);
		i = end;
	}
	zl_edits_fini(&edits);
}
