/* Loading rules from shared objects (--plugin). */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_PLUGIN_LOAD_H
#define ZL_PLUGIN_LOAD_H

#include "rule.h"

/* Reasons a plugin was not loaded.  The CLI turns each code into a message. */
enum zl_plugin_error_code {
	ZL_PLUGIN_OK,
	ZL_PLUGIN_OPEN,			/* dlopen() failed; detail: dlerror() */
	ZL_PLUGIN_NO_VERSION,		/* no zonelint_plugin_api_version symbol */
	ZL_PLUGIN_VERSION,		/* built for another interface version */
	ZL_PLUGIN_NO_INIT,		/* no zonelint_plugin_init symbol */
	ZL_PLUGIN_INIT_FAILED,		/* zonelint_plugin_init() returned init_status */
	ZL_PLUGIN_DUPLICATE_ID,		/* detail: the id */
	ZL_PLUGIN_BAD_RULE		/* empty id or no check function; detail: the id */
};

struct zl_plugin_error {
	enum zl_plugin_error_code code;
	unsigned version;		/* for ZL_PLUGIN_VERSION: the plugin's */
	int init_status;
	char detail[256];
};

/* Open the shared object at path (a path without '/' is taken relative
 * to the current directory, not searched for), check its interface
 * version and let it register its rules in set.  Returns 0 and sets
 * *handle for zl_plugin_close(), or -1 with *err filled; then no rule of
 * the plugin is left in set and the object is closed. */
int zl_plugin_open(struct zl_ruleset *set, const char *path, void **handle,
    struct zl_plugin_error *err);

/* Close a plugin once neither its rules nor their findings are used. */
void zl_plugin_close(void *handle);

#endif
