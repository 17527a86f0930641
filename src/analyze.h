/* One analysis: load zones, index the graph, run the rules, sort findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_ANALYZE_H
#define ZL_ANALYZE_H

#include "config.h"
#include "decl.h"
#include "diag.h"
#include "graph.h"
#include "load.h"
#include "plugin_load.h"
#include "rule.h"

struct zl_analysis {
	struct zl_graph graph;
	struct zl_diags diags;
	struct zl_ruleset rules;	/* built-in and loaded rules with their settings */
	struct zl_decl *decl;		/* rules read with --rules; owned, may be NULL */
	void **plugins;			/* handles of the loaded plugins; owned */
	size_t nplugins, plugins_cap;
	bool report_unused_suppressions;	/* report suppression comments that silence nothing */
	struct zl_config_set config;		/* settings files of the zones */
	unsigned jobs;				/* threads that run the built-in rules; 0 or 1: none */
	struct zl_analysis_groups *groups;	/* zones that zl_analysis_run_group()
						 * analyzed, with their findings;
						 * owned, NULL before the first group */
};

/* Start an analysis with every built-in rule enabled at its own severity. */
void zl_analysis_init(struct zl_analysis *a);
void zl_analysis_fini(struct zl_analysis *a);

/* Load one zone file; see zl_load_zone() for the result and *error. */
int zl_analysis_load(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt, char **error);

/* Add the rules of a rule file; see zl_decl_load(). */
int zl_analysis_load_rules(struct zl_analysis *a, const char *path,
    struct zl_decl_error *err);

/* Load a plugin and add its rules; see zl_plugin_open(). */
int zl_analysis_load_plugin(struct zl_analysis *a, const char *path,
    struct zl_plugin_error *err);

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
 * files turn off, and sort the findings.  With a->jobs above 1 the
 * built-in rules and the rule files run on that many threads; the
 * findings come out the same as with one. */
void zl_analysis_run(struct zl_analysis *a);

/* Analyze the zones loaded since the last group as a group of their own,
 * as zl_analysis_run() does, so that their references resolve only to
 * each other, as in one view of named.conf.  Then move the zones, their
 * findings and their mail posture aside, and leave a->graph, a->diags and
 * a->config empty for the next group.  Call zl_analysis_configure()
 * before each group. */
void zl_analysis_run_group(struct zl_analysis *a);

/* Put the groups back into a->graph and a->diags in the order they were
 * analyzed, for the reports and zl_analysis_fails(); see
 * zl_graph_append().  A file read in several groups appears once per
 * group.  Findings at the same place of files with the same path, with
 * the same rule and message, are kept once, the first of them.  A
 * suppression comment is reported as unused only when it silenced no
 * finding in any group that read its file.  Call zl_analysis_configure()
 * again afterwards. */
void zl_analysis_join_groups(struct zl_analysis *a);

#endif
