/* Unit tests of RDATA text: the types that zonelint describes itself
 * (rrtype.c) are written as BIND 9.18 writes them, and the reader takes
 * the text back to the same RDATA. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <ctype.h>
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "graph.h"
#include "load.h"
#include "rdtext.h"
#include "rrtype.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Helpers */

/* Read "c TYPE RDATA" in the zone example.jp. into g, with the reader of
 * zone files, and return the record, which must have converted. */
static const struct zl_record *
load_record(struct zl_graph *g, const char *type, const char *rdata)
{
	struct zl_diags diags;
	struct zl_load_options opt;
	struct zl_strbuf zone;
	char *error = NULL;

	zl_graph_init(g);
	zl_diags_init(&diags, NULL);
	zl_load_options_init(&opt);
	opt.origin = "example.jp.";
	zl_strbuf_init(&zone);
	zl_strbuf_addf(&zone, "$TTL 3600\nc %s %s\n", type, rdata);
	ck_assert_msg(zl_load_zone_buffer(g, &diags, "example.jp.zone", zone.data, zone.len,
	    &opt, &error) == 0, "%s", error != NULL ? error : "");
	ck_assert_msg(diags.len == 0, "%s %s: %s", type, rdata,
	    diags.len > 0 ? diags.items[0].message : "");
	ck_assert_msg(g->nrecords == 1, "%s %s: %zu records", type, rdata, g->nrecords);
	ck_assert_msg(!(g->records[0].flags & ZL_REC_BROKEN), "%s %s: not converted", type,
	    rdata);
	zl_diags_fini(&diags);
	zl_strbuf_fini(&zone);
	return &g->records[0];
}

/* Return whether c may stand in base64 or hexadecimal text. */
static bool
is_data_char(char c)
{
	return isalnum((unsigned char)c) || c == '+' || c == '/' || c == '=';
}

/*
 * Copy bind, RDATA text as BIND writes it, to out in zonelint's layout.
 * BIND 9.18 cuts a long base64 or hex field into blocks of 56 characters
 * with a blank between them, and writes hex in upper case.  zonelint
 * writes the field in one piece and hex in lower case, as it writes DS
 * and DNSKEY records.  Set hex_last when the last field is hex.
 */
static void
bind_unfolded(const char *bind, bool hex_last, struct zl_strbuf *out)
{
	size_t block = 0, last_field = 0;

	zl_strbuf_init(out);
	zl_strbuf_add(out, "", 0);
	for (const char *p = bind; *p != '\0'; p++) {
		if (*p == ' ' && block == 56) {
			block = 0;
			continue;
		}
		block = is_data_char(*p) ? block + 1 : 0;
		if (*p == ' ')
			last_field = out->len + 1;
		zl_strbuf_addc(out, *p);
	}
	for (size_t i = last_field; hex_last && i < out->len; i++)
		out->data[i] = (char)tolower((unsigned char)out->data[i]);
}

/* ------------------------------------------------------------------ */
/* The types of rrtype.c, as BIND writes them */

struct bind_case {
	const char *type;
	const char *rdata;	/* as written in the zone */
	const char *bind;	/* as BIND writes it */
};

/*
 * The third column is what named-compilezone of BIND 9.18.49 writes for
 * the RDATA of the second, checked with
 *
 *	named-compilezone -k ignore -i none -f text -F text -o - example.jp. FILE
 *
 * on a zone of these records.  BIND writes the one AMTRELAY relay type
 * above 3, which has no presentation form, in RFC 3597 form, and so does
 * zonelint.
 */
static const struct bind_case bind_cases[] = {
	{ "DSYNC", "CDS NOTIFY 5359 ds.example.", "CDS NOTIFY 5359 ds.example." },
	{ "DSYNC", "59 notify 5359 ds", "CDS NOTIFY 5359 ds.example.jp." },
	{ "DSYNC", "TYPE62 0 53 .", "CSYNC 0 53 ." },
	{ "DSYNC", "ANY 2 53 .", "ANY 2 53 ." },
	{ "DSYNC",
	    "KEYDATA 255 65535 a\\.b.example.",
	    "TYPE65533 255 65535 a\\.b.example." },
	{ "DSYNC", "100 1 53 .", "UINFO NOTIFY 53 ." },
	{ "DSYNC", "TYPE65000 1 53 .", "TYPE65000 NOTIFY 53 ." },
	{ "AMTRELAY", "10 0 0 .", "10 0 0 ." },
	{ "AMTRELAY", "10 1 1 192.0.2.1", "10 1 1 192.0.2.1" },
	{ "AMTRELAY", "0 0 2 2001:db8::1", "0 0 2 2001:db8::1" },
	{ "AMTRELAY", "0 1 2 ::ffff:192.0.2.1", "0 1 2 ::ffff:192.0.2.1" },
	{ "AMTRELAY", "10 0 3 relay", "10 0 3 relay.example.jp." },
	{ "AMTRELAY", "255 0 3 .", "255 0 3 ." },
	{ "AMTRELAY", "\\# 3 0a04ab", "\\# 3 0A04AB" },
	{ "RESINFO", "qnamemin exterr=15,16", "\"qnamemin\" \"exterr=15,16\"" },
	{ "RESINFO",
	    "\"a b\" \"c\\\"d\\\\e\" \"\\001\\255x;y\" \"\" \"@$()\"",
	    "\"a b\" \"c\\\"d\\\\e\" \"\\001\\255x;y\" \"\" \"@$()\"" },
	{ "WALLET", "\"BTC\" \"bc1q\"", "\"BTC\" \"bc1q\"" },
	{ "HHIT", "aGVs bG8=", "aGVsbG8=" },
	{ "BRID", "aGVsbG8=", "aGVsbG8=" },
	{ "BRID",
	    "aGVsbG8gd29ybGQgdGhpcyBpcyBhIGxvbmdlciBwaWVjZSBvZiBkYXRhIHRv"
	    "IHNlZSBob3cgbGluZXMgYnJlYWsgaW4gdGhlIG91dHB1dCBvZiBCSU5E",
	    "aGVsbG8gd29ybGQgdGhpcyBpcyBhIGxvbmdlciBwaWVjZSBvZiBkYXRh "
	    "IHRvIHNlZSBob3cgbGluZXMgYnJlYWsgaW4gdGhlIG91dHB1dCBvZiBC "
	    "SU5E" },
	{ "DOA", "0 1 2 \"text/plain\" -", "0 1 2 \"text/plain\" -" },
	{ "DOA", "0 1 2 \"\" aGVs bG8=", "0 1 2 \"\" aGVsbG8=" },
	{ "DOA",
	    "4294967295 4294967295 255 \"image/png\" "
	    "aGVsbG8gd29ybGQgdGhpcyBpcyBhIGxvbmdlciBwaWVjZSBvZiBkYXRhIHRv"
	    "IHNlZSBob3cgbGluZXMgYnJlYWsgaW4gdGhlIG91dHB1dCBvZiBCSU5E",
	    "4294967295 4294967295 255 \"image/png\" "
	    "aGVsbG8gd29ybGQgdGhpcyBpcyBhIGxvbmdlciBwaWVjZSBvZiBkYXRhIHRv"
	    "IHNlZSBob3cgbGluZXMgYnJlYWsgaW4gdGhlIG91dHB1dCBvZiBCSU5E" },
	{ "NINFO", "a", "\"a\"" },
	{ "NINFO", "\"one\" two \"thr ee\"", "\"one\" \"two\" \"thr ee\"" },
	{ "AVC",
	    "\"app-name:WOLFGANG|app-class:OAM\"",
	    "\"app-name:WOLFGANG|app-class:OAM\"" },
	{ "TA", "1 8 7 ab", "1 8 7 AB" },
	{ "TA",
	    "30909 8 2 "
	    "E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A"
	    "5766",
	    "30909 8 2 "
	    "E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CF "
	    "C41A5766" },
	{ "TA",
	    "1 RSASHA256 200 "
	    "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345"
	    "6789abcdef0123456789abcdef01",
	    "1 8 200 "
	    "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01 "
	    "23456789ABCDEF0123456789ABCDEF01" },
	{ "RKEY", "0 1 RSASHA256 AQ==", "0 1 8 AQ==" },
	{ "RKEY",
	    "0 DNSSEC 8 "
	    "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjFFVQU"
	    "Tf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoXbfDaUeVP"
	    "QuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaDX6RS6CXpoY68"
	    "LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpzW5hOA2hzCTMjJPJ8"
	    "LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relSQageu+ipAdTTJ25AsRTA"
	    "oub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulqQxA+Uk1ihz0=",
	    "0 3 8 "
	    "AwEAAagAIKlVZrpC6Ia7gEzahOR+9W29euxhJhVVLOyQbSEW0O8gcCjF "
	    "FVQUTf6v58fLjwBd0YI0EzrAcQqBGCzh/RStIoO8g0NfnfL2MTJRkxoX "
	    "bfDaUeVPQuYEhg37NZWAJQ9VnMVDxP/VHL496M/QZxkjf5/Efucp2gaD "
	    "X6RS6CXpoY68LsvPVjR0ZSwzz1apAzvN9dlzEheX7ICJBBtuA6G3LQpz "
	    "W5hOA2hzCTMjJPJ8LbqF6dsV6DoBQzgul0sGIcGOYl7OyQdXfZ57relS "
	    "Qageu+ipAdTTJ25AsRTAoub8ONGcLmqrAmRLKBP1dfwhYB4N7knNnulq "
	    "QxA+Uk1ihz0=" },
	{ "RKEY", "0 255 253 AQ==", "0 255 253 AQ==" },
};

/* Return whether the text of the case's type ends in a hex field, which
 * zonelint writes in lower case: TA's digest, or RFC 3597 data. */
static bool
ends_in_hex(uint16_t type, const char *bind)
{
	const ldns_rr_descriptor *desc = zl_rrtype_descriptor(type);
	size_t max = ldns_rr_descriptor_maximum(desc);

	return strncmp(bind, "\\# ", 3) == 0 ||
	    ldns_rr_descriptor_field_type(desc, max - 1) == LDNS_RDF_TYPE_HEX;
}

START_TEST(test_rdtext_own_type_as_bind)
{
	const struct bind_case *c = &bind_cases[_i];
	struct zl_graph read, reread;
	const struct zl_record *r, *again;
	struct zl_strbuf expected;
	char *text;
	uint16_t type;

	ck_assert_msg(zl_rrtype_from_text(c->type, strlen(c->type), &type), "type %s", c->type);
	r = load_record(&read, c->type, c->rdata);
	text = zl_record_rdata_text(&read, r);
	ck_assert_msg(text != NULL, "%s %s: no text", c->type, c->rdata);

	/* The text is BIND's, in zonelint's layout. */
	bind_unfolded(c->bind, ends_in_hex(type, c->bind), &expected);
	ck_assert_msg(strcmp(text, expected.data) == 0, "%s %s: wrote '%s', expected '%s'",
	    c->type, c->rdata, text, expected.data);

	/* The reader takes the text back to the same RDATA. */
	again = load_record(&reread, c->type, text);
	ck_assert_msg(again->rdata_len == r->rdata_len,
	    "%s '%s': %u octets read back, %u before", c->type, text,
	    (unsigned)again->rdata_len, (unsigned)r->rdata_len);
	ck_assert_msg(memcmp(zl_graph_rdata(&reread, again), zl_graph_rdata(&read, r),
	    r->rdata_len) == 0, "%s '%s': other RDATA read back", c->type, text);

	free(text);
	zl_strbuf_fini(&expected);
	zl_graph_fini(&read);
	zl_graph_fini(&reread);
}
END_TEST

/* Every type that zonelint describes itself has a case above. */
START_TEST(test_rdtext_every_own_type_compared)
{
	for (uint32_t t = 0; t <= 65535; t++) {
		bool found = false;

		if (!zl_rrtype_is_own((uint16_t)t))
			continue;
		for (size_t i = 0; i < sizeof(bind_cases) / sizeof(bind_cases[0]); i++) {
			uint16_t type;

			found = found || (zl_rrtype_from_text(bind_cases[i].type,
			    strlen(bind_cases[i].type), &type) && type == t);
		}
		ck_assert_msg(found, "type %u has no case", (unsigned)t);
	}
}
END_TEST

/* The reader takes back every type name that DSYNC text may contain. */
START_TEST(test_rdtext_type_names_read_back)
{
	for (uint32_t t = 0; t <= 65535; t++) {
		char name[16];
		uint16_t type = 0;

		zl_rrtype_name_in_data((uint16_t)t, name);
		ck_assert_msg(zl_rrtype_from_text_in_data(name, strlen(name), &type),
		    "type %u: '%s' not read", (unsigned)t, name);
		ck_assert_msg(type == t, "type %u: '%s' read as %u", (unsigned)t, name,
		    (unsigned)type);
	}
}
END_TEST

/* ------------------------------------------------------------------ */
/* RDATA that does not fit the fields */

struct misfit_case {
	uint16_t type;
	const char *wire;
	size_t wire_len;
	const char *text;	/* expected text */
};

#define MISFIT(type, wire, text) { type, wire, sizeof(wire) - 1, text }

/* The reader takes no such RDATA, in either form.  The writer falls back
 * to RFC 3597 form all the same. */
static const struct misfit_case misfit_cases[] = {
	MISFIT(ZL_RRTYPE_DSYNC, "\0\x3b\1", "\\# 3 003b01"),
	MISFIT(ZL_RRTYPE_DSYNC, "\0\x3b\1\x14\xef\xc0\x0c", "\\# 7 003b0114efc00c"),
	MISFIT(ZL_RRTYPE_DSYNC, "\0\x3b\1\x14\xef\2ds", "\\# 8 003b0114ef026473"),
	MISFIT(ZL_RRTYPE_RESINFO, "\5ab", "\\# 3 056162"),
	MISFIT(ZL_RRTYPE_TA, "\0\1\x08\2", "\\# 4 00010802"),
	MISFIT(ZL_RRTYPE_HHIT, "", "\\# 0"),
	MISFIT(ZL_RRTYPE_DOA, "\0\0\0\0\0\0\0\0\2", "\\# 9 000000000000000002"),
	MISFIT(ZL_RRTYPE_AMTRELAY, "\x0a\1\xc0\0\2", "\\# 5 0a01c00002"),
	MISFIT(ZL_RRTYPE_AMTRELAY, "\x0a\0\0", "\\# 3 0a0000"),
	MISFIT(ZL_RRTYPE_AMTRELAY, "\x0a", "\\# 1 0a"),
};

START_TEST(test_rdtext_misfit_generic)
{
	const struct misfit_case *c = &misfit_cases[_i];
	struct zl_graph g;
	struct zl_record r;
	char *text;

	zl_graph_init(&g);
	memset(&r, 0, sizeof(r));
	r.type = c->type;
	r.rclass = ZL_CLASS_IN;
	r.rdata = zl_graph_add_rdata(&g, (const uint8_t *)c->wire, c->wire_len);
	r.rdata_len = (uint16_t)c->wire_len;
	text = zl_record_rdata_text(&g, &r);
	ck_assert_msg(text != NULL, "type %u: no text", (unsigned)c->type);
	ck_assert_msg(strcmp(text, c->text) == 0, "type %u: wrote '%s', expected '%s'",
	    (unsigned)c->type, text, c->text);
	free(text);
	zl_graph_fini(&g);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("rdtext");
	TCase *own = tcase_create("own types");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(own, test_rdtext_own_type_as_bind, 0,
	    (int)(sizeof(bind_cases) / sizeof(bind_cases[0])));
	tcase_add_test(own, test_rdtext_every_own_type_compared);
	tcase_add_test(own, test_rdtext_type_names_read_back);
	tcase_add_loop_test(own, test_rdtext_misfit_generic, 0,
	    (int)(sizeof(misfit_cases) / sizeof(misfit_cases[0])));
	suite_add_tcase(s, own);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
