/* Rule documentation embedded at build time from doc/rules/<id>.md. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RULEDOC_H
#define ZL_RULEDOC_H

#include "util.h"

/* The "What it finds" section of one rule page, as Markdown. */
struct zl_rule_doc {
	const char *id;		/* rule id; NULL ends zl_rule_docs */
	const char *finds;	/* the section without its heading, or NULL */
};

/* Written by tools/gen-rule-docs into the build folder. */
extern const struct zl_rule_doc zl_rule_docs[];

/* The "What it finds" section of the page of rule id, or NULL when the
 * page or the section is missing. */
const char *zl_rule_doc_finds(const char *id);

/* Append the first paragraph of Markdown text to sb as one line of plain
 * text: line breaks become blanks, backticks are dropped, and a final ':'
 * that introduces a list becomes a full stop. */
void zl_rule_doc_first_paragraph(const char *markdown, struct zl_strbuf *sb);

#endif
