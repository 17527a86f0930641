/* Domain names: presentation text to wire form and back, case folding. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "name.h"

#include <stdlib.h>
#include <string.h>

#include "wordscan.h"

static uint8_t
fold(uint8_t c)
{
	return c >= 'A' && c <= 'Z' ? (uint8_t)(c + ('a' - 'A')) : c;
}

/* Bytes that end a run of plain bytes in a name. */
static const bool name_stop[256] = { ['.'] = true, ['\\'] = true };

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Decode one escape at text[i] == '\\'.  Return the number of bytes it
 * takes, or 0 when it is malformed. */
static size_t
decode_escape(const char *text, size_t len, size_t i, uint8_t *byte)
{
	if (i + 1 >= len)
		return 0;
	if (is_digit(text[i + 1])) {
		unsigned v;

		if (i + 3 >= len || !is_digit(text[i + 2]) || !is_digit(text[i + 3]))
			return 0;
		v = (unsigned)(text[i + 1] - '0') * 100 +
		    (unsigned)(text[i + 2] - '0') * 10 + (unsigned)(text[i + 3] - '0');
		if (v > 255)
			return 0;
		*byte = (uint8_t)v;
		return 4;
	}
	*byte = (uint8_t)text[i + 1];
	return 2;
}

enum zl_name_error
zl_name_from_text(const char *text, size_t len, const uint8_t *origin,
    uint8_t out[ZL_NAME_MAX], size_t *out_len, bool *relative, size_t *err_off)
{
	size_t i = 0, n = 0, label = 0, label_start = 0;
	bool absolute = false;

	*err_off = 0;
	if (len == 1 && text[0] == '.') {
		out[0] = 0;
		*out_len = 1;
		*relative = false;
		return ZL_NAME_OK;
	}

	/* Each label is written after a length octet reserved at out[label]. */
	out[0] = 0;
	n = 1;
	while (i < len) {
		uint8_t byte;
		size_t step = 1;

		if (text[i] == '.') {
			if (n - label - 1 == 0) {
				*err_off = i;
				return ZL_NAME_EMPTY_LABEL;
			}
			out[label] = (uint8_t)(n - label - 1);
			if (i + 1 == len) {
				absolute = true;
				i++;
				break;
			}
			if (n >= ZL_NAME_MAX) {
				*err_off = i;
				return ZL_NAME_TOO_LONG;
			}
			label = n++;
			out[label] = 0;
			label_start = i + 1;
			i++;
			continue;
		}
		if (text[i] == '\\') {
			step = decode_escape(text, len, i, &byte);
			if (step == 0) {
				*err_off = i;
				return ZL_NAME_BAD_ESCAPE;
			}
		} else {
			/* Plain bytes up to the next dot or escape, within the
			 * limits of the label and the name. */
			size_t limit = label + 1 + ZL_LABEL_MAX, stop;

			if (limit > ZL_NAME_MAX - 1)
				limit = ZL_NAME_MAX - 1;
			if (n >= limit)
				stop = i;
			else
				stop = len - i < limit - n ? len : i + (limit - n);
			while (stop - i >= 8) {
				uint64_t w = zl_word_load(text + i);
				uint64_t mask = zl_word_has_byte(w, '.') |
				    zl_word_has_byte(w, '\\');

				/* n + 8 <= limit, so the store stays in out. */
				zl_word_store(out + n, w);
				if (mask != 0) {
					i += zl_word_first(mask);
					n += zl_word_first(mask);
					break;
				}
				i += 8;
				n += 8;
			}
			while (i < stop && !name_stop[(uint8_t)text[i]])
				out[n++] = (uint8_t)text[i++];
			if (i == len || name_stop[(uint8_t)text[i]])
				continue;
			byte = (uint8_t)text[i];
		}
		if (n - label - 1 >= ZL_LABEL_MAX) {
			*err_off = label_start;
			return ZL_NAME_LABEL_TOO_LONG;
		}
		if (n >= ZL_NAME_MAX - 1) {
			*err_off = i;
			return ZL_NAME_TOO_LONG;
		}
		out[n++] = byte;
		i += step;
	}
	if (!absolute) {
		out[label] = (uint8_t)(n - label - 1);
		if (out[label] == 0) {
			*err_off = len;
			return ZL_NAME_EMPTY_LABEL;
		}
	}

	/* Terminate with the root label, or with the origin for a relative name. */
	if (absolute || origin == NULL) {
		if (n + 1 > ZL_NAME_MAX) {
			*err_off = 0;
			return ZL_NAME_TOO_LONG;
		}
		out[n++] = 0;
	} else {
		size_t olen = zl_name_len(origin);

		if (n + olen > ZL_NAME_MAX) {
			*err_off = 0;
			return ZL_NAME_TOO_LONG;
		}
		memcpy(out + n, origin, olen);
		n += olen;
	}
	*out_len = n;
	*relative = !absolute;
	return ZL_NAME_OK;
}

size_t
zl_name_len(const uint8_t *wire)
{
	size_t n = 0;

	while (wire[n] != 0)
		n += (size_t)wire[n] + 1;
	return n + 1;
}

unsigned
zl_name_labels(const uint8_t *wire)
{
	unsigned count = 0;

	while (*wire != 0) {
		count++;
		wire += *wire + 1;
	}
	return count;
}

size_t
zl_name_len_within(const uint8_t *wire, size_t max)
{
	size_t n = 0;

	while (n < max && wire[n] != 0) {
		if (wire[n] > ZL_LABEL_MAX)
			return 0;
		n += (size_t)wire[n] + 1;
	}
	if (n >= max || n + 1 > ZL_NAME_MAX)
		return 0;
	return n + 1;
}

void
zl_name_fold(const uint8_t *wire, uint8_t *out)
{
	size_t len = zl_name_len(wire), i = 0;

	while (i < len) {
		uint8_t l = wire[i];

		out[i] = l;
		for (size_t k = 1; k <= l; k++)
			out[i + k] = fold(wire[i + k]);
		i += (size_t)l + 1;
	}
}

bool
zl_name_equal(const uint8_t *a, const uint8_t *b)
{
	size_t la = zl_name_len(a), lb = zl_name_len(b);

	if (la != lb)
		return false;
	for (size_t i = 0; i < la; i++) {
		if (fold(a[i]) != fold(b[i]))
			return false;
	}
	return true;
}

bool
zl_name_is_subdomain(const uint8_t *sub, const uint8_t *name)
{
	unsigned ls = zl_name_labels(sub), ln = zl_name_labels(name);

	if (ls < ln)
		return false;
	while (ls > ln) {
		sub += *sub + 1;
		ls--;
	}
	return zl_name_equal(sub, name);
}

const uint8_t zl_name_text_width[256] = {
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,	/* 0x00 */
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,	/* 0x10 */
	4, 1, 2, 1, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1, 2, 1,	/* 0x20: blank " $ ( ) . */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1,	/* 0x30: ; */
	2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x40: @ */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1,	/* 0x50: backslash */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4,	/* 0x70: DEL */
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,	/* 0x80 */
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
	4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
};

/* Length of the presentation form of wire, without a terminating NUL. */
static size_t
text_len(const uint8_t *wire)
{
	size_t len = 0;

	if (*wire == 0)
		return 1;
	while (*wire != 0) {
		uint8_t l = *wire;

		for (size_t k = 1; k <= l; k++)
			len += zl_name_text_width[wire[k]];
		len++;	/* the dot after the label */
		wire += l + 1;
	}
	return len;
}

/* Write the presentation form of wire, text_len(wire) bytes, to out. */
static void
write_text(const uint8_t *wire, char *out)
{
	if (*wire == 0) {
		*out = '.';
		return;
	}
	while (*wire != 0) {
		uint8_t l = *wire;

		for (size_t k = 1; k <= l; k++) {
			uint8_t c = wire[k];

			switch (zl_name_text_width[c]) {
			case 1:
				*out++ = (char)c;
				break;
			case 2:
				*out++ = '\\';
				*out++ = (char)c;
				break;
			default:
				*out++ = '\\';
				*out++ = (char)('0' + c / 100);
				*out++ = (char)('0' + c / 10 % 10);
				*out++ = (char)('0' + c % 10);
				break;
			}
		}
		*out++ = '.';
		wire += l + 1;
	}
}

void
zl_name_to_text(const uint8_t *wire, struct zl_strbuf *sb)
{
	size_t len = text_len(wire);

	zl_grow((void **)&sb->data, &sb->cap, sb->len + len + 1, 1);
	write_text(wire, sb->data + sb->len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

char *
zl_name_text(const uint8_t *wire)
{
	size_t len = text_len(wire);
	char *text = zl_xmalloc(len + 1);

	write_text(wire, text);
	text[len] = '\0';
	return text;
}

char *
zl_name_plain_text(const uint8_t *wire, size_t len)
{
	char *text;

	if (len <= 1)
		return zl_xstrdup(".");

	/* The text is the wire form without its first length octet, with a
	 * dot in place of every other one. */
	text = zl_xmalloc(len);
	memcpy(text, wire + 1, len - 1);
	for (size_t i = 0; wire[i] != 0; i += (size_t)wire[i] + 1)
		text[i + wire[i]] = '.';
	text[len - 1] = '\0';
	return text;
}

/* Store the first n (at most 8) bytes of w as zl_hash_load() read them. */
static void
store_word(uint8_t *p, uint64_t w, size_t n)
{
	if (n >= 8) {
		memcpy(p, &w, 8);
		return;
	}
	for (size_t k = 0; k < n; k++)
		p[k] = (uint8_t)(w >> (8 * k));
}

/* Convert the ASCII upper-case letters among the 8 bytes of w to lower
 * case.  Length octets are below 64, so a whole wire name can be folded
 * this way. */
static uint64_t
fold_word(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t low = w & (0x7f * ones);
	uint64_t from_a = low + (0x80 - 'A') * ones;	/* top bit: >= 'A' */
	uint64_t past_z = low + (0x80 - 'Z' - 1) * ones;	/* top bit: > 'Z' */
	uint64_t upper = from_a & ~past_z & ~w & (0x80 * ones);

	return w | (upper >> 2);
}

uint32_t
zl_name_hash_folded(const uint8_t *folded, size_t len)
{
	return zl_text_hash((const char *)folded, len);
}

uint32_t
zl_name_fold_hash(const uint8_t *wire, uint8_t *out, size_t *len)
{
	size_t n = zl_name_len(wire), i = 0;
	uint64_t h = 0, w;

	*len = n;
	if (n < 8) {
		w = fold_word(zl_hash_load(wire, n));
		store_word(out, w, n);
		return zl_hash_finish(zl_hash_step(h, w), n);
	}
	for (; n - i > 8; i += 8) {
		w = fold_word(zl_hash_load(wire + i, 8));
		store_word(out + i, w, 8);
		h = zl_hash_step(h, w);
	}
	/* Folding is idempotent, so the overlapping bytes are stored again
	 * with the same value. */
	w = fold_word(zl_hash_load(wire + n - 8, 8));
	store_word(out + n - 8, w, 8);
	h = zl_hash_step(h, w);
	return zl_hash_finish(h, n);
}

uint32_t
zl_name_hash(const uint8_t *wire)
{
	uint8_t folded[ZL_NAME_MAX];
	size_t len;

	return zl_name_fold_hash(wire, folded, &len);
}
