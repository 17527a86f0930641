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
	size_t n = zl_rules_count();

	zl_graph_init(&a->graph);
	a->settings = zl_xcalloc(n, sizeof(*a->settings));
	for (size_t i = 0; i < n; i++)
		a->settings[i].enabled = true;
	zl_diags_init(&a->diags, a->settings);
	a->report_unused_suppressions = false;
}

void
zl_analysis_fini(struct zl_analysis *a)
{
	zl_diags_fini(&a->diags);
	zl_graph_fini(&a->graph);
	free(a->settings);
	a->settings = NULL;
}

int
zl_analysis_load(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt, char **error)
{
	return zl_load_zone(&a->graph, &a->diags, path, opt, error);
}

static bool
rule_enabled(void *context, const struct zl_rule *rule, uint32_t file)
{
	const struct zl_analysis *a = context;

	(void)file;
	for (size_t i = 0; i < zl_rules_count(); i++) {
		if (zl_rules_get(i) == rule)
			return a->settings[i].enabled;
	}
	return true;
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

		zl_suppressions_scan(&s, f->data, f->size, (uint32_t)i);
	}
	if (s.len > 0) {
		zl_suppressions_apply(&s, &a->diags);
		zl_suppressions_report(&s, &a->diags, a->report_unused_suppressions,
		    rule_enabled, a);
	}
	zl_suppressions_fini(&s);
}

void
zl_analysis_run(struct zl_analysis *a)
{
	zl_graph_index(&a->graph);
	for (size_t i = 0; i < zl_rules_count(); i++) {
		const struct zl_rule *rule = zl_rules_get(i);
		struct zl_check check = { &a->graph, rule, &a->diags };

		if (rule->check != NULL && a->settings[i].enabled)
			rule->check(&check);
	}
	apply_suppressions(a);
	zl_diags_sort(&a->diags);
}
