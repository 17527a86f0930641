/* The table of built-in rules and the reporting entry point for rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rule.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"

/* Each rule lives in its own file under rules/; adding one is adding the
 * file, its declaration here and its line in the table. */
extern const struct zl_rule zl_rule_txt_misencoded;
extern const struct zl_rule zl_rule_zone_adjacent_strings;
extern const struct zl_rule zl_rule_zone_missing_dot;
extern const struct zl_rule zl_rule_zone_suppression;
extern const struct zl_rule zl_rule_zone_syntax;

static const struct zl_rule *const builtin[] = {
	&zl_rule_txt_misencoded,
	&zl_rule_zone_adjacent_strings,
	&zl_rule_zone_missing_dot,
	&zl_rule_zone_suppression,
	&zl_rule_zone_syntax,
};

size_t
zl_rules_count(void)
{
	return sizeof(builtin) / sizeof(builtin[0]);
}

const struct zl_rule *
zl_rules_get(size_t i)
{
	return i < zl_rules_count() ? builtin[i] : NULL;
}

const struct zl_rule *
zl_rules_find(const char *id)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		if (strcmp(builtin[i]->id, id) == 0)
			return builtin[i];
	}
	return NULL;
}

struct zl_diag *
zl_report(struct zl_check *check, enum zl_severity severity, struct zl_pos pos,
    uint32_t owner, uint16_t type, const char *fmt, ...)
{
	struct zl_diag *d;
	va_list ap;

	va_start(ap, fmt);
	d = zl_diag_vemit(check->diags, check->rule, severity, pos, owner, type, fmt, ap);
	va_end(ap);
	return d;
}

const char *
zl_severity_name(enum zl_severity severity)
{
	switch (severity) {
	case ZL_INFO: return "info";
	case ZL_WARNING: return "warning";
	case ZL_ERROR: return "error";
	}
	return "error";
}

int
zl_severity_from_text(const char *text, enum zl_severity *severity)
{
	static const enum zl_severity all[] = { ZL_INFO, ZL_WARNING, ZL_ERROR };

	for (size_t i = 0; i < 3; i++) {
		if (strcmp(text, zl_severity_name(all[i])) == 0) {
			*severity = all[i];
			return 1;
		}
	}
	return 0;
}
