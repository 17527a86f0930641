/* Rule documentation embedded at build time from doc/rules/<id>.md and
 * its translations. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "ruledoc.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

static const struct zl_rule_doc *
find_page(const char *id, const char *lang)
{
	for (size_t i = 0; zl_rule_docs[i].id != NULL; i++) {
		if (strcmp(zl_rule_docs[i].id, id) == 0 && strcmp(zl_rule_docs[i].lang, lang) == 0)
			return &zl_rule_docs[i];
	}
	return NULL;
}

const struct zl_rule_doc *
zl_rule_doc_get(const char *id, const char *lang)
{
	const struct zl_rule_doc *page = lang != NULL ? find_page(id, lang) : NULL;

	return page != NULL ? page : find_page(id, "en");
}

const char *
zl_rule_doc_finds(const char *id)
{
	const struct zl_rule_doc *page = find_page(id, "en");

	return page != NULL ? page->finds : NULL;
}

const char *
zl_rule_doc_why(const char *id)
{
	const struct zl_rule_doc *page = find_page(id, "en");

	return page != NULL ? page->why : NULL;
}

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\n')
		p++;
	return p;
}

/* Return the end of a section number ("6.6.3") at p, or p when none
 * starts there.  A final dot ends the sentence, not the number. */
static const char *
section_end(const char *p)
{
	const char *end = p;

	while (isdigit((unsigned char)*end) || (*end == '.' && isdigit((unsigned char)end[1])))
		end++;
	return end;
}

/* Return true when p starts word followed by a blank. */
static bool
starts_word(const char *p, const char *word)
{
	size_t len = strlen(word);

	return strncmp(p, word, len) == 0 && (p[len] == ' ' || p[len] == '\n');
}

/* If p starts a citation, write it to cite and return the end of the
 * citation in the text; else return NULL.  "RFC 7208 sections 5.3 and
 * 5.4" gives one line per section: "RFC 7208 section 5.3\nRFC 7208
 * section 5.4". */
static const char *
read_citation(const char *p, struct zl_strbuf *cite)
{
	const char *q, *end, *number;
	int number_len;

	cite->len = 0;
	if (strncmp(p, "draft-", 6) == 0) {
		for (end = p; isalnum((unsigned char)*end) || *end == '-'; end++)
			;
		zl_strbuf_add(cite, p, (size_t)(end - p));
		return end;
	}
	if (!starts_word(p, "RFC") || !isdigit((unsigned char)*skip_blanks(p + 3)))
		return NULL;
	number = skip_blanks(p + 3);
	for (end = number; isdigit((unsigned char)*end); end++)
		;
	number_len = (int)(end - number);

	/* "section 6.6.3" or "sections 4.6.4, 5.3 and 5.4" right after the
	 * number. */
	q = skip_blanks(end);
	if (q > end && (starts_word(q, "section") || starts_word(q, "sections"))) {
		q = skip_blanks(q + (starts_word(q, "section") ? 7 : 8));
		while (section_end(q) > q) {
			const char *next;

			zl_strbuf_addf(cite, "%sRFC %.*s section %.*s", cite->len > 0 ? "\n" : "",
			    number_len, number, (int)(section_end(q) - q), q);
			end = section_end(q);
			next = end;
			if (*next == ',')
				next++;
			next = skip_blanks(next);
			if (starts_word(next, "and"))
				next = skip_blanks(next + 3);
			if (section_end(next) == next)
				break;
			q = next;
		}
	}
	if (cite->len == 0)
		zl_strbuf_addf(cite, "RFC %.*s", number_len, number);
	return end;
}

/* Append one citation to the list in sb that starts at start, unless the
 * list has it. */
static void
add_citation(struct zl_strbuf *sb, size_t start, const char *cite, size_t len)
{
	for (const char *s = sb->data != NULL ? sb->data + start : NULL; s != NULL && *s != '\0';) {
		const char *comma = strstr(s, ", ");
		size_t item = comma != NULL ? (size_t)(comma - s) : strlen(s);

		if (item == len && memcmp(s, cite, len) == 0)
			return;
		s = comma != NULL ? comma + 2 : NULL;
	}
	zl_strbuf_adds(sb, sb->len > start ? ", " : "");
	zl_strbuf_add(sb, cite, len);
}

void
zl_rule_doc_citations(const char *markdown, struct zl_strbuf *sb)
{
	size_t start = sb->len;
	struct zl_strbuf cite;

	if (markdown == NULL)
		return;
	zl_strbuf_init(&cite);
	for (const char *p = markdown; *p != '\0';) {
		const char *end;

		/* A citation starts a word. */
		if (p > markdown && (isalnum((unsigned char)p[-1]) || p[-1] == '-')) {
			p++;
			continue;
		}
		end = read_citation(p, &cite);
		if (end == NULL) {
			p++;
			continue;
		}
		for (const char *line = cite.data; line != NULL;) {
			const char *eol = strchr(line, '\n');
			size_t len = eol != NULL ? (size_t)(eol - line) : strlen(line);

			add_citation(sb, start, line, len);
			line = eol != NULL ? eol + 1 : NULL;
		}
		p = end;
	}
	zl_strbuf_fini(&cite);
}

void
zl_rule_doc_first_paragraph(const char *markdown, struct zl_strbuf *sb)
{
	size_t start = sb->len;
	const char *p = markdown;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t len = eol != NULL ? (size_t)(eol - p) : strlen(p);

		if (len == 0)
			break;
		if (sb->len > start)
			zl_strbuf_addc(sb, ' ');
		for (size_t i = 0; i < len; i++) {
			if (p[i] != '`')
				zl_strbuf_addc(sb, p[i]);
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	if (sb->len > start && sb->data[sb->len - 1] == ':')
		sb->data[sb->len - 1] = '.';
}
