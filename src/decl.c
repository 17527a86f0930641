/* Declarative rules: reading and compiling rule files. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "decl_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infile.h"
#include "rdata.h"
#include "rrtype.h"
#include "util.h"

/*
 * A rule file holds blocks like
 *
 *	rule dmarc-reject {
 *		severity  error
 *		type      TXT
 *		owner     /^_dmarc\./
 *		match     /^v=DMARC1;.*\bp=(\w+)/i
 *		not-match /\bp=reject\b/i
 *		message   "DMARC policy at '{owner}' is 'p=$1'"
 *	}
 *
 * one condition per line; '#' starts a comment outside strings and
 * patterns.  doc/plugins.md describes every condition.
 */

enum tok_kind { TOK_WORD, TOK_STRING, TOK_PATTERN, TOK_LBRACE, TOK_RBRACE };

struct tok {
	enum tok_kind kind;
	const char *text;	/* into the line; for strings see value */
	size_t len;
	uint32_t col;		/* of the token's first byte */
	char *value;		/* TOK_STRING: decoded text; owned by the line */
	const char *flags;	/* TOK_PATTERN: letters after the closing slash */
	size_t nflags;
	uint32_t flags_col;
};

#define LINE_TOKENS_MAX 16

struct line {
	struct tok toks[LINE_TOKENS_MAX];
	size_t n;
};

struct reader {
	struct zl_decl *decl;
	const struct zl_ruleset *set;
	struct zl_decl_error *err;
	uint32_t line;
	size_t first_rule, first_pattern;	/* what this file added */
};

static bool fail(struct reader *rd, enum zl_decl_error_code code, uint32_t col,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Record the error and return false, so that callers can return fail(). */
static bool
fail(struct reader *rd, enum zl_decl_error_code code, uint32_t col, const char *fmt, ...)
{
	va_list ap;

	rd->err->code = code;
	rd->err->line = rd->line;
	rd->err->col = col;
	va_start(ap, fmt);
	vsnprintf(rd->err->detail, sizeof(rd->err->detail), fmt, ap);
	va_end(ap);
	return false;
}

static void
line_fini(struct line *ln)
{
	for (size_t i = 0; i < ln->n; i++)
		free(ln->toks[i].value);
	ln->n = 0;
}

/* A quoted string: \" and \\ are the only escapes, so that a backslash
 * in a message stays what it is. */
static bool
lex_string(struct reader *rd, const char *s, size_t len, size_t *i, struct tok *t)
{
	struct zl_strbuf sb;
	size_t j = *i + 1;

	zl_strbuf_init(&sb);
	zl_strbuf_add(&sb, "", 0);
	while (j < len && s[j] != '"') {
		if (s[j] == '\\' && j + 1 < len && (s[j + 1] == '"' || s[j + 1] == '\\'))
			j++;
		zl_strbuf_addc(&sb, s[j]);
		j++;
	}
	if (j >= len) {
		zl_strbuf_fini(&sb);
		return fail(rd, ZL_DECL_UNTERMINATED, t->col, "\"");
	}
	t->kind = TOK_STRING;
	t->len = j + 1 - *i;
	t->value = zl_strbuf_detach(&sb);
	*i = j + 1;
	return true;
}

/* A pattern between slashes, passed to PCRE2 as written: a backslash
 * keeps the next byte, a slash included, inside the pattern. */
static bool
lex_pattern(struct reader *rd, const char *s, size_t len, size_t *i, struct tok *t)
{
	size_t j = *i + 1;

	while (j < len && s[j] != '/') {
		if (s[j] == '\\' && j + 1 < len)
			j++;
		j++;
	}
	if (j >= len)
		return fail(rd, ZL_DECL_UNTERMINATED, t->col, "/");
	t->kind = TOK_PATTERN;
	t->text = s + *i + 1;
	t->len = j - *i - 1;
	t->col++;
	t->flags = s + j + 1;
	t->flags_col = (uint32_t)(j + 2);
	for (j++; j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '#'; j++)
		t->nflags++;
	*i = j;
	return true;
}

/* Split one line into tokens. */
static bool
lex_line(struct reader *rd, const char *s, size_t len, struct line *ln)
{
	size_t i = 0;

	ln->n = 0;
	for (;;) {
		struct tok t;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
			i++;
		if (i >= len || s[i] == '#')
			return true;
		if (ln->n == LINE_TOKENS_MAX)
			return fail(rd, ZL_DECL_EXTRA_TEXT, (uint32_t)i + 1, "%.*s",
			    (int)(len - i), s + i);
		memset(&t, 0, sizeof(t));
		t.text = s + i;
		t.col = (uint32_t)i + 1;
		if (s[i] == '"') {
			if (!lex_string(rd, s, len, &i, &t))
				return false;
		} else if (s[i] == '/') {
			if (!lex_pattern(rd, s, len, &i, &t))
				return false;
		} else if (s[i] == '{' || s[i] == '}') {
			t.kind = s[i] == '{' ? TOK_LBRACE : TOK_RBRACE;
			t.len = 1;
			i++;
		} else {
			t.kind = TOK_WORD;
			while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
			    s[i] != '{' && s[i] != '}')
				i++;
			t.len = i - (size_t)(t.text - s);
		}
		ln->toks[ln->n++] = t;
	}
}

static bool
tok_is(const struct tok *t, const char *word)
{
	return t->kind == TOK_WORD && t->len == strlen(word) &&
	    memcmp(t->text, word, t->len) == 0;
}

/* Rule ids are kebab-case like the built-in ones, so that they work in
 * --disable lists and as SARIF rule ids. */
static bool
valid_id(const char *s, size_t len)
{
	if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

/* Find or compile a pattern; return its index, or -1 after fail(). */
static long
add_pattern(struct reader *rd, const struct tok *t, enum zl_decl_subject subject)
{
	struct zl_decl *d = rd->decl;
	struct zl_decl_pattern p;
	uint32_t options = 0, newline;
	int errcode;
	PCRE2_SIZE erroff;

	for (size_t i = 0; i < t->nflags; i++) {
		switch (t->flags[i]) {
		case 'i': options |= PCRE2_CASELESS; break;
		case 'm': options |= PCRE2_MULTILINE; break;
		case 's': options |= PCRE2_DOTALL; break;
		case 'x': options |= PCRE2_EXTENDED; break;
		default:
			fail(rd, ZL_DECL_BAD_FLAG, t->flags_col + (uint32_t)i, "%c", t->flags[i]);
			return -1;
		}
	}
	for (size_t i = 0; i < d->npatterns; i++) {
		const struct zl_decl_pattern *q = &d->patterns[i];

		if (q->subject == subject && q->options == options &&
		    strlen(q->source) == t->len && memcmp(q->source, t->text, t->len) == 0)
			return (long)i;
	}

	memset(&p, 0, sizeof(p));
	p.code = pcre2_compile((PCRE2_SPTR)t->text, t->len, options, &errcode, &erroff, NULL);
	if (p.code == NULL) {
		PCRE2_UCHAR msg[200];

		if (pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "PCRE2 error %d", errcode);
		fail(rd, ZL_DECL_BAD_PATTERN, t->col + (uint32_t)erroff, "%s", (char *)msg);
		rd->err->pattern_offset = erroff;
		return -1;
	}
	/* Without JIT support pcre2_match() interprets the pattern. */
	p.jit = pcre2_jit_compile(p.code, PCRE2_JIT_COMPLETE) == 0;
	pcre2_pattern_info(p.code, PCRE2_INFO_CAPTURECOUNT, &p.captures);
	pcre2_pattern_info(p.code, PCRE2_INFO_MINLENGTH, &p.min_length);
	pcre2_pattern_info(p.code, PCRE2_INFO_NEWLINE, &newline);
	p.source = zl_xstrndup(t->text, t->len);
	p.options = options;
	p.subject = subject;
	p.memo_subject = ZL_NONE;
	zl_decl_filter_build(&p.filter, p.source, options, newline);
	if (p.captures > d->max_captures)
		d->max_captures = p.captures;
	ZL_PUSH(d->patterns, d->npatterns, d->patterns_cap, p);
	return (long)d->npatterns - 1;
}

/* The value of a condition that takes exactly one token of kind. */
static const struct tok *
one_value(struct reader *rd, const struct line *ln, enum tok_kind kind)
{
	const struct tok *key = &ln->toks[0];

	if (ln->n < 2 || ln->toks[1].kind != kind) {
		uint32_t col = ln->n < 2 ? key->col + (uint32_t)key->len : ln->toks[1].col;

		fail(rd, kind == TOK_PATTERN ? ZL_DECL_EXPECTED_PATTERN : ZL_DECL_EXPECTED_STRING,
		    col, "%.*s", (int)key->len, key->text);
		return NULL;
	}
	if (ln->n > 2) {
		fail(rd, ZL_DECL_EXTRA_TEXT, ln->toks[2].col, "%.*s",
		    (int)ln->toks[2].len, ln->toks[2].text);
		return NULL;
	}
	return &ln->toks[1];
}

static bool
no_value(struct reader *rd, const struct line *ln)
{
	if (ln->n > 1)
		return fail(rd, ZL_DECL_EXTRA_TEXT, ln->toks[1].col, "%.*s",
		    (int)ln->toks[1].len, ln->toks[1].text);
	return true;
}

static bool
read_type(struct reader *rd, const struct tok *t, uint16_t *type)
{
	if (t->kind != TOK_WORD || !zl_rrtype_from_text(t->text, t->len, type))
		return fail(rd, ZL_DECL_BAD_TYPE, t->col, "%.*s", (int)t->len, t->text);
	return true;
}

static bool
read_ttl(struct reader *rd, const struct line *ln, struct zl_decl_rule *r)
{
	static const struct { const char *op; enum zl_decl_ttl_op value; } ops[] = {
		{ "<", ZL_TTL_LT }, { "<=", ZL_TTL_LE }, { ">", ZL_TTL_GT },
		{ ">=", ZL_TTL_GE }, { "=", ZL_TTL_EQ }, { "==", ZL_TTL_EQ },
		{ "!=", ZL_TTL_NE },
	};
	uint32_t col = ln->n > 1 ? ln->toks[1].col : ln->toks[0].col;

	if (ln->n != 3 || ln->toks[2].kind != TOK_WORD ||
	    !zl_ttl_from_text(ln->toks[2].text, ln->toks[2].len, &r->ttl))
		return fail(rd, ZL_DECL_BAD_TTL, col, "ttl");
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		if (tok_is(&ln->toks[1], ops[i].op)) {
			r->ttl_op = ops[i].value;
			return true;
		}
	}
	return fail(rd, ZL_DECL_BAD_TTL, col, "ttl");
}

enum cond {
	COND_APEX, COND_HAS, COND_HINT, COND_MATCH, COND_MESSAGE, COND_MISSING,
	COND_NOT_MATCH, COND_OWNER, COND_SEVERITY, COND_SUMMARY, COND_TTL, COND_TYPE,
	COND_COUNT
};

/* Indexed by enum cond, which is sorted by name. */
static const char *const cond_names[COND_COUNT] = {
	"apex", "has", "hint", "match", "message", "missing",
	"not-match", "owner", "severity", "summary", "ttl", "type",
};

static int
has_bit(struct zl_decl *d, uint16_t type)
{
	for (size_t i = 0; i < d->nhas; i++) {
		if (d->has_types[i] == type)
			return (int)i;
	}
	if (d->nhas == ZL_DECL_HAS_MAX)
		return -1;
	d->has_types[d->nhas] = type;
	return (int)d->nhas++;
}

/* Read one condition line into r. */
static bool
read_condition(struct reader *rd, const struct line *ln, struct zl_decl_rule *r,
    bool seen[COND_COUNT])
{
	const struct tok *key = &ln->toks[0], *v;
	enum cond c = COND_COUNT;
	enum zl_severity sev;

	for (size_t i = 0; i < COND_COUNT; i++) {
		if (tok_is(key, cond_names[i]))
			c = (enum cond)i;
	}
	if (c == COND_COUNT)
		return fail(rd, ZL_DECL_UNKNOWN_CONDITION, key->col, "%.*s",
		    (int)key->len, key->text);
	if (seen[c])
		return fail(rd, ZL_DECL_REPEATED_CONDITION, key->col, "%s", cond_names[c]);
	seen[c] = true;

	switch (c) {
	case COND_APEX:
		r->apex = true;
		return no_value(rd, ln);
	case COND_MISSING:
		r->missing = true;
		return no_value(rd, ln);
	case COND_HAS:
		if ((v = one_value(rd, ln, TOK_WORD)) == NULL || !read_type(rd, v, &r->has_type))
			return false;
		r->has_bit = has_bit(rd->decl, r->has_type);
		return true;
	case COND_TYPE:
		if (ln->n < 2)
			return fail(rd, ZL_DECL_BAD_TYPE, key->col + (uint32_t)key->len, "%s", "");
		r->types = zl_xcalloc(ln->n - 1, sizeof(*r->types));
		for (size_t i = 1; i < ln->n; i++) {
			if (!read_type(rd, &ln->toks[i], &r->types[r->ntypes++]))
				return false;
		}
		return true;
	case COND_TTL:
		return read_ttl(rd, ln, r);
	case COND_SEVERITY:
		if ((v = one_value(rd, ln, TOK_WORD)) == NULL)
			return false;
		{
			char word[16];

			snprintf(word, sizeof(word), "%.*s", (int)v->len, v->text);
			if (v->len >= sizeof(word) || !zl_severity_from_text(word, &sev))
				return fail(rd, ZL_DECL_BAD_SEVERITY, v->col, "%.*s",
				    (int)v->len, v->text);
		}
		r->base.severity = sev;
		return true;
	case COND_MESSAGE:
	case COND_HINT:
	case COND_SUMMARY:
		if ((v = one_value(rd, ln, TOK_STRING)) == NULL)
			return false;
		if (c == COND_MESSAGE)
			r->message = zl_xstrdup(v->value);
		else if (c == COND_HINT)
			r->hint = zl_xstrdup(v->value);
		else
			r->base.summary = zl_xstrdup(v->value);
		return true;
	case COND_OWNER:
	case COND_MATCH:
	case COND_NOT_MATCH: {
		long *slot = &r->not_match;
		enum zl_decl_subject subject = ZL_DECL_RDATA;

		if (c == COND_OWNER) {
			slot = &r->owner;
			subject = ZL_DECL_OWNER;
		} else if (c == COND_MATCH) {
			slot = &r->match;
		}
		if ((v = one_value(rd, ln, TOK_PATTERN)) == NULL)
			return false;
		*slot = add_pattern(rd, v, subject);
		return *slot >= 0;
	}
	case COND_COUNT:
		break;
	}
	return false;
}

/* Check the $N and {field} references of a message or hint against what
 * the rule can fill in: captures of its match pattern, and the record's
 * fields unless the rule reports missing records. */
static bool
check_references(struct reader *rd, const struct zl_decl_rule *r, const char *text,
    uint32_t line, uint32_t col)
{
	static const char *const fields[] = { "owner", "type", "zone", "ttl", "rdata" };
	uint32_t captures = r->match >= 0 ? rd->decl->patterns[r->match].captures : 0;
	size_t nfields = r->missing ? 3 : 5;

	for (const char *p = text; *p != '\0'; p++) {
		if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
			if (r->missing || r->match < 0 || (uint32_t)(p[1] - '0') > captures) {
				rd->line = line;
				return fail(rd, ZL_DECL_BAD_REFERENCE, col + 1 + (uint32_t)(p - text),
				    "$%c", p[1]);
			}
			p++;
		} else if (p[0] == '$' && p[1] == '$') {
			p++;
		} else if (p[0] == '{') {
			size_t n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz");
			bool known = false;

			if (n == 0 || p[1 + n] != '}')
				continue;
			for (size_t i = 0; i < nfields; i++) {
				if (strlen(fields[i]) == n && memcmp(fields[i], p + 1, n) == 0)
					known = true;
			}
			if (!known) {
				rd->line = line;
				return fail(rd, ZL_DECL_BAD_REFERENCE, col + 1 + (uint32_t)(p - text),
				    "%.*s", (int)n + 2, p);
			}
		}
	}
	return true;
}

static void
rule_free(struct zl_decl_rule *r)
{
	if (r == NULL)
		return;
	free((char *)r->base.id);
	free((char *)r->base.summary);
	free(r->message);
	free(r->hint);
	free(r->types);
	free(r);
}

/* The position of a message or hint string, for errors in its references. */
struct text_pos {
	uint32_t line, col;
};

/* Finish a rule at its closing brace: check what needs the whole rule. */
static bool
close_rule(struct reader *rd, struct zl_decl_rule *r, uint32_t open_line,
    struct text_pos message_pos, struct text_pos hint_pos, const char *file)
{
	uint32_t line = rd->line;

	rd->line = open_line;
	if (r->message == NULL || r->message[0] == '\0')
		return fail(rd, ZL_DECL_MISSING_MESSAGE, 1, "%s", r->base.id);
	if (r->missing && r->ntypes == 0)
		return fail(rd, ZL_DECL_MISSING_TYPE, 1, "%s", r->base.id);
	if (!check_references(rd, r, r->message, message_pos.line, message_pos.col))
		return false;
	if (r->hint != NULL && !check_references(rd, r, r->hint, hint_pos.line, hint_pos.col))
		return false;
	if (r->base.summary == NULL) {
		struct zl_strbuf sb;

		zl_strbuf_init(&sb);
		zl_strbuf_addf(&sb, "rule from %s", file);
		r->base.summary = zl_strbuf_detach(&sb);
	}
	rd->line = line;
	return true;
}

/* Is the id taken by a rule of the set or an earlier rule of this file? */
static bool
id_taken(const struct reader *rd, const char *id, size_t len)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.*s", (int)len, id);
	if (zl_ruleset_find(rd->set, buf) >= 0)
		return true;
	for (size_t i = rd->first_rule; i < rd->decl->nrules; i++) {
		if (strcmp(rd->decl->rules[i]->base.id, buf) == 0)
			return true;
	}
	return false;
}

/* Read "rule ID {" into a new rule, or fail. */
static struct zl_decl_rule *
open_rule(struct reader *rd, const struct line *ln)
{
	const struct tok *id = &ln->toks[1];
	struct zl_decl_rule *r;

	if (ln->n < 3 || !tok_is(&ln->toks[0], "rule") || ln->toks[1].kind != TOK_WORD ||
	    ln->toks[2].kind != TOK_LBRACE) {
		fail(rd, ZL_DECL_EXPECTED_RULE, ln->toks[0].col, "%.*s",
		    (int)ln->toks[0].len, ln->toks[0].text);
		return NULL;
	}
	if (ln->n > 3) {
		fail(rd, ZL_DECL_EXTRA_TEXT, ln->toks[3].col, "%.*s",
		    (int)ln->toks[3].len, ln->toks[3].text);
		return NULL;
	}
	if (!valid_id(id->text, id->len)) {
		fail(rd, ZL_DECL_BAD_ID, id->col, "%.*s", (int)id->len, id->text);
		return NULL;
	}
	if (id_taken(rd, id->text, id->len)) {
		fail(rd, ZL_DECL_DUPLICATE_ID, id->col, "%.*s", (int)id->len, id->text);
		return NULL;
	}
	r = zl_xcalloc(1, sizeof(*r));
	r->base.id = zl_xstrndup(id->text, id->len);
	r->base.severity = ZL_WARNING;
	r->owner = r->match = r->not_match = -1;
	r->has_bit = -1;
	return r;
}

/* Read the whole file; leaves the new rules and patterns in rd->decl. */
static bool
read_rules(struct reader *rd, const char *name, const char *text, size_t len)
{
	struct zl_decl_rule *r = NULL;
	struct text_pos message_pos = { 0, 0 }, hint_pos = { 0, 0 };
	bool seen[COND_COUNT];
	uint32_t open_line = 0;
	struct line ln = { .n = 0 };
	size_t i = 0;
	bool ok = true;

	for (rd->line = 1; ok && i < len; rd->line++) {
		const char *s = text + i, *nl = memchr(s, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - i;

		i += n + 1;
		line_fini(&ln);
		if (!lex_line(rd, s, n, &ln)) {
			ok = false;
		} else if (ln.n == 0) {
			continue;
		} else if (r == NULL) {
			r = open_rule(rd, &ln);
			ok = r != NULL;
			open_line = rd->line;
			memset(seen, 0, sizeof(seen));
		} else if (ln.toks[0].kind == TOK_RBRACE) {
			ok = no_value(rd, &ln) &&
			    close_rule(rd, r, open_line, message_pos, hint_pos, name);
			if (ok) {
				ZL_PUSH(rd->decl->rules, rd->decl->nrules, rd->decl->rules_cap, r);
				r = NULL;
			}
		} else if (ln.toks[0].kind != TOK_WORD) {
			ok = fail(rd, ZL_DECL_UNKNOWN_CONDITION, ln.toks[0].col, "%.*s",
			    (int)ln.toks[0].len, ln.toks[0].text);
		} else {
			ok = read_condition(rd, &ln, r, seen);
			if (ok && tok_is(&ln.toks[0], "message"))
				message_pos = (struct text_pos){ rd->line, ln.toks[1].col };
			if (ok && tok_is(&ln.toks[0], "hint"))
				hint_pos = (struct text_pos){ rd->line, ln.toks[1].col };
		}
	}
	line_fini(&ln);
	if (ok && r != NULL) {
		rd->line = open_line;
		ok = fail(rd, ZL_DECL_UNCLOSED_RULE, 1, "%s", r->base.id);
	}
	rule_free(r);
	return ok;
}

struct zl_decl *
zl_decl_new(void)
{
	return zl_xcalloc(1, sizeof(struct zl_decl));
}

static void
drop_from(struct zl_decl *d, size_t first_rule, size_t first_pattern)
{
	for (size_t i = first_rule; i < d->nrules; i++)
		rule_free(d->rules[i]);
	d->nrules = first_rule;
	for (size_t i = first_pattern; i < d->npatterns; i++) {
		pcre2_code_free(d->patterns[i].code);
		free(d->patterns[i].source);
		zl_decl_filter_fini(&d->patterns[i].filter);
	}
	d->npatterns = first_pattern;
}

void
zl_decl_free(struct zl_decl *decl)
{
	if (decl == NULL)
		return;
	drop_from(decl, 0, 0);
	free(decl->rules);
	free(decl->patterns);
	free(decl);
}

int
zl_decl_load_text(struct zl_decl *decl, const char *name, const char *text,
    size_t len, struct zl_ruleset *set, struct zl_decl_error *err)
{
	struct reader rd = { decl, set, err, 0, decl->nrules, decl->npatterns };
	uint32_t max_captures = decl->max_captures;

	memset(err, 0, sizeof(*err));
	if (!read_rules(&rd, name, text, len)) {
		drop_from(decl, rd.first_rule, rd.first_pattern);
		decl->max_captures = max_captures;
		return -1;
	}
	for (size_t i = rd.first_rule; i < decl->nrules; i++)
		zl_ruleset_add(set, &decl->rules[i]->base);
	return 0;
}

int
zl_decl_load(struct zl_decl *decl, const char *path, struct zl_ruleset *set,
    struct zl_decl_error *err)
{
	struct zl_infile_failure why;
	char *text;
	size_t size;
	int rc;

	/* Read through zl_infile_read_all(), so that a FIFO or a device
	 * cannot make the run wait or fill the memory. */
	memset(err, 0, sizeof(*err));
	if (!zl_infile_read_all(path, &text, &size, &why)) {
		char *reason = zl_infile_failure_text(&why);

		err->code = ZL_DECL_IO;
		snprintf(err->detail, sizeof(err->detail), "%s", reason);
		free(reason);
		return -1;
	}
	rc = zl_decl_load_text(decl, path, text, size, set, err);
	free(text);
	return rc;
}
