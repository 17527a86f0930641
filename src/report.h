/* Output formats for the findings of a run. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_REPORT_H
#define ZL_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "diag.h"
#include "graph.h"
#include "util.h"

/* Text: "FILE:LINE:COL: SEVERITY: MESSAGE [RULE]", the source line with a
 * caret under the column, and the hint.  Control characters from zone
 * content are always escaped.  summary adds one closing line of counts.
 * With threads above 1, a second thread formats half of a long list of
 * findings, and the output stays the same. */
void zl_report_text(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    bool color, bool summary, unsigned threads);

/* Append the summary line of counts, "3 errors, 0 warnings, 0 infos in 1
 * zone (11 records)", translated and without a line break, to sb. */
void zl_report_summary(struct zl_strbuf *sb, const struct zl_graph *g,
    const struct zl_diags *d);

/* The translated name of a severity, as the text output prints it. */
const char *zl_severity_label(enum zl_severity s);

/* One JSON document with every finding, the mail posture of each mail
 * domain (see posture.h) and a summary. */
void zl_report_json(FILE *out, const struct zl_graph *g, const struct zl_diags *d);

/* Markdown for a pull-request comment: a heading with the counts, then
 * for each file a table of line, severity, rule and message, the hint
 * below the message.  Zone content is escaped so that it shows as text
 * and cannot add table cells, code spans, links or HTML.  The output
 * stays within GitHub's limit of 65,536 characters for a comment,
 * counted as bytes.  When the next row would not fit, the rows stop and
 * a closing line gives the number of findings left out.  The heading
 * always has the counts of all findings. */
void zl_report_markdown(FILE *out, const struct zl_graph *g, const struct zl_diags *d);

/* A unified diff with a/ and b/ prefixes, as git diff writes it, of the
 * edits that fix txt-misencoded findings whose meant text is certain (see
 * zl_fixes_collect()).  Paths are relative to the current folder.  Lines
 * of the zones appear byte for byte, as a diff needs them.  Writes
 * nothing when no finding has a certain fix. */
void zl_report_diff(FILE *out, const struct zl_graph *g, const struct zl_diags *d);

/* Facts about the tool and the run for the SARIF output. */
struct zl_sarif_info {
	const char *version;		/* tool.driver.version */
	const char *information_uri;	/* absolute URI of the project, or NULL */
	const char *rule_doc_uri;	/* absolute URI that "<id>.md" is appended to
					 * for each rule's helpUri, or NULL */
	bool execution_successful;	/* false when an input could not be read */
};

/* SARIF 2.1.0: one run with every rule of d's rule set (the built-in
 * table when d has none) as tool.driver.rules, the built-in ones described
 * from the embedded rule pages, and every finding as a result.
 * Columns are converted from bytes to UTF-16 code units, the unit that
 * run.columnKind declares.  A finding with a certain fix (see
 * zl_fixes_collect()) gets it as byte-range replacements. */
void zl_report_sarif(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    const struct zl_sarif_info *info);

/* Facts about the run for the HTML output. */
struct zl_html_info {
	const char *version;	/* zonelint's version */
	time_t run_time;	/* shown in UTC */
	bool complete;		/* false when an input could not be read */
};

/* One self-contained HTML page for an audit: the version and time of the
 * run, every input file with its SHA-256, the mail posture of each domain
 * (see posture.h), the findings grouped by zone and severity with the
 * source line marked at the column, and the documentation and RFCs of each
 * rule that fired.  The page has inline styles only, a Content-Security-
 * Policy that forbids scripts and remote loads, and shows all zone content
 * as text.  Its lang attribute and its words come from the catalog. */
void zl_report_html(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    const struct zl_html_info *info);

/* The 1-based column of pos in UTF-16 code units, counted from the start
 * of its line in g's file.  Bytes that are not valid UTF-8 count one unit
 * each, as the U+FFFD that a decoder puts in their place. */
uint32_t zl_column_utf16(const struct zl_graph *g, const struct zl_pos *pos);

/* Write s as a JSON string.  Bytes that are not valid UTF-8 cannot appear
 * in JSON text, so each one reads as the four characters \xNN in the
 * decoded string. */
void zl_json_string(FILE *out, const char *s, size_t len);

/* Append s to sb with control characters and bytes that are not valid
 * UTF-8 written as \xNN, and C1 and Unicode bidirectional controls as
 * \uNNNN.  So zone content can neither move the cursor or change colours
 * on a terminal nor make text read in another order than it is stored.
 * Tabs are kept when keep_tab. */
void zl_escape_terminal(struct zl_strbuf *sb, const char *s, size_t len, bool keep_tab);

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0 when the
 * bytes there are not valid UTF-8. */
size_t zl_utf8_seq_len(const unsigned char *s, size_t len);

/* Return whether the code point of the valid n-byte UTF-8 sequence at s
 * is a C1 control, a Unicode bidirectional control (U+200E, U+200F,
 * U+202A to U+202E, U+2066 to U+2069) or the invisible byte-order mark
 * U+FEFF, and store it in *cp. */
bool zl_utf8_is_control(const unsigned char *s, size_t n, unsigned *cp);

#endif
