/* spf-host-no-address: a or mx term whose host in the loaded zones has no address, so it matches no sender. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "rule.h"
#include "spf_rules.h"

static void
check_spf_host_no_address(struct zl_check *c)
{
	zl_spf_check_hosts(c, ZL_SPF_HOST_NO_ADDRESS);
}

const struct zl_rule zl_rule_spf_host_no_address = {
	.id = "spf-host-no-address",
	.severity = ZL_WARNING,
	.summary = N_("a or mx term whose host in the loaded zones has no address, so it matches no sender"),
	.check = check_spf_host_no_address,
};
