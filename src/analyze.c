/* One analysis: load zones, index the graph, run the rules, sort findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "analyze.h"

#include <stdlib.h>

#include "rule.h"
#include "suppress.h"
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
	a->report_unused_suppressions = false;
	zl_config_set_init(&a->config);
}

void
zl_analysis_fini(struct zl_analysis *a)
{
	/* Findings point at rules, so the rules go last. */
	zl_diags_fini(&a->diags);
	zl_graph_fini(&a->graph);
	zl_config_set_fini(&a->config);
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
zl_analysis_configure(struct zl_analysis *a, const char *path, bool search, char **error)
{
	return zl_config_set_load(&a->config, &a->graph, a->rules.settings, path, search, error);
}

static uint32_t
zone_of_file(const struct zl_graph *g, uint32_t file)
{
	return file < g->nfiles ? g->files[file].zone : ZL_NONE;
}

static bool
rule_enabled(void *context, const struct zl_rule *rule, uint32_t file)
{
	const struct zl_analysis *a = context;

	long i = zl_ruleset_index(&a->rules, rule);

	if (i >= 0 && !a->rules.settings[i].enabled)
		return false;
	return zl_config_set_enabled(&a->config, rule, zone_of_file(&a->graph, file));
}

/* Drop the findings that suppression comments silence, then report the
 * comments that cannot work. */
static void
apply_suppressions(struct zl_analysis *a)
{
	struct zl_suppressions s;

	zl_suppressions_init(&s);
	for (size_t i = 0; i < a->graph.nfiles; i++) {
		const struct zl_file *f = &a->graph.files[i];

		/* Scanning would fault in the pages that the reader gave back. */
		if (f->no_suppressions)
			continue;
		zl_suppressions_scan(&s, f->data, f->size, (uint32_t)i);
	}
	if (s.len > 0) {
		zl_suppressions_apply(&s, &a->diags);
		zl_suppressions_report(&s, &a->diags, a->report_unused_suppressions,
		    rule_enabled, a);
	}
	zl_suppressions_fini(&s);
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
		struct zl_check check = { &a->graph, rule, &a->diags, &a->config };

		if (rule->check != NULL && a->rules.settings[i].enabled)
			rule->check(&check);
	}
	zl_decl_run(a->decl, &a->graph, &a->diags);
	apply_suppressions(a);
	zl_config_set_apply(&a->config, &a->graph, &a->diags);
	zl_diags_sort(&a->diags);
}

bool
zl_analysis_fails(const struct zl_analysis *a, int fail_on)
{
	for (size_t i = 0; i < a->diags.len; i++) {
		const struct zl_diag *d = &a->diags.items[i];
		int level = fail_on;

		if (level == ZL_FAIL_ON_UNSET)
			level = zl_config_set_fail_on(&a->config, zone_of_file(&a->graph, d->pos.file));
		if (level == ZL_FAIL_ON_UNSET)
			level = ZL_WARNING;
		if (level >= 0 && (int)d->severity >= level)
			return true;
	}
	return false;
}
