/* Rule documentation embedded at build time from doc/rules/<id>.md and
 * its translations doc/<lang>/rules/<id>.md. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RULEDOC_H
#define ZL_RULEDOC_H

#include "util.h"

/* Sections of one rule page, as Markdown without their headings. */
struct zl_rule_doc {
	const char *id;		/* rule id; NULL ends zl_rule_docs */
	const char *lang;	/* "en" for doc/rules, else the BCP 47 tag of the
				 * translation, such as "ja" for doc/ja/rules */
	const char *finds;	/* "What it finds", or NULL */
	const char *why;	/* "Why it matters", with the RFC clause, or NULL */
};

/* Written by tools/gen-rule-docs into the build folder. */
extern const struct zl_rule_doc zl_rule_docs[];

/* The page of rule id in language lang ("ja"), or the English page when
 * there is no such translation; NULL when the rule has no page at all.
 * The result's lang member says which one it is. */
const struct zl_rule_doc *zl_rule_doc_get(const char *id, const char *lang);

/* The "What it finds" section of the English page of rule id, or NULL when
 * the page or the section is missing. */
const char *zl_rule_doc_finds(const char *id);

/* The "Why it matters" section of the English page of rule id, or NULL
 * when the page or the section is missing. */
const char *zl_rule_doc_why(const char *id);

/* Append the documents that Markdown text cites to sb, separated by ", "
 * and each once: "RFC 7489 section 6.3" (the section only where the text
 * gives one right after the number) and Internet-Drafts by name
 * ("draft-..."). */
void zl_rule_doc_citations(const char *markdown, struct zl_strbuf *sb);

/* Append the first paragraph of Markdown text to sb as one line of plain
 * text: line breaks become blanks, backticks are dropped, and a final ':'
 * that introduces a list becomes a full stop. */
void zl_rule_doc_first_paragraph(const char *markdown, struct zl_strbuf *sb);

#endif
