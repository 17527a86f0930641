/* Memory helpers and growable arrays shared by every module. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void
out_of_memory(size_t size)
{
	fprintf(stderr, "zonelint: out of memory (%zu bytes)\n", size);
	abort();
}

void *
zl_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
zl_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(count * size);
	return p;
}

/* memset() called through a volatile pointer: GCC and clang turn malloc()
 * followed by memset() to zero into calloc(), which does not write. */
static void *(*volatile zero_fill)(void *, int, size_t) = memset;

void *
zl_xcalloc_written(size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size)
		out_of_memory(SIZE_MAX);
	p = zl_xmalloc(count * size);
	zero_fill(p, 0, count * size > 0 ? count * size : 1);
	return p;
}

void *
zl_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

char *
zl_xstrdup(const char *s)
{
	return zl_xstrndup(s, strlen(s));
}

char *
zl_xstrndup(const char *s, size_t len)
{
	char *p = zl_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void
zl_copy_and_release(void *dst, void *src, size_t len)
{
	const size_t step = (size_t)1 << 20;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	/* Whole pages only: the allocator's own bytes may share the first
	 * and last page with the block. */
	uintptr_t from = ((uintptr_t)src + page - 1) & ~(page - 1);

	for (size_t off = 0; off < len; off += step) {
		size_t n = len - off < step ? len - off : step;
		uintptr_t to = ((uintptr_t)src + off + n) & ~(page - 1);

		memcpy((char *)dst + off, (char *)src + off, n);
		if (to > from) {
			madvise((void *)from, to - from, MADV_DONTNEED);
			from = to;
		}
	}
}

void
zl_grow(void **array, size_t *cap, size_t need, size_t elem_size)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return;
	while (n < need)
		n *= 2;
	if (n > SIZE_MAX / elem_size)
		out_of_memory(SIZE_MAX);
	*array = zl_xrealloc(*array, n * elem_size);
	*cap = n;
}

void
zl_rank_set_init(struct zl_rank_set *s, size_t size)
{
	s->words = size / 64 + 1;
	s->bits = zl_xcalloc_written(s->words, sizeof(*s->bits));
	s->before = zl_xmalloc(s->words * sizeof(*s->before));
	s->count = 0;
}

void
zl_rank_set_seal(struct zl_rank_set *s)
{
	uint32_t count = 0;

	for (size_t w = 0; w < s->words; w++) {
		s->before[w] = count;
		count += zl_count_bits(s->bits[w]);
	}
	s->count = count;
}

void
zl_rank_set_fini(struct zl_rank_set *s)
{
	free(s->bits);
	free(s->before);
	memset(s, 0, sizeof(*s));
}

void
zl_strbuf_init(struct zl_strbuf *sb)
{
	sb->data = NULL;
	sb->len = 0;
	sb->cap = 0;
}

void
zl_strbuf_fini(struct zl_strbuf *sb)
{
	free(sb->data);
	zl_strbuf_init(sb);
}

void
zl_strbuf_add(struct zl_strbuf *sb, const char *data, size_t len)
{
	if (sb->len + len + 1 > sb->cap)
		zl_grow((void **)&sb->data, &sb->cap, sb->len + len + 1, 1);
	memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void
zl_strbuf_addc(struct zl_strbuf *sb, char c)
{
	if (sb->len + 2 > sb->cap)
		zl_grow((void **)&sb->data, &sb->cap, sb->len + 2, 1);
	sb->data[sb->len++] = c;
	sb->data[sb->len] = '\0';
}

void
zl_strbuf_adds(struct zl_strbuf *sb, const char *s)
{
	zl_strbuf_add(sb, s, strlen(s));
}

void
zl_strbuf_addf(struct zl_strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	zl_grow((void **)&sb->data, &sb->cap, sb->len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

char *
zl_strbuf_detach(struct zl_strbuf *sb)
{
	char *s = sb->data ? sb->data : zl_xstrdup("");

	zl_strbuf_init(sb);
	return s;
}

int
zl_compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
zl_ascii_casecmp_n(const char *s, size_t len, const char *lit)
{
	size_t i;

	for (i = 0; i < len && lit[i] != '\0'; i++) {
		unsigned char a = (unsigned char)s[i], b = (unsigned char)lit[i];

		if (a >= 'A' && a <= 'Z')
			a += 'a' - 'A';
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return a < b ? -1 : 1;
	}
	if (i == len && lit[i] == '\0')
		return 0;
	return i == len ? -1 : 1;
}

size_t
zl_display_width(const char *s)
{
	size_t width = 0;

	for (const unsigned char *u = (const unsigned char *)s; *u != '\0'; u++) {
		if ((*u & 0xc0) == 0x80)
			continue;
		width += *u >= 0xe1 ? 2 : 1;
	}
	return width;
}

uint32_t
zl_text_hash(const char *text, size_t len)
{
	const uint8_t *p = (const uint8_t *)text;
	uint64_t h = 0;
	size_t i = 0;

	if (len < 8)
		return zl_hash_finish(zl_hash_step(h, zl_hash_load(p, len)), len);
	for (; len - i > 8; i += 8)
		h = zl_hash_step(h, zl_hash_load(p + i, 8));
	h = zl_hash_step(h, zl_hash_load(p + len - 8, 8));
	return zl_hash_finish(h, len);
}
