/* One analysis: load zones, index the graph, run the rules, sort findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_ANALYZE_H
#define ZL_ANALYZE_H

#include "diag.h"
#include "graph.h"
#include "load.h"

struct zl_analysis {
	struct zl_graph graph;
	struct zl_diags diags;
	struct zl_rule_setting *settings;	/* one per built-in rule; owned */
	bool report_unused_suppressions;	/* report suppression comments that silence nothing */
};

/* Start an analysis with every rule enabled at its own severity. */
void zl_analysis_init(struct zl_analysis *a);
void zl_analysis_fini(struct zl_analysis *a);

/* Load one zone file; see zl_load_zone() for the result and *error. */
int zl_analysis_load(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt, char **error);

/* Index the graph, run the enabled rules, drop the findings that
 * suppression comments in the zone files silence, and sort the findings. */
void zl_analysis_run(struct zl_analysis *a);

#endif
