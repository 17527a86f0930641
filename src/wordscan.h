/* Byte searches 8 bytes at a time, for the scanners that see every byte
 * of a zone. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_WORDSCAN_H
#define ZL_WORDSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * zl_word_has_zero() sets the top bit of the first zero byte of a word.
 * Bytes after the first match may be marked too, so only the first mark
 * counts.  zl_word_load() puts the first byte of memory in the lowest
 * byte of the word, so that the first mark is the lowest set bit.
 */

#define ZL_WORD_ONES 0x0101010101010101u
#define ZL_WORD_TOPS 0x8080808080808080u

/* Read 8 bytes at p, which need not be aligned. */
static inline uint64_t
zl_word_load(const void *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* Store w at p as zl_word_load() read it. */
static inline void
zl_word_store(void *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	memcpy(p, &w, 8);
}

static inline uint64_t
zl_word_has_zero(uint64_t w)
{
	return (w - ZL_WORD_ONES) & ~w & ZL_WORD_TOPS;
}

/* Mark the bytes of w equal to c. */
static inline uint64_t
zl_word_has_byte(uint64_t w, unsigned char c)
{
	return zl_word_has_zero(w ^ (ZL_WORD_ONES * c));
}

/* Index of the first marked byte of a non-zero mask. */
static inline size_t
zl_word_first(uint64_t mask)
{
	return (size_t)__builtin_ctzll(mask) / 8;
}

/* Return the offset of the first byte a, b or c in text[off, end), or
 * end when there is none, testing 8 bytes at a time. */
static inline size_t
zl_find_any3(const void *text, size_t off, size_t end, unsigned char a, unsigned char b,
    unsigned char c)
{
	const unsigned char *t = text;

	while (off + 8 <= end) {
		uint64_t w = zl_word_load(t + off);
		uint64_t mask = zl_word_has_byte(w, a) | zl_word_has_byte(w, b) |
		    zl_word_has_byte(w, c);

		if (mask != 0)
			return off + zl_word_first(mask);
		off += 8;
	}
	while (off < end && t[off] != a && t[off] != b && t[off] != c)
		off++;
	return off;
}

#endif
