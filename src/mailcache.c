/* Mail records of a graph parsed once, however many rules read them. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "mailcache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/*
 * The generated zone of a million records contains about 110,000 DKIM
 * and DMARC records, and a parsed record is kilobytes of fixed arrays.
 * So the cache packs each parse into blocks that are never moved.  It
 * keeps only the tags, findings and URIs in use, and each field in as
 * few bytes as its values need.  Offsets take 16 bits, because a TXT
 * record's text is shorter than 64 KiB.  A DMARC record then takes about
 * 210 bytes and a DKIM key record about 100, instead of 290 and 175 with
 * the fields copied whole.
 *
 * Threads look a parse up without the lock: a record's slot is stored
 * (release) after its packed bytes and the block's place in the block
 * table, and read (acquire) before them.  The block table has room for
 * every block that a slot can address, so it never moves either.  Only a
 * record that has no slot yet takes the lock: to look for a kept parse of
 * the same RDATA, and then to pack its own.
 */
#define BLOCK_SIZE (1u << 20)
#define SLOT_NONE 0u		/* not parsed yet */
#define SLOT_UNCACHED 1u	/* parsed again on every request */
#define SLOT_FIRST 2u		/* slots from here on are 2 + block offset */
#define MAX_BLOCKS (((size_t)UINT32_MAX - SLOT_FIRST) / BLOCK_SIZE)

enum packed_kind { PACKED_DKIM = 'K', PACKED_DMARC = 'D' };

struct zl_mail_cache {
	size_t nrecords;	/* records that the tables below were made for */
	/* Only TXT records hold mail records, and on the benchmark zones
	 * they are a fifth of all records.  So the two arrays below have an
	 * entry per TXT record, at its rank in txt. */
	struct zl_rank_set txt;	/* the ids of the TXT records */
	uint8_t *kind;		/* 0 when not known, else enum zl_mail_kind + 1 */
	_Atomic uint32_t *slot;	/* SLOT_* or where its packed parse starts */
	unsigned char *blocks[MAX_BLOCKS];
	size_t nblocks;
	size_t used;		/* bytes used in the last block */
	uint64_t *same;		/* records with a kept parse; see find_same() */
	size_t same_cap, nsame;
	struct zl_strbuf pack;	/* one record being packed */
	bool pack_fits;		/* every number of it fit its packed width */
	bool listed;		/* the lists below are made */
	uint32_t *dmarc;	/* ids of the DMARC records, increasing */
	struct dmarc_place *dmarc_place;	/* where each of them sits */
	size_t ndmarc;
	uint32_t *keys;		/* ids of the TXT records at DKIM selector names */
	size_t nkeys;
	uint32_t *service;	/* ids of the TXT records at MTA-STS, TLS-RPT and BIMI names */
	size_t nservice;
	struct zl_mail_report_uri *report_uris;	/* zl_mail_report_uris(); owned */
	size_t nreport_uris;
	bool report_uris_kept;	/* zl_mail_keep_report_uris() has set the two above */
	uint8_t *active;	/* per name id: 0 when not known, else 1 + zl_mail_domain_active();
				 * threads read and write it under the lock */
	size_t active_names;	/* names that active was made for */
	bool shared;		/* threads use the cache, so changes take the lock */
	pthread_mutex_t lock;
};

/* The place for DMARC of the owner of one record of zl_mail_cache.dmarc,
 * as zl_mail_dmarc_place() gives it. */
struct dmarc_place {
	uint32_t domain;
	uint8_t place;		/* enum zl_dmarc_place */
};

/* A tag: the name's offset and two lengths take 16 bits, and the name's
 * length and the gaps between its parts 8 bits. */
struct packed_tag {
	uint16_t name_off, value_len, spec_len;
	uint8_t name_len;
	uint8_t equals_gap;	/* from the end of the name to "=" */
	uint8_t value_gap;	/* from "=" to the value */
	uint8_t spec_gap;	/* from the start of the tag-spec to the name */
};

struct reader {
	const unsigned char *p;
};

struct zl_mail_cache *
zl_mail_cache_new(void)
{
	struct zl_mail_cache *c = zl_xcalloc(1, sizeof(*c));

	zl_strbuf_init(&c->pack);
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

/* Free the packed parses and the list of report addresses. */
static void
free_parses(struct zl_mail_cache *c)
{
	for (size_t i = 0; i < c->nblocks; i++)
		free(c->blocks[i]);
	c->nblocks = c->used = 0;
	free(c->report_uris);
	c->report_uris = NULL;
	c->nreport_uris = 0;
	c->report_uris_kept = false;
	free(c->same);
	c->same = NULL;
	c->same_cap = c->nsame = 0;
}

static void
forget(struct zl_mail_cache *c)
{
	free_parses(c);
	zl_rank_set_fini(&c->txt);
	free(c->kind);
	free(c->slot);
	free(c->dmarc);
	free(c->dmarc_place);
	c->dmarc_place = NULL;
	free(c->keys);
	free(c->service);
	c->service = NULL;
	c->nservice = 0;
	free(c->active);
	c->active = NULL;
	c->active_names = 0;
	c->dmarc = c->keys = NULL;
	c->ndmarc = c->nkeys = 0;
	c->listed = false;
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
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Size the tables of c for the records of g, and forget what they held. */
static void
size_for(const struct zl_graph *g, struct zl_mail_cache *c)
{
	forget(c);
	c->nrecords = g->nrecords;
	zl_rank_set_init(&c->txt, g->nrecords);
	for (uint32_t i = 0; i < g->nrecords; i++) {
		if (g->records[i].type == ZL_TYPE_TXT)
			zl_rank_set_add(&c->txt, i);
	}
	zl_rank_set_seal(&c->txt);
	c->kind = zl_xcalloc_written((size_t)c->txt.count + 1, sizeof(*c->kind));
	c->slot = zl_xcalloc_written((size_t)c->txt.count + 1, sizeof(*c->slot));
}

/* Return the cache of g, sized for its records.  Rules get a const graph,
 * but filling the cache changes nothing that they read. */
static inline struct zl_mail_cache *
cache_of(const struct zl_graph *g)
{
	struct zl_mail_cache *c = g->mail;

	if (c->nrecords != g->nrecords)
		size_for(g, c);
	return c;
}

enum zl_mail_kind
zl_mail_kind_at(const struct zl_graph *g, uint32_t record)
{
	struct zl_mail_cache *c;
	enum zl_mail_kind kind = ZL_MAIL_OTHER;
	uint32_t rank;

	if (g->records[record].type != ZL_TYPE_TXT)
		return ZL_MAIL_OTHER;
	c = cache_of(g);
	rank = zl_rank_set_rank(&c->txt, record);
	if (c->kind[rank] == 0) {
		if (zl_mail_txt(g, record, &c->pack))
			kind = zl_mail_kind_of(c->pack.data, c->pack.len);
		c->kind[rank] = (uint8_t)(kind + 1);
	}
	return (enum zl_mail_kind)(c->kind[rank] - 1);
}

/* Return whether name is an MTA-STS (_mta-sts.DOMAIN), TLS-RPT
 * (_smtp._tls.DOMAIN) or BIMI (SELECTOR._bimi.DOMAIN) name. */
static bool
is_service_name(const struct zl_graph *g, uint32_t name)
{
	uint32_t parent = g->names[name].parent;

	return zl_mail_first_label_is(g, name, "_mta-sts") ||
	    (parent != ZL_NONE && zl_mail_first_label_is(g, parent, "_bimi")) ||
	    (parent != ZL_NONE && zl_mail_first_label_is(g, name, "_smtp") &&
	    zl_mail_first_label_is(g, parent, "_tls"));
}

/* Make the lists of DMARC records, of DKIM key records and of the TXT
 * records at MTA-STS, TLS-RPT and BIMI names, finding the kind of every
 * record on the way.  The lists keep records below a delegation too, and
 * zl_report() drops the mail rules' findings on them. */
static void
make_lists(const struct zl_graph *g, struct zl_mail_cache *c)
{
	size_t dmarc_cap = 0, keys_cap = 0, service_cap = 0;

	for (uint32_t i = 0; i < g->nrecords; i++) {
		/* The lists hold TXT records only, and most records are not TXT. */
		if (g->records[i].type != ZL_TYPE_TXT)
			continue;
		if (is_service_name(g, g->records[i].owner))
			ZL_PUSH(c->service, c->nservice, service_cap, i);
		if (zl_mail_kind_at(g, i) == ZL_MAIL_DMARC)
			ZL_PUSH(c->dmarc, c->ndmarc, dmarc_cap, i);
		if (zl_mail_dkim_key_at(g, i, NULL))
			ZL_PUSH(c->keys, c->nkeys, keys_cap, i);
	}
	c->dmarc_place = zl_xmalloc((c->ndmarc > 0 ? c->ndmarc : 1) * sizeof(*c->dmarc_place));
	for (size_t at = 0; at < c->ndmarc; at++) {
		struct dmarc_place *p = &c->dmarc_place[at];

		p->place = (uint8_t)zl_mail_dmarc_place(g, g->records[c->dmarc[at]].owner, &p->domain);
	}
	c->listed = true;
}

const uint32_t *
zl_mail_dmarc_records(const struct zl_graph *g, size_t *count)
{
	struct zl_mail_cache *c = cache_of(g);

	if (!c->listed)
		make_lists(g, c);
	*count = c->ndmarc;
	return c->dmarc;
}

/* How many entries ahead zl_mail_prefetch_ahead() loads.  This was timed
 * on the 1M-record benchmark zone, on two cores of an Intel Xeon virtual
 * machine.  8 made the DKIM and DMARC rules about 9% faster than no
 * prefetch (medians of 12 runs each), and 16 was no faster in 5 runs.
 * Loading the text and the kept parse at half that distance took the
 * user time of a one-thread run on the 5M-record zone from 6.03 to 5.67 s
 * (means of four runs, alternated with the build without it). */
#define PREFETCH_AHEAD 8

void
zl_mail_prefetch_ahead(const struct zl_graph *g, const uint32_t *ids, size_t count,
    size_t at)
{
	const struct zl_mail_cache *c = g->mail;
	uint32_t ahead;

	/* Halfway, the record and its slot loaded earlier point at its text
	 * and at its kept parse, which are loaded next. */
	if (at + PREFETCH_AHEAD / 2 < count) {
		uint32_t slot;

		ahead = ids[at + PREFETCH_AHEAD / 2];
		if (g->rdata != NULL)
			__builtin_prefetch(g->rdata + g->records[ahead].rdata);
		if (c->nrecords == g->nrecords) {
			slot = atomic_load_explicit(&c->slot[zl_rank_set_rank(&c->txt, ahead)],
			    memory_order_acquire);
			if (slot >= SLOT_FIRST)
				__builtin_prefetch(c->blocks[(slot - SLOT_FIRST) / BLOCK_SIZE] +
				    (slot - SLOT_FIRST) % BLOCK_SIZE);
		}
	}
	if (at + PREFETCH_AHEAD >= count)
		return;
	ahead = ids[at + PREFETCH_AHEAD];
	__builtin_prefetch(&g->records[ahead]);
	/* The lists hold only TXT records, which have a slot. */
	if (c->nrecords == g->nrecords)
		__builtin_prefetch(&c->slot[zl_rank_set_rank(&c->txt, ahead)]);
}

enum zl_dmarc_place
zl_mail_dmarc_listed_place(const struct zl_graph *g, size_t at, uint32_t *domain)
{
	struct zl_mail_cache *c = cache_of(g);

	if (!c->listed)
		make_lists(g, c);
	zl_mail_prefetch_ahead(g, c->dmarc, c->ndmarc, at);
	if (domain != NULL)
		*domain = c->dmarc_place[at].domain;
	return (enum zl_dmarc_place)c->dmarc_place[at].place;
}

const uint32_t *
zl_mail_service_records(const struct zl_graph *g, size_t *count)
{
	struct zl_mail_cache *c = cache_of(g);

	if (!c->listed)
		make_lists(g, c);
	*count = c->nservice;
	return c->service;
}

const uint32_t *
zl_mail_key_records(const struct zl_graph *g, size_t *count)
{
	struct zl_mail_cache *c = cache_of(g);

	if (!c->listed)
		make_lists(g, c);
	*count = c->nkeys;
	return c->keys;
}

void
zl_mail_cache_share(const struct zl_graph *g, bool on)
{
	struct zl_mail_cache *c = cache_of(g);

	/* Afterwards zl_mail_kind_at() and the lists only read. */
	if (on && !c->listed)
		make_lists(g, c);
	c->shared = on;
}

void
zl_mail_cache_drop_parses(const struct zl_graph *g)
{
	struct zl_mail_cache *c = g->mail;

	if (c == NULL)
		return;
	free_parses(c);
	for (size_t i = 0; c->slot != NULL && i <= c->txt.count; i++)
		atomic_store_explicit(&c->slot[i], SLOT_NONE, memory_order_relaxed);
}

static void
lock(struct zl_mail_cache *c)
{
	if (c->shared)
		pthread_mutex_lock(&c->lock);
}

static void
unlock(struct zl_mail_cache *c)
{
	if (c->shared)
		pthread_mutex_unlock(&c->lock);
}

/* The list is read and kept under the lock, because the rua rules run on
 * different threads; its entries are not changed once kept. */
bool
zl_mail_report_uris(const struct zl_graph *g, const struct zl_mail_report_uri **list,
    size_t *count)
{
	struct zl_mail_cache *c = cache_of(g);
	bool have_list;

	lock(c);
	have_list = c->report_uris_kept;
	*list = c->report_uris;
	*count = c->nreport_uris;
	unlock(c);
	return have_list;
}

void
zl_mail_keep_report_uris(const struct zl_graph *g, struct zl_mail_report_uri *list,
    size_t count)
{
	struct zl_mail_cache *c = cache_of(g);

	lock(c);
	if (!c->report_uris_kept) {
		c->report_uris = list;
		c->nreport_uris = count;
		c->report_uris_kept = true;
		list = NULL;
	}
	unlock(c);
	free(list);
}

int
zl_mail_cached_active(const struct zl_graph *g, uint32_t name)
{
	struct zl_mail_cache *c = cache_of(g);
	int known = -1;

	lock(c);
	if (c->active != NULL && c->active_names == g->nnames && c->active[name] != 0)
		known = c->active[name] - 1;
	unlock(c);
	return known;
}

void
zl_mail_keep_active(const struct zl_graph *g, uint32_t name, bool active)
{
	struct zl_mail_cache *c = cache_of(g);

	lock(c);
	if (c->active == NULL || c->active_names != g->nnames) {
		free(c->active);
		c->active = zl_xcalloc_written(g->nnames, sizeof(*c->active));
		c->active_names = g->nnames;
	}
	c->active[name] = (uint8_t)(1 + active);
	unlock(c);
}

static inline void
put(struct zl_mail_cache *c, const void *p, size_t n)
{
	struct zl_strbuf *b = &c->pack;

	/* Most fields are a few bytes and fit: copy them in place. */
	if (b->len + n + 1 > b->cap) {
		zl_strbuf_add(b, p, n);
		return;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void
get(struct reader *r, void *p, size_t n)
{
	memcpy(p, r->p, n);
	r->p += n;
}

/* Pack v as an unsigned integer of n bytes (1, 2, 4 or 8).  A value too
 * wide for them leaves the record uncached (see keep_packed()). */
static inline void
put_uint(struct zl_mail_cache *c, uint64_t v, size_t n)
{
	uint8_t v8 = (uint8_t)v;
	uint16_t v16 = (uint16_t)v;
	uint32_t v32 = (uint32_t)v;

	if (n < 8 && (v >> (8 * n)) != 0)
		c->pack_fits = false;
	switch (n) {
	case 1:
		put(c, &v8, 1);
		break;
	case 2:
		put(c, &v16, 2);
		break;
	case 4:
		put(c, &v32, 4);
		break;
	default:
		put(c, &v, 8);
		break;
	}
}

static inline uint64_t
get_uint(struct reader *r, size_t n)
{
	uint8_t v8;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (n) {
	case 1:
		get(r, &v8, 1);
		return v8;
	case 2:
		get(r, &v16, 2);
		return v16;
	case 4:
		get(r, &v32, 4);
		return v32;
	default:
		get(r, &v64, 8);
		return v64;
	}
}

/* Codes and offsets take 16 bits, the subject and hint (static strings)
 * their pointers. */
static void
put_findings(struct zl_mail_cache *c, const struct zl_findings *f)
{
	put_uint(c, f->count, 1);
	put_uint(c, f->dropped, 4);
	for (size_t i = 0; i < f->count; i++) {
		const struct zl_finding *x = &f->items[i];

		put_uint(c, (uint64_t)x->code, 2);
		put_uint(c, x->off, 2);
		put_uint(c, x->len, 2);
		put(c, &x->subject, sizeof(x->subject));
		put(c, &x->hint, sizeof(x->hint));
	}
}

static void
get_findings(struct reader *r, struct zl_findings *f)
{
	f->count = (size_t)get_uint(r, 1);
	f->dropped = (size_t)get_uint(r, 4);
	for (size_t i = 0; i < f->count; i++) {
		struct zl_finding *x = &f->items[i];

		x->code = (int)get_uint(r, 2);
		x->off = (size_t)get_uint(r, 2);
		x->len = (size_t)get_uint(r, 2);
		get(r, &x->subject, sizeof(x->subject));
		get(r, &x->hint, sizeof(x->hint));
	}
}

/* Return b - a as a gap of 8 bits, or clear c->pack_fits when it does not
 * fit one. */
static uint8_t
gap(struct zl_mail_cache *c, size_t a, size_t b)
{
	if (b < a || b - a > UINT8_MAX) {
		c->pack_fits = false;
		return 0;
	}
	return (uint8_t)(b - a);
}

static void
put_tags(struct zl_mail_cache *c, const struct zl_tagval_list *list)
{
	put_uint(c, list->count, 1);
	put_uint(c, list->flags, 1);
	for (size_t i = 0; i < list->count; i++) {
		const struct zl_tag *t = &list->tags[i];
		struct packed_tag p = {
			(uint16_t)t->name_off, (uint16_t)t->value_len, (uint16_t)t->spec_len,
			gap(c, 0, t->name_len), gap(c, t->name_off + t->name_len, t->equals_off),
			gap(c, t->equals_off, t->value_off), gap(c, t->spec_off, t->name_off),
		};

		put(c, &p, sizeof(p));
	}
	put_findings(c, &list->findings);
}

static void
get_tags(struct reader *r, struct zl_tagval_list *list, const struct zl_strbuf *text)
{
	list->text = text->data;
	list->text_len = text->len;
	list->count = (size_t)get_uint(r, 1);
	list->flags = (unsigned)get_uint(r, 1);
	for (size_t i = 0; i < list->count; i++) {
		struct zl_tag *t = &list->tags[i];
		struct packed_tag p;

		get(r, &p, sizeof(p));
		t->name_off = p.name_off;
		t->name_len = p.name_len;
		t->equals_off = t->name_off + t->name_len + p.equals_gap;
		t->value_off = t->equals_off + p.value_gap;
		t->value_len = p.value_len;
		t->spec_off = t->name_off - p.spec_gap;
		t->spec_len = p.spec_len;
	}
	get_findings(r, &list->findings);
}

/* Offsets and lengths in the text take 16 bits. */
static void
put_uris(struct zl_mail_cache *c, const struct zl_dmarc_uri *uris, size_t count, size_t total)
{
	put_uint(c, count, 1);
	put_uint(c, total, 4);
	for (size_t i = 0; i < count; i++) {
		const struct zl_dmarc_uri *u = &uris[i];

		put_uint(c, u->uri.off, 2);
		put_uint(c, u->uri.len, 2);
		put_uint(c, u->uri.scheme, 1);
		put_uint(c, u->uri.addr_off, 2);
		put_uint(c, u->uri.addr_len, 2);
		put_uint(c, u->uri.host_off, 2);
		put_uint(c, u->uri.host_len, 2);
		put_uint(c, u->valid, 1);
		put_uint(c, u->size_off, 2);
		put_uint(c, u->size_len, 2);
		put_uint(c, u->size_value, 8);
		put_uint(c, (unsigned char)u->size_unit, 1);
	}
}

static void
get_uris(struct reader *r, struct zl_dmarc_uri *uris, size_t *count, size_t *total)
{
	*count = (size_t)get_uint(r, 1);
	*total = (size_t)get_uint(r, 4);
	for (size_t i = 0; i < *count; i++) {
		struct zl_dmarc_uri *u = &uris[i];

		u->uri.off = (size_t)get_uint(r, 2);
		u->uri.len = (size_t)get_uint(r, 2);
		u->uri.scheme = (enum zl_uri_scheme)get_uint(r, 1);
		u->uri.addr_off = (size_t)get_uint(r, 2);
		u->uri.addr_len = (size_t)get_uint(r, 2);
		u->uri.host_off = (size_t)get_uint(r, 2);
		u->uri.host_len = (size_t)get_uint(r, 2);
		u->valid = get_uint(r, 1) != 0;
		u->size_off = (size_t)get_uint(r, 2);
		u->size_len = (size_t)get_uint(r, 2);
		u->size_value = get_uint(r, 8);
		u->size_unit = (char)get_uint(r, 1);
	}
}

/* Copy the packed record into a block and return its slot. */
static uint32_t
keep(struct zl_mail_cache *c)
{
	size_t n = c->pack.len;

	if (c->nblocks == 0 || c->used + n > BLOCK_SIZE) {
		if (c->nblocks == MAX_BLOCKS)
			return SLOT_UNCACHED;
		c->blocks[c->nblocks++] = zl_xmalloc(BLOCK_SIZE);
		c->used = 0;
	}
	memcpy(c->blocks[c->nblocks - 1] + c->used, c->pack.data, n);
	c->used += n;
	return (uint32_t)((c->nblocks - 1) * BLOCK_SIZE + (c->used - n) + SLOT_FIRST);
}

/* Point r at the packed parse of the TXT record of the given rank and
 * return true, or return false when it is not cached as `kind`. */
static bool
find(const struct zl_mail_cache *c, uint32_t rank, enum packed_kind kind, struct reader *r)
{
	uint32_t slot = atomic_load_explicit(&c->slot[rank], memory_order_acquire);
	uint32_t at = slot - SLOT_FIRST;

	if (slot < SLOT_FIRST)
		return false;
	r->p = c->blocks[at / BLOCK_SIZE] + at % BLOCK_SIZE;
	if (*r->p != kind)
		return false;
	r->p++;
	return true;
}

/* Keep the parse in c->pack for the TXT record of the given rank, unless
 * it cannot be packed or another thread has kept one meanwhile.  The
 * caller holds the lock. */
static void
keep_packed(struct zl_mail_cache *c, uint32_t rank, size_t text_len)
{
	if (atomic_load_explicit(&c->slot[rank], memory_order_relaxed) != SLOT_NONE)
		return;
	atomic_store_explicit(&c->slot[rank],
	    text_len < UINT16_MAX && c->pack_fits ? keep(c) : SLOT_UNCACHED,
	    memory_order_release);
}

/*
 * Records with the same RDATA have the same text, so they share one kept
 * parse.  Hosting zones repeat their mail records: in the 100k-record zone
 * of bench/gen-zone, 57% of the DMARC records repeat one seen before.
 * The table `same` finds a record with the same RDATA whose parse is kept.
 * An entry is the hash of the RDATA in the upper 32 bits and the record's
 * id in the lower.
 */
#define SAME_EMPTY UINT64_MAX

static uint32_t
rdata_hash(const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];

	return zl_text_hash((const char *)zl_graph_rdata(g, r), r->rdata_len);
}

static size_t
same_slot(const uint64_t *table, size_t cap, uint32_t hash)
{
	size_t i = hash & (cap - 1);

	while (table[i] != SAME_EMPTY)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Add record, whose RDATA has the given hash, to the table.  The caller
 * holds the lock. */
static void
remember_parse(struct zl_mail_cache *c, uint32_t record, uint32_t hash)
{
	if (2 * (c->nsame + 1) > c->same_cap) {
		uint64_t *old = c->same;
		size_t old_cap = c->same_cap;

		c->same_cap = old_cap > 0 ? 2 * old_cap : 256;
		c->same = zl_xmalloc(c->same_cap * sizeof(*c->same));
		memset(c->same, 0xff, c->same_cap * sizeof(*c->same));
		for (size_t k = 0; k < old_cap; k++) {
			if (old[k] != SAME_EMPTY)
				c->same[same_slot(c->same, c->same_cap, (uint32_t)(old[k] >> 32))] =
				    old[k];
		}
		free(old);
	}
	c->same[same_slot(c->same, c->same_cap, hash)] = (uint64_t)hash << 32 | record;
	c->nsame++;
}

/* Give the record of the given rank, which has no slot yet, the slot of a
 * record with the same RDATA (of the given hash) whose parse is kept as
 * `kind`, and point r at that parse as find() does.  Return whether
 * there was one. */
static bool
find_same(const struct zl_graph *g, struct zl_mail_cache *c, uint32_t record,
    uint32_t rank, uint32_t hash, enum packed_kind kind, struct reader *r)
{
	const struct zl_record *rec = &g->records[record];
	const uint8_t *rdata = zl_graph_rdata(g, rec);
	bool shared = false;

	lock(c);
	if (c->same_cap == 0 ||
	    atomic_load_explicit(&c->slot[rank], memory_order_relaxed) != SLOT_NONE) {
		unlock(c);
		return false;
	}
	for (size_t i = hash & (c->same_cap - 1); !shared && c->same[i] != SAME_EMPTY;
	    i = (i + 1) & (c->same_cap - 1)) {
		uint32_t other = (uint32_t)c->same[i], slot, at;
		const struct zl_record *o = &g->records[other];

		if ((uint32_t)(c->same[i] >> 32) != hash || o->rdata_len != rec->rdata_len ||
		    memcmp(zl_graph_rdata(g, o), rdata, rec->rdata_len) != 0)
			continue;
		slot = atomic_load_explicit(&c->slot[zl_rank_set_rank(&c->txt, other)],
		    memory_order_relaxed);
		at = slot - SLOT_FIRST;
		if (slot < SLOT_FIRST || c->blocks[at / BLOCK_SIZE][at % BLOCK_SIZE] != kind)
			continue;
		atomic_store_explicit(&c->slot[rank], slot, memory_order_release);
		shared = true;
	}
	unlock(c);
	return shared && find(c, rank, kind, r);
}

/* How to parse, pack and unpack one kind of record. */
struct codec {
	enum packed_kind kind;
	void (*parse)(void *out, const char *text, size_t len);
	void (*pack)(struct zl_mail_cache *c, const void *parsed);
	void (*unpack)(struct reader *r, void *out, const struct zl_strbuf *text);
};

static void
dkim_parse(void *out, const char *text, size_t len)
{
	zl_dkim_parse(out, text, len);
}

/* The DKIM facts after the findings, except the decoded key bytes.
 * Offsets into the key take 16 bits: it has at most ZL_DKIM_KEY_MAX
 * bytes. */
static void
dkim_pack(struct zl_mail_cache *c, const void *parsed)
{
	const struct zl_dkim_record *rec = parsed;
	const struct zl_dkim_key_info *k = &rec->key;

	put_tags(c, &rec->tags);
	put_findings(c, &rec->findings);
	put_uint(c, rec->key_type, 1);
	put_uint(c, rec->hash_algs, 1);
	put_uint(c, rec->services, 1);
	put_uint(c, rec->flags, 1);
	put_uint(c, (unsigned)rec->revoked | (unsigned)rec->key_has_space << 1, 1);
	put_uint(c, rec->key_len, 2);
	put_uint(c, k->format, 1);
	put_uint(c, k->error, 1);
	put_uint(c, k->error_off, 2);
	put_uint(c, k->declared_len, 8);
	put_uint(c, k->bits, 4);
	put_uint(c, k->modulus_off, 2);
	put_uint(c, k->modulus_len, 2);
	put_uint(c, k->exponent_off, 2);
	put_uint(c, k->exponent_len, 2);
	put_uint(c, k->ed25519_off, 2);
}

static void
dkim_unpack(struct reader *r, void *out, const struct zl_strbuf *text)
{
	struct zl_dkim_record *rec = out;
	struct zl_dkim_key_info *k = &rec->key;
	unsigned bools;

	get_tags(r, &rec->tags, text);
	get_findings(r, &rec->findings);
	rec->key_type = (enum zl_dkim_key_type)get_uint(r, 1);
	rec->hash_algs = (unsigned)get_uint(r, 1);
	rec->services = (unsigned)get_uint(r, 1);
	rec->flags = (unsigned)get_uint(r, 1);
	bools = (unsigned)get_uint(r, 1);
	rec->revoked = (bools & 1u) != 0;
	rec->key_has_space = (bools & 2u) != 0;
	rec->key_len = (size_t)get_uint(r, 2);
	k->format = (enum zl_dkim_key_format)get_uint(r, 1);
	k->error = (enum zl_der_error)get_uint(r, 1);
	k->error_off = (size_t)get_uint(r, 2);
	k->declared_len = (size_t)get_uint(r, 8);
	k->bits = (unsigned)get_uint(r, 4);
	k->modulus_off = (size_t)get_uint(r, 2);
	k->modulus_len = (size_t)get_uint(r, 2);
	k->exponent_off = (size_t)get_uint(r, 2);
	k->exponent_len = (size_t)get_uint(r, 2);
	k->ed25519_off = (size_t)get_uint(r, 2);
}

static void
dmarc_parse(void *out, const char *text, size_t len)
{
	zl_dmarc_parse(out, text, len);
}

/* The DMARC facts after the findings. */
static void
dmarc_pack(struct zl_mail_cache *c, const void *parsed)
{
	const struct zl_dmarc_record *rec = parsed;

	put_tags(c, &rec->tags);
	put_findings(c, &rec->findings);
	put_uint(c, rec->present, 4);
	put_uint(c, rec->invalid, 4);
	put_uint(c, rec->version_ok, 1);
	put_uint(c, rec->p, 1);
	put_uint(c, rec->sp, 1);
	put_uint(c, rec->np, 1);
	put_uint(c, (unsigned char)rec->psd, 1);
	put_uint(c, (unsigned char)rec->t, 1);
	put_uint(c, (unsigned char)rec->adkim, 1);
	put_uint(c, (unsigned char)rec->aspf, 1);
	put_uint(c, rec->fo, 1);
	put_uint(c, rec->pct, 1);
	put_uint(c, rec->ri, 4);
	put_uris(c, rec->rua, rec->rua_count, rec->rua_total);
	put_uris(c, rec->ruf, rec->ruf_count, rec->ruf_total);
	put_uint(c, rec->rua_valid, 1);
}

static void
dmarc_unpack(struct reader *r, void *out, const struct zl_strbuf *text)
{
	struct zl_dmarc_record *rec = out;

	get_tags(r, &rec->tags, text);
	get_findings(r, &rec->findings);
	rec->present = (unsigned)get_uint(r, 4);
	rec->invalid = (unsigned)get_uint(r, 4);
	rec->version_ok = get_uint(r, 1) != 0;
	rec->p = (enum zl_dmarc_policy)get_uint(r, 1);
	rec->sp = (enum zl_dmarc_policy)get_uint(r, 1);
	rec->np = (enum zl_dmarc_policy)get_uint(r, 1);
	rec->psd = (char)get_uint(r, 1);
	rec->t = (char)get_uint(r, 1);
	rec->adkim = (char)get_uint(r, 1);
	rec->aspf = (char)get_uint(r, 1);
	rec->fo = (unsigned)get_uint(r, 1);
	rec->pct = (unsigned)get_uint(r, 1);
	rec->ri = (uint32_t)get_uint(r, 4);
	get_uris(r, rec->rua, &rec->rua_count, &rec->rua_total);
	get_uris(r, rec->ruf, &rec->ruf_count, &rec->ruf_total);
	rec->rua_valid = get_uint(r, 1) != 0;
}

/* A packed parse leaves out the record's text: joining the strings of the
 * RDATA again costs less than a second copy of every text (about 4 MB of
 * DMARC texts on a zone of a million records). */
static const struct codec dkim_codec = {
	PACKED_DKIM, dkim_parse, dkim_pack, dkim_unpack
};
static const struct codec dmarc_codec = {
	PACKED_DMARC, dmarc_parse, dmarc_pack, dmarc_unpack
};

/* Fill text and out for record from the kept parse that r points at.
 * Without need_text, the tags point at an empty text. */
static bool
unpack(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text, void *out,
    const struct codec *codec, bool need_text, struct reader *r)
{
	if (need_text) {
		zl_mail_txt(g, record, text);
	} else {
		text->len = 0;
		zl_strbuf_add(text, "", 0);
	}
	codec->unpack(r, out, text);
	return true;
}

/* Fill text and out for record through the cache.  The parse runs
 * outside the lock, so that threads parse different records at once.
 * Without need_text, a kept parse is unpacked without joining the text,
 * and the tags get no text. */
static bool
get_parsed(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text, void *out,
    const struct codec *codec, bool need_text)
{
	const struct zl_record *rec = &g->records[record];
	struct zl_mail_cache *c;
	struct reader r;
	uint32_t rank, hash;

	if (rec->type != ZL_TYPE_TXT || (rec->flags & ZL_REC_BROKEN))
		return zl_mail_txt(g, record, text);
	c = cache_of(g);
	rank = zl_rank_set_rank(&c->txt, record);
	if (find(c, rank, codec->kind, &r))
		return unpack(g, record, text, out, codec, need_text, &r);
	/* A record that has a slot already is parsed every time: it cannot
	 * be kept, or its slot contains the other kind. */
	if (atomic_load_explicit(&c->slot[rank], memory_order_relaxed) != SLOT_NONE) {
		zl_mail_txt(g, record, text);
		codec->parse(out, text->data, text->len);
		return true;
	}
	hash = rdata_hash(g, record);
	if (find_same(g, c, record, rank, hash, codec->kind, &r))
		return unpack(g, record, text, out, codec, need_text, &r);

	zl_mail_txt(g, record, text);
	codec->parse(out, text->data, text->len);
	lock(c);
	if (atomic_load_explicit(&c->slot[rank], memory_order_relaxed) == SLOT_NONE) {
		c->pack.len = 0;
		c->pack_fits = true;
		put(c, &(char){ (char)codec->kind }, 1);
		codec->pack(c, out);
		keep_packed(c, rank, text->len);
		if (atomic_load_explicit(&c->slot[rank], memory_order_relaxed) >= SLOT_FIRST)
			remember_parse(c, record, hash);
	}
	unlock(c);
	return true;
}

bool
zl_mail_dkim_get(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dkim_record *out)
{
	return get_parsed(g, record, text, out, &dkim_codec, true);
}

bool
zl_mail_dkim_facts(const struct zl_graph *g, uint32_t record, struct zl_strbuf *scratch,
    struct zl_dkim_record *out)
{
	return get_parsed(g, record, scratch, out, &dkim_codec, false);
}

bool
zl_mail_dmarc_get(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dmarc_record *out)
{
	return get_parsed(g, record, text, out, &dmarc_codec, true);
}
