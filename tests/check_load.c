/* Unit tests of the zone reader: what it builds from a zone that uses the
 * whole master-file format, and that reading leaves the files unchanged. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "name.h"
#include "rdata.h"
#include "txtpos.h"
#include "util.h"

static char root[4096];

/* ------------------------------------------------------------------ */
/* Helpers */

/* Load one zone and run every rule on it.  The caller runs
 * zl_analysis_fini(). */
static void
analyze(struct zl_analysis *a, const char *path)
{
	struct zl_load_options opt;
	char *error = NULL;

	zl_analysis_init(a);
	zl_load_options_init(&opt);
	ck_assert_msg(zl_analysis_load(a, path, &opt, &error) == 0, "%s: %s", path,
	    error ? error : "");
	zl_analysis_run(a);
}

/* The records of a name (presentation form, absolute) of one type. */
static const uint32_t *
records_of(const struct zl_graph *g, const char *name, uint16_t type, size_t *count)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;
	uint32_t id;

	ck_assert_int_eq(zl_name_from_text(name, strlen(name), NULL, wire, &len, &relative,
	    &err_off), ZL_NAME_OK);
	id = zl_graph_lookup(g, wire);
	*count = 0;
	if (id == ZL_NONE)
		return NULL;
	return zl_graph_rrset(g, id, ZL_NONE, type, count);
}

/* The single record of a name and type; fails the test unless there is
 * exactly one. */
static const struct zl_record *
one_record(const struct zl_graph *g, const char *name, uint16_t type)
{
	size_t count;
	const uint32_t *ids = records_of(g, name, type, &count);

	ck_assert_msg(count == 1, "%s type %u: %zu records", name, type, count);
	return &g->records[ids[0]];
}

static bool
rdata_is(const struct zl_graph *g, const struct zl_record *r, const char *wire, size_t len)
{
	return r->rdata_len == len && memcmp(zl_graph_rdata(g, r), wire, len) == 0;
}

/* ------------------------------------------------------------------ */
/* The whole format */

START_TEST(test_load_master_file)
{
	char path[4200];
	struct zl_analysis a;
	const struct zl_graph *g = &a.graph;
	const struct zl_record *r;
	size_t count;

	snprintf(path, sizeof(path), "%s/zones/zone-syntax/ok-master-file.zone", root);
	analyze(&a, path);
	ck_assert_uint_eq(a.diags.len, 0);
	ck_assert_uint_eq(g->nzones, 1);
	ck_assert_uint_eq(g->nrecords, 53);

	/* The zone file, and the file it includes with a link to its parent. */
	ck_assert_uint_eq(g->nfiles, 2);
	ck_assert_uint_eq(g->files[1].parent, 0);
	ck_assert(strstr(g->files[1].path, "ok-master-file.inc") != NULL);
	ck_assert_uint_eq(g->files[1].included_at.line, 61);

	/* $TTL 1h30m, and a TTL of its own before or after the class. */
	r = one_record(g, "example.jp.", ZL_TYPE_SOA);
	ck_assert_uint_eq(r->ttl, 5400);
	ck_assert_uint_eq(zl_record_pos(g, r).line, 4);
	ck_assert_uint_eq(zl_record_pos(g, r).col, 1);
	ck_assert_uint_eq(zl_record_type_pos(g, r).col, 12);
	ck_assert_uint_eq(one_record(g, "ns2.example.jp.", ZL_TYPE_A)->ttl, 3600);
	r = one_record(g, "ns2.example.jp.", ZL_TYPE_AAAA);
	ck_assert_uint_eq(r->ttl, 3600);
	ck_assert_uint_eq(r->rclass, ZL_CLASS_IN);

	/* CLASS1 is IN, and the next line inherits the owner. */
	records_of(g, "www.example.jp.", 1, &count);
	ck_assert_uint_eq(count, 2);

	/* Names with escapes. */
	one_record(g, "weird\\.label.example.jp.", ZL_TYPE_TXT);
	one_record(g, "sp\\032ace.example.jp.", ZL_TYPE_TXT);

	/* \DDD and \X escapes in the text of the first record. */
	records_of(g, "esc.example.jp.", ZL_TYPE_TXT, &count);
	ck_assert_uint_eq(count, 2);
	r = &g->records[records_of(g, "esc.example.jp.", ZL_TYPE_TXT, &count)[0]];
	ck_assert(rdata_is(g, r, "\053tab\tbell\a quote\" backslash\\ semicolon; \351t\303\251", 44));

	/* A TXT record over two lines in parentheses. */
	records_of(g, "example.jp.", ZL_TYPE_TXT, &count);
	ck_assert_uint_eq(count, 1);
	ck_assert(rdata_is(g, &g->records[records_of(g, "example.jp.", ZL_TYPE_TXT, &count)[0]],
	    "\x0bv=spf1 a mx\x05 -all", 18));

	/* RFC 3597 data for an unknown type. */
	ck_assert(rdata_is(g, one_record(g, "example.jp.", 65280), "\1\2\3", 3));
	ck_assert_uint_eq(one_record(g, "unknown.example.jp.", 65281)->rdata_len, 0);

	/* The split CSYNC record (type 62) whose second line starts at
	 * column 1. */
	r = one_record(g, "example.jp.", 62);
	ck_assert_uint_eq(r->flags & ZL_REC_BROKEN, 0);

	/* $INCLUDE with an origin, then the origin is restored. */
	records_of(g, "mail.example.jp.", 1, &count);
	ck_assert_uint_eq(count, 2);
	one_record(g, "in.mail.example.jp.", 1);
	one_record(g, "sel1._domainkey.mail.example.jp.", ZL_TYPE_TXT);
	one_record(g, "after.example.jp.", ZL_TYPE_TXT);

	/* $GENERATE with ${offset,width,base}. */
	r = one_record(g, "host-001.example.jp.", 1);
	ck_assert_uint_ne(r->flags & ZL_REC_GENERATED, 0);
	ck_assert(rdata_is(g, r, "\xc0\x00\x02\x01", 4));
	one_record(g, "host-004.example.jp.", 1);
	r = one_record(g, "0a.rev.example.jp.", ZL_TYPE_TXT);
	ck_assert(rdata_is(g, r, "\x13host 10 in hex 000A", 20));
	one_record(g, "0c.rev.example.jp.", ZL_TYPE_TXT);
	one_record(g, "1.1.nib.example.jp.", ZL_TYPE_TXT);
	one_record(g, "2.1.nib.example.jp.", ZL_TYPE_TXT);
	ck_assert(rdata_is(g, one_record(g, "mx2.example.jp.", ZL_TYPE_MX),
	    "\0\x0a\x08host-002\7example\2jp\0", 23));
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_load_crlf_same_as_lf)
{
	char path[4200];
	struct zl_analysis a;
	const struct zl_graph *g = &a.graph;

	snprintf(path, sizeof(path), "%s/zones/zone-syntax/ok-crlf.zone", root);
	analyze(&a, path);
	ck_assert_uint_eq(a.diags.len, 0);
	ck_assert_uint_eq(g->nrecords, 9);

	/* No CR in text or names. */
	ck_assert(rdata_is(g, one_record(g, "example.jp.", ZL_TYPE_TXT), "\x0ev=spf1 mx -all", 15));
	ck_assert(rdata_is(g, one_record(g, "example.jp.", ZL_TYPE_MX),
	    "\0\x0a\4mail\7example\2jp\0", 19));
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_load_byte_order_mark)
{
	char path[4200];
	struct zl_analysis a;

	snprintf(path, sizeof(path), "%s/zones/zone-syntax/bad-utf8-bom.zone", root);
	analyze(&a, path);
	/* Read as without the mark, which is reported at 1:1. */
	ck_assert_uint_eq(a.diags.len, 1);
	ck_assert_uint_eq(a.diags.items[0].pos.line, 1);
	ck_assert_uint_eq(a.diags.items[0].pos.col, 1);
	ck_assert_uint_eq(a.graph.nrecords, 6);
	ck_assert_uint_eq(one_record(&a.graph, "example.jp.", ZL_TYPE_SOA)->line, 4);
	zl_analysis_fini(&a);
}
END_TEST

/* ------------------------------------------------------------------ */
/* The input stays as it was */

struct snapshot {
	char *path;
	off_t size;
	struct timespec mtime;
	uint64_t hash;		/* FNV-1a of the contents */
};

static struct snapshot *snaps;
static size_t nsnaps, snaps_cap;

static uint64_t
hash_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint64_t h = 14695981039346656037u;
	int c;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	while ((c = getc(f)) != EOF) {
		h ^= (uint64_t)(unsigned char)c;
		h *= 1099511628211u;
	}
	fclose(f);
	return h;
}

/* Record every file under dir, or compare them with the records when
 * compare is true. */
static void
walk(const char *dir, bool compare, size_t *index)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t nnames = 0, cap = 0;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] != '.')
			ZL_PUSH(names, nnames, cap, zl_xstrdup(e->d_name));
	}
	closedir(d);

	/* readdir() order may change when a file changes, so sort by name. */
	for (size_t i = 1; i < nnames; i++) {
		for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
			char *t = names[k];

			names[k] = names[k - 1];
			names[k - 1] = t;
		}
	}
	for (size_t i = 0; i < nnames; i++) {
		char path[4096];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		free(names[i]);
		ck_assert_int_eq(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			walk(path, compare, index);
		} else if (!compare) {
			struct snapshot s = { zl_xstrdup(path), st.st_size, st.st_mtim, hash_file(path) };

			ZL_PUSH(snaps, nsnaps, snaps_cap, s);
		} else {
			const struct snapshot *s;

			ck_assert_msg(*index < nsnaps, "new file %s", path);
			s = &snaps[(*index)++];
			ck_assert_str_eq(s->path, path);
			ck_assert_msg(st.st_size == s->size, "%s changed size", path);
			ck_assert_msg(st.st_mtim.tv_sec == s->mtime.tv_sec &&
			    st.st_mtim.tv_nsec == s->mtime.tv_nsec, "%s changed time", path);
			ck_assert_msg(hash_file(path) == s->hash, "%s changed contents", path);
		}
	}
	free(names);
}

/* Call fn with the path of every .zone file under dir. */
static void
each_zone(const char *dir, void (*fn)(const char *path))
{
	DIR *d = opendir(dir);
	struct dirent *e;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		ck_assert_int_eq(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			each_zone(path, fn);
		else if (len > 5 && strcmp(e->d_name + len - 5, ".zone") == 0)
			fn(path);
	}
	closedir(d);
}

static void
analyze_zone(const char *path)
{
	struct zl_analysis a;

	analyze(&a, path);
	zl_analysis_fini(&a);
}

START_TEST(test_load_leaves_files_unchanged)
{
	char zones[4200], data[4200];
	size_t index = 0;

	snprintf(zones, sizeof(zones), "%s/zones", root);
	snprintf(data, sizeof(data), "%s/data", root);
	walk(zones, false, &index);
	walk(data, false, &index);
	ck_assert_uint_gt(nsnaps, 40);

	each_zone(zones, analyze_zone);
	each_zone(data, analyze_zone);

	walk(zones, true, &index);
	walk(data, true, &index);
	ck_assert_uint_eq(index, nsnaps);
	for (size_t i = 0; i < nsnaps; i++)
		free(snaps[i].path);
	free(snaps);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Zone text in memory and limits */

/* Load text as a zone with the given limit of syntax errors. */
static void
analyze_buffer(struct zl_analysis *a, const char *text, size_t max_syntax_errors)
{
	struct zl_load_options opt;
	char *error = NULL;

	zl_analysis_init(a);
	zl_load_options_init(&opt);
	opt.max_syntax_errors = max_syntax_errors;
	ck_assert_msg(zl_load_zone_buffer(&a->graph, &a->diags, "mem/example.jp.zone", text,
	    strlen(text), &opt, &error) == 0, "%s", error ? error : "");
	zl_analysis_run(a);
}

static size_t
count_rule(const struct zl_diags *d, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->len; i++)
		n += strcmp(d->items[i].rule->id, rule) == 0;
	return n;
}

START_TEST(test_load_buffer_names_file)
{
	struct zl_analysis a;
	const struct zl_record *r;

	analyze_buffer(&a, "$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
	    "@ NS ns1.example.net.\n@ NS ns2.example.net.\nwww A 192.0.2.1\n", 1000);
	ck_assert_uint_eq(a.graph.nfiles, 1);
	ck_assert_str_eq(a.graph.files[0].path, "mem/example.jp.zone");
	r = one_record(&a.graph, "www.example.jp.", ZL_TYPE_A);
	ck_assert_uint_eq(zl_record_pos(&a.graph, r).line, 5);
	ck_assert(rdata_is(&a.graph, r, "\xc0\x00\x02\x01", 4));
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_load_syntax_errors_capped)
{
	struct zl_analysis a;

	analyze_buffer(&a, "$ORIGIN example.jp.\n)\n)\n)\n)\n)\n", 3);
	ck_assert_uint_eq(count_rule(&a.diags, "zone-syntax"), 4);
	ck_assert_str_eq(a.diags.items[a.diags.len - 1].message,
	    "more than 3 syntax errors in this zone: the rest are not reported");
	ck_assert_uint_eq(a.diags.items[a.diags.len - 1].pos.line, 5);
	zl_analysis_fini(&a);
}
END_TEST

START_TEST(test_load_unopened_once_per_line)
{
	struct zl_analysis a;

	analyze_buffer(&a, "$ORIGIN example.jp.\n)))\n))\n", 1000);
	ck_assert_uint_eq(count_rule(&a.diags, "zone-syntax"), 2);
	for (size_t i = 0, k = 0; i < a.diags.len; i++) {
		if (strcmp(a.diags.items[i].rule->id, "zone-syntax") == 0)
			ck_assert_uint_eq(a.diags.items[i].pos.line, 2 + k++);
	}
	zl_analysis_fini(&a);
}
END_TEST

/* Return the hint of the zone-syntax finding on line, or "" when it has
 * none; fails the test when the line has no such finding. */
static const char *
syntax_hint_on(const struct zl_diags *d, uint32_t line)
{
	for (size_t i = 0; i < d->len; i++) {
		if (d->items[i].pos.line == line && strcmp(d->items[i].rule->id, "zone-syntax") == 0)
			return d->items[i].hint != NULL ? d->items[i].hint : "";
	}
	ck_abort_msg("no zone-syntax finding on line %u", line);
	return "";
}

START_TEST(test_load_syntax_error_hints)
{
	static const struct {
		const char *line;
		const char *hint;
	} cases[] = {
		{ "www MX mail\n", "write the MX data as PREFERENCE EXCHANGE" },
		{ "www CNAME\n", "write the CNAME data as DOMAIN-NAME" },
		{ "www SRV 10 5 sip.example.jp.\n", "PRIORITY WEIGHT PORT TARGET" },
		{ "www A 192.0.2.1 extra\n", "remove 'extra', or put ';' before it" },
		{ "www TXT \"open\n", "close the string with '\"' on its line" },
		{ "www 3600 IN IN A 192.0.2.1\n", "a record has one class: remove 'IN'" },
		{ "www CNMAE www.example.jp.\n", "write 'CNAME' if that type is meant" },
		{ "www FOO 1\n", "TYPE65534" },
		{ "$INCLDUE other.zone\n", "write '$INCLUDE' if that directive is meant" },
		{ "$PREFIX www\n", "$ORIGIN, $TTL, $INCLUDE and $GENERATE" },
		{ "w..w A 192.0.2.1\n", "remove the '.' that has no label before it" },
		{ "www A 192.0.2.1 )\n", "remove the ')'" },
		{ "www 99999999999 A 192.0.2.1\n", "use a TTL of at most 604800" },
		{ "$TTL 99999999999\n", "use a TTL of at most 604800" },
		{ "www 3600 7200 A 192.0.2.1\n", "a record has one TTL: remove '7200'" },
		{ "www IN 192.0.2.1\n", "the type is missing: write 'A' before the address" },
		{ "www IN \"text\"\n", "the type is missing: write 'TXT' before the text" },
		{ "_dmarc DMARC \"v=DMARC1; p=none\"\n", "DMARC records are TXT records" },
		{ "www ANAME lb.example.net.\n", "not a record type that BIND or Knot DNS loads" },
		{ "www A 192.0.2.1 192.0.2.2\n", "write '192.0.2.2' in a record of its own of type A" },
		{ "www A 192.0.2.1 2001:db8::1\n", "in a record of its own of type AAAA" },
		{ "www NS ns1.example.net. 3600\n", "remove '3600', or put ';' before it" },
		{ "AAAA 2001:db8::5\n", "'AAAA' at the start of the line is read as the owner name" },
		{ "www DMAME target.example.jp.\n", "write 'DNAME' if that type is meant" },
		{ "www SPF1 \"v=spf1 -all\"\n", "SPF records are TXT records" },
		{ "www TXT \"a\\300\"\n", "three decimal digits from 000 to 255" },
	};
	struct zl_strbuf text;
	struct zl_analysis a;
	const uint32_t first = 5;

	zl_strbuf_init(&text);
	zl_strbuf_adds(&text, "$TTL 3600\n@ SOA ns1 hostmaster 1 7200 3600 1209600 300\n"
	    "@ NS ns1.example.net.\n@ NS ns2.example.net.\n");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		zl_strbuf_adds(&text, cases[i].line);
	analyze_buffer(&a, text.data, 1000);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *hint = syntax_hint_on(&a.diags, first + (uint32_t)i);

		ck_assert_msg(strstr(hint, cases[i].hint) != NULL, "line %zu (%s): hint '%s'",
		    first + i, cases[i].line, hint);
	}
	zl_analysis_fini(&a);
	zl_strbuf_fini(&text);
}
END_TEST

START_TEST(test_load_finds_suppression_tag)
{
	static const struct {
		const char *text;
		bool tag;
	} cases[] = {
		{ "$ORIGIN example.jp.\nwww A 192.0.2.1\n", false },
		{ "$ORIGIN example.jp.\nwww A 192.0.2.1 ; zonelint: disable=ttl-mismatch\n", true },
		{ "$ORIGIN example.jp.\nwww A 192.0.2.1\n;zonelint:", true },
		{ "$ORIGIN example.jp.\nwww A 192.0.2.1 ; zonelint\n", false },
		{ "$ORIGIN example.jp.\nzonelint TXT \"zonelint:\"\n", true },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct zl_analysis a;

		analyze_buffer(&a, cases[i].text, 1000);
		ck_assert_msg(a.graph.files[0].no_suppressions == !cases[i].tag,
		    "%s", cases[i].text);
		zl_analysis_fini(&a);
	}
}
END_TEST

/* The reader gives back the pages of a large mapped file in steps as it
 * reads, and searches them for the tag first.  A file of 1000-byte TXT
 * records releases the first step at exactly 1 MiB, so a tag written
 * across that offset must still be found. */
START_TEST(test_load_finds_tag_across_release)
{
	const size_t line = 1000, size = 4 * 1024 * 1024, tag_at = 1024 * 1024 - 4;
	char path[] = "/tmp/zonelint-check-load-XXXXXX";
	char *text = zl_xmalloc(size);
	struct zl_analysis a;
	int fd = mkstemp(path);
	FILE *f;

	ck_assert_int_ge(fd, 0);
	for (size_t off = 0; off < size; off += line) {
		size_t n = size - off < line ? size - off : line;

		memset(text + off, 'x', n);
		memcpy(text + off, "a TXT \"", 7);
		memcpy(text + off + n - 2, "\"\n", 2);
	}
	memcpy(text + tag_at, "zonelint:", 9);
	f = fdopen(fd, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, size, f), size);
	ck_assert_int_eq(fclose(f), 0);

	zl_analysis_init(&a);
	{
		struct zl_load_options opt;
		char *error = NULL;

		zl_load_options_init(&opt);
		opt.origin = "example.jp.";
		ck_assert_int_eq(zl_analysis_load(&a, path, &opt, &error), 0);
	}
	ck_assert(a.graph.files[0].mapped);
	ck_assert(!a.graph.files[0].no_suppressions);
	zl_analysis_fini(&a);
	unlink(path);
	free(text);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Reading a file in two parts */

static bool
same_pos(struct zl_pos a, struct zl_pos b)
{
	return a.file == b.file && a.line == b.line && a.col == b.col && a.off == b.off;
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Load path with the reader on one thread (threads 1) or split in two
 * wherever a line allows (threads 2), without running the rules. */
static bool
load_only(struct zl_analysis *a, const char *path, unsigned threads)
{
	struct zl_load_options opt;
	char *error = NULL;
	bool ok;

	zl_analysis_init(a);
	zl_load_options_init(&opt);
	opt.threads = threads;
	opt.split_min_size = 0;
	ok = zl_analysis_load(a, path, &opt, &error) == 0;
	free(error);
	return ok;
}

/* Fail unless the graphs and reader findings of x and y are the same,
 * name ids and record ids included. */
static void
assert_same_load(const struct zl_analysis *x, const struct zl_analysis *y, const char *path)
{
	const struct zl_graph *g = &x->graph, *h = &y->graph;

	ck_assert_msg(g->nnames == h->nnames, "%s: names", path);
	for (size_t i = 0; i < g->nnames; i++) {
		const struct zl_name *m = &g->names[i], *n = &h->names[i];

		ck_assert_msg(m->wire_len == n->wire_len && m->parent == n->parent &&
		    m->flags == n->flags && m->labels == n->labels &&
		    memcmp(g->name_arena + m->wire, h->name_arena + n->wire,
		    (size_t)g->name_arena[m->wire] + 1) == 0,
		    "%s: name %zu", path, i);
	}
	ck_assert_msg(g->nrecords == h->nrecords, "%s: records", path);
	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i], *s = &h->records[i];

		ck_assert_msg(r->owner == s->owner && r->type == s->type && r->rclass == s->rclass &&
		    r->ttl == s->ttl && r->rdata == s->rdata && r->rdata_len == s->rdata_len &&
		    r->flags == s->flags && zl_record_zone(g, r) == zl_record_zone(h, s) &&
		    same_pos(zl_record_pos(g, r), zl_record_pos(h, s)) &&
		    r->type_delta == s->type_delta && r->text_delta == s->text_delta,
		    "%s: record %zu", path, i);
		ck_assert_msg(same_pos(zl_record_type_pos(g, r), zl_record_type_pos(h, s)),
		    "%s: type position of record %zu", path, i);
	}
	ck_assert_msg(g->rdata_len == h->rdata_len &&
	    (g->rdata_len == 0 || memcmp(g->rdata, h->rdata, g->rdata_len) == 0), "%s: RDATA", path);
	ck_assert_msg(g->nrefs == h->nrefs, "%s: references", path);
	for (size_t i = 0; i < g->nrefs; i++)
		ck_assert_msg(g->refs[i].record == h->refs[i].record &&
		    g->refs[i].target == h->refs[i].target && g->refs[i].kind == h->refs[i].kind &&
		    same_pos(zl_ref_pos(g, &g->refs[i]), zl_ref_pos(h, &h->refs[i])),
		    "%s: reference %zu", path, i);
	ck_assert_msg(g->nnotes == h->nnotes, "%s: notes", path);
	for (size_t i = 0; i < g->nnotes; i++)
		ck_assert_msg(g->notes[i].kind == h->notes[i].kind &&
		    g->notes[i].record == h->notes[i].record && g->notes[i].type == h->notes[i].type &&
		    same_pos(g->notes[i].pos, h->notes[i].pos) &&
		    same_text(g->notes[i].word, h->notes[i].word) &&
		    same_text(g->notes[i].meant, h->notes[i].meant), "%s: note %zu", path, i);
	ck_assert_msg(g->nzones == h->nzones, "%s: zones", path);
	for (size_t i = 0; i < g->nzones; i++)
		ck_assert_msg(g->zones[i].record_count == h->zones[i].record_count &&
		    g->zones[i].flags == h->zones[i].flags &&
		    same_pos(g->zones[i].no_ttl_pos, h->zones[i].no_ttl_pos), "%s: zone %zu", path, i);
	ck_assert_msg(g->nfiles == h->nfiles, "%s: files", path);
	for (size_t i = 0; i < g->nfiles; i++)
		ck_assert_msg(g->files[i].no_suppressions == h->files[i].no_suppressions,
		    "%s: file %zu", path, i);
	ck_assert_msg(x->diags.len == y->diags.len, "%s: findings", path);
	for (size_t i = 0; i < x->diags.len; i++)
		ck_assert_msg(x->diags.items[i].rule == y->diags.items[i].rule &&
		    same_pos(x->diags.items[i].pos, y->diags.items[i].pos) &&
		    strcmp(x->diags.items[i].message, y->diags.items[i].message) == 0,
		    "%s: finding %zu", path, i);
}

/* Compare the two ways of reading on every zone file below dir; return
 * how many files were compared. */
static size_t
compare_split_below(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t compared = 0;

	ck_assert_msg(d != NULL, "%s", dir);
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		size_t len = strlen(e->d_name);
		struct zl_analysis whole, split;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			compared += compare_split_below(path);
			continue;
		}
		if (len < 5 || strcmp(e->d_name + len - 5, ".zone") != 0)
			continue;
		if (load_only(&whole, path, 1) && load_only(&split, path, 2)) {
			assert_same_load(&whole, &split, path);
			zl_analysis_fini(&split);
			compared++;
		}
		zl_analysis_fini(&whole);
	}
	closedir(d);
	return compared;
}

/* zl_xcalloc_written() zeroes what it returns, also the one byte it
 * returns for a count or size of 0. */
START_TEST(test_xcalloc_written_zeroed)
{
	unsigned char *zeroed = zl_xcalloc_written(5000, 3);
	unsigned char *empty = zl_xcalloc_written(0, 8);

	for (size_t i = 0; i < 5000 * 3; i++)
		ck_assert_int_eq(zeroed[i], 0);
	ck_assert_int_eq(empty[0], 0);
	free(zeroed);
	free(empty);
}
END_TEST

/* The reader splits even small files here (split_min_size 0), so every
 * fixture exercises the second parser, the check of its guess at the
 * split line, and the merge. */
START_TEST(test_load_split_same_graph)
{
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/zones", root);
	ck_assert_uint_gt(compare_split_below(dir), 100);
}
END_TEST

/* Files where the guess of the second part fails or is not tried: each
 * must give the graph of the whole file read at once. */
START_TEST(test_load_split_guesses)
{
	static const char *const texts[] = {
		/* The first line past the middle that starts in column 1 is
		 * inside parentheses. */
		"$ORIGIN example.jp.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n"
		"txt TXT ( \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"\nc \"d\" )\n"
		"\tTXT \"e\"\n\tTXT \"e\"\n\tTXT \"e\"\n\tTXT \"e\"\n"
		"\tTXT \"e\"\n\tTXT \"e\"\n\tTXT \"e\"\n\tTXT \"e\"\n",
		/* A relative $ORIGIN before the split line: no second part. */
		"$ORIGIN example.jp.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n$ORIGIN sub\n"
		"www A 192.0.2.1\nmail A 192.0.2.2\nftp A 192.0.2.3\n",
		/* No $TTL, so the records past the split line take the last
		 * TTL of the first part, not a default. */
		"$ORIGIN example.jp.\n@ 600 SOA ns hostmaster 1 2 3 4 5\nwww 60 A 192.0.2.1\n"
		"mail A 192.0.2.2\nftp A 192.0.2.3\n",
		/* An origin that differs from the guess only in case, set by
		 * an indented $ORIGIN that the guess does not see: the MX
		 * targets keep the case of the origin. */
		"$ORIGIN example.jp.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\n"
		"a A 192.0.2.1\na A 192.0.2.1\na A 192.0.2.1\na A 192.0.2.1\n"
		"  $ORIGIN EXAMPLE.JP.\nmx MX 10 tgt\nmx MX 10 tgt\n"
		"b A 192.0.2.2\nb A 192.0.2.2\nb A 192.0.2.2\nb A 192.0.2.2\n"
		"b A 192.0.2.2\nb A 192.0.2.2\nb A 192.0.2.2\n",
		/* Records without an owner after the split line, which take
		 * the owner of the second part. */
		"$ORIGIN example.jp.\n$TTL 300\n@ SOA ns hostmaster 1 2 3 4 5\nwww A 192.0.2.1\n"
		"\tA 192.0.2.9\nmail A 192.0.2.2\n\tMX 10 mail\n\tMX 20 mail\n",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char path[] = "/tmp/zonelint-check-split-XXXXXX";
		int fd = mkstemp(path);
		struct zl_analysis whole, split;

		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(write(fd, texts[i], strlen(texts[i])), (ssize_t)strlen(texts[i]));
		close(fd);
		ck_assert(load_only(&whole, path, 1));
		ck_assert(load_only(&split, path, 2));
		assert_same_load(&whole, &split, texts[i]);
		zl_analysis_fini(&whole);
		zl_analysis_fini(&split);
		unlink(path);
	}
}
END_TEST

/* The second part's arrays are moved into the graph a step at a time.
 * Every byte must arrive, and the bytes around the block must stay, for
 * blocks that start on a page boundary and blocks that do not. */
START_TEST(test_copy_and_release_every_byte)
{
	static const size_t lens[] = { 0, 1, 4095, 4096, 4097, (1u << 20) - 1, 1u << 20,
	    (1u << 20) + 1, (3u << 20) + 12345 };
	static const size_t skews[] = { 0, 1, 16, 4095 };
	const size_t guard = (size_t)sysconf(_SC_PAGESIZE);

	for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		for (size_t j = 0; j < sizeof(skews) / sizeof(skews[0]); j++) {
			size_t len = lens[k], skew = skews[j];
			unsigned char *block, *src, *dst, *want;

			/* The block starts on a page and src skew bytes past the
			 * next one. */
			ck_assert_int_eq(posix_memalign((void **)&block, guard,
			    guard + skew + len + guard), 0);
			src = block + guard + skew;
			dst = zl_xmalloc(len + 1);
			want = zl_xmalloc(len + 1);
			memset(block, 0xa5, guard + skew);
			memset(src + len, 0x5a, guard);
			for (size_t i = 0; i < len; i++)
				src[i] = want[i] = (unsigned char)(i * 7 + i / 4096 + skew);
			zl_copy_and_release(dst, src, len);
			ck_assert_msg(len == 0 || memcmp(dst, want, len) == 0,
			    "length %zu, skew %zu: copy differs", len, skew);
			for (size_t i = 0; i < guard + skew; i++)
				ck_assert_msg(block[i] == 0xa5, "length %zu, skew %zu: byte %zu before",
				    len, skew, guard + skew - i);
			for (size_t i = 0; i < guard; i++)
				ck_assert_msg(src[len + i] == 0x5a, "length %zu, skew %zu: byte %zu after",
				    len, skew, i);
			free(block);
			free(dst);
			free(want);
		}
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* Positions inside TXT records */

/* Fail unless every byte of every TXT record of path, and the offsets
 * just past the text, map to the same position in three ways: through
 * the reader's text_delta, through the plain-string shortcut that reads
 * the file, and with the lexer.  Return how many records the reader
 * marked. */
static size_t
assert_same_txt_positions_count(const char *path)
{
	struct zl_analysis a;
	struct zl_strbuf text;
	size_t marked = 0;

	ck_assert_msg(load_only(&a, path, 1), "%s", path);
	zl_strbuf_init(&text);
	for (uint32_t i = 0; i < a.graph.nrecords; i++) {
		struct zl_record *r = &a.graph.records[i];
		uint16_t delta = r->text_delta;

		if (r->type != ZL_TYPE_TXT) {
			ck_assert_uint_eq(delta, 0);
			continue;
		}
		marked += delta != 0;
		text.len = 0;
		zl_txt_join(zl_graph_rdata(&a.graph, r), r->rdata_len, &text);
		for (size_t off = 0; off <= text.len + 1; off++) {
			struct zl_pos mark, plain, read;

			zl_txtpos_set_plain_path(true);
			mark = zl_txt_position(&a.graph, i, off);
			r->text_delta = 0;
			plain = zl_txt_position(&a.graph, i, off);
			r->text_delta = delta;
			zl_txtpos_set_plain_path(false);
			read = zl_txt_position(&a.graph, i, off);
			zl_txtpos_set_plain_path(true);
			ck_assert_msg(plain.file == read.file && plain.line == read.line &&
			    plain.col == read.col && plain.off == read.off,
			    "%s: record at line %u, text offset %zu: %u:%u, read again %u:%u",
			    path, r->line, off, plain.line, plain.col, read.line, read.col);
			ck_assert_msg(mark.file == read.file && mark.line == read.line &&
			    mark.col == read.col && mark.off == read.off,
			    "%s: record at line %u, text offset %zu: marked %u:%u, read again %u:%u",
			    path, r->line, off, mark.line, mark.col, read.line, read.col);
		}
	}
	zl_strbuf_fini(&text);
	zl_analysis_fini(&a);
	return marked;
}

static void
assert_same_txt_positions(const char *path)
{
	assert_same_txt_positions_count(path);
}

START_TEST(test_txt_position_plain_same)
{
	/* Plain strings beside the forms the shortcut must leave alone. */
	static const char text[] =
	    "$ORIGIN example.jp.\n$TTL 300\n"
	    "@ IN SOA ns hostmaster 1 3600 900 604800 300\n"
	    "@ IN NS ns\n"
	    "a IN TXT \"v=spf1 -all\"\n"
	    "b\tIN\ttxt\t\"v=DMARC1; p=none\"  ; a comment\n"
	    "c 60 TXT \"\"\n"
	    "d TXT \"one\" \"two\"\n"
	    "e TXT ( \"in parentheses\" )\n"
	    "f TXT \"an \\\"escaped\\\" quote\"\n"
	    "g TXT \"\\118=spf1 -all\"\n"
	    "h TXT v=spf1 mx -all\n"
	    "i TYPE16 \\# 4 03616263\n"
	    "j TXT \"semi;colon\"\r\n"
	    "k IN TXT \"unterminated\n"
	    "l IN A TXT \"v=spf1 -all\"\n"
	    "m TXT \"a\"\"b\"\n"
	    "n TXT\"touching\"\n"
	    "o IN TXT IN \"class after the type\"\n"
	    "p TXT \"over \\\n two lines\"\n"
	    "q TXT \"v=spf1 -all\" ; \"not text\"\n"
	    "$GENERATE 1-2 gen$ TXT \"generated $\"\n";
	char path[] = "/tmp/zonelint-check-txtpos-XXXXXX";
	char dir[sizeof(root) + 8];
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, sizeof(text) - 1), (ssize_t)(sizeof(text) - 1));
	close(fd);
	/* The reader marks a, b, j and q only. */
	ck_assert_uint_eq(assert_same_txt_positions_count(path), 4);
	unlink(path);

	snprintf(dir, sizeof(dir), "%s/zones", root);
	each_zone(dir, assert_same_txt_positions);
}
END_TEST

int
main(void)
{
	const char *env = getenv("ZONELINT_TESTS");
	Suite *s = suite_create("load");
	TCase *format = tcase_create("format");
	TCase *input = tcase_create("input");
	TCase *memory = tcase_create("memory");
	TCase *positions = tcase_create("positions");
	SRunner *sr;
	int failed;

	snprintf(root, sizeof(root), "%s", env ? env : "tests");
	tcase_add_test(format, test_load_master_file);
	tcase_add_test(format, test_load_crlf_same_as_lf);
	tcase_add_test(format, test_load_byte_order_mark);
	suite_add_tcase(s, format);
	tcase_add_test(memory, test_load_buffer_names_file);
	tcase_add_test(memory, test_load_syntax_errors_capped);
	tcase_add_test(memory, test_load_unopened_once_per_line);
	tcase_add_test(memory, test_load_syntax_error_hints);
	tcase_add_test(memory, test_load_finds_suppression_tag);
	tcase_add_test(memory, test_xcalloc_written_zeroed);
	suite_add_tcase(s, memory);
	tcase_add_test(input, test_load_finds_tag_across_release);
	tcase_add_test(input, test_load_leaves_files_unchanged);
	tcase_add_test(input, test_load_split_same_graph);
	tcase_add_test(input, test_load_split_guesses);
	tcase_add_test(input, test_copy_and_release_every_byte);
	tcase_set_timeout(input, 60);
	suite_add_tcase(s, input);
	tcase_add_test(positions, test_txt_position_plain_same);
	tcase_set_timeout(positions, 60);
	suite_add_tcase(s, positions);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
