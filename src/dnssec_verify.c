/* Verification of RRSIG records against the DNSKEY RRset of their zone's
 * apex.  The data a signature covers (RFC 4034 section 3.1.8.1) is built
 * from the graph's wire RDATA.  Each key becomes an OpenSSL key once per
 * zone: reading it again for every signature, as ldns does, took about as
 * long as the verification.  Algorithms outside RSA, ECDSA and EdDSA go
 * through ldns as a whole. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "dnssec.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "name.h"
#include "rdata.h"
#include "util.h"

/* A DNSKEY record of the apex, read for verification. */
struct verify_key {
	uint16_t tag;
	uint8_t algorithm;
	const uint8_t *key;	/* the public key field */
	size_t key_len;
	EVP_PKEY *pkey;		/* read on first use; NULL when unreadable */
	bool read;
};

/* One record of the covered RRset in canonical form. */
struct canonical_rr {
	const uint8_t *rdata;	/* folded, in the verifier's rdata */
	uint16_t len;
};

struct zl_dnssec_verifier {
	const struct zl_graph *g;
	uint32_t zone;
	struct verify_key *keys;
	size_t nkeys;
	ldns_rr_list *ldns_keys;	/* for other algorithms; made on first use */
	bool ldns_keys_made;
	EVP_MD_CTX *md;
	uint8_t *data;			/* the signed data */
	size_t data_len, data_cap;
	uint8_t *rdata;			/* folded RDATA of the covered records */
	size_t rdata_cap;
	struct canonical_rr *rrs;
	size_t rrs_cap;
};

static unsigned verify_threads = 1;

void
zl_dnssec_set_threads(unsigned threads)
{
	verify_threads = threads > 0 ? threads : 1;
}

unsigned
zl_dnssec_threads(void)
{
	return verify_threads;
}

struct zl_dnssec_verifier *
zl_dnssec_verifier_new(const struct zl_graph *g, uint32_t zone)
{
	struct zl_dnssec_verifier *v = zl_xcalloc(1, sizeof(*v));
	size_t count;
	const uint32_t *ids = zl_graph_rrset(g, g->zones[zone].origin, zone,
	    ZL_TYPE_DNSKEY, &count);

	v->g = g;
	v->zone = zone;
	v->keys = zl_xcalloc(count + 1, sizeof(*v->keys));
	for (size_t i = 0; i < count; i++) {
		const struct zl_record *r = &g->records[ids[i]];
		const uint8_t *d = zl_graph_rdata(g, r);
		struct verify_key *k = &v->keys[v->nkeys];

		/* Broken keys are zone-syntax's to report, and verify nothing. */
		if (r->flags & ZL_REC_BROKEN || r->rdata_len < 4)
			continue;
		k->tag = zl_dnssec_key_tag(d, r->rdata_len);
		k->algorithm = d[3];
		k->key = d + 4;
		k->key_len = r->rdata_len - 4u;
		v->nkeys++;
	}
	v->md = EVP_MD_CTX_new();
	return v;
}

void
zl_dnssec_verifier_free(struct zl_dnssec_verifier *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->nkeys; i++)
		EVP_PKEY_free(v->keys[i].pkey);
	free(v->keys);
	ldns_rr_list_deep_free(v->ldns_keys);
	EVP_MD_CTX_free(v->md);
	free(v->data);
	free(v->rdata);
	free(v->rrs);
	free(v);
}

/* Read an RSA public key in the layout of RFC 3110 section 2: the length
 * of the exponent in one byte, or in three starting with zero, then the
 * exponent and the modulus. */
static EVP_PKEY *
read_rsa_key(const uint8_t *k, size_t len)
{
	size_t exp_len, off = 1;
	BIGNUM *n = NULL, *e = NULL;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;

	if (len < 1)
		return NULL;
	exp_len = k[0];
	if (exp_len == 0) {
		if (len < 3)
			return NULL;
		exp_len = (size_t)k[1] << 8 | k[2];
		off = 3;
	}
	if (exp_len == 0 || off + exp_len >= len)
		return NULL;
	e = BN_bin2bn(k + off, (int)exp_len, NULL);
	n = BN_bin2bn(k + off + exp_len, (int)(len - off - exp_len), NULL);
	bld = OSSL_PARAM_BLD_new();
	if (e == NULL || n == NULL || bld == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (params == NULL || ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return pkey;
}

/* Read an ECDSA public key, the point's two coordinates (RFC 6605
 * section 4), on the named curve. */
static EVP_PKEY *
read_ec_key(const uint8_t *k, size_t len, const char *curve, size_t coordinate)
{
	uint8_t point[1 + 2 * 48];
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx;
	EVP_PKEY *pkey = NULL;

	if (len != 2 * coordinate)
		return NULL;
	point[0] = 4;		/* uncompressed (SEC 1 section 2.3.3) */
	memcpy(point + 1, k, len);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	    (char *)curve, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point, len + 1);
	params[2] = OSSL_PARAM_construct_end();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
		pkey = NULL;
	EVP_PKEY_CTX_free(ctx);
	return pkey;
}

/* Return the OpenSSL key of k, reading it on first use. */
static EVP_PKEY *
key_of(struct verify_key *k)
{
	if (k->read)
		return k->pkey;
	k->read = true;
	switch (k->algorithm) {
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
	case LDNS_RSASHA256:
	case LDNS_RSASHA512:
		k->pkey = read_rsa_key(k->key, k->key_len);
		break;
	case LDNS_ECDSAP256SHA256:
		k->pkey = read_ec_key(k->key, k->key_len, "P-256", 32);
		break;
	case LDNS_ECDSAP384SHA384:
		k->pkey = read_ec_key(k->key, k->key_len, "P-384", 48);
		break;
	case LDNS_ED25519:
		k->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->key, k->key_len);
		break;
	case LDNS_ED448:
		k->pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED448, NULL, k->key, k->key_len);
		break;
	default:
		break;
	}
	ERR_clear_error();
	return k->pkey;
}

/* Return the digest of algorithm, or NULL for EdDSA, which hashes the data
 * itself; *own is false for the algorithms that go through ldns. */
static const EVP_MD *
digest_of(uint8_t algorithm, bool *own)
{
	*own = true;
	switch (algorithm) {
	case LDNS_RSASHA1:
	case LDNS_RSASHA1_NSEC3:
		return EVP_sha1();
	case LDNS_RSASHA256:
	case LDNS_ECDSAP256SHA256:
		return EVP_sha256();
	case LDNS_ECDSAP384SHA384:
		return EVP_sha384();
	case LDNS_RSASHA512:
		return EVP_sha512();
	case LDNS_ED25519:
	case LDNS_ED448:
		return NULL;
	default:
		*own = false;
		return NULL;
	}
}

static void
put(struct zl_dnssec_verifier *v, const void *p, size_t len)
{
	if (v->data_len + len > v->data_cap)
		zl_grow((void **)&v->data, &v->data_cap, v->data_len + len, 1);
	memcpy(v->data + v->data_len, p, len);
	v->data_len += len;
}

/* RFC 4034 section 6.3: RDATA compared as left-justified octet strings,
 * so that a prefix sorts first. */
static int
cmp_canonical(const void *a, const void *b)
{
	const struct canonical_rr *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = n > 0 ? memcmp(x->rdata, y->rdata, n) : 0;

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/* Build the data that the signature of RRSIG r covers (RFC 4034 section
 * 3.1.8.1).  It is the RRSIG RDATA without the signature, with the
 * signer's name in lower case, then each record of the RRset in canonical
 * form and order (section 6).  Each record has the original TTL, and the
 * wildcard owner for a wildcard expansion.  Records with the same
 * canonical form count once, as name servers keep one copy.  Returns
 * false when the RRset is empty or has a broken record. */
static bool
build_signed_data(struct zl_dnssec_verifier *v, const struct zl_record *r,
    const struct zl_rrsig *sig, size_t signer_len)
{
	const struct zl_graph *g = v->g;
	const uint8_t *rd = zl_graph_rdata(g, r);
	uint8_t owner[ZL_NAME_WIRE_MAX], head[10];
	size_t count, total = 0, owner_len, used = 0, n = 0;
	const uint32_t *ids = zl_graph_rrset(g, r->owner, v->zone, sig->type_covered, &count);
	unsigned labels;

	if (count == 0)
		return false;
	for (size_t i = 0; i < count; i++) {
		if (g->records[ids[i]].flags & ZL_REC_BROKEN)
			return false;
		total += g->records[ids[i]].rdata_len;
	}
	v->data_len = 0;
	put(v, rd, 18);
	put(v, sig->signer, signer_len);
	zl_name_fold(v->data + 18, v->data + 18);

	/* A wildcard expansion is signed as "*." and the last labels. */
	owner_len = zl_graph_name_wire(g, r->owner, owner);
	labels = zl_name_labels(owner);
	if (sig->labels < labels) {
		const uint8_t *tail = owner;

		for (unsigned k = labels; k > sig->labels; k--)
			tail += *tail + 1;
		owner_len = zl_name_len(tail);
		memmove(owner + 2, tail, owner_len);
		owner[0] = 1;
		owner[1] = '*';
		owner_len += 2;
	}

	if (total + 1 > v->rdata_cap)
		zl_grow((void **)&v->rdata, &v->rdata_cap, total + 1, 1);
	if (count > v->rrs_cap)
		zl_grow((void **)&v->rrs, &v->rrs_cap, count, sizeof(*v->rrs));
	for (size_t i = 0; i < count; i++) {
		const struct zl_record *x = &g->records[ids[i]];

		zl_rdata_fold_names(x->type, zl_graph_rdata(g, x), x->rdata_len, v->rdata + used);
		v->rrs[n++] = (struct canonical_rr){ v->rdata + used, x->rdata_len };
		used += x->rdata_len;
	}
	if (n > 1)
		qsort(v->rrs, n, sizeof(*v->rrs), cmp_canonical);

	/* Type, class and the original TTL are the same for every record. */
	head[0] = (uint8_t)(sig->type_covered >> 8);
	head[1] = (uint8_t)sig->type_covered;
	head[2] = (uint8_t)(r->rclass >> 8);
	head[3] = (uint8_t)r->rclass;
	head[4] = (uint8_t)(sig->original_ttl >> 24);
	head[5] = (uint8_t)(sig->original_ttl >> 16);
	head[6] = (uint8_t)(sig->original_ttl >> 8);
	head[7] = (uint8_t)sig->original_ttl;
	for (size_t i = 0; i < n; i++) {
		const struct canonical_rr *x = &v->rrs[i];

		if (i > 0 && cmp_canonical(&v->rrs[i - 1], x) == 0)
			continue;
		head[8] = (uint8_t)(x->len >> 8);
		head[9] = (uint8_t)x->len;
		put(v, owner, owner_len);
		put(v, head, sizeof(head));
		put(v, x->rdata, x->len);
	}
	return true;
}

/* Verify the signed data with key k.  An ECDSA signature is the two
 * integers r and s (RFC 6605 section 4), which OpenSSL takes in DER. */
static ldns_status
verify_with(struct zl_dnssec_verifier *v, struct verify_key *k, const EVP_MD *md,
    const uint8_t *signature, size_t signature_len)
{
	EVP_PKEY *pkey = key_of(k);
	unsigned char *der = NULL;
	int der_len = 0, ok = 0;

	if (pkey == NULL)
		return LDNS_STATUS_CRYPTO_BOGUS;
	if (k->algorithm == LDNS_ECDSAP256SHA256 || k->algorithm == LDNS_ECDSAP384SHA384) {
		size_t half = k->algorithm == LDNS_ECDSAP256SHA256 ? 32 : 48;
		ECDSA_SIG *es = ECDSA_SIG_new();
		BIGNUM *rn, *sn;

		if (es == NULL || signature_len != 2 * half) {
			ECDSA_SIG_free(es);
			return LDNS_STATUS_CRYPTO_BOGUS;
		}
		rn = BN_bin2bn(signature, (int)half, NULL);
		sn = BN_bin2bn(signature + half, (int)half, NULL);
		if (rn == NULL || sn == NULL || ECDSA_SIG_set0(es, rn, sn) != 1) {
			BN_free(rn);
			BN_free(sn);
			ECDSA_SIG_free(es);
			return LDNS_STATUS_CRYPTO_BOGUS;
		}
		der_len = i2d_ECDSA_SIG(es, &der);
		ECDSA_SIG_free(es);
		if (der_len <= 0)
			return LDNS_STATUS_CRYPTO_BOGUS;
		signature = der;
		signature_len = (size_t)der_len;
	}
	if (EVP_MD_CTX_reset(v->md) == 1 &&
	    EVP_DigestVerifyInit(v->md, NULL, md, NULL, pkey) == 1)
		ok = EVP_DigestVerify(v->md, signature, signature_len, v->data, v->data_len);
	OPENSSL_free(der);
	ERR_clear_error();
	return ok == 1 ? LDNS_STATUS_OK : LDNS_STATUS_CRYPTO_BOGUS;
}

/* The algorithms outside RSA, ECDSA and EdDSA: let ldns build and check
 * everything, as it would for a single signature. */
static bool
verify_with_ldns(struct zl_dnssec_verifier *v, const struct zl_record *r,
    const struct zl_rrsig *sig, ldns_status *status)
{
	const struct zl_graph *g = v->g;
	ldns_rr_list *rrset;
	ldns_rr *sig_rr;

	if (!v->ldns_keys_made) {
		size_t count;
		const uint32_t *ids = zl_graph_rrset(g, g->zones[v->zone].origin, v->zone,
		    ZL_TYPE_DNSKEY, &count);

		v->ldns_keys_made = true;
		for (size_t i = 0; i < count; i++) {
			ldns_rr *rr = zl_dnssec_rr_new(g, &g->records[ids[i]]);

			if (rr == NULL)
				continue;
			if (v->ldns_keys == NULL)
				v->ldns_keys = ldns_rr_list_new();
			ldns_rr_list_push_rr(v->ldns_keys, rr);
		}
	}
	rrset = zl_dnssec_rrset_new(g, r->owner, v->zone, sig->type_covered);
	sig_rr = zl_dnssec_rr_new(g, r);
	if (rrset == NULL || sig_rr == NULL) {
		ldns_rr_list_deep_free(rrset);
		ldns_rr_free(sig_rr);
		return false;
	}
	*status = v->ldns_keys == NULL ? LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY :
	    ldns_verify_rrsig_keylist_notime(rrset, sig_rr, v->ldns_keys, NULL);
	ldns_rr_list_deep_free(rrset);
	ldns_rr_free(sig_rr);
	return true;
}

bool
zl_dnssec_verify(struct zl_dnssec_verifier *v, const struct zl_record *r,
    ldns_status *status)
{
	struct zl_rrsig sig;
	const uint8_t *rd;
	size_t signer_len;
	const EVP_MD *md;
	bool own;

	if (!zl_dnssec_rrsig_fields(v->g, r, &sig))
		return false;
	md = digest_of(sig.algorithm, &own);
	if (!own)
		return verify_with_ldns(v, r, &sig, status);
	rd = zl_graph_rdata(v->g, r);
	signer_len = zl_name_len(sig.signer);
	if (!build_signed_data(v, r, &sig, signer_len))
		return false;

	/* As ldns does: the first key of the right tag and algorithm that
	 * verifies wins; otherwise the result of the first such key. */
	*status = LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY;
	for (size_t i = 0; i < v->nkeys; i++) {
		struct verify_key *k = &v->keys[i];
		ldns_status verdict;

		if (k->tag != sig.key_tag || k->algorithm != sig.algorithm)
			continue;
		verdict = verify_with(v, k, md, rd + 18 + signer_len,
		    r->rdata_len - 18 - signer_len);
		if (verdict == LDNS_STATUS_OK ||
		    *status == LDNS_STATUS_CRYPTO_NO_MATCHING_KEYTAG_DNSKEY)
			*status = verdict;
		if (verdict == LDNS_STATUS_OK)
			break;
	}
	return true;
}
