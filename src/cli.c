/* zonelint: command line, exit codes and output selection. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "i18n.h"
#include "report.h"
#include "rule.h"
#include "util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef ZL_VERSION
#define ZL_VERSION "0.1.0"
#endif

/* Exit statuses. */
enum {
	EXIT_CLEAN = 0,		/* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,	/* a finding at or above --fail-on */
	EXIT_TROUBLE = 2	/* usage error, or an input could not be read */
};

enum format { FORMAT_TEXT, FORMAT_JSON };
enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* A --disable, --enable or --severity option.  They are applied after
 * every rule file and plugin is loaded, so that they can name loaded
 * rules wherever they stand on the command line. */
struct setting_arg {
	int option;
	const char *arg;
};

struct options {
	struct zl_load_options load;
	struct setting_arg *settings;	/* in command-line order; owned */
	size_t nsettings, settings_cap;
	bool rules_failed;		/* a rule file or a plugin was rejected */
	enum format format;
	enum color color;
	int fail_on;		/* a severity, or -1 for never */
	bool quiet;
	int verbose;
	bool list_rules;
};

enum {
	OPT_LIST_RULES = 256, OPT_DISABLE, OPT_ENABLE, OPT_SEVERITY, OPT_FAIL_ON,
	OPT_COLOR, OPT_MAX_RECORDS, OPT_RULES, OPT_PLUGIN
};

static const struct option long_options[] = {
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "max-records", required_argument, NULL, OPT_MAX_RECORDS },
	{ "origin", required_argument, NULL, 'o' },
	{ "plugin", required_argument, NULL, OPT_PLUGIN },
	{ "quiet", no_argument, NULL, 'q' },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *out)
{
	fprintf(out, _("usage: zonelint [OPTION]... FILE...\n"
	    "Analyze DNS zone files (BIND master files) offline; each FILE is one zone.\n"
	    "\n"
	    "  -o, --origin ORIGIN      origin of the zone (only with one FILE); by default\n"
	    "                           the first $ORIGIN, the SOA owner or the file name\n"
	    "  -f, --format FORMAT      output format: text (default) or json\n"
	    "      --fail-on LEVEL      exit with 1 when a finding is at or above LEVEL:\n"
	    "                           error, warning (default), info or never\n"
	    "      --list-rules         print every rule with its severity and summary\n"
	    "      --disable RULE       do not run RULE (repeatable, or RULE,RULE)\n"
	    "      --enable RULE        run RULE again after --disable\n"
	    "      --severity RULE=LEVEL  report every finding of RULE as LEVEL\n"
	    "      --color WHEN         colour the text output: auto (default), always, never\n"
	    "      --max-records N      stop reading a zone after N records\n"
	    "      --rules FILE         add the rules of a rule file (repeatable)\n"
	    "      --plugin FILE        add the rules of a plugin, a shared object (repeatable)\n"
	    "  -q, --quiet              omit the summary line of the text output\n"
	    "  -v, --verbose            print the files read and the rules run on stderr\n"
	    "  -h, --help               print this help and exit\n"
	    "  -V, --version            print the version and exit\n"
	    "\n"
	    "Exit status: 0 when no finding is at or above --fail-on, 1 when one is,\n"
	    "2 for a usage error or an input that could not be read.\n"));
}

static void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print one of the tool's own errors on stderr with the "zonelint:" prefix. */
static void
tool_error(const char *fmt, ...)
{
	va_list ap;

	fputs("zonelint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Catalogs sit beside a binary built in the source tree; an installed
 * binary uses LOCALEDIR. */
static void
setup_locale(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *localedir = LOCALEDIR;
	struct stat st;

	setlocale(LC_ALL, "");
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(dir, sizeof(dir), "%s/locale", exe);
			if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
				localedir = dir;
		}
	}
	bindtextdomain("zonelint", localedir);
	bind_textdomain_codeset("zonelint", "UTF-8");
	textdomain("zonelint");
}

/* Apply --disable or --enable to each rule of a comma-separated list. */
static bool
set_enabled(struct zl_ruleset *rules, const char *list, bool enabled)
{
	char *copy = zl_xstrdup(list), *save = NULL;
	bool ok = true;

	for (char *id = strtok_r(copy, ",", &save); id != NULL; id = strtok_r(NULL, ",", &save)) {
		long i = zl_ruleset_find(rules, id);

		if (i < 0) {
			tool_error(_("unknown rule '%s' (see --list-rules)"), id);
			ok = false;
			continue;
		}
		rules->settings[i].enabled = enabled;
	}
	free(copy);
	return ok;
}

static bool
set_severity(struct zl_ruleset *rules, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *id;
	long i;
	enum zl_severity sev;

	if (eq == NULL || !zl_severity_from_text(eq + 1, &sev)) {
		tool_error(_("invalid --severity '%s': write RULE=error, RULE=warning or RULE=info"), arg);
		return false;
	}
	id = zl_xstrndup(arg, (size_t)(eq - arg));
	i = zl_ruleset_find(rules, id);
	if (i < 0) {
		tool_error(_("unknown rule '%s' (see --list-rules)"), id);
		free(id);
		return false;
	}
	free(id);
	rules->settings[i].severity_set = true;
	rules->settings[i].severity = sev;
	return true;
}

/* The message for a plugin that could not be loaded. */
static void
print_plugin_error(const char *path, const struct zl_plugin_error *e)
{
	const char *d = e->detail;

	switch (e->code) {
	case ZL_PLUGIN_OK:
		break;
	case ZL_PLUGIN_OPEN:
		tool_error(_("cannot load plugin '%s': %s"), path, d);
		break;
	case ZL_PLUGIN_NO_VERSION:
		tool_error(_("'%s' is not a zonelint plugin: it does not define 'zonelint_plugin_api_version'"), path);
		break;
	case ZL_PLUGIN_VERSION:
		tool_error(_("plugin '%s' was built for plugin interface version %u, but this zonelint provides version %u; rebuild it against this zonelint's <zonelint/plugin.h>"),
		    path, e->version, (unsigned)ZL_PLUGIN_API_VERSION);
		break;
	case ZL_PLUGIN_NO_INIT:
		tool_error(_("'%s' is not a zonelint plugin: it does not define 'zonelint_plugin_init'"), path);
		break;
	case ZL_PLUGIN_INIT_FAILED:
		tool_error(_("plugin '%s' failed to start: zonelint_plugin_init() returned %d"), path,
		    e->init_status);
		break;
	case ZL_PLUGIN_DUPLICATE_ID:
		tool_error(_("plugin '%s' registers rule '%s', but a built-in rule or a rule loaded before has that id"),
		    path, d);
		break;
	case ZL_PLUGIN_BAD_RULE:
		tool_error(_("plugin '%s' registers rule '%s' without an id or a check function"), path, d);
		break;
	}
}

static bool
apply_settings(const struct options *o, struct zl_ruleset *rules)
{
	bool ok = true;

	for (size_t i = 0; i < o->nsettings; i++) {
		const struct setting_arg *s = &o->settings[i];

		if (s->option == OPT_SEVERITY)
			ok = set_severity(rules, s->arg) && ok;
		else
			ok = set_enabled(rules, s->arg, s->option == OPT_ENABLE) && ok;
	}
	return ok;
}

/* The message for a mistake in a rule file. */
static void
print_decl_error(const char *path, const struct zl_decl_error *e)
{
	const char *d = e->detail;

	if (e->code == ZL_DECL_IO) {
		tool_error(_("cannot read rule file '%s': %s"), path, d);
		return;
	}
	fprintf(stderr, "%s:%u:%u: %s: ", path, e->line, e->col, _("error"));
	switch (e->code) {
	case ZL_DECL_OK:
	case ZL_DECL_IO:
		break;
	case ZL_DECL_EXPECTED_RULE:
		fprintf(stderr, _("expected 'rule ID {' but found '%s'"), d);
		break;
	case ZL_DECL_BAD_ID:
		fprintf(stderr, _("invalid rule id '%s': use lower-case letters, digits and '-'"), d);
		break;
	case ZL_DECL_DUPLICATE_ID:
		fprintf(stderr, _("duplicate rule id '%s': a built-in rule or a rule loaded before has it"), d);
		break;
	case ZL_DECL_UNKNOWN_CONDITION:
		fprintf(stderr, _("unknown condition '%s'"), d);
		break;
	case ZL_DECL_REPEATED_CONDITION:
		fprintf(stderr, _("condition '%s' is given twice in this rule"), d);
		break;
	case ZL_DECL_EXPECTED_STRING:
		fprintf(stderr, _("'%s' needs one quoted string"), d);
		break;
	case ZL_DECL_EXPECTED_PATTERN:
		fprintf(stderr, _("'%s' needs one pattern between slashes, such as /^v=spf1 /"), d);
		break;
	case ZL_DECL_UNTERMINATED:
		fprintf(stderr, _("missing closing '%s' on this line"), d);
		break;
	case ZL_DECL_BAD_FLAG:
		fprintf(stderr, _("unknown pattern flag '%s': use i, m, s or x"), d);
		break;
	case ZL_DECL_BAD_PATTERN:
		fprintf(stderr, _("invalid pattern at offset %zu: %s"), e->pattern_offset, d);
		break;
	case ZL_DECL_BAD_TYPE:
		fprintf(stderr, _("unknown record type '%s'"), d);
		break;
	case ZL_DECL_BAD_SEVERITY:
		fprintf(stderr, _("invalid severity '%s': use error, warning or info"), d);
		break;
	case ZL_DECL_BAD_TTL:
		fprintf(stderr, "%s", _("write 'ttl OPERATOR SECONDS' with OPERATOR one of < <= > >= = !="));
		break;
	case ZL_DECL_EXTRA_TEXT:
		fprintf(stderr, _("unexpected '%s'"), d);
		break;
	case ZL_DECL_BAD_REFERENCE:
		fprintf(stderr, _("'%s' refers to nothing this rule can fill in"), d);
		break;
	case ZL_DECL_MISSING_MESSAGE:
		fprintf(stderr, _("rule '%s' has no message"), d);
		break;
	case ZL_DECL_MISSING_TYPE:
		fprintf(stderr, _("rule '%s' uses 'missing' without 'type'"), d);
		break;
	case ZL_DECL_UNCLOSED_RULE:
		fprintf(stderr, _("rule '%s' is not closed with '}'"), d);
		break;
	}
	fputc('\n', stderr);
}

static void
list_rules(const struct zl_ruleset *rules)
{
	for (size_t i = 0; i < rules->len; i++) {
		const struct zl_rule *r = rules->rules[i];

		printf("%-28s %-8s %s\n", r->id, zl_severity_name(r->severity), _(r->summary));
	}
}

static bool
parse_options(int argc, char **argv, struct options *o, struct zl_analysis *a)
{
	int c;
	bool ok = true;

	while ((c = getopt_long(argc, argv, "o:f:qvhV", long_options, NULL)) != -1) {
		enum zl_severity sev;
		char *end;

		switch (c) {
		case 'o':
			o->load.origin = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o->format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = FORMAT_JSON;
			else {
				tool_error(_("unknown format '%s': use text or json"), optarg);
				ok = false;
			}
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'v':
			o->verbose++;
			break;
		case 'h':
			usage(stdout);
			exit(EXIT_CLEAN);
		case 'V':
			printf("zonelint %s\n", ZL_VERSION);
			exit(EXIT_CLEAN);
		case OPT_LIST_RULES:
			o->list_rules = true;
			break;
		case OPT_DISABLE:
		case OPT_ENABLE:
		case OPT_SEVERITY: {
			struct setting_arg arg = { c, optarg };

			ZL_PUSH(o->settings, o->nsettings, o->settings_cap, arg);
			break;
		}
		case OPT_PLUGIN: {
			struct zl_plugin_error err;

			if (zl_analysis_load_plugin(a, optarg, &err) != 0) {
				print_plugin_error(optarg, &err);
				o->rules_failed = true;
			}
			break;
		}
		case OPT_RULES: {
			struct zl_decl_error err;

			if (zl_analysis_load_rules(a, optarg, &err) != 0) {
				print_decl_error(optarg, &err);
				o->rules_failed = true;
			}
			break;
		}
		case OPT_FAIL_ON:
			if (strcmp(optarg, "never") == 0)
				o->fail_on = -1;
			else if (zl_severity_from_text(optarg, &sev))
				o->fail_on = (int)sev;
			else {
				tool_error(_("invalid --fail-on '%s': use error, warning, info or never"), optarg);
				ok = false;
			}
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = COLOR_AUTO;
			else if (strcmp(optarg, "always") == 0)
				o->color = COLOR_ALWAYS;
			else if (strcmp(optarg, "never") == 0)
				o->color = COLOR_NEVER;
			else {
				tool_error(_("invalid --color '%s': use auto, always or never"), optarg);
				ok = false;
			}
			break;
		case OPT_MAX_RECORDS:
			o->load.max_records = strtoul(optarg, &end, 10);
			if (*end != '\0' || o->load.max_records == 0) {
				tool_error(_("invalid --max-records '%s': give a positive number"), optarg);
				ok = false;
			}
			break;
		default:
			ok = false;
			break;
		}
	}
	return ok;
}

static bool
use_color(enum color c)
{
	const char *no_color = getenv("NO_COLOR");

	if (c != COLOR_AUTO)
		return c == COLOR_ALWAYS;
	return isatty(STDOUT_FILENO) && (no_color == NULL || no_color[0] == '\0');
}

int
main(int argc, char **argv)
{
	struct zl_analysis a;
	struct options o;
	int status = EXIT_CLEAN;
	size_t counts[3];

	setup_locale();
	memset(&o, 0, sizeof(o));
	zl_load_options_init(&o.load);
	o.fail_on = ZL_WARNING;
	zl_analysis_init(&a);

	if (!parse_options(argc, argv, &o, &a) || !apply_settings(&o, &a.rules)) {
		fprintf(stderr, _("Try 'zonelint --help' for more information.\n"));
		free(o.settings);
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	free(o.settings);
	if (o.rules_failed) {
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	if (o.list_rules) {
		list_rules(&a.rules);
		zl_analysis_fini(&a);
		return EXIT_CLEAN;
	}
	if (optind >= argc) {
		tool_error("%s", _("no zone file given"));
		fprintf(stderr, _("Try 'zonelint --help' for more information.\n"));
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	if (o.load.origin != NULL && argc - optind > 1) {
		tool_error("%s", _("-o applies to one zone file only"));
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}

	for (int i = optind; i < argc; i++) {
		char *error = NULL;

		if (o.verbose)
			fprintf(stderr, _("zonelint: reading '%s'\n"), argv[i]);
		if (zl_analysis_load(&a, argv[i], &o.load, &error) != 0) {
			tool_error("%s", error);
			free(error);
			status = EXIT_TROUBLE;
		}
	}
	zl_analysis_run(&a);

	if (o.format == FORMAT_JSON)
		zl_report_json(stdout, &a.graph, &a.diags);
	else
		zl_report_text(stdout, &a.graph, &a.diags, use_color(o.color),
		    !o.quiet && a.graph.nzones > 0);
	fflush(stdout);

	zl_diags_count(&a.diags, counts);
	if (status == EXIT_CLEAN && o.fail_on >= 0) {
		for (int s = o.fail_on; s <= ZL_ERROR; s++) {
			if (counts[s] > 0)
				status = EXIT_FINDINGS;
		}
	}
	zl_analysis_fini(&a);
	return status;
}
