/* zone-adjacent-strings: quoted strings with no blank between them. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "load.h"
#include "rule.h"

/* BIND reads "a""b" as two strings; Knot DNS and NSD reject the zone.  The
 * zone reader reports it while it reads (src/load.c). */
const struct zl_rule zl_rule_zone_adjacent_strings = {
	.id = "zone-adjacent-strings",
	.severity = ZL_WARNING,
	.summary = N_("quoted strings that touch without a blank, which Knot DNS and NSD reject"),
	.check = NULL,
};
