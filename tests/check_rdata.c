/* Unit tests of RDATA conversion, and a differential test against ldns.
 * Every record of the fixture zones (tests/zones) and of the zones in
 * tests/data must convert to the same wire RDATA through
 * zl_rdata_from_tokens() and through ldns_rr_new_frm_str(), unless it is
 * one of the known differences listed below. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <check.h>
#include <dirent.h>
#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "graph.h"
#include "lexer.h"
#include "name.h"
#include "rdata.h"
#include "rrtype.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Helpers */

#define MAX_TOKENS 64

/* Split one line of text into tokens, without the end-of-line token. */
static size_t
tokenize(const char *text, struct zl_token *toks)
{
	struct zl_lexer lx;
	size_t n = 0;

	zl_lexer_init(&lx, text, strlen(text), 0, NULL);
	for (;;) {
		struct zl_token t = zl_lexer_next(&lx);

		if (t.kind != ZL_TOKEN_WORD && t.kind != ZL_TOKEN_QSTRING)
			break;
		ck_assert_uint_lt(n, MAX_TOKENS);
		toks[n++] = t;
	}
	return n;
}

static const uint8_t example_jp[] = "\7example\2jp";

/* ------------------------------------------------------------------ */
/* Conversion cases */

struct rdata_case {
	const char *type;
	const char *rdata;	/* presentation text */
	const char *wire;	/* expected wire form; NULL when conversion fails */
	size_t wire_len;
	enum zl_rdata_error_code error;
	size_t token;		/* offending token index for an error */
};

#define OK(type, rdata, wire) { type, rdata, wire, sizeof(wire) - 1, ZL_RDATA_OK, 0 }
#define FAIL(type, rdata, error, token) { type, rdata, NULL, 0, error, token }

static const struct rdata_case rdata_cases[] = {
	OK("A", "192.0.2.1", "\xc0\x00\x02\x01"),
	OK("AAAA", "2001:db8::1", "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01"),
	OK("MX", "10 mail", "\x00\x0a\4mail\7example\2jp\0"),
	OK("MX", "0 .", "\x00\x00\0"),
	OK("NS", "@", "\7example\2jp\0"),
	OK("CNAME", "www.example.net.", "\3www\7example\3net\0"),
	OK("TXT", "\"a b\" c", "\3a b\1c"),
	OK("TXT", "\"\"", "\0"),
	OK("TXT", "\"v=DMARC1\\; p=none\"", "\x10v=DMARC1; p=none"),
	OK("TXT", "\"\\\"hi\\\"\"", "\4\"hi\""),
	OK("TXT", "\"\\065\\\\\"", "\2A\\"),
	OK("TXT", "a\\032b", "\3a b"),
	OK("SRV", "0 5 5060 sip", "\0\0\0\5\x13\xc4\3sip\7example\2jp\0"),
	OK("CAA", "0 issue \"ca.example.net\"", "\0\5issueca.example.net"),
	OK("SOA", "ns hm 1 2h 3 4 5",
	    "\2ns\7example\2jp\0\2hm\7example\2jp\0\0\0\0\1\0\0\x1c\x20\0\0\0\3\0\0\0\4\0\0\0\5"),
	OK("TYPE65280", "\\# 3 010203", "\1\2\3"),
	OK("TYPE65280", "\\# 3 01 02 03", "\1\2\3"),
	OK("A", "\\# 4 C0000201", "\xc0\x00\x02\x01"),
	OK("TYPE65281", "\\# 0", ""),
	/* Generic data must be valid for a known type.  Like BIND, zonelint
	 * takes a missing last field only where the field may be empty. */
	OK("NULL", "\\# 0", ""),
	OK("CAA", "\\# 7 00056973737565", "\0\5issue"),
	OK("URI", "\\# 4 000A000A", "\0\12\0\12"),
	OK("CSYNC", "\\# 6 000000010003", "\0\0\0\1\0\3"),
	OK("KEY", "\\# 4 C0000308", "\xc0\0\3\10"),
	OK("NXT", "\\# 1 00", "\0"),
	OK("MX", "\\# 15 000A036E7331076578616D706C6500", "\0\12\3ns1\7example\0"),
	FAIL("A", "\\# 3 C00002", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("A", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	FAIL("AAAA", "\\# 17 20010DB800000000000000000000000100", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("MX", "\\# 2 000A", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("MX", "\\# 4 000AC000", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("TXT", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	FAIL("HINFO", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	/* Presentation forms that leave out a last field, as BIND allows. */
	OK("KEY", "49152 3 8", "\xc0\0\3\10"),
	OK("CSYNC", "1 3", "\0\0\0\1\0\3"),
	OK("NXT", "next.example.jp.", "\4next\7example\2jp\0"),
	FAIL("KEY", "256 3 8", ZL_RDATA_MISSING, 3),
	FAIL("CSYNC", "1", ZL_RDATA_MISSING, 1),
	/* Key flags in the other forms BIND 9.18 reads: a number of at most
	 * 12 characters, decimal or else hexadecimal, and flag names, which
	 * may be cut short.  The values are BIND's. */
	OK("KEY", "0xC000 3 8", "\xc0\0\3\10"),
	OK("KEY", "NOAUTH|noconf 3 8", "\xc0\0\3\10"),
	OK("KEY", "NOK 3 8", "\xc0\0\3\10"),
	OK("KEY", "ZONE|FLAG4|SIG15 3 8 AQ==", "\x09\x0f\3\10\1"),
	OK("KEY", "FLAG1|S 3 8 AQ==", "\0\x20\3\10\1"),
	OK("KEY", "N 3 8 AQ==", "\x40\0\3\10\1"),
	OK("DNSKEY", "0x0101 3 8 AQ==", "\x01\x01\3\10\1"),
	OK("DNSKEY", "ZONE|KSK 3 8 AQ==", "\x01\x01\3\10\1"),
	OK("DNSKEY", "Z 3 8 AQ==", "\x01\0\3\10\1"),
	OK("DNSKEY", "1ff 3 8 AQ==", "\x01\xff\3\10\1"),
	OK("DNSKEY", "1e3 3 8 AQ==", "\x01\xe3\3\10\1"),
	OK("DNSKEY", "000000000257 3 8 AQ==", "\x01\x01\3\10\1"),
	OK("CDNSKEY", "0X100 3 8 AQ==", "\x01\0\3\10\1"),
	FAIL("DNSKEY", "0000000000257 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "0x10000 3 8", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "0x 3 8", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "0x1g 3 8", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("DNSKEY", "ff 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "SEP 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "SIG16 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "SIG01 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "49152|FLAG2 3 8", ZL_RDATA_BAD_KEY_FLAGS, 0),
	/* BIND reads an empty name as NOCONF, or as nothing at the end;
	 * zonelint reports it. */
	FAIL("KEY", "ZONE||HOST 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("KEY", "ZONE| 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	FAIL("DNSKEY", "-1 3 8 AQ==", ZL_RDATA_BAD_KEY_FLAGS, 0),
	/* The protocol, too, may be a name. */
	OK("DNSKEY", "257 DNSSEC 8 AQ==", "\x01\x01\3\10\1"),
	OK("KEY", "0 ipsec 8 AQ==", "\0\0\4\10\1"),
	OK("KEY", "0 ALL 8 AQ==", "\0\0\xff\10\1"),
	OK("DNSKEY", "257 03 8 AQ==", "\x01\x01\3\10\1"),
	FAIL("DNSKEY", "257 DNS 8 AQ==", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("DNSKEY", "257 0x3 8 AQ==", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("MX", "0x10 mail", ZL_RDATA_BAD_NUMBER, 0),
	/* BIND rejects a key after the "no key" flags, and NSEC without
	 * types, in both forms.  It also rejects generic KEY and DNSKEY data
	 * without a key, and NSEC data whose bitmap RFC 4034 does not allow. */
	FAIL("KEY", "49152 3 8 AQ==", ZL_RDATA_KEY_NOT_EXPECTED, 3),
	FAIL("KEY", "NOKEY 3 8 AQ==", ZL_RDATA_KEY_NOT_EXPECTED, 3),
	FAIL("NSEC", "next.example.jp.", ZL_RDATA_MISSING, 1),
	OK("NSEC", "next.example.jp. A", "\4next\7example\2jp\0\0\1\x40"),
	FAIL("KEY", "\\# 5 C000030801", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("KEY", "\\# 4 01000308", ZL_RDATA_BAD_GENERIC, 2),
	OK("KEY", "\\# 5 0100030801", "\x01\0\3\10\1"),
	FAIL("DNSKEY", "\\# 4 01010308", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("CDNSKEY", "\\# 4 01010308", ZL_RDATA_BAD_GENERIC, 2),
	OK("NSEC", "\\# 4 00000140", "\0\0\1\x40"),
	FAIL("NSEC", "\\# 1 00", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("NSEC", "\\# 4 00000100", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("NSEC", "\\# 5 0000024000", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("NSEC", "\\# 7 00000140000140", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("A", "192.0.2.256", ZL_RDATA_BAD_IPV4, 0),
	FAIL("A", "\"192.0.2.1\"", ZL_RDATA_BAD_IPV4, 0),
	FAIL("A", "192.0.2.1 5", ZL_RDATA_EXTRA, 1),
	FAIL("A", "", ZL_RDATA_MISSING, 0),
	FAIL("AAAA", "192.0.2.1", ZL_RDATA_BAD_IPV6, 0),
	FAIL("MX", "10", ZL_RDATA_MISSING, 1),
	FAIL("MX", "x mail", ZL_RDATA_BAD_NUMBER, 0),
	FAIL("MX", "65536 mail", ZL_RDATA_BAD_NUMBER, 0),
	FAIL("MX", "10 a..b", ZL_RDATA_BAD_NAME, 1),
	FAIL("MX", "10 \"mail\"", ZL_RDATA_BAD_NAME, 1),
	FAIL("TXT", "\"a\\25\"", ZL_RDATA_BAD_ESCAPE, 0),
	FAIL("TXT", "ok \"\\256\"", ZL_RDATA_BAD_ESCAPE, 1),
	FAIL("TYPE65280", "010203", ZL_RDATA_UNKNOWN_TYPE, 0),
	FAIL("TYPE65280", "\\# 2 010203", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("TYPE65280", "\\# 3 0102", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("TYPE65280", "\\# 1 0g", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("TYPE65280", "\\# x", ZL_RDATA_BAD_GENERIC, 1),
	FAIL("TYPE65280", "\\#", ZL_RDATA_BAD_GENERIC, 1),
	FAIL("SSHFP", "1 2 xyz", ZL_RDATA_LDNS, 2),
	FAIL("SSHFP", "1 2 \"abcd\"", ZL_RDATA_LDNS, 2),
	FAIL("DNSKEY", "257 3 8 AwEAAQ== \"AwEAAQ==\"", ZL_RDATA_LDNS, 4),
	FAIL("CAA", "0 \"issue\" \"ca\"", ZL_RDATA_LDNS, 1),
	OK("CAA", "0 issue ca.example.net", "\0\5issueca.example.net"),
	OK("SVCB", "1 . alpn=\"h2,h3\"", "\0\1\0\0\1\0\6\2h2\2h3"),
	OK("HTTPS", "1 . alpn=h2", "\0\1\0\0\1\0\3\2h2"),
	/* Types that BIND 9.18 loads and ldns 1.8 does not describe, read
	 * from zonelint's own descriptors.  Each verdict is BIND's. */
	OK("DSYNC", "CDS NOTIFY 5359 ds.example.", "\0\x3b\1\x14\xef\2ds\7example\0"),
	OK("DSYNC", "59 notify 5359 ds", "\0\x3b\1\x14\xef\2ds\7example\2jp\0"),
	OK("DSYNC", "TYPE62 0 53 .", "\0\x3e\0\0\x35\0"),
	FAIL("DSYNC", "CDS 256 5359 ds", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("DSYNC", "CDS NOTIF 5359 ds", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("DSYNC", "FOO 1 5359 ds", ZL_RDATA_LDNS, 0),
	FAIL("DSYNC", "CDS 1 5359", ZL_RDATA_MISSING, 3),
	OK("DSYNC", "\\# 9 003b0114ef02647300", "\0\x3b\1\x14\xef\2ds\0"),
	FAIL("DSYNC", "\\# 7 003b0114efc00c", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("DSYNC", "\\# 5 003b0114ef", ZL_RDATA_BAD_GENERIC, 2),
	OK("RESINFO", "qnamemin exterr=15,16", "\x08qnamemin\x0c" "exterr=15,16"),
	OK("WALLET", "\"BTC\" \"bc1q\"", "\3BTC\4bc1q"),
	OK("NINFO", "a", "\1a"),
	OK("AVC", "\\# 3 026162", "\2ab"),
	FAIL("RESINFO", "", ZL_RDATA_MISSING, 0),
	FAIL("RESINFO", "\\# 2 0200", ZL_RDATA_BAD_GENERIC, 2),
	OK("AMTRELAY", "10 0 0 .", "\x0a\0"),
	OK("AMTRELAY", "10 1 1 192.0.2.1", "\x0a\x81\xc0\0\2\1"),
	OK("AMTRELAY", "0 0 2 2001:db8::1", "\0\2\x20\1\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\1"),
	OK("AMTRELAY", "10 0 3 relay", "\x0a\3\5relay\7example\2jp\0"),
	FAIL("AMTRELAY", "256 0 0 .", ZL_RDATA_BAD_NUMBER, 0),
	FAIL("AMTRELAY", "10 2 1 192.0.2.1", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("AMTRELAY", "10 0 128 .", ZL_RDATA_BAD_NUMBER, 2),
	FAIL("AMTRELAY", "10 0 0 relay", ZL_RDATA_LDNS, 3),
	FAIL("AMTRELAY", "10 0 2 192.0.2.1", ZL_RDATA_BAD_IPV6, 3),
	FAIL("AMTRELAY", "10 0 4 abcd", ZL_RDATA_RELAY_TYPE, 2),
	FAIL("AMTRELAY", "10 0 0", ZL_RDATA_MISSING, 3),
	FAIL("AMTRELAY", "10 0 1 192.0.2.1 x", ZL_RDATA_EXTRA, 4),
	OK("AMTRELAY", "\\# 3 0a04ab", "\x0a\4\xab"),
	OK("AMTRELAY", "\\# 3 0a0300", "\x0a\3\0"),
	FAIL("AMTRELAY", "\\# 3 0a0000", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("AMTRELAY", "\\# 4 0a0301c0", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("AMTRELAY", "\\# 1 0a", ZL_RDATA_BAD_GENERIC, 2),
	OK("DOA", "0 1 2 \"text/plain\" -", "\0\0\0\0\0\0\0\1\2\x0atext/plain"),
	OK("DOA", "0 1 2 \"\" aGVs bG8=", "\0\0\0\0\0\0\0\1\2\0hello"),
	FAIL("DOA", "0 1 2 \"text/plain\"", ZL_RDATA_MISSING, 4),
	OK("DOA", "\\# 10 00000000000000000200", "\0\0\0\0\0\0\0\0\2\0"),
	FAIL("DOA", "\\# 9 000000000000000002", ZL_RDATA_BAD_GENERIC, 2),
	OK("HHIT", "aGVs bG8=", "hello"),
	OK("BRID", "aGVsbG8=", "hello"),
	FAIL("HHIT", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	OK("RKEY", "0 1 RSASHA256 AQ==", "\0\0\1\x08\1"),
	FAIL("RKEY", "1 1 8 AQ==", ZL_RDATA_BAD_NUMBER, 0),
	FAIL("RKEY", "\\# 5 01000108ab", ZL_RDATA_BAD_GENERIC, 2),
	OK("TA", "1 8 7 ab", "\0\1\x08\7\xab"),
	FAIL("TA", "\\# 4 00010802", ZL_RDATA_BAD_GENERIC, 2),
	/* BIND rejects empty digests, keys, signatures and certificates in
	 * generic data, an NSEC3 hash that is empty or, for SHA-1, not 20
	 * octets, a ZONEMD digest under 12 octets, and IPSECKEY without a
	 * key, in either form. */
	FAIL("DS", "\\# 4 00010801", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("CDS", "\\# 4 00000000", ZL_RDATA_BAD_GENERIC, 2),
	OK("CDS", "\\# 5 0000000000", "\0\0\0\0\0"),
	FAIL("DHCID", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	FAIL("OPENPGPKEY", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	FAIL("CERT", "\\# 5 0001000000", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("EID", "\\# 0", ZL_RDATA_BAD_GENERIC, 1),
	OK("APL", "\\# 0", ""),
	FAIL("NSEC3", "\\# 6 010000000000", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("NSEC3", "\\# 7 010000000001ab", ZL_RDATA_BAD_GENERIC, 2),
	OK("NSEC3", "\\# 7 020000000001ab", "\2\0\0\0\0\1\xab"),
	FAIL("NSEC3", "1 0 0 - 00000000 A", ZL_RDATA_FIELD_LENGTH, 4),
	OK("NSEC3", "1 0 0 - 2VPTU5TIMAMQTTGL4LUU9KG21E0AOR3S",
	    "\1\0\0\0\0\x14\x17\xf3\xdf\x17\xb2\xb2\xad\xae\xf6\x15\x25\x7d\xe4\xd2\2\x0b\x80\xac\x6c\x7c"),
	FAIL("ZONEMD", "1 1 1 ababababababababababab", ZL_RDATA_FIELD_LENGTH, 3),
	FAIL("ZONEMD", "\\# 17 0000000101ababababababababababab", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("IPSECKEY", "10 1 2 192.0.2.1", ZL_RDATA_MISSING, 4),
	FAIL("IPSECKEY", "\\# 4 0a030100", ZL_RDATA_BAD_GENERIC, 2),
	OK("IPSECKEY", "\\# 4 0a000001", "\x0a\0\0\1"),
	/* More of BIND's verdicts.  It takes an empty SSHFP fingerprint,
	 * NSEC3 hashes of at most 39 octets with a valid bitmap, IPSECKEY
	 * gateway types 0 to 3, and RKEY flags and protocols written as
	 * KEY's.  Algorithms go up to 255, hexadecimal digits come in
	 * pairs, DSYNC takes query types, and type lists name types. */
	OK("SSHFP", "\\# 2 0103", "\1\3"),
	OK("SSHFP", "1 0", "\1\0"),
	FAIL("NSEC3", "\\# 46 020000000028ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("NSEC3", "\\# 9 020000000001AB0000", ZL_RDATA_BAD_GENERIC, 2),
	FAIL("IPSECKEY", "\\# 5 0A040100AB", ZL_RDATA_BAD_GENERIC, 2),
	OK("RKEY", "0 DNSSEC 8 AQ==", "\0\0\3\x08\1"),
	OK("RKEY", "0x0 3 8 AQ==", "\0\0\3\x08\1"),
	FAIL("TA", "30909 256 2 ab", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("DS", "1 300 2 ab", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("DS", "1 8 2 ab a", ZL_RDATA_LDNS, 4),
	OK("DSYNC", "ANY 1 53 .", "\0\xff\1\0\x35\0"),
	OK("DSYNC", "+59 1 53 .", "\0\x3b\1\0\x35\0"),
	FAIL("NSEC", "next A x", ZL_RDATA_LDNS, 2),
	FAIL("CSYNC", "1 3 A x", ZL_RDATA_LDNS, 3),
	OK("NSEC", "next.example.jp. a RESINFO",
	    "\4next\7example\2jp\0\0\1\x40\1\1\x04"),
	FAIL("DS", "60485 +300 2 ab", ZL_RDATA_BAD_NUMBER, 1),
	FAIL("CERT", "1 1 -1 AQID", ZL_RDATA_BAD_NUMBER, 2),
	FAIL("DS", "60485 0000000000008 2 ab", ZL_RDATA_BAD_NUMBER, 1),
	OK("DS", "60485 000000000008 7 ab", "\xec\x45\x08\x07\xab"),
	FAIL("DSYNC", "TYPE65595 1 53 .", ZL_RDATA_LDNS, 0),
	OK("DSYNC", "KEYDATA 1 53 .", "\xff\xfd\1\0\x35\0"),
	OK("NSEC", "next.example.jp. A ANY",
	    "\4next\7example\2jp\0\0\x20\x40"
	    "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01"),
	FAIL("NSEC", "next TYPE000001", ZL_RDATA_LDNS, 1),
	FAIL("CSYNC", "\\# 8 0000000100030001", ZL_RDATA_BAD_GENERIC, 2),
	OK("CSYNC", "\\# 6 000000010003", "\0\0\0\1\0\3"),
	/* SvcParams as BIND checks them (RFC 9460). */
	FAIL("SVCB", "1 . port=70000", ZL_RDATA_BAD_NUMBER, 2),
	FAIL("HTTPS", "1 . alpn=h2 alpn=h3", ZL_RDATA_SVC_PARAMS, 2),
	FAIL("HTTPS", "1 . mandatory=port", ZL_RDATA_SVC_PARAMS, 2),
	FAIL("HTTPS", "1 . mandatory=alpn,alpn alpn=h2", ZL_RDATA_SVC_PARAMS, 2),
	FAIL("HTTPS", "1 . no-default-alpn", ZL_RDATA_SVC_PARAMS, 2),
	OK("HTTPS", "1 . no-default-alpn alpn=h2", "\0\1\0\0\1\0\3\2h2\0\2\0\0"),
	OK("HTTPS", "1 . mandatory=alpn alpn=h2", "\0\1\0\0\0\0\2\0\1\0\1\0\3\2h2"),
	FAIL("HTTPS", "\\# 13 0001 00 0003 0002 01BB 0003 0000", ZL_RDATA_BAD_GENERIC, 8),
	FAIL("HTTPS", "\\# 7 0001 00 0001 0000", ZL_RDATA_BAD_GENERIC, 5),
	OK("HTTPS", "\\# 7 0001 00 0005 0000", "\0\1\0\0\5\0\0"),
	OK("X25", "\"311061700956\"", "\x0c" "311061700956"),
	FAIL("X25", "\"123\"", ZL_RDATA_BAD_NUMBER, 0),
	FAIL("X25", "\"12a4\"", ZL_RDATA_BAD_NUMBER, 0),
	FAIL("X25", "\\# 4 03313233", ZL_RDATA_BAD_GENERIC, 2),
};

START_TEST(test_rdata_convert)
{
	const struct rdata_case *c = &rdata_cases[_i];
	struct zl_token toks[MAX_TOKENS];
	size_t n = tokenize(c->rdata, toks);
	struct zl_rdata *out = zl_xmalloc(sizeof(*out));
	struct zl_rdata_error err;
	uint16_t type;
	bool ok;

	ck_assert_msg(zl_rrtype_from_text(c->type, strlen(c->type), &type), "type %s", c->type);
	ok = zl_rdata_from_tokens(type, toks, n, example_jp, out, &err);
	if (c->wire != NULL) {
		ck_assert_msg(ok, "%s %s: error %d at token %zu", c->type, c->rdata,
		    (int)err.code, err.token);
		ck_assert_msg(out->len == c->wire_len, "%s %s: %zu octets, expected %zu",
		    c->type, c->rdata, out->len, c->wire_len);
		ck_assert_msg(memcmp(out->wire, c->wire, out->len) == 0, "%s %s: wrong wire form",
		    c->type, c->rdata);
	} else {
		ck_assert_msg(!ok, "%s %s: converted", c->type, c->rdata);
		ck_assert_msg(err.code == c->error, "%s %s: error %d, expected %d", c->type,
		    c->rdata, (int)err.code, (int)c->error);
		ck_assert_msg(err.token == c->token, "%s %s: token %zu, expected %zu", c->type,
		    c->rdata, err.token, c->token);
	}
	free(out);
}
END_TEST

START_TEST(test_rdata_string_limit)
{
	char text[1200];
	struct zl_token tok;
	struct zl_rdata *out = zl_xmalloc(sizeof(*out));
	struct zl_rdata_error err;

	/* 255 bytes is the maximum of a character-string, escapes decoded. */
	memset(&tok, 0, sizeof(tok));
	tok.kind = ZL_TOKEN_QSTRING;
	tok.text = text;
	memset(text, 'a', 255);
	tok.len = 255;
	ck_assert(zl_rdata_from_tokens(ZL_TYPE_TXT, &tok, 1, example_jp, out, &err));
	ck_assert_uint_eq(out->len, 256);
	tok.len = 256;
	ck_assert(!zl_rdata_from_tokens(ZL_TYPE_TXT, &tok, 1, example_jp, out, &err));
	ck_assert_int_eq(err.code, ZL_RDATA_STRING_TOO_LONG);

	/* 255 escapes of four bytes each decode to 255 bytes. */
	for (size_t i = 0; i < 255; i++)
		memcpy(text + 4 * i, "\\097", 4);
	tok.len = 4 * 255;
	tok.flags = ZL_TOKEN_ESCAPED;
	ck_assert(zl_rdata_from_tokens(ZL_TYPE_TXT, &tok, 1, example_jp, out, &err));
	ck_assert_uint_eq(out->len, 256);
	ck_assert_uint_eq(out->wire[1], 'a');
	free(out);
}
END_TEST

START_TEST(test_rdata_names_found)
{
	struct zl_token toks[MAX_TOKENS];
	size_t n = tokenize("ns hostmaster.example.net. 1 2 3 4 5", toks);
	struct zl_rdata *out = zl_xmalloc(sizeof(*out));
	struct zl_rdata_error err;

	ck_assert(zl_rdata_from_tokens(ZL_TYPE_SOA, toks, n, example_jp, out, &err));
	ck_assert_uint_eq(out->nnames, 2);
	ck_assert_uint_eq(out->names[0].offset, 0);
	ck_assert_uint_eq(out->names[0].token, 0);
	ck_assert_uint_eq(out->names[0].field, 0);
	ck_assert_uint_eq(out->names[1].offset, 15);	/* after \2ns\7example\2jp\0 */
	ck_assert_uint_eq(out->names[1].token, 1);
	ck_assert_uint_eq(out->names[1].field, 1);
	free(out);
}
END_TEST

/* Names in RFC 3597 data are noted as those written out are, at the first
 * token of the data, so that they become references. */
START_TEST(test_rdata_generic_names_found)
{
	struct zl_token toks[MAX_TOKENS];
	struct zl_rdata *out = zl_xmalloc(sizeof(*out));
	struct zl_rdata_error err;
	size_t n = tokenize("\\# 15 000A 036E7331076578616D706C6500", toks);

	ck_assert(zl_rdata_from_tokens(ZL_TYPE_MX, toks, n, example_jp, out, &err));
	ck_assert_uint_eq(out->nnames, 1);
	ck_assert_uint_eq(out->names[0].offset, 2);
	ck_assert_uint_eq(out->names[0].token, 2);
	ck_assert_uint_eq(out->names[0].field, 1);

	n = tokenize("\\# 18 003B0114EF 036E7331076578616D706C6500", toks);
	ck_assert(zl_rdata_from_tokens(ZL_RRTYPE_DSYNC, toks, n, example_jp, out, &err));
	ck_assert_uint_eq(out->nnames, 1);
	ck_assert_uint_eq(out->names[0].offset, 5);

	/* ldns reads IPSECKEY as one field.  The gateway of type 3 follows
	 * precedence, gateway type and algorithm. */
	n = tokenize("\\# 18 0A0302 026777076578616D706C6500 AQID", toks);
	ck_assert(!zl_rdata_from_tokens(LDNS_RR_TYPE_IPSECKEY, toks, n, example_jp, out, &err));
	n = tokenize("\\# 18 0A0302 026777076578616D706C6500 010203", toks);
	ck_assert(zl_rdata_from_tokens(LDNS_RR_TYPE_IPSECKEY, toks, n, example_jp, out, &err));
	ck_assert_uint_eq(out->nnames, 1);
	ck_assert_uint_eq(out->names[0].offset, 3);

	n = tokenize("\\# 4 C0000201", toks);
	ck_assert(zl_rdata_from_tokens(ZL_TYPE_A, toks, n, example_jp, out, &err));
	ck_assert_uint_eq(out->nnames, 0);
	free(out);
}
END_TEST

struct ttl_case {
	const char *text;
	bool ok;
	uint32_t ttl;
};

static const struct ttl_case ttl_cases[] = {
	{ "0", true, 0 }, { "3600", true, 3600 }, { "1h", true, 3600 },
	{ "1h30m", true, 5400 }, { "1H30M", true, 5400 }, { "1w", true, 604800 },
	{ "2d", true, 172800 }, { "90s", true, 90 }, { "1h30", true, 3630 },
	{ "4294967295", true, 4294967295u }, { "4294967296", false, 0 },
	{ "", false, 0 }, { "h", false, 0 }, { "1x", false, 0 }, { "-1", false, 0 },
	{ "1hh", false, 0 }, { "7101w", true, 7101u * 604800u }, { "7102w", false, 0 },
};

START_TEST(test_rdata_ttl)
{
	const struct ttl_case *c = &ttl_cases[_i];
	uint32_t ttl = 12345;
	bool ok = zl_ttl_from_text(c->text, strlen(c->text), &ttl);

	ck_assert_msg(ok == c->ok, "'%s': %d", c->text, ok);
	if (c->ok)
		ck_assert_msg(ttl == c->ttl, "'%s': %u, expected %u", c->text, ttl, c->ttl);
	else
		ck_assert_msg(ttl == 12345, "'%s': the output was set on failure", c->text);
}
END_TEST

START_TEST(test_rdata_unescape_and_join)
{
	uint8_t out[64];
	struct zl_strbuf sb;

	ck_assert_int_eq(zl_unescape("a\\;b\\\\c\\100", 11, out), 6);
	ck_assert(memcmp(out, "a;b\\cd", 6) == 0);
	ck_assert_int_eq(zl_unescape("\\", 1, out), -1);
	ck_assert_int_eq(zl_unescape("\\1", 2, out), -1);
	ck_assert_int_eq(zl_unescape("\\300", 4, out), -1);

	/* RFC 7208 section 3.3: strings are joined with nothing between them. */
	zl_strbuf_init(&sb);
	ck_assert_uint_eq(zl_txt_join((const uint8_t *)"\7v=spf1 \4-all", 13, &sb), 2);
	ck_assert_str_eq(sb.data, "v=spf1 -all");

	/* A length octet past the end is cut at the end. */
	sb.len = 0;
	ck_assert_uint_eq(zl_txt_join((const uint8_t *)"\11abc", 4, &sb), 1);
	ck_assert_str_eq(sb.data, "abc");
	zl_strbuf_fini(&sb);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Differential test against ldns */

/* Records on which zonelint and ldns disagree on purpose: zonelint reads
 * RDATA as BIND 9.18 does, and ldns 1.8 differs in these ways.  Each
 * entry's function returns whether the entry covers a record, given
 * zonelint's result for it. */
struct known_difference {
	const char *reason;
	bool (*covers)(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
	    const struct zl_rdata_error *err);
};

/* ldns reads integers with strtol() and truncates them to the field, so
 * "-1" is 65535 and "65536" is 0.  BIND rejects both. */
static bool
covers_wrapped_number(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)type;
	(void)rd;
	(void)n;
	return !ours && err->code == ZL_RDATA_BAD_NUMBER;
}

/* ldns strips the quotes of any token, but BIND takes quoted strings only
 * in text fields, so it rejects "A" in an NSEC type list. */
static bool
covers_quoted_field(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)type;
	return !ours && err->code == ZL_RDATA_LDNS && err->token < n &&
	    rd[err->token].kind == ZL_TOKEN_QSTRING;
}

/* ldns requires a CAA value in quotes, but BIND also takes one bare word. */
static bool
covers_bare_caa_value(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)err;
	return ours && type == ZL_TYPE_CAA && n == 3 && rd[2].kind == ZL_TOKEN_WORD;
}

/* ldns's text reader takes RFC 3597 data of any length for a known type,
 * such as "A \# 0" and an AAAA record of 17 octets.  BIND rejects both,
 * and a compression pointer in such data too. */
static bool
covers_generic_not_type(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)type;
	return !ours && err->code == ZL_RDATA_BAD_GENERIC && n >= 2 && err->token == n - 1 &&
	    rd[0].len == 2 && memcmp(rd[0].text, "\\#", 2) == 0;
}

/* ldns takes an NSEC record without types, and a key after the "no key"
 * flags of KEY.  BIND rejects both. */
static bool
covers_bind_rejects_rest(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)rd;
	return !ours && ((type == ZL_TYPE_NSEC && err->code == ZL_RDATA_MISSING && n == 1) ||
	    (type == LDNS_RR_TYPE_KEY && err->code == ZL_RDATA_KEY_NOT_EXPECTED));
}

/* ldns reads the flags and the protocol of a key only as decimal numbers,
 * but BIND also takes hexadecimal flags, flag names such as NOAUTH|NOCONF,
 * and protocol names such as DNSSEC. */
static bool
covers_key_flags(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)err;
	if (!ours || (type != LDNS_RR_TYPE_KEY && type != ZL_TYPE_DNSKEY &&
	    type != LDNS_RR_TYPE_CDNSKEY) || n == 0)
		return false;
	for (size_t f = 0; f < 2 && f < n; f++) {
		for (size_t i = 0; i < rd[f].len; i++) {
			if (rd[f].text[i] < '0' || rd[f].text[i] > '9')
				return true;
		}
	}
	return false;
}

/* ldns 1.8 has no layout for some types that BIND 9.18 loads, such as
 * DSYNC and AMTRELAY, and takes them only in RFC 3597 form.  zonelint
 * reads them with layouts of its own. */
static bool
covers_own_type(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)rd;
	(void)n;
	(void)ours;
	(void)err;
	return zl_rrtype_is_own(type);
}

/* ldns takes an NSEC3 hash or a ZONEMD digest of any length, and IPSECKEY
 * without a key.  BIND rejects a hash of the wrong length for SHA-1, a
 * digest under 12 octets and a missing key. */
static bool
covers_field_length(uint16_t type, const struct zl_token *rd, size_t n, bool ours,
    const struct zl_rdata_error *err)
{
	(void)rd;
	(void)n;
	return !ours && (err->code == ZL_RDATA_FIELD_LENGTH ||
	    (type == LDNS_RR_TYPE_IPSECKEY && err->code == ZL_RDATA_MISSING));
}

static const struct known_difference known_differences[] = {
	{ "ldns has no layout for the type", covers_own_type },
	{ "ldns takes hashes, digests and keys of lengths that BIND rejects",
	    covers_field_length },
	{ "ldns takes NSEC without types, and a key after KEY's \"no key\" flags",
	    covers_bind_rejects_rest },
	{ "ldns rejects key flags and protocols written otherwise than in decimal",
	    covers_key_flags },
	{ "ldns wraps numbers that do not fit the field", covers_wrapped_number },
	{ "ldns takes RFC 3597 data that is not valid for its type", covers_generic_not_type },
	{ "ldns accepts quoted strings in fields that are not text", covers_quoted_field },
	{ "ldns rejects a CAA value that is not quoted", covers_bare_caa_value },
};

struct diff_state {
	struct zl_strbuf problems;
	size_t records;		/* converted both ways and compared */
	size_t failed_both;	/* rejected by both readers */
	size_t skipped;		/* known differences */
	size_t ndifferences;	/* entries in problems */
	struct zl_rdata *out;
	unsigned depth;
};

static char *
read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = zl_xmalloc((size_t)size + 1);
	*len = fread(buf, 1, (size_t)size, f);
	fclose(f);
	return buf;
}

/* The RDATA as written, for ldns: tokens separated by one blank unless
 * they touch in the file, quoted strings quoted again, escapes as written. */
static void
rdata_text(const struct zl_token *t, size_t n, struct zl_strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && !(t[i].flags & ZL_TOKEN_TOUCHES))
			zl_strbuf_addc(sb, ' ');
		if (t[i].kind == ZL_TOKEN_QSTRING)
			zl_strbuf_addc(sb, '"');
		zl_strbuf_add(sb, t[i].text, t[i].len);
		if (t[i].kind == ZL_TOKEN_QSTRING)
			zl_strbuf_addc(sb, '"');
	}
}

/* Convert one record both ways and note any difference. */
static void
compare_record(struct diff_state *st, const char *path, uint32_t line, uint16_t type,
    const struct zl_token *type_tok, const struct zl_token *rd, size_t nrd,
    const uint8_t *origin)
{
	struct zl_strbuf text, rdtext;
	struct zl_rdata_error err;
	ldns_rr *rr = NULL;
	ldns_rdf *ldns_origin = NULL;
	char *origin_text = zl_name_text(origin);
	bool ours, theirs;

	zl_strbuf_init(&text);
	zl_strbuf_init(&rdtext);
	rdata_text(rd, nrd, &rdtext);
	zl_strbuf_addf(&text, "@ 3600 IN %.*s %s", (int)type_tok->len, type_tok->text,
	    rdtext.data ? rdtext.data : "");
	ours = zl_rdata_from_tokens(type, rd, nrd, origin, st->out, &err);
	ck_assert_int_eq(ldns_str2rdf_dname(&ldns_origin, origin_text), LDNS_STATUS_OK);
	theirs = ldns_rr_new_frm_str(&rr, text.data, 3600, ldns_origin, NULL) == LDNS_STATUS_OK;

	if (ours && theirs) {
		struct zl_strbuf wire;

		zl_strbuf_init(&wire);
		for (size_t i = 0; i < ldns_rr_rd_count(rr); i++)
			zl_strbuf_add(&wire, (const char *)ldns_rdf_data(ldns_rr_rdf(rr, i)),
			    ldns_rdf_size(ldns_rr_rdf(rr, i)));
		if (wire.len != st->out->len ||
		    (wire.len > 0 && memcmp(wire.data, st->out->wire, wire.len) != 0)) {
			st->ndifferences++;
			zl_strbuf_addf(&st->problems, "\n  %s:%u: different RDATA (%zu octets, ldns %zu): %s",
			    path, line, st->out->len, wire.len, text.data);
		}
		zl_strbuf_fini(&wire);
		st->records++;
	} else if (ours != theirs) {
		bool known = false;

		for (size_t i = 0; i < sizeof(known_differences) / sizeof(known_differences[0]); i++)
			known = known || known_differences[i].covers(type, rd, nrd, ours, &err);
		if (known) {
			st->skipped++;
		} else {
			st->ndifferences++;
			zl_strbuf_addf(&st->problems, "\n  %s:%u: %s: %s", path, line,
			    ours ? "ldns rejects, zonelint accepts" : "zonelint rejects, ldns accepts",
			    text.data);
		}
	} else {
		st->failed_both++;
	}

	ldns_rr_free(rr);
	ldns_rdf_deep_free(ldns_origin);
	free(origin_text);
	zl_strbuf_fini(&text);
	zl_strbuf_fini(&rdtext);
}

static void compare_file(struct diff_state *st, const char *path, const uint8_t *origin);

/* Follow $ORIGIN and $INCLUDE as the zone reader does; the other
 * directives create no record of the file's own text. */
static void
directive(struct diff_state *st, const char *path, const struct zl_token *t, size_t n,
    uint8_t *origin)
{
	uint8_t wire[ZL_NAME_MAX];
	size_t len, err_off;
	bool relative;

	if (n < 2)
		return;
	if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$ORIGIN") == 0) {
		if (zl_name_from_text(t[1].text, t[1].len, origin, wire, &len, &relative,
		    &err_off) == ZL_NAME_OK)
			memcpy(origin, wire, len);
		return;
	}
	if (zl_ascii_casecmp_n(t[0].text, t[0].len, "$INCLUDE") == 0 && st->depth < 4) {
		const char *slash = strrchr(path, '/');
		char included[4096];
		uint8_t inner[ZL_NAME_MAX];
		struct stat sb;

		memcpy(inner, origin, zl_name_len(origin));
		if (n > 2 && zl_name_from_text(t[2].text, t[2].len, origin, wire, &len,
		    &relative, &err_off) == ZL_NAME_OK)
			memcpy(inner, wire, len);
		snprintf(included, sizeof(included), "%.*s%.*s",
		    slash ? (int)(slash - path + 1) : 0, path, (int)t[1].len, t[1].text);

		/* A file that includes itself is read once. */
		if (strcmp(included, path) != 0 && stat(included, &sb) == 0) {
			st->depth++;
			compare_file(st, included, inner);
			st->depth--;
		}
	}
}

/* Find the type of one record line as the zone reader does: an owner at
 * column 1, then at most a TTL and a class in either order.  Returns the
 * index of the type token, or n when the line has no known type. */
static size_t
find_type(const struct zl_token *t, size_t n, uint16_t *type)
{
	size_t i = (t[0].flags & ZL_TOKEN_LINE_START) ? 1 : 0;
	bool ttl = false, rclass = false;

	for (int k = 0; k < 2 && i < n && t[i].kind == ZL_TOKEN_WORD; k++) {
		uint32_t v;
		uint16_t c;

		if (!ttl && t[i].text[0] >= '0' && t[i].text[0] <= '9' &&
		    zl_ttl_from_text(t[i].text, t[i].len, &v)) {
			ttl = true;
			i++;
		} else if (!rclass && zl_rrclass_from_text(t[i].text, t[i].len, &c)) {
			rclass = true;
			i++;
		}
	}
	if (i < n && t[i].kind == ZL_TOKEN_WORD && zl_rrtype_from_text(t[i].text, t[i].len, type))
		return i;
	return n;
}

/* Re-lex a file one logical line at a time and compare each record. */
static void
compare_file(struct diff_state *st, const char *path, const uint8_t *start_origin)
{
	uint8_t origin[ZL_NAME_MAX];
	struct zl_token *toks = NULL;
	size_t ntoks, cap = 0, len;
	char *buf = read_whole(path, &len);
	struct zl_lexer lx;
	bool eof = false;

	ck_assert_msg(buf != NULL, "cannot read %s", path);
	memcpy(origin, start_origin, zl_name_len(start_origin));
	zl_lexer_init(&lx, buf, len, 0, NULL);
	while (!eof) {
		bool lex_error = false;
		uint16_t type;
		size_t ti;

		ntoks = 0;
		for (;;) {
			struct zl_token t = zl_lexer_next(&lx);

			if (t.kind == ZL_TOKEN_EOF)
				eof = true;
			if (t.kind == ZL_TOKEN_EOL || t.kind == ZL_TOKEN_EOF)
				break;
			if (t.kind == ZL_TOKEN_ERROR || (t.flags & ZL_TOKEN_UNTERMINATED))
				lex_error = true;
			ZL_PUSH(toks, ntoks, cap, t);
		}

		/* Lines that do not lex cleanly are the reader's business, not
		 * the RDATA converter's. */
		if (ntoks == 0 || lex_error)
			continue;
		if (toks[0].kind == ZL_TOKEN_WORD && toks[0].text[0] == '$') {
			directive(st, path, toks, ntoks, origin);
			continue;
		}
		ti = find_type(toks, ntoks, &type);
		if (ti < ntoks)
			compare_record(st, path, toks[0].pos.line, type, &toks[ti], toks + ti + 1,
			    ntoks - ti - 1, origin);
	}
	free(toks);
	free(buf);
}

static char **zone_files;
static size_t nzone_files, zone_files_cap;

static void
find_zone_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[4096];
		struct stat sb;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode))
			find_zone_files(path);
		else if (len > 5 && strcmp(e->d_name + len - 5, ".zone") == 0)
			ZL_PUSH(zone_files, nzone_files, zone_files_cap, zl_xstrdup(path));
	}
	closedir(d);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each fixture starts with its own $ORIGIN; a file without one is read
 * below example.jp. */
/* The article follows the spoken mnemonic; the catalog is not loaded, so
 * the phrases are the English ones. */
static const struct {
	uint16_t type;
	const char *phrase;
} phrase_cases[] = {
	{ ZL_TYPE_A, "an A record" },
	{ ZL_TYPE_AAAA, "an AAAA record" },
	{ ZL_TYPE_MX, "an MX record" },
	{ ZL_TYPE_NS, "an NS record" },
	{ 47, "an NSEC record" },
	{ ZL_TYPE_SOA, "an SOA record" },
	{ ZL_TYPE_SRV, "an SRV record" },
	{ ZL_TYPE_CNAME, "a CNAME record" },
	{ ZL_TYPE_TXT, "a TXT record" },
	{ ZL_TYPE_DNAME, "a DNAME record" },
	{ 256, "a URI record" },
	{ 29, "a LOC record" },
	{ 35, "a NAPTR record" },
	{ 65280, "a TYPE65280 record" },
};

START_TEST(test_rrtype_phrase_article)
{
	char buf[ZL_RRTYPE_PHRASE_MAX];

	ck_assert_str_eq(zl_rrtype_phrase(phrase_cases[_i].type, buf), phrase_cases[_i].phrase);
}
END_TEST

START_TEST(test_rdata_same_as_ldns)
{
	const char *path = zone_files[_i];
	struct diff_state st;

	memset(&st, 0, sizeof(st));
	zl_strbuf_init(&st.problems);
	st.out = zl_xmalloc(sizeof(*st.out));
	compare_file(&st, path, example_jp);
	if (st.problems.len > 0)
		fprintf(stderr, "%s:%s\n", path, st.problems.data);
	ck_assert_msg(st.problems.len == 0, "%s: %zu differences, listed on stderr", path,
	    st.ndifferences);
	ck_assert_msg(st.records > 0, "%s: no record compared", path);
	free(st.out);
	zl_strbuf_fini(&st.problems);
}
END_TEST

int
main(void)
{
	const char *root = getenv("ZONELINT_TESTS");
	char dir[4096];
	Suite *s = suite_create("rdata");
	TCase *convert = tcase_create("convert");
	TCase *ldns = tcase_create("ldns");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(convert, test_rdata_convert, 0,
	    (int)(sizeof(rdata_cases) / sizeof(rdata_cases[0])));
	tcase_add_test(convert, test_rdata_string_limit);
	tcase_add_test(convert, test_rdata_names_found);
	tcase_add_test(convert, test_rdata_generic_names_found);
	tcase_add_loop_test(convert, test_rdata_ttl, 0,
	    (int)(sizeof(ttl_cases) / sizeof(ttl_cases[0])));
	tcase_add_test(convert, test_rdata_unescape_and_join);
	tcase_add_loop_test(convert, test_rrtype_phrase_article, 0,
	    (int)(sizeof(phrase_cases) / sizeof(phrase_cases[0])));
	suite_add_tcase(s, convert);

	snprintf(dir, sizeof(dir), "%s/zones", root ? root : "tests");
	find_zone_files(dir);
	snprintf(dir, sizeof(dir), "%s/data", root ? root : "tests");
	find_zone_files(dir);
	qsort(zone_files, nzone_files, sizeof(*zone_files), cmp_str);
	tcase_add_loop_test(ldns, test_rdata_same_as_ldns, 0, (int)nzone_files);
	tcase_set_timeout(ldns, 60);
	suite_add_tcase(s, ldns);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	for (size_t i = 0; i < nzone_files; i++)
		free(zone_files[i]);
	free(zone_files);
	return failed == 0 && nzone_files > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
