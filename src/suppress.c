/* Inline suppressions: "; zonelint: disable=RULE" comments in zone files. */
/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE	/* memmem */
#include "suppress.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rule.h"
#include "suggest.h"
#include "util.h"

/* A logical line: physical lines first..last, joined by parentheses. */
struct span {
	uint32_t first, last;
};

/* The logical line a comment applies to, before the lines are known. */
enum target {
	TARGET_SAME,	/* the logical line that holds the comment */
	TARGET_NEXT	/* the next logical line after the comment */
};

/* The state of the scan of one file. */
struct scan {
	struct zl_suppressions *out;
	const char *data;
	size_t size;
	uint32_t file;
	uint32_t line;
	size_t line_off;		/* offset of the first byte of the line */
	struct span *spans;		/* logical lines seen so far; owned */
	size_t nspans, spans_cap;
	uint32_t open_first;		/* first line of the open logical line, or 0 */
	size_t first_new;		/* first entry of out added by this scan */
	enum target *targets;		/* one per entry from first_new on; owned */
	size_t ntargets, targets_cap;
};

void
zl_suppressions_init(struct zl_suppressions *s)
{
	memset(s, 0, sizeof(*s));
}

void
zl_suppressions_fini(struct zl_suppressions *s)
{
	for (size_t i = 0; i < s->len; i++)
		free(s->items[i].text);
	free(s->items);
	memset(s, 0, sizeof(*s));
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static struct zl_pos
pos_at(const struct scan *sc, size_t off)
{
	struct zl_pos p;

	p.file = sc->file;
	p.line = sc->line;
	p.col = (uint32_t)(off - sc->line_off + 1);
	p.off = (uint32_t)off;
	return p;
}

/* Return the rule of id among rules (which include the rules of rule
 * files and plugins), or among the built-in rules when rules is NULL. */
static const struct zl_rule *
find_rule(const struct zl_ruleset *rules, const char *id)
{
	long i;

	if (rules == NULL)
		return zl_rules_find(id);
	i = zl_ruleset_find(rules, id);
	return i >= 0 ? rules->rules[i] : NULL;
}

static void
add_entry(struct scan *sc, enum zl_suppression_kind kind, size_t off, size_t len,
    enum target target)
{
	struct zl_suppression e;

	memset(&e, 0, sizeof(e));
	e.kind = kind;
	e.pos = pos_at(sc, off);
	e.text = zl_xstrndup(sc->data + off, len);
	if (kind == ZL_SUPPRESS_RECORD || kind == ZL_SUPPRESS_FILE)
		e.rule = find_rule(sc->out->rules, e.text);
	ZL_PUSH(sc->out->items, sc->out->len, sc->out->cap, e);
	ZL_PUSH(sc->targets, sc->ntargets, sc->targets_cap, target);
}

/* Read the rule ids of "disable=a,b reason" from off on: ids are split by
 * commas, with blanks allowed after a comma, and end at a blank. */
static void
read_rule_list(struct scan *sc, size_t off, size_t end, enum zl_suppression_kind kind,
    enum target target)
{
	bool any = false;

	for (;;) {
		size_t start = off;

		while (off < end && !is_blank(sc->data[off]) && sc->data[off] != ',')
			off++;
		if (off > start) {
			add_entry(sc, kind, start, off - start, target);
			any = true;
		}
		if (off >= end || sc->data[off] != ',')
			break;
		off++;
		while (off < end && is_blank(sc->data[off]))
			off++;
	}
	if (!any)
		add_entry(sc, ZL_SUPPRESS_NO_RULE, off, 0, target);
}

/* Read one comment, data[off] being the ';' and end the end of its line. */
static void
read_comment(struct scan *sc, size_t off, size_t end, enum target target)
{
	static const char tag[] = "zonelint:";
	size_t keyword, equals;

	/* ";; zonelint:" and ";zonelint:" are written as often as "; zonelint:". */
	while (off < end && (sc->data[off] == ';' || is_blank(sc->data[off])))
		off++;
	if (end - off < sizeof(tag) - 1 || memcmp(sc->data + off, tag, sizeof(tag) - 1) != 0)
		return;
	off += sizeof(tag) - 1;
	while (off < end && is_blank(sc->data[off]))
		off++;

	keyword = off;
	while (off < end && !is_blank(sc->data[off]) && sc->data[off] != '=')
		off++;
	/* "disable = RULE" is read as "disable=RULE"; "disable= RULE" still
	 * names no rule. */
	equals = off;
	while (equals < end && is_blank(sc->data[equals]))
		equals++;
	if (equals < end && sc->data[equals] == '=') {
		size_t len = off - keyword, list = equals + 1;

		while (equals > off && list < end && is_blank(sc->data[list]))
			list++;
		if (len == 7 && memcmp(sc->data + keyword, "disable", 7) == 0) {
			read_rule_list(sc, list, end, ZL_SUPPRESS_RECORD, target);
			return;
		}
		if (len == 12 && memcmp(sc->data + keyword, "disable-file", 12) == 0) {
			read_rule_list(sc, list, end, ZL_SUPPRESS_FILE, target);
			return;
		}
	}
	add_entry(sc, off > keyword ? ZL_SUPPRESS_BAD_KEYWORD : ZL_SUPPRESS_NO_RULE, keyword,
	    off - keyword, target);
}

static void
end_logical_line(struct scan *sc)
{
	struct span span = { sc->open_first, sc->line };

	if (sc->open_first == 0)
		return;
	ZL_PUSH(sc->spans, sc->nspans, sc->spans_cap, span);
	sc->open_first = 0;
}

/* Skip the quoted string that starts at off and return the offset after
 * it.  As in src/lexer.c, a string ends at an unescaped newline. */
static size_t
skip_qstring(struct scan *sc, size_t off)
{
	off++;
	while (off < sc->size) {
		char c = sc->data[off];

		if (c == '\\') {
			if (off + 1 < sc->size && sc->data[off + 1] == '\n') {
				sc->line++;
				sc->line_off = off + 2;
			}
			off += 2;
			continue;
		}
		if (c == '"')
			return off + 1;
		if (c == '\n')
			return off;
		off++;
	}
	return sc->size;
}

static size_t
skip_word(const struct scan *sc, size_t off)
{
	while (off < sc->size) {
		char c = sc->data[off];

		if (c == '\\') {
			off += 2;
			continue;
		}
		if (is_blank(c) || c == '\n' || c == '(' || c == ')' || c == ';' ||
		    c == '"' || c == '\0')
			break;
		off++;
	}
	return off < sc->size ? off : sc->size;
}

/* Give every entry of this scan its lines, now that the logical lines of
 * the file are known. */
static void
resolve_targets(struct scan *sc)
{
	for (size_t i = 0; i < sc->ntargets; i++) {
		struct zl_suppression *e = &sc->out->items[sc->first_new + i];
		uint32_t line = e->pos.line;
		size_t lo = 0, hi = sc->nspans;
		const struct span *hit = NULL;

		if (e->kind == ZL_SUPPRESS_FILE) {
			e->first_line = 1;
			e->last_line = UINT32_MAX;
			continue;
		}

		/* The spans are in line order: find the first one that starts
		 * after the comment's line. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (sc->spans[mid].first <= line)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (sc->targets[i] == TARGET_NEXT && lo < sc->nspans)
			hit = &sc->spans[lo];
		else if (sc->targets[i] == TARGET_SAME && lo > 0 && sc->spans[lo - 1].last >= line)
			hit = &sc->spans[lo - 1];
		if (hit != NULL) {
			e->first_line = hit->first;
			e->last_line = hit->last;
		}
	}
}

void
zl_suppressions_scan(struct zl_suppressions *s, const char *data, size_t size,
    uint32_t file)
{
	struct scan sc;
	bool in_parens = false;
	bool line_has_token = false;	/* on this physical line */
	size_t off = 0;

	/* Most files contain no suppression at all, so one search settles
	 * them without tokenizing. */
	if (memmem(data, size, "zonelint:", 9) == NULL)
		return;
	memset(&sc, 0, sizeof(sc));
	sc.out = s;
	sc.data = data;
	sc.size = size;
	sc.file = file;
	sc.line = 1;
	sc.first_new = s->len;
	if (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		off = sc.line_off = 3;

	while (off < size) {
		char c = data[off];

		if (c == '\n') {
			if (!in_parens)
				end_logical_line(&sc);
			sc.line++;
			sc.line_off = ++off;
			line_has_token = false;
			continue;
		}
		if (is_blank(c) || c == '\0') {
			off++;
			continue;
		}
		if (c == ';') {
			const char *nl = memchr(data + off, '\n', size - off);
			size_t end = nl != NULL ? (size_t)(nl - data) : size;

			read_comment(&sc, off + 1, end,
			    line_has_token || sc.open_first != 0 ? TARGET_SAME : TARGET_NEXT);
			off = end;
			continue;
		}

		/* A token, or a parenthesis, which belongs to the logical line too. */
		if (sc.open_first == 0)
			sc.open_first = sc.line;
		line_has_token = true;
		if (c == '(' || c == ')') {
			in_parens = c == '(';
			off++;
		} else if (c == '"') {
			off = skip_qstring(&sc, off);
		} else {
			off = skip_word(&sc, off);
		}
	}
	end_logical_line(&sc);
	resolve_targets(&sc);
	free(sc.spans);
	free(sc.targets);
}

static bool
covers(const struct zl_suppression *e, const struct zl_diag *d)
{
	if (e->rule != d->rule || e->first_line == 0 || e->pos.file != d->pos.file)
		return false;
	return e->first_line <= d->pos.line && d->pos.line <= e->last_line;
}

/* Order entries by file, then first line, for binary search. */
static int
compare_start(const void *a, const void *b)
{
	const struct zl_suppression *x = *(struct zl_suppression *const *)a;
	const struct zl_suppression *y = *(struct zl_suppression *const *)b;

	if (x->pos.file != y->pos.file)
		return x->pos.file < y->pos.file ? -1 : 1;
	if (x->first_line != y->first_line)
		return x->first_line < y->first_line ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Count d in every entry that covers it, so that none of them is later
 * reported as unused; return whether any does.  by_start holds the
 * record entries sorted by compare_start(), whose line ranges are logical
 * lines and so never overlap unless equal: only the entries with the
 * greatest first line at or before the finding can cover it. */
static bool
silence(struct zl_suppression **by_start, size_t n, struct zl_suppression **whole_file,
    size_t nfile, const struct zl_diag *d)
{
	size_t lo = 0, hi = n;
	bool silenced = false;
	uint32_t first;

	for (size_t k = 0; k < nfile; k++) {
		if (covers(whole_file[k], d)) {
			whole_file[k]->matched++;
			silenced = true;
		}
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct zl_suppression *e = by_start[mid];

		if (e->pos.file < d->pos.file ||
		    (e->pos.file == d->pos.file && e->first_line <= d->pos.line))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return silenced;
	first = by_start[lo - 1]->first_line;
	for (size_t k = lo; k > 0 && by_start[k - 1]->pos.file == d->pos.file &&
	    by_start[k - 1]->first_line == first; k--) {
		if (covers(by_start[k - 1], d)) {
			by_start[k - 1]->matched++;
			silenced = true;
		}
	}
	return silenced;
}

void
zl_suppressions_apply(struct zl_suppressions *s, struct zl_diags *d)
{
	struct zl_suppression **by_start = zl_xcalloc(s->len + 1, sizeof(*by_start));
	struct zl_suppression **whole_file = zl_xcalloc(s->len + 1, sizeof(*whole_file));
	size_t n = 0, nfile = 0, out = 0;

	for (size_t k = 0; k < s->len; k++) {
		struct zl_suppression *e = &s->items[k];

		if (e->rule == NULL || e->first_line == 0)
			continue;
		if (e->kind == ZL_SUPPRESS_FILE)
			whole_file[nfile++] = e;
		else
			by_start[n++] = e;
	}
	qsort(by_start, n, sizeof(*by_start), compare_start);

	for (size_t i = 0; i < d->len; i++) {
		struct zl_diag *x = &d->items[i];

		if (silence(by_start, n, whole_file, nfile, x))
			continue;
		d->items[out++] = *x;
	}
	d->len = out;
	free(by_start);
	free(whole_file);
}

static void
report_rule_id(struct zl_diags *d, const struct zl_suppression *e)
{
	const char *guess = zl_rules_suggest(d->rules, e->text, strlen(e->text));
	struct zl_diag *x;

	x = zl_diag_emit(d, &zl_rule_zone_suppression, zl_rule_zone_suppression.severity,
	    e->pos, ZL_NONE, 0,
	    _("unknown rule '%s' in a suppression comment, so the comment silences nothing"),
	    e->text);
	if (guess != NULL)
		zl_diag_hint(x, _("did you mean '%s'? 'zonelint --list-rules' prints every rule id"),
		    guess);
	else
		zl_diag_hint(x, "%s", _("'zonelint --list-rules' prints every rule id; a rule of a --rules file or a --plugin module is known only to runs that load it"));
}

static void
report_unused(struct zl_diags *d, const struct zl_suppression *e)
{
	struct zl_diag *x;

	x = zl_diag_emit(d, &zl_rule_zone_suppression, zl_rule_zone_suppression.severity,
	    e->pos, ZL_NONE, 0, _("suppression of '%s' matches no finding"), e->rule->id);
	if (e->kind == ZL_SUPPRESS_FILE)
		zl_diag_hint(x, "%s", _("remove it: the file has no finding of this rule"));
	else
		zl_diag_hint(x, "%s",
		    _("remove it, or put it at the end of the record's line or on the line right above the record"));
}

void
zl_suppressions_report(const struct zl_suppressions *s, struct zl_diags *d,
    bool unused, zl_rule_active_fn *active, void *context)
{
	const char *usage = _("write 'zonelint: disable=RULE reason' for one record or 'zonelint: disable-file=RULE reason' for the whole file");

	for (size_t i = 0; i < s->len; i++) {
		const struct zl_suppression *e = &s->items[i];
		struct zl_diag *x;

		switch (e->kind) {
		case ZL_SUPPRESS_BAD_KEYWORD:
			x = zl_diag_emit(d, &zl_rule_zone_suppression,
			    zl_rule_zone_suppression.severity, e->pos, ZL_NONE, 0,
			    _("unknown suppression keyword '%s', so the comment silences nothing"),
			    e->text);
			zl_diag_hint(x, "%s", usage);
			break;
		case ZL_SUPPRESS_NO_RULE:
			x = zl_diag_emit(d, &zl_rule_zone_suppression,
			    zl_rule_zone_suppression.severity, e->pos, ZL_NONE, 0, "%s",
			    _("suppression comment names no rule, so it silences nothing"));
			zl_diag_hint(x, "%s", usage);
			break;
		case ZL_SUPPRESS_RECORD:
		case ZL_SUPPRESS_FILE:
			if (e->rule == NULL)
				report_rule_id(d, e);
			else if (unused && e->matched == 0 &&
			    (active == NULL || active(context, e->rule, e->pos.file)))
				report_unused(d, e);
			break;
		}
	}
}
