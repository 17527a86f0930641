/* The zone graph: every zone of a run, its names, records and references. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "graph.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "name.h"
#include "spf.h"
#include "mailcache.h"
#include "txtpos.h"
#include "util.h"
#include "wordscan.h"

void
zl_graph_init(struct zl_graph *g)
{
	memset(g, 0, sizeof(*g));
	g->txtpos = zl_txtpos_cache_new();
	g->mail = zl_mail_cache_new();
}

void
zl_graph_fini(struct zl_graph *g)
{
	zl_txtpos_cache_free(g->txtpos);
	g->txtpos = NULL;
	zl_mail_cache_free(g->mail);
	g->mail = NULL;
	for (size_t i = 0; i < g->nfiles; i++) {
		struct zl_file *f = &g->files[i];

		if (f->mapped)
			munmap((void *)f->data, f->size);
		else
			free((void *)f->data);
		free(f->path);
	}
	for (size_t i = 0; i < g->nnotes; i++) {
		free(g->notes[i].word);
		free(g->notes[i].meant);
	}
	free(g->files);
	free(g->zones);
	free(g->names);
	free(g->name_arena);
	free(g->name_table);
	free(g->origin_table);
	free(g->records);
	free(g->runs);
	free(g->rdata);
	free(g->refs);
	free(g->notes);
	free(g->type_apart);
	free(g->by_name);
	free(g->by_type);
	free(g->type_lists);
	free(g->posture);
	memset(g, 0, sizeof(*g));
}

void
zl_graph_release_files(const struct zl_graph *g)
{
	for (size_t i = 0; i < g->nfiles; i++) {
		const struct zl_file *f = &g->files[i];

		if (f->mapped && f->size > 0)
			madvise((void *)f->data, f->size, MADV_DONTNEED);
	}
}

void
zl_graph_reread(const struct zl_graph *g)
{
	/* Per thread, so that threads count without sharing a variable. */
	static _Thread_local unsigned reads;

	if (++reads % 1024 == 0)
		zl_graph_release_files(g);
}

/* An empty slot of the origin table. */
#define SLOT_EMPTY UINT64_MAX

/*
 * A slot of the name table contains a name's id in its low id_bits bits
 * and the top bits of its hash above them.  So most probes that miss
 * reject the slot without reading the name, which is rarely in the cache.
 * id_bits is 24 until the graph has that many names, and grows with them.
 * An empty slot is all ones, which no id reaches.
 */
#define NAME_SLOT_EMPTY UINT32_MAX
#define NAME_ID_BITS_MIN 24

static inline uint32_t
slot_tag(uint32_t value, unsigned id_bits)
{
	return (uint32_t)((uint64_t)value >> id_bits);
}

static inline uint32_t
slot_id(uint32_t slot, unsigned id_bits)
{
	return (uint32_t)(slot & ((UINT64_C(1) << id_bits) - 1));
}

static void
table_insert(const struct zl_graph *g, uint32_t *table, size_t cap, uint32_t hash, uint32_t id)
{
	size_t i = hash & (cap - 1);

	while (table[i] != NAME_SLOT_EMPTY)
		i = (i + 1) & (cap - 1);
	table[i] = (uint32_t)((uint64_t)slot_tag(hash, g->name_id_bits) << g->name_id_bits) | id;
}

/* Rebuild the name table with cap slots, a power of two, and room in a
 * slot for the ids of count names. */
static void
table_resize(struct zl_graph *g, size_t cap, size_t count)
{
	uint32_t *table = zl_xmalloc(cap * sizeof(*table));

	g->name_id_bits = NAME_ID_BITS_MIN;
	while (g->name_id_bits < 32 && count + 1 >= (UINT64_C(1) << g->name_id_bits))
		g->name_id_bits++;
	memset(table, 0xff, cap * sizeof(*table));
	for (size_t i = 0; i < g->nnames; i++)
		table_insert(g, table, cap, g->names[i].hash, (uint32_t)i);
	free(g->name_table);
	g->name_table = table;
	g->name_table_cap = cap;
}

void
zl_graph_reserve_names(struct zl_graph *g, size_t count)
{
	size_t cap = g->name_table_cap ? g->name_table_cap : 1024;

	/* Linear probing stays short up to three quarters full. */
	while (count * 4 > cap * 3)
		cap *= 2;
	if (cap > g->name_table_cap ||
	    (g->name_id_bits < 32 && count + 1 >= (UINT64_C(1) << g->name_id_bits)))
		table_resize(g, cap, count);
}

/* Bytes past the end of the name arena and of a folded name that
 * same_label() may read, so that it compares whole words. */
#define LABEL_PAD ZL_NAME_PAD

/* Return whether the labels a and b (length octet first) are the same.
 * LABEL_PAD bytes after each must be readable; their values do not
 * matter. */
static inline bool
same_label(const uint8_t *a, const uint8_t *b)
{
	size_t n = (size_t)a[0] + 1, i = 0;

	for (; n - i > 8; i += 8) {
		if (zl_word_load(a + i) != zl_word_load(b + i))
			return false;
	}
	return ((zl_word_load(a + i) ^ zl_word_load(b + i)) &
	    (UINT64_MAX >> (8 * (8 - (n - i))))) == 0;
}

/* Return whether name id is the folded wire name folded, which is
 * followed by LABEL_PAD readable bytes.  The graph keeps a name's first
 * label beside its parent's id, so the labels are compared on the way
 * up. */
static bool
is_name(const struct zl_graph *g, uint32_t id, const uint8_t *folded)
{
	for (uint32_t n = id;; n = g->names[n].parent) {
		const uint8_t *label = g->name_arena + g->names[n].wire;

		if (!same_label(label, folded))
			return false;
		if (label[0] == 0)
			return true;
		folded += label[0] + 1;
	}
}

/* Find a folded name; return its id or ZL_NONE. */
static uint32_t
find_folded(const struct zl_graph *g, const uint8_t *folded, size_t len, uint32_t hash)
{
	size_t i;

	if (g->name_table_cap == 0)
		return ZL_NONE;
	i = hash & (g->name_table_cap - 1);
	for (;;) {
		uint32_t slot = g->name_table[i];
		uint32_t id = slot_id(slot, g->name_id_bits);

		if (slot == NAME_SLOT_EMPTY)
			return ZL_NONE;
		if (slot_tag(slot, g->name_id_bits) == slot_tag(hash, g->name_id_bits) &&
		    g->names[id].hash == hash && g->names[id].wire_len == len &&
		    is_name(g, id, folded))
			return id;
		i = (i + 1) & (g->name_table_cap - 1);
	}
}

/* Find the name that has the given hash, parent (ZL_NONE for the root)
 * and first label, which is followed by LABEL_PAD readable bytes.  Return
 * its id, or ZL_NONE when there is none. */
static uint32_t
find_child(const struct zl_graph *g, uint32_t hash, uint32_t parent, const uint8_t *label)
{
	size_t i;

	if (g->name_table_cap == 0)
		return ZL_NONE;
	for (i = hash & (g->name_table_cap - 1); g->name_table[i] != NAME_SLOT_EMPTY;
	    i = (i + 1) & (g->name_table_cap - 1)) {
		uint32_t slot = g->name_table[i], id = slot_id(slot, g->name_id_bits);
		const struct zl_name *n = &g->names[id];

		if (slot_tag(slot, g->name_id_bits) == slot_tag(hash, g->name_id_bits) &&
		    n->hash == hash && n->parent == parent &&
		    same_label(g->name_arena + n->wire, label))
			return id;
	}
	return ZL_NONE;
}

uint32_t
zl_graph_lookup(const struct zl_graph *g, const uint8_t *wire)
{
	uint8_t folded[ZL_NAME_MAX + LABEL_PAD];
	size_t len;
	uint32_t hash = zl_name_fold_hash(wire, folded, &len);

	memset(folded + len, 0, LABEL_PAD);
	return find_folded(g, folded, len, hash);
}

/* Return the flags that the first label of a name sets. */
static uint16_t
label_flags(const uint8_t *label)
{
	uint16_t flags = 0;

	for (unsigned i = 1; i <= label[0]; i++) {
		uint8_t c = label[i];

		/* Bytes above 0x7f are escaped too. */
		if (zl_name_text_width[c] != 1) {
			flags |= ZL_NAME_ESCAPED_TEXT;
			if (c >= 0x80)
				flags |= ZL_NAME_HIGH_BYTE;
		} else if (c == '*') {
			flags |= ZL_NAME_HAS_STAR;
		}
	}
	return flags;
}

/* Add the folded name stored at offset wire of the name arena, whose
 * parent is already interned. */
static uint32_t
add_name(struct zl_graph *g, uint32_t wire, size_t len, uint32_t hash,
    uint32_t parent)
{
	const uint8_t *folded = g->name_arena + wire;
	struct zl_name n;
	uint32_t id = (uint32_t)g->nnames;

	zl_graph_reserve_names(g, g->nnames + 1);

	memset(&n, 0, sizeof(n));
	n.wire = wire;
	n.parent = parent;
	n.hash = hash;
	n.labels = parent == ZL_NONE ? 0 : (uint8_t)(g->names[parent].labels + 1);
	n.wire_len = (uint8_t)len;
	n.flags = label_flags(folded);
	if (parent != ZL_NONE) {
		n.flags |= g->names[parent].flags & (ZL_NAME_HAS_STAR | ZL_NAME_HIGH_BYTE |
		    ZL_NAME_ESCAPED_TEXT);
		if (folded[0] == 1 && folded[1] == '*')
			g->names[parent].flags |= ZL_NAME_WILDCARD_PARENT;
	}
	ZL_PUSH(g->names, g->nnames, g->names_cap, n);
	table_insert(g, g->name_table, g->name_table_cap, hash, id);
	return id;
}

void
zl_graph_name_key(const struct zl_graph *g, const uint8_t *wire, struct zl_name_key *key)
{
	key->hash = zl_name_fold_hash(wire, key->folded, &key->len);
	memset(key->folded + key->len, 0, LABEL_PAD);
	if (g->name_table_cap > 0)
		__builtin_prefetch(&g->name_table[key->hash & (g->name_table_cap - 1)]);
}

uint32_t
zl_graph_intern(struct zl_graph *g, const uint8_t *wire)
{
	struct zl_name_key key;

	zl_graph_name_key(g, wire, &key);
	return zl_graph_intern_key(g, &key);
}

uint32_t
zl_graph_intern_key(struct zl_graph *g, const struct zl_name_key *key)
{
	const uint8_t *folded = key->folded;
	size_t len = key->len, known, offsets[128];
	uint32_t hashes[128];
	unsigned depth = 0;
	uint32_t id = ZL_NONE, base;
	int k;

	hashes[0] = key->hash;

	/* Walk up from the name itself to the closest name already known
	 * (usually the name or its parent), then add the missing names from
	 * the top down, so that every name has its parent. */
	for (size_t off = 0;; off += (size_t)folded[off] + 1) {
		offsets[depth] = off;
		if (depth > 0)
			hashes[depth] = zl_name_hash_folded(folded + off, len - off);
		id = find_folded(g, folded + off, len - off, hashes[depth]);
		depth++;
		if (id != ZL_NONE || folded[off] == 0)
			break;
	}
	if (id != ZL_NONE && depth == 1)
		return id;

	/* A name keeps only its first label.  The new names are the name and
	 * its ancestors below the one found, so their first labels are the
	 * wire form up to that one, and one copy of it serves them all. */
	known = id != ZL_NONE ? offsets[depth - 1] : len;
	zl_grow((void **)&g->name_arena, &g->name_arena_cap,
	    g->name_arena_len + known + LABEL_PAD, 1);
	base = (uint32_t)g->name_arena_len;
	memcpy(g->name_arena + base, folded, known);
	g->name_arena_len += known;
	k = (int)depth - (id != ZL_NONE ? 2 : 1);
	for (; k >= 0; k--)
		id = add_name(g, base + (uint32_t)offsets[k], len - offsets[k], hashes[k], id);
	return id;
}

/* Add a copy of name n of another graph, with its first label at offset
 * wire of g's arena and parent as its parent in g.  n's flags and depth
 * follow from its labels and from its "*" child, which is copied too, so
 * the copy keeps them.  The caller has made room in the name table. */
static uint32_t
copy_name(struct zl_graph *g, const struct zl_name *n, uint32_t wire, uint32_t parent)
{
	struct zl_name c = *n;
	uint32_t id = (uint32_t)g->nnames;
	const uint8_t *label = g->name_arena + wire;

	c.wire = wire;
	c.parent = parent;
	if (parent != ZL_NONE && label[0] == 1 && label[1] == '*')
		g->names[parent].flags |= ZL_NAME_WILDCARD_PARENT;
	ZL_PUSH(g->names, g->nnames, g->names_cap, c);
	table_insert(g, g->name_table, g->name_table_cap, c.hash, id);
	return id;
}

/* How many names ahead zl_graph_merge_names() loads table slots. */
#define MERGE_AHEAD 16

void
zl_graph_merge_names(struct zl_graph *g, const struct zl_graph *part, uint32_t *map)
{
	uint32_t base;

	/* The names new to g keep their first labels where part has them, in
	 * one copy of part's arena. */
	zl_grow((void **)&g->name_arena, &g->name_arena_cap,
	    g->name_arena_len + part->name_arena_len + LABEL_PAD, 1);
	base = (uint32_t)g->name_arena_len;
	if (part->name_arena_len > 0)
		memcpy(g->name_arena + base, part->name_arena, part->name_arena_len);
	g->name_arena_len += part->name_arena_len;
	/* Grow the table now, so that it stays put in the loop, which looks a
	 * few names ahead to load their slots from memory early. */
	zl_graph_reserve_names(g, g->nnames + part->nnames + 1);
	for (size_t i = 0; i < part->nnames; i++) {
		const struct zl_name *n = &part->names[i];
		uint32_t parent = n->parent == ZL_NONE ? ZL_NONE : map[n->parent];
		uint32_t id;

		if (i + MERGE_AHEAD < part->nnames)
			__builtin_prefetch(&g->name_table[part->names[i + MERGE_AHEAD].hash &
			    (g->name_table_cap - 1)]);
		id = find_child(g, n->hash, parent, part->name_arena + n->wire);
		if (id == ZL_NONE)
			id = copy_name(g, n, base + n->wire, parent);
		map[i] = id;
	}
}

char *
zl_graph_name_text(const struct zl_graph *g, uint32_t name)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len = zl_graph_name_wire(g, name, wire);

	if (g->names[name].flags & ZL_NAME_ESCAPED_TEXT)
		return zl_name_text(wire);
	return zl_name_plain_text(wire, len);
}

size_t
zl_graph_record_count(const struct zl_graph *g)
{
	return g->nrecords;
}

const struct zl_record *
zl_graph_record(const struct zl_graph *g, uint32_t record)
{
	return &g->records[record];
}

const uint8_t *
zl_graph_rdata(const struct zl_graph *g, const struct zl_record *r)
{
	/* Callers may take the pointer before they look at rdata_len, so it
	 * is valid even while no record has RDATA. */
	static const uint8_t empty[1];

	return g->rdata != NULL ? g->rdata + r->rdata : empty;
}

size_t
zl_graph_name_count(const struct zl_graph *g)
{
	return g->nnames;
}

size_t
zl_graph_name_wire(const struct zl_graph *g, uint32_t name, uint8_t wire[ZL_NAME_WIRE_MAX])
{
	size_t len = 0;

	for (uint32_t n = name;; n = g->names[n].parent) {
		const uint8_t *label = g->name_arena + g->names[n].wire;

		memcpy(wire + len, label, (size_t)label[0] + 1);
		len += (size_t)label[0] + 1;
		if (label[0] == 0)
			return len;
	}
}

const uint8_t *
zl_graph_name_label(const struct zl_graph *g, uint32_t name)
{
	return g->name_arena + g->names[name].wire;
}

uint32_t
zl_graph_name_parent(const struct zl_graph *g, uint32_t name)
{
	return g->names[name].parent;
}

unsigned
zl_graph_name_flags(const struct zl_graph *g, uint32_t name)
{
	return g->names[name].flags & ~(unsigned)(ZL_NAME_ESCAPED_TEXT | ZL_NAME_ONE_ZONE);
}

uint32_t
zl_graph_lookup_text(const struct zl_graph *g, const char *text)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;

	if (zl_name_from_text(text, strlen(text), NULL, wire, &len, &relative,
	    &err_off) != ZL_NAME_OK || relative)
		return ZL_NONE;
	return zl_graph_lookup(g, wire);
}

size_t
zl_graph_zone_count(const struct zl_graph *g)
{
	return g->nzones;
}

uint32_t
zl_graph_zone_origin(const struct zl_graph *g, uint32_t zone)
{
	return g->zones[zone].origin;
}

const char *
zl_graph_file_path(const struct zl_graph *g, uint32_t file)
{
	return g->files[file].path;
}

/* Return whether the text of TXT RDATA rd of len bytes starts with an SPF
 * version.  Only its first bytes decide.  They are usually all in the
 * first string, and then need no copy. */
static bool
rdata_starts_spf(const uint8_t *rd, size_t len)
{
	char head[8];
	size_t n = 0;

	if (len > sizeof(head) && rd[0] >= sizeof(head))
		return zl_spf_is_record((const char *)rd + 1, sizeof(head));
	for (size_t off = 0; off < len && n < sizeof(head);) {
		size_t part = rd[off];

		for (size_t i = 0; i < part && off + 1 + i < len && n < sizeof(head); i++)
			head[n++] = (char)rd[off + 1 + i];
		off += part + 1;
	}
	return zl_spf_is_record(head, n);
}

/* Set ZL_REC_SPF_TEXT on r when it is a TXT record whose text starts with
 * an SPF version, and clear it otherwise. */
static void
mark_spf_text(const struct zl_graph *g, struct zl_record *r)
{
	r->flags &= (uint16_t)~ZL_REC_SPF_TEXT;
	if (r->type == ZL_TYPE_TXT && !(r->flags & ZL_REC_BROKEN) &&
	    rdata_starts_spf(zl_graph_rdata(g, r), r->rdata_len))
		r->flags |= ZL_REC_SPF_TEXT;
}

void
zl_graph_extend_rdata(struct zl_graph *g, uint32_t record, const uint8_t *data, size_t len)
{
	struct zl_record *r = &g->records[record];

	zl_graph_add_rdata(g, data, len);
	r->rdata_len = (uint16_t)(r->rdata_len + len);
	mark_spf_text(g, r);
}

uint32_t
zl_graph_add_rdata(struct zl_graph *g, const uint8_t *data, size_t len)
{
	uint32_t off = (uint32_t)g->rdata_len;

	if (g->rdata_len + len > g->rdata_cap)
		zl_grow((void **)&g->rdata, &g->rdata_cap, g->rdata_len + len, 1);
	if (len > 0)
		memcpy(g->rdata + g->rdata_len, data, len);
	g->rdata_len += len;
	return off;
}

_Static_assert(sizeof(struct zl_record) == 32,
    "struct zl_record must stay 32 bytes: a large zone keeps millions");

/* Start a run at record first, unless the last run is of the same file
 * and zone. */
static void
add_run(struct zl_graph *g, uint32_t first, uint32_t file, uint32_t zone)
{
	struct zl_record_run run = { first, file, zone };

	if (g->nruns > 0 && g->runs[g->nruns - 1].file == file &&
	    g->runs[g->nruns - 1].zone == zone)
		return;
	ZL_PUSH(g->runs, g->nruns, g->runs_cap, run);
}

uint32_t
zl_graph_add_record(struct zl_graph *g, const struct zl_record *r, struct zl_pos pos,
    uint32_t zone)
{
	uint32_t id = (uint32_t)g->nrecords;
	struct zl_record *rec;

	if (g->nrecords == g->records_cap)
		zl_grow((void **)&g->records, &g->records_cap, g->nrecords + 1,
		    sizeof(*g->records));
	rec = &g->records[g->nrecords++];
	*rec = *r;
	mark_spf_text(g, rec);
	rec->line = pos.line;
	rec->off = pos.off;
	rec->col = pos.col <= UINT16_MAX ? (uint16_t)pos.col : 0;
	add_run(g, id, pos.file, zone);
	return id;
}

uint32_t
zl_graph_take_rdata(struct zl_graph *g, struct zl_graph *part)
{
	uint32_t off = (uint32_t)g->rdata_len;

	if (g->rdata_len + part->rdata_len > g->rdata_cap)
		zl_grow((void **)&g->rdata, &g->rdata_cap, g->rdata_len + part->rdata_len, 1);
	if (part->rdata_len > 0)
		zl_copy_and_release(g->rdata + g->rdata_len, part->rdata, part->rdata_len);
	g->rdata_len += part->rdata_len;
	free(part->rdata);
	part->rdata = NULL;
	part->rdata_len = part->rdata_cap = 0;
	return off;
}

void
zl_graph_take_records(struct zl_graph *g, struct zl_graph *part)
{
	uint32_t first = (uint32_t)g->nrecords;

	if (g->nrecords + part->nrecords > g->records_cap)
		zl_grow((void **)&g->records, &g->records_cap, g->nrecords + part->nrecords,
		    sizeof(*g->records));
	if (part->nrecords > 0)
		zl_copy_and_release(g->records + g->nrecords, part->records,
		    part->nrecords * sizeof(*g->records));
	g->nrecords += part->nrecords;
	for (size_t i = 0; i < part->nruns; i++)
		add_run(g, part->runs[i].first + first, part->runs[i].file, part->runs[i].zone);
	free(part->records);
	part->records = NULL;
	part->nrecords = part->records_cap = 0;
}

/* Return the run of the record with the given id. */
static const struct zl_record_run *
run_of(const struct zl_graph *g, uint32_t id)
{
	/* Callers mostly walk records in order, so the run found last on
	 * this thread usually contains the next record too.  It is checked
	 * against g's runs, so a run of another graph does no harm. */
	static _Thread_local size_t last;
	size_t lo = 1, hi = g->nruns;

	if (hi == 1)
		return g->runs;
	if (last < hi && g->runs[last].first <= id &&
	    (last + 1 == hi || id < g->runs[last + 1].first))
		return &g->runs[last];
	/* The last run whose first record is at or before id. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->runs[mid].first <= id)
			lo = mid + 1;
		else
			hi = mid;
	}
	last = lo - 1;
	return &g->runs[lo - 1];
}

/* Return the column of the byte at off of file: one more than the bytes
 * back to the start of its line.  The lexer starts the first line after a UTF-8
 * byte-order mark. */
static uint32_t
column_at(const struct zl_graph *g, uint32_t file, uint32_t off)
{
	const struct zl_file *f = &g->files[file];
	uint32_t start = off;

	zl_graph_reread(g);
	while (start > 0 && f->data[start - 1] != '\n')
		start--;
	if (start == 0 && f->size >= 3 && off >= 3 && memcmp(f->data, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	return off - start + 1;
}

/* Return the position at line, off and col (0 when above UINT16_MAX) in
 * the file of record. */
static struct zl_pos
position(const struct zl_graph *g, uint32_t record, uint32_t line, uint32_t off,
    uint16_t col)
{
	struct zl_pos pos;

	pos.file = run_of(g, record)->file;
	pos.line = line;
	pos.off = off;
	pos.col = col != 0 ? col : column_at(g, pos.file, off);
	return pos;
}

struct zl_pos
zl_record_pos(const struct zl_graph *g, const struct zl_record *r)
{
	return position(g, (uint32_t)(r - g->records), r->line, r->off, r->col);
}

uint32_t
zl_record_zone(const struct zl_graph *g, const struct zl_record *r)
{
	return run_of(g, (uint32_t)(r - g->records))->zone;
}

void
zl_graph_set_type_pos(struct zl_graph *g, uint32_t record, struct zl_pos pos)
{
	struct zl_record *r = &g->records[record];
	struct zl_type_pos apart = { record, pos };

	/* Most records have the type on their first line, a few bytes on.
	 * The record is the last one added, so it is in the last run. */
	if (pos.line == r->line && pos.off >= r->off && pos.off - r->off <= UINT8_MAX &&
	    pos.file == g->runs[g->nruns - 1].file &&
	    (r->col == 0 || pos.col - r->col == pos.off - r->off)) {
		r->type_delta = (uint8_t)(pos.off - r->off);
		r->flags &= (uint16_t)~ZL_REC_TYPE_APART;
		return;
	}
	r->type_delta = 0;
	r->flags |= ZL_REC_TYPE_APART;
	ZL_PUSH(g->type_apart, g->ntype_apart, g->type_apart_cap, apart);
}

struct zl_pos
zl_record_type_pos(const struct zl_graph *g, const struct zl_record *r)
{
	uint32_t id = (uint32_t)(r - g->records);
	struct zl_pos pos = zl_record_pos(g, r);
	size_t lo = 0, hi = g->ntype_apart;

	if (!(r->flags & ZL_REC_TYPE_APART)) {
		pos.col += r->type_delta;
		pos.off += r->type_delta;
		return pos;
	}

	/* The loader adds records and their type positions in order. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->type_apart[mid].record < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->ntype_apart && g->type_apart[lo].record == id ?
	    g->type_apart[lo].pos : pos;
}

void
zl_graph_add_ref(struct zl_graph *g, uint32_t record, uint32_t target,
    enum zl_ref_kind kind, struct zl_pos pos)
{
	struct zl_ref ref;

	ref.record = record;
	ref.target = target;
	ref.line = pos.line;
	ref.off = pos.off;
	ref.col = pos.col <= UINT16_MAX ? (uint16_t)pos.col : 0;
	ref.kind = (uint8_t)kind;
	ZL_PUSH(g->refs, g->nrefs, g->refs_cap, ref);
}

struct zl_pos
zl_ref_pos(const struct zl_graph *g, const struct zl_ref *ref)
{
	return position(g, ref->record, ref->line, ref->off, ref->col);
}

void
zl_graph_add_note(struct zl_graph *g, enum zl_note_kind kind, uint32_t record,
    struct zl_pos pos, char *word, char *meant, uint16_t type)
{
	struct zl_note note = { kind, record, pos, word, meant, type };

	ZL_PUSH(g->notes, g->nnotes, g->notes_cap, note);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Order the records of one name by zone, type and input order. */
static void
sort_name_records(struct zl_graph *g, uint32_t *ids, size_t count,
    uint64_t *keys)
{
	for (size_t i = 0; i < count; i++) {
		const struct zl_record *r = &g->records[ids[i]];

		keys[i] = ((uint64_t)(zl_record_zone(g, r) & 0xffff) << 48) |
		    ((uint64_t)r->type << 32) | ids[i];
	}
	if (count > 16) {
		qsort(keys, count, sizeof(*keys), cmp_u64);
	} else {
		/* Most names own a few records: insertion sort. */
		for (size_t i = 1; i < count; i++) {
			uint64_t k = keys[i];
			size_t j = i;

			for (; j > 0 && keys[j - 1] > k; j--)
				keys[j] = keys[j - 1];
			keys[j] = k;
		}
	}
	for (size_t i = 0; i < count; i++)
		ids[i] = (uint32_t)keys[i];
}

/* List the records of the listed types by type: collect their ids in
 * record order, then sort them by type with two stable passes of a radix
 * sort, one per byte of the type. */
static void
index_types(struct zl_graph *g)
{
	uint32_t *ids = NULL, *tmp;
	size_t n = 0, cap = 0;

	free(g->by_type);
	free(g->type_lists);
	g->type_lists = NULL;
	g->ntype_lists = 0;
	for (size_t i = 0; i < g->nrecords; i++) {
		if (zl_graph_type_listed(g->records[i].type))
			ZL_PUSH(ids, n, cap, (uint32_t)i);
	}
	tmp = zl_xmalloc((n ? n : 1) * sizeof(*tmp));
	for (unsigned shift = 0; shift < 16 && n > 1; shift += 8) {
		size_t at[257] = { 0 };
		uint32_t *swap;

		for (size_t i = 0; i < n; i++)
			at[((g->records[ids[i]].type >> shift) & 0xff) + 1]++;
		/* Nothing moves when every type has this byte in common. */
		if (at[((g->records[ids[0]].type >> shift) & 0xff) + 1] == n)
			continue;
		for (size_t b = 0; b < 256; b++)
			at[b + 1] += at[b];
		for (size_t i = 0; i < n; i++)
			tmp[at[(g->records[ids[i]].type >> shift) & 0xff]++] = ids[i];
		swap = ids;
		ids = tmp;
		tmp = swap;
	}
	free(tmp);
	g->by_type = ids;
	for (size_t i = 0, lists_cap = 0; i < n; i++) {
		uint16_t type = g->records[ids[i]].type;

		if (g->ntype_lists > 0 && g->type_lists[g->ntype_lists - 1].type == type) {
			g->type_lists[g->ntype_lists - 1].count++;
		} else {
			struct zl_type_list l = { type, (uint32_t)i, 1 };

			ZL_PUSH(g->type_lists, g->ntype_lists, lists_cap, l);
		}
	}
}

/* Return the first of the n ascending ids that is not below id. */
static size_t
lower_bound(const uint32_t *ids, size_t n, uint32_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Return the list of the records of type, or NULL when there are none. */
static const struct zl_type_list *
find_type_list(const struct zl_graph *g, uint16_t type)
{
	size_t lo = 0, hi = g->ntype_lists;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->type_lists[mid].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->ntype_lists && g->type_lists[lo].type == type ? &g->type_lists[lo] : NULL;
}

const uint32_t *
zl_graph_type_records(const struct zl_graph *g, uint16_t type, uint32_t zone, size_t *count)
{
	const struct zl_type_list *list = find_type_list(g, type);
	const struct zl_zone *z;
	const uint32_t *ids;
	size_t first, end;

	if (list == NULL) {
		*count = 0;
		return g->by_type;
	}
	ids = g->by_type + list->first;
	if (zone == ZL_NONE) {
		*count = list->count;
		return ids;
	}
	/* A zone's records are contiguous, so its part of the list is too. */
	z = &g->zones[zone];
	first = lower_bound(ids, list->count, z->first_record);
	end = lower_bound(ids, list->count, z->first_record + z->record_count);
	*count = end - first;
	return ids + first;
}

uint32_t *
zl_graph_types_records(const struct zl_graph *g, const uint16_t *types, size_t ntypes,
    uint32_t zone, size_t *count)
{
	const uint32_t **lists = zl_xmalloc((ntypes ? ntypes : 1) * sizeof(*lists));
	size_t *left = zl_xmalloc((ntypes ? ntypes : 1) * sizeof(*left)), total = 0;
	uint32_t *merged;

	for (size_t t = 0; t < ntypes; t++) {
		lists[t] = zl_graph_type_records(g, types[t], zone, &left[t]);
		total += left[t];
	}
	merged = zl_xmalloc((total ? total : 1) * sizeof(*merged));
	/* Few types are merged, so each step takes the least of their heads. */
	for (size_t k = 0; k < total; k++) {
		size_t best = ntypes;

		for (size_t t = 0; t < ntypes; t++) {
			if (left[t] > 0 && (best == ntypes || lists[t][0] < lists[best][0]))
				best = t;
		}
		merged[k] = *lists[best]++;
		left[best]--;
	}
	free(lists);
	free(left);
	*count = total;
	return merged;
}

void
zl_graph_index(struct zl_graph *g)
{
	size_t max_count = 0;
	uint32_t *at = zl_xcalloc(g->nnames + 1, sizeof(*at));
	uint64_t *keys;

	/* Counting sort of record ids by owner: at[i + 1] counts the records
	 * of name i, then becomes where they start.  The pass that counts
	 * also finds the zones with signatures. */
	for (size_t z = 0; z < g->nzones; z++)
		g->zones[z].flags &= ~ZL_ZONE_SIGNED;
	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];

		at[r->owner + 1]++;
		if (r->type == ZL_TYPE_RRSIG) {
			uint32_t zone = zl_record_zone(g, r);

			if (zone < g->nzones)
				g->zones[zone].flags |= ZL_ZONE_SIGNED;
		}
	}
	for (size_t i = 0; i < g->nnames; i++) {
		if (at[i + 1] > max_count)
			max_count = at[i + 1];
		at[i + 1] += at[i];
		g->names[i].first = at[i];
	}
	free(g->by_name);
	g->by_name = zl_xmalloc((g->nrecords ? g->nrecords : 1) * sizeof(uint32_t));
	for (size_t i = 0; i < g->nrecords; i++)
		g->by_name[at[g->records[i].owner]++] = (uint32_t)i;
	free(at);
	index_types(g);
	/* zl_name_nrecords() reads the index from here on. */
	g->indexed = true;

	keys = zl_xmalloc((max_count ? max_count : 1) * sizeof(*keys));
	for (size_t i = 0; i < g->nnames; i++) {
		struct zl_name *n = &g->names[i];
		uint32_t count = zl_name_nrecords(g, (uint32_t)i);

		if (count > 1)
			sort_name_records(g, g->by_name + n->first, count, keys);
	}
	free(keys);

	/* Names with data, their ancestors, delegation points and DNAME
	 * owners. */
	for (size_t i = 0; i < g->nnames; i++) {
		struct zl_name *n = &g->names[i];
		uint32_t count = zl_name_nrecords(g, (uint32_t)i);

		if (count == 0)
			continue;
		n->flags |= ZL_NAME_HAS_DATA;
		for (uint32_t p = n->parent; p != ZL_NONE; p = g->names[p].parent) {
			if (g->names[p].flags & ZL_NAME_HAS_CHILDREN)
				break;
			g->names[p].flags |= ZL_NAME_HAS_CHILDREN;
		}
		/* The records are sorted by zone first, so the first and the
		 * last show whether the name is in one zone. */
		if (run_of(g, g->by_name[n->first])->zone ==
		    run_of(g, g->by_name[n->first + count - 1])->zone)
			n->flags |= ZL_NAME_ONE_ZONE;
		for (size_t k = 0; k < count; k++) {
			const struct zl_record *r = &g->records[g->by_name[n->first + k]];

			if (r->type == ZL_TYPE_NS &&
			    g->zones[zl_record_zone(g, r)].origin != (uint32_t)i)
				n->flags |= ZL_NAME_DELEGATION;
			else if (r->type == ZL_TYPE_DNAME)
				n->flags |= ZL_NAME_HAS_DNAME;
		}
	}

	/* A parent is interned before its children, so one pass in id order
	 * hands the flags down the tree. */
	for (size_t i = 0; i < g->nnames; i++) {
		struct zl_name *n = &g->names[i];
		const struct zl_name *p;

		if (n->parent == ZL_NONE)
			continue;
		p = &g->names[n->parent];
		if (p->flags & (ZL_NAME_DELEGATION | ZL_NAME_UNDER_CUT))
			n->flags |= ZL_NAME_UNDER_CUT;
		if (p->flags & (ZL_NAME_HAS_DNAME | ZL_NAME_UNDER_DNAME))
			n->flags |= ZL_NAME_UNDER_DNAME;
	}
}

/* Return whether record id comes before the records of zone with the given
 * type (0: before every record of zone) in the order of zl_graph_index(). */
static bool
sorts_before(const struct zl_graph *g, uint32_t id, uint32_t zone, uint16_t type)
{
	uint32_t z = run_of(g, id)->zone;

	return z < zone || (z == zone && type != 0 && g->records[id].type < type);
}

/* Return the first run of records of the given type (0: of any type)
 * among ids[lo, total), which are sorted by type, and set *count. */
static inline const uint32_t *
type_run(const struct zl_graph *g, const uint32_t *ids, size_t lo, size_t total,
    uint16_t type, size_t *count)
{
	for (size_t i = lo; i < total; i++) {
		if (type == 0 || g->records[ids[i]].type == type) {
			size_t start = i;

			while (i < total && (type == 0 || g->records[ids[i]].type == type))
				i++;
			*count = i - start;
			return ids + start;
		}
	}
	return ids;
}

/* Return the index of the first of ids[0, total), which are sorted by
 * type, whose type is type or above (0: the first). */
static __attribute__((noinline)) size_t
first_of_type(const struct zl_graph *g, const uint32_t *ids, size_t total, uint16_t type)
{
	size_t lo = 0, hi = total;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (type != 0 && g->records[ids[mid]].type < type)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Return zl_graph_rrset() for a name with records in several zones, whose
 * records are sorted by zone and then type. */
static __attribute__((noinline)) const uint32_t *
zone_rrset(const struct zl_graph *g, const uint32_t *ids, size_t total, uint32_t zone,
    uint16_t type, size_t *count)
{
	size_t lo = 0, hi = total, start;

	if (hi <= 8) {
		/* Most names own a few records: a linear scan is cheaper. */
		while (lo < hi && sorts_before(g, ids[lo], zone, type))
			lo++;
	} else {
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (sorts_before(g, ids[mid], zone, type))
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	start = lo;
	while (lo < total && run_of(g, ids[lo])->zone == zone &&
	    (type == 0 || g->records[ids[lo]].type == type))
		lo++;
	*count = lo - start;
	return ids + start;
}

const uint32_t *
zl_graph_rrset(const struct zl_graph *g, uint32_t name, uint32_t zone,
    uint16_t type, size_t *count)
{
	const struct zl_name *n = &g->names[name];
	const uint32_t *ids = g->by_name + n->first;
	size_t total = zl_name_nrecords(g, name);

	*count = 0;
	if (total == 0)
		return ids;
	if (zone == ZL_NONE)
		return type_run(g, ids, 0, total, type, count);

	/* A name of one zone needs its zone compared once.  Most names own a
	 * few records, which a scan from the first finds faster than a
	 * binary search. */
	if (n->flags & ZL_NAME_ONE_ZONE) {
		if (run_of(g, ids[0])->zone != zone)
			return ids;
		return type_run(g, ids, total > 8 ? first_of_type(g, ids, total, type) : 0,
		    total, type, count);
	}
	return zone_rrset(g, ids, total, zone, type, count);
}

/* The slot of the origin table where name is or would go.  Origins are
 * few beside names, so they have a table of their own instead of a field
 * in every name. */
static size_t
origin_slot(const uint64_t *table, size_t cap, uint32_t name)
{
	size_t i = (name * UINT32_C(0x9e3779b1)) & (cap - 1);

	while (table[i] != SLOT_EMPTY && (uint32_t)(table[i] >> 32) != name)
		i = (i + 1) & (cap - 1);
	return i;
}

void
zl_graph_add_origin(struct zl_graph *g, uint32_t name, uint32_t zone)
{
	if (g->names[name].flags & ZL_NAME_ORIGIN)
		return;
	g->names[name].flags |= ZL_NAME_ORIGIN;
	if (2 * (g->norigins + 1) > g->origin_table_cap) {
		size_t cap = g->origin_table_cap ? 2 * g->origin_table_cap : 16;
		uint64_t *table = zl_xmalloc(cap * sizeof(*table));

		memset(table, 0xff, cap * sizeof(*table));
		for (size_t i = 0; i < g->origin_table_cap; i++) {
			uint64_t slot = g->origin_table[i];

			if (slot != SLOT_EMPTY)
				table[origin_slot(table, cap, (uint32_t)(slot >> 32))] = slot;
		}
		free(g->origin_table);
		g->origin_table = table;
		g->origin_table_cap = cap;
	}
	g->origin_table[origin_slot(g->origin_table, g->origin_table_cap, name)] =
	    (uint64_t)name << 32 | zone;
	g->norigins++;
}

uint32_t
zl_graph_zone_of(const struct zl_graph *g, uint32_t name)
{
	for (uint32_t n = name; n != ZL_NONE; n = g->names[n].parent) {
		if (g->names[n].flags & ZL_NAME_ORIGIN)
			return (uint32_t)g->origin_table[origin_slot(g->origin_table,
			    g->origin_table_cap, n)];
	}
	return ZL_NONE;
}

uint32_t
zl_graph_delegation_of(const struct zl_graph *g, uint32_t zone, uint32_t name)
{
	uint32_t origin = g->zones[zone].origin, cut = ZL_NONE;

	if (!(g->names[name].flags & (ZL_NAME_DELEGATION | ZL_NAME_UNDER_CUT)))
		return ZL_NONE;
	for (uint32_t n = name; n != ZL_NONE && n != origin; n = g->names[n].parent) {
		size_t ns;

		if (!(g->names[n].flags & ZL_NAME_DELEGATION))
			continue;
		zl_graph_rrset(g, n, zone, ZL_TYPE_NS, &ns);
		if (ns > 0)
			cut = n;
	}
	return cut;
}

/* Add to ids the offset of the part they point into, leaving ZL_NONE. */
static inline uint32_t
offset_id(uint32_t id, uint32_t offset)
{
	return id == ZL_NONE ? ZL_NONE : id + offset;
}

/* Move the names of part behind those of g, as a tree apart. */
static void
append_names(struct zl_graph *g, struct zl_graph *part, uint32_t first)
{
	uint32_t arena = (uint32_t)g->name_arena_len;

	zl_grow((void **)&g->name_arena, &g->name_arena_cap,
	    g->name_arena_len + part->name_arena_len + LABEL_PAD, 1);
	if (part->name_arena_len > 0)
		memcpy(g->name_arena + arena, part->name_arena, part->name_arena_len);
	g->name_arena_len += part->name_arena_len;
	zl_graph_reserve_names(g, g->nnames + part->nnames);
	for (size_t i = 0; i < part->nnames; i++) {
		struct zl_name n = part->names[i];

		n.wire += arena;
		n.parent = offset_id(n.parent, first);
		/* zl_graph_add_origin() marks the origins again below. */
		n.flags &= (uint16_t)~ZL_NAME_ORIGIN;
		ZL_PUSH(g->names, g->nnames, g->names_cap, n);
		table_insert(g, g->name_table, g->name_table_cap, n.hash, first + (uint32_t)i);
	}
}

/* Move the records of part behind those of g, with their runs, RDATA,
 * references, notes and type positions. */
static void
append_records(struct zl_graph *g, struct zl_graph *part, const struct zl_graph_offsets *at)
{
	uint32_t rdata = zl_graph_take_rdata(g, part);

	for (size_t i = 0; i < part->nrecords; i++) {
		struct zl_record r = part->records[i];

		r.owner += at->name;
		r.rdata += rdata;
		ZL_PUSH(g->records, g->nrecords, g->records_cap, r);
	}
	for (size_t i = 0; i < part->nruns; i++) {
		struct zl_record_run run = part->runs[i];

		run.first += at->record;
		run.file += at->file;
		run.zone += at->zone;
		ZL_PUSH(g->runs, g->nruns, g->runs_cap, run);
	}
	for (size_t i = 0; i < part->nrefs; i++) {
		struct zl_ref ref = part->refs[i];

		ref.record += at->record;
		ref.target += at->name;
		ZL_PUSH(g->refs, g->nrefs, g->refs_cap, ref);
	}
	/* The notes' texts change hands with the notes. */
	for (size_t i = 0; i < part->nnotes; i++) {
		struct zl_note note = part->notes[i];

		note.record = offset_id(note.record, at->record);
		note.pos.file += at->file;
		ZL_PUSH(g->notes, g->nnotes, g->notes_cap, note);
	}
	part->nnotes = 0;
	for (size_t i = 0; i < part->ntype_apart; i++) {
		struct zl_type_pos tp = part->type_apart[i];

		tp.record += at->record;
		tp.pos.file += at->file;
		ZL_PUSH(g->type_apart, g->ntype_apart, g->type_apart_cap, tp);
	}
}

void
zl_graph_append(struct zl_graph *g, struct zl_graph *part, struct zl_graph_offsets *at)
{
	at->file = (uint32_t)g->nfiles;
	at->zone = (uint32_t)g->nzones;
	at->name = (uint32_t)g->nnames;
	at->record = (uint32_t)g->nrecords;

	/* The files' paths and contents change hands with the files. */
	for (size_t i = 0; i < part->nfiles; i++) {
		struct zl_file f = part->files[i];

		f.zone = offset_id(f.zone, at->zone);
		if (f.parent != ZL_NONE) {
			f.parent += at->file;
			f.included_at.file += at->file;
		}
		ZL_PUSH(g->files, g->nfiles, g->files_cap, f);
	}
	part->nfiles = 0;
	for (size_t i = 0; i < part->nzones; i++) {
		struct zl_zone z = part->zones[i];

		z.origin = offset_id(z.origin, at->name);
		z.file += at->file;
		z.first_record += at->record;
		ZL_PUSH(g->zones, g->nzones, g->zones_cap, z);
	}
	append_names(g, part, at->name);
	append_records(g, part, at);
	for (size_t i = 0; i < part->origin_table_cap; i++) {
		uint64_t slot = part->origin_table[i];

		if (slot != SLOT_EMPTY)
			zl_graph_add_origin(g, (uint32_t)(slot >> 32) + at->name,
			    (uint32_t)slot + at->zone);
	}

	/* The caches hold lists of g's records as they were. */
	zl_txtpos_cache_free(g->txtpos);
	g->txtpos = zl_txtpos_cache_new();
	zl_mail_cache_free(g->mail);
	g->mail = zl_mail_cache_new();
	zl_graph_fini(part);
	zl_graph_init(part);
	zl_graph_index(g);
}
