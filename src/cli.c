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
#include "outfile.h"
#include "report.h"
#include "rule.h"
#include "util.h"

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef ZL_VERSION
#define ZL_VERSION "0.1.0"
#endif
#ifndef ZL_RULE_DOCDIR
#define ZL_RULE_DOCDIR "/usr/local/share/doc/zonelint/rules"
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
	EXIT_TROUBLE = 2	/* usage error, or an input could not be read */
};

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF, FORMAT_MARKDOWN, FORMAT_DIFF };

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
};

enum color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

struct options {
	struct zl_load_options load;
	enum format format;
	enum color color;
	int fail_on;		/* a severity, or -1 for never */
	bool quiet;
	int verbose;
	bool list_rules;
	const char *output;	/* -O FILE, or NULL for stdout */
	const char *explain;	/* --explain RULE, or NULL */
};

enum {
	OPT_LIST_RULES = 256, OPT_DISABLE, OPT_ENABLE, OPT_SEVERITY, OPT_FAIL_ON,
	OPT_COLOR, OPT_MAX_RECORDS, OPT_EXPLAIN, OPT_INCLUDE_ROOT
};

static const struct option long_options[] = {
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "enable", required_argument, NULL, OPT_ENABLE },
	{ "explain", required_argument, NULL, OPT_EXPLAIN },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "include-root", required_argument, NULL, OPT_INCLUDE_ROOT },
	{ "list-rules", no_argument, NULL, OPT_LIST_RULES },
	{ "max-records", required_argument, NULL, OPT_MAX_RECORDS },
	{ "origin", required_argument, NULL, 'o' },
	{ "output", required_argument, NULL, 'O' },
	{ "quiet", no_argument, NULL, 'q' },
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
	    "  -f, --format FORMAT      output format: text (default), json, sarif,\n"
	    "                           markdown, or diff for the fixes that are certain\n"
	    "  -O, --output FILE        write the report to FILE instead of stdout; FILE\n"
	    "                           is replaced whole, never written in part\n"
	    "      --fail-on LEVEL      exit with 1 when a finding is at or above LEVEL:\n"
	    "                           error, warning (default), info or never\n"
	    "      --list-rules         print every rule with its severity and summary\n"
	    "      --explain RULE       print the documentation of RULE and exit\n"
	    "      --disable RULE       do not run RULE (repeatable, or RULE,RULE)\n"
	    "      --enable RULE        run RULE again after --disable\n"
	    "      --severity RULE=LEVEL  report every finding of RULE as LEVEL\n"
	    "      --color WHEN         colour the text output: auto (default), always, never\n"
	    "      --max-records N      stop reading a zone after N records\n"
	    "      --include-root DIR   let $INCLUDE read only files inside DIR\n"
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

static size_t
rule_index(const struct zl_rule *rule)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		if (zl_rules_get(i) == rule)
			return i;
	}
	return 0;
}

/* Apply --disable or --enable to each rule of a comma-separated list. */
static bool
set_enabled(struct zl_rule_setting *settings, const char *list, bool enabled)
{
	char *copy = zl_xstrdup(list), *save = NULL;
	bool ok = true;

	for (char *id = strtok_r(copy, ",", &save); id != NULL; id = strtok_r(NULL, ",", &save)) {
		const struct zl_rule *rule = zl_rules_find(id);

		if (rule == NULL) {
			tool_error(_("unknown rule '%s' (see --list-rules)"), id);
			ok = false;
			continue;
		}
		settings[rule_index(rule)].enabled = enabled;
	}
	free(copy);
	return ok;
}

static bool
set_severity(struct zl_rule_setting *settings, const char *arg)
{
	const char *eq = strchr(arg, '=');
	char *id;
	const struct zl_rule *rule;
	enum zl_severity sev;

	if (eq == NULL || !zl_severity_from_text(eq + 1, &sev)) {
		tool_error(_("invalid --severity '%s': write RULE=error, RULE=warning or RULE=info"), arg);
		return false;
	}
	id = zl_xstrndup(arg, (size_t)(eq - arg));
	rule = zl_rules_find(id);
	if (rule == NULL) {
		tool_error(_("unknown rule '%s' (see --list-rules)"), id);
		free(id);
		return false;
	}
	free(id);
	settings[rule_index(rule)].severity_set = true;
	settings[rule_index(rule)].severity = sev;
	return true;
}

/* Print doc/rules/RULE.md: from beside a binary built in the source tree,
 * else from the installed documentation.  Returns an exit status. */
static int
explain_rule(const char *id)
{
	char exe[PATH_MAX], path[PATH_MAX + 64], buf[4096];
	const char *installed = ZL_RULE_DOCDIR;
	FILE *f = NULL;
	size_t n;

	/* Only ids from the table reach a path, so no '/' or ".." can. */
	if (zl_rules_find(id) == NULL) {
		tool_error(_("unknown rule '%s' (see --list-rules)"), id);
		return EXIT_TROUBLE;
	}
	if (binary_folder(exe, sizeof(exe))) {
		snprintf(path, sizeof(path), "%s/doc/rules/%s.md", exe, id);
		f = fopen(path, "r");
	}
	if (f == NULL) {
		snprintf(path, sizeof(path), "%s/%s.md", installed, id);
		f = fopen(path, "r");
	}
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

static void
list_rules(void)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		const struct zl_rule *r = zl_rules_get(i);

		printf("%-28s %-8s %s\n", r->id, zl_severity_name(r->severity), _(r->summary));
	}
}

static bool
parse_options(int argc, char **argv, struct options *o, struct zl_rule_setting *settings)
{
	int c;
	bool ok = true;

	while ((c = getopt_long(argc, argv, "o:f:O:qvhV", long_options, NULL)) != -1) {
		enum zl_severity sev;
		struct stat st;
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
			ok = set_enabled(settings, optarg, c == OPT_ENABLE) && ok;
			break;
		case OPT_SEVERITY:
			ok = set_severity(settings, optarg) && ok;
			break;
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
		case OPT_INCLUDE_ROOT:
			if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode)) {
				tool_error(_("invalid --include-root '%s': not a folder"), optarg);
				ok = false;
			}
			o->load.include_root = optarg;
			break;
		default:
			ok = false;
			break;
		}
	}
	return ok;
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

	switch (o->format) {
	case FORMAT_TEXT:
		zl_report_text(out, &a->graph, &a->diags, use_color(o->color, out),
		    !o->quiet && a->graph.nzones > 0);
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

	if (!parse_options(argc, argv, &o, a.settings)) {
		fprintf(stderr, _("Try 'zonelint --help' for more information.\n"));
		zl_analysis_fini(&a);
		return EXIT_TROUBLE;
	}
	if (o.list_rules) {
		list_rules();
		zl_analysis_fini(&a);
		return EXIT_CLEAN;
	}
	if (o.explain != NULL) {
		zl_analysis_fini(&a);
		return explain_rule(o.explain);
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
	if (o.verbose)
		fprintf(stderr, _("zonelint: %zu zones, %zu files, %zu records, %zu names, %zu references, %zu bytes of RDATA\n"),
		    a.graph.nzones, a.graph.nfiles, a.graph.nrecords, a.graph.nnames, a.graph.nrefs,
		    a.graph.rdata_len);

	if (o.output == NULL) {
		write_report(stdout, &o, &a, status == EXIT_CLEAN);
		fflush(stdout);
	} else if (output_is_input(o.output, argv + optind, argc - optind, &a.graph)) {
		tool_error(_("'%s' is an input file: the report would replace it"), o.output);
		status = EXIT_TROUBLE;
	} else if (!write_report_file(&o, &a, status == EXIT_CLEAN)) {
		status = EXIT_TROUBLE;
	}

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
