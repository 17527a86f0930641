/* Parsed SPF records of the graph under analysis, shared by the spf-* rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SPF_CACHE_H
#define ZL_SPF_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "spf.h"

struct zl_spf_eval_summary;

/*
 * The SPF cache lists the SPF records of one graph, the TXT records that
 * zl_spf_record_is_spf() accepts.  It keeps the parse of each distinct
 * policy text, so that the spf-* rules and the evaluator parse a policy
 * once per analysis instead of once per use.  Records with the same text
 * share one parse, which callers read in place, and a text that is a
 * record's single character-string is not copied.
 *
 * There is one cache per process.  The rules build it on first use, and
 * zl_analysis_run() frees it before and after the rules, so that no
 * analysis reads one built for an earlier graph at the same address.  A
 * graph must not change while it has a cache.  Threads may share a cache
 * that zl_spf_cache_prepare() filled; building one is not thread-safe.
 */
struct zl_spf_cache;

/* The text of one TXT record parsed as an SPF record. */
struct zl_spf_text {
	uint32_t record;
	const char *text;		/* joined character-strings, not NUL-terminated;
					 * owned when owned_text is set */
	size_t len;
	struct zl_spf_record parsed;	/* owned unless parse_in_cache is set */
	char *owned_text;		/* text when this holds its own copy; NULL when
					 * text points into the SPF cache or the graph */
	bool parse_in_cache;		/* parsed points into the SPF cache, which
					 * frees it; callers must not change it */
};

/* Return the cache of g, building it when there is none or it belongs to
 * another graph. */
const struct zl_spf_cache *zl_spf_cache_get(const struct zl_graph *g);

/* Return the cache of g when one was built, else NULL.  Builds nothing,
 * so that callers outside an analysis never leave a cache behind. */
const struct zl_spf_cache *zl_spf_cache_find(const struct zl_graph *g);

/* Free the cache, if any. */
void zl_spf_cache_clear(void);

/* Return the ids of the SPF records, in increasing order, and store their
 * number in *count.  The array belongs to the cache. */
const uint32_t *zl_spf_cache_records(const struct zl_spf_cache *c, size_t *count);

/* Return the name ids that own at least one SPF record, in increasing
 * order, and store their number in *count.  The array belongs to the
 * cache. */
const uint32_t *zl_spf_cache_owners(const struct zl_spf_cache *c, size_t *count);

/*
 * Fill *out with the text and parse of SPF record `record`, as
 * zl_spf_text_load() does, and return true.  Return false, leaving *out
 * empty, when the record is not an SPF record of the graph or its parse
 * could not be stored (memory ran out while building).  out->text points
 * into the cache or the graph, and out->parsed into the cache, so both
 * stay valid until the cache is freed; zl_spf_text_fini() frees neither.
 */
bool zl_spf_cache_text(const struct zl_spf_cache *c, uint32_t record, struct zl_spf_text *out);

/*
 * Store in *out the summary of the evaluation of SPF record `record`
 * (see zl_spf_eval_summarize()) and return true.  The first request
 * evaluates every SPF record of the cache.  Return false when g has no
 * cache or the record is not in it; then evaluate it in full.
 */
bool zl_spf_cache_eval_summary(const struct zl_graph *g, uint32_t record,
    struct zl_spf_eval_summary *out);

/*
 * Store in *problems what zl_spf_host_problems() returns for SPF record
 * `record` and return true.  The first request checks every SPF record of
 * the cache.  Return false when g has no cache or the record is not in it.
 */
bool zl_spf_cache_host_problems(const struct zl_graph *g, uint32_t record, unsigned *problems);

/* Build the cache of g with every evaluation summary and host problem,
 * so that threads can read it afterwards without changing it. */
void zl_spf_cache_prepare(const struct zl_graph *g);

#endif
