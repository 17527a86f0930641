/* libFuzzer target: the SPF record parser and the macro-string checker. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort when a reported span leaves the text, which the sanitizers would
 * not notice while the span is only stored. */
static void
check_span(uint32_t off, uint32_t len, size_t size)
{
	if (off > size || len > size - off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes: the parser must not need a NUL. */
	char *text = malloc(size > 0 ? size : 1);
	struct zl_spf_record rec;
	struct zl_spf_error errs[8];

	if (text == NULL)
		return 0;
	if (size > 0)
		memcpy(text, data, size);
	(void)zl_spf_is_record(text, size);
	if (zl_spf_parse(text, size, &rec) == 0) {
		for (size_t i = 0; i < rec.nterms; i++) {
			const struct zl_spf_term *t = &rec.terms[i];
			uint32_t glued;

			check_span(t->offset, t->len, size);
			check_span(t->name_offset, t->name_len, size);
			if (t->value_len > 0)
				check_span(t->value_offset, t->value_len, size);
			if (t->domain_len > 0)
				check_span(t->domain_offset, t->domain_len, size);
			(void)zl_spf_term_costs_lookup(t->kind);
			if (zl_spf_find_glued_term(text, &rec.terms[i], &glued))
				check_span(glued, 0, size);
		}
		for (size_t i = 0; i < rec.nerrors; i++) {
			check_span(rec.errors[i].offset, rec.errors[i].len, size);
			(void)zl_spf_error_name(rec.errors[i].code);
		}
		zl_spf_record_fini(&rec);
	}
	for (int c = ZL_SPF_MACRO_TERM; c <= ZL_SPF_MACRO_EXPLANATION; c++) {
		size_t n = zl_spf_check_macro_string(text, size, (enum zl_spf_macro_context)c,
		    errs, sizeof(errs) / sizeof(errs[0]));

		for (size_t i = 0; i < n && i < sizeof(errs) / sizeof(errs[0]); i++)
			check_span(errs[i].offset, errs[i].len, size);
	}
	free(text);
	return 0;
}
