/* Diagnostics: the findings of one run, collected, sorted and counted. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
zl_diags_init(struct zl_diags *d, const struct zl_ruleset *rules)
{
	memset(d, 0, sizeof(*d));
	d->rules = rules;
}

void
zl_diags_fini(struct zl_diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].message);
		free(d->items[i].hint);
	}
	free(d->items);
	d->items = NULL;
	d->len = d->cap = 0;
}

void
zl_diags_take(struct zl_diags *to, struct zl_diags *from)
{
	if (from->len == 0)
		return;
	zl_grow((void **)&to->items, &to->cap, to->len + from->len, sizeof(to->items[0]));
	memcpy(to->items + to->len, from->items, from->len * sizeof(from->items[0]));
	to->len += from->len;
	from->len = 0;
}

/* Format into a buffer on the stack first: nearly every message fits, and
 * then it is formatted once instead of measured and formatted. */
static char *
vformat(const char *fmt, va_list ap)
{
	char buf[512];
	char *out;
	va_list copy;
	int n;

	/* Many hints are fixed text. */
	if (strchr(fmt, '%') == NULL)
		return zl_xstrdup(fmt);
	va_copy(copy, ap);
	n = vsnprintf(buf, sizeof(buf), fmt, copy);
	va_end(copy);
	if (n < 0)
		return zl_xstrdup(fmt);
	out = zl_xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof(buf))
		memcpy(out, buf, (size_t)n + 1);
	else
		vsnprintf(out, (size_t)n + 1, fmt, ap);
	return out;
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
	diag.message = vformat(fmt, ap);
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
	free(d->hint);
	va_start(ap, fmt);
	d->hint = vformat(fmt, ap);
	va_end(ap);
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
		if (out > 0 && cmp_diag(&d->items[out - 1], &d->items[i]) == 0) {
			free(d->items[i].message);
			free(d->items[i].hint);
			continue;
		}
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
