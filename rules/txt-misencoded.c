/* txt-misencoded: text records written so that what is published differs
 * from what the operator meant. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rdata.h"
#include "rrtype.h"
#include "rule.h"
#include "util.h"

/* Maximum length of text quoted in a message or a hint; longer text is cut with "...". */
#define PREVIEW_MAX 60
#define HINT_MAX 300

/* The zone reader (src/load.c) recognizes each mistake, keeps a note of
 * it, and stores the record as it was most likely meant, so that the mail
 * rules still see the policy.  This rule explains the notes. */

/* Return whether the line of record r has a ')' outside quoted strings
 * and comments, so that its parentheses close before the strings that
 * continue it. */
static bool
closes_on_its_line(const struct zl_graph *g, const struct zl_record *r)
{
	struct zl_pos at = zl_record_pos(g, r);
	const struct zl_file *f;
	bool quoted = false;

	if (at.file >= g->nfiles)
		return false;
	f = &g->files[at.file];
	for (size_t i = at.off; i < f->size && f->data[i] != '\n'; i++) {
		char ch = f->data[i];

		if (ch == '\\') {
			i++;
			continue;
		}
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && ch == ';')
			return false;
		else if (!quoted && ch == ')')
			return true;
	}
	return false;
}

static void
add_cut(struct zl_strbuf *sb, const char *text, size_t len, size_t max)
{
	if (len > max) {
		zl_strbuf_add(sb, text, max);
		zl_strbuf_adds(sb, "...");
	} else {
		zl_strbuf_add(sb, text, len);
	}
}

static void
add_preview(struct zl_strbuf *sb, const char *text, size_t len)
{
	add_cut(sb, text, len, PREVIEW_MAX);
}

/* The meant text as it goes inside quotes in a zone file, so that the
 * hint can be pasted.  The text keeps the escapes written in the zone;
 * a raw control byte becomes \DDD and a bare '"' is escaped.  It is cut
 * for a hint: hints are read by people, while the full text stays in the
 * note. */
static char *
hint_text(const char *meant)
{
	struct zl_strbuf sb;
	size_t len = strlen(meant), n = len > HINT_MAX ? HINT_MAX : len;

	zl_strbuf_init(&sb);
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)meant[i];

		if (ch == '"' && (i == 0 || meant[i - 1] != '\\'))
			zl_strbuf_adds(&sb, "\\\"");
		else if (ch < 0x20 || ch == 0x7f)
			zl_strbuf_addf(&sb, "\\%03u", ch);
		else
			zl_strbuf_addc(&sb, (char)ch);
	}
	if (n < len)
		zl_strbuf_adds(&sb, "...");
	/* An empty text still makes a string. */
	zl_strbuf_adds(&sb, "");
	return zl_strbuf_detach(&sb);
}

/* What the meant text is for, to say what the mistake breaks. */
static const char *
consequence(const char *text, size_t len)
{
	if (len >= 6 && zl_ascii_casecmp_n(text, 6, "v=spf1") == 0)
		return _("receivers see no SPF policy at this name");
	if (len >= 8 && zl_ascii_casecmp_n(text, 8, "v=DMARC1") == 0)
		return _("receivers see no valid DMARC policy at this name");
	if (len >= 7 && zl_ascii_casecmp_n(text, 7, "v=DKIM1") == 0)
		return _("verifiers cannot use this DKIM key");
	return _("the published text differs from the meant text");
}

static void
report_note(struct zl_check *c, const struct zl_note *n)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[n->record];
	struct zl_strbuf text, pub;
	struct zl_diag *d = NULL;
	const char *why;
	char tname[16], phrase[ZL_RRTYPE_PHRASE_MAX], *hint;

	zl_strbuf_init(&text);
	zl_strbuf_init(&pub);
	if (r->type == ZL_TYPE_TXT || r->type == ZL_TYPE_SPF)
		zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &text);
	why = consequence(text.data ? text.data : "", text.len);

	switch (n->kind) {
	case ZL_NOTE_TYPE_BEFORE_TXT:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("type %s is followed by TXT: this record is meant as TXT, but it is written as %s, which no name server loads, so %s"),
		    zl_rrtype_name(n->type, tname), zl_rrtype_phrase(n->type, phrase), why);
		zl_diag_hint(d, _("remove '%s' before 'TXT'"), n->word);
		break;
	case ZL_NOTE_TYPE_FOR_TXT:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("text of a mail record written as %s: this record is meant as TXT, but the text is not valid data for %s, so name servers reject the zone, and %s"),
		    zl_rrtype_name(n->type, tname), zl_rrtype_phrase(n->type, phrase), why);
		zl_diag_hint(d, _("write 'TXT' instead of '%s'"), n->word);
		break;
	case ZL_NOTE_WORD_AFTER_TYPE:
		zl_strbuf_adds(&pub, n->word);
		add_preview(&pub, text.data ? text.data : "", text.len);
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("'%s' after the type is published as the first string of the record, so the text reads '%s' and %s"),
		    n->word, pub.data, why);
		zl_diag_hint(d, _("remove '%s'"), n->word);
		break;
	case ZL_NOTE_WORD_AFTER_DATA:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("'%s' after the text is published as one more string of the record, so the text ends in '%s' and %s"),
		    n->word, n->word, why);
		zl_diag_hint(d, _("write the TTL and the class before the type: 'NAME TTL CLASS TXT \"...\"'"));
		break;
	case ZL_NOTE_CONTINUATION:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("quoted strings on a line of their own continue the TXT record above without parentheses: name servers reject the line; the strings were read as part of that record"));
		if (closes_on_its_line(c->graph, r))
			zl_diag_hint(d, _("move the ')' that ends the record after its last string"));
		else
			zl_diag_hint(d, _("put '(' before the first string of the record and ')' after the last"));
		break;
	case ZL_NOTE_UNQUOTED_WORDS: {
		struct zl_strbuf glued;
		size_t i;

		zl_strbuf_init(&glued);
		for (i = 0; n->word[i] != '\0' && glued.len < PREVIEW_MAX; i++) {
			if (n->word[i] != ' ')
				zl_strbuf_addc(&glued, n->word[i]);
		}
		if (n->word[i] != '\0')
			zl_strbuf_adds(&glued, "...");
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("unquoted text is published as one string per word, which receivers join without blanks into '%s', so %s"),
		    glued.data ? glued.data : "", why);
		hint = hint_text(n->meant);
		zl_diag_hint(d, _("quote the text: TXT \"%s\""), hint);
		free(hint);
		zl_strbuf_fini(&glued);
		break;
	}
	case ZL_NOTE_UNQUOTED_SEMICOLON:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("unquoted ';' starts a comment: the record publishes only '%s' and the rest of the text is lost, so %s"),
		    n->word, why);
		hint = hint_text(n->meant);
		zl_diag_hint(d, _("quote the text: TXT \"%s\""), hint);
		free(hint);
		break;
	case ZL_NOTE_SMART_QUOTES:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("typographic quotes are not string delimiters: they are published as part of the text, so %s"),
		    why);
		zl_diag_hint(d, _("use the ASCII double quote '\"' around the text"));
		break;
	case ZL_NOTE_ESCAPED_QUOTES:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("the text is wrapped in escaped quotes, so the published value starts and ends with '\"' and %s"),
		    why);
		zl_diag_hint(d, _("remove the '\\\"' at both ends of the text"));
		break;
	case ZL_NOTE_ADDRESS_SPACES:
		d = zl_report(c, ZL_ERROR, n->pos, r->owner, r->type,
		    _("IPv4 address written with blanks for dots: '%s' is most likely meant as '%s'"),
		    n->word, n->meant);
		zl_diag_hint(d, _("write the address as '%s'"), n->meant);
		break;
	case ZL_NOTE_ADJACENT_STRINGS:
		break;
	}
	zl_strbuf_fini(&text);
	zl_strbuf_fini(&pub);
}

static void
check_txt_misencoded(struct zl_check *c)
{
	for (size_t i = 0; i < c->graph->nnotes; i++) {
		const struct zl_note *n = &c->graph->notes[i];

		if (n->record != ZL_NONE)
			report_note(c, n);
	}
}

const struct zl_rule zl_rule_txt_misencoded = {
	.id = "txt-misencoded",
	.severity = ZL_ERROR,
	.summary = N_("text record written so that the published text differs from the meant text"),
	.check = check_txt_misencoded,
};
