/* dmarc-syntax: DMARC policy records that receivers cannot read as meant. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "i18n.h"
#include "lookup.h"
#include "mailtag.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* What receivers do with a record whose p= is unusable: RFC 7489
 * section 6.6.3 step 6 falls back to p=none only when rua= is valid. */
static const char *
invalid_policy_effect(const struct zl_dmarc_record *rec)
{
	return rec->rua_valid ?
	    _("receivers act as if 'p=none' were published, so nothing is enforced") :
	    _("with no valid 'rua=' either, receivers apply no DMARC processing to the domain");
}

static void
report_invalid_value(struct zl_check *c, uint32_t record, const struct zl_dmarc_record *rec,
    const struct zl_finding *f)
{
	const char *text = rec->tags.text;
	struct zl_pos pos = zl_txt_position(c->graph, record, f->off);
	uint32_t owner = c->graph->records[record].owner;
	char q[ZL_MAIL_QUOTE_MAX + 8];
	struct zl_diag *d;
	const char *tag = f->subject != NULL ? f->subject : "?";

	zl_mail_quote(text, f->off, f->len, q, sizeof(q));
	if (strcmp(tag, "p") == 0 || strcmp(tag, "sp") == 0 || strcmp(tag, "np") == 0)
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("invalid policy '%s=%s': the value must be none, quarantine or reject; %s"),
		    tag, q, invalid_policy_effect(rec));
	else
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("invalid value '%s' for tag '%s': receivers ignore the tag and use its default"),
		    q, tag);
	if (f->hint != NULL)
		zl_diag_hint(d, _("write '%s=%s'"), tag, f->hint);
	else if (strcmp(tag, "p") == 0 || strcmp(tag, "sp") == 0 || strcmp(tag, "np") == 0)
		zl_diag_hint(d, _("write one of '%s=none', '%s=quarantine' and '%s=reject'"),
		    tag, tag, tag);
	else if (strcmp(tag, "adkim") == 0 || strcmp(tag, "aspf") == 0)
		zl_diag_hint(d, _("write '%s=r' for relaxed or '%s=s' for strict alignment"), tag, tag);
}

static void
report_finding(struct zl_check *c, uint32_t record, const struct zl_dmarc_record *rec,
    const struct zl_finding *f, bool report_name)
{
	const char *text = rec->tags.text;
	struct zl_pos pos = zl_txt_position(c->graph, record, f->off);
	uint32_t owner = c->graph->records[record].owner;
	const char *tag = f->subject != NULL ? f->subject : "";
	char q[ZL_MAIL_QUOTE_MAX + 8];
	struct zl_diag *d = NULL;

	zl_mail_quote(text, f->off, f->len, q, sizeof(q));
	switch (f->code) {
	case ZL_DMARC_V_MISSING:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("DMARC record without 'v=DMARC1' at its start: receivers ignore the record"));
		zl_diag_hint(d, _("start the record with 'v=DMARC1;'"));
		break;
	case ZL_DMARC_V_NOT_FIRST:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("'v=DMARC1' is not the first tag: receivers ignore the record"));
		zl_diag_hint(d, _("move 'v=DMARC1' to the start of the record"));
		break;
	case ZL_DMARC_V_INVALID:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("version '%s' is not 'DMARC1', which is case-sensitive: receivers ignore the record"), q);
		zl_diag_hint(d, _("write 'v=DMARC1'"));
		break;
	case ZL_DMARC_UNKNOWN_TAG:
		d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("unknown tag '%s': receivers ignore it"), q);
		if (f->hint != NULL)
			zl_diag_hint(d, _("write '%s' if that tag is meant"), f->hint);
		break;
	case ZL_DMARC_INVALID_VALUE:
		report_invalid_value(c, record, rec, f);
		break;
	case ZL_DMARC_P_MISSING:
		if (!report_name)
			break;
		d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("no 'p=' tag: receivers read the record as 'p=none', which enforces nothing"));
		zl_diag_hint(d, _("add 'p=none', 'p=quarantine' or 'p=reject' right after 'v=DMARC1'"));
		break;
	case ZL_DMARC_P_MISSING_NO_RUA:
		if (!report_name)
			break;
		d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("no 'p=' tag and no valid 'rua=': RFC 9989 receivers read the record as 'p=none', RFC 7489 receivers apply no DMARC processing at all"));
		zl_diag_hint(d, _("add 'p=none', 'p=quarantine' or 'p=reject' right after 'v=DMARC1'"));
		break;
	case ZL_DMARC_URI_INVALID:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("invalid report URI in '%s=' at '%s': receivers send no reports to it"), tag, q);
		if (f->hint != NULL)
			zl_diag_hint(d, _("write the address as a URI: '%s' followed by the address"), f->hint);
		break;
	case ZL_DMARC_URI_NOT_MAILTO:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("report URI '%s' in '%s=' is not a 'mailto:' URI: receivers only have to support mailto, so the reports are likely lost"),
		    q, tag);
		zl_diag_hint(d, _("use a 'mailto:' address"));
		break;
	case ZL_DMARC_MAILTO_BAD_ADDRESS:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("invalid mail address in '%s=' at '%s': receivers cannot send reports to it"), tag, q);
		break;
	case ZL_DMARC_URI_SIZE_INVALID:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("invalid size limit '%s' after a report URI: receivers may discard the URI"), q);
		zl_diag_hint(d, _("write a number with an optional unit k, m, g or t, as in '!10m', or remove the limit"));
		break;
	case ZL_DMARC_FO_BOTH_0_AND_1:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("'fo=' lists both '0' and '1', which exclude each other"));
		zl_diag_hint(d, _("keep '1' for a failure report when any check fails, or '0' for one when all fail"));
		break;
	case ZL_DMARC_FO_REPEATED:
		zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("option '%s' appears twice in 'fo='"), q);
		break;
	case ZL_DMARC_RF_UNKNOWN_FORMAT:
		zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("unknown report format '%s' in 'rf=': only 'afrf' is defined"), q);
		break;
	default:
		/* Removed tags and tag order are the findings of their own rules. */
		break;
	}
}

/* Return the DMARC tags of text as bits 1u << enum zl_dmarc_tag, when
 * text is a list of DMARC tags other than v=, as the rest of a policy is
 * when it was put in a TXT record of its own, and 0 otherwise.  Empty
 * tag-specs (";;", a leading ';') are allowed, as in a policy. */
static unsigned
dmarc_tags_of(const char *text, size_t len)
{
	struct zl_tagval_list *list = zl_xmalloc(sizeof(*list));
	unsigned tags = 0;
	bool ok;

	zl_tagval_parse(list, text, len, ZL_TAGVAL_CASELESS_NAMES);
	ok = list->count > 0 &&
	    zl_findings_count_code(&list->findings, ZL_TAGVAL_EMPTY_TAG) == list->findings.count;
	for (size_t i = 0; ok && i < list->count; i++) {
		const struct zl_tag *t = &list->tags[i];

		ok = false;
		for (int k = ZL_DMARC_TAG_P; !ok && k < ZL_DMARC_TAG_COUNT; k++) {
			if (zl_equal_caseless(text + t->name_off, t->name_len, zl_dmarc_tag_name(k))) {
				tags |= 1u << k;
				ok = true;
			}
		}
	}
	free(list);
	return ok ? tags : 0;
}

/* Append text to sb without the blanks and ';' at its ends. */
static void
add_trimmed(struct zl_strbuf *sb, const char *text, size_t len)
{
	while (len > 0 && (zl_is_wsp((unsigned char)text[0]) || text[0] == ';')) {
		text++;
		len--;
	}
	while (len > 0 && (zl_is_wsp((unsigned char)text[len - 1]) || text[len - 1] == ';'))
		len--;
	zl_strbuf_add(sb, text, len);
}

/* Report record, a TXT record at the name of the DMARC record policy that
 * goes on with its tags without "v=DMARC1".  Receivers discard it (RFC
 * 7489 section 6.6.3 step 5), so its tags are missing from the policy.
 * text and rec are scratch space. */
static void
report_continuation(struct zl_check *c, uint32_t record, uint32_t policy,
    struct zl_strbuf *text, struct zl_dmarc_record *rec)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	unsigned tags, shared;
	struct zl_strbuf merged, hint;
	struct zl_diag *d;
	char *owner;

	if (!zl_mail_txt(g, record, text) || (tags = dmarc_tags_of(text->data, text->len)) == 0)
		return;
	owner = zl_graph_name_text(g, r->owner);
	d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, 0), r->owner, ZL_TYPE_TXT,
	    _("TXT record at '%s' contains DMARC tags without 'v=DMARC1': receivers discard it, because separate records are never joined, so these tags are missing from the policy on line %u"),
	    owner, g->records[policy].line);
	free(owner);

	/* The policy's parse is kept, so its tags come without parsing again. */
	zl_mail_dmarc_get(g, policy, text, rec);
	shared = tags & rec->present;
	if (shared != 0) {
		int k = ZL_DMARC_TAG_P;

		while (!(shared & 1u << k))
			k++;
		zl_diag_hint(d, _("move the tags into the DMARC record and delete this one; the DMARC record has '%s=' already, so keep only the value that is meant"),
		    zl_dmarc_tag_name(k));
		return;
	}
	zl_strbuf_init(&merged);
	zl_strbuf_init(&hint);
	add_trimmed(&merged, text->data, text->len);
	zl_strbuf_adds(&merged, "; ");
	zl_mail_txt(g, record, text);
	add_trimmed(&merged, text->data, text->len);
	zl_mail_add_quoted(&hint, merged.data, merged.len);
	zl_diag_hint(d, _("move the tags into the DMARC record and delete this one: %s"),
	    hint.data);
	zl_strbuf_fini(&merged);
	zl_strbuf_fini(&hint);
}

/* Report the TXT records at each _dmarc name with one DMARC record that
 * go on with its tags.  Each name is looked at once, from its DMARC
 * record, so a name with many TXT records costs one pass over them. */
static void
check_continuations(struct zl_check *c, struct zl_strbuf *text, struct zl_dmarc_record *rec)
{
	const struct zl_graph *g = c->graph;
	size_t nids;
	const uint32_t *ids = zl_mail_dmarc_records(g, &nids);

	for (size_t at = 0; at < nids; at++) {
		uint32_t owner = g->records[ids[at]].owner, policy = ZL_NONE;
		size_t ntxt, dmarc = 0;
		const uint32_t *txt;

		if (!zl_mail_first_label_is(g, owner, "_dmarc"))
			continue;
		txt = zl_graph_rrset(g, owner, zl_lookup_serving_zone(g, owner), ZL_TYPE_TXT, &ntxt);
		if (ntxt < 2)
			continue;
		for (size_t i = 0; i < ntxt; i++) {
			if (zl_mail_kind_at(g, txt[i]) != ZL_MAIL_DMARC)
				continue;
			if (policy == ZL_NONE)
				policy = txt[i];
			dmarc++;
		}
		/* Two DMARC records are dmarc-multiple's finding. */
		if (dmarc != 1 || policy != ids[at])
			continue;
		for (size_t i = 0; i < ntxt; i++) {
			if (txt[i] != policy && !zl_mail_dmarc_like_at(g, txt[i], text))
				report_continuation(c, txt[i], policy, text, rec);
		}
	}
}

static void
check_dmarc_syntax(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	struct zl_dmarc_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	for (uint32_t i = 0; i < g->nrecords; i++) {
		enum zl_dmarc_place place;

		if (g->records[i].type != ZL_TYPE_TXT || !zl_mail_dmarc_like_at(g, i, &text))
			continue;
		place = zl_mail_dmarc_place(g, g->records[i].owner, NULL);
		if (place == ZL_DMARC_AT_OTHER)
			continue;
		zl_mail_dmarc_get(g, i, &text, rec);
		zl_mail_report_tagval(c, i, &rec->tags);
		/* A report authorization record (RFC 7489 section 7.1) has no
		 * p= by design. */
		for (size_t k = 0; k < rec->findings.count; k++)
			report_finding(c, i, rec, &rec->findings.items[k],
			    place == ZL_DMARC_AT_POLICY);
	}
	check_continuations(c, &text, rec);
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dmarc_syntax = {
	.id = "dmarc-syntax",
	.severity = ZL_ERROR,
	.summary = N_("DMARC record that receivers cannot read as meant"),
	.check = check_dmarc_syntax,
};
