/* dnssec-signature-time: RRSIG records that have expired or are not yet
 * valid at the time of the check. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"

/* RRSIG fields as presentation field numbers. */
enum { FIELD_EXPIRATION = 4, FIELD_INCEPTION = 5 };

enum problem { EXPIRED, NOT_YET_VALID };

/* Format a time of an RRSIG field as YYYY-MM-DD HH:MM:SS UTC. */
static void
format_time(int64_t t, char buf[32])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		snprintf(buf, 32, "%lld", (long long)t);
	else
		strftime(buf, 32, "%Y-%m-%d %H:%M:%S", &tm);
}

/* The RRSIG time closest to now with the given 32-bit value (RFC 4034
 * section 3.1.5: the fields are serial numbers, RFC 1982). */
static int64_t
serial_time(uint32_t value, int64_t now)
{
	return now + (int32_t)(value - (uint32_t)now);
}

static struct zl_diag *
report_time(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	enum problem problem = *(const enum problem *)arg;
	int64_t now = zl_dnssec_now();
	struct zl_rrsig sig;
	struct zl_diag *d;
	char tname[16], when[32], *owner;

	if (!zl_dnssec_rrsig_fields(g, r, &sig))
		return NULL;
	owner = zl_graph_name_text(g, r->owner);
	zl_rrtype_name(sig.type_covered, tname);
	if (problem == EXPIRED) {
		format_time(serial_time(sig.expiration, now), when);
		d = zl_report(c, c->rule->severity, zl_lookup_field_pos(g, r, FIELD_EXPIRATION),
		    r->owner, r->type,
		    _("RRSIG over the %s RRset of '%s' expired at %s UTC: validating resolvers treat the answer as bogus"),
		    tname, owner, when);
		zl_diag_hint(d, _("sign the zone again, and make sure signing runs well before signatures expire"));
	} else {
		format_time(serial_time(sig.inception, now), when);
		d = zl_report(c, c->rule->severity, zl_lookup_field_pos(g, r, FIELD_INCEPTION),
		    r->owner, r->type,
		    _("RRSIG over the %s RRset of '%s' is not valid before %s UTC: validating resolvers treat the answer as bogus until then"),
		    tname, owner, when);
		zl_diag_hint(d, _("check the clock of the signing host, and sign the zone again with an inception time in the past"));
	}
	free(owner);
	return d;
}

/* RFC 4035 section 5.3.1: a validator accepts an RRSIG only between its
 * inception and expiration times, compared in serial number arithmetic. */
static void
check_dnssec_signature_time(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	int64_t now = zl_dnssec_now();
	struct zl_dnssec_group expired, early;
	enum problem p_expired = EXPIRED, p_early = NOT_YET_VALID;

	zl_dnssec_group_init(&expired, ZL_DNSSEC_GROUP_LIMIT);
	zl_dnssec_group_init(&early, ZL_DNSSEC_GROUP_LIMIT);
	for (size_t z = 0; z < g->nzones; z++) {
		size_t n;
		const uint32_t *sigs = zl_graph_type_records(g, ZL_TYPE_RRSIG, (uint32_t)z, &n);

		for (size_t i = 0; i < n; i++) {
			uint32_t id = sigs[i];
			struct zl_rrsig sig;

			if (!zl_dnssec_rrsig_fields(g, &g->records[id], &sig))
				continue;
			if ((int32_t)(sig.expiration - (uint32_t)now) < 0)
				zl_dnssec_group_add(&expired, id);
			else if ((int32_t)(sig.inception - (uint32_t)now) > 0)
				zl_dnssec_group_add(&early, id);
		}
		zl_dnssec_group_flush(&expired, c, report_time, &p_expired);
		zl_dnssec_group_flush(&early, c, report_time, &p_early);
	}
	zl_dnssec_group_fini(&expired);
	zl_dnssec_group_fini(&early);
}

const struct zl_rule zl_rule_dnssec_signature_time = {
	.id = "dnssec-signature-time",
	.severity = ZL_ERROR,
	.summary = N_("RRSIG expired or not yet valid"),
	.check = check_dnssec_signature_time,
};
