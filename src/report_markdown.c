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

/* GitHub rejects a comment body longer than 65,536 characters, so a
 * report meant for a comment stops before it reaches that length. */
#define COMMENT_MAX_LEN 65536

/* Return the length of text as the comment limit counts it.  GitHub's
 * error reads "maximum is 65536 characters", and third-party reports
 * disagree on whether that means code points or bytes.  So this counts
 * bytes, which are never fewer than code points or UTF-16 code units.
 * A Japanese report, with three bytes for most characters, therefore
 * shows fewer rows than GitHub may accept. */
/* NOTE: each line break counts twice in case GitHub stores the body with
 * CR LF line ends.  That is a guess, not a documented rule. */
static size_t
comment_len(const char *text, size_t len)
{
	size_t n = len;

	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			n++;
	}
	return n;
}

static void
add_table_head(struct zl_strbuf *sb, const char *path)
{
	zl_strbuf_adds(sb, "\n### ");
	add_markdown_text(sb, path);
	zl_strbuf_addf(sb, "\n\n| %s | %s | %s | %s |\n|---:|---|---|---|\n", _("Line"),
	    _("Severity"), _("Rule"), _("Message"));
}

static void
add_row(struct zl_strbuf *sb, const struct zl_diag *x)
{
	zl_strbuf_addf(sb, "| %u | %s | `%s` | ", x->pos.line, zl_severity_label(x->severity),
	    x->rule->id);
	add_markdown_text(sb, x->message);
	if (x->hint != NULL) {
		zl_strbuf_adds(sb, "<br>**");
		add_markdown_text(sb, _("hint:"));
		zl_strbuf_adds(sb, "** ");
		add_markdown_text(sb, x->hint);
	}
	zl_strbuf_adds(sb, " |\n");
}

/* Append the paragraph that ends a report cut short: how many findings
 * it leaves out and how to see them.  The blank line before it ends the
 * table, which would otherwise take the text for one more row. */
static void
add_omitted_note(struct zl_strbuf *sb, size_t omitted)
{
	zl_strbuf_adds(sb, "\n");
	/* TRANSLATORS: the end of a Markdown comment; %2$d is 65536.  Keep
	 * the backticks around the options, which show them as code. */
	zl_strbuf_addf(sb, ngettext("%1$zu more finding is left out because GitHub limits a comment to %2$d characters. Run zonelint with `-f text`, or with `-f sarif -O FILE`, to see every finding.",
	    "%1$zu more findings are left out because GitHub limits a comment to %2$d characters. Run zonelint with `-f text`, or with `-f sarif -O FILE`, to see every finding.",
	    omitted), omitted, COMMENT_MAX_LEN);
	zl_strbuf_adds(sb, "\n");
}

static size_t
omitted_note_len(size_t omitted)
{
	struct zl_strbuf sb;
	size_t len;

	zl_strbuf_init(&sb);
	add_omitted_note(&sb, omitted);
	len = comment_len(sb.data, sb.len);
	zl_strbuf_fini(&sb);
	return len;
}

void
zl_report_markdown(FILE *out, const struct zl_graph *g, const struct zl_diags *d)
{
	struct zl_strbuf sb;
	uint32_t file = UINT32_MAX;
	size_t used, i;

	zl_strbuf_init(&sb);
	zl_strbuf_adds(&sb, "## zonelint: ");
	zl_report_summary(&sb, g, d);
	zl_strbuf_adds(&sb, "\n");
	fputs(sb.data, out);
	used = comment_len(sb.data, sb.len);
	zl_strbuf_fini(&sb);

	/* The findings are sorted by file, so each file's rows are together.
	 * A row is written only when the note about the rows after it would
	 * still fit, so the report can always end with that note. */
	for (i = 0; i < d->len; i++) {
		const struct zl_diag *x = &d->items[i];
		size_t need;

		zl_strbuf_init(&sb);
		if (i == 0 || x->pos.file != file)
			add_table_head(&sb, x->pos.file < g->nfiles ? g->files[x->pos.file].path : "-");
		add_row(&sb, x);
		need = comment_len(sb.data, sb.len);
		if (i + 1 < d->len)
			need += omitted_note_len(d->len - i - 1);
		if (used + need > COMMENT_MAX_LEN) {
			zl_strbuf_fini(&sb);
			break;
		}
		fputs(sb.data, out);
		used += comment_len(sb.data, sb.len);
		file = x->pos.file;
		zl_strbuf_fini(&sb);
	}

	if (i < d->len) {
		zl_strbuf_init(&sb);
		add_omitted_note(&sb, d->len - i);
		fputs(sb.data, out);
		zl_strbuf_fini(&sb);
	}
}
