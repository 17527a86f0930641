/* Rule documentation embedded at build time from doc/rules/<id>.md. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "ruledoc.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

static const struct zl_rule_doc *
find_page(const char *id)
{
	for (size_t i = 0; zl_rule_docs[i].id != NULL; i++) {
		if (strcmp(zl_rule_docs[i].id, id) == 0)
			return &zl_rule_docs[i];
	}
	return NULL;
}

const char *
zl_rule_doc_finds(const char *id)
{
	const struct zl_rule_doc *page = find_page(id);

	return page != NULL ? page->finds : NULL;
}

const char *
zl_rule_doc_why(const char *id)
{
	const struct zl_rule_doc *page = find_page(id);

	return page != NULL ? page->why : NULL;
}

static const char *
skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\n')
		p++;
	return p;
}

/* If p starts a citation, write it in one line to cite and return the end
 * of the citation in the text; else return NULL. */
static const char *
read_citation(const char *p, struct zl_strbuf *cite)
{
	const char *q, *end;

	cite->len = 0;
	if (strncmp(p, "draft-", 6) == 0) {
		for (end = p; isalnum((unsigned char)*end) || *end == '-'; end++)
			;
		zl_strbuf_add(cite, p, (size_t)(end - p));
		return end;
	}
	if (strncmp(p, "RFC", 3) != 0 || (p[3] != ' ' && p[3] != '\n') ||
	    !isdigit((unsigned char)*skip_blanks(p + 3)))
		return NULL;
	q = skip_blanks(p + 3);
	for (end = q; isdigit((unsigned char)*end); end++)
		;
	zl_strbuf_addf(cite, "RFC %.*s", (int)(end - q), q);

	/* "section 6.6.3" right after the number, without a final dot. */
	q = skip_blanks(end);
	if (q > end && strncmp(q, "section", 7) == 0 && (q[7] == ' ' || q[7] == '\n') &&
	    isdigit((unsigned char)*skip_blanks(q + 7))) {
		const char *num = skip_blanks(q + 7), *num_end = num;

		while (isdigit((unsigned char)*num_end) || (*num_end == '.' &&
		    isdigit((unsigned char)num_end[1])))
			num_end++;
		zl_strbuf_addf(cite, " section %.*s", (int)(num_end - num), num);
		end = num_end;
	}
	return end;
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
		bool seen = false;

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
		for (const char *s = sb->data != NULL ? sb->data + start : NULL;
		    s != NULL && (s = strstr(s, cite.data)) != NULL; s += cite.len) {
			if (s[cite.len] == '\0' || s[cite.len] == ',')
				seen = true;
		}
		if (!seen) {
			zl_strbuf_adds(sb, sb->len > start ? ", " : "");
			zl_strbuf_adds(sb, cite.data);
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
