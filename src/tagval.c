/*
 * tagval.c - tag=value lists (RFC 6376 section 3.2) and the helpers that the
 * mail TXT record parsers share: findings lists, typo suggestions, URIs.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <string.h>

#include "tagval.h"
#include "wordscan.h"

/* Maximum length of a word that zl_nearest_word() compares; longer words
 * get no suggestion. */
#define NEAREST_WORD_MAX 32

static const char *const tagval_code_names[] = {
	[ZL_TAGVAL_EMPTY_TAG - ZL_TAGVAL_EMPTY_TAG] = "tagval-empty-tag",
	[ZL_TAGVAL_DUPLICATE_TAG - ZL_TAGVAL_EMPTY_TAG] = "tagval-duplicate-tag",
	[ZL_TAGVAL_MISSING_SEMICOLON - ZL_TAGVAL_EMPTY_TAG] = "tagval-missing-semicolon",
	[ZL_TAGVAL_COLON_FOR_EQUALS - ZL_TAGVAL_EMPTY_TAG] = "tagval-colon-for-equals",
	[ZL_TAGVAL_MISSING_EQUALS - ZL_TAGVAL_EMPTY_TAG] = "tagval-missing-equals",
	[ZL_TAGVAL_BAD_NAME_CHAR - ZL_TAGVAL_EMPTY_TAG] = "tagval-bad-name-char",
	[ZL_TAGVAL_CONTROL_CHAR - ZL_TAGVAL_EMPTY_TAG] = "tagval-control-char",
	[ZL_TAGVAL_NON_ASCII - ZL_TAGVAL_EMPTY_TAG] = "tagval-non-ascii",
	[ZL_TAGVAL_TOO_MANY_TAGS - ZL_TAGVAL_EMPTY_TAG] = "tagval-too-many-tags",
};

static bool
is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static unsigned char
lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whitespace between tags and inside values: WSP, and CR and LF of FWS. */
static bool
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

static bool
is_name_first(unsigned char c, unsigned flags)
{
	if (flags & ZL_TAGVAL_EXTENSION_NAMES)
		return is_alpha(c) || is_digit(c);
	return is_alpha(c);
}

static bool
is_name_char(unsigned char c, unsigned flags)
{
	if (is_alpha(c) || is_digit(c) || c == '_')
		return true;
	return (flags & ZL_TAGVAL_EXTENSION_NAMES) && (c == '-' || c == '.');
}

static size_t
skip_space(const char *text, size_t pos, size_t end)
{
	while (pos < end && is_space((unsigned char)text[pos]))
		pos++;
	return pos;
}

/* Return the end of text[start, end) without trailing whitespace. */
static size_t
trim_end(const char *text, size_t start, size_t end)
{
	while (end > start && is_space((unsigned char)text[end - 1]))
		end--;
	return end;
}

/*
 * Return the first position in text[pos, end) whose byte is not visible
 * ASCII (0x21 to 0x7e), or end. Record text is nearly all visible ASCII,
 * so the scan tests eight bytes at a time. In a word x, a byte below 0x21
 * sets bit 7 of ((x - 0x21 in each byte) & ~x), and a byte above 0x7e sets
 * bit 7 of ((x + 0x01 in each byte) | x). A borrow or carry between bytes
 * starts only at such a byte, so the word test is exact about whether the
 * word has one, and the loop after it finds which byte it is.
 */
static size_t
skip_visible(const char *text, size_t pos, size_t end)
{
	while (end - pos >= 8) {
		uint64_t x = zl_word_load(text + pos);

		if ((((x - ZL_WORD_ONES * 0x21) & ~x) | (x + ZL_WORD_ONES * (0x7f - 0x7e)) | x) &
		    ZL_WORD_TOPS)
			break;
		pos += 8;
	}
	while (pos < end && (unsigned char)text[pos] > 0x20 && (unsigned char)text[pos] < 0x7f)
		pos++;
	return pos;
}

static bool
names_equal(const struct zl_tagval_list *list, const struct zl_tag *a,
    const struct zl_tag *b)
{
	const char *text = list->text;

	if (a->name_len != b->name_len)
		return false;
	for (size_t i = 0; i < a->name_len; i++) {
		unsigned char x = (unsigned char)text[a->name_off + i];
		unsigned char y = (unsigned char)text[b->name_off + i];

		if (list->flags & ZL_TAGVAL_CASELESS_NAMES) {
			x = lower(x);
			y = lower(y);
		}
		if (x != y)
			return false;
	}
	return true;
}

/*
 * Report runs of control bytes and of non-ASCII bytes in text[start, end).
 * CRLF followed by SP or HTAB is folding whitespace and not reported.
 * Returns the offset of the last byte that is not visible ASCII, blanks
 * included, or SIZE_MAX when there is none, so that the caller can tell a
 * value without blanks.
 */
static size_t
report_bad_bytes(struct zl_tagval_list *list, size_t start, size_t end)
{
	const unsigned char *text = (const unsigned char *)list->text;
	size_t i = start, last = SIZE_MAX;

	while (i < end) {
		size_t run;

		/* Visible ASCII, nearly all of a record, is fine. */
		i = skip_visible(list->text, i, end);
		if (i == end)
			break;
		run = i;
		if (text[i] == '\r' && i + 2 < end && text[i + 1] == '\n' &&
		    zl_is_wsp(text[i + 2])) {
			i += 3;
		} else if (text[i] >= 0x80) {
			while (i < end && text[i] >= 0x80)
				i++;
			zl_findings_add(&list->findings, ZL_TAGVAL_NON_ASCII,
			    run, i - run, NULL, NULL);
		} else if (is_control(text[i])) {
			while (i < end && is_control(text[i]))
				i++;
			zl_findings_add(&list->findings, ZL_TAGVAL_CONTROL_CHAR,
			    run, i - run, NULL, NULL);
		} else {
			/* SP or HTAB */
			i++;
		}
		last = i - 1;
	}
	return last;
}

/*
 * Report each place in the value where whitespace is followed by "name=" and
 * a value byte, which means a ";" is missing: "v=DMARC1 p=reject". Requiring
 * a byte other than "=" after the "=" keeps base64 padding after a folded
 * key ("p=MIIB... ab==") from matching.
 */
static void
report_missing_semicolons(struct zl_tagval_list *list, const struct zl_tag *tag)
{
	const char *text = list->text;
	size_t end = tag->value_off + tag->value_len;

	for (size_t i = tag->value_off; i < end; i++) {
		size_t name, p;

		/* Blanks are not visible ASCII, so skip_visible() stops at
		 * each of them and passes over nearly all other bytes. */
		i = skip_visible(text, i, end);
		if (i == end)
			break;
		if (!is_space((unsigned char)text[i]))
			continue;
		name = skip_space(text, i, end);
		if (name >= end || !is_name_first((unsigned char)text[name], list->flags))
			continue;
		p = name + 1;
		while (p < end && is_name_char((unsigned char)text[p], list->flags))
			p++;
		if (p + 1 < end && text[p] == '=' && text[p + 1] != '=' &&
		    !is_space((unsigned char)text[p + 1]))
			zl_findings_add(&list->findings, ZL_TAGVAL_MISSING_SEMICOLON,
			    i, name - i, NULL, NULL);
		i = name - 1;
	}
}

/*
 * Report why text[start, end) is not name=value. The name should begin at
 * start, and after_name is the first byte after the name characters.
 */
static void
report_malformed_spec(struct zl_tagval_list *list, size_t start, size_t end,
    size_t after_name)
{
	const char *text = list->text;
	size_t next = skip_space(text, after_name, end);
	bool has_name = after_name > start &&
	    is_name_first((unsigned char)text[start], list->flags);

	if (has_name && next < end && text[next] == ':') {
		zl_findings_add(&list->findings, ZL_TAGVAL_COLON_FOR_EQUALS,
		    next, 1, NULL, "=");
		return;
	}
	if (memchr(text + start, '=', end - start) == NULL) {
		zl_findings_add(&list->findings, ZL_TAGVAL_MISSING_EQUALS,
		    start, trim_end(text, start, end) - start, NULL, NULL);
		return;
	}
	zl_findings_add(&list->findings, ZL_TAGVAL_BAD_NAME_CHAR,
	    has_name ? next : start, 1, NULL, NULL);
}

/* Append tag unless the list is full, and report a repeated name. */
static void
add_tag(struct zl_tagval_list *list, const struct zl_tag *tag)
{
	if (list->count == ZL_TAGVAL_MAX_TAGS) {
		if (zl_findings_count_code(&list->findings, ZL_TAGVAL_TOO_MANY_TAGS) == 0)
			zl_findings_add(&list->findings, ZL_TAGVAL_TOO_MANY_TAGS,
			    tag->spec_off, tag->spec_len, NULL, NULL);
		return;
	}
	if (!(list->flags & ZL_TAGVAL_DUPLICATES_OK)) {
		for (size_t i = 0; i < list->count; i++) {
			if (names_equal(list, &list->tags[i], tag)) {
				zl_findings_add(&list->findings, ZL_TAGVAL_DUPLICATE_TAG,
				    tag->name_off, tag->name_len, NULL, NULL);
				break;
			}
		}
	}
	list->tags[list->count++] = *tag;
}

/*
 * Parse the tag-spec text[start, end). terminated is true when a ";" follows
 * it, and an empty spec is then an error rather than the allowed trailing ";".
 */
static void
parse_spec(struct zl_tagval_list *list, size_t start, size_t end,
    bool terminated)
{
	const char *text = list->text;
	struct zl_tag tag = {0};
	size_t p, name_end, after_eq, last_not_visible;
	bool skipped = false;

	last_not_visible = report_bad_bytes(list, start, end);

	/* Leading non-ASCII bytes, such as a pasted zero-width space, are
	 * already reported; skip them so the tag behind them is still read. */
	p = skip_space(text, start, end);
	while (p < end && (unsigned char)text[p] >= 0x80) {
		p++;
		skipped = true;
	}
	if (p == end) {
		if (terminated && !skipped)
			zl_findings_add(&list->findings, ZL_TAGVAL_EMPTY_TAG,
			    end, 1, NULL, NULL);
		return;
	}

	/* Name, optional whitespace, "=". */
	tag.name_off = p;
	if (is_name_first((unsigned char)text[p], list->flags)) {
		p++;
		while (p < end && is_name_char((unsigned char)text[p], list->flags))
			p++;
	}
	name_end = p;
	p = skip_space(text, p, end);
	if (name_end == tag.name_off || p == end || text[p] != '=') {
		report_malformed_spec(list, tag.name_off, end, name_end);
		return;
	}
	tag.name_len = name_end - tag.name_off;
	tag.equals_off = p;

	/* Value, trimmed on both sides. */
	after_eq = skip_space(text, p + 1, end);
	tag.value_off = after_eq;
	tag.value_len = trim_end(text, after_eq, end) - after_eq;
	tag.spec_off = tag.name_off;
	if (tag.value_len > 0)
		tag.spec_len = tag.value_off + tag.value_len - tag.spec_off;
	else
		tag.spec_len = tag.equals_off + 1 - tag.spec_off;

	/* A value with no blank in it, such as a DKIM key, cannot miss a ";". */
	if (last_not_visible != SIZE_MAX && last_not_visible >= tag.value_off)
		report_missing_semicolons(list, &tag);
	add_tag(list, &tag);
}

void
zl_tagval_parse(struct zl_tagval_list *list, const char *text, size_t len,
    unsigned flags)
{
	size_t pos = 0;

	/* The unused entries of tags and findings are kilobytes that nothing
	 * reads, so only the counts are reset. */
	list->count = 0;
	list->findings.count = 0;
	list->findings.dropped = 0;
	list->text = text;
	list->text_len = len;
	list->flags = flags;

	for (;;) {
		const char *semi = memchr(text + pos, ';', len - pos);
		size_t end = semi ? (size_t)(semi - text) : len;

		parse_spec(list, pos, end, semi != NULL);
		if (semi == NULL)
			break;
		pos = end + 1;
	}
	zl_findings_sort(&list->findings);
}

const struct zl_tag *
zl_tagval_find(const struct zl_tagval_list *list, const char *name)
{
	size_t name_len = strlen(name);

	for (size_t i = 0; i < list->count; i++) {
		const struct zl_tag *tag = &list->tags[i];
		const char *tag_name = list->text + tag->name_off;

		if (tag->name_len != name_len)
			continue;
		if (list->flags & ZL_TAGVAL_CASELESS_NAMES) {
			if (zl_equal_caseless(tag_name, name_len, name))
				return tag;
		} else if (memcmp(tag_name, name, name_len) == 0) {
			return tag;
		}
	}
	return NULL;
}

bool
zl_tagval_is_first(const struct zl_tagval_list *list, const struct zl_tag *tag)
{
	return list->count > 0 && tag == &list->tags[0] &&
	    memchr(list->text, ';', tag->name_off) == NULL;
}

bool
zl_list_next(const char *text, char sep, size_t *pos, size_t end,
    size_t *item_off, size_t *item_len)
{
	const char *found;
	size_t start, stop;

	if (*pos > end)
		return false;
	found = memchr(text + *pos, sep, end - *pos);
	stop = found ? (size_t)(found - text) : end;
	start = skip_space(text, *pos, stop);
	*item_off = start;
	*item_len = trim_end(text, start, stop) - start;
	*pos = stop + 1;
	return true;
}

bool
zl_tagval_value_is(const struct zl_tagval_list *list, const struct zl_tag *tag,
    const char *word)
{
	size_t n = strlen(word);

	return tag->value_len == n && memcmp(list->text + tag->value_off, word, n) == 0;
}

const char *
zl_tagval_code_name(int code)
{
	if (code < ZL_TAGVAL_EMPTY_TAG || code >= ZL_TAGVAL_CODE_END)
		return NULL;
	return tagval_code_names[code - ZL_TAGVAL_EMPTY_TAG];
}

void
zl_findings_add(struct zl_findings *findings, int code, size_t off, size_t len,
    const char *subject, const char *hint)
{
	struct zl_finding *f;

	if (findings->count == ZL_FINDINGS_MAX) {
		findings->dropped++;
		return;
	}
	f = &findings->items[findings->count++];
	/* Zero the padding as well, so that equal findings are equal bytes:
	 * the mail cache copies them as bytes, and its tests compare them so. */
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->off = off;
	f->len = len;
	f->subject = subject;
	f->hint = hint;
}

void
zl_findings_sort(struct zl_findings *findings)
{
	/* Insertion sort: stable, and the lists hold at most ZL_FINDINGS_MAX. */
	for (size_t i = 1; i < findings->count; i++) {
		struct zl_finding f = findings->items[i];
		size_t j = i;

		while (j > 0 && findings->items[j - 1].off > f.off) {
			findings->items[j] = findings->items[j - 1];
			j--;
		}
		findings->items[j] = f;
	}
}

size_t
zl_findings_count_code(const struct zl_findings *findings, int code)
{
	size_t n = 0;

	for (size_t i = 0; i < findings->count; i++)
		if (findings->items[i].code == code)
			n++;
	return n;
}

bool
zl_is_wsp(unsigned char c)
{
	return c == ' ' || c == '\t';
}

bool
zl_equal_caseless(const char *a, size_t n, const char *b)
{
	for (size_t i = 0; i < n; i++) {
		if (b[i] == '\0' || lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	}
	return b[n] == '\0';
}

static unsigned char
fold(char c, bool caseless)
{
	return caseless ? lower((unsigned char)c) : (unsigned char)c;
}

/* Optimal string alignment distance between a[0, n) and the string b. */
static size_t
osa_distance(const char *a, size_t n, const char *b, bool caseless)
{
	size_t m = strlen(b);
	size_t d[NEAREST_WORD_MAX + 1][NEAREST_WORD_MAX + 1];

	if (m > NEAREST_WORD_MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++) {
		for (size_t j = 1; j <= m; j++) {
			unsigned char x = fold(a[i - 1], caseless);
			unsigned char y = fold(b[j - 1], caseless);
			size_t best = d[i - 1][j - 1] + (x != y);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && x == fold(b[j - 2], caseless) &&
			    fold(a[i - 2], caseless) == y && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[n][m];
}

const char *
zl_nearest_word(const char *word, size_t n, const char *const *candidates,
    bool caseless)
{
	size_t limit = n <= 4 ? 1 : 2;
	const char *best = NULL;
	size_t best_distance = (size_t)-1;

	if (n == 0 || n > NEAREST_WORD_MAX)
		return NULL;
	if (limit >= n)
		limit = n - 1;
	for (size_t i = 0; candidates[i] != NULL; i++) {
		size_t d = osa_distance(word, n, candidates[i], caseless);

		if (d <= limit && d < best_distance) {
			best = candidates[i];
			best_distance = d;
		}
	}
	return best;
}

/* RFC 3986 section 2.2 and 2.3: unreserved, gen-delims, sub-delims. */
static bool
is_uri_char(unsigned char c)
{
	if (is_alpha(c) || is_digit(c))
		return true;
	switch (c) {
	case '-': case '.': case '_': case '~':				/* unreserved */
	case ':': case '/': case '?': case '#': case '[': case ']': case '@':	/* gen-delims */
	case '!': case '$': case '&': case '\'': case '(': case ')':		/* sub-delims */
	case '*': case '+': case ',': case ';': case '=':
		return true;
	default:
		return false;
	}
}

/* RFC 5322 atext; "%" is absent because a URI carries it as "%25". */
static bool
is_atext(unsigned char c)
{
	if (is_alpha(c) || is_digit(c))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '&': case '\'': case '*': case '+': case '-':
	case '/': case '=': case '^': case '_': case '`': case '{': case '|': case '}':
	case '~':
		return true;
	default:
		return false;
	}
}

/* Address literal such as "[192.0.2.1]" or "[IPv6:2001:db8::1]". */
static bool
check_address_literal(const char *text, size_t off, size_t len, size_t *bad_off)
{
	if (len < 3 || text[off + len - 1] != ']') {
		*bad_off = off + len - (len > 0);
		return false;
	}
	for (size_t i = off + 1; i < off + len - 1; i++) {
		unsigned char c = (unsigned char)text[i];

		if (!is_alpha(c) && !is_digit(c) && c != ':' && c != '.') {
			*bad_off = i;
			return false;
		}
	}
	return true;
}

/* Check the local-part text[start, end) as a dot-atom that may contain
 * percent-encoded bytes (RFC 6068 section 2). */
static bool
check_local_part(const char *text, size_t start, size_t end, size_t *bad_off)
{
	bool after_dot = true;

	if (start == end) {
		*bad_off = start;
		return false;
	}
	for (size_t i = start; i < end; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c == '%') {
			/* zl_uri_parse() has checked the two hex digits. */
			i += 2;
			after_dot = false;
			continue;
		}
		if (c == '.' ? after_dot || i + 1 == end : !is_atext(c)) {
			*bad_off = i;
			return false;
		}
		after_dot = c == '.';
	}
	return true;
}

/* NOTE: a quoted local-part ("%22a b%22@example.com") is reported as invalid. */
static enum zl_uri_status
check_mailto(const char *text, size_t start, size_t end, struct zl_uri *uri,
    size_t *bad_off)
{
	const char *query = memchr(text + start, '?', end - start);
	size_t addr_end = query ? (size_t)(query - text) : end;
	const char *at = memchr(text + start, '@', addr_end - start);
	size_t at_off;

	if (at == NULL) {
		*bad_off = start;
		return ZL_URI_MAILTO_NO_ADDRESS;
	}
	at_off = (size_t)(at - text);
	uri->addr_off = start;
	uri->addr_len = addr_end - start;
	uri->host_off = at_off + 1;
	uri->host_len = addr_end - at_off - 1;

	if (!check_local_part(text, start, at_off, bad_off))
		return ZL_URI_MAILTO_BAD_LOCAL;
	if (uri->host_len > 0 && text[uri->host_off] == '[') {
		if (!check_address_literal(text, uri->host_off, uri->host_len, bad_off))
			return ZL_URI_MAILTO_BAD_DOMAIN;
	} else if (!zl_host_name_check(text, uri->host_off, uri->host_len, bad_off)) {
		return ZL_URI_MAILTO_BAD_DOMAIN;
	}
	return ZL_URI_OK;
}

/* Check "//" [userinfo "@"] host [":" port] of an http or https URI. */
static enum zl_uri_status
check_http(const char *text, size_t start, size_t end, struct zl_uri *uri,
    size_t *bad_off)
{
	size_t auth, auth_end, host, host_end, name_len;

	if (end - start < 2 || text[start] != '/' || text[start + 1] != '/') {
		*bad_off = start;
		return ZL_URI_HTTP_BAD_HOST;
	}
	auth = start + 2;
	auth_end = auth;
	while (auth_end < end && strchr("/?#", text[auth_end]) == NULL)
		auth_end++;
	host = auth;
	for (size_t i = auth; i < auth_end; i++)
		if (text[i] == '@')
			host = i + 1;

	/* Host: address literal or name, then an optional port. */
	host_end = host;
	if (host < auth_end && text[host] == '[') {
		const char *close = memchr(text + host, ']', auth_end - host);

		host_end = close ? (size_t)(close - text) + 1 : auth_end;
		if (!check_address_literal(text, host, host_end - host, bad_off))
			return ZL_URI_HTTP_BAD_HOST;
	} else {
		while (host_end < auth_end && text[host_end] != ':')
			host_end++;
		/* A URI host may be written fully qualified, with a final dot. */
		name_len = host_end - host;
		if (name_len > 1 && text[host_end - 1] == '.')
			name_len--;
		if (!zl_host_name_check(text, host, name_len, bad_off))
			return ZL_URI_HTTP_BAD_HOST;
	}
	uri->host_off = host;
	uri->host_len = host_end - host;

	if (host_end < auth_end && text[host_end] != ':') {
		*bad_off = host_end;
		return ZL_URI_HTTP_BAD_HOST;
	}
	for (size_t i = host_end + 1; i < auth_end; i++) {
		if (!is_digit((unsigned char)text[i])) {
			*bad_off = i;
			return ZL_URI_HTTP_BAD_HOST;
		}
	}
	return ZL_URI_OK;
}

enum zl_uri_status
zl_uri_parse(const char *text, size_t off, size_t len, struct zl_uri *uri,
    size_t *bad_off)
{
	size_t end = off + len;
	size_t i = off;

	memset(uri, 0, sizeof(*uri));
	uri->off = off;
	uri->len = len;
	*bad_off = off;
	if (len == 0)
		return ZL_URI_EMPTY;

	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	if (!is_alpha((unsigned char)text[i]))
		return ZL_URI_NO_SCHEME;
	/* NOTE: a NUL byte passes as a scheme character. The record parsers
	 * run zl_tagval_parse() first, which reports it as a control byte. */
	while (i < end && (is_alpha((unsigned char)text[i]) ||
	    is_digit((unsigned char)text[i]) || text[i] == '+' || text[i] == '-' ||
	    text[i] == '.' || text[i] == '\0'))
		i++;
	if (i == end || text[i] != ':')
		return ZL_URI_NO_SCHEME;
	if (zl_equal_caseless(text + off, i - off, "mailto"))
		uri->scheme = ZL_URI_SCHEME_MAILTO;
	else if (zl_equal_caseless(text + off, i - off, "https"))
		uri->scheme = ZL_URI_SCHEME_HTTPS;
	else if (zl_equal_caseless(text + off, i - off, "http"))
		uri->scheme = ZL_URI_SCHEME_HTTP;

	/* Every byte must be a URI character or part of a "%" HEXDIG HEXDIG. */
	for (size_t j = i + 1; j < end; j++) {
		unsigned char c = (unsigned char)text[j];

		if (c == '%') {
			if (j + 2 >= end || !is_hex((unsigned char)text[j + 1]) ||
			    !is_hex((unsigned char)text[j + 2])) {
				*bad_off = j;
				return ZL_URI_BAD_PERCENT;
			}
			j += 2;
		} else if (!is_uri_char(c)) {
			*bad_off = j;
			return ZL_URI_BAD_CHAR;
		}
	}

	switch (uri->scheme) {
	case ZL_URI_SCHEME_MAILTO:
		return check_mailto(text, i + 1, end, uri, bad_off);
	case ZL_URI_SCHEME_HTTPS:
	case ZL_URI_SCHEME_HTTP:
		return check_http(text, i + 1, end, uri, bad_off);
	default:
		return ZL_URI_OK;
	}
}

bool
zl_host_name_check(const char *text, size_t off, size_t len, size_t *bad_off)
{
	size_t label = off;
	size_t end = off + len;

	if (len == 0) {
		*bad_off = off;
		return false;
	}
	for (size_t i = off; i < end; i++) {
		unsigned char c = (unsigned char)text[i];

		if (i - off >= 253) {
			*bad_off = i;
			return false;
		}
		if (c == '.') {
			if (i == label || text[i - 1] == '-') {
				*bad_off = i == label ? i : i - 1;
				return false;
			}
			label = i + 1;
			continue;
		}
		if (!(is_alpha(c) || is_digit(c) || c == '-') ||
		    (c == '-' && i == label) || i - label >= 63) {
			*bad_off = i;
			return false;
		}
	}
	if (label == end || text[end - 1] == '-') {
		*bad_off = end - 1;
		return false;
	}
	return true;
}
