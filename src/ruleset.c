/* The rules of one run: built-in ones and loaded ones, with their settings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rule.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
zl_ruleset_init(struct zl_ruleset *set)
{
	memset(set, 0, sizeof(*set));
	for (size_t i = 0; i < zl_rules_count(); i++)
		zl_ruleset_add(set, zl_rules_get(i));
}

void
zl_ruleset_fini(struct zl_ruleset *set)
{
	free(set->rules);
	free(set->settings);
	memset(set, 0, sizeof(*set));
}

bool
zl_ruleset_add(struct zl_ruleset *set, const struct zl_rule *rule)
{
	struct zl_rule_setting on = { .enabled = true };
	size_t len = set->len;

	if (zl_ruleset_find(set, rule->id) >= 0)
		return false;
	ZL_PUSH(set->settings, len, set->settings_cap, on);
	ZL_PUSH(set->rules, set->len, set->rules_cap, rule);
	return true;
}

long
zl_ruleset_find(const struct zl_ruleset *set, const char *id)
{
	for (size_t i = 0; i < set->len; i++) {
		if (strcmp(set->rules[i]->id, id) == 0)
			return (long)i;
	}
	return -1;
}

long
zl_ruleset_index(const struct zl_ruleset *set, const struct zl_rule *rule)
{
	for (size_t i = 0; i < set->len; i++) {
		if (set->rules[i] == rule)
			return (long)i;
	}
	return -1;
}

size_t
zl_ruleset_count(const struct zl_ruleset *set)
{
	return set != NULL ? set->len : zl_rules_count();
}

const struct zl_rule *
zl_ruleset_get(const struct zl_ruleset *set, size_t i)
{
	return set != NULL ? set->rules[i] : zl_rules_get(i);
}
