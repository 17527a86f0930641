/* Settings files (.zonelint.ini): rule settings and data for the rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "i18n.h"
#include "infile.h"
#include "suggest.h"
#include "util.h"

/* The state of reading one file.  inih calls the handler after the reader
 * returned the line, so the reader's line count is the handler's line. */
struct reading {
	FILE *fp;
	const struct zl_ruleset *rules;	/* the run's rules, or NULL for the built-in ones */
	struct zl_config *config;
	uint32_t line;			/* the line read last */
	uint32_t error_line;		/* line of the first problem, or 0 */
	char *error;			/* its message; owned */
};

static void reading_error(struct reading *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Keep the first problem only: later ones often follow from it. */
static void
reading_error(struct reading *r, const char *fmt, ...)
{
	struct zl_strbuf sb;
	va_list ap;
	int n;

	if (r->error != NULL)
		return;
	zl_strbuf_init(&sb);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	zl_grow((void **)&sb.data, &sb.cap, (size_t)(n < 0 ? 0 : n) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.data, sb.cap, fmt, ap);
	va_end(ap);
	r->error = sb.data;
	r->error_line = r->line;
}

static const char *const sections[] = { "rules", "dkim", "dmarc" };

static bool
known_section(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (strlen(sections[i]) == len && strncasecmp(sections[i], name, len) == 0)
			return true;
	}
	return false;
}

/* Read one line for inih, count it, and check a section header, which
 * inih does not pass to the handler. */
static char *
read_line(char *str, int num, void *stream)
{
	struct reading *r = stream;
	size_t len;
	const char *p;

	if (fgets(str, num, r->fp) == NULL)
		return NULL;
	r->line++;
	len = strlen(str);
	if (len + 1 == (size_t)num && str[len - 1] != '\n') {
		int c;

		/* inih would read the rest of the line as a line of its own. */
		while ((c = fgetc(r->fp)) != EOF && c != '\n')
			continue;
		reading_error(r, _("%s:%u: error: line longer than %d bytes: continue a list on indented lines"),
		    r->config->path, r->line, num - 3);
	}

	p = str;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '[') {
		const char *end = strchr(p, ']');

		if (end != NULL && !known_section(p + 1, (size_t)(end - p - 1)))
			reading_error(r, _("%s:%u: error: unknown section [%.*s]: use [rules], [dkim] or [dmarc]"),
			    r->config->path, r->line, (int)(end - p - 1), p + 1);
	}
	return str;
}

/* Find the rule whose id is id, or else one whose id differs only in
 * case.  A loaded rule may differ from another only in case, and then
 * the exact id names it. */
static const struct zl_rule *
find_rule(const struct zl_ruleset *rules, const char *id, size_t *index)
{
	for (int exact = 1; exact >= 0; exact--) {
		for (size_t i = 0; i < zl_ruleset_count(rules); i++) {
			const char *rule_id = zl_ruleset_get(rules, i)->id;

			if (exact ? strcmp(rule_id, id) == 0 : strcasecmp(rule_id, id) == 0) {
				*index = i;
				return zl_ruleset_get(rules, i);
			}
		}
	}
	return NULL;
}

/* Read a level for fail-on: a severity or "never". */
static bool
fail_on_from_text(const char *text, int *fail_on)
{
	enum zl_severity sev;

	if (strcasecmp(text, "never") == 0) {
		*fail_on = -1;
		return true;
	}
	if (zl_severity_from_text(text, &sev)) {
		*fail_on = (int)sev;
		return true;
	}
	return false;
}

static int
set_rule(struct reading *r, const char *key, const char *value)
{
	struct zl_rule_setting *s;
	enum zl_severity sev;
	size_t i;

	if (strcasecmp(key, "fail-on") == 0) {
		if (fail_on_from_text(value, &r->config->fail_on))
			return 1;
		reading_error(r, _("%s:%u: error: invalid value '%s' for 'fail-on' in [rules]: use error, warning, info or never"),
		    r->config->path, r->line, value);
		return 0;
	}
	if (find_rule(r->rules, key, &i) == NULL) {
		const char *guess = zl_rules_suggest(r->rules, key, strlen(key));

		if (guess != NULL)
			reading_error(r, _("%s:%u: error: unknown key '%s' in [rules]: did you mean '%s'?"),
			    r->config->path, r->line, key, guess);
		else
			reading_error(r, _("%s:%u: error: unknown key '%s' in [rules]: 'zonelint --list-rules' prints every rule id; the rules of a rule file or plugin are known only when --rules or --plugin loads it"),
			    r->config->path, r->line, key);
		return 0;
	}

	s = &r->config->rules[i];
	if (strcasecmp(value, "off") == 0 || strcasecmp(value, "on") == 0) {
		s->enabled = strcasecmp(value, "on") == 0;
		s->enabled_set = true;
		return 1;
	}
	if (zl_severity_from_text(value, &sev)) {
		s->enabled = true;
		s->enabled_set = true;
		s->severity = sev;
		s->severity_set = true;
		return 1;
	}
	reading_error(r, _("%s:%u: error: invalid value '%s' for '%s' in [rules]: use off, on, error, warning or info"),
	    r->config->path, r->line, value, key);
	return 0;
}

/* Read a domain name; the final dot is optional.  Sets wire and text (lower
 * case, no final dot) on success. */
static bool
read_domain(const char *s, size_t len, uint8_t wire[ZL_NAME_MAX], char **text)
{
	uint8_t raw[ZL_NAME_MAX];
	size_t wire_len, err_off, text_len;
	bool relative;
	char *t;

	if (len == 0 || (len == 1 && s[0] == '.'))
		return false;
	if (zl_name_from_text(s, len, (const uint8_t *)"", raw, &wire_len, &relative,
	    &err_off) != ZL_NAME_OK)
		return false;
	zl_name_fold(raw, wire);
	t = zl_name_text(wire);
	text_len = strlen(t);
	if (text_len > 1 && t[text_len - 1] == '.')
		t[text_len - 1] = '\0';
	*text = t;
	return true;
}

/* Call add for each comma-separated item of value, without the blanks
 * around it.  Returns 0 when add rejects an item. */
static int
each_item(struct reading *r, const char *value,
    int (*add)(struct reading *r, const char *item, size_t len))
{
	const char *p = value;

	while (*p != '\0') {
		const char *end = strchr(p, ',');
		size_t len;

		if (end == NULL)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		len = (size_t)(end - p);
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len > 0 && !add(r, p, len))
			return 0;
		p = *end == ',' ? end + 1 : end;
	}
	return 1;
}

static int
add_selector(struct reading *r, const char *item, size_t len)
{
	const char *colon = memchr(item, ':', len);
	struct zl_dkim_selector sel;
	size_t sel_len;

	memset(&sel, 0, sizeof(sel));
	sel_len = colon != NULL ? len - (size_t)(colon - item) - 1 : 0;
	if (colon == NULL || sel_len == 0 ||
	    memchr(colon + 1, ':', sel_len) != NULL ||
	    !read_domain(item, (size_t)(colon - item), sel.domain, &sel.domain_text)) {
		reading_error(r, _("%s:%u: error: invalid selector '%.*s' in [dkim]: write DOMAIN:SELECTOR, e.g. example.jp:s1"),
		    r->config->path, r->line, (int)len, item);
		return 0;
	}
	sel.selector = zl_xstrndup(colon + 1, sel_len);
	ZL_PUSH(r->config->selectors, r->config->nselectors, r->config->selectors_cap, sel);
	return 1;
}

static int
add_report_domain(struct reading *r, const char *item, size_t len)
{
	uint8_t wire[ZL_NAME_MAX];
	char *text;

	if (!read_domain(item, len, wire, &text)) {
		reading_error(r, _("%s:%u: error: invalid domain name '%.*s' in [dmarc]"),
		    r->config->path, r->line, (int)len, item);
		return 0;
	}
	ZL_PUSH(r->config->report_domains, r->config->nreport_domains,
	    r->config->report_domains_cap, text);
	return 1;
}

/* "root = true" marks the top of a tree, as in EditorConfig files; the
 * search stops at the first file found anyway, so it changes nothing. */
static int
set_top_level(struct reading *r, const char *key, const char *value)
{
	if (strcasecmp(key, "root") != 0) {
		reading_error(r, _("%s:%u: error: unknown key '%s' outside a section"),
		    r->config->path, r->line, key);
		return 0;
	}
	if (strcasecmp(value, "true") == 0 || strcasecmp(value, "false") == 0)
		return 1;
	reading_error(r, _("%s:%u: error: invalid value '%s' for 'root': use true or false"),
	    r->config->path, r->line, value);
	return 0;
}

static int
handle_key(void *user, const char *section, const char *key, const char *value)
{
	struct reading *r = user;

	if (strcasecmp(section, "rules") == 0)
		return set_rule(r, key, value);
	if (strcasecmp(section, "dkim") == 0 && strcasecmp(key, "selectors") == 0)
		return each_item(r, value, add_selector);
	if (strcasecmp(section, "dmarc") == 0 &&
	    strcasecmp(key, "authorized-report-domains") == 0)
		return each_item(r, value, add_report_domain);

	if (section[0] == '\0')
		return set_top_level(r, key, value);
	if (!known_section(section, strlen(section)))
		return 0;	/* reported with the section header */
	reading_error(r, _("%s:%u: error: unknown key '%s' in [%s]"),
	    r->config->path, r->line, key, section);
	return 0;
}

void
zl_config_free(struct zl_config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->nselectors; i++) {
		free(c->selectors[i].domain_text);
		free(c->selectors[i].selector);
	}
	for (size_t i = 0; i < c->nreport_domains; i++)
		free(c->report_domains[i]);
	free(c->selectors);
	free(c->report_domains);
	free(c->rules);
	free(c->path);
	free(c);
}

int
zl_config_read(const char *path, const struct zl_ruleset *rules, struct zl_config **out,
    char **error)
{
	struct reading r;
	struct zl_config *c;
	struct zl_infile_failure why;
	char *text = NULL;
	size_t size = 0;
	int result;

	*error = NULL;
	memset(&r, 0, sizeof(r));
	/* Read through zl_infile_read_all(), so that a FIFO or a device
	 * cannot make the run wait or fill the memory. */
	if (!zl_infile_read_all(path, &text, &size, &why) ||
	    (r.fp = fmemopen(text, size, "r")) == NULL) {
		char *reason = text == NULL ? zl_infile_failure_text(&why) :
		    zl_xstrdup(strerror(errno));

		r.line = 0;
		reading_error(&r, _("%s: error: cannot read the settings file: %s"), path, reason);
		free(reason);
		free(text);
		*error = r.error;
		return -1;
	}
	c = zl_xcalloc(1, sizeof(*c));
	c->path = zl_xstrdup(path);
	c->rules = zl_xcalloc(zl_ruleset_count(rules), sizeof(*c->rules));
	c->fail_on = ZL_FAIL_ON_UNSET;
	r.config = c;
	r.rules = rules;

	result = ini_parse_stream(read_line, &r, handle_key, &r);
	fclose(r.fp);
	free(text);
	if (result != 0 && (r.error == NULL || (result > 0 && (uint32_t)result < r.error_line))) {
		free(r.error);
		r.error = NULL;
		r.line = result > 0 ? (uint32_t)result : 0;
		reading_error(&r, _("%s:%u: error: invalid line: write 'key = value' or '[section]'"),
		    path, r.line);
	}
	if (r.error != NULL) {
		*error = r.error;
		zl_config_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

static bool
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
zl_config_find(const char *zone_path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(zone_path, '/');
	struct zl_strbuf sb;
	char *folder;

	/* The folder of the zone file, as an absolute path without links. */
	if (slash == NULL)
		folder = zl_xstrdup(".");
	else if (slash == zone_path)
		folder = zl_xstrdup("/");
	else
		folder = zl_xstrndup(zone_path, (size_t)(slash - zone_path));
	if (realpath(folder, dir) == NULL) {
		free(folder);
		return NULL;
	}
	free(folder);

	zl_strbuf_init(&sb);
	for (;;) {
		char *up;

		sb.len = 0;
		zl_strbuf_adds(&sb, dir);
		if (sb.len > 1)
			zl_strbuf_addc(&sb, '/');
		zl_strbuf_adds(&sb, ZL_CONFIG_NAME);
		if (is_file(sb.data))
			return zl_strbuf_detach(&sb);
		if (strcmp(dir, "/") == 0)
			break;
		up = strrchr(dir, '/');
		if (up == dir)
			up[1] = '\0';
		else
			*up = '\0';
	}
	zl_strbuf_fini(&sb);
	return NULL;
}

void
zl_config_set_init(struct zl_config_set *set)
{
	memset(set, 0, sizeof(*set));
}

void
zl_config_set_fini(struct zl_config_set *set)
{
	for (size_t i = 0; i < set->len; i++)
		zl_config_free(set->configs[i]);
	free(set->configs);
	free(set->zone_config);
	free(set->command_line);
	memset(set, 0, sizeof(*set));
}

/* Read path unless an earlier zone already uses it; return its index. */
static int
add_config(struct zl_config_set *set, const char *path, uint32_t *index, char **error)
{
	struct zl_config *c;

	for (size_t i = 0; i < set->len; i++) {
		if (strcmp(set->configs[i]->path, path) == 0) {
			*index = (uint32_t)i;
			return 0;
		}
	}
	if (zl_config_read(path, set->rules, &c, error) != 0)
		return -1;
	*index = (uint32_t)set->len;
	ZL_PUSH(set->configs, set->len, set->cap, c);
	return 0;
}

/* Run a rule when the command line turns it on, or when it does not name
 * it and some zone's settings leave the rule on. */
static void
merge_enabled(struct zl_config_set *set, struct zl_ruleset *rules)
{
	for (size_t i = 0; i < rules->len; i++) {
		bool any = set->nzones == 0;

		if (rules->settings[i].enabled_set)
			continue;
		for (uint32_t z = 0; z < set->nzones && !any; z++)
			any = zl_config_set_enabled(set, rules->rules[i], z);
		rules->settings[i].enabled = any;
	}
}

int
zl_config_set_load(struct zl_config_set *set, const struct zl_graph *g,
    struct zl_ruleset *rules, const char *path, bool search, char **error)
{
	size_t n = rules->len ? rules->len : 1;

	*error = NULL;
	set->rules = rules;
	free(set->command_line);
	set->command_line = zl_xcalloc(n, sizeof(*set->command_line));
	memcpy(set->command_line, rules->settings, rules->len * sizeof(*set->command_line));
	free(set->zone_config);
	set->nzones = g->nzones;
	set->zone_config = zl_xcalloc(g->nzones ? g->nzones : 1, sizeof(uint32_t));

	for (size_t z = 0; z < g->nzones; z++) {
		char *found = NULL;
		const char *use = path;

		set->zone_config[z] = ZL_NONE;
		if (use == NULL && search)
			use = found = zl_config_find(g->files[g->zones[z].file].path);
		if (use == NULL)
			continue;
		if (add_config(set, use, &set->zone_config[z], error) != 0) {
			free(found);
			return -1;
		}
		free(found);
	}
	merge_enabled(set, rules);
	return 0;
}

const struct zl_config *
zl_config_set_get(const struct zl_config_set *set, uint32_t zone)
{
	if (set == NULL || zone >= set->nzones || set->zone_config[zone] == ZL_NONE)
		return NULL;
	return set->configs[set->zone_config[zone]];
}

static size_t
rule_index(const struct zl_config_set *set, const struct zl_rule *rule)
{
	const struct zl_ruleset *rules = set != NULL ? set->rules : NULL;

	for (size_t i = 0; i < zl_ruleset_count(rules); i++) {
		if (zl_ruleset_get(rules, i) == rule)
			return i;
	}
	return SIZE_MAX;
}

bool
zl_config_set_enabled(const struct zl_config_set *set, const struct zl_rule *rule,
    uint32_t zone)
{
	const struct zl_config *c = zl_config_set_get(set, zone);
	size_t i = rule_index(set, rule);

	if (i == SIZE_MAX || set == NULL)
		return true;
	if (set->command_line != NULL && set->command_line[i].enabled_set)
		return set->command_line[i].enabled;
	if (c != NULL && c->rules[i].enabled_set)
		return c->rules[i].enabled;
	return true;
}

void
zl_config_set_apply(const struct zl_config_set *set, const struct zl_graph *g,
    struct zl_diags *d)
{
	size_t out = 0;

	for (size_t k = 0; k < d->len; k++) {
		struct zl_diag *x = &d->items[k];
		uint32_t zone = x->pos.file < g->nfiles ? g->files[x->pos.file].zone : ZL_NONE;
		const struct zl_config *c = zl_config_set_get(set, zone);
		size_t i = rule_index(set, x->rule);

		if (c != NULL && i != SIZE_MAX) {
			if (!zl_config_set_enabled(set, x->rule, zone))
				continue;
			if (c->rules[i].severity_set && !set->command_line[i].severity_set)
				x->severity = c->rules[i].severity;
		}
		d->items[out++] = *x;
	}
	d->len = out;
}

int
zl_config_set_fail_on(const struct zl_config_set *set, uint32_t zone)
{
	const struct zl_config *c = zl_config_set_get(set, zone);

	return c != NULL ? c->fail_on : ZL_FAIL_ON_UNSET;
}

bool
zl_config_rule_runs(const struct zl_check *check, const char *id, uint32_t zone)
{
	const struct zl_rule *rule = zl_rules_find(id);

	return rule != NULL && zl_config_set_enabled(check->config, rule, zone);
}

const struct zl_dkim_selector *
zl_config_dkim_selectors(const struct zl_check *check, uint32_t zone, size_t *count)
{
	const struct zl_config *c = zl_config_set_get(check->config, zone);

	*count = c != NULL ? c->nselectors : 0;
	return c != NULL ? c->selectors : NULL;
}

char *const *
zl_config_dmarc_report_domains(const struct zl_check *check, uint32_t zone, size_t *count)
{
	const struct zl_config *c = zl_config_set_get(check->config, zone);

	*count = c != NULL ? c->nreport_domains : 0;
	return c != NULL ? c->report_domains : NULL;
}
