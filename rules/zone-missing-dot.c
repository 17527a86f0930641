/* zone-missing-dot: a relative name that was meant to be absolute. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "load.h"
#include "rule.h"

/* TODO: only $ORIGIN and $INCLUDE origins are checked; owners and targets
 * that repeat the origin ("mail.example.jp" inside example.jp.) are not. */
const struct zl_rule zl_rule_zone_missing_dot = {
	.id = "zone-missing-dot",
	.severity = ZL_ERROR,
	.summary = N_("relative name meant as absolute, so the origin is appended to it"),
	.check = NULL,
};
