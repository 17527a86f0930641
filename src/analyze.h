/* One analysis: load zones, index the graph, run the rules, sort findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_ANALYZE_H
#define ZL_ANALYZE_H

#include "config.h"
#include "diag.h"
#include "graph.h"
#include "load.h"

struct zl_analysis {
	struct zl_graph graph;
	struct zl_diags diags;
	struct zl_rule_setting *settings;	/* one per built-in rule; owned */
	bool report_unused_suppressions;	/* report suppression comments that silence nothing */
	struct zl_config_set config;		/* settings files of the zones */
};

/* Start an analysis with every rule enabled at its own severity. */
void zl_analysis_init(struct zl_analysis *a);
void zl_analysis_fini(struct zl_analysis *a);

/* Load one zone file; see zl_load_zone() for the result and *error. */
int zl_analysis_load(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt, char **error);

/* Find and read the settings file of every loaded zone, or path for all
 * of them; see zl_config_set_load().  Call after loading the zones and
 * before zl_analysis_run().  Returns 0, or -1 with a message in *error
 * (free() it). */
int zl_analysis_configure(struct zl_analysis *a, const char *path, bool search,
    char **error);

/* Return whether a finding is at or above its fail-on level: fail_on when
 * the command line gave it (else ZL_FAIL_ON_UNSET), else the fail-on of
 * the settings file of the finding's zone, else warning.  -1 is never. */
bool zl_analysis_fails(const struct zl_analysis *a, int fail_on);

/* Index the graph, run the enabled rules, drop the findings that
 * suppression comments in the zone files silence or that the settings
 * files turn off, and sort the findings. */
void zl_analysis_run(struct zl_analysis *a);

#endif
