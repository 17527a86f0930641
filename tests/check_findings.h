/*
 * check_findings.h - helpers for the Check suites of the mail record parsers:
 * compare a parser's findings with an expected table and print both, with
 * the input, when they differ.
 */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_CHECK_FINDINGS_H
#define ZL_CHECK_FINDINGS_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "tagval.h"

/* Marks an expected subject or hint that must be NULL. */
#define NO_STRING "(none)"

/*
 * One expected finding. subject and hint are compared only when not NULL;
 * NO_STRING requires the finding's to be NULL. A table ends with code 0.
 */
struct expect {
	int code;
	size_t off;
	size_t len;
	const char *subject;
	const char *hint;
};

/* Table entries: a finding with any subject and hint, one with both
 * given, and the end of a table. */
#define FIND(code, off, len) { (code), (off), (len), NULL, NULL }
#define FIND_SH(code, off, len, subject, hint) { (code), (off), (len), (subject), (hint) }
#define END_FINDINGS { 0, 0, 0, NULL, NULL }

/* Maps a finding code to its stable name. */
typedef const char *(*code_name_fn)(int code);

/* Write text[0, len) to buf as a C string literal body. */
static inline void
escape_input(char *buf, size_t cap, const char *text, size_t len)
{
	size_t used = 0;

	for (size_t i = 0; i < len && used + 5 < cap; i++) {
		unsigned char c = (unsigned char)text[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
			buf[used++] = (char)c;
		else
			used += (size_t)snprintf(buf + used, cap - used, "\\x%02x", c);
	}
	buf[used] = '\0';
}

static inline const char *
finding_name(int code, code_name_fn module_name)
{
	const char *name = zl_tagval_code_name(code);

	if (name == NULL && module_name != NULL)
		name = module_name(code);
	return name != NULL ? name : "?";
}

/* Append "name@off+len" entries of findings to buf. */
static inline size_t
format_findings(char *buf, size_t cap, size_t used,
    const struct zl_findings *findings, code_name_fn module_name)
{
	for (size_t i = 0; i < findings->count && used < cap; i++) {
		const struct zl_finding *f = &findings->items[i];

		used += (size_t)snprintf(buf + used, cap - used, " %s@%zu+%zu",
		    finding_name(f->code, module_name), f->off, f->len);
		if (f->subject != NULL && used < cap)
			used += (size_t)snprintf(buf + used, cap - used, "[%s]", f->subject);
		if (f->hint != NULL && used < cap)
			used += (size_t)snprintf(buf + used, cap - used, "(%s)", f->hint);
	}
	return used;
}

static inline bool
string_matches(const char *want, const char *got)
{
	if (want == NULL)
		return true;
	if (strcmp(want, NO_STRING) == 0)
		return got == NULL;
	return got != NULL && strcmp(want, got) == 0;
}

/*
 * Require that the syntax findings followed by the module findings equal
 * want, in that order, comparing code, offset, length, and subject and hint
 * where want gives them. On failure the message shows the input, what was
 * found and what was expected.
 */
static inline void
assert_findings(const char *text, size_t len, const struct zl_findings *syntax,
    const struct zl_findings *module, code_name_fn module_name,
    const struct expect *want)
{
	const struct zl_findings *lists[2] = { syntax, module };
	char input[1024], got[2048], wanted[2048];
	size_t want_count = 0, got_count = syntax->count + (module ? module->count : 0);
	size_t k = 0, used = 0;
	bool same = true;

	while (want[want_count].code != 0)
		want_count++;
	same = want_count == got_count;
	for (int l = 0; l < 2 && same; l++) {
		if (lists[l] == NULL)
			continue;
		for (size_t i = 0; i < lists[l]->count && same; i++, k++) {
			const struct zl_finding *f = &lists[l]->items[i];

			same = f->code == want[k].code && f->off == want[k].off &&
			    f->len == want[k].len && string_matches(want[k].subject, f->subject) &&
			    string_matches(want[k].hint, f->hint);
		}
	}
	if (same)
		return;

	escape_input(input, sizeof(input), text, len);
	got[0] = '\0';
	used = format_findings(got, sizeof(got), 0, syntax, module_name);
	if (module != NULL)
		format_findings(got, sizeof(got), used, module, module_name);
	used = 0;
	wanted[0] = '\0';
	for (size_t i = 0; i < want_count && used < sizeof(wanted); i++) {
		used += (size_t)snprintf(wanted + used, sizeof(wanted) - used,
		    " %s@%zu+%zu", finding_name(want[i].code, module_name),
		    want[i].off, want[i].len);
		if (want[i].subject != NULL && used < sizeof(wanted))
			used += (size_t)snprintf(wanted + used, sizeof(wanted) - used,
			    "[%s]", want[i].subject);
		if (want[i].hint != NULL && used < sizeof(wanted))
			used += (size_t)snprintf(wanted + used, sizeof(wanted) - used,
			    "(%s)", want[i].hint);
	}
	ck_abort_msg("input \"%s\"\n  found:   %s\n  expected:%s", input, got, wanted);
}

#endif /* ZL_CHECK_FINDINGS_H */
