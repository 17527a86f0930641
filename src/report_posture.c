/* Output of the mail posture: a text table and JSON members. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "posture.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "util.h"

enum { COLUMNS = 8 };

static const char *
state_text(enum zl_posture_state state)
{
	switch (state) {
	case ZL_POSTURE_MISSING: return "-";
	case ZL_POSTURE_INVALID: return _("invalid");
	case ZL_POSTURE_MULTIPLE: return _("several records");
	case ZL_POSTURE_VALID: return _("valid");
	}
	return "-";
}

static const char *
policy_word(enum zl_dmarc_policy p)
{
	return p == ZL_DMARC_POLICY_REJECT ? "reject" :
	    p == ZL_DMARC_POLICY_QUARANTINE ? "quarantine" : "none";
}

/* Fill the cells of one row; each cell is a string the caller frees. */
static void
fill_row(const struct zl_graph *g, const struct zl_posture *p, char *cells[COLUMNS])
{
	struct zl_strbuf sb;

	cells[0] = zl_graph_name_text(g, p->domain);

	zl_strbuf_init(&sb);
	if (p->spf == ZL_POSTURE_VALID)
		zl_strbuf_adds(&sb, p->spf_all[0] != '\0' ? p->spf_all : _("no 'all'"));
	else if (p->spf == ZL_POSTURE_MISSING && p->spf_misencoded)
		zl_strbuf_adds(&sb, _("none"));
	else
		zl_strbuf_adds(&sb, state_text(p->spf));
	if (p->spf_misencoded) {
		/* What receivers see comes first; the meant policy is only a
		 * note, because no receiver evaluates it. */
		char *seen = zl_strbuf_detach(&sb);

		zl_strbuf_addf(&sb, _("%s (misencoded; meant: %s)"), seen,
		    p->spf_meant_all[0] != '\0' ? p->spf_meant_all : _("no 'all'"));
		free(seen);
	}
	cells[1] = zl_strbuf_detach(&sb);

	if (p->dkim_selectors == 0)
		zl_strbuf_adds(&sb, "-");
	else if (p->dkim_keys == 0)
		zl_strbuf_addf(&sb, _("%zu, no usable key"), p->dkim_selectors);
	else if (p->dkim_weakest_bits > 0)
		zl_strbuf_addf(&sb, _("%zu, weakest RSA %u"), p->dkim_selectors, p->dkim_weakest_bits);
	else
		zl_strbuf_addf(&sb, _("%zu, Ed25519"), p->dkim_selectors);
	cells[2] = zl_strbuf_detach(&sb);

	if (p->dmarc == ZL_POSTURE_VALID) {
		zl_strbuf_addf(&sb, "p=%s", policy_word(p->dmarc_p));
		if (p->dmarc_sp != ZL_DMARC_POLICY_ABSENT && p->dmarc_sp != p->dmarc_p)
			zl_strbuf_addf(&sb, " sp=%s", policy_word(p->dmarc_sp));
		if (p->dmarc_testing)
			zl_strbuf_adds(&sb, " t=y");
	} else {
		zl_strbuf_adds(&sb, state_text(p->dmarc));
	}
	if (p->dmarc_misencoded) {
		char *seen = zl_strbuf_detach(&sb);
		char meant[32];

		snprintf(meant, sizeof(meant), "p=%s", policy_word(p->dmarc_meant_p));
		zl_strbuf_addf(&sb, _("%s (misencoded; meant: %s)"), seen, meant);
		free(seen);
	}
	cells[3] = zl_strbuf_detach(&sb);

	if (p->mta_sts == ZL_POSTURE_VALID && !p->mta_sts_host)
		zl_strbuf_adds(&sb, _("no policy host"));
	else
		zl_strbuf_adds(&sb, state_text(p->mta_sts));
	cells[4] = zl_strbuf_detach(&sb);
	zl_strbuf_adds(&sb, state_text(p->tlsrpt));
	cells[5] = zl_strbuf_detach(&sb);
	zl_strbuf_adds(&sb, state_text(p->bimi));
	cells[6] = zl_strbuf_detach(&sb);

	switch (p->strength) {
	case ZL_POSTURE_WEAK: zl_strbuf_adds(&sb, _("weak")); break;
	case ZL_POSTURE_MODERATE: zl_strbuf_adds(&sb, _("moderate")); break;
	case ZL_POSTURE_STRONG: zl_strbuf_adds(&sb, _("strong")); break;
	case ZL_POSTURE_NO_MAIL: zl_strbuf_adds(&sb, _("no mail")); break;
	}
	cells[7] = zl_strbuf_detach(&sb);
}

static void
print_row(FILE *out, char *const cells[COLUMNS], const size_t widths[COLUMNS])
{
	for (size_t c = 0; c < COLUMNS; c++) {
		fputs(cells[c], out);
		if (c + 1 == COLUMNS)
			break;
		for (size_t pad = zl_display_width(cells[c]); pad < widths[c] + 2; pad++)
			fputc(' ', out);
	}
	fputc('\n', out);
}

void
zl_posture_print(FILE *out, const struct zl_graph *g, const struct zl_posture *p,
    size_t count)
{
	char *heads[COLUMNS] = {
		_("DOMAIN"), "SPF", "DKIM", "DMARC", "MTA-STS", "TLS-RPT", "BIMI", _("STRENGTH")
	};
	char *row[COLUMNS];
	size_t widths[COLUMNS];

	/* The cells are made twice, first for the widths of the columns,
	 * so that a zone with many domains does not keep them all. */
	for (size_t c = 0; c < COLUMNS; c++)
		widths[c] = zl_display_width(heads[c]);
	for (size_t i = 0; i < count; i++) {
		fill_row(g, &p[i], row);
		for (size_t c = 0; c < COLUMNS; c++) {
			size_t w = zl_display_width(row[c]);

			if (w > widths[c])
				widths[c] = w;
			free(row[c]);
		}
	}

	print_row(out, heads, widths);
	for (size_t i = 0; i < count; i++) {
		fill_row(g, &p[i], row);
		print_row(out, row, widths);
		for (size_t c = 0; c < COLUMNS; c++)
			free(row[c]);
	}
}

static void
json_name(FILE *out, const struct zl_graph *g, uint32_t name)
{
	char *text = zl_graph_name_text(g, name);
	struct zl_strbuf sb;

	/* Names are printed with \DDD escapes, so they are ASCII; only the
	 * quote and the backslash need escaping in JSON. */
	zl_strbuf_init(&sb);
	for (const char *s = text; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			zl_strbuf_addc(&sb, '\\');
		zl_strbuf_addc(&sb, *s);
	}
	fprintf(out, "\"%s\"", sb.data != NULL ? sb.data : "");
	zl_strbuf_fini(&sb);
	free(text);
}

static const char *
policy_json(enum zl_dmarc_policy p)
{
	return p == ZL_DMARC_POLICY_ABSENT || p == ZL_DMARC_POLICY_INVALID ? "null" :
	    p == ZL_DMARC_POLICY_REJECT ? "\"reject\"" :
	    p == ZL_DMARC_POLICY_QUARANTINE ? "\"quarantine\"" : "\"none\"";
}

void
zl_posture_json(FILE *out, const struct zl_graph *g, const struct zl_posture *p,
    size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct zl_posture *x = &p[i];

		fputs(i ? ",\n{\"domain\":" : "\n{\"domain\":", out);
		json_name(out, g, x->domain);
		fprintf(out, ",\"mx\":%s,\"null_mx\":%s", x->mx ? "true" : "false",
		    x->null_mx ? "true" : "false");
		fprintf(out, ",\"spf\":{\"state\":\"%s\",\"all\":", zl_posture_state_name(x->spf));
		if (x->spf_all[0] != '\0')
			fprintf(out, "\"%s\"", x->spf_all);
		else
			fputs("null", out);
		fprintf(out, ",\"misencoded\":%s", x->spf_misencoded ? "true" : "false");
		if (x->spf_misencoded && x->spf_meant_all[0] != '\0')
			fprintf(out, ",\"meant_all\":\"%s\"}", x->spf_meant_all);
		else
			fputs(",\"meant_all\":null}", out);
		fprintf(out, ",\"dkim\":{\"selectors\":%zu,\"keys\":%zu,\"weakest_rsa_bits\":",
		    x->dkim_selectors, x->dkim_keys);
		if (x->dkim_weakest_bits > 0)
			fprintf(out, "%u", x->dkim_weakest_bits);
		else
			fputs("null", out);
		fprintf(out, ",\"ed25519\":%s}", x->dkim_ed25519 ? "true" : "false");
		fprintf(out, ",\"dmarc\":{\"state\":\"%s\",\"p\":%s,\"sp\":%s,\"testing\":%s",
		    zl_posture_state_name(x->dmarc),
		    x->dmarc == ZL_POSTURE_VALID ? policy_json(x->dmarc_p) : "null",
		    x->dmarc == ZL_POSTURE_VALID ? policy_json(x->dmarc_sp) : "null",
		    x->dmarc_testing ? "true" : "false");
		fprintf(out, ",\"misencoded\":%s,\"meant_p\":%s}",
		    x->dmarc_misencoded ? "true" : "false",
		    x->dmarc_misencoded ? policy_json(x->dmarc_meant_p) : "null");
		fprintf(out, ",\"mta_sts\":{\"state\":\"%s\",\"policy_host\":%s}",
		    zl_posture_state_name(x->mta_sts), x->mta_sts_host ? "true" : "false");
		fprintf(out, ",\"tls_rpt\":{\"state\":\"%s\"},\"bimi\":{\"state\":\"%s\"}",
		    zl_posture_state_name(x->tlsrpt), zl_posture_state_name(x->bimi));
		fprintf(out, ",\"strength\":\"%s\"}", zl_posture_strength_name(x->strength));
	}
}
