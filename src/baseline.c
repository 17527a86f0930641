/* Baselines: findings recorded once and left out of later reports. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "baseline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "infile.h"
#include "lexer.h"
#include "outfile.h"
#include "rrtype.h"
#include "util.h"

/* FNV-1a, 64 bits: enough to tell records apart, and stable across runs
 * and machines, which a baseline kept in a repository needs. */
#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

static uint64_t
fnv1a(uint64_t hash, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		hash ^= p[i];
		hash *= FNV_PRIME;
	}
	return hash;
}

static char *format_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
format_message(const char *fmt, ...)
{
	struct zl_strbuf sb;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	zl_strbuf_init(&sb);
	zl_grow((void **)&sb.data, &sb.cap, (size_t)(n < 0 ? 0 : n) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.data, sb.cap, fmt, ap);
	va_end(ap);
	return sb.data;
}

void
zl_baseline_init(struct zl_baseline *b)
{
	memset(b, 0, sizeof(*b));
}

static int
compare_content(const void *a, const void *b)
{
	const struct zl_baseline_key *x = a, *y = b;

	if (x->content != y->content)
		return x->content < y->content ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* Sort the entry numbers by content hash, so that a finding finds its
 * candidates by binary search instead of a pass over every entry. */
static void
index_entries(struct zl_baseline *b)
{
	free(b->by_content);
	b->by_content = zl_xcalloc(b->len ? b->len : 1, sizeof(*b->by_content));
	for (size_t i = 0; i < b->len; i++) {
		b->by_content[i].content = b->entries[i].content;
		b->by_content[i].entry = i;
	}
	qsort(b->by_content, b->len, sizeof(*b->by_content), compare_content);
}

void
zl_baseline_fini(struct zl_baseline *b)
{
	for (size_t i = 0; i < b->len; i++) {
		free(b->entries[i].rule);
		free(b->entries[i].owner);
		free(b->entries[i].type);
	}
	free(b->entries);
	free(b->by_content);
	free(b->path);
	memset(b, 0, sizeof(*b));
}

/* The records of a run sorted by file and offset, to find the record
 * that a finding without an owner points into. */
struct place {
	uint32_t file, off;	/* where the record starts */
	uint32_t record;
};

struct record_index {
	struct place *places;	/* owned */
	size_t len;
	const struct zl_graph *graph;
};

static int
compare_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->record < y->record ? -1 : x->record > y->record;
}

static void
record_index_init(struct record_index *ix, const struct zl_graph *g)
{
	ix->graph = g;
	ix->len = g->nrecords;
	ix->places = zl_xcalloc(g->nrecords ? g->nrecords : 1, sizeof(*ix->places));
	for (size_t i = 0; i < g->nrecords; i++) {
		struct zl_pos at = zl_record_pos(g, &g->records[i]);

		ix->places[i].file = at.file;
		ix->places[i].off = at.off;
		ix->places[i].record = (uint32_t)i;
	}
	qsort(ix->places, ix->len, sizeof(*ix->places), compare_place);
}

/* Read the logical line of record r again: hash its tokens, joined by one
 * blank so that spacing and comments play no part, and set *end to the
 * offset after its last token. */
static uint64_t
hash_tokens(const struct zl_graph *g, const struct zl_record *r, uint32_t *end)
{
	struct zl_pos at = zl_record_pos(g, r);
	const struct zl_file *f = &g->files[at.file];
	uint64_t hash = FNV_OFFSET;
	struct zl_lexer lx;

	*end = at.off;
	zl_lexer_init(&lx, f->data, f->size, at.file, NULL);
	zl_lexer_seek(&lx, at.off, at.line);
	for (;;) {
		struct zl_token t = zl_lexer_next(&lx);

		if (t.kind == ZL_TOKEN_EOL || t.kind == ZL_TOKEN_EOF)
			break;
		if (t.kind == ZL_TOKEN_ERROR)
			continue;
		hash = fnv1a(hash, t.text, t.len);
		hash = fnv1a(hash, " ", 1);
		*end = t.end.off;
	}
	return hash;
}

/* Find the record that a finding is about.  For a finding with an owner,
 * it is the last of the owner's records of its type in its file that
 * starts at or before the finding.  Otherwise it is the record whose
 * logical line contains the finding.  NULL when there is none. */
static const struct zl_record *
record_of(const struct record_index *ix, const struct zl_diag *d)
{
	const struct zl_graph *g = ix->graph;
	const struct zl_record *best = NULL;
	size_t lo = 0, hi = ix->len;
	uint32_t end;

	if (d->pos.file >= g->nfiles || !g->indexed)
		return NULL;
	if (d->owner != ZL_NONE && d->owner < g->nnames) {
		size_t count;
		const uint32_t *ids = zl_graph_rrset(g, d->owner, g->files[d->pos.file].zone,
		    d->type, &count);

		for (size_t i = 0; i < count; i++) {
			const struct zl_record *r = &g->records[ids[i]];
			struct zl_pos at = zl_record_pos(g, r);

			if (at.file == d->pos.file && at.off <= d->pos.off &&
			    (best == NULL || at.off > best->off))
				best = r;
		}
		return best;
	}

	/* The last record starting at or before the finding in its file. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct place *p = &ix->places[mid];

		if (p->file < d->pos.file || (p->file == d->pos.file && p->off <= d->pos.off))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	best = &g->records[ix->places[lo - 1].record];
	if (zl_record_pos(g, best).file != d->pos.file)
		return NULL;
	hash_tokens(g, best, &end);
	return d->pos.off <= end ? best : NULL;
}

/* The source line of a finding, without the blanks around it. */
static void
source_line(const struct zl_graph *g, const struct zl_diag *d, const char **text, size_t *len)
{
	const struct zl_file *f;
	size_t start, end;

	*text = "";
	*len = 0;
	if (d->pos.file >= g->nfiles || d->pos.line == 0)
		return;
	f = &g->files[d->pos.file];
	if (d->pos.off > f->size || d->pos.col - 1 > d->pos.off)
		return;
	start = d->pos.off - (d->pos.col - 1);
	end = d->pos.off;
	while (end < f->size && f->data[end] != '\n')
		end++;
	while (start < end && (f->data[start] == ' ' || f->data[start] == '\t'))
		start++;
	while (end > start && (f->data[end - 1] == ' ' || f->data[end - 1] == '\t' ||
	    f->data[end - 1] == '\r'))
		end--;
	*text = f->data + start;
	*len = end - start;
}

/* The key of a finding as the baseline writes it: owner, type and the
 * content hash.  A finding without owner or type takes them from the
 * record it points into. */
static void
finding_key(const struct record_index *ix, const struct zl_diag *d, char **owner,
    char type[16], uint64_t *content)
{
	const struct zl_graph *g = ix->graph;
	const struct zl_record *r = record_of(ix, d);
	uint32_t owner_id = d->owner, end;
	uint16_t type_number = d->type;

	if (r != NULL) {
		if (owner_id == ZL_NONE)
			owner_id = r->owner;
		if (type_number == 0)
			type_number = r->type;
	}
	*owner = owner_id != ZL_NONE && owner_id < g->nnames ?
	    zl_graph_name_text(g, owner_id) : zl_xstrdup("-");
	if (type_number != 0)
		zl_rrtype_name(type_number, type);
	else
		strcpy(type, "-");

	if (r != NULL && !(r->flags & ZL_REC_BROKEN)) {
		uint8_t wire_type[2] = { (uint8_t)(r->type >> 8), (uint8_t)r->type };

		*content = fnv1a(FNV_OFFSET, wire_type, sizeof(wire_type));
		*content = fnv1a(*content, zl_graph_rdata(g, r), r->rdata_len);
	} else if (r != NULL) {
		*content = hash_tokens(g, r, &end);
	} else {
		const char *text;
		size_t len;

		source_line(g, d, &text, &len);
		*content = fnv1a(FNV_OFFSET, text, len);
	}
}

/* Split line at tabs into at most n fields; returns the number found. */
static size_t
split_tabs(char *line, char **fields, size_t n)
{
	size_t count = 0;

	while (count < n) {
		char *tab = strchr(line, '\t');

		fields[count++] = line;
		if (tab == NULL)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return count;
}

static bool
read_entry(struct zl_baseline *b, char *line, uint32_t number)
{
	struct zl_baseline_entry e;
	char *fields[5], *end;
	size_t n = split_tabs(line, fields, 5);

	if (n < 4 || strlen(fields[3]) != 16)
		return false;
	errno = 0;
	e.content = strtoull(fields[3], &end, 16);
	if (*end != '\0' || errno != 0 || fields[0][0] == '\0' || fields[1][0] == '\0' ||
	    fields[2][0] == '\0')
		return false;
	e.rule = zl_xstrdup(fields[0]);
	e.owner = zl_xstrdup(fields[1]);
	e.type = zl_xstrdup(fields[2]);
	e.line = number;
	e.used = false;
	ZL_PUSH(b->entries, b->len, b->cap, e);
	return true;
}

int
zl_baseline_read(struct zl_baseline *b, const char *path, char **error)
{
	struct zl_infile_failure why;
	struct zl_strbuf line;
	char *text;
	size_t size, at = 0;
	uint32_t number = 0;
	int c, result = 0;

	/* Read through zl_infile_read_all(), so that a FIFO or a device
	 * cannot make the run wait or fill the memory. */
	*error = NULL;
	if (!zl_infile_read_all(path, &text, &size, &why)) {
		char *reason = zl_infile_failure_text(&why);

		*error = format_message(_("%s: error: cannot read the baseline: %s"), path, reason);
		free(reason);
		return -1;
	}
	free(b->path);
	b->path = zl_xstrdup(path);
	zl_strbuf_init(&line);
	zl_strbuf_adds(&line, "");
	do {
		c = at < size ? (unsigned char)text[at++] : EOF;
		if (c != '\n' && c != EOF) {
			zl_strbuf_addc(&line, (char)c);
			continue;
		}
		if (c == EOF && line.len == 0)
			break;
		number++;
		if (line.len > 0 && line.data[line.len - 1] == '\r')
			line.data[--line.len] = '\0';
		if (number == 1 && strcmp(line.data, ZL_BASELINE_HEADER) != 0) {
			*error = format_message(_("%s:1: error: not a zonelint baseline: the first line must be '%s'"),
			    path, ZL_BASELINE_HEADER);
			result = -1;
			break;
		}
		if (line.len > 0 && line.data[0] != '#' && !read_entry(b, line.data, number)) {
			*error = format_message(_("%s:%u: error: invalid baseline entry: expected rule, owner, type, a 16-digit hexadecimal hash and a place, separated by tabs"),
			    path, number);
			result = -1;
			break;
		}
		line.len = 0;
		line.data[0] = '\0';
	} while (c != EOF);
	if (result == 0 && number == 0) {
		*error = format_message(_("%s:1: error: not a zonelint baseline: the first line must be '%s'"),
		    path, ZL_BASELINE_HEADER);
		result = -1;
	}
	zl_strbuf_fini(&line);
	free(text);
	if (result == 0)
		index_entries(b);
	return result;
}

/* Write the place of a finding, with tabs and line ends in the path
 * replaced, so that the entry stays one line of five fields. */
static void
write_place(FILE *fp, const struct zl_graph *g, const struct zl_diag *d)
{
	const char *path = d->pos.file < g->nfiles ? g->files[d->pos.file].path : "-";

	for (const char *p = path; *p != '\0'; p++)
		fputc(*p == '\t' || *p == '\n' || *p == '\r' ? '?' : *p, fp);
	fprintf(fp, ":%u\n", d->pos.line);
}

int
zl_baseline_write(const char *path, const struct zl_graph *g, const struct zl_diags *d,
    char **error)
{
	struct zl_outfile out;
	struct record_index ix;
	int err;

	*error = NULL;
	err = zl_outfile_open(&out, path);
	if (err != 0) {
		*error = format_message(_("cannot write '%s': %s"), path, strerror(err));
		return -1;
	}
	fprintf(out.fp, "%s\n# Findings recorded by 'zonelint --write-baseline'; 'zonelint --baseline FILE'\n"
	    "# leaves them out.  Fields: rule, owner, type, content hash, place.\n",
	    ZL_BASELINE_HEADER);
	record_index_init(&ix, g);
	for (size_t i = 0; i < d->len; i++) {
		const struct zl_diag *x = &d->items[i];
		char type[16], *owner;
		uint64_t content;

		finding_key(&ix, x, &owner, type, &content);
		fprintf(out.fp, "%s\t%s\t%s\t%016" PRIx64 "\t", x->rule->id, owner, type, content);
		write_place(out.fp, g, x);
		free(owner);
	}
	free(ix.places);
	err = zl_outfile_commit(&out);
	if (err != 0) {
		*error = format_message(_("cannot write '%s': %s"), path, strerror(err));
		return -1;
	}
	return 0;
}

size_t
zl_baseline_apply(struct zl_baseline *b, const struct zl_graph *g, struct zl_diags *d)
{
	size_t out = 0, dropped = 0;
	struct record_index ix;

	record_index_init(&ix, g);
	for (size_t i = 0; i < d->len; i++) {
		struct zl_diag *x = &d->items[i];
		char type[16], *owner;
		uint64_t content;
		bool found = false;
		size_t lo = 0, hi = b->len;

		finding_key(&ix, x, &owner, type, &content);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (b->by_content[mid].content < content)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t k = lo; k < b->len && !found; k++) {
			struct zl_baseline_entry *e = &b->entries[b->by_content[k].entry];

			if (e->content != content)
				break;
			if (!e->used && strcmp(e->rule, x->rule->id) == 0 &&
			    strcmp(e->type, type) == 0 && strcmp(e->owner, owner) == 0) {
				e->used = true;
				found = true;
			}
		}
		free(owner);
		if (found) {
			dropped++;
			continue;
		}
		d->items[out++] = *x;
	}
	d->len = out;
	free(ix.places);
	return dropped;
}

size_t
zl_baseline_stale_count(const struct zl_baseline *b)
{
	size_t n = 0;

	for (size_t i = 0; i < b->len; i++)
		n += !b->entries[i].used;
	return n;
}

void
zl_baseline_report_stale(FILE *out, const struct zl_baseline *b)
{
	for (size_t i = 0; i < b->len; i++) {
		const struct zl_baseline_entry *e = &b->entries[i];

		if (!e->used)
			fprintf(out, _("%s:%u: warning: baseline entry matches no finding: %s %s %s\n"),
			    b->path, e->line, e->rule, e->owner, e->type);
	}
}
