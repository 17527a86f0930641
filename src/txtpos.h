/* Positions of bytes of a TXT record's joined text in the zone file. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_TXTPOS_H
#define ZL_TXTPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "pos.h"
#include "util.h"

/*
 * Return where byte text_offset of the text of record (its
 * character-strings joined without separators, as zl_txt_join() builds
 * it) was written in the zone file.  The record is read again from its
 * file, so escapes (\DDD, \X), strings spread over several lines in
 * parentheses, and the repaired forms the zone reader accepts (unquoted
 * words, a stray word before the strings, continuation lines) all map to
 * the byte that produced the text.  A blank that the reader inserted
 * between unquoted words maps to the next word.  An offset at or past the
 * end maps to the end of the last string.  Falls back to the type token
 * when the record cannot be read again.  Allocates temporary memory only.
 */
struct zl_pos zl_txt_position(const struct zl_graph *g, uint32_t record,
    size_t text_offset);

/*
 * Store in starts[] the offset in the joined text at which each
 * character-string of the TXT RDATA begins, up to max entries, and return
 * the number of strings (which may exceed max).
 */
/* The mapping that zl_txt_position() keeps for the last record it was
 * asked about; each graph owns one (zl_graph_init() makes it). */
struct zl_txtpos_cache;
struct zl_txtpos_cache *zl_txtpos_cache_new(void);
void zl_txtpos_cache_free(struct zl_txtpos_cache *c);

/* Make zl_txt_position() use c instead of the graph's cache on the
 * calling thread, for rules that run on several threads at once; NULL
 * goes back to the graph's cache. */
void zl_txtpos_use_thread_cache(struct zl_txtpos_cache *c);

/* Let zl_txt_position() map a record written as one plain quoted string
 * without reading it again (the default), or make it read every record
 * again, as tests do to compare both ways. */
void zl_txtpos_set_plain_path(bool on);

size_t zl_txt_string_starts(const uint8_t *rdata, size_t len, size_t *starts,
    size_t max);

/* What name servers serve for a TXT record. */
enum zl_txt_served {
	ZL_TXT_SERVED_AS_STORED,	/* the stored RDATA: the record was written right */
	ZL_TXT_SERVED_NOTHING,		/* no TXT record: it was written as another type */
	ZL_TXT_SERVED_TEXT		/* other text than the stored RDATA */
};

/*
 * Find what name servers serve for TXT record `record`.  The zone reader
 * stores a misencoded record (ZL_REC_REPAIRED) as it was most likely
 * meant, but servers read the words as written: "TXT v=spf1 -all" is the
 * two strings "v=spf1" and "-all", served as "v=spf1-all", and "A TXT
 * "..."" is an A record that no server loads.  For ZL_TXT_SERVED_TEXT the
 * served strings, joined, are appended to text; they may equal the
 * stored text (strings that touch, "a""b").  For a record that the reader
 * extended with continuation lines, the text is that of its first line.
 */
enum zl_txt_served zl_txt_served(const struct zl_graph *g, uint32_t record,
    struct zl_strbuf *text);

#endif
