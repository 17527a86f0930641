/* A plugin whose second rule takes the id of a built-in rule: zonelint
 * must reject it and keep none of its rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <zonelint/plugin.h>

ZL_PLUGIN_DEFINE_VERSION;

static void
check_nothing(struct zl_check *c)
{
	(void)c;
}

static const struct zl_rule fresh = {
	.id = "test-fresh", .severity = ZL_INFO, .summary = "x", .check = check_nothing,
};
static const struct zl_rule taken = {
	.id = "zone-syntax", .severity = ZL_INFO, .summary = "x", .check = check_nothing,
};

int
zonelint_plugin_init(struct zl_plugin_registry *registry)
{
	zl_plugin_register(registry, &fresh);
	return zl_plugin_register(registry, &taken);
}
