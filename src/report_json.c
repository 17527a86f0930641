/* JSON output: one document with every finding and a summary. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "posture.h"
#include "rrtype.h"
#include "util.h"

void
zl_json_string(FILE *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	fputc('"', out);
	while (i < len) {
		size_t n = zl_utf8_seq_len(u + i, len - i);

		if (n == 0) {
			fprintf(out, "\\\\x%02X", (unsigned)u[i]);
			i++;
			continue;
		}
		if (n > 1) {
			fwrite(s + i, 1, n, out);
			i += n;
			continue;
		}
		switch (u[i]) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f)
				fprintf(out, "\\u%04x", (unsigned)u[i]);
			else
				fputc(u[i], out);
		}
		i++;
	}
	fputc('"', out);
}

static void
json_cstr(FILE *out, const char *s)
{
	if (s == NULL)
		fputs("null", out);
	else
		zl_json_string(out, s, strlen(s));
}

void
zl_report_json(FILE *out, const struct zl_graph *g, const struct zl_diags *d)
{
	struct zl_posture *posture;
	size_t counts[3], posture_count;

	fputs("{\"diagnostics\":[", out);
	for (size_t i = 0; i < d->len; i++) {
		const struct zl_diag *x = &d->items[i];
		const char *path = x->pos.file < g->nfiles ? g->files[x->pos.file].path : NULL;
		char tname[16];

		fputs(i ? ",\n{" : "\n{", out);
		fputs("\"file\":", out);
		json_cstr(out, path);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"rule\":",
		    x->pos.line, x->pos.col, zl_severity_name(x->severity));
		json_cstr(out, x->rule->id);
		fputs(",\"message\":", out);
		json_cstr(out, x->message);
		fputs(",\"hint\":", out);
		json_cstr(out, x->hint);
		fputs(",\"owner\":", out);
		if (x->owner != ZL_NONE) {
			char *name = zl_graph_name_text(g, x->owner);

			json_cstr(out, name);
			free(name);
		} else {
			fputs("null", out);
		}
		fputs(",\"type\":", out);
		json_cstr(out, x->type ? zl_rrtype_name(x->type, tname) : NULL);
		fputc('}', out);
	}
	posture_count = zl_posture_compute(g, &posture);
	fputs("\n],\"posture\":[", out);
	zl_posture_json(out, g, posture, posture_count);
	free(posture);

	zl_diags_count(d, counts);
	fprintf(out, "\n],\"summary\":{\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu,"
	    "\"zones\":%zu,\"files\":%zu,\"records\":%zu}}\n", counts[ZL_ERROR],
	    counts[ZL_WARNING], counts[ZL_INFO], g->nzones, g->nfiles, g->nrecords);
}
