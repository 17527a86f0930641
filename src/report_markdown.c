/* Markdown output, for a comment on a pull request. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <string.h>

#include "i18n.h"
#include "util.h"

/* Append text to sb so that Markdown shows it as it is.  Control bytes
 * and invalid UTF-8 are first escaped as in the text output.  Then every
 * character that could start Markdown syntax (emphasis, code spans,
 * links, headings, table cells) gets a backslash, and '<', '>' and '&'
 * become entities, so that no HTML-looking text reaches the renderer. */
/* TODO: '@name' and '#123' in zone text still become mentions and issue
 * links on GitHub, which work on the rendered text; escaping cannot stop
 * that. */
static void
add_markdown_text(struct zl_strbuf *sb, const char *text)
{
	struct zl_strbuf safe;

	zl_strbuf_init(&safe);
	zl_escape_terminal(&safe, text, strlen(text), false);
	for (size_t i = 0; i < safe.len; i++) {
		char c = safe.data[i];

		if (c == '<')
			zl_strbuf_adds(sb, "&lt;");
		else if (c == '>')
			zl_strbuf_adds(sb, "&gt;");
		else if (c == '&')
			zl_strbuf_adds(sb, "&amp;");
		else if (strchr("\\`*_[]|#~!", c) != NULL) {
			zl_strbuf_addc(sb, '\\');
			zl_strbuf_addc(sb, c);
		} else
			zl_strbuf_addc(sb, c);
	}
	zl_strbuf_fini(&safe);
}

static void
print_table_head(FILE *out, const char *path)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	add_markdown_text(&sb, path);
	fprintf(out, "\n### %s\n\n", sb.data);
	fprintf(out, "| %s | %s | %s | %s |\n|---:|---|---|---|\n", _("Line"), _("Severity"),
	    _("Rule"), _("Message"));
	zl_strbuf_fini(&sb);
}

static void
print_row(FILE *out, const struct zl_diag *x)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	add_markdown_text(&sb, x->message);
	if (x->hint != NULL) {
		zl_strbuf_adds(&sb, "<br>**");
		add_markdown_text(&sb, _("hint:"));
		zl_strbuf_adds(&sb, "** ");
		add_markdown_text(&sb, x->hint);
	}
	fprintf(out, "| %u | %s | `%s` | %s |\n", x->pos.line, zl_severity_label(x->severity),
	    x->rule->id, sb.data);
	zl_strbuf_fini(&sb);
}

void
zl_report_markdown(FILE *out, const struct zl_graph *g, const struct zl_diags *d)
{
	struct zl_strbuf sb;
	uint32_t file = UINT32_MAX;

	zl_strbuf_init(&sb);
	zl_report_summary(&sb, g, d);
	fputs("## zonelint: ", out);
	fputs(sb.data, out);
	fputc('\n', out);
	zl_strbuf_fini(&sb);

	/* The findings are sorted by file, so each file's rows are together. */
	for (size_t i = 0; i < d->len; i++) {
		const struct zl_diag *x = &d->items[i];

		if (i == 0 || x->pos.file != file) {
			file = x->pos.file;
			print_table_head(out, file < g->nfiles ? g->files[file].path : "-");
		}
		print_row(out, x);
	}
}
