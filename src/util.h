/* Memory helpers and growable arrays shared by every module. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_UTIL_H
#define ZL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Allocate, or end the process with a message on stderr when memory is
 * exhausted.  A static analyzer has no useful way to go on without memory,
 * and checking every small allocation would hide the logic it guards. */
void *zl_xmalloc(size_t size);
void *zl_xcalloc(size_t count, size_t size);
void *zl_xrealloc(void *ptr, size_t size);
/* Allocate count * size zeroed bytes (one when that is 0) by writing the
 * zeros.  A page that calloc() takes fresh from the kernel and that is
 * read first maps the shared zero page.  Its first write then makes the
 * kernel flush the TLB of every processor that runs the process.  Use it
 * for arrays that threads read before they write. */
void *zl_xcalloc_written(size_t count, size_t size);
char *zl_xstrdup(const char *s);
char *zl_xstrndup(const char *s, size_t len);

/* Return the number of bits set in w, in a few instructions inline.  For
 * the baseline x86-64, which has no popcount instruction, GCC makes
 * __builtin_popcountll() a call into libgcc. */
static inline uint32_t
zl_count_bits(uint64_t w)
{
	w -= (w >> 1) & 0x5555555555555555u;
	w = (w & 0x3333333333333333u) + ((w >> 2) & 0x3333333333333333u);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fu;
	return (uint32_t)((w * 0x0101010101010101u) >> 56);
}

/* A set of ids below a bound: a bit per id, and the number of members
 * before each word of bits.  The rank of a member (the members before it)
 * then takes two loads and a bit count.  So a table with an entry per
 * member can stand in for one with an entry per id. */
struct zl_rank_set {
	uint64_t *bits;
	uint32_t *before;	/* per word of bits: the members before it */
	size_t words;
	uint32_t count;		/* members, once zl_rank_set_seal() has run */
};

/* Make an empty set for the ids below size. */
void zl_rank_set_init(struct zl_rank_set *s, size_t size);
void zl_rank_set_fini(struct zl_rank_set *s);

static inline void
zl_rank_set_add(struct zl_rank_set *s, uint32_t id)
{
	s->bits[id / 64] |= (uint64_t)1 << (id % 64);
}

/* Count the members, after the last zl_rank_set_add(). */
void zl_rank_set_seal(struct zl_rank_set *s);

static inline bool
zl_rank_set_has(const struct zl_rank_set *s, uint32_t id)
{
	return (s->bits[id / 64] >> (id % 64) & 1) != 0;
}

/* Return the rank of id in a sealed set: the number of members before it. */
static inline uint32_t
zl_rank_set_rank(const struct zl_rank_set *s, uint32_t id)
{
	uint64_t below = ((uint64_t)1 << (id % 64)) - 1;

	return s->before[id / 64] + zl_count_bits(s->bits[id / 64] & below);
}

/* Copy len bytes from src to dst 1 MiB at a time.  After each step, give
 * the whole pages of src copied so far back to the kernel, so that a
 * large block and its copy do not both take memory.  Afterwards src may
 * read as zeros: call it only on a block from malloc() that nothing reads
 * again and that is freed next. */
void zl_copy_and_release(void *dst, void *src, size_t len);

/* Grow *array (of elements of elem_size bytes, *cap of them allocated) so
 * that it holds at least need elements.  Capacity doubles, so appending n
 * elements one by one costs O(n) in total. */
void zl_grow(void **array, size_t *cap, size_t need, size_t elem_size);

/* Append to a growable array declared as `T *name; size_t name_len, name_cap;`. */
#define ZL_PUSH(arr, len, cap, value)                                         \
	do {                                                                  \
		if ((len) == (cap))                                           \
			zl_grow((void **)&(arr), &(cap), (len) + 1,           \
			    sizeof(*(arr)));                                  \
		(arr)[(len)++] = (value);                                     \
	} while (0)

/* A growable byte buffer for building strings. */
struct zl_strbuf {
	char *data;	/* NUL-terminated; owned by the buffer */
	size_t len;
	size_t cap;
};

void zl_strbuf_init(struct zl_strbuf *sb);
void zl_strbuf_fini(struct zl_strbuf *sb);
void zl_strbuf_add(struct zl_strbuf *sb, const char *data, size_t len);
void zl_strbuf_addc(struct zl_strbuf *sb, char c);
void zl_strbuf_adds(struct zl_strbuf *sb, const char *s);
void zl_strbuf_addf(struct zl_strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Give the caller the string (free() it) and leave the buffer empty. */
char *zl_strbuf_detach(struct zl_strbuf *sb);

/* Return the width of UTF-8 text on a terminal: code points from U+1000
 * up (CJK and other wide scripts) count as two columns, others as one.
 * NOTE: this is an estimate, because some narrow characters above U+1000
 * are counted wide. */
size_t zl_display_width(const char *s);

/* Case-insensitive ASCII comparison of a counted string with a C string. */
int zl_ascii_casecmp_n(const char *s, size_t len, const char *lit);

/* qsort() comparison of two uint32_t values, in increasing order. */
int zl_compare_u32(const void *a, const void *b);

/*
 * The hash of zl_text_hash() works on 8 bytes at a time.  A text of 8
 * bytes or more is read as whole words, the last one overlapping the one
 * before it so that no byte past the text is read.  A shorter text is read
 * byte by byte into one zero-padded word.  zl_name_fold_hash() folds and
 * hashes a name with the same steps in one pass.
 */

/* Return up to 8 bytes at p as one word, zero-padded.  The order of the
 * bytes in the word does not matter, as long as every user reads the same
 * way. */
static inline uint64_t
zl_hash_load(const uint8_t *p, size_t n)
{
	uint64_t w = 0;

	if (n >= 8) {
		memcpy(&w, p, 8);
		return w;
	}
	for (size_t k = 0; k < n; k++)
		w |= (uint64_t)p[k] << (8 * k);
	return w;
}

static inline uint64_t
zl_hash_step(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15u;
	return h ^ (h >> 29);
}

static inline uint32_t
zl_hash_finish(uint64_t h, size_t len)
{
	h ^= len;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (uint32_t)h;
}

/* Return a 32-bit hash of len bytes at text, for hash tables of texts. */
uint32_t zl_text_hash(const char *text, size_t len);

#endif
