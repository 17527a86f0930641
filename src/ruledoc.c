/* Rule documentation embedded at build time from doc/rules/<id>.md. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "ruledoc.h"

#include <string.h>

const char *
zl_rule_doc_finds(const char *id)
{
	for (size_t i = 0; zl_rule_docs[i].id != NULL; i++) {
		if (strcmp(zl_rule_docs[i].id, id) == 0)
			return zl_rule_docs[i].finds;
	}
	return NULL;
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
