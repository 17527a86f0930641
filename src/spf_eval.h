/* Offline evaluation of SPF policies through the loaded zones (RFC 7208). */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SPF_EVAL_H
#define ZL_SPF_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "name.h"
#include "spf.h"

/*
 * The evaluator walks one SPF policy the way check_host() would (RFC 7208
 * section 4.6): mechanisms in order, then redirect=, descending into the
 * policies of include: and redirect= targets.  Every answer comes from
 * the loaded zones, so it makes no DNS queries.  A target that the loaded
 * zones cannot answer is counted as one lookup and not followed further,
 * which makes the lookup count a lower bound.
 */

/* The place of a term's target name relative to the loaded zones. */
enum zl_spf_reach {
	ZL_SPF_REACH_NONE,	/* the term queries nothing (ip4, ip6, all) */
	ZL_SPF_REACH_ZONE,	/* inside a loaded zone, which answers the query */
	ZL_SPF_REACH_DELEGATED,	/* below a delegation: the child zone answers */
	ZL_SPF_REACH_OUTSIDE,	/* outside every loaded zone */
	ZL_SPF_REACH_MACRO,	/* the domain-spec has macros, known only per message */
	ZL_SPF_REACH_UNREAD	/* in a zone cut off by --max-records: the answer
				 * may lie in the part not read */
};

/* An address or network that a term authorizes. */
struct zl_spf_addr {
	uint8_t family;		/* 4 or 6 */
	uint8_t prefix;		/* prefix length the term applies */
	uint8_t addr[16];	/* network byte order; IPv4 in the first 4 bytes */
	uint32_t host;		/* name id of the host it belongs to; ZL_NONE for ip4/ip6 */
};

/* One SPF record met during an evaluation. */
struct zl_spf_policy {
	uint32_t owner;		/* name id of the TXT owner */
	uint32_t record;	/* TXT record id */
	const char *text;	/* the joined text; owned when text_copy is set */
	size_t len;
	struct zl_spf_record parsed;	/* owned unless parse_in_cache is set */
	char *text_copy;	/* text when the policy owns it; NULL when text
				 * points into the SPF cache or the graph */
	bool parse_in_cache;	/* parsed points into the SPF cache */
};

/* One evaluated term, in the order check_host() reaches it. */
struct zl_spf_node {
	uint32_t policy;	/* index into zl_spf_eval.policies */
	uint32_t term;		/* index into that policy's parsed.terms */
	uint32_t parent;	/* the include or redirect node that led here; ZL_NONE at the top */
	uint32_t top_term;	/* the term of the top policy this node lies under */
	unsigned depth;		/* 0 for the top policy's own terms */
	enum zl_spf_reach reach;
	uint32_t target;	/* name id that answered, after CNAMEs; ZL_NONE when the
				 * name is not in the zones or there is no target */
	uint32_t child;		/* include or redirect: the target's policy, or ZL_NONE */
	unsigned lookup_number;	/* this term's place among the DNS-lookup terms;
				 * 0 when it makes no query */
	unsigned lookups;	/* DNS-lookup terms counted up to and with this one,
				 * including the policy it includes */
	bool costs_lookup;	/* this term counts toward the limit of 10 */
	bool void4, void6;	/* a void lookup for an IPv4 or IPv6 sender */
	unsigned voids4, voids6;	/* void lookups up to and with this one */
	unsigned strict4, strict6;	/* the same, counting each MX host without
					 * any address as a void lookup of its own,
					 * as pyspf and mailauth count */
	bool loop;		/* include or redirect of a policy being evaluated */
	bool missing;		/* include or redirect target inside the zones
				 * without an SPF record */
	bool multiple;		/* the target has more than one SPF record */
	bool no_mx;		/* mx: the target has no MX records */
	bool no_name;		/* the target name does not exist */
	size_t mx_hosts;	/* mx: the number of MX hosts */
	size_t first_addr, naddrs;	/* range in zl_spf_eval.addrs */
};

struct zl_spf_eval {
	struct zl_spf_policy *policies;	/* [0] is the evaluated policy; owned */
	size_t npolicies, policies_cap;
	struct zl_spf_node *nodes;	/* owned */
	size_t nnodes, nodes_cap;
	struct zl_spf_addr *addrs;	/* owned */
	size_t naddrs, addrs_cap;
	unsigned lookups;	/* every DNS-lookup term reached */
	unsigned unknown;	/* targets the loaded zones cannot answer, each counted once */
	unsigned unknown_includes;	/* the include: and redirect= among them */
	bool truncated;		/* stopped at the node limit; counts are lower bounds */
};

/*
 * Evaluate the SPF policy in TXT record `record` through every loaded
 * zone and fill *out, which the caller frees with zl_spf_eval_fini().
 * Returns false, leaving *out empty, when the record is not an SPF record.
 */
bool zl_spf_evaluate(const struct zl_graph *g, uint32_t record, struct zl_spf_eval *out);

/* Evaluate as zl_spf_evaluate() does but collect no addresses, so that
 * naddrs stays 0 in out and in every node.  zl_spf_eval_summarize() reads
 * no address, so this evaluation is enough for a summary. */
bool zl_spf_evaluate_counts(const struct zl_graph *g, uint32_t record,
    struct zl_spf_eval *out);

void zl_spf_eval_fini(struct zl_spf_eval *ev);

/*
 * Counts of one evaluation that tell whether the rules built on it have
 * something to report, kept per record where the whole evaluation would
 * take too much memory.  Counts stop at 255.
 */
struct zl_spf_eval_summary {
	uint8_t lookups;	/* zl_spf_eval.lookups */
	uint8_t voids;		/* the highest void count of any node: either
				 * family, with or without the strict count */
	uint8_t mx_hosts;	/* the most MX hosts of an mx term of the top policy */
	bool missing;		/* a term of the top policy points at a target
				 * inside the zones without an SPF record */
	bool loop;		/* some include or redirect leads into a loop */
};

/* Return whether the evaluation ev ends in permerror for every sender,
 * IPv4 and IPv6 alike: more than 10 DNS lookups, or a third void lookup
 * for both families.  Counts past targets outside the loaded zones are
 * lower bounds, so such a policy may fail even when this returns false. */
bool zl_spf_eval_fails_everyone(const struct zl_spf_eval *ev);

/* Fill *out with the counts of the evaluation ev. */
void zl_spf_eval_summarize(const struct zl_spf_eval *ev, struct zl_spf_eval_summary *out);

/* Return true when the lookup count of ev is exact: every include: and
 * redirect= target was answered by the loaded zones and nothing was cut
 * short. */
bool zl_spf_eval_exact(const struct zl_spf_eval *ev);

/*
 * Store in *out up to max ids of the SPF records (TXT records whose text
 * passes zl_spf_is_record()) owned by name, in record order, and return
 * how many there are.
 */
size_t zl_spf_records_at(const struct zl_graph *g, uint32_t name, uint32_t *out,
    size_t max);

/* Return true when record is a TXT record holding an SPF record. */
bool zl_spf_record_is_spf(const struct zl_graph *g, uint32_t record);

/* The answer the loaded zones give to one query. */
struct zl_spf_answer {
	enum zl_spf_reach reach;	/* ZL_SPF_REACH_ZONE when the fields below are the answer */
	uint32_t name;		/* name id that owns the answer after CNAMEs and
				 * wildcards, or ZL_NONE */
	uint32_t zone;
	bool exists;		/* the name, or a wildcard for it, exists (no NXDOMAIN) */
	const uint32_t *ids;	/* records of the queried type; points into the graph */
	size_t count;
};

/*
 * Answer a query for type at wire (any case) as the loaded zones would,
 * following CNAMEs (up to 8) and wildcards (RFC 1034 section 4.3.2).  A
 * name below a delegation, outside every zone, in a zone cut off by
 * --max-records, or at the end of a CNAME chain that is too long gets no
 * records and a reach other than ZL_SPF_REACH_ZONE.
 */
void zl_spf_query(const struct zl_graph *g, const uint8_t *wire, uint16_t type,
    struct zl_spf_answer *out);

/* Store the result of the A query at wire in *a4 and of the AAAA query in
 * *a6, as two calls of zl_spf_query() would, resolving the name once. */
void zl_spf_query_addresses(const struct zl_graph *g, const uint8_t *wire,
    struct zl_spf_answer *a4, struct zl_spf_answer *a6);

/*
 * Store in wire the name that term t of the policy text published at
 * owner queries: its domain-spec, or owner when it has none.  Returns
 * false when the domain-spec has macros or is no valid name.
 */
bool zl_spf_term_target(const struct zl_graph *g, uint32_t owner, const char *text,
    const struct zl_spf_term *t, uint8_t wire[ZL_NAME_MAX]);

/* Return true when address addr of the given family lies in a. */
bool zl_spf_addr_matches(const struct zl_spf_addr *a, int family, const uint8_t *addr);

#endif
