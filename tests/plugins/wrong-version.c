/* A plugin that claims the next interface version: zonelint must reject
 * it before calling zonelint_plugin_init(). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include <zonelint/plugin.h>

const unsigned zonelint_plugin_api_version = ZL_PLUGIN_API_VERSION + 1;

int
zonelint_plugin_init(struct zl_plugin_registry *registry)
{
	(void)registry;
	abort();
}
