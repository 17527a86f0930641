/* One analysis: load zones, index the graph, run the rules, sort findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "analyze.h"

#include <stdlib.h>

#include "rule.h"
#include "util.h"

void
zl_analysis_init(struct zl_analysis *a)
{
	zl_graph_init(&a->graph);
	zl_ruleset_init(&a->rules);
	zl_diags_init(&a->diags, &a->rules);
	a->decl = NULL;
	a->plugins = NULL;
	a->nplugins = a->plugins_cap = 0;
}

void
zl_analysis_fini(struct zl_analysis *a)
{
	/* Findings point at rules, so the rules go last. */
	zl_diags_fini(&a->diags);
	zl_graph_fini(&a->graph);
	zl_ruleset_fini(&a->rules);
	zl_decl_free(a->decl);
	a->decl = NULL;
	for (size_t i = 0; i < a->nplugins; i++)
		zl_plugin_close(a->plugins[i]);
	free(a->plugins);
	a->plugins = NULL;
	a->nplugins = a->plugins_cap = 0;
}

int
zl_analysis_load(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt, char **error)
{
	return zl_load_zone(&a->graph, &a->diags, path, opt, error);
}

int
zl_analysis_load_rules(struct zl_analysis *a, const char *path,
    struct zl_decl_error *err)
{
	if (a->decl == NULL)
		a->decl = zl_decl_new();
	return zl_decl_load(a->decl, path, &a->rules, err);
}

int
zl_analysis_load_plugin(struct zl_analysis *a, const char *path,
    struct zl_plugin_error *err)
{
	void *handle;

	if (zl_plugin_open(&a->rules, path, &handle, err) != 0)
		return -1;
	ZL_PUSH(a->plugins, a->nplugins, a->plugins_cap, handle);
	return 0;
}

void
zl_analysis_run(struct zl_analysis *a)
{
	zl_graph_index(&a->graph);
	for (size_t i = 0; i < a->rules.len; i++) {
		const struct zl_rule *rule = a->rules.rules[i];
		struct zl_check check = { &a->graph, rule, &a->diags };

		if (rule->check != NULL && a->rules.settings[i].enabled)
			rule->check(&check);
	}
	zl_decl_run(a->decl, &a->graph, &a->diags);
	zl_diags_sort(&a->diags);
}
