/* Declarative rules: literal tests that decide most matches without PCRE2. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "decl_impl.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * A pattern's filter is the literal text that every match must
 * contain, read from the pattern source.  It is the start of an anchored
 * pattern (or one start per alternative of a group after '^'), and the
 * longest literal of the top-level sequence, which may have to end the
 * subject.  An unanchored pattern without such a literal may still start with a
 * group whose alternatives all start with literals.  Testing these with
 * byte compares and memchr() costs a fraction of a PCRE2 call, and most
 * subjects fail them.  A pattern that is nothing but its literal, or one
 * of the look-ahead idioms ^(?!LITERAL) and ^(?!.*LITERAL), is decided by
 * the test alone.
 *
 * The reader is conservative: anything it does not fully understand
 * (inline options, verbs, \Q...\E, escapes with arguments, the x and m
 * flags) leaves the pattern without a filter, and PCRE2 decides every
 * subject.
 */

/* Escapes after a backslash that match one character class or a position
 * and take no argument; any other letter or digit may take one. */
static const char plain_escapes[] = "bBdDsSwWhHvVRXAzZGKntrfea";

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* Return the index after the character class that starts at s[i] == '[',
 * or 0 when it is not closed. */
static size_t
skip_class(const char *s, size_t len, size_t i)
{
	i++;
	if (i < len && s[i] == '^')
		i++;
	if (i < len && s[i] == ']')
		i++;
	while (i < len && s[i] != ']') {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '[' && i + 1 < len && s[i + 1] == ':') {
			const char *end = strstr(s + i + 2, ":]");

			if (end == NULL || (size_t)(end - s) >= len)
				return 0;
			i = (size_t)(end - s) + 1;
		}
		i++;
	}
	return i < len ? i + 1 : 0;
}

/* Return the index after the group that starts at s[i] == '(', or 0 when
 * it is not closed. */
static size_t
skip_group(const char *s, size_t len, size_t i)
{
	int depth = 0;

	while (i < len) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == '[') {
			i = skip_class(s, len, i);
			if (i == 0)
				return 0;
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return 0;
}

/* True when the filter reader understands every construct of s: no inline
 * option settings, comments or verbs, which change how the rest reads, no
 * \Q...\E and no escape that takes an argument. */
static bool
readable(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\') {
			char c = i + 1 < len ? s[i + 1] : '\0';

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
				if (strchr(plain_escapes, c) == NULL)
					return false;
			}
			i++;
		} else if (s[i] == '(' && i + 1 < len && s[i + 1] == '*') {
			return false;
		} else if (s[i] == '(' && i + 1 < len && s[i + 1] == '?') {
			char c = i + 2 < len ? s[i + 2] : '\0';

			if (c != ':' && c != '=' && c != '!' && c != '<' && c != '>')
				return false;
		}
	}
	return true;
}

/* If s[*i] starts a literal character (a plain byte, or a backslash and a
 * byte that is neither letter nor digit), store it in *c, advance *i past
 * it and return true. */
static bool
literal_char(const char *s, size_t len, size_t *i, char *c)
{
	char b = s[*i];

	if (b == '\\') {
		char e = *i + 1 < len ? s[*i + 1] : '\0';

		if (e == '\0' || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') ||
		    (e >= '0' && e <= '9'))
			return false;
		*c = e;
		*i += 2;
		return true;
	}
	if (strchr(".^$*+?()[]{}|", b) != NULL)
		return false;
	*c = b;
	*i += 1;
	return true;
}

/* True when a quantifier that allows zero repetitions starts at s[i]. */
static bool
optional_at(const char *s, size_t len, size_t i)
{
	return i < len && (s[i] == '?' || s[i] == '*' || s[i] == '{');
}

/* Return the index after a quantifier at s[i] and its lazy or possessive
 * suffix.  Returns i itself when there is none, and 0 when a brace does
 * not close. */
static size_t
skip_quantifier(const char *s, size_t len, size_t i)
{
	if (i >= len || strchr("?*+{", s[i]) == NULL)
		return i;
	if (s[i] == '{') {
		const char *end = memchr(s + i, '}', len - i);

		if (end == NULL)
			return 0;
		i = (size_t)(end - s);
	}
	i++;
	if (i < len && (s[i] == '?' || s[i] == '+'))
		i++;
	return i;
}

static void
literal_set(struct zl_decl_literal *lit, const char *text, size_t len)
{
	lit->text = zl_xstrndup(text, len);
	lit->len = len;
	lit->anchor = 0;
}

/* Read the literal run that starts at s[i] into out (room for len bytes)
 * and return its length; *end gets the index after it.  The run stops
 * before a character that a quantifier makes optional, and after one that
 * it repeats. */
static size_t
read_run(const char *s, size_t len, size_t i, char *out, size_t *end)
{
	size_t n = 0;

	for (;;) {
		size_t next = i;
		char c;

		if (i >= len || !literal_char(s, len, &next, &c) || optional_at(s, len, next))
			break;
		out[n++] = c;
		i = next;
		if (i < len && s[i] == '+')
			break;
	}
	*end = i;
	return n;
}

static void
literals_free(struct zl_decl_literal *set, size_t *count)
{
	for (size_t i = 0; i < *count; i++)
		free(set[i].text);
	*count = 0;
}

/* The literal starts of the alternatives of (?:A|B|...) or (A|B|...) at
 * s[open], a group that a match cannot skip: every match of the group
 * starts with one of them.  Fills set and *count, or leaves *count 0 when
 * an alternative starts with no literal. */
static void
read_alternatives(const char *s, size_t len, size_t open, char *buf,
    struct zl_decl_literal *set, size_t *count)
{
	size_t close, i;

	if (s[open] != '(' || (s[open + 1] == '?' && s[open + 2] != ':'))
		return;
	close = skip_group(s, len, open);
	i = open + (s[open + 1] == '?' ? 3 : 1);
	if (close == 0 || optional_at(s, len, close))
		return;
	while (i < close) {
		size_t end, n = read_run(s, close - 1, i, buf, &end);

		if (n == 0 || *count == ZL_DECL_LITERALS_MAX) {
			literals_free(set, count);
			return;
		}
		literal_set(&set[(*count)++], buf, n);
		/* Skip the rest of the alternative up to the next top-level '|'. */
		for (i = end; i < close - 1 && s[i] != '|';) {
			if (s[i] == '(')
				i = skip_group(s, len, i);
			else if (s[i] == '[')
				i = skip_class(s, len, i);
			else
				i += s[i] == '\\' ? 2 : 1;
		}
		i++;
	}
}

/* The literal start of a pattern anchored with '^'.  Returns the index
 * after the literal, or 0 when there is none or it starts a group. */
static size_t
find_prefixes(struct zl_decl_filter *f, const char *s, size_t len, char *buf)
{
	size_t end, n;

	if (len < 2 || s[0] != '^')
		return 0;
	if (s[1] == '(') {
		read_alternatives(s, len, 1, buf, f->prefixes, &f->nprefixes);
		return 0;
	}
	n = read_run(s, len, 1, buf, &end);
	if (n == 0)
		return 0;
	literal_set(&f->prefixes[0], buf, n);
	f->nprefixes = 1;
	f->exact = end == len;
	return end;
}

/* The longest literal run of the top-level sequence from s[i] on, or the
 * run that ends the pattern before a final '$' when there is one. */
static void
find_needle(struct zl_decl_filter *f, const char *s, size_t len, size_t i, char *buf,
    char *best)
{
	size_t best_len = 0, best_start = 0, best_end = 0;
	bool at_end = false;

	while (i < len) {
		size_t end, n = read_run(s, len, i, buf, &end);

		if (n > 0) {
			bool last = end + 1 == len && s[end] == '$';

			if (last || n > best_len) {
				memcpy(best, buf, n);
				best_len = n;
				best_start = i;
				best_end = end;
				at_end = last;
			}
			i = end;
			continue;
		}
		if (s[i] == '(')
			i = skip_group(s, len, i);
		else if (s[i] == '[')
			i = skip_class(s, len, i);
		else
			i += s[i] == '\\' ? 2 : 1;
		if (i != 0)
			i = skip_quantifier(s, len, i);
		if (i == 0)
			return;
	}
	/* A single byte such as the space of "^\d+ " is in nearly every
	 * subject: searching for it would cost more than it saves. */
	if (best_len == 0 || (best_len == 1 && !at_end)) {
		/* Without one literal, a leading group may give one per
		 * alternative, as (?:password|secret) does. */
		if (s[0] != '^')
			read_alternatives(s, len, 0, buf, f->needles, &f->nneedles);
		return;
	}
	literal_set(&f->needles[0], best, best_len);
	f->nneedles = 1;
	f->needle_at_end = at_end;
	/* A pattern of one literal and nothing else matches where it occurs. */
	f->exact = best_start == 0 && best_end == len;
}

/* True when '|' appears outside every group, so that each literal belongs
 * to one alternative only, or when a group or class is not closed. */
static bool
has_top_alternation(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (s[i] == '|')
			return true;
		if (s[i] == '(')
			i = skip_group(s, len, i);
		else if (s[i] == '[')
			i = skip_class(s, len, i);
		else
			i += s[i] == '\\' ? 2 : 1;
		if (i == 0)
			return true;
	}
	return false;
}

/* ^(?!LITERAL) and ^(?!.*LITERAL): the pattern matches when the subject
 * does not start with, or (before its first newline) does not contain,
 * the literal.  True when s is one of them. */
static bool
find_negation(struct zl_decl_filter *f, const char *s, size_t len, char *buf,
    uint32_t options)
{
	size_t start, end, n;
	bool contains;

	if (len < 6 || memcmp(s, "^(?!", 4) != 0 || s[len - 1] != ')')
		return false;
	contains = len > 6 && memcmp(s + 4, ".*", 2) == 0;
	start = contains ? 6 : 4;
	if (contains && optional_at(s, len, start))
		return false;
	n = read_run(s, len - 1, start, buf, &end);
	if (n == 0 || end != len - 1)
		return false;
	f->negated = true;
	f->exact = true;
	f->dotall = (options & PCRE2_DOTALL) != 0;
	if (contains) {
		literal_set(&f->needles[0], buf, n);
		f->nneedles = 1;
	} else {
		literal_set(&f->prefixes[0], buf, n);
		f->nprefixes = 1;
	}
	return true;
}

/* How common a byte is in names and records, lowest for the rarest:
 * punctuation, then the separators of names and tag lists, digits, and
 * letters by their frequency in English text.  A search is fastest when
 * it looks for the literal's rarest byte.  A letter costs two searches
 * (one per case) when the compare ignores case. */
static int
commonness(char c, bool caseless)
{
	static const char letters[] = "zqjxkvbywgpfmucdlhrsnioate";
	const char *at;

	if (c >= '0' && c <= '9')
		return 2;
	at = c != '\0' ? strchr(letters, lower(c)) : NULL;
	if (at != NULL)
		return 3 + (int)(at - letters) + (caseless ? 26 : 0);
	return strchr(".-=; ", c) != NULL ? 1 : 0;
}

/* Choose the byte of lit that a search looks for first. */
static void
choose_anchor(struct zl_decl_literal *lit, bool caseless)
{
	int best = INT_MAX;

	for (size_t i = 0; i < lit->len; i++) {
		int score = commonness(lit->text[i], caseless);

		if (score < best) {
			best = score;
			lit->anchor = i;
		}
	}
}

static void
add_first_byte(struct zl_decl_filter *f, unsigned char c)
{
	f->first_bytes[c >> 6] |= (uint64_t)1 << (c & 63);
}

/* Collect the first byte of each prefix, in both cases when the compare
 * ignores case. */
static void
set_first_bytes(struct zl_decl_filter *f)
{
	for (size_t i = 0; i < f->nprefixes; i++) {
		char c = f->prefixes[i].text[0];

		add_first_byte(f, (unsigned char)c);
		if (f->caseless && c >= 'a' && c <= 'z')
			add_first_byte(f, (unsigned char)(c - ('a' - 'A')));
		if (f->caseless && c >= 'A' && c <= 'Z')
			add_first_byte(f, (unsigned char)lower(c));
	}
	f->first_known = true;
}

void
zl_decl_filter_build(struct zl_decl_filter *f, const char *source, uint32_t options,
    uint32_t newline)
{
	size_t len = strlen(source);
	char *buf, *best;

	memset(f, 0, sizeof(*f));
	/* Multi-line mode moves ^ and $ to line boundaries and x-mode ignores
	 * white space; other newline conventions than LF move $ too. */
	if ((options & (PCRE2_EXTENDED | PCRE2_MULTILINE)) || newline != PCRE2_NEWLINE_LF ||
	    !readable(source, len))
		return;
	f->caseless = (options & PCRE2_CASELESS) != 0;
	buf = zl_xmalloc(len + 1);
	best = zl_xmalloc(len + 1);
	if (!find_negation(f, source, len, buf, options) && !has_top_alternation(source, len)) {
		size_t after_prefix = find_prefixes(f, source, len, buf);

		if (!f->exact)
			find_needle(f, source, len, after_prefix, buf, best);
	}
	for (size_t i = 0; i < f->nneedles; i++)
		choose_anchor(&f->needles[i], f->caseless);
	if (!f->negated && f->nprefixes > 0)
		set_first_bytes(f);
	free(buf);
	free(best);
}

void
zl_decl_filter_fini(struct zl_decl_filter *f)
{
	literals_free(f->prefixes, &f->nprefixes);
	literals_free(f->needles, &f->nneedles);
	memset(f, 0, sizeof(*f));
}

/* memcmp() for the short literals of patterns, inline because most
 * compares end at the first byte. */
static inline bool
equal(const char *s, const struct zl_decl_literal *lit, bool caseless)
{
	size_t i = 0;

	if (caseless) {
		while (i < lit->len && lower(s[i]) == lower(lit->text[i]))
			i++;
	} else {
		while (i < lit->len && s[i] == lit->text[i])
			i++;
	}
	return i == lit->len;
}

static bool
starts_with(const char *s, size_t len, const struct zl_decl_literal *lit, bool caseless)
{
	return len >= lit->len && equal(s, lit, caseless);
}

/* Find lit in s, looking with memchr() for the byte c at the literal's
 * anchor and comparing around each place found. */
static const char *
find_at_anchor(const char *s, size_t len, const struct zl_decl_literal *lit, bool caseless,
    char c)
{
	size_t k = lit->anchor;
	const char *end = s + len;

	for (const char *p = s + k; p < end;) {
		const char *hit = memchr(p, c, (size_t)(end - p));

		if (hit == NULL || hit - k + lit->len > end)
			return NULL;
		if (equal(hit - k, lit, caseless))
			return hit - k;
		p = hit + 1;
	}
	return NULL;
}

/* memmem(), also without regard to ASCII case; it returns some place of
 * the literal, not always the first.  glibc's memmem() sets up a table on
 * each call, which costs more than the search on texts as short as names
 * and records. */
static const char *
find(const char *s, size_t len, const struct zl_decl_literal *lit, bool caseless)
{
	char c = lit->text[lit->anchor], other = c;
	const char *at;

	if (len < lit->len)
		return NULL;
	at = find_at_anchor(s, len, lit, caseless, c);
	if (caseless && c >= 'a' && c <= 'z')
		other = (char)(c - ('a' - 'A'));
	else if (caseless && c >= 'A' && c <= 'Z')
		other = lower(c);
	if (at == NULL && other != c)
		at = find_at_anchor(s, len, lit, caseless, other);
	return at;
}

/* True when the subject ends with the literal, or with the literal and a
 * newline, which '$' also accepts. */
static bool
ends_with(const char *s, size_t len, const struct zl_decl_literal *lit, bool caseless)
{
	if (len > 0 && s[len - 1] == '\n' && len - 1 >= lit->len &&
	    equal(s + len - 1 - lit->len, lit, caseless))
		return true;
	return len >= lit->len && equal(s + len - lit->len, lit, caseless);
}

static enum zl_decl_verdict
test_negation(const struct zl_decl_filter *f, const char *s, size_t len)
{
	const char *at;

	if (f->nprefixes > 0)
		return starts_with(s, len, &f->prefixes[0], f->caseless) ? ZL_DECL_NO : ZL_DECL_YES;
	at = find(s, len, &f->needles[0], f->caseless);
	if (at == NULL)
		return ZL_DECL_YES;
	/* ".*" stops at a newline unless the s flag is set; when a newline
	 * comes before the place found, PCRE2 decides. */
	if (!f->dotall && memchr(s, '\n', (size_t)(at - s)) != NULL)
		return ZL_DECL_UNKNOWN;
	return ZL_DECL_NO;
}

enum zl_decl_verdict
zl_decl_filter_test(const struct zl_decl_filter *f, const char *s, size_t len)
{
	if (f->negated)
		return test_negation(f, s, len);
	if (f->nprefixes > 0) {
		size_t i = 0;

		while (i < f->nprefixes && !starts_with(s, len, &f->prefixes[i], f->caseless))
			i++;
		if (i == f->nprefixes)
			return ZL_DECL_NO;
	}
	if (f->needle_at_end) {
		if (!ends_with(s, len, &f->needles[0], f->caseless))
			return ZL_DECL_NO;
	} else if (f->nneedles > 0) {
		size_t i = 0;

		while (i < f->nneedles && find(s, len, &f->needles[i], f->caseless) == NULL)
			i++;
		if (i == f->nneedles)
			return ZL_DECL_NO;
	}
	if (f->exact)
		return ZL_DECL_YES;
	return ZL_DECL_UNKNOWN;
}
