/* spf-permissive: policies that authorize too much or end without a
 * verdict. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "rule.h"
#include "spf_eval.h"
#include "spf_rules.h"
#include "txtpos.h"

/* Report a redirect= that comes before the first "all". */
static void
report_ignored_redirect(struct zl_check *c, uint32_t record, const struct zl_spf_text *t)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];

	for (size_t i = 0; i < t->parsed.nterms; i++) {
		const struct zl_spf_term *term = &t->parsed.terms[i];
		struct zl_diag *d;

		if (term->kind == ZL_SPF_ALL)
			return;
		if (term->kind != ZL_SPF_REDIRECT)
			continue;
		d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, term->offset), r->owner,
		    r->type, _("'%.*s' is ignored because the record has 'all', which matches every sender first"),
		    (int)term->len, t->text + term->offset);
		zl_diag_hint(d, _("remove either 'all' or the redirect="));
		return;
	}
}

static void
check_record(struct zl_check *c, uint32_t record)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[record];
	struct zl_spf_text t;
	bool seen_all = false, has_redirect = false, after_all_reported = false;
	struct zl_diag *d;

	/* A record with a syntax error ends in permerror, which spf-syntax
	 * reports; what its terms would allow is then beside the point. */
	if (!zl_spf_text_load(g, record, &t))
		return;
	if (t.parsed.nerrors > 0) {
		zl_spf_text_fini(&t);
		return;
	}
	for (size_t i = 0; i < t.parsed.nterms; i++) {
		const struct zl_spf_term *term = &t.parsed.terms[i];
		int len = (int)term->len;
		const char *text = t.text + term->offset;

		if (term->kind == ZL_SPF_REDIRECT)
			has_redirect = true;

		/* Terms after "all" are never evaluated (RFC 7208 section 5.1),
		 * and redirect= is ignored when "all" is there (section 6.1). */
		if (seen_all && !after_all_reported && term->kind != ZL_SPF_EXP &&
		    term->kind != ZL_SPF_UNKNOWN_MODIFIER) {
			d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, term->offset),
			    r->owner, r->type,
			    _("'%.*s' comes after 'all', so receivers never evaluate it"), len, text);
			zl_diag_hint(d, _("move the term before 'all', or remove it"));
			after_all_reported = true;
		}
		if (term->kind == ZL_SPF_ALL && !seen_all) {
			seen_all = true;
			if (term->qualifier == ZL_SPF_PASS) {
				d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, term->offset),
				    r->owner, r->type,
				    _("'%.*s' authorizes every host on the Internet to send mail as this domain, so SPF gives no protection against forged senders"),
				    len, text);
				zl_diag_hint(d, _("end the policy with '-all' or '~all'"));
			} else if (term->qualifier == ZL_SPF_NEUTRAL) {
				/* Neutral is a valid choice while a policy is tested,
				 * so this is information only (RFC 7208 section 8.2). */
				d = zl_report(c, ZL_INFO, zl_txt_position(g, record, term->offset),
				    r->owner, r->type,
				    _("'%.*s' gives unlisted senders the neutral result, which receivers treat as no policy"),
				    len, text);
				zl_diag_hint(d, _("use '~all' or '-all' once every sender is listed"));
			}
		}
		/* A zero-length prefix is every address of the family. */
		if (((term->kind == ZL_SPF_IP4 && term->cidr4 == 0) ||
		    (term->kind == ZL_SPF_IP6 && term->cidr6 == 0)) &&
		    term->qualifier == ZL_SPF_PASS && !term->has_errors) {
			d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, term->offset),
			    r->owner, r->type,
			    _("'%.*s' authorizes every %s address on the Internet, as '+all' does for that family"),
			    len, text, term->kind == ZL_SPF_IP4 ? "IPv4" : "IPv6");
			zl_diag_hint(d, _("list the networks that send mail for this domain"));
		}
		if (term->kind == ZL_SPF_PTR) {
			d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, term->offset),
			    r->owner, r->type,
			    _("'%.*s': the ptr mechanism should not be used (RFC 7208 section 5.5): it is slow, many receivers skip it, and it puts load on the reverse DNS"),
			    len, text);
			zl_diag_hint(d, _("list the sending addresses with ip4: and ip6: instead"));
		}
	}
	/* redirect= before "all" is ignored too (RFC 7208 section 6.1); one
	 * after it was reported above. */
	if (seen_all)
		report_ignored_redirect(c, record, &t);

	if (!seen_all && !has_redirect) {
		d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, 0), r->owner, r->type,
		    _("the policy ends without 'all' or 'redirect=': senders that no term matches get the neutral result, as if there were no policy"));
		zl_diag_hint(d, _("end the policy with '-all' or '~all'"));
	}
	zl_spf_text_fini(&t);
}

static void
check_spf_permissive(struct zl_check *c)
{
	size_t count;
	const uint32_t *ids = zl_spf_cache_records(zl_spf_cache_get(c->graph), &count);

	for (size_t i = 0; i < count; i++)
		check_record(c, ids[i]);
}

const struct zl_rule zl_rule_spf_permissive = {
	.id = "spf-permissive",
	.severity = ZL_WARNING,
	.summary = N_("SPF policy that authorizes every host, ends without a verdict, uses ptr, or has terms after 'all'"),
	.check = check_spf_permissive,
};
