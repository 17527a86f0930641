/* Mail records of a graph parsed once, however many rules read them. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "mailcache.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/*
 * A zone of a million records holds some hundred thousand DKIM and
 * DMARC records, and a parsed record is kilobytes of fixed arrays.  So
 * the cache packs each parse: only the tags, findings and URIs in use,
 * tag offsets as 16 bits (a TXT record's text is shorter than 64 KiB),
 * into blocks that are never moved.
 */
#define BLOCK_SIZE (1u << 20)
#define SLOT_NONE 0u		/* not parsed yet */
#define SLOT_UNCACHED 1u	/* parsed again on every request */
#define SLOT_FIRST 2u		/* slots from here on are 2 + block offset */

enum packed_kind { PACKED_DKIM = 'K', PACKED_DMARC = 'D' };

struct zl_mail_cache {
	size_t nrecords;	/* records that kind and slot were sized for */
	uint8_t *kind;		/* per record: 0 when not known, else enum zl_mail_kind + 1 */
	uint32_t *slot;		/* per record: SLOT_* or where its packed parse starts */
	unsigned char **blocks;
	size_t nblocks, blocks_cap;
	size_t used;		/* bytes used in the last block */
	struct zl_strbuf pack;	/* one record being packed */
};

struct packed_tag {
	uint16_t name_off, name_len;
	uint16_t value_off, value_len;
	uint16_t spec_off, spec_len;
	uint16_t equals_off;
};

struct reader {
	const unsigned char *p;
};

struct zl_mail_cache *
zl_mail_cache_new(void)
{
	struct zl_mail_cache *c = zl_xcalloc(1, sizeof(*c));

	zl_strbuf_init(&c->pack);
	return c;
}

static void
forget(struct zl_mail_cache *c)
{
	for (size_t i = 0; i < c->nblocks; i++)
		free(c->blocks[i]);
	free(c->blocks);
	free(c->kind);
	free(c->slot);
	c->blocks = NULL;
	c->nblocks = c->blocks_cap = c->used = 0;
	c->kind = NULL;
	c->slot = NULL;
	c->nrecords = 0;
}

void
zl_mail_cache_free(struct zl_mail_cache *c)
{
	if (c == NULL)
		return;
	forget(c);
	zl_strbuf_fini(&c->pack);
	free(c);
}

/* The cache of g, sized for its records.  Rules get a const graph, but
 * the cache is not part of what they read: filling it changes no answer. */
static struct zl_mail_cache *
cache_of(const struct zl_graph *g)
{
	struct zl_mail_cache *c = g->mail;

	if (c->nrecords != g->nrecords) {
		forget(c);
		c->nrecords = g->nrecords;
		c->kind = zl_xcalloc(g->nrecords + 1, sizeof(*c->kind));
		c->slot = zl_xcalloc(g->nrecords + 1, sizeof(*c->slot));
	}
	return c;
}

enum zl_mail_kind
zl_mail_kind_at(const struct zl_graph *g, uint32_t record)
{
	struct zl_mail_cache *c;
	enum zl_mail_kind kind = ZL_MAIL_OTHER;

	if (g->records[record].type != ZL_TYPE_TXT)
		return ZL_MAIL_OTHER;
	c = cache_of(g);
	if (c->kind[record] == 0) {
		if (zl_mail_txt(g, record, &c->pack))
			kind = zl_mail_kind_of(c->pack.data, c->pack.len);
		c->kind[record] = (uint8_t)(kind + 1);
	}
	return (enum zl_mail_kind)(c->kind[record] - 1);
}

static void
put(struct zl_mail_cache *c, const void *p, size_t n)
{
	zl_strbuf_add(&c->pack, p, n);
}

static void
get(struct reader *r, void *p, size_t n)
{
	memcpy(p, r->p, n);
	r->p += n;
}

static void
put_findings(struct zl_mail_cache *c, const struct zl_findings *f)
{
	uint32_t count = (uint32_t)f->count, dropped = (uint32_t)f->dropped;

	put(c, &count, sizeof(count));
	put(c, &dropped, sizeof(dropped));
	put(c, f->items, f->count * sizeof(f->items[0]));
}

static void
get_findings(struct reader *r, struct zl_findings *f)
{
	uint32_t count, dropped;

	get(r, &count, sizeof(count));
	get(r, &dropped, sizeof(dropped));
	f->count = count;
	f->dropped = dropped;
	get(r, f->items, count * sizeof(f->items[0]));
}

static void
put_tags(struct zl_mail_cache *c, const struct zl_tagval_list *list)
{
	uint32_t count = (uint32_t)list->count, flags = list->flags;

	put(c, &count, sizeof(count));
	put(c, &flags, sizeof(flags));
	for (size_t i = 0; i < list->count; i++) {
		const struct zl_tag *t = &list->tags[i];
		struct packed_tag p = {
			(uint16_t)t->name_off, (uint16_t)t->name_len,
			(uint16_t)t->value_off, (uint16_t)t->value_len,
			(uint16_t)t->spec_off, (uint16_t)t->spec_len,
			(uint16_t)t->equals_off,
		};

		put(c, &p, sizeof(p));
	}
	put_findings(c, &list->findings);
}

static void
get_tags(struct reader *r, struct zl_tagval_list *list, const struct zl_strbuf *text)
{
	uint32_t count, flags;

	get(r, &count, sizeof(count));
	get(r, &flags, sizeof(flags));
	list->text = text->data;
	list->text_len = text->len;
	list->flags = flags;
	list->count = count;
	for (size_t i = 0; i < count; i++) {
		struct zl_tag *t = &list->tags[i];
		struct packed_tag p;

		get(r, &p, sizeof(p));
		t->name_off = p.name_off;
		t->name_len = p.name_len;
		t->value_off = p.value_off;
		t->value_len = p.value_len;
		t->spec_off = p.spec_off;
		t->spec_len = p.spec_len;
		t->equals_off = p.equals_off;
	}
	get_findings(r, &list->findings);
}

static void
put_uris(struct zl_mail_cache *c, const struct zl_dmarc_uri *uris, size_t count, size_t total)
{
	uint32_t n = (uint32_t)count, all = (uint32_t)total;

	put(c, &n, sizeof(n));
	put(c, &all, sizeof(all));
	put(c, uris, count * sizeof(uris[0]));
}

static void
get_uris(struct reader *r, struct zl_dmarc_uri *uris, size_t *count, size_t *total)
{
	uint32_t n, all;

	get(r, &n, sizeof(n));
	get(r, &all, sizeof(all));
	get(r, uris, n * sizeof(uris[0]));
	*count = n;
	*total = all;
}

/* Copy the packed record into a block and return its slot. */
static uint32_t
keep(struct zl_mail_cache *c)
{
	size_t n = c->pack.len;

	if (c->nblocks == 0 || c->used + n > BLOCK_SIZE) {
		if ((c->nblocks + 1) * (size_t)BLOCK_SIZE + SLOT_FIRST > UINT32_MAX)
			return SLOT_UNCACHED;
		ZL_PUSH(c->blocks, c->nblocks, c->blocks_cap, zl_xmalloc(BLOCK_SIZE));
		c->used = 0;
	}
	memcpy(c->blocks[c->nblocks - 1] + c->used, c->pack.data, n);
	c->used += n;
	return (uint32_t)((c->nblocks - 1) * BLOCK_SIZE + (c->used - n) + SLOT_FIRST);
}

/* Return a reader at the packed parse of record, or NULL when the record
 * is not cached as `kind`. */
static bool
find(const struct zl_mail_cache *c, uint32_t record, enum packed_kind kind, struct reader *r)
{
	uint32_t at = c->slot[record] - SLOT_FIRST;

	if (c->slot[record] < SLOT_FIRST)
		return false;
	r->p = c->blocks[at / BLOCK_SIZE] + at % BLOCK_SIZE;
	if (*r->p != kind)
		return false;
	r->p++;
	return true;
}

/* Whether a parse of this text may be packed: every offset into it must
 * fit in 16 bits, and a record parsed as one kind is not packed as
 * another. */
static bool
cacheable(const struct zl_mail_cache *c, uint32_t record, const struct zl_strbuf *text)
{
	return c->slot[record] == SLOT_NONE && text->len < UINT16_MAX;
}

bool
zl_mail_dkim_get(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dkim_record *out)
{
	struct zl_mail_cache *c;
	struct reader r;
	const size_t first = offsetof(struct zl_dkim_record, key_type);
	const size_t end = offsetof(struct zl_dkim_record, key_data);

	if (!zl_mail_txt(g, record, text))
		return false;
	c = cache_of(g);
	if (find(c, record, PACKED_DKIM, &r)) {
		get_tags(&r, &out->tags, text);
		get_findings(&r, &out->findings);
		get(&r, (char *)out + first, end - first);
		return true;
	}
	zl_dkim_parse(out, text->data, text->len);
	if (!cacheable(c, record, text)) {
		if (c->slot[record] == SLOT_NONE)
			c->slot[record] = SLOT_UNCACHED;
		return true;
	}
	c->pack.len = 0;
	put(c, &(char){ PACKED_DKIM }, 1);
	put_tags(c, &out->tags);
	put_findings(c, &out->findings);
	put(c, (const char *)out + first, end - first);
	c->slot[record] = keep(c);
	return true;
}

bool
zl_mail_dmarc_get(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dmarc_record *out)
{
	struct zl_mail_cache *c;
	struct reader r;
	const size_t first = offsetof(struct zl_dmarc_record, present);
	const size_t end = offsetof(struct zl_dmarc_record, rua);

	if (!zl_mail_txt(g, record, text))
		return false;
	c = cache_of(g);
	if (find(c, record, PACKED_DMARC, &r)) {
		get_tags(&r, &out->tags, text);
		get_findings(&r, &out->findings);
		get(&r, (char *)out + first, end - first);
		get_uris(&r, out->rua, &out->rua_count, &out->rua_total);
		get_uris(&r, out->ruf, &out->ruf_count, &out->ruf_total);
		get(&r, &out->rua_valid, sizeof(out->rua_valid));
		return true;
	}
	zl_dmarc_parse(out, text->data, text->len);
	if (!cacheable(c, record, text)) {
		if (c->slot[record] == SLOT_NONE)
			c->slot[record] = SLOT_UNCACHED;
		return true;
	}
	c->pack.len = 0;
	put(c, &(char){ PACKED_DMARC }, 1);
	put_tags(c, &out->tags);
	put_findings(c, &out->findings);
	put(c, (const char *)out + first, end - first);
	put_uris(c, out->rua, out->rua_count, out->rua_total);
	put_uris(c, out->ruf, out->ruf_count, out->ruf_total);
	put(c, &out->rua_valid, sizeof(out->rua_valid));
	c->slot[record] = keep(c);
	return true;
}
