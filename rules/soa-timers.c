/* soa-timers: SOA refresh, retry and expire values that do not work
 * together. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* Shortest refresh interval worth the transfer load; RFC 1912 section 2.2
 * gives 20 minutes as the low end. */
#define REFRESH_MIN 1200

static void
check_record(struct zl_check *c, const struct zl_record *r, const struct zl_soa *s)
{
	const struct zl_graph *g = c->graph;
	struct zl_diag *d;

	/* RFC 1034 section 4.3.5: secondaries poll every refresh seconds,
	 * retry after a failed poll, and stop answering after expire. */
	if (s->retry >= s->refresh) {
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, ZL_SOA_RETRY),
		    r->owner, r->type,
		    _("SOA retry %u is not shorter than refresh %u: after a failed refresh, secondaries wait at least as long as between regular refreshes"),
		    s->retry, s->refresh);
		zl_diag_hint(d, _("set retry to a fraction of refresh, such as a third"));
	}
	if ((uint64_t)s->expire <= (uint64_t)s->refresh + s->retry) {
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, ZL_SOA_EXPIRE),
		    r->owner, r->type,
		    _("SOA expire %u is not longer than refresh plus retry (%llu): secondaries stop answering for the zone before they have retried once"),
		    s->expire, (unsigned long long)s->refresh + s->retry);
		zl_diag_hint(d, _("set expire to several times refresh, such as 1209600 (two weeks)"));
	}
	if (s->refresh < REFRESH_MIN) {
		d = zl_report(c, ZL_INFO, zl_lookup_field_pos(g, r, ZL_SOA_REFRESH),
		    r->owner, r->type,
		    _("SOA refresh %u is under 20 minutes: secondaries poll the primary more often than needed"),
		    s->refresh);
		zl_diag_hint(d, _("use NOTIFY for fast updates and a refresh of 20 minutes to 12 hours"));
	}
}

static void
check_soa_timers(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_record *r = zl_lookup_soa(g, (uint32_t)i);
		struct zl_soa soa;

		if (r != NULL && zl_lookup_soa_fields(g, r, &soa))
			check_record(c, r, &soa);
	}
}

const struct zl_rule zl_rule_soa_timers = {
	.id = "soa-timers",
	.severity = ZL_WARNING,
	.summary = N_("SOA refresh, retry and expire values that do not work together"),
	.check = check_soa_timers,
};
