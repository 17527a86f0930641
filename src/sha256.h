/* SHA-256 (FIPS 180-4), for the digests of the input files in reports. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_SHA256_H
#define ZL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define ZL_SHA256_LEN 32	/* bytes of a digest */

/* The state of one digest in progress. */
struct zl_sha256 {
	uint32_t h[8];		/* the intermediate hash value */
	uint64_t total;		/* bytes hashed so far */
	uint8_t block[64];	/* input not yet compressed */
	size_t used;		/* bytes in block */
};

void zl_sha256_init(struct zl_sha256 *s);
void zl_sha256_update(struct zl_sha256 *s, const void *data, size_t len);
/* Pad, write the digest to out and leave s unusable until the next init. */
void zl_sha256_final(struct zl_sha256 *s, uint8_t out[ZL_SHA256_LEN]);
/* The same, but write the digest as 64 lower-case hex digits and a NUL. */
void zl_sha256_final_hex(struct zl_sha256 *s, char hex[2 * ZL_SHA256_LEN + 1]);

/* Write the digest of data as 64 lower-case hex digits and a NUL to hex. */
void zl_sha256_hex(const void *data, size_t len, char hex[2 * ZL_SHA256_LEN + 1]);

#endif
