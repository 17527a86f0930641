/* libFuzzer target: the tag-value parser and the DKIM, DMARC, MTA-STS,
 * TLS-RPT and BIMI readers built on it. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dkim.h"
#include "dmarc.h"
#include "mailrec.h"
#include "tagval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort when a reported span leaves the text. */
static void
check_span(size_t off, size_t len, size_t size)
{
	if (off > size || len > size - off)
		abort();
}

static void
check_findings(const struct zl_findings *f, size_t size)
{
	if (f->count > ZL_FINDINGS_MAX)
		abort();
	for (size_t i = 0; i < f->count; i++)
		check_span(f->items[i].off, f->items[i].len, size);
}

static void
check_tags(const struct zl_tagval_list *list, size_t size)
{
	if (list->count > ZL_TAGVAL_MAX_TAGS)
		abort();
	for (size_t i = 0; i < list->count; i++) {
		const struct zl_tag *t = &list->tags[i];

		check_span(t->name_off, t->name_len, size);
		check_span(t->value_off, t->value_len, size);
		check_span(t->spec_off, t->spec_len, size);
	}
	check_findings(&list->findings, size);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The records are large (fixed arrays), so keep them off the stack. */
	static struct zl_tagval_list list;
	static struct zl_dkim_record dkim;
	static struct zl_dmarc_record dmarc;
	static struct zl_mtasts_record mtasts;
	static struct zl_tlsrpt_record tlsrpt;
	static struct zl_bimi_record bimi;
	char *text = malloc(size > 0 ? size : 1);

	if (text == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);

	for (unsigned flags = 0; flags < 8; flags++) {
		size_t pos = 0, off, len;

		zl_tagval_parse(&list, text, size, flags);
		check_tags(&list, size);
		(void)zl_tagval_find(&list, "v");
		if (list.count > 0) {
			(void)zl_tagval_is_first(&list, &list.tags[0]);
			(void)zl_tagval_value_is(&list, &list.tags[0], "DMARC1");
		}
		while (zl_list_next(text, flags & 1 ? ',' : ':', &pos, size, &off, &len))
			check_span(off, len, size);
	}
	zl_dkim_parse(&dkim, text, size);
	check_tags(&dkim.tags, size);
	check_findings(&dkim.findings, size);
	zl_dmarc_parse(&dmarc, text, size);
	check_tags(&dmarc.tags, size);
	check_findings(&dmarc.findings, size);
	zl_mtasts_parse(&mtasts, text, size);
	check_tags(&mtasts.tags, size);
	check_findings(&mtasts.findings, size);
	zl_tlsrpt_parse(&tlsrpt, text, size);
	check_tags(&tlsrpt.tags, size);
	check_findings(&tlsrpt.findings, size);
	zl_bimi_parse(&bimi, text, size);
	check_tags(&bimi.tags, size);
	check_findings(&bimi.findings, size);
	free(text);
	return 0;
}
