/* soa-serial-future: a date-shaped SOA serial (YYYYMMDDnn) after today. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <time.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* The serial as a date YYYYMMDD, or 0 when it does not read as one. */
static uint32_t
serial_date(uint32_t serial)
{
	uint32_t date = serial / 100, year = date / 10000;
	uint32_t month = date / 100 % 100, day = date % 100;

	if (year < 1980 || month < 1 || month > 12 || day < 1 || day > 31)
		return 0;
	return date;
}

static uint32_t
today(void)
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL)
		return 0;
	return (uint32_t)(tm.tm_year + 1900) * 10000 + (uint32_t)(tm.tm_mon + 1) * 100 +
	    (uint32_t)tm.tm_mday;
}

/* Serial numbers only move forward (RFC 1982), so a serial from the future
 * leaves every later date-based serial smaller until that date passes,
 * and secondaries ignore those updates. */
static void
check_soa_serial_future(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	uint32_t now = today();

	for (size_t i = 0; i < g->nzones && now != 0; i++) {
		const struct zl_record *r = zl_lookup_soa(g, (uint32_t)i);
		struct zl_soa soa;
		uint32_t date;
		struct zl_diag *d;

		if (r == NULL || !zl_lookup_soa_fields(g, r, &soa))
			continue;
		date = serial_date(soa.serial);
		/* One day of slack for time zones east of UTC. */
		if (date == 0 || date <= now + 1)
			continue;
		d = zl_report(c, ZL_WARNING, zl_lookup_field_pos(g, r, ZL_SOA_SERIAL),
		    r->owner, r->type,
		    _("SOA serial %u reads as the date %04u-%02u-%02u, which is in the future: serials made from today's date stay smaller, so secondaries ignore those updates"),
		    soa.serial, date / 10000, date / 100 % 100, date % 100);
		zl_diag_hint(d, _("keep incrementing this serial instead of writing the date, or step back to date serials with serial-number arithmetic (RFC 1982)"));
	}
}

const struct zl_rule zl_rule_soa_serial_future = {
	.id = "soa-serial-future",
	.severity = ZL_WARNING,
	.summary = N_("date-shaped SOA serial (YYYYMMDDnn) dated in the future"),
	.check = check_soa_serial_future,
};
