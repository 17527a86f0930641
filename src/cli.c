/* zonelint: command line, exit codes and output selection. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "baseline.h"
#include "i18n.h"
#include "infile.h"
#include "mailtxt.h"
#include "name.h"
#include "namedconf.h"
#include "outfile.h"
#include "posture.h"
#include "report.h"
#include "rule.h"
#include "spf_explain.h"
#include "suggest.h"
#include "util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef ZL_VERSION
#define ZL_VERSION "0.1.0"
#endif
#ifndef ZL_DOCDIR
#define ZL_DOCDIR "/usr/local/share/doc/zonelint"
#endif
#ifndef ZL_HOMEPAGE
#define ZL_HOMEPAGE ""
#endif
#ifndef ZL_RULE_DOC_URL
#define ZL_RULE_DOC_URL ""
#endif

/* Exit statuses. */
enum {
	EXIT_CLEAN = 0,		/* nothing at or above --fail-on */
	EXIT_FINDINGS = 1,	/* a finding at or above --fail-on */
	EXIT_TROUBLE = 2	/* usage error, an input could not be read, or a
				 * zone was cut off by --max-records */
};

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_MARKDOWN, FORMAT_DIFF, FORMAT_HTML };

/* The names --format accepts. */
static const struct {
	const char *name;
	enum format format;
} formats[] = {
	{ "text", FORMAT_TEXT },
	{ "json", FORMAT_JSON },
	{ "sarif", FORMAT_SARIF },
	{ "markdown", FORMAT_MARKDOWN },
	{ "diff", FORMAT_DIFF },
	{ "html", FORMAT_HTML },
};

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
	bool fail_on_set;	/* --fail-on was given */
	const char *config;	/* --config FILE, or NULL to search */
	bool no_config;		/* --no-config */
	const char *baseline;	/* --baseline FILE */
	const char *write_baseline;	/* --write-baseline FILE */
	const char *named_conf;	/* --named-conf FILE */
	bool quiet;
	int verbose;
	bool list_rules;
	const char *output;	/* -O FILE, or NULL for stdout */
	const char *explain;	/* --explain RULE, or NULL */
	bool posture;		/* print the mail posture table instead of findings */
	const char *explain_spf;	/* --explain-spf NAME, or NULL */
	bool report_unused;	/* --report-unused-suppressions */
	unsigned jobs;		/* -j N; 0 for one per processor */
};

enum {
	OPT_LIST_RULES = 256, OPT_DISABLE, OPT_ENABLE, OPT_SEVERITY, OPT_FAIL_ON,
	OPT_COLOR, OPT_MAX_RECORDS, OPT_EXPLAIN, OPT_DKIM_SELECTOR, OPT_POSTURE,
	OPT_EXPLAIN_SPF, OPT_REPORT_UNUSED, OPT_CONFIG, OPT_NO_CONFIG, OPT_BASELINE,
	OPT_WRITE_BASELINE, OPT_NAMED_CONF, OPT_RULES, OPT_PLUGIN, OPT_INCLUDE_ROOT
};

static const struct option long_options[] = {
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "dkim-selector", required_argument, NULL, OPT_DKIM_SELECTOR },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "explain-spf", required_argument, NULL, OPT_EXPLAIN_SPF },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "include-root", required_argument, NULL, OPT_INCLUDE_ROOT },
	{ "jobs", required_argument, NULL, 'j' },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "max-records", required_argument, NULL, OPT_MAX_RECORDS },
	{ "named-conf", required_argument, NULL, OPT_NAMED_CONF },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "origin", required_argument, NULL, 'o' },
	{ "output", required_argument, NULL, 'O' },
	{ "plugin", required_argument, NULL, OPT_PLUGIN },
	{ "posture", no_argument, NULL, OPT_POSTURE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "report-unused-suppressions", no_argument, NULL, OPT_REPORT_UNUSED },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "severity", required_argument, NULL, OPT_SEVERITY },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ NULL, 0, NULL, 0 }
};

/* The options in the order --help prints them.  Each help text is its own
 * catalog entry, so adding an option leaves the other translations alone. */
static const struct {
	const char *synopsis;
	const char *help;	/* marked with N_(); '\n' starts a continuation line */
} option_help[] = {
	{ "-o, --origin ORIGIN", N_("origin of the zone (only with one FILE); by default\nthe first $ORIGIN, the SOA owner or the file name") },
	{ "-f, --format FORMAT", N_("output format: text (default), json, sarif,\nmarkdown, html, or diff for the fixes that\nare certain") },
	{ "-O, --output FILE", N_("write the report to FILE instead of stdout; FILE\nis replaced whole, never written in part") },
	{ "    --named-conf FILE", N_("analyze every primary zone of BIND's named.conf\nFILE, as named-checkconf -z loads them") },
	{ "    --fail-on LEVEL", N_("exit with 1 when a finding is at or above LEVEL:\nerror, warning (default), info or never") },
	{ "    --list-rules", N_("print every rule with its severity and summary") },
	{ "    --explain RULE", N_("print the documentation of RULE and exit") },
	{ "    --disable RULE", N_("do not run RULE (repeatable, or RULE,RULE)") },
	{ "    --enable RULE", N_("run RULE again after --disable") },
	{ "    --severity RULE=LEVEL", N_("report every finding of RULE as LEVEL") },
	{ "    --color WHEN", N_("colour the text output: auto (default), always, never") },
	{ "    --config FILE", N_("read the settings from FILE instead of the\n.zonelint.ini found above each zone file") },
	{ "    --no-config", N_("read no settings file") },
	{ "    --max-records N", N_("stop reading a zone after N records") },
	{ "-j, --jobs N", N_("run the rules on N threads, read a large zone in\ntwo parts at once, and write a long text report on\ntwo threads (default: one thread per processor,\nat most 8); the findings are the same") },
	{ "    --include-root DIR", N_("let $INCLUDE read only files inside DIR") },
	{ "    --explain-spf NAME", N_("print how the SPF policy at NAME evaluates through\nthe loaded zones instead of the findings") },
	{ "    --dkim-selector DOMAIN:SELECTOR", N_("expect a DKIM key at\nSELECTOR._domainkey.DOMAIN (repeatable)") },
	{ "    --posture", N_("print the mail posture of each mail domain\n(SPF, DKIM, DMARC, MTA-STS, TLS-RPT, BIMI) instead\nof the findings") },
	{ "    --report-unused-suppressions", N_("report suppression comments that\nsilence no finding, and baseline entries that\nmatch no finding") },
	{ "    --baseline FILE", N_("leave out the findings recorded in FILE") },
	{ "    --write-baseline FILE", N_("record every finding in FILE and print none") },
	{ "    --rules FILE", N_("add the rules of a rule file (repeatable)") },
	{ "    --plugin FILE", N_("add the rules of a plugin, a shared object (repeatable)") },
	{ "-q, --quiet", N_("omit the summary line of the text output") },
	{ "-v, --verbose", N_("print the files and settings files read, and\nwhat was loaded, on stderr") },
	{ "-h, --help", N_("print this help and exit") },
	{ "-V, --version", N_("print the version and exit") },
};

/* Column where the help texts start. */
#define HELP_COLUMN 27

static void
usage(FILE *out)
{
	fputs(_("usage: zonelint [OPTION]... FILE...\n"
	    "Analyze DNS zone files (BIND master files) offline; each FILE is one zone.\n"), out);
	fputc('\n', out);
	for (size_t i = 0; i < sizeof(option_help) / sizeof(option_help[0]); i++) {
		const char *help = _(option_help[i].help);
		int width = fprintf(out, "  %s", option_help[i].synopsis);

		/* A long synopsis gets its help text on the next line. */
		if (width + 2 > HELP_COLUMN) {
			fputc('\n', out);
			width = 0;
		}
		fprintf(out, "%*s", HELP_COLUMN - width, "");
		for (const char *p = help; *p != '\0'; p++) {
			fputc(*p, out);
			if (*p == '\n' && p[1] != '\0')
				fprintf(out, "%*s", HELP_COLUMN, "");
		}
		fputc('\n', out);
	}
	fputc('\n', out);
	fputs(_("Exit status: 0 when no finding is at or above --fail-on, 1 when one is,\n"
	    "2 for a usage error, an input that could not be read, or a zone that\n"
	    "--max-records cut off.\n"), out);
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

/* Write the folder of the running binary to buf; false when unknown. */
static bool
binary_folder(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	char *slash;

	if (n <= 0)
		return false;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return false;
	*slash = '\0';
	return true;
}

/* Catalogs sit beside a binary built in the source tree; an installed
 * binary uses LOCALEDIR. */
static void
setup_locale(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 16];
	const char *localedir = LOCALEDIR;
	struct stat st;

	setlocale(LC_ALL, "");
	if (binary_folder(exe, sizeof(exe))) {
		snprintf(dir, sizeof(dir), "%s/locale", exe);
		if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
			localedir = dir;
	}
	bindtextdomain("zonelint", localedir);
	bind_textdomain_codeset("zonelint", "UTF-8");
	textdomain("zonelint");
}

/*
 * glibc raises its mmap() threshold to the size of each mmap()ed block
 * freed, up to 32 MiB, so after a large zone is read the rules' tables
 * come from the heap and the holes they leave stay resident.  A fixed
 * threshold keeps them out: a zone of a million records peaks about 10
 * MB lower, for about 2% more CPU time in page faults.
 */
static void
setup_malloc(void)
{
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
}

/* Report a rule id that is not in rules (the built-in rules when NULL),
 * with the closest id of rules when one is near. */
static void
unknown_rule(const struct zl_ruleset *rules, const char *id)
{
	const char *guess = zl_rules_suggest(rules, id, strlen(id));

	if (guess != NULL)
		tool_error(_("unknown rule '%s': did you mean '%s'?"), id, guess);
	else
		tool_error(_("unknown rule '%s' (see --list-rules)"), id);
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
			unknown_rule(rules, id);
			ok = false;
			continue;
		}
		rules->settings[i].enabled = enabled;
		rules->settings[i].enabled_set = true;
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
		unknown_rule(rules, id);
		free(id);
		return false;
	}
	free(id);
	rules->settings[i].severity_set = true;
	rules->settings[i].severity = sev;
	return true;
}

/* Return the language of the message catalog in use, such as "ja", as the
 * name of the folder of translated rule pages (doc/<lang>/rules), or NULL
 * for English.  The value comes from a catalog, so anything that is not a
 * short BCP 47 tag is ignored rather than put into a path. */
static const char *
page_language(void)
{
	/* TRANSLATORS: the language of this catalog as an HTML lang value
	 * (BCP 47), for example "ja". */
	const char *lang = _("en");
	size_t len = strlen(lang);

	if (strcmp(lang, "en") == 0 || len == 0 || len > 15)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (!isalnum((unsigned char)lang[i]) && lang[i] != '-')
			return NULL;
	}
	return lang;
}

/* Open the page of rule id below the documentation folder base: the page
 * in lang at base/<lang>/rules/<id>.md when lang is not NULL and that page
 * exists, else the English page at base/rules/<id>.md.  Writes the last
 * path tried to path. */
static FILE *
open_rule_page(const char *base, const char *lang, const char *id, char *path, size_t size)
{
	FILE *f = NULL;

	if (lang != NULL) {
		snprintf(path, size, "%s/%s/rules/%s.md", base, lang, id);
		f = fopen(path, "r");
	}
	if (f == NULL) {
		snprintf(path, size, "%s/rules/%s.md", base, id);
		f = fopen(path, "r");
	}
	return f;
}

/* Print the page of rule id in the language of the message catalog, or the
 * English doc/rules/RULE.md when there is no translation: from the doc
 * folder beside a binary built in the source tree, else from the installed
 * documentation.  Returns an exit status. */
static int
explain_rule(const char *id)
{
	char exe[PATH_MAX], base[PATH_MAX + 8], path[PATH_MAX + 96], buf[4096];
	const char *lang = page_language();
	FILE *f = NULL;
	size_t n;

	/* Only ids from the table reach a path, so no '/' or ".." can. */
	if (zl_rules_find(id) == NULL) {
		unknown_rule(NULL, id);
		return EXIT_TROUBLE;
	}
	if (binary_folder(exe, sizeof(exe))) {
		snprintf(base, sizeof(base), "%s/doc", exe);
		f = open_rule_page(base, lang, id, path, sizeof(path));
	}
	if (f == NULL)
		f = open_rule_page(ZL_DOCDIR, lang, id, path, sizeof(path));
	if (f == NULL) {
		tool_error(_("no documentation for rule '%s': '%s' is missing"), id, path);
		return EXIT_TROUBLE;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, stdout);
	fclose(f);
	return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_TROUBLE;
}

static bool
set_format(struct options *o, const char *name)
{
	char names[128];

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			o->format = formats[i].format;
			return true;
		}
	}
	names[0] = '\0';
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		strcat(names, i ? ", " : "");
		strcat(names, formats[i].name);
	}
	tool_error(_("unknown format '%s': use one of %s"), name, names);
	return false;
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

/* Print text padded with blanks to width columns.  printf pads by bytes,
 * which leaves translated, multibyte text out of line. */
static void
print_padded(const char *text, size_t width)
{
	size_t columns = zl_display_width(text);

	fputs(text, stdout);
	for (; columns < width; columns++)
		putchar(' ');
}

static void
list_rules(const struct zl_ruleset *rules)
{
	for (size_t i = 0; i < rules->len; i++) {
		const struct zl_rule *r = rules->rules[i];

		printf("%-28s ", r->id);
		print_padded(zl_severity_label(r->severity), 8);
		printf(" %s\n", _(r->summary));
	}
}

/* Report the option error that getopt_long() returned as '?' or ':'.
 * getopt's own messages start with argv[0], the full path of the binary,
 * and are not in zonelint's catalog. */
static void
option_error(int c, const char *arg)
{
	size_t name_len = strcspn(arg, "=");
	size_t matches = 0;

	/* A short option: optopt is its letter.  A long one: arg is the
	 * word as given, "--name" or "--name=value". */
	if (strncmp(arg, "--", 2) != 0) {
		if (c == ':')
			tool_error(_("option '-%c' requires an argument"), optopt);
		else
			tool_error(_("invalid option '-%c'"), optopt);
		return;
	}
	if (c == ':') {
		tool_error(_("option '%.*s' requires an argument"), (int)name_len, arg);
		return;
	}
	if (optopt != 0) {
		tool_error(_("option '%.*s' takes no argument"), (int)name_len, arg);
		return;
	}
	for (const struct option *opt = long_options; opt->name != NULL; opt++)
		if (strncmp(opt->name, arg + 2, name_len - 2) == 0)
			matches++;
	if (matches > 1 && name_len > 2)
		tool_error(_("option '%.*s' is ambiguous: write more of its name"), (int)name_len, arg);
	else
		tool_error(_("unrecognized option '%.*s'"), (int)name_len, arg);
}

static bool
parse_options(int argc, char **argv, struct options *o, struct zl_analysis *a)
{
	int c;
	bool ok = true;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:f:O:j:qvhV", long_options, NULL)) != -1) {
		enum zl_severity sev;
		char *end;

		switch (c) {
		case 'o':
			o->load.origin = optarg;
			break;
		case 'f':
			ok = set_format(o, optarg) && ok;
			break;
		case 'O':
			o->output = optarg;
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
		case OPT_EXPLAIN:
			o->explain = optarg;
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
			o->fail_on_set = true;
			break;
		case OPT_CONFIG:
			o->config = optarg;
			break;
		case OPT_NO_CONFIG:
			o->no_config = true;
			break;
		case OPT_BASELINE:
			o->baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			o->write_baseline = optarg;
			break;
		case OPT_NAMED_CONF:
			o->named_conf = optarg;
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
		case OPT_DKIM_SELECTOR:
			if (!zl_mail_expect_selector(optarg)) {
				tool_error(_("invalid --dkim-selector '%s': write DOMAIN:SELECTOR"), optarg);
				ok = false;
			}
			break;
		case OPT_POSTURE:
			o->posture = true;
			break;
		case OPT_EXPLAIN_SPF:
			o->explain_spf = optarg;
			break;
		case OPT_REPORT_UNUSED:
			o->report_unused = true;
			break;
		case 'j':
			o->jobs = (unsigned)strtoul(optarg, &end, 10);
			if (*end != '\0' || *optarg == '-' || o->jobs == 0 || o->jobs > 256) {
				tool_error(_("invalid --jobs '%s': give a number from 1 to 256"), optarg);
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
		case OPT_INCLUDE_ROOT:
			/* Opened once, so that a folder renamed or replaced
			 * while zonelint runs does not move the root. */
			if (o->load.include_root_fd >= 0)
				close(o->load.include_root_fd);
			o->load.include_root_fd = zl_infile_open_folder(optarg);
			if (o->load.include_root_fd < 0) {
				tool_error(_("invalid --include-root '%s': not a folder"), optarg);
				ok = false;
			}
			o->load.include_root = optarg;
			break;
		case '?':
		case ':':
			/* optind has moved past a long option but not past a
			 * short one inside a group such as "-qx". */
			option_error(c, optopt != 0 && optind > 1 &&
			    strncmp(argv[optind - 1], "--", 2) != 0 ? "-" : argv[optind - 1]);
			ok = false;
			break;
		default:
			ok = false;
			break;
		}
	}
	return ok;
}

/* Print the evaluation tree of the SPF policy at text (with or without
 * the final dot).  Returns an exit status. */
static int
explain_spf(const struct zl_graph *g, const char *text)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err;
	bool relative;
	uint32_t name = ZL_NONE;
	struct zl_strbuf out;

	if (zl_name_from_text(text, strlen(text), NULL, wire, &len, &relative, &err) != ZL_NAME_OK) {
		tool_error(_("invalid domain name '%s'"), text);
		return EXIT_TROUBLE;
	}
	name = zl_graph_lookup(g, wire);
	zl_strbuf_init(&out);
	if (name == ZL_NONE || zl_spf_explain(g, name, &out) == 0) {
		tool_error(_("no SPF record at '%s' in the loaded zones"), text);
		zl_strbuf_fini(&out);
		return EXIT_TROUBLE;
	}
	fputs(out.data, stdout);
	zl_strbuf_fini(&out);
	return EXIT_CLEAN;
}

static bool
use_color(enum color c, FILE *out)
{
	const char *no_color = getenv("NO_COLOR");

	if (c != COLOR_AUTO)
		return c == COLOR_ALWAYS;
	return isatty(fileno(out)) && (no_color == NULL || no_color[0] == '\0');
}

static bool
same_file(const char *path, const struct stat *st)
{
	struct stat other;

	return stat(path, &other) == 0 && other.st_dev == st->st_dev &&
	    other.st_ino == st->st_ino;
}

/* Is the file at output one of the inputs, given on the command line or
 * included?  Writing the report there would replace a zone file. */
static bool
output_is_input(const char *output, char **inputs, int ninputs, const struct zl_graph *g)
{
	struct stat st;

	if (stat(output, &st) != 0)
		return false;
	for (int i = 0; i < ninputs; i++) {
		if (same_file(inputs[i], &st))
			return true;
	}
	for (size_t i = 0; i < g->nfiles; i++) {
		if (same_file(g->files[i].path, &st))
			return true;
	}
	return false;
}

/* The time of the run: SOURCE_DATE_EPOCH when set to a number of seconds,
 * as reproducible builds use it to make output repeatable, else now. */
static time_t
run_time(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	char *end;
	unsigned long long seconds;

	if (epoch != NULL && epoch[0] >= '0' && epoch[0] <= '9') {
		seconds = strtoull(epoch, &end, 10);
		if (*end == '\0')
			return (time_t)seconds;
	}
	return time(NULL);
}

/* Write the findings in the chosen format; complete is false when an
 * input could not be read. */
static void
write_report(FILE *out, const struct options *o, const struct zl_analysis *a, bool complete)
{
	struct zl_sarif_info sarif = {
		.version = ZL_VERSION,
		.information_uri = ZL_HOMEPAGE[0] != '\0' ? ZL_HOMEPAGE : NULL,
		.rule_doc_uri = ZL_RULE_DOC_URL[0] != '\0' ? ZL_RULE_DOC_URL : NULL,
		.execution_successful = complete,
	};
	struct zl_html_info html = {
		.version = ZL_VERSION,
		.run_time = run_time(),
		.complete = complete,
	};

	switch (o->format) {
	case FORMAT_TEXT:
		zl_report_text(out, &a->graph, &a->diags, use_color(o->color, out),
		    !o->quiet && a->graph.nzones > 0, a->jobs);
		break;
	case FORMAT_JSON:
		zl_report_json(out, &a->graph, &a->diags);
		break;
	case FORMAT_SARIF:
		zl_report_sarif(out, &a->graph, &a->diags, &sarif);
		break;
	case FORMAT_MARKDOWN:
		zl_report_markdown(out, &a->graph, &a->diags);
		break;
	case FORMAT_DIFF:
		zl_report_diff(out, &a->graph, &a->diags);
		break;
	case FORMAT_HTML:
		zl_report_html(out, &a->graph, &a->diags, &html);
		break;
	}
}

/* Write the report to -O FILE through a temporary file, so that FILE is
 * replaced whole or not at all.  Returns false after printing the error. */
static bool
write_report_file(const struct options *o, const struct zl_analysis *a, bool complete)
{
	struct zl_outfile file;
	int err = zl_outfile_open(&file, o->output);

	if (err == 0) {
		write_report(file.fp, o, a, complete);
		err = zl_outfile_commit(&file);
	}
	if (err != 0) {
		tool_error(_("cannot write '%s': %s"), o->output, strerror(err));
		return false;
	}
	return true;
}

/* Print for -v named.conf and the files it includes, in the order they
 * were read. */
static void
print_named_conf_files(const struct zl_namedconf *nc)
{
	for (size_t i = 0; i < nc->nfiles; i++) {
		const struct zl_namedconf_file *file = &nc->files[i];

		if (file->included_from == NULL)
			fprintf(stderr, _("zonelint: reading named.conf '%s'\n"), file->path);
		else
			fprintf(stderr, _("zonelint: reading '%s', included at %s:%u\n"),
			    file->path, file->included_from, file->include_line);
	}
}

/* Return whether a and b name the same view, NULL standing for none. */
static bool
same_view(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Load the primary zones of nc in view (NULL: outside every view), each
 * zone file once, and raise *status for the zones that cannot be read. */
static void
load_view_zones(struct zl_analysis *a, const struct options *o,
    const struct zl_namedconf *nc, const char *view, int *status)
{
	char *error = NULL;

	for (size_t i = 0; i < nc->nzones; i++) {
		struct zl_load_options load = o->load;
		bool seen = false;

		if (!same_view(nc->zones[i].view, view))
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = same_view(nc->zones[k].view, view) &&
			    strcasecmp(nc->zones[k].name, nc->zones[i].name) == 0 &&
			    strcmp(nc->zones[k].path, nc->zones[i].path) == 0;
		if (seen)
			continue;
		load.origin = nc->zones[i].name;
		load.include_dir = nc->directory;
		if (o->verbose)
			fprintf(stderr, _("zonelint: reading '%s'\n"), nc->zones[i].path);
		if (zl_analysis_load(a, nc->zones[i].path, &load, &error) != 0) {
			tool_error("%s", error);
			free(error);
			*status = EXIT_TROUBLE;
		}
	}
}

/* Read the settings files of the zones loaded since the last group, and
 * analyze those zones as a group.  Returns false after printing why the
 * settings cannot be read. */
static bool
run_group(struct zl_analysis *a, const struct options *o)
{
	char *error = NULL;

	if (a->graph.nfiles == 0 && a->diags.len == 0)
		return true;
	if (zl_analysis_configure(a, o->config, !o->no_config, &error) != 0) {
		fprintf(stderr, "%s\n", error);
		free(error);
		return false;
	}
	zl_analysis_run_group(a);
	return true;
}

/* Analyze each view of nc as a DNS world of its own: its zones are
 * checked against each other only.  The zones outside views, with the
 * zone files of the command line, form a group of their own, which comes
 * first.  Returns false when settings files cannot be read. */
static bool
run_views(struct zl_analysis *a, const struct options *o,
    const struct zl_namedconf *nc, int *status)
{
	load_view_zones(a, o, nc, NULL, status);
	if (!run_group(a, o))
		return false;
	for (size_t i = 0; i < nc->nzones; i++) {
		const char *view = nc->zones[i].view;
		bool seen = view == NULL;

		for (size_t k = 0; k < i && !seen; k++)
			seen = same_view(nc->zones[k].view, view);
		if (seen)
			continue;
		load_view_zones(a, o, nc, view, status);
		if (!run_group(a, o))
			return false;
	}
	zl_analysis_join_groups(a);
	return true;
}

/* Load every primary zone of the named.conf that --named-conf names, and
 * raise *status for the zones that cannot be read.  When named.conf has
 * views, this analyzes each view apart (see run_views()) and sets
 * *analyzed.  Returns false when named.conf itself or a settings file
 * cannot be read. */
static bool
load_named_conf(struct zl_analysis *a, const struct options *o, int *status,
    bool *analyzed)
{
	struct zl_namedconf nc;
	char *error = NULL;
	int read_status;
	bool views = false, ok = true;

	zl_namedconf_init(&nc);
	read_status = zl_namedconf_read(&nc, o->named_conf, &error);
	if (o->verbose)
		print_named_conf_files(&nc);
	if (read_status != 0) {
		fprintf(stderr, "%s\n", error);
		free(error);
		zl_namedconf_fini(&nc);
		return false;
	}
	for (size_t i = 0; i < nc.nproblems; i++) {
		fprintf(stderr, "%s\n", nc.problems[i]);
		*status = EXIT_TROUBLE;
	}
	for (size_t i = 0; i < nc.nzones && !views; i++)
		views = nc.zones[i].view != NULL;
	if (views)
		ok = *analyzed = run_views(a, o, &nc, status);
	else
		load_view_zones(a, o, &nc, NULL, status);
	zl_namedconf_fini(&nc);
	return ok;
}

/* Write the baseline file that --write-baseline names; return the exit
 * status. */
static int
write_baseline(const struct zl_analysis *a, const struct options *o, int status)
{
	char *error = NULL;

	if (zl_baseline_write(o->write_baseline, &a->graph, &a->diags, &error) != 0) {
		tool_error("%s", error);
		free(error);
		return EXIT_TROUBLE;
	}
	fprintf(stderr, ngettext("zonelint: recorded %zu finding in '%s'\n",
	    "zonelint: recorded %zu findings in '%s'\n", a->diags.len), a->diags.len,
	    o->write_baseline);
	return status;
}

/* Report the baseline entries that matched no finding: each of them with
 * --report-unused-suppressions, which makes them count as warnings for
 * --fail-on, else a count. */
static int
report_stale(const struct zl_baseline *b, const struct options *o, int status)
{
	size_t stale = zl_baseline_stale_count(b);
	int fail_on = o->fail_on_set ? o->fail_on : ZL_WARNING;

	if (stale == 0)
		return status;
	if (!o->report_unused) {
		fprintf(stderr, ngettext("zonelint: %zu entry of '%s' matches no finding; --write-baseline records the findings of today\n",
		    "zonelint: %zu entries of '%s' match no finding; --write-baseline records the findings of today\n",
		    stale), stale, b->path);
		return status;
	}
	zl_baseline_report_stale(stderr, b);
	if (status == EXIT_CLEAN && fail_on >= 0 && fail_on <= ZL_WARNING)
		status = EXIT_FINDINGS;
	return status;
}

/* Report each zone that --max-records cut off, and return EXIT_TROUBLE
 * when there is one, else status.  Rules that report missing records skip
 * such a zone, so its analysis is incomplete and the run must not pass as
 * clean. */
static int
report_truncated(const struct zl_graph *g, const struct options *o, int status)
{
	for (size_t i = 0; i < g->nzones; i++) {
		const struct zl_zone *z = &g->zones[i];

		if (!(z->flags & ZL_ZONE_TRUNCATED))
			continue;
		tool_error(_("stopped reading '%s' after %zu records (--max-records), so the analysis of the zone is incomplete and rules that report missing records skip it"),
		    g->files[z->file].path, o->load.max_records);
		status = EXIT_TROUBLE;
	}
	return status;
}

/* Read the settings files; on failure print why and end the analysis. */
static bool
configure(struct zl_analysis *a, const struct options *o)
{
	char *error = NULL;

	if (zl_analysis_configure(a, o->config, !o->no_config, &error) != 0) {
		fprintf(stderr, "%s\n", error);
		free(error);
		zl_analysis_fini(a);
		return false;
	}
	if (o->verbose) {
		for (size_t i = 0; i < a->config.len; i++)
			fprintf(stderr, _("zonelint: using the settings in '%s'\n"),
			    a->config.configs[i]->path);
	}
	return true;
}

/* Threads for the rules when -j is not given: one per processor online,
 * at most 8, since a few rules carry most of the work. */
static unsigned
default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	if (n > 8)
		return 8;
	return (unsigned)n;
}

int
main(int argc, char **argv)
{
	struct zl_analysis a;
	struct zl_baseline baseline;
	struct options o;
	int status = EXIT_CLEAN;
	bool analyzed = false;

	setup_malloc();
	setup_locale();
	memset(&o, 0, sizeof(o));
	zl_load_options_init(&o.load);
	o.fail_on = ZL_WARNING;
	zl_analysis_init(&a);
	zl_baseline_init(&baseline);

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
	if (o.explain != NULL) {
		zl_analysis_fini(&a);
		return explain_rule(o.explain);
	}
	if (optind >= argc && o.named_conf == NULL) {
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
	/* The table is text; the JSON and HTML reports contain the posture
	 * with the findings, and the other formats have no place for it. */
	if (o.posture && o.format != FORMAT_TEXT) {
		const char *name = "";

		for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
			if (formats[i].format == o.format)
				name = formats[i].name;
		}
		tool_error(_("--posture cannot be used with -f %s: the posture table is text only, and the JSON and HTML reports contain the posture already"),
		    name);
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	if (o.baseline != NULL) {
		char *error = NULL;

		if (zl_baseline_read(&baseline, o.baseline, &error) != 0) {
			fprintf(stderr, "%s\n", error);
			free(error);
			zl_baseline_fini(&baseline);
			zl_analysis_fini(&a);
			return EXIT_TROUBLE;
		}
	}

	/* A large zone file is read by two threads when -j allows. */
	o.load.threads = o.jobs != 0 ? o.jobs : default_jobs();
	for (int i = optind; i < argc; i++) {
		/* "-" is the standard input, as for most tools. */
		const char *path = strcmp(argv[i], "-") == 0 ? "/dev/stdin" : argv[i];
		char *error = NULL;

		if (o.verbose)
			fprintf(stderr, _("zonelint: reading '%s'\n"), path);
		if (zl_analysis_load(&a, path, &o.load, &error) != 0) {
			tool_error("%s", error);
			free(error);
			status = EXIT_TROUBLE;
		}
	}
	a.report_unused_suppressions = o.report_unused;
	a.jobs = o.jobs != 0 ? o.jobs : default_jobs();
	if (o.named_conf != NULL && !load_named_conf(&a, &o, &status, &analyzed)) {
		zl_baseline_fini(&baseline);
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	if (analyzed && o.explain_spf != NULL) {
		tool_error("%s", _("--explain-spf cannot be used with a named.conf that has views, because a name may have another SPF policy in each view"));
		zl_baseline_fini(&baseline);
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	status = report_truncated(&a.graph, &o, status);
	if (!configure(&a, &o)) {
		zl_baseline_fini(&baseline);
		return EXIT_TROUBLE;
	}
	if (!analyzed)
		zl_analysis_run(&a);
	if (o.verbose)
		fprintf(stderr, _("zonelint: loaded zones: %zu, files: %zu, records: %zu, names: %zu, references: %zu, bytes of RDATA: %zu\n"),
		    a.graph.nzones, a.graph.nfiles, a.graph.nrecords, a.graph.nnames, a.graph.nrefs,
		    a.graph.rdata_len);
	if (o.write_baseline != NULL) {
		if (output_is_input(o.write_baseline, argv + optind, argc - optind, &a.graph)) {
			tool_error(_("'%s' is an input file: the baseline would replace it"),
			    o.write_baseline);
			status = EXIT_TROUBLE;
		} else {
			status = write_baseline(&a, &o, status);
		}
		zl_baseline_fini(&baseline);
		zl_analysis_fini(&a);
		return status;
	}
	if (o.baseline != NULL)
		zl_baseline_apply(&baseline, &a.graph, &a.diags);

	if (o.explain_spf != NULL) {
		int explained = explain_spf(&a.graph, o.explain_spf);

		zl_analysis_fini(&a);
		return status != EXIT_CLEAN ? status : explained;
	}
	if (o.posture && o.format == FORMAT_TEXT) {
		struct zl_posture *posture;
		size_t count = zl_posture_compute(&a.graph, &posture);

		zl_posture_print(stdout, &a.graph, posture, count);
		free(posture);
		fflush(stdout);
		zl_mail_selectors_clear();
		zl_analysis_fini(&a);
		return status;
	}
	if (o.output == NULL) {
		write_report(stdout, &o, &a, status == EXIT_CLEAN);
		fflush(stdout);
	} else if (output_is_input(o.output, argv + optind, argc - optind, &a.graph)) {
		tool_error(_("'%s' is an input file: the report would replace it"), o.output);
		status = EXIT_TROUBLE;
	} else if (!write_report_file(&o, &a, status == EXIT_CLEAN)) {
		status = EXIT_TROUBLE;
	}

	if (status == EXIT_CLEAN &&
	    zl_analysis_fails(&a, o.fail_on_set ? o.fail_on : ZL_FAIL_ON_UNSET))
		status = EXIT_FINDINGS;
	if (o.baseline != NULL)
		status = report_stale(&baseline, &o, status);
	zl_baseline_fini(&baseline);
	zl_mail_selectors_clear();
	zl_analysis_fini(&a);
	return status;
}
