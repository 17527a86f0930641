/* DNSSEC records of the graph: their fields, ldns objects built from them
 * for verification, and the grouping of findings shared by the dnssec-*
 * rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_DNSSEC_H
#define ZL_DNSSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ldns/ldns.h>

#include "graph.h"
#include "rule.h"

/* The fields of RRSIG RDATA (RFC 4034 section 3.1). */
struct zl_rrsig {
	uint16_t type_covered;
	uint8_t algorithm;
	uint8_t labels;
	uint32_t original_ttl;
	uint32_t expiration;	/* seconds since 1970, modulo 2^32 */
	uint32_t inception;
	uint16_t key_tag;
	const uint8_t *signer;	/* wire form; points into the graph's RDATA */
};

/* Decode the RDATA of RRSIG record r into *sig.  Returns false when the
 * record is broken or too short. */
bool zl_dnssec_rrsig_fields(const struct zl_graph *g, const struct zl_record *r,
    struct zl_rrsig *sig);

/* The key tag of DNSKEY RDATA (RFC 4034 appendix B, with B.1 for
 * algorithm 1). */
uint16_t zl_dnssec_key_tag(const uint8_t *rdata, size_t len);

/* Build an ldns record from record r: its owner, TTL, class and the wire
 * RDATA split into ldns fields.  Returns NULL for a broken record or
 * RDATA that ldns rejects.  Free it with ldns_rr_free(). */
ldns_rr *zl_dnssec_rr_new(const struct zl_graph *g, const struct zl_record *r);

/* Build the RRset of name, zone and type as an ldns list.  Returns NULL
 * when the RRset is empty or one of its records does not convert (a
 * broken record, or RDATA that ldns rejects).  Free it with
 * ldns_rr_list_deep_free(). */
ldns_rr_list *zl_dnssec_rrset_new(const struct zl_graph *g, uint32_t name,
    uint32_t zone, uint16_t type);

/* Verifies the RRSIG records of one zone with the DNSKEY records at its
 * apex, as a validator does (RFC 4035 section 5.3), without the validity
 * period.  Each key is read once.  A verifier serves one thread. */
struct zl_dnssec_verifier;

struct zl_dnssec_verifier *zl_dnssec_verifier_new(const struct zl_graph *g, uint32_t zone);
void zl_dnssec_verifier_free(struct zl_dnssec_verifier *v);

/* Verify RRSIG record r of the verifier's zone over its RRset.  Returns
 * false when the signature cannot be judged: a broken RRSIG, or a covered
 * RRset that is empty or has a broken record.  Otherwise sets *status to
 * LDNS_STATUS_OK, to LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY when no
 * key has the signature's tag and algorithm, or to
 * LDNS_STATUS_CRYPTO_BOGUS.  For algorithms outside RSA, ECDSA and EdDSA
 * *status is the result of ldns_verify_rrsig_keylist_notime(). */
bool zl_dnssec_verify(struct zl_dnssec_verifier *v, const struct zl_record *r,
    ldns_status *status);

/* Set how many threads a rule may use to verify signatures (the run's
 * -j), and return it; at least 1. */
void zl_dnssec_set_threads(unsigned threads);
unsigned zl_dnssec_threads(void);

/* The result of comparing a DS record with a DNSKEY record. */
enum zl_ds_match {
	ZL_DS_MISMATCH,
	ZL_DS_MATCH,
	ZL_DS_UNKNOWN		/* broken records, or a digest type ldns lacks */
};

/* Compare DS record ds with DNSKEY record key (RFC 4034 section 5.1.4):
 * key tag, algorithm and the digest of the key's owner and RDATA. */
enum zl_ds_match zl_dnssec_ds_match(const struct zl_graph *g,
    const struct zl_record *ds, const struct zl_record *key);

/* True when zone contains at least one RRSIG record. */
bool zl_dnssec_zone_is_signed(const struct zl_graph *g, uint32_t zone);

/* True when record r is the first record of its RRset (owner, zone and
 * type), so that a walk over records visits each RRset once. */
bool zl_dnssec_rrset_first(const struct zl_graph *g, uint32_t record);

/* True when zone signs the RRset of record r (RFC 4035 section 2.2):
 * authoritative data, and DS and NSEC records at a delegation point. */
bool zl_dnssec_needs_signature(const struct zl_graph *g, const struct zl_record *r);

/* Compare two wire names in canonical DNS name order (RFC 4034 section
 * 6.1): label by label from the right, letters folded to lower case. */
int zl_dnssec_name_cmp(const uint8_t *a, const uint8_t *b);

/* The current time in seconds since 1970.  The environment variable
 * ZONELINT_NOW (YYYYMMDDHHMMSS, UTC) replaces the clock, so that tests
 * of signature validity do not depend on the day they run. */
int64_t zl_dnssec_now(void);

/* The mnemonic of a DNSSEC algorithm number (RFC 8624 section 3.1), or
 * NULL for a number without one. */
const char *zl_dnssec_algorithm_name(uint8_t algorithm);

/* True for RSAMD5, DSA, RSASHA1, DSA-NSEC3-SHA1, RSASHA1-NSEC3-SHA1 and
 * ECC-GOST, which RFC 8624 section 3.1 marks MUST NOT or NOT RECOMMENDED
 * for signing.  RSASHA512, also NOT RECOMMENDED there, is left out,
 * because validators must still support it. */
bool zl_dnssec_algorithm_deprecated(uint8_t algorithm);

/* A report function of zl_dnssec_group: report the finding about item
 * (a record id), and return it so that the group can add its count. */
typedef struct zl_diag *(*zl_dnssec_report_fn)(struct zl_check *check,
    uint32_t item, void *arg);

/* Findings of one rule about one zone, collected so that one cause does
 * not fill the report: past limit items, only the first one is reported,
 * with the count of the others. */
struct zl_dnssec_group {
	uint32_t *items;	/* record ids; owned */
	size_t len, cap;
	size_t limit;		/* report each item up to this many */
};

#define ZL_DNSSEC_GROUP_LIMIT 10	/* default limit of a group */

void zl_dnssec_group_init(struct zl_dnssec_group *grp, size_t limit);
void zl_dnssec_group_fini(struct zl_dnssec_group *grp);
void zl_dnssec_group_add(struct zl_dnssec_group *grp, uint32_t item);

/* Report the collected items through report and empty the group. */
void zl_dnssec_group_flush(struct zl_dnssec_group *grp, struct zl_check *check,
    zl_dnssec_report_fn report, void *arg);

#endif
