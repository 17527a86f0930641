/* zone-suppression: suppression comments that cannot work or are unused. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "rule.h"
#include "suppress.h"

/* A mistyped rule id in "; zonelint: disable=RULE" would silently leave
 * the finding in place, or hide a later one.  The findings are made by
 * src/suppress.c after the other rules ran. */
const struct zl_rule zl_rule_zone_suppression = {
	.id = "zone-suppression",
	.severity = ZL_WARNING,
	.summary = N_("suppression comments with an unknown rule id or keyword, or that silence nothing"),
	.check = NULL,
};
