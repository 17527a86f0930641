/* RDATA in presentation form, for matching patterns against records. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RDTEXT_H
#define ZL_RDTEXT_H

#include <stdbool.h>

#include "graph.h"
#include "util.h"

/* Append the text that --rules patterns see for r to sb: the joined text
 * of TXT and SPF records (unescaped, as zl_txt_join() builds it), and the
 * master-file presentation form of every other type.  Names are written
 * absolute, with a final dot.  The types that rrtype.c describes itself
 * are written in RFC 3597 form where their RDATA does not fit their
 * fields.  Returns false, appending nothing, for a record flagged
 * ZL_REC_BROKEN or RDATA of another type that ldns cannot print. */
bool zl_rdtext_append(const struct zl_graph *g, const struct zl_record *r,
    struct zl_strbuf *sb);

/* Append the presentation form of a wire name, with a final dot, to sb;
 * the same text as zl_name_to_text(), faster for names without escapes. */
void zl_rdtext_add_name(const uint8_t *wire, struct zl_strbuf *sb);

#endif
