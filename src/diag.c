/* Diagnostics: the findings of one run, collected, sorted and counted. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Texts are copied into chunks of this size; a longer one gets a chunk
 * of its own. */
#define TEXT_CHUNK ((size_t)64 << 10)

struct text_slot {
	uint32_t hash;
	uint32_t len;
	const char *text;	/* NULL for an empty slot */
};

struct zl_diag_texts {
	char **chunks;
	size_t nchunks, chunks_cap;
	size_t used, size;	/* bytes used in the last chunk, and its size */
	struct text_slot *slots;	/* open addressing; a power of two in size */
	size_t nslots, count;
};

static struct zl_diag_texts *
texts_new(void)
{
	return zl_xcalloc(1, sizeof(struct zl_diag_texts));
}

static void
texts_free(struct zl_diag_texts *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nchunks; i++)
		free(t->chunks[i]);
	free(t->chunks);
	free(t->slots);
	free(t);
}

static struct text_slot *
text_slot(struct text_slot *slots, size_t nslots, const char *s, size_t len, uint32_t hash)
{
	size_t i = hash & (nslots - 1);

	while (slots[i].text != NULL && (slots[i].hash != hash || slots[i].len != len ||
	    memcmp(slots[i].text, s, len) != 0))
		i = (i + 1) & (nslots - 1);
	return &slots[i];
}

static void
texts_grow_slots(struct zl_diag_texts *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 256;
	struct text_slot *slots = zl_xcalloc(n, sizeof(*slots));

	for (size_t i = 0; i < t->nslots; i++) {
		const struct text_slot *o = &t->slots[i];

		if (o->text != NULL)
			*text_slot(slots, n, o->text, o->len, o->hash) = *o;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
}

/* Return the copy of s[0, len) kept in t, made on the first call. */
static const char *
keep_text(struct zl_diag_texts *t, const char *s, size_t len)
{
	uint32_t hash = zl_text_hash(s, len);
	struct text_slot *slot;
	char *copy;

	if ((t->count + 1) * 4 > t->nslots * 3)
		texts_grow_slots(t);
	slot = text_slot(t->slots, t->nslots, s, len, hash);
	if (slot->text != NULL)
		return slot->text;
	if (t->nchunks == 0 || t->size - t->used < len + 1) {
		size_t size = len + 1 > TEXT_CHUNK ? len + 1 : TEXT_CHUNK;

		ZL_PUSH(t->chunks, t->nchunks, t->chunks_cap, zl_xmalloc(size));
		t->used = 0;
		t->size = size;
	}
	copy = t->chunks[t->nchunks - 1] + t->used;
	memcpy(copy, s, len);
	copy[len] = '\0';
	t->used += len + 1;
	slot->hash = hash;
	slot->len = (uint32_t)len;
	slot->text = copy;
	t->count++;
	return copy;
}

void
zl_diags_init(struct zl_diags *d, const struct zl_ruleset *rules)
{
	memset(d, 0, sizeof(*d));
	d->rules = rules;
}

void
zl_diags_fini(struct zl_diags *d)
{
	texts_free(d->texts);
	for (size_t i = 0; i < d->ntaken; i++)
		texts_free(d->taken[i]);
	free(d->taken);
	free(d->items);
	d->items = NULL;
	d->len = d->cap = 0;
	d->texts = NULL;
	d->taken = NULL;
	d->ntaken = d->taken_cap = 0;
}

void
zl_diags_take(struct zl_diags *to, struct zl_diags *from)
{
	if (from->texts != NULL) {
		ZL_PUSH(to->taken, to->ntaken, to->taken_cap, from->texts);
		from->texts = NULL;
	}
	for (size_t i = 0; i < from->ntaken; i++)
		ZL_PUSH(to->taken, to->ntaken, to->taken_cap, from->taken[i]);
	from->ntaken = 0;
	if (from->len == 0)
		return;
	zl_grow((void **)&to->items, &to->cap, to->len + from->len, sizeof(to->items[0]));
	memcpy(to->items + to->len, from->items, from->len * sizeof(from->items[0]));
	to->len += from->len;
	from->len = 0;
}

/* Format into a buffer on the stack first: nearly every message fits, and
 * then it is formatted once instead of measured and formatted. */
static const char *vformat(struct zl_diag_texts *t, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static const char *
vformat(struct zl_diag_texts *t, const char *fmt, va_list ap)
{
	char buf[512];
	char *out;
	const char *text;
	va_list copy;
	int n;

	/* Many hints are fixed text. */
	if (strchr(fmt, '%') == NULL)
		return keep_text(t, fmt, strlen(fmt));
	va_copy(copy, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	if (n < 0)
		return keep_text(t, fmt, strlen(fmt));
	if ((size_t)n < sizeof(buf))
		return keep_text(t, buf, (size_t)n);
	out = zl_xmalloc((size_t)n + 1);
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	text = keep_text(t, out, (size_t)n);
	free(out);
	return text;
}

/* Find the rule's setting; a rule outside the run's rule set has none and
 * runs with its own severity. */
static const struct zl_rule_setting *
setting_of(const struct zl_diags *d, const struct zl_rule *rule)
{
	long i;

	if (d->rules == NULL)
		return NULL;
	i = zl_ruleset_index(d->rules, rule);
	return i >= 0 ? &d->rules->settings[i] : NULL;
}

struct zl_diag *
zl_diag_vemit(struct zl_diags *d, const struct zl_rule *rule,
    enum zl_severity severity, struct zl_pos pos, uint32_t owner, uint16_t type,
    const char *fmt, va_list ap)
{
	const struct zl_rule_setting *s = setting_of(d, rule);
	struct zl_diag diag;

	if (s != NULL && !s->enabled)
		return NULL;
	memset(&diag, 0, sizeof(diag));
	diag.rule = rule;
	diag.severity = s != NULL && s->severity_set ? s->severity : severity;
	diag.pos = pos;
	diag.owner = owner;
	diag.type = type;
	if (d->texts == NULL)
		d->texts = texts_new();
	diag.texts = d->texts;
	diag.message = vformat(d->texts, fmt, ap);
	ZL_PUSH(d->items, d->len, d->cap, diag);
	return &d->items[d->len - 1];
}

struct zl_diag *
zl_diag_emit(struct zl_diags *d, const struct zl_rule *rule,
    enum zl_severity severity, struct zl_pos pos, uint32_t owner, uint16_t type,
    const char *fmt, ...)
{
	struct zl_diag *diag;
	va_list ap;

	va_start(ap, fmt);
	diag = zl_diag_vemit(d, rule, severity, pos, owner, type, fmt, ap);
	va_end(ap);
	return diag;
}

void
zl_diag_hint(struct zl_diag *d, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return;
	va_start(ap, fmt);
	d->hint = vformat(d->texts, fmt, ap);
	va_end(ap);
}

void
zl_diag_set_message(struct zl_diag *d, const char *message)
{
	d->message = keep_text(d->texts, message, strlen(message));
}

static int
cmp_diag(const void *a, const void *b)
{
	const struct zl_diag *x = a, *y = b;
	int c;

	if (x->pos.file != y->pos.file)
		return x->pos.file < y->pos.file ? -1 : 1;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	c = strcmp(x->rule->id, y->rule->id);
	if (c != 0)
		return c;
	return strcmp(x->message, y->message);
}

void
zl_diags_sort(struct zl_diags *d)
{
	size_t out = 0;

	if (d->len == 0)
		return;
	qsort(d->items, d->len, sizeof(*d->items), cmp_diag);
	for (size_t i = 0; i < d->len; i++) {
		if (out > 0 && cmp_diag(&d->items[out - 1], &d->items[i]) == 0)
			continue;
		d->items[out++] = d->items[i];
	}
	d->len = out;
}

void
zl_diags_count(const struct zl_diags *d, size_t counts[3])
{
	counts[ZL_INFO] = counts[ZL_WARNING] = counts[ZL_ERROR] = 0;
	for (size_t i = 0; i < d->len; i++)
		counts[d->items[i].severity]++;
}
