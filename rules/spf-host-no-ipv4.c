/* spf-host-no-ipv4: a or mx term whose host has an IPv6 address but no IPv4 address. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "rule.h"
#include "spf_rules.h"

static void
check_spf_host_no_ipv4(struct zl_check *c)
{
	zl_spf_check_hosts(c, ZL_SPF_HOST_NO_IPV4);
}

const struct zl_rule zl_rule_spf_host_no_ipv4 = {
	.id = "spf-host-no-ipv4",
	.severity = ZL_WARNING,
	.summary = N_("a or mx term whose host has an IPv6 address but no IPv4 address"),
	.check = check_spf_host_no_ipv4,
};
