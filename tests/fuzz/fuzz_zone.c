/* libFuzzer target: zone text through the reader, every rule and every
 * output format. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "report.h"
#include "txtpos.h"

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
	zl_report_text(out, &a->graph, &a->diags, true, true, 1);
	zl_report_json(out, &a->graph, &a->diags);
	zl_report_sarif(out, &a->graph, &a->diags, &sarif);
	zl_report_markdown(out, &a->graph, &a->diags);
	zl_report_diff(out, &a->graph, &a->diags);
	fclose(out);
}

/* Read the input again in two parts, which must give the graph and the
 * reader findings that reading it whole gave. */
static void
compare_split(const struct zl_analysis *whole, const uint8_t *data, size_t size,
    struct zl_load_options opt)
{
	struct zl_analysis split;
	const struct zl_graph *g = &whole->graph, *h = &split.graph;
	char *error = NULL;

	opt.threads = 2;
	opt.split_min_size = 0;
	zl_analysis_init(&split);
	if (zl_load_zone_buffer(&split.graph, &split.diags, "fuzz.example.zone",
	    (const char *)data, size, &opt, &error) != 0)
		abort();
	if (g->nnames != h->nnames || g->nrecords != h->nrecords || g->nrefs != h->nrefs ||
	    g->nnotes != h->nnotes || g->rdata_len != h->rdata_len ||
	    whole->diags.len != split.diags.len)
		abort();
	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i], *s = &h->records[i];

		if (r->owner != s->owner || r->type != s->type || r->ttl != s->ttl ||
		    r->rdata != s->rdata || r->flags != s->flags || r->line != s->line ||
		    r->off != s->off || r->col != s->col || r->text_delta != s->text_delta ||
		    zl_record_zone(g, r) != zl_record_zone(h, s) ||
		    zl_record_pos(g, r).file != zl_record_pos(h, s).file)
			abort();
	}
	if (g->rdata_len > 0 && memcmp(g->rdata, h->rdata, g->rdata_len) != 0)
		abort();
	zl_analysis_fini(&split);
}

static bool
same_pos(struct zl_pos a, struct zl_pos b)
{
	return a.file == b.file && a.line == b.line && a.col == b.col && a.off == b.off;
}

/*
 * A TXT record that the reader marked as one plain string must map its
 * first and last bytes, and the end of its text, where reading the file
 * again maps them.  Inside the text the lexer must agree too.  Past the
 * end the lexer may go on to a line that a forgotten '(' joined to the
 * record, where the shortcut gives the closing quote.
 */
static void
compare_marked_positions(struct zl_graph *g)
{
	for (uint32_t i = 0; i < g->nrecords; i++) {
		struct zl_record *r = &g->records[i];
		uint16_t delta = r->text_delta;
		size_t len, offs[3];

		if (delta == 0)
			continue;
		/* A marked record contains one string of at least one byte. */
		len = zl_graph_rdata(g, r)[0];
		offs[0] = 0;
		offs[1] = len - 1;
		offs[2] = len;
		for (size_t k = 0; k < 3; k++) {
			struct zl_pos mark, file, read;

			zl_txtpos_set_plain_path(true);
			mark = zl_txt_position(g, i, offs[k]);
			r->text_delta = 0;
			file = zl_txt_position(g, i, offs[k]);
			r->text_delta = delta;
			zl_txtpos_set_plain_path(false);
			read = zl_txt_position(g, i, offs[k]);
			zl_txtpos_set_plain_path(true);
			if (!same_pos(mark, file) || (offs[k] < len && !same_pos(mark, read)))
				abort();
		}
	}
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
		compare_split(&a, data, size, opt);
		compare_marked_positions(&a.graph);
		zl_analysis_run(&a);
		write_reports(&a);
	}
	free(error);
	zl_analysis_fini(&a);
	return 0;
}
