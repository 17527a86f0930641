/* spf-host-no-ipv6: a terms whose hosts have an IPv4 address but no IPv6
 * address, two or more in one record. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"
#include "rule.h"
#include "spf_rules.h"

static void
check_spf_host_no_ipv6(struct zl_check *c)
{
	zl_spf_check_hosts(c, ZL_SPF_HOST_NO_IPV6);
}

const struct zl_rule zl_rule_spf_host_no_ipv6 = {
	.id = "spf-host-no-ipv6",
	.severity = ZL_INFO,
	.summary = N_("a terms whose hosts have an IPv4 address but no IPv6 address, two or more in one record"),
	.check = check_spf_host_no_ipv6,
};
