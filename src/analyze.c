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
