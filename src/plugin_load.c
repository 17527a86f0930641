/* Loading rules from shared objects (--plugin). */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "plugin_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The target of zl_plugin_register(): the rule set, and the error that
 * keeps the first problem. */
struct zl_plugin_registry {
	struct zl_ruleset *set;
	struct zl_plugin_error *err;
};

int
zl_plugin_register(struct zl_plugin_registry *registry, const struct zl_rule *rule)
{
	struct zl_plugin_error *err = registry->err;
	enum zl_plugin_error_code code = ZL_PLUGIN_OK;

	if (rule == NULL || rule->id == NULL || rule->id[0] == '\0' || rule->check == NULL)
		code = ZL_PLUGIN_BAD_RULE;
	else if (!zl_ruleset_add(registry->set, rule))
		code = ZL_PLUGIN_DUPLICATE_ID;
	if (code == ZL_PLUGIN_OK)
		return 0;
	if (err->code == ZL_PLUGIN_OK) {
		err->code = code;
		snprintf(err->detail, sizeof(err->detail), "%s",
		    rule != NULL && rule->id != NULL ? rule->id : "");
	}
	return -1;
}

int
zl_plugin_open(struct zl_ruleset *set, const char *path, void **handle,
    struct zl_plugin_error *err)
{
	struct zl_plugin_registry registry = { set, err };
	size_t first = set->len;
	const unsigned *version;
	int (*init)(struct zl_plugin_registry *);
	char *local = NULL;
	void *h;

	memset(err, 0, sizeof(*err));

	/* dlopen() searches the library path for a bare file name. */
	if (strchr(path, '/') == NULL) {
		local = zl_xmalloc(strlen(path) + 3);
		strcpy(local, "./");
		strcat(local, path);
	}
	h = dlopen(local != NULL ? local : path, RTLD_NOW | RTLD_LOCAL);
	free(local);
	if (h == NULL) {
		err->code = ZL_PLUGIN_OPEN;
		snprintf(err->detail, sizeof(err->detail), "%s", dlerror());
		return -1;
	}

	/* The version comes first: calling into a plugin built against
	 * another layout of struct zl_rule could crash. */
	version = dlsym(h, "zonelint_plugin_api_version");
	*(void **)&init = dlsym(h, "zonelint_plugin_init");
	if (version == NULL) {
		err->code = ZL_PLUGIN_NO_VERSION;
	} else if (*version != ZL_PLUGIN_API_VERSION) {
		err->code = ZL_PLUGIN_VERSION;
		err->version = *version;
	} else if (init == NULL) {
		err->code = ZL_PLUGIN_NO_INIT;
	} else {
		err->init_status = init(&registry);
		if (err->init_status != 0 && err->code == ZL_PLUGIN_OK)
			err->code = ZL_PLUGIN_INIT_FAILED;
	}
	if (err->code != ZL_PLUGIN_OK) {
		set->len = first;
		dlclose(h);
		return -1;
	}
	*handle = h;
	return 0;
}

void
zl_plugin_close(void *handle)
{
	if (handle != NULL)
		dlclose(handle);
}
