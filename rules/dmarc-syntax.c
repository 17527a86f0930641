/* dmarc-syntax: DMARC policy records that receivers cannot read as meant. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "i18n.h"
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

/* Return whether text is a list of DMARC tags other than v=, as the rest
 * of a policy is when it was put in a TXT record of its own. */
static bool
is_dmarc_tags(const char *text, size_t len)
{
	struct zl_tagval_list *list = zl_xmalloc(sizeof(*list));
	bool ok;

	zl_tagval_parse(list, text, len, ZL_TAGVAL_CASELESS_NAMES);
	ok = list->count > 0 && list->findings.count == 0;
	for (size_t i = 0; ok && i < list->count; i++) {
		const struct zl_tag *t = &list->tags[i];

		ok = false;
		for (int k = ZL_DMARC_TAG_P; !ok && k < ZL_DMARC_TAG_COUNT; k++)
			ok = zl_equal_caseless(text + t->name_off, t->name_len, zl_dmarc_tag_name(k));
	}
	free(list);
	return ok;
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

/* Report a TXT record at a _dmarc name that goes on with the tags of the
 * DMARC record there, without "v=DMARC1".  Receivers discard it (RFC 7489
 * section 6.6.3 step 5), so its tags are missing from the policy.  text is
 * scratch space. */
static void
check_cut(struct zl_check *c, uint32_t record, struct zl_strbuf *text)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	uint32_t policy = ZL_NONE;
	size_t ntxt;
	const uint32_t *txt = zl_graph_rrset(g, r->owner, zl_record_zone(g, r), ZL_TYPE_TXT, &ntxt);
	struct zl_strbuf merged;
	struct zl_diag *d;
	char *owner;

	for (size_t i = 0; i < ntxt; i++) {
		if (zl_mail_kind_at(g, txt[i]) != ZL_MAIL_DMARC)
			continue;
		if (policy != ZL_NONE)
			return;
		policy = txt[i];
	}
	if (policy == ZL_NONE || !zl_mail_txt(g, record, text) ||
	    !is_dmarc_tags(text->data, text->len))
		return;

	zl_strbuf_init(&merged);
	zl_mail_txt(g, policy, text);
	add_trimmed(&merged, text->data, text->len);
	zl_strbuf_adds(&merged, "; ");
	zl_mail_txt(g, record, text);
	add_trimmed(&merged, text->data, text->len);
	owner = zl_graph_name_text(g, r->owner);
	d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, 0), r->owner, ZL_TYPE_TXT,
	    _("TXT record at '%s' contains DMARC tags without 'v=DMARC1': receivers discard it, because separate records are never joined, so these tags are missing from the policy on line %u"),
	    owner, g->records[policy].line);
	zl_diag_hint(d, _("move the tags into the DMARC record and delete this one: \"%s\""),
	    merged.data);
	free(owner);
	zl_strbuf_fini(&merged);
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

		if (g->records[i].type != ZL_TYPE_TXT)
			continue;
		if (!zl_mail_dmarc_like_at(g, i, &text)) {
			if (zl_mail_first_label_is(g, g->records[i].owner, "_dmarc"))
				check_cut(c, i, &text);
			continue;
		}
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
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dmarc_syntax = {
	.id = "dmarc-syntax",
	.severity = ZL_ERROR,
	.summary = N_("DMARC record that receivers cannot read as meant"),
	.check = check_dmarc_syntax,
};
