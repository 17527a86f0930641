/* Mail records of a graph parsed once, however many rules read them. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_MAILCACHE_H
#define ZL_MAILCACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "dkim.h"
#include "dmarc.h"
#include "graph.h"
#include "mailtxt.h"
#include "util.h"

/*
 * Each graph owns one cache (zl_graph_init() makes it).  Rules that
 * read the DKIM or DMARC records of a zone get them here: the first
 * request for a record parses it and keeps a packed copy of the result,
 * and the later ones unpack it.  The copy of a DMARC record keeps its
 * text.  A request for a DKIM key record joins the record's text again,
 * which costs far less than the parse.
 */
struct zl_mail_cache;
struct zl_mail_cache *zl_mail_cache_new(void);
void zl_mail_cache_free(struct zl_mail_cache *c);

/* Let threads share the cache of g while `on`: the kind of every record
 * is found at once, and keeping a new parse takes the cache lock (finding
 * one kept takes none).  Call it with false when the threads are done. */
void zl_mail_cache_share(const struct zl_graph *g, bool on);

/* Free the packed parses and the list of report addresses of the cache of
 * g, once the rules that read them are done.  A later request parses its
 * record again.  No thread may request a parse meanwhile. */
void zl_mail_cache_drop_parses(const struct zl_graph *g);

/* Return the kind zl_mail_kind_of() finds in the text of record, or
 * ZL_MAIL_OTHER for a record without TXT text. */
enum zl_mail_kind zl_mail_kind_at(const struct zl_graph *g, uint32_t record);

/* Return the nearest of name and its ancestors whose first label is
 * "_domainkey", or ZL_NONE.  A walk up a few names costs less than a
 * table of every name. */
static inline uint32_t
zl_mail_domainkey_name(const struct zl_graph *g, uint32_t name)
{
	return zl_mail_find_label(g, name, "_domainkey");
}

/* Return what zl_mail_keep_active() kept for name (0 or 1), or -1 when
 * nothing is kept.  zl_mail_domain_active() calls this first, because
 * several rules test the same domains.  Both take the cache lock while
 * threads share the cache. */
int zl_mail_cached_active(const struct zl_graph *g, uint32_t name);

/* Keep the result of zl_mail_domain_active() for name. */
void zl_mail_keep_active(const struct zl_graph *g, uint32_t name, bool active);

/* Set *list and *count to the DMARC report URIs kept for g and return
 * true, or return false when none are kept yet.  The list belongs to the
 * cache. */
struct zl_mail_report_uri;
bool zl_mail_report_uris(const struct zl_graph *g, const struct zl_mail_report_uri **list,
    size_t *count);

/* Keep list (count entries from malloc(), or NULL for none), which the
 * cache takes, as the report URIs of g, unless another thread has kept
 * a list meanwhile: then free list. */
void zl_mail_keep_report_uris(const struct zl_graph *g, struct zl_mail_report_uri *list,
    size_t count);

/* Return the ids of the records whose text is a DMARC record
 * (zl_mail_kind_at() gives ZL_MAIL_DMARC), in increasing order, and store
 * their number in *count.  The array belongs to the cache. */
const uint32_t *zl_mail_dmarc_records(const struct zl_graph *g, size_t *count);

/* Return zl_mail_dmarc_place() of the owner of ids[at], where ids is the
 * array zl_mail_dmarc_records() returns, and set *domain (when not NULL)
 * as it does.  The cache finds both once per record when it makes the list. */
enum zl_dmarc_place zl_mail_dmarc_listed_place(const struct zl_graph *g, size_t at,
    uint32_t *domain);

/* Return the ids of the TXT records at DKIM selector names
 * (zl_mail_dkim_key_at()), as zl_mail_dmarc_records() does. */
const uint32_t *zl_mail_key_records(const struct zl_graph *g, size_t *count);

/* Return the ids of the TXT records at MTA-STS (_mta-sts.DOMAIN), TLS-RPT
 * (_smtp._tls.DOMAIN) and BIMI (SELECTOR._bimi.DOMAIN) names, as
 * zl_mail_dmarc_records() does. */
const uint32_t *zl_mail_service_records(const struct zl_graph *g, size_t *count);

/* Start loading the record a few entries after ids[at], and its entry in
 * the cache's table of slots, into the processor's cache, and the text and
 * kept parse of the record half as far ahead, whose entry came earlier.
 * The listed records lie far apart in memory, so a loop over ids that
 * calls this for each entry waits less on memory.
 * zl_mail_dmarc_listed_place() calls it by itself. */
void zl_mail_prefetch_ahead(const struct zl_graph *g, const uint32_t *ids, size_t count,
    size_t at);

/*
 * Fill text with the joined text of record (as zl_mail_txt() does) and
 * out with what zl_dkim_parse() makes of it; out->tags.text points into
 * text.  Returns false, leaving out untouched, for a record without TXT
 * text.  out->key_data is not filled: only the facts about the key
 * (out->key, out->key_len) are kept.
 */
bool zl_mail_dkim_get(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dkim_record *out);

/*
 * Fill out as zl_mail_dkim_get() does, but without joining the text when
 * the parse is kept.  out->tags.text may then be empty, so that the tags
 * give offsets only, and scratch contains nothing of use.  Rules that
 * skip most key records call it first, and zl_mail_dkim_get() only for
 * the records they report on.
 */
bool zl_mail_dkim_facts(const struct zl_graph *g, uint32_t record, struct zl_strbuf *scratch,
    struct zl_dkim_record *out);

/* Fill text and out as zl_mail_dkim_get() does, with what
 * zl_dmarc_parse() makes of the text. */
bool zl_mail_dmarc_get(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text,
    struct zl_dmarc_record *out);

#endif
