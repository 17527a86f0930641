/* Settings files (.zonelint.ini): rule settings and data for the rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_CONFIG_H
#define ZL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "graph.h"
#include "name.h"
#include "rule.h"

/* The file name that zl_config_find() looks for. */
#define ZL_CONFIG_NAME ".zonelint.ini"

/* A fail-on level that was not given; -1 is "never", else a severity. */
#define ZL_FAIL_ON_UNSET (-2)

/* A DKIM selector that a domain is expected to publish, from [dkim]. */
struct zl_dkim_selector {
	uint8_t domain[ZL_NAME_MAX];	/* wire form, lower case */
	char *domain_text;		/* lower case, no final dot; owned */
	char *selector;			/* as written; owned */
};

/* One settings file.
 *
 *   [rules]
 *   RULE = off | on | error | warning | info    (a built-in or loaded rule)
 *   fail-on = error | warning | info | never
 *   [dkim]
 *   selectors = example.jp:s1, example.jp:s2
 *   [dmarc]
 *   authorized-report-domains = example.net, example.org
 *
 * Lists may continue on indented lines, and a repeated list key adds to
 * the list. */
struct zl_config {
	char *path;			/* owned */
	struct zl_rule_setting *rules;	/* one per rule of the run's rule set; owned.
					 * enabled_set and severity_set mark the rules
					 * the file sets */
	int fail_on;			/* ZL_FAIL_ON_UNSET, -1 for never, or a severity */
	struct zl_dkim_selector *selectors;	/* owned */
	size_t nselectors, selectors_cap;
	char **report_domains;		/* lower case, no final dot; owned */
	size_t nreport_domains, report_domains_cap;
};

/* Read the settings file at path, whose [rules] may name any rule of
 * rules, or only the built-in ones when rules is NULL.  Returns 0 and
 * sets *out (free it with zl_config_free()), or returns -1 and sets
 * *error to one line "PATH:LINE: error: MESSAGE" (free() it), naming
 * the first problem. */
int zl_config_read(const char *path, const struct zl_ruleset *rules, struct zl_config **out,
    char **error);
void zl_config_free(struct zl_config *c);

/* Find the settings file of a zone file: ZL_CONFIG_NAME in the folder of
 * zone_path or the closest folder above it.  The search stops at the
 * first file found, and settings are not merged across folders.  Returns
 * the path (free() it), or NULL when there is none. */
char *zl_config_find(const char *zone_path);

/* The settings files of one run and the file of each zone. */
struct zl_config_set {
	struct zl_config **configs;	/* owned */
	size_t len, cap;
	uint32_t *zone_config;		/* per zone: index into configs, or ZL_NONE; owned */
	size_t nzones;
	const struct zl_ruleset *rules;		/* the run's rules, or NULL for the
						 * built-in ones only */
	struct zl_rule_setting *command_line;	/* the settings given on the command
						 * line, one per rule; owned */
};

void zl_config_set_init(struct zl_config_set *set);
void zl_config_set_fini(struct zl_config_set *set);

/* Find and read the settings file of every zone of g: path for all of
 * them when not NULL, else zl_config_find() for each, else none when
 * search is false.  The settings of rules are those of the command line,
 * which override the files.  Rules that no zone needs are turned off in
 * them.  rules must outlive set.
 * Returns 0, or -1 with a message in *error (free() it). */
int zl_config_set_load(struct zl_config_set *set, const struct zl_graph *g,
    struct zl_ruleset *rules, const char *path, bool search, char **error);

/* The settings file that applies to zone, or NULL. */
const struct zl_config *zl_config_set_get(const struct zl_config_set *set, uint32_t zone);

/* Drop the findings of rules that the settings of their zone turn off,
 * and give the others the severity the settings set, unless the command
 * line set it. */
void zl_config_set_apply(const struct zl_config_set *set, const struct zl_graph *g,
    struct zl_diags *d);

/* Return whether the settings let rule run in zone.  set may be NULL. */
bool zl_config_set_enabled(const struct zl_config_set *set, const struct zl_rule *rule,
    uint32_t zone);

/* The fail-on level of zone's settings file, or ZL_FAIL_ON_UNSET. */
int zl_config_set_fail_on(const struct zl_config_set *set, uint32_t zone);

/* Return whether the built-in rule id runs for zone in the run of check,
 * after the command line and the zone's settings file.  A rule uses it to
 * leave a cause to the rule that reports it, and to report the cause
 * itself when that rule is turned off. */
bool zl_config_rule_runs(const struct zl_check *check, const char *id, uint32_t zone);

/* The DKIM selectors ([dkim] selectors) of the settings file that applies
 * to zone, for the DKIM rules.  Sets *count; the array belongs to the run.
 * check->config may be NULL (no settings): the result is then empty. */
const struct zl_dkim_selector *zl_config_dkim_selectors(const struct zl_check *check,
    uint32_t zone, size_t *count);

/* The domains that may receive DMARC reports for the zone's domains
 * ([dmarc] authorized-report-domains), lower case, without final dot. */
char *const *zl_config_dmarc_report_domains(const struct zl_check *check, uint32_t zone,
    size_t *count);

#endif
