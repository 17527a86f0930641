/* Parsed SPF records of the graph under analysis, shared by the spf-* rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_cache.h"

#include <stdlib.h>
#include <string.h>

#include "rdata.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "util.h"

/* One distinct policy text and its parse. */
struct policy {
	uint32_t text;			/* offset into the graph's RDATA, or into
					 * zl_spf_cache.texts when in_texts is set */
	uint32_t hash;
	uint32_t first_term;		/* index into zl_spf_cache.terms */
	uint32_t first_error;		/* index into zl_spf_cache.errors */
	uint32_t nterms;
	uint32_t nerrors;
	uint16_t len;
	bool in_texts;
};

struct zl_spf_cache {
	const struct zl_graph *graph;	/* the graph it describes; not owned */

	/* The graph's arrays and sizes when the cache was built, compared on
	 * each use to catch a graph that changed or a new one at the same
	 * address. */
	const struct zl_record *graph_records;
	const uint8_t *graph_rdata;
	size_t graph_nrecords, graph_rdata_len;

	uint32_t *records;		/* SPF record ids, increasing */
	uint32_t *policy_of;		/* parallel to records: index into policies, or
					 * ZL_NONE when the parse could not be stored */
	size_t nrecords, records_cap, policy_of_cap;
	uint32_t *owners;		/* owner name ids, increasing and distinct */
	size_t nowners, owners_cap;
	struct policy *policies;
	size_t npolicies, policies_cap;
	uint32_t *table;		/* open addressing: policy index + 1, 0 when free */
	size_t table_cap;		/* a power of two */
	struct zl_spf_term *terms;	/* the terms of every policy, in order */
	size_t nterms, terms_cap;
	struct zl_spf_error *errors;
	size_t nerrors, errors_cap;
	char *texts;			/* joined texts of records with several strings */
	size_t texts_len, texts_cap;
	struct zl_spf_eval_summary *summaries;	/* parallel to records; NULL until
						 * first requested */
	uint8_t *host_problems;		/* parallel to records; NULL until first requested */
};

/* The cache of the graph under analysis; see spf_cache.h. */
static struct zl_spf_cache *current;

/* The index in current->records of the record found last, per thread. */
static _Thread_local size_t last_found;

static const char *
policy_text(const struct zl_spf_cache *c, const struct policy *p)
{
	if (p->in_texts)
		return c->texts + p->text;
	return (const char *)c->graph->rdata + p->text;
}

/* Append the terms and errors of rec to the arenas and fill p. */
static void
store_record(struct zl_spf_cache *c, struct policy *p, const struct zl_spf_record *rec)
{
	p->first_term = (uint32_t)c->nterms;
	p->nterms = (uint32_t)rec->nterms;
	p->first_error = (uint32_t)c->nerrors;
	p->nerrors = (uint32_t)rec->nerrors;
	if (rec->nterms > 0) {
		zl_grow((void **)&c->terms, &c->terms_cap, c->nterms + rec->nterms,
		    sizeof(*c->terms));
		memcpy(c->terms + c->nterms, rec->terms, rec->nterms * sizeof(*rec->terms));
		c->nterms += rec->nterms;
	}
	if (rec->nerrors > 0) {
		zl_grow((void **)&c->errors, &c->errors_cap, c->nerrors + rec->nerrors,
		    sizeof(*c->errors));
		memcpy(c->errors + c->nerrors, rec->errors, rec->nerrors * sizeof(*rec->errors));
		c->nerrors += rec->nerrors;
	}
}

/* Parse text and add it as a new policy.  Return its index, or ZL_NONE
 * when it cannot be cached. */
static uint32_t
add_policy(struct zl_spf_cache *c, const char *text, size_t len, uint32_t hash,
    uint32_t rdata_offset)
{
	struct zl_spf_record rec;
	struct policy p;

	if (len > UINT16_MAX || zl_spf_parse(text, len, &rec) != 0)
		return ZL_NONE;
	memset(&p, 0, sizeof(p));
	p.hash = hash;
	p.len = (uint16_t)len;
	store_record(c, &p, &rec);
	zl_spf_record_fini(&rec);

	/* A text that is the record's only string stays in the graph. */
	if (rdata_offset != ZL_NONE) {
		p.text = rdata_offset;
	} else {
		p.in_texts = true;
		p.text = (uint32_t)c->texts_len;
		if (c->texts_len + len > c->texts_cap)
			zl_grow((void **)&c->texts, &c->texts_cap, c->texts_len + len, 1);
		memcpy(c->texts + c->texts_len, text, len);
		c->texts_len += len;
	}
	ZL_PUSH(c->policies, c->npolicies, c->policies_cap, p);
	return (uint32_t)(c->npolicies - 1);
}

static void
grow_table(struct zl_spf_cache *c)
{
	size_t cap = c->table_cap ? 2 * c->table_cap : 256;
	uint32_t *table = zl_xcalloc(cap, sizeof(*table));

	for (size_t i = 0; i < c->npolicies; i++) {
		size_t slot = c->policies[i].hash & (cap - 1);

		while (table[slot] != 0)
			slot = (slot + 1) & (cap - 1);
		table[slot] = (uint32_t)i + 1;
	}
	free(c->table);
	c->table = table;
	c->table_cap = cap;
}

/* Return the index of the policy with this text, adding it when it is
 * new, or ZL_NONE when it cannot be cached. */
static uint32_t
intern_policy(struct zl_spf_cache *c, const char *text, size_t len, uint32_t rdata_offset)
{
	uint32_t hash = zl_text_hash(text, len);
	size_t slot;
	uint32_t added;

	if (2 * (c->npolicies + 1) > c->table_cap)
		grow_table(c);
	for (slot = hash & (c->table_cap - 1); c->table[slot] != 0;
	    slot = (slot + 1) & (c->table_cap - 1)) {
		const struct policy *p = &c->policies[c->table[slot] - 1];

		if (p->hash == hash && p->len == len &&
		    memcmp(policy_text(c, p), text, len) == 0)
			return c->table[slot] - 1;
	}
	added = add_policy(c, text, len, hash, rdata_offset);
	if (added != ZL_NONE)
		c->table[slot] = added + 1;
	return added;
}

/* Return true when ids[0..n) are in increasing order, equal ids allowed. */
static bool
ids_sorted(const uint32_t *ids, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (ids[i - 1] > ids[i])
			return false;
	}
	return true;
}

/* Shrink an array to its length: the cache lives through every rule. */
static void *
shrink(void *array, size_t len, size_t elem_size)
{
	void *small;

	if (len == 0) {
		free(array);
		return NULL;
	}
	small = realloc(array, len * elem_size);
	return small != NULL ? small : array;
}

static void
add_record(struct zl_spf_cache *c, struct zl_strbuf *joined, uint32_t id)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[id];
	const uint8_t *rd = zl_graph_rdata(g, r);
	uint32_t policy;

	/* One string, the usual case, is its own joined text. */
	if (r->rdata_len > 0 && (size_t)rd[0] + 1 >= r->rdata_len) {
		policy = intern_policy(c, (const char *)rd + 1, r->rdata_len - 1u, r->rdata + 1);
	} else {
		joined->len = 0;
		zl_txt_join(rd, r->rdata_len, joined);
		policy = intern_policy(c, joined->data != NULL ? joined->data : "", joined->len,
		    ZL_NONE);
	}
	if (c->nrecords == c->records_cap)
		zl_grow((void **)&c->records, &c->records_cap, c->nrecords + 1,
		    sizeof(*c->records));
	if (c->nrecords == c->policy_of_cap)
		zl_grow((void **)&c->policy_of, &c->policy_of_cap, c->nrecords + 1,
		    sizeof(*c->policy_of));
	c->records[c->nrecords] = id;
	c->policy_of[c->nrecords] = policy;
	c->nrecords++;
	ZL_PUSH(c->owners, c->nowners, c->owners_cap, r->owner);
}

static struct zl_spf_cache *
build(const struct zl_graph *g)
{
	struct zl_spf_cache *c = zl_xcalloc(1, sizeof(*c));
	struct zl_strbuf joined;
	size_t out = 0;

	c->graph = g;
	c->graph_records = g->records;
	c->graph_nrecords = g->nrecords;
	c->graph_rdata = g->rdata;
	c->graph_rdata_len = g->rdata_len;
	zl_strbuf_init(&joined);
	for (size_t i = 0; i < g->nrecords; i++) {
		if (zl_spf_record_is_spf(g, (uint32_t)i))
			add_record(c, &joined, (uint32_t)i);
	}
	zl_strbuf_fini(&joined);

	/* Names get their ids as the reader meets them, so the owners of
	 * records in file order are often in order already. */
	if (c->nowners > 1 && !ids_sorted(c->owners, c->nowners))
		qsort(c->owners, c->nowners, sizeof(*c->owners), zl_compare_u32);
	for (size_t i = 0; i < c->nowners; i++) {
		if (out == 0 || c->owners[out - 1] != c->owners[i])
			c->owners[out++] = c->owners[i];
	}
	c->nowners = out;

	/* The table is needed only while building. */
	free(c->table);
	c->table = NULL;
	c->table_cap = 0;
	c->records = shrink(c->records, c->nrecords, sizeof(*c->records));
	c->policy_of = shrink(c->policy_of, c->nrecords, sizeof(*c->policy_of));
	c->owners = shrink(c->owners, c->nowners, sizeof(*c->owners));
	c->policies = shrink(c->policies, c->npolicies, sizeof(*c->policies));
	c->terms = shrink(c->terms, c->nterms, sizeof(*c->terms));
	c->errors = shrink(c->errors, c->nerrors, sizeof(*c->errors));
	c->texts = shrink(c->texts, c->texts_len, 1);
	return c;
}

static void
cache_free(struct zl_spf_cache *c)
{
	if (c == NULL)
		return;
	free(c->records);
	free(c->policy_of);
	free(c->owners);
	free(c->policies);
	free(c->table);
	free(c->terms);
	free(c->errors);
	free(c->texts);
	free(c->summaries);
	free(c->host_problems);
	free(c);
}

const struct zl_spf_cache *
zl_spf_cache_get(const struct zl_graph *g)
{
	if (zl_spf_cache_find(g) != NULL)
		return current;
	cache_free(current);
	current = build(g);
	return current;
}

const struct zl_spf_cache *
zl_spf_cache_find(const struct zl_graph *g)
{
	if (current == NULL || current->graph != g || current->graph_records != g->records ||
	    current->graph_nrecords != g->nrecords || current->graph_rdata != g->rdata ||
	    current->graph_rdata_len != g->rdata_len)
		return NULL;
	return current;
}

void
zl_spf_cache_clear(void)
{
	cache_free(current);
	current = NULL;
}

const uint32_t *
zl_spf_cache_records(const struct zl_spf_cache *c, size_t *count)
{
	*count = c->nrecords;
	return c->records;
}

const uint32_t *
zl_spf_cache_owners(const struct zl_spf_cache *c, size_t *count)
{
	*count = c->nowners;
	return c->owners;
}

/* Return the index of record in c->records, or ZL_NONE. */
static uint32_t
find_record(const struct zl_spf_cache *c, uint32_t record)
{
	size_t lo = 0, hi = c->nrecords;
	size_t next = last_found + 1;

	/* The rules walk the records in order. */
	if (next < c->nrecords && c->records[next] == record) {
		last_found = next;
		return (uint32_t)next;
	}

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->records[mid] < record)
			lo = mid + 1;
		else if (c->records[mid] > record)
			hi = mid;
		else {
			last_found = mid;
			return (uint32_t)mid;
		}
	}
	return ZL_NONE;
}

bool
zl_spf_cache_text(const struct zl_spf_cache *c, uint32_t record, struct zl_spf_text *out)
{
	uint32_t at = find_record(c, record);
	const struct policy *p;

	memset(out, 0, sizeof(*out));
	if (at == ZL_NONE || c->policy_of[at] == ZL_NONE)
		return false;
	p = &c->policies[c->policy_of[at]];
	out->record = record;
	out->text = policy_text(c, p);
	out->len = p->len;
	out->parse_in_cache = true;
	if (p->nterms > 0) {
		out->parsed.terms = c->terms + p->first_term;
		out->parsed.nterms = p->nterms;
	}
	if (p->nerrors > 0) {
		out->parsed.errors = c->errors + p->first_error;
		out->parsed.nerrors = p->nerrors;
	}
	return true;
}

/* Return true when some a or mx term of p has no domain-spec, so that
 * its target, and what the policy means, depends on the record's owner. */
static bool
uses_owner(const struct zl_spf_cache *c, const struct policy *p)
{
	for (size_t i = 0; i < p->nterms; i++) {
		const struct zl_spf_term *t = &c->terms[p->first_term + i];

		if ((t->kind == ZL_SPF_A || t->kind == ZL_SPF_MX) && t->domain_len == 0)
			return true;
	}
	return false;
}

/* Return true when no term of p makes a DNS query, so that its
 * evaluation counts nothing. */
static bool
queries_nothing(const struct zl_spf_cache *c, const struct policy *p)
{
	for (size_t i = 0; i < p->nterms; i++) {
		if (zl_spf_term_costs_lookup(c->terms[p->first_term + i].kind))
			return false;
	}
	return true;
}

/* The state fill_summaries() keeps for a policy text. */
enum memo_state {
	MEMO_UNKNOWN,	/* no record with the text evaluated yet */
	MEMO_SHARED,	/* its summary holds for every record with the text */
	MEMO_OWN	/* each record is evaluated on its own */
};

/*
 * Evaluate every SPF record once and keep the summaries.  Records with
 * the same text share one evaluation unless the text depends on the
 * owner, or the first evaluation met a loop or was cut short.  Otherwise
 * a second record with the text walks the same policies as the first.
 * The first walk cannot have reached the second record, because walking
 * that text again would have met the include target that led there while
 * it was still on the stack, which is a loop.
 */
static void
fill_summaries(struct zl_spf_cache *c)
{
	size_t npolicies = c->npolicies ? c->npolicies : 1;
	struct zl_spf_eval_summary *shared = zl_xcalloc(npolicies, sizeof(*shared));
	uint8_t *state = zl_xcalloc(npolicies, sizeof(*state));

	c->summaries = zl_xcalloc(c->nrecords ? c->nrecords : 1, sizeof(*c->summaries));
	for (size_t i = 0; i < c->nrecords; i++) {
		uint32_t policy = c->policy_of[i];
		struct zl_spf_eval ev;

		if (policy != ZL_NONE && state[policy] == MEMO_SHARED) {
			c->summaries[i] = shared[policy];
			continue;
		}
		if (policy != ZL_NONE && queries_nothing(c, &c->policies[policy]))
			continue;	/* the summary stays all zero */
		if (!zl_spf_evaluate_counts(c->graph, c->records[i], &ev))
			continue;
		zl_spf_eval_summarize(&ev, &c->summaries[i]);
		if (policy != ZL_NONE && state[policy] == MEMO_UNKNOWN) {
			state[policy] = MEMO_OWN;
			if (!ev.truncated && !c->summaries[i].loop &&
			    !uses_owner(c, &c->policies[policy])) {
				shared[policy] = c->summaries[i];
				state[policy] = MEMO_SHARED;
			}
		}
		zl_spf_eval_fini(&ev);
	}
	free(shared);
	free(state);
}

bool
zl_spf_cache_eval_summary(const struct zl_graph *g, uint32_t record,
    struct zl_spf_eval_summary *out)
{
	struct zl_spf_cache *c = current;
	uint32_t at;

	if (zl_spf_cache_find(g) == NULL || (at = find_record(c, record)) == ZL_NONE)
		return false;
	if (c->summaries == NULL)
		fill_summaries(c);
	*out = c->summaries[at];
	return true;
}

/* Find the host problems of every SPF record once.  Records share the
 * result of their text unless it depends on the owner. */
static void
fill_host_problems(struct zl_spf_cache *c)
{
	size_t npolicies = c->npolicies ? c->npolicies : 1;
	uint8_t *shared = zl_xcalloc(npolicies, sizeof(*shared));
	uint8_t *state = zl_xcalloc(npolicies, sizeof(*state));

	c->host_problems = zl_xcalloc(c->nrecords ? c->nrecords : 1, 1);
	for (size_t i = 0; i < c->nrecords; i++) {
		uint32_t policy = c->policy_of[i];
		struct zl_spf_text t;

		if (policy != ZL_NONE && state[policy] == MEMO_SHARED) {
			c->host_problems[i] = shared[policy];
			continue;
		}
		if (!zl_spf_text_load(c->graph, c->records[i], &t))
			continue;
		c->host_problems[i] = (uint8_t)zl_spf_host_problems(c->graph, &t);
		zl_spf_text_fini(&t);
		if (policy != ZL_NONE && state[policy] == MEMO_UNKNOWN) {
			state[policy] = MEMO_OWN;
			if (!uses_owner(c, &c->policies[policy])) {
				shared[policy] = c->host_problems[i];
				state[policy] = MEMO_SHARED;
			}
		}
	}
	free(shared);
	free(state);
}

bool
zl_spf_cache_host_problems(const struct zl_graph *g, uint32_t record, unsigned *problems)
{
	struct zl_spf_cache *c = current;
	uint32_t at;

	if (zl_spf_cache_find(g) == NULL || (at = find_record(c, record)) == ZL_NONE)
		return false;
	if (c->host_problems == NULL)
		fill_host_problems(c);
	*problems = c->host_problems[at];
	return true;
}

void
zl_spf_cache_prepare(const struct zl_graph *g)
{
	struct zl_spf_cache *c;

	zl_spf_cache_get(g);
	c = current;
	if (c->summaries == NULL)
		fill_summaries(c);
	if (c->host_problems == NULL)
		fill_host_problems(c);
}
