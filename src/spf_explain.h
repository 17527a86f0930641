/* The evaluation tree of an SPF policy as text, for --explain-spf. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SPF_EXPLAIN_H
#define ZL_SPF_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "spf_eval.h"
#include "util.h"

/*
 * Append to out, in the user's language, the evaluation tree of every SPF
 * record at name: each term with where its target resolves, the addresses
 * it authorizes, the running DNS-lookup count, the void lookups for IPv4
 * and IPv6 senders, and the targets outside the loaded zones.  Returns the
 * number of SPF records at name; out is untouched when it is 0.
 */
size_t zl_spf_explain(const struct zl_graph *g, uint32_t name, struct zl_strbuf *out);

/* Append the address or network a to out ("192.0.2.0/24", "2001:db8::1"). */
void zl_spf_addr_text(const struct zl_spf_addr *a, struct zl_strbuf *out);

#endif
