/* libFuzzer target: zone text through the reader, every rule and every
 * output format. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "report.h"

/* An empty folder that $INCLUDE is confined to, so that the input cannot
 * make the reader open /dev/zero or other files of the machine. */
static char include_root[] = "/tmp/zonelint-fuzz-XXXXXX";

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (mkdtemp(include_root) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return 0;
}

/* Write every format to /dev/null: the sanitizers check what the writers
 * read, and the output itself is not needed. */
static void
write_reports(const struct zl_analysis *a)
{
	static const struct zl_sarif_info sarif = { "0", NULL, NULL, true };
	FILE *out = fopen("/dev/null", "w");

	if (out == NULL)
		abort();
	zl_report_text(out, &a->graph, &a->diags, true, true);
	zl_report_json(out, &a->graph, &a->diags);
	zl_report_sarif(out, &a->graph, &a->diags, &sarif);
	zl_report_markdown(out, &a->graph, &a->diags);
	zl_report_diff(out, &a->graph, &a->diags);
	fclose(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zl_load_options opt;
	struct zl_analysis a;
	char *error = NULL;

	zl_load_options_init(&opt);
	/* Keep one input's work bounded; the limits themselves are tested
	 * by tests/test-hostile. */
	opt.max_records = 5000;
	opt.max_generate = 1000;
	opt.include_root = include_root;
	zl_analysis_init(&a);
	if (zl_load_zone_buffer(&a.graph, &a.diags, "fuzz.example.zone", (const char *)data,
	    size, &opt, &error) == 0) {
		zl_analysis_run(&a);
		write_reports(&a);
	}
	free(error);
	zl_analysis_fini(&a);
	return 0;
}
