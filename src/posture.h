/* Mail posture: what each mail domain of the loaded zones publishes for
 * SPF, DKIM, DMARC, MTA-STS, TLS-RPT and BIMI, and how strong it is. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_POSTURE_H
#define ZL_POSTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dmarc.h"
#include "graph.h"

/* State of one mechanism at a domain. */
enum zl_posture_state {
	ZL_POSTURE_MISSING,	/* no record */
	ZL_POSTURE_INVALID,	/* a record that receivers or senders cannot use */
	ZL_POSTURE_MULTIPLE,	/* more than one record, so none applies */
	ZL_POSTURE_VALID
};

/* Overall strength of a domain's protection against forged mail. */
enum zl_posture_strength {
	ZL_POSTURE_WEAK,	/* no enforcing DMARC policy and no usable SPF */
	ZL_POSTURE_MODERATE,	/* something in between */
	ZL_POSTURE_STRONG,	/* SPF ending in -all or ~all, DKIM keys of 2048 bits or Ed25519, DMARC quarantine or reject */
	ZL_POSTURE_NO_MAIL	/* null MX and an SPF record that authorizes no sender */
};

/* The posture of one domain. */
struct zl_posture {
	uint32_t domain;		/* name id */
	bool mx;			/* has MX records */
	bool null_mx;
	enum zl_posture_state spf;
	char spf_all[12];		/* qualifier and "all" ("-all"), "redirect", or "" */
	bool spf_misencoded;		/* an SPF record is published otherwise than meant */
	char spf_meant_all[12];		/* spf_all of the meant record, when misencoded */
	size_t dkim_selectors;		/* selector names below _domainkey.DOMAIN */
	size_t dkim_keys;		/* of those, TXT keys that decode */
	unsigned dkim_weakest_bits;	/* smallest RSA modulus, 0 when there is no RSA key */
	bool dkim_ed25519;		/* an Ed25519 key is among them */
	enum zl_posture_state dmarc;
	enum zl_dmarc_policy dmarc_p;	/* p=, for a valid record */
	enum zl_dmarc_policy dmarc_sp;	/* sp=, or ZL_DMARC_POLICY_ABSENT */
	bool dmarc_testing;		/* t=y */
	bool dmarc_misencoded;		/* a DMARC record is published otherwise than meant */
	enum zl_dmarc_policy dmarc_meant_p;	/* p= of the meant record, when misencoded */
	enum zl_posture_state mta_sts;
	bool mta_sts_host;		/* mta-sts.DOMAIN has an address or a CNAME */
	enum zl_posture_state tlsrpt;
	enum zl_posture_state bimi;	/* default._bimi.DOMAIN */
	enum zl_posture_strength strength;
};

/* Compute the posture of every domain in the loaded zones that has MX
 * records, an SPF record or a DMARC policy record, sorted by name.  SPF
 * policy names that only other policies reach are left out: names
 * without MX, DMARC or DKIM selectors whose first label starts with '_'.
 * The posture is what receivers see.  Only the zone closest to a name serves
 * its records, and records below one of its delegations count for
 * nothing.  A record that the zone reader repaired (ZL_REC_REPAIRED)
 * counts as the servers publish it, not as it was meant.  The graph must
 * be indexed.  For a graph joined by zl_graph_append() it returns the
 * postures stored in g->posture, sorted by name within each part.  Sets
 * *out (free() it) and returns the count. */
size_t zl_posture_compute(const struct zl_graph *g, struct zl_posture **out);

/* Print the postures as a table with translated headings, one domain per
 * line. */
void zl_posture_print(FILE *out, const struct zl_graph *g,
    const struct zl_posture *p, size_t count);

/* Write the postures as the members of a JSON array (without brackets). */
void zl_posture_json(FILE *out, const struct zl_graph *g,
    const struct zl_posture *p, size_t count);

/* Return the stable English names used in JSON output. */
const char *zl_posture_state_name(enum zl_posture_state state);
const char *zl_posture_strength_name(enum zl_posture_strength strength);

#endif
