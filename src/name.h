/* Domain names: presentation text to wire form and back, case folding. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_NAME_H
#define ZL_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define ZL_NAME_MAX 255		/* octets in wire form, RFC 1035 section 2.3.4 */
#define ZL_LABEL_MAX 63

enum zl_name_error {
	ZL_NAME_OK,
	ZL_NAME_EMPTY_LABEL,	/* "a..b" or a leading dot */
	ZL_NAME_LABEL_TOO_LONG,
	ZL_NAME_TOO_LONG,
	ZL_NAME_BAD_ESCAPE	/* "\256", "\1x" or a backslash at the end */
};

/* Convert the presentation name text[0..len) to wire form in out.  A name
 * without a final dot is relative and gets origin (wire form, may be NULL
 * for none) appended; "@" is not handled here.  On success return
 * ZL_NAME_OK, set *out_len and *relative; on error set *err_off to the
 * offset in text where the problem starts. */
enum zl_name_error zl_name_from_text(const char *text, size_t len,
    const uint8_t *origin, uint8_t out[ZL_NAME_MAX], size_t *out_len,
    bool *relative, size_t *err_off);

/* Length of the wire name at wire, including the root label. */
size_t zl_name_len(const uint8_t *wire);

/* Return the length of the wire name at wire, including the root label,
 * when it ends within max bytes, has no label longer than 63 octets and
 * at most 255 octets in all; otherwise 0.  For names in RDATA that may be
 * malformed. */
size_t zl_name_len_within(const uint8_t *wire, size_t max);

/* Number of labels, not counting the root label. */
unsigned zl_name_labels(const uint8_t *wire);

/* Copy wire to out with ASCII letters in lower case. */
void zl_name_fold(const uint8_t *wire, uint8_t *out);

/* Compare two wire names without regard to ASCII case; true when equal. */
bool zl_name_equal(const uint8_t *a, const uint8_t *b);

/* True when name is sub or a name below it (case-insensitive). */
bool zl_name_is_subdomain(const uint8_t *sub, const uint8_t *name);

/* Append the presentation form of wire, with a final dot, to sb.  Bytes
 * outside printable ASCII and the characters that have a meaning in master
 * files are written as \DDD or \X escapes. */
void zl_name_to_text(const uint8_t *wire, struct zl_strbuf *sb);

/* Bytes of presentation text for each byte of a label: 1 as it is, 2 for
 * the characters that have a meaning in master files ("\."), 4 for bytes
 * outside printable ASCII ("\DDD"). */
extern const uint8_t zl_name_text_width[256];

/* Return the presentation form of wire as a newly allocated string;
 * free() it.  wire is len octets long, and no byte of it needs an escape
 * (zl_name_text_width is 1 for each), so the checks of zl_name_text()
 * are skipped. */
char *zl_name_plain_text(const uint8_t *wire, size_t len);

/* The same as a newly allocated string; free() it.  Messages print names
 * in this form, so one name reads the same in every finding. */
char *zl_name_text(const uint8_t *wire);

/* Hash of the case-folded name, for the graph's name table. */
uint32_t zl_name_hash(const uint8_t *wire);

/* The same hash of a name that is folded already and len octets long. */
uint32_t zl_name_hash_folded(const uint8_t *folded, size_t len);

/* Fold wire into out (as zl_name_fold), set *len to its length and
 * return its hash (as zl_name_hash), in one pass. */
uint32_t zl_name_fold_hash(const uint8_t *wire, uint8_t *out, size_t *len);

#endif
