/* SARIF 2.1.0 output, for code-scanning services that annotate the zone
 * files in a repository. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "i18n.h"
#include "rule.h"
#include "ruledoc.h"
#include "util.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

/* The SARIF level of each of zonelint's severities. */
static const char *
sarif_level(enum zl_severity s)
{
	switch (s) {
	case ZL_ERROR: return "error";
	case ZL_WARNING: return "warning";
	case ZL_INFO: return "note";
	}
	return "warning";
}

static void
json_cstr(FILE *out, const char *s)
{
	zl_json_string(out, s, strlen(s));
}

/* Is c allowed unencoded in a path segment of a URI (RFC 3986 section
 * 3.3)?  ':' is left out because "a:b.zone" would read as a scheme. */
static bool
uri_path_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    strchr("-._~!$&'()*+,;=@/", c) != NULL;
}

/* The URI of a file path: a relative reference for a relative path, so
 * that code scanning resolves it against the repository root, and a file
 * URI for an absolute one. */
static void
path_uri(struct zl_strbuf *sb, const char *path)
{
	if (path[0] == '/')
		zl_strbuf_adds(sb, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if (uri_path_char(*p))
			zl_strbuf_addc(sb, (char)*p);
		else
			zl_strbuf_addf(sb, "%%%02X", (unsigned)*p);
	}
}

uint32_t
zl_column_utf16(const struct zl_graph *g, const struct zl_pos *pos)
{
	const struct zl_file *f;
	const unsigned char *line;
	size_t i = 0, len;
	uint32_t units = 0;

	if (pos->file >= g->nfiles || pos->col == 0)
		return pos->col;
	f = &g->files[pos->file];
	if (pos->off > f->size || pos->col - 1 > pos->off)
		return pos->col;
	line = (const unsigned char *)f->data + (pos->off - (pos->col - 1));
	len = pos->col - 1;
	zl_graph_reread(g);
	while (i < len) {
		size_t n = zl_utf8_seq_len(line + i, len - i);

		/* A 4-byte sequence is a character outside the Basic
		 * Multilingual Plane: a surrogate pair in UTF-16. */
		units += n == 4 ? 2 : 1;
		i += n ? n : 1;
	}
	return units + 1;
}

/* Whether r is one of the built-in rules, which have translated summaries
 * and pages under doc/rules. */
static bool
is_builtin(const struct zl_rule *r)
{
	return zl_rules_find(r->id) == r;
}

static void
write_rule(FILE *out, const struct zl_rule *r, const struct zl_sarif_info *info)
{
	bool builtin = is_builtin(r);
	const char *finds = builtin ? zl_rule_doc_finds(r->id) : NULL;
	const char *summary = r->summary != NULL && r->summary[0] != '\0' ? r->summary : r->id;
	struct zl_strbuf full;

	/* A rule from a rule file or a plugin has its summary in the
	 * author's language, and no page of its own. */
	if (builtin)
		summary = _(summary);
	zl_strbuf_init(&full);
	if (finds != NULL)
		zl_rule_doc_first_paragraph(finds, &full);
	else
		zl_strbuf_adds(&full, summary);

	fputs("{\"id\":", out);
	json_cstr(out, r->id);
	fputs(",\"shortDescription\":{\"text\":", out);
	json_cstr(out, summary);
	fputs("},\"fullDescription\":{\"text\":", out);
	json_cstr(out, full.data);
	fputs("},\"help\":{\"text\":", out);
	json_cstr(out, full.data);
	if (finds != NULL) {
		fputs(",\"markdown\":", out);
		json_cstr(out, finds);
	}
	fputc('}', out);
	if (builtin && info->rule_doc_uri != NULL) {
		full.len = 0;
		zl_strbuf_addf(&full, "%s%s.md", info->rule_doc_uri, r->id);
		fputs(",\"helpUri\":", out);
		json_cstr(out, full.data);
	}
	fprintf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}", sarif_level(r->severity));
	if (builtin) {
		/* The page inside the repository, for readers without a helpUri. */
		full.len = 0;
		zl_strbuf_addf(&full, "doc/rules/%s.md", r->id);
		fputs(",\"properties\":{\"documentation\":", out);
		json_cstr(out, full.data);
		fputc('}', out);
	}
	fputc('}', out);
	zl_strbuf_fini(&full);
}

/* The rules that tool.driver.rules describes: those of the run, loaded
 * ones included, or the built-in table when the findings carry no set. */
static size_t
rule_count(const struct zl_diags *d)
{
	return d->rules != NULL ? d->rules->len : zl_rules_count();
}

static const struct zl_rule *
rule_at(const struct zl_diags *d, size_t i)
{
	return d->rules != NULL ? d->rules->rules[i] : zl_rules_get(i);
}

static size_t
rule_index(const struct zl_diags *d, const struct zl_rule *rule)
{
	for (size_t i = 0; i < rule_count(d); i++) {
		if (rule_at(d, i) == rule)
			return i;
	}
	return SIZE_MAX;
}

/* Is text valid UTF-8?  JSON cannot carry other bytes unchanged, and a
 * replacement must be exact. */
static bool
valid_utf8(const char *text)
{
	const unsigned char *u = (const unsigned char *)text;
	size_t len = strlen(text);

	for (size_t i = 0, n; i < len; i += n) {
		n = zl_utf8_seq_len(u + i, len - i);
		if (n == 0)
			return false;
	}
	return true;
}

/* An edit, by the finding it fixes. */
struct fix_ref {
	size_t diag;
	size_t edit;		/* index into the edits, which are in file order */
};

/* The edits listed by finding, then in file order. */
struct fix_list {
	const struct zl_edits *edits;
	struct fix_ref *order;
};

static int
cmp_fix_ref(const void *a, const void *b)
{
	const struct fix_ref *x = a, *y = b;

	if (x->diag != y->diag)
		return x->diag < y->diag ? -1 : 1;
	return (x->edit > y->edit) - (x->edit < y->edit);
}

static void
fix_list_init(struct fix_list *f, const struct zl_edits *edits)
{
	f->edits = edits;
	f->order = zl_xmalloc((edits->len + 1) * sizeof(*f->order));
	for (size_t k = 0; k < edits->len; k++)
		f->order[k] = (struct fix_ref){ edits->items[k].diag, k };
	if (edits->len > 1)
		qsort(f->order, edits->len, sizeof(*f->order), cmp_fix_ref);
}

/* Return the first place in f->order of an edit of finding i, and set
 * *count to the number of its edits. */
static size_t
fixes_of(const struct fix_list *f, size_t i, size_t *count)
{
	size_t lo = 0, hi = f->edits->len, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->order[mid].diag < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < f->edits->len && f->order[end].diag == i; end++)
		continue;
	*count = end - lo;
	return lo;
}

/* Write the result's "fixes" from the edits that fix finding i: one
 * artifact change of byte-range replacements, or nothing when the edits
 * span files or carry bytes that are not UTF-8. */
static void
write_fixes(FILE *out, const struct zl_graph *g, const struct zl_diag *x,
    const struct fix_list *fixes, size_t i, const char *uri)
{
	size_t count, first = fixes_of(fixes, i, &count);
	uint32_t file = x->pos.file;

	for (size_t k = first; k < first + count; k++) {
		const struct zl_edit *e = &fixes->edits->items[fixes->order[k].edit];

		if (e->file != file || !valid_utf8(e->text))
			return;
	}
	if (count == 0 || file >= g->nfiles)
		return;

	fputs(",\"fixes\":[{\"description\":{\"text\":", out);
	json_cstr(out, x->hint != NULL ? x->hint : x->message);
	fputs("},\"artifactChanges\":[{\"artifactLocation\":{\"uri\":", out);
	json_cstr(out, uri);
	fputs("},\"replacements\":[", out);
	for (size_t k = first; k < first + count; k++) {
		const struct zl_edit *e = &fixes->edits->items[fixes->order[k].edit];

		fprintf(out, "%s{\"deletedRegion\":{\"byteOffset\":%u,\"byteLength\":%u}",
		    k > first ? "," : "", e->off, e->len);
		if (e->text[0] != '\0') {
			fputs(",\"insertedContent\":{\"text\":", out);
			json_cstr(out, e->text);
			fputc('}', out);
		}
		fputc('}', out);
	}
	fputs("]}]}]", out);
}

static void
write_result(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    const struct fix_list *fixes, size_t i)
{
	const struct zl_diag *x = &d->items[i];
	const char *path = x->pos.file < g->nfiles ? g->files[x->pos.file].path : NULL;
	struct zl_strbuf sb;
	size_t index = rule_index(d, x->rule);

	zl_strbuf_init(&sb);
	fputs("{\"ruleId\":", out);
	json_cstr(out, x->rule->id);
	if (index != SIZE_MAX)
		fprintf(out, ",\"ruleIndex\":%zu", index);
	fprintf(out, ",\"level\":\"%s\",\"message\":{\"text\":", sarif_level(x->severity));

	/* The hint goes into the message too, because only the findings
	 * with a certain fix get a SARIF fix object. */
	zl_strbuf_adds(&sb, x->message);
	if (x->hint != NULL) {
		zl_strbuf_addc(&sb, '\n');
		zl_strbuf_adds(&sb, _("hint:"));
		zl_strbuf_addc(&sb, ' ');
		zl_strbuf_adds(&sb, x->hint);
	}
	zl_json_string(out, sb.data, sb.len);
	fputc('}', out);

	if (path != NULL) {
		sb.len = 0;
		path_uri(&sb, path);
		fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", out);
		zl_json_string(out, sb.data, sb.len);
		fputc('}', out);
		if (x->pos.line > 0) {
			fprintf(out, ",\"region\":{\"startLine\":%u", x->pos.line);
			if (x->pos.col > 0)
				fprintf(out, ",\"startColumn\":%u", zl_column_utf16(g, &x->pos));
			fputc('}', out);
		}
		fputs("}}]", out);
		write_fixes(out, g, x, fixes, i, sb.data);
	}
	fputc('}', out);
	zl_strbuf_fini(&sb);
}

void
zl_report_sarif(FILE *out, const struct zl_graph *g, const struct zl_diags *d,
    const struct zl_sarif_info *info)
{
	struct zl_edits edits;
	struct fix_list fixes;

	fputs("{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{", out);

	fputs("\"tool\":{\"driver\":{\"name\":\"zonelint\",\"version\":", out);
	json_cstr(out, info->version);
	if (info->information_uri != NULL) {
		fputs(",\"informationUri\":", out);
		json_cstr(out, info->information_uri);
	}
	fputs(",\"rules\":[", out);
	for (size_t i = 0; i < rule_count(d); i++) {
		fputs(i ? ",\n" : "\n", out);
		write_rule(out, rule_at(d, i), info);
	}
	fputs("]}},\n", out);

	fprintf(out, "\"invocations\":[{\"executionSuccessful\":%s}],\n",
	    info->execution_successful ? "true" : "false");
	fputs("\"columnKind\":\"utf16CodeUnits\",\n\"results\":[", out);
	zl_edits_init(&edits);
	zl_fixes_collect(g, d, &edits);
	fix_list_init(&fixes, &edits);
	for (size_t i = 0; i < d->len; i++) {
		fputs(i ? ",\n" : "\n", out);
		write_result(out, g, d, &fixes, i);
	}
	free(fixes.order);
	zl_edits_fini(&edits);
	fputs("\n]}]}\n", out);
}
