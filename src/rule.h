/* The rule interface and the table of built-in rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_RULE_H
#define ZL_RULE_H

#include <stdbool.h>
#include <stddef.h>

/* struct zl_rule, struct zl_check, zl_report() and the graph accessors
 * are the public interface that plugins use too; built-in rules include
 * it through this header, so they prove that it is complete. */
#include <zonelint/plugin.h>

#include "graph.h"

/* The table of built-in rules, in the order --list-rules prints them. */
size_t zl_rules_count(void);

/* Return whether rule is one of zonelint's own rules, not a loaded one. */
bool zl_rule_builtin(const struct zl_rule *rule);
const struct zl_rule *zl_rules_get(size_t i);
/* The rule with this id, or NULL. */
const struct zl_rule *zl_rules_find(const char *id);

const char *zl_severity_name(enum zl_severity severity);
/* Read "error", "warning" or "info"; false for anything else. */
int zl_severity_from_text(const char *text, enum zl_severity *severity);

/* The settings of one rule in a run. */
struct zl_rule_setting {
	bool enabled;
	bool enabled_set;		/* enabled was given, not the default */
	bool severity_set;		/* severity below replaces the rule's own */
	enum zl_severity severity;
};

/* The rules of one run: the built-in ones, then those loaded from rule
 * files and plugins, in the order they were loaded. */
struct zl_ruleset {
	const struct zl_rule **rules;		/* the rules are not owned */
	struct zl_rule_setting *settings;	/* one per rule; owned */
	size_t len;
	size_t rules_cap, settings_cap;
};

/* Start a set with every built-in rule, enabled at its own severity. */
void zl_ruleset_init(struct zl_ruleset *set);
void zl_ruleset_fini(struct zl_ruleset *set);

/* Append a loaded rule, enabled.  Returns false, leaving the set as it
 * was, when a rule with the same id is already in the set. */
bool zl_ruleset_add(struct zl_ruleset *set, const struct zl_rule *rule);

/* The index of the rule with this id or of this rule, or -1. */
long zl_ruleset_find(const struct zl_ruleset *set, const char *id);
long zl_ruleset_index(const struct zl_ruleset *set, const struct zl_rule *rule);

/* Count the rules of set, and return its rule i.  A NULL set is the
 * built-in rules alone.  A set starts with them, so both number the
 * built-in rules alike. */
size_t zl_ruleset_count(const struct zl_ruleset *set);
const struct zl_rule *zl_ruleset_get(const struct zl_ruleset *set, size_t i);

#endif
