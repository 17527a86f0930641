/* Helpers that the spf-* rules share. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SPF_RULES_H
#define ZL_SPF_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "spf.h"
#include "spf_cache.h"

/* Join and parse TXT record `record`, whether or not it starts with
 * "v=spf1".  An SPF record comes from the SPF cache when g has one.
 * Returns false, leaving *out empty, when the record is broken or memory
 * runs out.  Free with zl_spf_text_fini(). */
bool zl_spf_text_load(const struct zl_graph *g, uint32_t record, struct zl_spf_text *out);
void zl_spf_text_fini(struct zl_spf_text *t);

/*
 * Return the one record that the texts[0..n) were most likely meant to
 * be, for hints: "v=spf1", the mechanisms of every text in order without
 * repeats, then the first redirect= or exp= and the first "all" found.
 * The caller frees the result.
 */
char *zl_spf_merge(const struct zl_spf_text *texts, size_t n);

/* Return true when the loaded zones hold no record of name (it lies
 * outside them or below a delegation). */
bool zl_spf_name_unknown(const struct zl_graph *g, uint32_t name);



struct zl_check;

/* The address problem of a/mx hosts that a rule reports. */
enum zl_spf_host_problem {
	ZL_SPF_HOST_NO_ADDRESS,	/* no A and no AAAA, no such name, or no MX */
	ZL_SPF_HOST_NO_IPV4,	/* AAAA but no A */
	ZL_SPF_HOST_NO_IPV6	/* A but no AAAA */
};

/*
 * Report, for the running rule, every a and mx term of the SPF records in
 * the loaded zones whose host (or one of whose MX hosts) lies inside the
 * loaded zones and has the given problem.  Hosts that the zones cannot
 * answer and terms with macros are skipped.  ZL_SPF_HOST_NO_IPV6 checks
 * a terms only, and only in records with two or more of them.  The
 * finding points at the term (RFC 7208 sections 5.3 and 5.4).
 */
void zl_spf_check_hosts(struct zl_check *c, enum zl_spf_host_problem problem);

/* Return the problems, bit 1 << problem for each, that
 * zl_spf_check_hosts() reports for the record that t holds. */
unsigned zl_spf_host_problems(const struct zl_graph *g, const struct zl_spf_text *t);
#endif
