/* Output formats for the findings of a run. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_REPORT_H
#define ZL_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "graph.h"
#include "util.h"

/* Text: "FILE:LINE:COL: SEVERITY: MESSAGE [RULE]", the source line with a
 * caret under the column, and the hint.  Control characters from zone
 * content are always escaped.  summary adds one closing line of counts. */
void zl_report_text(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    bool color, bool summary);

/* One JSON document with every finding, the mail posture of each mail
 * domain (see posture.h) and a summary. */
void zl_report_json(FILE *out, const struct zl_graph *g, const struct zl_diags *d);

/* Append s to sb with control characters, C1 controls and bytes that are
 * not valid UTF-8 written as \xNN, so that zone content cannot move the
 * cursor or change colours on a terminal.  Tabs are kept when keep_tab. */
void zl_escape_terminal(struct zl_strbuf *sb, const char *s, size_t len, bool keep_tab);

/* The length of the valid UTF-8 sequence at s (1 to 4), or 0 when the
 * bytes there are not valid UTF-8. */
size_t zl_utf8_seq_len(const unsigned char *s, size_t len);

#endif
