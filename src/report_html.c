/* HTML output: one self-contained page for auditors, with the run's
 * metadata, the mail posture of each domain, the findings of each zone and
 * the documentation of every rule that fired. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "i18n.h"
#include "posture.h"
#include "ruledoc.h"
#include "sha256.h"
#include "util.h"

/* Excerpts show this many bytes of the line on each side of the column. */
#define EXCERPT_SIDE 60

/* The page allows no script, no remote load and no form; styles may only
 * come from the page itself, and images only from data: URIs. */
static const char csp[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'";

/* Colour always comes with a word or a symbol, so the page reads the same
 * in black and white.  The print rules drop backgrounds and keep borders. */
static const char stylesheet[] =
    ":root{--err:#b3261e;--warn:#8a5a00;--info:#1a5fb4;--ok:#1e7b34;--none:#5e5e5e;"
    "--line:#d0d0d0;--soft:#f5f5f5}\n"
    "body{font-family:system-ui,'Noto Sans CJK JP','Noto Sans',sans-serif;margin:2rem auto;"
    "max-width:75rem;padding:0 1.5rem;color:#1c1c1c;line-height:1.5}\n"
    "h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1c1c1c;"
    "padding-bottom:.2rem;margin-top:2.5rem}h3{margin-top:2rem}\n"
    "code,pre,.mono{font-family:ui-monospace,'DejaVu Sans Mono','Noto Sans Mono CJK JP',monospace;"
    "font-size:.9em}\n"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0}"
    "th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}"
    "th{background:var(--soft)}\n"
    "td.digest{word-break:break-all}dl.run{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.2rem 1rem}dl.run dt{font-weight:600}dl.run dd{margin:0}\n"
    ".summary{font-size:1.1rem}.counts span{margin-right:1rem}\n"
    ".st{font-weight:600;white-space:nowrap}.st .sym{display:inline-block;width:1.2em}"
    "table.posture th[scope=row]{overflow-wrap:anywhere}\n"
    "table.files,table.zones{font-size:.85rem}table.files td{white-space:nowrap}"
    "table.files td.digest{white-space:normal}td.num,th.num{text-align:right}\n"
    ".st-good{color:var(--ok)}.st-warn{color:var(--warn)}.st-bad{color:var(--err)}"
    ".st-none{color:var(--none);font-weight:400}\n"
    "td.st-good{background:#e8f5ea}td.st-warn{background:#fdf3dc}td.st-bad{background:#fbe9e7}\n"
    ".legend{font-size:.9rem;color:#444}\n"
    ".badge{display:inline-block;border:1px solid currentColor;border-radius:.25rem;"
    "padding:0 .4rem;font-size:.8rem;font-weight:700;text-transform:uppercase;margin-right:.4rem}\n"
    ".sev-error .badge,h4.sev-error{color:var(--err)}"
    ".sev-warning .badge,h4.sev-warning{color:var(--warn)}"
    ".sev-info .badge,h4.sev-info{color:var(--info)}\n"
    "ol.findings{list-style:none;padding:0}li.finding{border-left:4px solid var(--line);"
    "padding:.3rem .8rem;margin:.8rem 0}\n"
    "li.sev-error{border-left-color:var(--err)}li.sev-warning{border-left-color:var(--warn)}"
    "li.sev-info{border-left-color:var(--info)}\n"
    ".where{color:#444}.rule{font-size:.85rem}\n"
    "pre.excerpt{background:var(--soft);border:1px solid var(--line);padding:.4rem .6rem;"
    "overflow-x:auto;margin:.4rem 0;tab-size:8}\n"
    "pre.excerpt .ln{color:#6a6a6a;user-select:none}pre.excerpt .pad{visibility:hidden}\n"
    "pre.excerpt mark{background:#ffd54f;color:inherit;text-decoration:underline 2px;"
    "outline:1px solid #1c1c1c}.caret{color:var(--err);font-weight:700}\n"
    ".esc{color:#7b1fa2;border-bottom:1px dotted currentColor}\n"
    ".hint{margin:.2rem 0}\n"
    "article.rule-doc{border-top:1px solid var(--line);padding-top:.3rem}"
    ".cites{font-size:.95rem}\n"
    ".incomplete{border:2px solid var(--err);padding:.4rem .8rem;color:var(--err)}\n"
    "footer{margin-top:3rem;font-size:.85rem;color:#555}\n"
    "@media print{body{margin:0;max-width:none;font-size:10pt;color:#000}"
    "h2,h3,h4{break-after:avoid}nav{display:none}table.posture{font-size:8.5pt}"
    "li.finding,tr,article.rule-doc{break-inside:avoid}"
    "td.st-good,td.st-warn,td.st-bad,th{background:none}"
    ".st-good,.st-warn,.st-bad,.st-none,.badge,.caret,.esc,h4{color:#000!important}"
    "li.finding{border-left:2px solid #000}pre.excerpt{white-space:pre-wrap;"
    "word-break:break-all;background:none}pre.excerpt mark{background:none}"
    "a{color:inherit;text-decoration:none}}\n";

/* Append s[0..len) as HTML text.  '&', '<', '>', '"' and '\'' become
 * character references, so zone content can neither open an element nor
 * leave an attribute value.  Control characters, the C1 controls, the
 * Unicode bidirectional controls (which can make text read in another
 * order than it is stored) and bytes that are not valid UTF-8 are shown
 * as \xNN or \uNNNN in a marked span.  Tabs are kept when keep_tab. */
static void
add_html_text(struct zl_strbuf *sb, const char *s, size_t len, bool keep_tab)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n = zl_utf8_seq_len(u + i, len - i);
		unsigned cp = 0;

		if (n == 1 && u[i] == '\t' && keep_tab)
			zl_strbuf_addc(sb, '\t');
		else if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			zl_strbuf_addf(sb, "<span class=\"esc\">\\x%02X</span>", (unsigned)u[i]);
		else if (n == 1 && strchr("&<>\"'", u[i]) != NULL)
			zl_strbuf_addf(sb, "&#%u;", (unsigned)u[i]);
		else if (n == 1)
			zl_strbuf_addc(sb, (char)u[i]);
		else if (zl_utf8_is_control(u + i, n, &cp))
			zl_strbuf_addf(sb, "<span class=\"esc\">\\u%04X</span>", cp);
		else if (n > 1)
			zl_strbuf_add(sb, s + i, n);
		else
			zl_strbuf_addf(sb, "<span class=\"esc\">\\x%02X</span>", (unsigned)u[i]);
		i += n ? n : 1;
	}
}

static void
put_text(FILE *out, const char *s)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	add_html_text(&sb, s, strlen(s), false);
	if (sb.data != NULL)
		fputs(sb.data, out);
	zl_strbuf_fini(&sb);
}

static const char *
severity_class(enum zl_severity s)
{
	switch (s) {
	case ZL_ERROR: return "sev-error";
	case ZL_WARNING: return "sev-warning";
	case ZL_INFO: return "sev-info";
	}
	return "sev-info";
}

/* Close an open list item and its list, or an open paragraph. */
static void
close_block(struct zl_strbuf *sb, bool in_item, bool in_para)
{
	if (in_item)
		zl_strbuf_adds(sb, "</li>\n</ul>\n");
	else if (in_para)
		zl_strbuf_adds(sb, "</p>\n");
}

/* Write the Markdown of a rule page section as HTML: paragraphs, "- "
 * lists (items continue on lines indented by two blanks) and `code`
 * spans, which is all the sections use.  A line break between two
 * non-ASCII characters is dropped, because Japanese text is wrapped
 * without a blank and browsers would show the break as one. */
static void
put_markdown(FILE *out, const char *md)
{
	struct zl_strbuf sb;
	bool in_list = false, in_item = false, in_para = false, in_code = false;
	bool after_non_ascii = false;	/* the previous line ends in a non-ASCII byte */

	zl_strbuf_init(&sb);
	while (*md != '\0') {
		const char *eol = strchr(md, '\n');
		size_t len = eol != NULL ? (size_t)(eol - md) : strlen(md);
		const char *text = md;

		md += len + (eol != NULL);
		if (len == 0) {
			close_block(&sb, in_item, in_para);
			in_list = in_item = in_para = false;
			continue;
		}
		if (len >= 2 && text[0] == '-' && text[1] == ' ') {
			zl_strbuf_adds(&sb, in_para ? "</p>\n" : "");
			zl_strbuf_adds(&sb, in_item ? "</li>\n<li>" : "<ul>\n<li>");
			in_para = false;
			in_list = in_item = true;
			text += 2, len -= 2;
		} else if (!in_list && !in_para) {
			zl_strbuf_adds(&sb, "<p>");
			in_para = true;
		} else {
			size_t blanks = strspn(text, " ");

			if (!after_non_ascii || blanks >= len || (unsigned char)text[blanks] < 0x80)
				zl_strbuf_addc(&sb, '\n');
		}
		while (len > 0 && *text == ' ')
			text++, len--;
		after_non_ascii = len > 0 && (unsigned char)text[len - 1] >= 0x80;

		/* Code spans may not cross lines in these pages, but a stray
		 * backtick must not leave <code> open. */
		for (size_t i = 0; i < len;) {
			const char *tick = memchr(text + i, '`', len - i);
			size_t run = tick != NULL ? (size_t)(tick - text) - i : len - i;

			add_html_text(&sb, text + i, run, false);
			i += run;
			if (i < len) {
				zl_strbuf_adds(&sb, in_code ? "</code>" : "<code>");
				in_code = !in_code;
				i++;
			}
		}
		if (in_code) {
			zl_strbuf_adds(&sb, "</code>");
			in_code = false;
		}
	}
	close_block(&sb, in_item, in_para);
	if (sb.data != NULL)
		fputs(sb.data, out);
	zl_strbuf_fini(&sb);
}

static void
put_head(FILE *out, const char *lang)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n", lang);
	fprintf(out, "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n", csp);
	fputs("<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
	fprintf(out, "<meta name=\"generator\" content=\"zonelint\">\n<title>%s</title>\n",
	    _("zonelint report"));
	fprintf(out, "<style>\n%s</style>\n</head>\n<body>\n", stylesheet);
}

/* The heading, the counts and the table of contents. */
static void
put_summary(FILE *out, const struct zl_graph *g, const struct zl_diags *d, bool complete)
{
	struct zl_strbuf sb;

	zl_strbuf_init(&sb);
	zl_report_summary(&sb, g, d);
	fprintf(out, "<header>\n<h1>%s</h1>\n<p class=\"summary\">", _("zonelint report"));
	put_text(out, sb.data != NULL ? sb.data : "");
	fputs("</p>\n", out);
	if (!complete)
		fprintf(out, "<p class=\"incomplete\"><b>%s</b> %s</p>\n", _("Incomplete:"),
		    _("an input file could not be read (see the messages of the run), so this "
		    "report leaves it out."));
	fputs("</header>\n<nav>\n<ul>\n", out);
	fprintf(out, "<li><a href=\"#run\">%s</a></li>\n", _("Run and input files"));
	fprintf(out, "<li><a href=\"#posture\">%s</a></li>\n", _("Mail posture"));
	fprintf(out, "<li><a href=\"#findings\">%s</a></li>\n", _("Findings"));
	fprintf(out, "<li><a href=\"#rules\">%s</a></li>\n", _("Rules that fired"));
	fputs("</ul>\n</nav>\n", out);
	zl_strbuf_fini(&sb);
}

/* What the file is: a zone file, or which file included it and where. */
static void
put_file_role(FILE *out, const struct zl_graph *g, const struct zl_file *f)
{
	char *origin;

	if (f->parent != ZL_NONE && f->parent < g->nfiles) {
		struct zl_strbuf path;

		zl_strbuf_init(&path);
		zl_strbuf_adds(&path, "<span class=\"mono\">");
		add_html_text(&path, g->files[f->parent].path, strlen(g->files[f->parent].path), false);
		zl_strbuf_adds(&path, "</span>");
		/* TRANSLATORS: %1$s is the path of the including file and %2$u
		 * the line of its $INCLUDE directive. */
		fprintf(out, _("included by %1$s at line %2$u"), path.data, f->included_at.line);
		zl_strbuf_fini(&path);
		return;
	}
	fputs(_("zone file"), out);
	if (f->zone < g->nzones && g->zones[f->zone].origin != ZL_NONE) {
		origin = zl_graph_name_text(g, g->zones[f->zone].origin);
		fputs(" <span class=\"mono\">", out);
		put_text(out, origin);
		fputs("</span>", out);
		free(origin);
	}
}

/* Write the SHA-256 digest of the text of f to hex.  The text is hashed
 * 1 MiB at a time, and when f is mapped each part's pages go back to the
 * kernel once hashed, so that a large zone's text is not read into memory
 * whole beside the graph.  The mapping stays valid. */
static void
digest_file(const struct zl_file *f, char hex[2 * ZL_SHA256_LEN + 1])
{
	const size_t step = (size_t)1 << 20;
	struct zl_sha256 s;

	zl_sha256_init(&s);
	for (size_t off = 0; off < f->size; off += step) {
		size_t n = f->size - off < step ? f->size - off : step;

		zl_sha256_update(&s, f->data + off, n);
		/* The mapping starts on a page and step is a whole number
		 * of pages. */
		if (f->mapped)
			madvise((char *)f->data + off, n, MADV_DONTNEED);
	}
	zl_sha256_final_hex(&s, hex);
}

/* The run's metadata and each input file with its size and SHA-256. */
static void
put_run(FILE *out, const struct zl_graph *g, const struct zl_html_info *info)
{
	char when[64];
	struct tm tm;

	if (gmtime_r(&info->run_time, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(when, sizeof(when), "-");
	fprintf(out, "<section id=\"run\">\n<h2>%s</h2>\n<dl class=\"run\">\n",
	    _("Run and input files"));
	fprintf(out, "<dt>%s</dt><dd class=\"mono\">zonelint ", _("Program"));
	put_text(out, info->version);
	fprintf(out, "</dd>\n<dt>%s</dt><dd class=\"mono\"><time datetime=\"%s\">%s</time></dd>\n",
	    _("Time of the run (UTC)"), when, when);
	fprintf(out, "<dt>%s</dt><dd>%zu</dd>\n", _("Zones"), g->nzones);
	fprintf(out, "<dt>%s</dt><dd>%zu</dd>\n</dl>\n", _("Records"), g->nrecords);

	fprintf(out, "<table class=\"files\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th></tr></thead>\n<tbody>\n", _("File"), _("Role"), _("Bytes"), "SHA-256");
	for (size_t i = 0; i < g->nfiles; i++) {
		const struct zl_file *f = &g->files[i];
		char hex[2 * ZL_SHA256_LEN + 1];

		fputs("<tr class=\"file\"><td class=\"mono\">", out);
		put_text(out, f->path);
		fputs("</td><td>", out);
		put_file_role(out, g, f);
		if (f->data != NULL) {
			digest_file(f, hex);
			fprintf(out, "</td><td>%zu</td><td class=\"mono digest\">%s</td></tr>\n",
			    f->size, hex);
		} else {
			fprintf(out, "</td><td>-</td><td>%s</td></tr>\n", _("not read"));
		}
	}
	fputs("</tbody>\n</table>\n</section>\n", out);
}

/* The grade of a posture cell: good, acceptable with a caveat, broken, or
 * not applicable.  Each grade has a symbol besides its colour. */
enum grade { GRADE_GOOD, GRADE_WARN, GRADE_BAD, GRADE_NONE };

static void
put_cell(FILE *out, enum grade grade, const char *text)
{
	static const char *const classes[] = { "st-good", "st-warn", "st-bad", "st-none" };
	static const char *const symbols[] = { "\u2714", "!", "\u2718", "\u2013" };

	fprintf(out, "<td class=\"st %s\"><span class=\"sym\" aria-hidden=\"true\">%s</span>",
	    classes[grade], symbols[grade]);
	put_text(out, text);
	fputs("</td>", out);
}

/* Write the cell of a record that is missing, invalid or repeated, and
 * return true; return false for a valid record.  missing grades an absent
 * record, because not every mechanism is required. */
static bool
put_state_cell(FILE *out, enum zl_posture_state state, enum grade missing)
{
	switch (state) {
	case ZL_POSTURE_MISSING:
		put_cell(out, missing, _("missing"));
		return true;
	case ZL_POSTURE_INVALID:
		put_cell(out, GRADE_BAD, _("invalid"));
		return true;
	case ZL_POSTURE_MULTIPLE:
		put_cell(out, GRADE_BAD, _("several records"));
		return true;
	case ZL_POSTURE_VALID:
		break;
	}
	return false;
}

static void
put_spf_cell(FILE *out, const struct zl_posture *p)
{
	if (put_state_cell(out, p->spf, GRADE_BAD))
		return;
	if (strcmp(p->spf_all, "-all") == 0 || strcmp(p->spf_all, "~all") == 0)
		put_cell(out, GRADE_GOOD, p->spf_all);
	else if (strcmp(p->spf_all, "redirect") == 0)
		put_cell(out, GRADE_GOOD, p->spf_all);
	else if (p->spf_all[0] != '\0')
		put_cell(out, GRADE_WARN, p->spf_all);
	else
		put_cell(out, GRADE_WARN, _("no 'all'"));
}

static void
put_dkim_cell(FILE *out, const struct zl_posture *p)
{
	char text[128];

	if (p->dkim_selectors == 0) {
		put_cell(out, p->null_mx ? GRADE_NONE : GRADE_WARN, _("no key found"));
		return;
	}
	if (p->dkim_keys == 0) {
		snprintf(text, sizeof(text), _("%zu, no usable key"), p->dkim_selectors);
		put_cell(out, GRADE_BAD, text);
		return;
	}
	if (p->dkim_weakest_bits == 0) {
		snprintf(text, sizeof(text), _("%zu, Ed25519"), p->dkim_selectors);
		put_cell(out, GRADE_GOOD, text);
		return;
	}
	snprintf(text, sizeof(text), _("%zu, weakest RSA %u"), p->dkim_selectors,
	    p->dkim_weakest_bits);
	put_cell(out, p->dkim_weakest_bits < 1024 ? GRADE_BAD :
	    p->dkim_weakest_bits < 2048 ? GRADE_WARN : GRADE_GOOD, text);
}

static const char *
policy_word(enum zl_dmarc_policy p)
{
	return p == ZL_DMARC_POLICY_REJECT ? "reject" :
	    p == ZL_DMARC_POLICY_QUARANTINE ? "quarantine" : "none";
}

static void
put_dmarc_cell(FILE *out, const struct zl_posture *p)
{
	char text[64];
	size_t n;
	bool enforced;

	if (put_state_cell(out, p->dmarc, GRADE_BAD))
		return;
	n = (size_t)snprintf(text, sizeof(text), "p=%s", policy_word(p->dmarc_p));
	if (p->dmarc_sp != ZL_DMARC_POLICY_ABSENT && p->dmarc_sp != p->dmarc_p)
		n += (size_t)snprintf(text + n, sizeof(text) - n, " sp=%s", policy_word(p->dmarc_sp));
	if (p->dmarc_testing)
		snprintf(text + n, sizeof(text) - n, " t=y");
	enforced = (p->dmarc_p == ZL_DMARC_POLICY_REJECT || p->dmarc_p == ZL_DMARC_POLICY_QUARANTINE) &&
	    p->dmarc_sp != ZL_DMARC_POLICY_NONE && !p->dmarc_testing;
	put_cell(out, enforced ? GRADE_GOOD : GRADE_WARN, text);
}

static void
put_strength_cell(FILE *out, enum zl_posture_strength s)
{
	switch (s) {
	case ZL_POSTURE_WEAK: put_cell(out, GRADE_BAD, _("weak")); break;
	case ZL_POSTURE_MODERATE: put_cell(out, GRADE_WARN, _("moderate")); break;
	case ZL_POSTURE_STRONG: put_cell(out, GRADE_GOOD, _("strong")); break;
	case ZL_POSTURE_NO_MAIL: put_cell(out, GRADE_NONE, _("no mail")); break;
	}
}

static void
put_posture_row(FILE *out, const struct zl_graph *g, const struct zl_posture *p)
{
	char *name = zl_graph_name_text(g, p->domain);

	fputs("<tr><th scope=\"row\" class=\"mono\">", out);
	put_text(out, name);
	fputs("</th>", out);
	free(name);
	put_spf_cell(out, p);
	put_dkim_cell(out, p);
	put_dmarc_cell(out, p);
	if (!put_state_cell(out, p->mta_sts, GRADE_NONE)) {
		if (p->mta_sts_host)
			put_cell(out, GRADE_GOOD, _("valid"));
		else
			put_cell(out, GRADE_BAD, _("no policy host"));
	}
	if (!put_state_cell(out, p->tlsrpt, GRADE_NONE))
		put_cell(out, GRADE_GOOD, _("valid"));
	if (!put_state_cell(out, p->bimi, GRADE_NONE))
		put_cell(out, GRADE_GOOD, _("valid"));
	put_strength_cell(out, p->strength);
	fputs("</tr>\n", out);
}

/* The mail posture table: one row per domain that handles mail. */
static void
put_posture(FILE *out, const struct zl_graph *g)
{
	struct zl_posture *p;
	size_t count = zl_posture_compute(g, &p);

	fprintf(out, "<section id=\"posture\">\n<h2>%s</h2>\n", _("Mail posture"));
	if (count == 0) {
		fprintf(out, "<p>%s</p>\n</section>\n",
		    _("No domain in these zones has MX records, an SPF record or a DMARC policy."));
		free(p);
		return;
	}
	fprintf(out, "<table class=\"posture\">\n<thead><tr><th scope=\"col\">%s</th>", _("Domain"));
	fputs("<th scope=\"col\">SPF</th><th scope=\"col\">DKIM</th><th scope=\"col\">DMARC</th>"
	    "<th scope=\"col\">MTA-STS</th><th scope=\"col\">TLS-RPT</th>"
	    "<th scope=\"col\">BIMI</th>", out);
	fprintf(out, "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", _("Strength"));
	for (size_t i = 0; i < count; i++)
		put_posture_row(out, g, &p[i]);
	fputs("</tbody>\n</table>\n<p class=\"legend\">", out);
	fprintf(out, "<span class=\"st st-good\">\u2714 %s</span> &nbsp; ", _("good"));
	fprintf(out, "<span class=\"st st-warn\">! %s</span> &nbsp; ", _("works, but weak"));
	fprintf(out, "<span class=\"st st-bad\">\u2718 %s</span> &nbsp; ", _("broken or missing"));
	fprintf(out, "<span class=\"st st-none\">\u2013 %s</span><br>\n", _("optional, not published"));
	fputs(_("The DKIM column gives the number of selectors found in the zones and the "
	    "weakest key; BIMI is looked up at the default selector only."), out);
	fputs("</p>\n</section>\n", out);
	free(p);
}

/* The line of pos cut to a window around the column: the text before the
 * column, the character at it and the rest. */
struct excerpt {
	const char *line;	/* start of the shown part of the line */
	size_t before;		/* bytes before the column */
	size_t at;		/* bytes of the character at the column, 0 at the end */
	size_t after;		/* bytes after it */
	bool cut_left, cut_right;
};

static bool
find_excerpt(const struct zl_graph *g, const struct zl_pos *pos, struct excerpt *x)
{
	const struct zl_file *f;
	size_t off, b, e;

	if (pos->file >= g->nfiles || pos->line == 0 || g->files[pos->file].data == NULL)
		return false;
	f = &g->files[pos->file];
	off = pos->off < f->size ? pos->off : f->size;
	for (b = off; b > 0 && f->data[b - 1] != '\n'; b--)
		;
	for (e = off; e < f->size && f->data[e] != '\n'; e++)
		;
	if (e > b && f->data[e - 1] == '\r')
		e--;
	if (off > e)
		off = e;
	x->cut_left = off - b > EXCERPT_SIDE;
	x->cut_right = e - off > EXCERPT_SIDE;
	if (x->cut_left)
		for (b = off - EXCERPT_SIDE; b < off && (f->data[b] & 0xc0) == 0x80; b++)
			;
	if (x->cut_right)
		for (e = off + EXCERPT_SIDE; e > off && (f->data[e] & 0xc0) == 0x80; e--)
			;
	x->line = f->data + b;
	x->before = off - b;
	x->at = 0;
	if (off < e) {
		x->at = zl_utf8_seq_len((const unsigned char *)f->data + off, e - off);
		if (x->at == 0)
			x->at = 1;
	}
	x->after = e - off - x->at;
	return true;
}

/* The source line with its number, the character at the column marked,
 * and a caret below it.  The caret line repeats the text before the column
 * invisibly, so the caret sits under the column whatever the font, tabs
 * or wide characters. */
static void
put_excerpt(FILE *out, const struct zl_graph *g, const struct zl_diag *d)
{
	struct excerpt x;
	struct zl_strbuf before, sb;
	char number[24];

	zl_graph_reread(g);
	if (!find_excerpt(g, &d->pos, &x))
		return;
	zl_strbuf_init(&before);
	zl_strbuf_init(&sb);
	snprintf(number, sizeof(number), "%u", d->pos.line);
	zl_strbuf_adds(&before, x.cut_left ? "\u2026" : "");
	add_html_text(&before, x.line, x.before, true);

	zl_strbuf_addf(&sb, "<pre class=\"excerpt\"><span class=\"ln\">%s | </span>", number);
	zl_strbuf_adds(&sb, before.data);
	zl_strbuf_adds(&sb, "<mark>");
	if (x.at > 0)
		add_html_text(&sb, x.line + x.before, x.at, true);
	else
		zl_strbuf_addc(&sb, ' ');
	zl_strbuf_adds(&sb, "</mark>");
	add_html_text(&sb, x.line + x.before + x.at, x.after, true);
	zl_strbuf_adds(&sb, x.cut_right ? "\u2026\n" : "\n");

	/* The number column and the text before the column, hidden. */
	zl_strbuf_addf(&sb, "<span class=\"pad\" aria-hidden=\"true\">%s | %s</span>", number,
	    before.data);
	zl_strbuf_adds(&sb, "<span class=\"caret\">^</span></pre>\n");
	fputs(sb.data, out);
	zl_strbuf_fini(&before);
	zl_strbuf_fini(&sb);
}

static void
put_finding(FILE *out, const struct zl_graph *g, const struct zl_diag *x)
{
	const char *path = x->pos.file < g->nfiles ? g->files[x->pos.file].path : "-";

	fprintf(out, "<li class=\"finding %s\"><div><span class=\"badge\">%s</span>",
	    severity_class(x->severity), zl_severity_label(x->severity));
	fputs("<span class=\"where mono\">", out);
	put_text(out, path);
	fprintf(out, ":%u:%u</span></div>\n<p class=\"message\">", x->pos.line, x->pos.col);
	put_text(out, x->message);
	fprintf(out, " <a class=\"rule mono\" href=\"#rule-%s\">[%s]</a></p>\n", x->rule->id,
	    x->rule->id);
	put_excerpt(out, g, x);
	if (x->hint != NULL) {
		fprintf(out, "<p class=\"hint\"><b>%s</b> ", _("hint:"));
		put_text(out, x->hint);
		fputs("</p>\n", out);
	}
	fputs("</li>\n", out);
}

/* The zone of a finding: the zone of its file, or nzones when it has none. */
static size_t
zone_of(const struct zl_graph *g, const struct zl_diag *x)
{
	if (x->pos.file < g->nfiles && g->files[x->pos.file].zone < g->nzones)
		return g->files[x->pos.file].zone;
	return g->nzones;
}

/* A finding's place in the page. */
struct placed {
	size_t zone;		/* from zone_of() */
	enum zl_severity severity;
	size_t index;		/* into the sorted findings */
};

/* Order by zone, then severity (errors first), then as the findings were
 * sorted: by file, line and column. */
static int
compare_placed(const void *pa, const void *pb)
{
	const struct placed *a = pa, *b = pb;

	if (a->zone != b->zone)
		return a->zone < b->zone ? -1 : 1;
	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void
put_zone_heading(FILE *out, const struct zl_graph *g, size_t zone)
{
	char *origin;

	fprintf(out, "<h3 id=\"zone-%zu\">", zone);
	if (zone >= g->nzones) {
		fputs(_("Findings outside any zone"), out);
		fputs("</h3>\n", out);
		return;
	}
	origin = zl_graph_name_text(g, g->zones[zone].origin);
	fprintf(out, "%s <span class=\"mono\">", _("Zone"));
	put_text(out, origin);
	fputs("</span> <span class=\"where mono\">(", out);
	put_text(out, g->files[g->zones[zone].file].path);
	fputs(")</span></h3>\n", out);
	free(origin);
}

static void
put_severity_heading(FILE *out, enum zl_severity s, size_t count)
{
	fprintf(out, "<h4 class=\"%s\">", severity_class(s));
	if (s == ZL_ERROR)
		fprintf(out, ngettext("%zu error", "%zu errors", count), count);
	else if (s == ZL_WARNING)
		fprintf(out, ngettext("%zu warning", "%zu warnings", count), count);
	else
		fprintf(out, ngettext("%zu info", "%zu infos", count), count);
	fputs("</h4>\n", out);
}

/* A table of the zones with findings and their counts, linked to the
 * findings, for runs over several zones. */
static void
put_zone_overview(FILE *out, const struct zl_graph *g, const struct placed *order, size_t len)
{
	size_t zones_with_findings = 0;

	fprintf(out, "<table class=\"zones\">\n<thead><tr><th>%s</th><th>%s</th>"
	    "<th class=\"num\">%s</th><th class=\"num\">%s</th><th class=\"num\">%s</th></tr>"
	    "</thead>\n<tbody>\n", _("Zone"), _("File"), _("Errors"), _("Warnings"), _("Infos"));
	for (size_t i = 0; i < len;) {
		size_t zone = order[i].zone, counts[3] = { 0, 0, 0 };
		char *origin;

		for (; i < len && order[i].zone == zone; i++)
			counts[order[i].severity]++;
		if (zone < g->nzones)
			zones_with_findings++;
		fprintf(out, "<tr><td class=\"mono\"><a href=\"#zone-%zu\">", zone);
		if (zone < g->nzones) {
			origin = zl_graph_name_text(g, g->zones[zone].origin);
			put_text(out, origin);
			free(origin);
			fputs("</a></td><td class=\"mono\">", out);
			put_text(out, g->files[g->zones[zone].file].path);
		} else {
			fputs(_("Findings outside any zone"), out);
			fputs("</a></td><td>", out);
		}
		fprintf(out, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>"
		    "<td class=\"num\">%zu</td></tr>\n", counts[ZL_ERROR], counts[ZL_WARNING],
		    counts[ZL_INFO]);
	}
	fputs("</tbody>\n</table>\n<p class=\"legend\">", out);
	fprintf(out, ngettext("%zu zone without findings.", "%zu zones without findings.",
	    g->nzones - zones_with_findings), g->nzones - zones_with_findings);
	fputs("</p>\n", out);
}

/* Findings grouped by zone, then by severity. */
static void
put_findings(FILE *out, const struct zl_graph *g, const struct zl_diags *d)
{
	struct placed *order = zl_xcalloc(d->len, sizeof(*order));

	fprintf(out, "<section id=\"findings\">\n<h2>%s</h2>\n", _("Findings"));
	if (d->len == 0)
		fprintf(out, "<p>%s</p>\n", _("No findings."));
	for (size_t i = 0; i < d->len; i++) {
		order[i].zone = zone_of(g, &d->items[i]);
		order[i].severity = d->items[i].severity;
		order[i].index = i;
	}
	qsort(order, d->len, sizeof(*order), compare_placed);
	if (g->nzones > 1 && d->len > 0)
		put_zone_overview(out, g, order, d->len);

	for (size_t i = 0; i < d->len;) {
		size_t end = i;

		if (i == 0 || order[i].zone != order[i - 1].zone)
			put_zone_heading(out, g, order[i].zone);
		while (end < d->len && order[end].zone == order[i].zone &&
		    order[end].severity == order[i].severity)
			end++;
		put_severity_heading(out, order[i].severity, end - i);
		fputs("<ol class=\"findings\">\n", out);
		for (; i < end; i++)
			put_finding(out, g, &d->items[order[i].index]);
		fputs("</ol>\n", out);
	}
	fputs("</section>\n", out);
	free(order);
}

/* For each rule that fired: its summary, what it finds, why it matters and
 * the documents it rests on, from the rule pages embedded at build time.
 * The sections come from the page in lang, the language of the report, or
 * from the English page for a rule without a translation. */
static void
put_rules(FILE *out, const struct zl_diags *d, const char *lang)
{
	bool *fired = zl_xcalloc(zl_rules_count(), sizeof(*fired));
	bool any = false;

	for (size_t i = 0; i < d->len; i++)
		for (size_t r = 0; r < zl_rules_count(); r++)
			if (zl_rules_get(r) == d->items[i].rule)
				fired[r] = any = true;
	fprintf(out, "<section id=\"rules\">\n<h2>%s</h2>\n", _("Rules that fired"));
	if (!any)
		fprintf(out, "<p>%s</p>\n", _("No rule fired."));
	else
		fprintf(out, "<p class=\"legend\">%s</p>\n",
		    _("The explanations come from the rule pages in doc/rules."));

	for (size_t r = 0; r < zl_rules_count(); r++) {
		const struct zl_rule *rule = zl_rules_get(r);
		const struct zl_rule_doc *page = zl_rule_doc_get(rule->id, lang);
		const char *finds = page != NULL ? page->finds : NULL;
		const char *why = page != NULL ? page->why : NULL;
		struct zl_strbuf cites;

		if (!fired[r])
			continue;
		fprintf(out, "<article class=\"rule-doc\" id=\"rule-%s\">\n<h3><span class=\"mono\">%s</span>"
		    " \u2014 ", rule->id, rule->id);
		put_text(out, _(rule->summary));
		fprintf(out, "</h3>\n<p>%s: %s</p>\n", _("Default severity"),
		    zl_severity_label(rule->severity));
		if (finds != NULL) {
			fprintf(out, "<h4>%s</h4>\n<div lang=\"%s\">\n", _("What it finds"), page->lang);
			put_markdown(out, finds);
			fputs("</div>\n", out);
		}
		if (why != NULL) {
			fprintf(out, "<h4>%s</h4>\n<div lang=\"%s\">\n", _("Why it matters"), page->lang);
			put_markdown(out, why);
			fputs("</div>\n", out);
		}
		zl_strbuf_init(&cites);
		/* The translations keep the RFC citations of the English page. */
		zl_rule_doc_citations(zl_rule_doc_why(rule->id), &cites);
		if (cites.len > 0) {
			fprintf(out, "<p class=\"cites\"><b>%s</b> ", _("Based on:"));
			put_text(out, cites.data);
			fputs("</p>\n", out);
		}
		zl_strbuf_fini(&cites);
		fputs("</article>\n", out);
	}
	fputs("</section>\n", out);
	free(fired);
}

void
zl_report_html(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    const struct zl_html_info *info)
{
	/* TRANSLATORS: the language of this catalog as an HTML lang value
	 * (BCP 47), for example "ja". */
	const char *lang = _("en");

	put_head(out, lang);
	put_summary(out, g, d, info->complete);
	put_run(out, g, info);
	put_posture(out, g);
	put_findings(out, g, d);
	put_rules(out, d, lang);
	fputs("<footer>", out);
	fputs(_("Written by zonelint, an offline analyzer of DNS zone files. The page "
	    "loads nothing from the network and runs no script."), out);
	fputs("</footer>\n</body>\n</html>\n", out);
}
