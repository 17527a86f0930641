/* zone-syntax: text that no DNS server can load, reported while reading. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "load.h"
#include "rule.h"

/* The zone reader reports these findings itself (src/load.c), because it
 * sees them while it reads and then skips to the next record. */
const struct zl_rule zl_rule_zone_syntax = {
	.id = "zone-syntax",
	.severity = ZL_ERROR,
	.summary = N_("master-file syntax that name servers reject: bad names, fields, directives, quotes or parentheses"),
	.check = NULL,
};
