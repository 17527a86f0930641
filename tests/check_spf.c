/* Tests for the SPF record parser. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* A 64-octet label, one more than RFC 1035 allows. */
#define LABEL64 "a123456789012345678901234567890123456789012345678901234567890123"

enum { PASS = ZL_SPF_PASS, FAIL = ZL_SPF_FAIL, SOFT = ZL_SPF_SOFTFAIL,
       NEUT = ZL_SPF_NEUTRAL };

/* Columns: kind, qualifier, offset, len, domain-spec text (NULL when the
 * term has none), cidr4, cidr6, has_macro.  A zero len ends the list. */
struct expect_term {
	enum zl_spf_kind kind;
	int qualifier;
	uint32_t offset, len;
	const char *domain;
	int cidr4, cidr6;
	bool has_macro;
};

/* Columns: error name, offset, len.  A NULL name ends the list. */
struct expect_error {
	const char *name;
	uint32_t offset, len;
};

struct parse_case {
	const char *text;
	size_t len;		/* 0: strlen(text) */
	struct expect_term terms[6];
	struct expect_error errors[6];
};

static const struct parse_case valid_cases[] = {
	{ "v=spf1", 0, { { 0 } }, { { 0 } } },
	{ "V=SPF1 -ALL", 0, { { ZL_SPF_ALL, FAIL, 7, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 +mx a:colo.example.com/28 -all", 0, {
		{ ZL_SPF_MX, PASS, 7, 3, NULL, -1, -1, false },
		{ ZL_SPF_A, PASS, 11, 21, "colo.example.com", 28, -1, false },
		{ ZL_SPF_ALL, FAIL, 33, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 mx/30 mx:example.org/30 -all", 0, {
		{ ZL_SPF_MX, PASS, 7, 5, NULL, 30, -1, false },
		{ ZL_SPF_MX, PASS, 13, 17, "example.org", 30, -1, false },
		{ ZL_SPF_ALL, FAIL, 31, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 ip4:192.0.2.128/28 -all", 0, {
		{ ZL_SPF_IP4, PASS, 7, 18, NULL, 28, -1, false },
		{ ZL_SPF_ALL, FAIL, 26, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 include:example.com include:example.net -all", 0, {
		{ ZL_SPF_INCLUDE, PASS, 7, 19, "example.com", -1, -1, false },
		{ ZL_SPF_INCLUDE, PASS, 27, 19, "example.net", -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 47, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 -include:ip4._spf.%{d} -include:ptr._spf.%{d} +all", 0, {
		{ ZL_SPF_INCLUDE, FAIL, 7, 22, "ip4._spf.%{d}", -1, -1, true },
		{ ZL_SPF_INCLUDE, FAIL, 30, 22, "ptr._spf.%{d}", -1, -1, true },
		{ ZL_SPF_ALL, PASS, 53, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 mx -all exp=explain._spf.%{d}", 0, {
		{ ZL_SPF_MX, PASS, 7, 2, NULL, -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 10, 4, NULL, -1, -1, false },
		{ ZL_SPF_EXP, PASS, 15, 21, "explain._spf.%{d}", -1, -1, true } }, { { 0 } } },
	{ "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d}", 0, {
		{ ZL_SPF_EXISTS, PASS, 7, 31, "%{ir}.%{l1r+-}._spf.%{d}", -1, -1, true } },
	  { { 0 } } },
	{ "v=spf1 include:%{ir}.%{v}._spf.%{d2}", 0, {
		{ ZL_SPF_INCLUDE, PASS, 7, 29, "%{ir}.%{v}._spf.%{d2}", -1, -1, true } },
	  { { 0 } } },
	{ "v=spf1 exists:%{l1r+-}._u.%{d}._spf.example.com", 0, {
		{ ZL_SPF_EXISTS, PASS, 7, 40, "%{l1r+-}._u.%{d}._spf.example.com", -1, -1, true } },
	  { { 0 } } },
	{ "v=spf1 a:host.example.com/24//64 a//64 mx/24//64", 0, {
		{ ZL_SPF_A, PASS, 7, 25, "host.example.com", 24, 64, false },
		{ ZL_SPF_A, PASS, 33, 5, NULL, -1, 64, false },
		{ ZL_SPF_MX, PASS, 39, 9, NULL, 24, 64, false } }, { { 0 } } },
	{ "v=spf1 ip6:2001:db8::/32 ip6:::FFFF:1.2.3.4", 0, {
		{ ZL_SPF_IP6, PASS, 7, 17, NULL, -1, 32, false },
		{ ZL_SPF_IP6, PASS, 25, 18, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 redirect=_spf.example.org", 0, {
		{ ZL_SPF_REDIRECT, PASS, 7, 25, "_spf.example.org", -1, -1, false } },
	  { { 0 } } },
	{ "v=spf1 REDIRECT=example.org", 0, {
		{ ZL_SPF_REDIRECT, PASS, 7, 20, "example.org", -1, -1, false } },
	  { { 0 } } },
	{ "v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all", 0, {
		{ ZL_SPF_UNKNOWN_MODIFIER, PASS, 7, 27, NULL, -1, -1, false },
		{ ZL_SPF_IP4, PASS, 35, 11, NULL, -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 47, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 foo= x.y-z_w=%{d}", 0, {
		{ ZL_SPF_UNKNOWN_MODIFIER, PASS, 7, 4, NULL, -1, -1, false },
		{ ZL_SPF_UNKNOWN_MODIFIER, PASS, 12, 12, NULL, -1, -1, true } },
	  { { 0 } } },
	/* ":" and "/" are macro-literals, so a domain-spec may contain them. */
	{ "v=spf1 a:foo:bar/baz.example.com", 0, {
		{ ZL_SPF_A, PASS, 7, 25, "foo:bar/baz.example.com", -1, -1, false } },
	  { { 0 } } },
	{ "v=spf1 a:m43.example.jpa:m61.example.jp", 0, {
		{ ZL_SPF_A, PASS, 7, 32, "m43.example.jpa:m61.example.jp", -1, -1, false } },
	  { { 0 } } },
	{ "v=spf1 a:macro%%percent%_%_space%-url-space.example.com -all", 0, {
		{ ZL_SPF_A, PASS, 7, 48, "macro%%percent%_%_space%-url-space.example.com",
		  -1, -1, true },
		{ ZL_SPF_ALL, FAIL, 56, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 a:foo.example.xn--zckzah -all", 0, {
		{ ZL_SPF_A, PASS, 7, 24, "foo.example.xn--zckzah", -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 32, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1  a   -all  ", 0, {
		{ ZL_SPF_A, PASS, 8, 1, NULL, -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 12, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 ?all ~all +all", 0, {
		{ ZL_SPF_ALL, NEUT, 7, 4, NULL, -1, -1, false },
		{ ZL_SPF_ALL, SOFT, 12, 4, NULL, -1, -1, false },
		{ ZL_SPF_ALL, PASS, 17, 4, NULL, -1, -1, false } }, { { 0 } } },
	{ "v=spf1 include:o.spf.example.com.", 0, {
		{ ZL_SPF_INCLUDE, PASS, 7, 26, "o.spf.example.com.", -1, -1, false } },
	  { { 0 } } },
	{ "v=spf1 ip4:1.1.1.1/0 a/0 a//0", 0, {
		{ ZL_SPF_IP4, PASS, 7, 13, NULL, 0, -1, false },
		{ ZL_SPF_A, PASS, 21, 3, NULL, 0, -1, false },
		{ ZL_SPF_A, PASS, 25, 4, NULL, -1, 0, false } }, { { 0 } } },
	{ "v=spf1 exp=msg8.%{D2} a:%{H}", 0, {
		{ ZL_SPF_EXP, PASS, 7, 14, "msg8.%{D2}", -1, -1, true },
		{ ZL_SPF_A, PASS, 22, 6, "%{H}", -1, -1, true } }, { { 0 } } },
	{ "v=spf1 ptr ptr:example.com", 0, {
		{ ZL_SPF_PTR, PASS, 7, 3, NULL, -1, -1, false },
		{ ZL_SPF_PTR, PASS, 11, 15, "example.com", -1, -1, false } }, { { 0 } } },
};

static const struct parse_case invalid_cases[] = {
	{ "v=spf10", 0, { { 0 } }, { { "invalid-version", 0, 7 } } },
	{ "", 0, { { 0 } }, { { "invalid-version", 0, 0 } } },
	{ " v=spf1 a", 0, { { ZL_SPF_A, PASS, 8, 1, NULL, -1, -1, false } },
	  { { "invalid-version", 0, 7 } } },
	{ "v=spf1\tall", 0, { { ZL_SPF_ALL, PASS, 7, 3, NULL, -1, -1, false } },
	  { { "invalid-whitespace", 6, 1 } } },
	{ "v=spf1 a:ctrl.example.com\rptr -all", 0, {
		{ ZL_SPF_A, PASS, 7, 18, "ctrl.example.com", -1, -1, false },
		{ ZL_SPF_PTR, PASS, 26, 3, NULL, -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 30, 4, NULL, -1, -1, false } },
	  { { "invalid-whitespace", 25, 1 } } },
	{ "v=spf1 a:foo.example.com\0", 25,
	  { { ZL_SPF_INVALID, PASS, 7, 18, NULL, -1, -1, false } },
	  { { "control-character", 24, 1 } } },
	/* An en dash pasted from a word processor in place of "-". */
	{ "v=spf1 \xe2\x80\x93" "all", 0,
	  { { ZL_SPF_INVALID, PASS, 7, 6, NULL, -1, -1, false } },
	  { { "non-ascii", 7, 3 } } },
	{ "v=spf1 ip4:2001:db8::1", 0,
	  { { ZL_SPF_IP4, PASS, 7, 15, NULL, -1, -1, false } },
	  { { "ip6-address-in-ip4", 11, 11 } } },
	{ "v=spf1 ip6:192.0.2.1", 0,
	  { { ZL_SPF_IP6, PASS, 7, 13, NULL, -1, -1, false } },
	  { { "ip4-address-in-ip6", 11, 9 } } },
	{ "v=spf1 ip4:192.0.2.0/33", 0,
	  { { ZL_SPF_IP4, PASS, 7, 16, NULL, -1, -1, false } },
	  { { "cidr-out-of-range", 21, 2 } } },
	{ "v=spf1 ip4:1.2.3.4/032", 0,
	  { { ZL_SPF_IP4, PASS, 7, 15, NULL, -1, -1, false } },
	  { { "cidr-leading-zero", 19, 3 } } },
	{ "v=spf1 ip4:1.2.3 ip4:1.2.3.4:8080 ip4:01.2.3.4", 0, {
		{ ZL_SPF_IP4, PASS, 7, 9, NULL, -1, -1, false },
		{ ZL_SPF_IP4, PASS, 17, 16, NULL, -1, -1, false },
		{ ZL_SPF_IP4, PASS, 34, 12, NULL, -1, -1, false } },
	  { { "invalid-ip4-address", 11, 5 }, { "invalid-ip4-address", 21, 12 },
	    { "invalid-ip4-address", 38, 8 } } },
	{ "v=spf1 ip4:1.2.3.4//32", 0,
	  { { ZL_SPF_IP4, PASS, 7, 15, NULL, -1, -1, false } },
	  { { "invalid-cidr", 19, 3 } } },
	{ "v=spf1 ip6:::1.1.1.1/129 ip6::CAFE::BABE", 0, {
		{ ZL_SPF_IP6, PASS, 7, 17, NULL, -1, -1, false },
		{ ZL_SPF_IP6, PASS, 25, 15, NULL, -1, -1, false } },
	  { { "cidr-out-of-range", 21, 3 }, { "invalid-ip6-address", 29, 11 } } },
	{ "v=spf1 ip4 ip6: ip4:/24", 0, {
		{ ZL_SPF_IP4, PASS, 7, 3, NULL, -1, -1, false },
		{ ZL_SPF_IP6, PASS, 11, 4, NULL, -1, -1, false },
		{ ZL_SPF_IP4, PASS, 16, 7, NULL, -1, -1, false } },
	  { { "missing-address", 7, 3 }, { "missing-address", 11, 4 },
	    { "missing-address", 16, 7 } } },
	{ "v=spf1 a/0128", 0, { { ZL_SPF_A, PASS, 7, 6, NULL, -1, -1, false } },
	  { { "cidr-leading-zero", 9, 4 } } },
	{ "v=spf1 a/24/64", 0, { { ZL_SPF_A, PASS, 7, 7, NULL, -1, -1, false } },
	  { { "invalid-cidr", 8, 6 } } },
	{ "v=spf1 a//129 mx/33", 0, {
		{ ZL_SPF_A, PASS, 7, 6, NULL, -1, -1, false },
		{ ZL_SPF_MX, PASS, 14, 5, NULL, -1, -1, false } },
	  { { "cidr-out-of-range", 10, 3 }, { "cidr-out-of-range", 17, 2 } } },
	{ "v=spf1 a/ mx//", 0, {
		{ ZL_SPF_A, PASS, 7, 2, NULL, -1, -1, false },
		{ ZL_SPF_MX, PASS, 10, 4, NULL, -1, -1, false } },
	  { { "cidr-missing-digits", 8, 1 }, { "cidr-missing-digits", 12, 2 } } },
	/* The ABNF requires "." toplabel, so the domain fails but the
	 * dual-cidr is still read. */
	{ "v=spf1 a:host/24//64", 0,
	  { { ZL_SPF_A, PASS, 7, 13, "host", 24, 64, false } },
	  { { "invalid-domain-end", 9, 4 } } },
	{ "v=spf1 a:/24", 0, { { ZL_SPF_A, PASS, 7, 5, NULL, 24, -1, false } },
	  { { "missing-domain-spec", 7, 5 } } },
	{ "v=spf1 include:", 0,
	  { { ZL_SPF_INCLUDE, PASS, 7, 8, NULL, -1, -1, false } },
	  { { "missing-domain-spec", 7, 8 } } },
	{ "v=spf1 include exists", 0, {
		{ ZL_SPF_INCLUDE, PASS, 7, 7, NULL, -1, -1, false },
		{ ZL_SPF_EXISTS, PASS, 15, 6, NULL, -1, -1, false } },
	  { { "missing-domain-spec", 7, 7 }, { "missing-domain-spec", 15, 6 } } },
	{ "v=spf1 a: mx: ptr: redirect= exp=", 0, {
		{ ZL_SPF_A, PASS, 7, 2, NULL, -1, -1, false },
		{ ZL_SPF_MX, PASS, 10, 3, NULL, -1, -1, false },
		{ ZL_SPF_PTR, PASS, 14, 4, NULL, -1, -1, false },
		{ ZL_SPF_REDIRECT, PASS, 19, 9, NULL, -1, -1, false },
		{ ZL_SPF_EXP, PASS, 29, 4, NULL, -1, -1, false } },
	  { { "missing-domain-spec", 7, 2 }, { "missing-domain-spec", 10, 3 },
	    { "missing-domain-spec", 14, 4 }, { "missing-domain-spec", 19, 9 },
	    { "missing-domain-spec", 29, 4 } } },
	{ "v=spf1 redirect=a.example redirect=b.example", 0, {
		{ ZL_SPF_REDIRECT, PASS, 7, 18, "a.example", -1, -1, false },
		{ ZL_SPF_REDIRECT, PASS, 26, 18, "b.example", -1, -1, false } },
	  { { "duplicate-modifier", 26, 18 } } },
	{ "v=spf1 redirect=a redirect=b", 0, {
		{ ZL_SPF_REDIRECT, PASS, 7, 10, "a", -1, -1, false },
		{ ZL_SPF_REDIRECT, PASS, 18, 10, "b", -1, -1, false } },
	  { { "invalid-domain-end", 16, 1 }, { "duplicate-modifier", 18, 10 },
	    { "invalid-domain-end", 27, 1 } } },
	{ "v=spf1 exp=e1.example.com -all exp=e2.example.com", 0, {
		{ ZL_SPF_EXP, PASS, 7, 18, "e1.example.com", -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 26, 4, NULL, -1, -1, false },
		{ ZL_SPF_EXP, PASS, 31, 18, "e2.example.com", -1, -1, false } },
	  { { "duplicate-modifier", 31, 18 } } },
	{ "v=spf1 exists:%{x}.example.com", 0,
	  { { ZL_SPF_EXISTS, PASS, 7, 23, "%{x}.example.com", -1, -1, true } },
	  { { "invalid-macro-letter", 16, 1 } } },
	{ "v=spf1 exists:%{d", 0,
	  { { ZL_SPF_EXISTS, PASS, 7, 10, "%{d", -1, -1, false } },
	  { { "unterminated-macro", 14, 3 } } },
	{ "v=spf1 foo:bar", 0,
	  { { ZL_SPF_INVALID, PASS, 7, 7, NULL, -1, -1, false } },
	  { { "unknown-mechanism", 7, 3 } } },
	{ "v=spf1 a:192.0.2.1", 0,
	  { { ZL_SPF_A, PASS, 7, 11, "192.0.2.1", -1, -1, false } },
	  { { "address-as-domain", 9, 9 } } },
	{ "v=spf1 a:abc.123 a:museum a:museum. mx:example.-com", 0, {
		{ ZL_SPF_A, PASS, 7, 9, "abc.123", -1, -1, false },
		{ ZL_SPF_A, PASS, 17, 8, "museum", -1, -1, false },
		{ ZL_SPF_A, PASS, 26, 9, "museum.", -1, -1, false },
		{ ZL_SPF_MX, PASS, 36, 15, "example.-com", -1, -1, false } },
	  { { "invalid-domain-end", 13, 3 }, { "invalid-domain-end", 19, 6 },
	    { "invalid-domain-end", 28, 7 }, { "invalid-domain-end", 47, 4 } } },
	{ "v=spf1 a:example.com:8080", 0,
	  { { ZL_SPF_A, PASS, 7, 18, "example.com:8080", -1, -1, false } },
	  { { "invalid-domain-end", 17, 8 } } },
	/* A single label has no "." before its toplabel. */
	{ "v=spf1 include:foo", 0,
	  { { ZL_SPF_INCLUDE, PASS, 7, 11, "foo", -1, -1, false } },
	  { { "invalid-domain-end", 15, 3 } } },
	{ "v=spf1 include:ip5.example.com/24 exists:mail.example.com/24 ptr/0 all/8", 0, {
		{ ZL_SPF_INCLUDE, PASS, 7, 26, "ip5.example.com", -1, -1, false },
		{ ZL_SPF_EXISTS, PASS, 34, 26, "mail.example.com", -1, -1, false },
		{ ZL_SPF_PTR, PASS, 61, 5, NULL, -1, -1, false },
		{ ZL_SPF_ALL, PASS, 67, 5, NULL, -1, -1, false } },
	  { { "cidr-not-allowed", 30, 3 }, { "cidr-not-allowed", 57, 3 },
	    { "cidr-not-allowed", 64, 2 }, { "cidr-not-allowed", 70, 2 } } },
	{ "v=spf1 include:foo.example.com/", 0,
	  { { ZL_SPF_INCLUDE, PASS, 7, 24, "foo.example.com", -1, -1, false } },
	  { { "cidr-not-allowed", 30, 1 } } },
	{ "v=spf1 all:foobar -all.", 0, {
		{ ZL_SPF_ALL, PASS, 7, 10, NULL, -1, -1, false },
		{ ZL_SPF_INVALID, FAIL, 18, 5, NULL, -1, -1, false } },
	  { { "unexpected-argument", 10, 7 }, { "unknown-mechanism", 19, 4 } } },
	{ "v=spf1 -exists:%(ir).sbl.example.com exists:foo%.sbl.example.com", 0, {
		{ ZL_SPF_EXISTS, FAIL, 7, 29, "%(ir).sbl.example.com", -1, -1, false },
		{ ZL_SPF_EXISTS, PASS, 37, 27, "foo%.sbl.example.com", -1, -1, false } },
	  { { "invalid-percent", 15, 1 }, { "invalid-percent", 47, 1 } } },
	/* c, r and t belong in the explanation text, not in exp= itself. */
	{ "v=spf1 -all exp=%{r}.example.com", 0, {
		{ ZL_SPF_ALL, FAIL, 7, 4, NULL, -1, -1, false },
		{ ZL_SPF_EXP, PASS, 12, 20, "%{r}.example.com", -1, -1, true } },
	  { { "macro-letter-exp-only", 18, 1 } } },
	{ "v=spf1 a:%{d0}.example.com a:%{dr2}.example.com a:%{d|}.example.com a:%{}.example.com", 0, {
		{ ZL_SPF_A, PASS, 7, 19, "%{d0}.example.com", -1, -1, true },
		{ ZL_SPF_A, PASS, 27, 20, "%{dr2}.example.com", -1, -1, true },
		{ ZL_SPF_A, PASS, 48, 19, "%{d|}.example.com", -1, -1, true },
		{ ZL_SPF_A, PASS, 68, 17, "%{}.example.com", -1, -1, true } },
	  { { "invalid-macro-transformer", 12, 1 },
	    { "invalid-macro-transformer", 33, 1 },
	    { "invalid-macro-delimiter", 53, 1 },
	    { "invalid-macro-letter", 70, 3 } } },
	{ "v=spf1 1up=foo =all", 0, {
		{ ZL_SPF_INVALID, PASS, 7, 7, NULL, -1, -1, false },
		{ ZL_SPF_INVALID, PASS, 15, 4, NULL, -1, -1, false } },
	  { { "invalid-modifier-name", 7, 3 }, { "invalid-modifier-name", 15, 1 } } },
	{ "v=spf1 foo=%abc", 0,
	  { { ZL_SPF_UNKNOWN_MODIFIER, PASS, 7, 8, NULL, -1, -1, false } },
	  { { "invalid-percent", 11, 1 } } },
	/* "/" before "=" makes this a mechanism named "moo.cow". */
	{ "v=spf1 moo.cow/far_out=man:dog/cat", 0,
	  { { ZL_SPF_INVALID, PASS, 7, 27, NULL, -1, -1, false } },
	  { { "unknown-mechanism", 7, 7 } } },
	{ "v=spf1 redirect:t2.example.com", 0,
	  { { ZL_SPF_INVALID, PASS, 7, 23, NULL, -1, -1, false } },
	  { { "modifier-as-mechanism", 7, 8 } } },
	{ "v=spf1 -redirect=x.example ~foo=bar", 0, {
		{ ZL_SPF_REDIRECT, FAIL, 7, 19, "x.example", -1, -1, false },
		{ ZL_SPF_UNKNOWN_MODIFIER, SOFT, 27, 8, NULL, -1, -1, false } },
	  { { "qualifier-on-modifier", 7, 1 }, { "qualifier-on-modifier", 27, 1 } } },
	{ "v=spf1 --all - ~", 0, {
		{ ZL_SPF_ALL, FAIL, 7, 5, NULL, -1, -1, false },
		{ ZL_SPF_INVALID, FAIL, 13, 1, NULL, -1, -1, false },
		{ ZL_SPF_INVALID, SOFT, 15, 1, NULL, -1, -1, false } },
	  { { "repeated-qualifier", 8, 1 }, { "qualifier-without-mechanism", 13, 1 },
	    { "qualifier-without-mechanism", 15, 1 } } },
	/* The order of errors with the same term start follows the text. */
	{ "v=spf1 --include", 0,
	  { { ZL_SPF_INCLUDE, FAIL, 7, 9, NULL, -1, -1, false } },
	  { { "missing-domain-spec", 7, 9 }, { "repeated-qualifier", 8, 1 } } },
	{ "v=spf1 !all a$b:x.example", 0, {
		{ ZL_SPF_INVALID, PASS, 7, 4, NULL, -1, -1, false },
		{ ZL_SPF_INVALID, PASS, 12, 13, NULL, -1, -1, false } },
	  { { "invalid-mechanism-name", 7, 4 }, { "invalid-mechanism-name", 12, 3 } } },
	{ "v=spf1 a:mail.example...com", 0,
	  { { ZL_SPF_A, PASS, 7, 20, "mail.example...com", -1, -1, false } },
	  { { "empty-label", 22, 1 }, { "empty-label", 23, 1 } } },
	{ "v=spf1 a:" LABEL64 ".example.com", 0,
	  { { ZL_SPF_A, PASS, 7, 78, LABEL64 ".example.com", -1, -1, false } },
	  { { "label-too-long", 9, 64 } } },
	{ "v=spf1 include:_spf.example.com~all", 0,
	  { { ZL_SPF_INCLUDE, PASS, 7, 28, "_spf.example.com~all", -1, -1, false } },
	  { { "invalid-domain-end", 28, 7 } } },
	/* One call lists the problems of every term. */
	{ "v=spf1 ip4:1.2.3.4/33 foo:bar include: -all", 0, {
		{ ZL_SPF_IP4, PASS, 7, 14, NULL, -1, -1, false },
		{ ZL_SPF_INVALID, PASS, 22, 7, NULL, -1, -1, false },
		{ ZL_SPF_INCLUDE, PASS, 30, 8, NULL, -1, -1, false },
		{ ZL_SPF_ALL, FAIL, 39, 4, NULL, -1, -1, false } },
	  { { "cidr-out-of-range", 19, 2 }, { "unknown-mechanism", 22, 3 },
	    { "missing-domain-spec", 30, 8 } } },
};

/* Copy s into buf with control and non-ASCII bytes as \xHH escapes. */
static const char *
show(const char *s, size_t len, char *buf, size_t size)
{
	size_t used = 0;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < len && used + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f)
			used += (size_t)snprintf(buf + used, size - used, "\\x%02x", c);
		else
			buf[used++] = (char)c;
	}
	buf[used] = '\0';
	return buf;
}

/* List the errors of rec as "name@offset+len" for failure messages. */
static const char *
list_errors(const struct zl_spf_record *rec, char *buf, size_t size)
{
	size_t used = 0;
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < rec->nerrors && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, " %s@%u+%u",
					 zl_spf_error_name(rec->errors[i].code),
					 rec->errors[i].offset, rec->errors[i].len);
	return buf;
}

static size_t
case_len(const struct parse_case *c)
{
	return c->len ? c->len : strlen(c->text);
}

static void
check_term(const struct parse_case *c, const char *shown, size_t i,
	   const struct zl_spf_term *got)
{
	const struct expect_term *want = &c->terms[i];
	size_t domain_len = want->domain ? strlen(want->domain) : 0;

	ck_assert_msg(got->kind == want->kind, "\"%s\" term %zu: kind %d, expected %d",
		      shown, i, got->kind, want->kind);
	ck_assert_msg((int)got->qualifier == want->qualifier,
		      "\"%s\" term %zu: qualifier %d, expected %d",
		      shown, i, got->qualifier, want->qualifier);
	ck_assert_msg(got->offset == want->offset && got->len == want->len,
		      "\"%s\" term %zu: at %u+%u, expected %u+%u", shown, i,
		      got->offset, got->len, want->offset, want->len);
	ck_assert_msg(got->domain_len == domain_len,
		      "\"%s\" term %zu: domain length %u, expected %zu",
		      shown, i, got->domain_len, domain_len);
	ck_assert_msg(domain_len == 0 ||
		      memcmp(c->text + got->domain_offset, want->domain, domain_len) == 0,
		      "\"%s\" term %zu: domain at %u is not \"%s\"", shown, i,
		      got->domain_offset, want->domain);
	ck_assert_msg(got->cidr4 == want->cidr4 && got->cidr6 == want->cidr6,
		      "\"%s\" term %zu: cidr %d/%d, expected %d/%d", shown, i,
		      got->cidr4, got->cidr6, want->cidr4, want->cidr6);
	ck_assert_msg(got->has_macro == want->has_macro,
		      "\"%s\" term %zu: has_macro %d", shown, i, got->has_macro);
}

static void
check_parse_case(const struct parse_case *c)
{
	struct zl_spf_record rec;
	char shown[512], listed[512];
	size_t len = case_len(c);
	size_t nterms = 0;
	size_t nerrors = 0;
	size_t i;

	show(c->text, len, shown, sizeof(shown));
	while (nterms < COUNT(c->terms) && c->terms[nterms].len != 0)
		nterms++;
	while (nerrors < COUNT(c->errors) && c->errors[nerrors].name != NULL)
		nerrors++;

	ck_assert_msg(zl_spf_parse(c->text, len, &rec) == 0, "\"%s\": parse failed", shown);
	list_errors(&rec, listed, sizeof(listed));

	ck_assert_msg(rec.nterms == nterms, "\"%s\": %zu terms, expected %zu",
		      shown, rec.nterms, nterms);
	for (i = 0; i < nterms; i++)
		check_term(c, shown, i, &rec.terms[i]);

	ck_assert_msg(rec.nerrors == nerrors, "\"%s\": %zu errors, expected %zu:%s",
		      shown, rec.nerrors, nerrors, listed);
	for (i = 0; i < nerrors; i++) {
		const struct zl_spf_error *got = &rec.errors[i];

		ck_assert_msg(strcmp(zl_spf_error_name(got->code), c->errors[i].name) == 0,
			      "\"%s\" error %zu is %s, expected %s:%s", shown, i,
			      zl_spf_error_name(got->code), c->errors[i].name, listed);
		ck_assert_msg(got->offset == c->errors[i].offset &&
			      got->len == c->errors[i].len,
			      "\"%s\" error %zu (%s) at %u+%u, expected %u+%u", shown,
			      i, c->errors[i].name, got->offset, got->len,
			      c->errors[i].offset, c->errors[i].len);
	}
	zl_spf_record_fini(&rec);
}

/* Check what every parse result promises: terms in order inside the text,
 * errors sorted and inside the text, has_errors set exactly for terms
 * that contain an error. */
static void
check_invariants(const char *text, size_t len)
{
	struct zl_spf_record rec;
	char shown[512];
	size_t i, j;

	show(text, len, shown, sizeof(shown));
	ck_assert_msg(zl_spf_parse(text, len, &rec) == 0, "\"%s\": parse failed", shown);
	for (i = 0; i < rec.nterms; i++) {
		const struct zl_spf_term *t = &rec.terms[i];
		bool contains_error = false;

		ck_assert_msg(t->len > 0 && t->offset + t->len <= len,
			      "\"%s\": term %zu outside the text", shown, i);
		ck_assert_msg(i == 0 || rec.terms[i - 1].offset + rec.terms[i - 1].len < t->offset,
			      "\"%s\": term %zu overlaps the one before", shown, i);
		ck_assert_msg(t->domain_len == 0 ||
			      (t->domain_offset >= t->offset &&
			       t->domain_offset + t->domain_len <= t->offset + t->len),
			      "\"%s\": domain of term %zu outside the term", shown, i);
		for (j = 0; j < rec.nerrors; j++)
			if (rec.errors[j].offset >= t->offset &&
			    rec.errors[j].offset < t->offset + t->len)
				contains_error = true;
		ck_assert_msg(t->has_errors == contains_error,
			      "\"%s\": term %zu has_errors is %d", shown, i, t->has_errors);
	}
	for (i = 0; i < rec.nerrors; i++) {
		ck_assert_msg(rec.errors[i].offset + rec.errors[i].len <= len,
			      "\"%s\": error %zu outside the text", shown, i);
		ck_assert_msg(i == 0 || rec.errors[i - 1].offset <= rec.errors[i].offset,
			      "\"%s\": error %zu out of order", shown, i);
	}
	zl_spf_record_fini(&rec);
}

static const struct {
	const char *text;
	bool want;
} version_cases[] = {
	{ "v=spf1", true },
	{ "v=spf1 -all", true },
	{ "V=SpF1 a", true },
	{ "v=spf1 ", true },
	{ "v=spf10", false },
	{ "v=spf1\tall", false },
	{ " v=spf1", false },
	{ "v=spf", false },
	{ "", false },
	{ "v=spf1a", false },
	{ "v=spf2.0/pra +mx", false },
};

START_TEST(test_spf_is_record_checks_version)
{

	ck_assert_msg(zl_spf_is_record(version_cases[_i].text, strlen(version_cases[_i].text)) ==
		      version_cases[_i].want, "\"%s\": expected %d", version_cases[_i].text,
		      version_cases[_i].want);
}
END_TEST

START_TEST(test_spf_parse_valid_records)
{
	check_parse_case(&valid_cases[_i]);
}
END_TEST

START_TEST(test_spf_parse_reports_errors)
{
	check_parse_case(&invalid_cases[_i]);
}
END_TEST

START_TEST(test_spf_parse_keeps_invariants)
{
	size_t n = COUNT(valid_cases);
	const struct parse_case *c = _i < (int)n ? &valid_cases[_i] :
		&invalid_cases[(size_t)_i - n];

	check_invariants(c->text, case_len(c));
}
END_TEST

static const struct {
	const char *text;
	uint8_t addr[16];
} address_cases[] = {
	{ "v=spf1 ip4:192.0.2.1", { 192, 0, 2, 1 } },
	{ "v=spf1 ip4:255.255.255.255/32", { 255, 255, 255, 255 } },
	{ "v=spf1 ip6:2001:db8::1", { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
	{ "v=spf1 ip6:::FFFF:1.2.3.4/96",
	  { [10] = 0xff, [11] = 0xff, [12] = 1, [13] = 2, [14] = 3, [15] = 4 } },
	/* An invalid address leaves the bytes zero. */
	{ "v=spf1 ip4:192.0.2.256", { 0 } },
};

START_TEST(test_spf_parse_stores_addresses)
{
	struct zl_spf_record rec;

	ck_assert_int_eq(zl_spf_parse(address_cases[_i].text, strlen(address_cases[_i].text), &rec), 0);
	ck_assert_uint_eq(rec.nterms, 1);
	ck_assert_msg(memcmp(rec.terms[0].addr, address_cases[_i].addr, 16) == 0,
		      "\"%s\": wrong address bytes", address_cases[_i].text);
	zl_spf_record_fini(&rec);
}
END_TEST

START_TEST(test_spf_parse_domain_too_long)
{
	/* 5 labels of 51 octets and their dots: 259 octets. */
	char text[300] = "v=spf1 a:";
	struct zl_spf_record rec;
	size_t start = strlen(text);
	size_t len;
	int label;

	for (label = 0; label < 5; label++) {
		memset(text + strlen(text), 'x', 50);
		strcat(text, label < 4 ? "y." : "z");
	}
	len = strlen(text);
	ck_assert_uint_eq(len - start, 259);

	ck_assert_int_eq(zl_spf_parse(text, len, &rec), 0);
	ck_assert_uint_eq(rec.nerrors, 1);
	ck_assert_str_eq(zl_spf_error_name(rec.errors[0].code), "domain-too-long");
	ck_assert_uint_eq(rec.errors[0].offset, start);
	ck_assert_uint_eq(rec.errors[0].len, 259);
	zl_spf_record_fini(&rec);
}
END_TEST

START_TEST(test_spf_parse_reads_only_len_bytes)
{
	/* A heap copy without NUL lets the address sanitizer catch any read
	 * past len. */
	static const char record[] = "v=spf1 a:mail.example.com/24 -all";
	size_t len = sizeof(record) - 1;
	char *copy = malloc(len);
	struct zl_spf_record rec;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, record, len);

	ck_assert_int_eq(zl_spf_parse(copy, len - 5, &rec), 0);
	ck_assert_uint_eq(rec.nterms, 1);
	ck_assert_uint_eq(rec.nerrors, 0);
	ck_assert_int_eq(rec.terms[0].cidr4, 24);
	zl_spf_record_fini(&rec);

	ck_assert_int_eq(zl_spf_parse(copy, len, &rec), 0);
	ck_assert_uint_eq(rec.nterms, 2);
	ck_assert_uint_eq(rec.nerrors, 0);
	zl_spf_record_fini(&rec);
	free(copy);
}
END_TEST

START_TEST(test_spf_parse_random_text_keeps_invariants)
{
	/* Records made of the bytes that steer the parser, from a fixed
	 * linear congruential sequence so failures repeat. */
	static const char alphabet[] = "v=spf1 :/%{}.-+~?_aimxpl46rdc0123\t\x80";
	char text[64];
	uint32_t state = 12345;
	int round;

	for (round = 0; round < 20000; round++) {
		size_t len = 7 + round % 40;
		size_t i;

		memcpy(text, "v=spf1 ", 7);
		for (i = 7; i < len; i++) {
			state = state * 1103515245u + 12345u;
			text[i] = alphabet[(state >> 16) % (sizeof(alphabet) - 1)];
		}
		check_invariants(text, len);
	}
}
END_TEST

static const struct {
	const char *text;
	enum zl_spf_macro_context context;
	struct expect_error errors[3];
} macro_cases[] = {
	{ "%{ir}.%{v}._spf.%{d2}", ZL_SPF_MACRO_TERM, { { 0 } } },
	{ "%{S}%{L}%{dR}%{o2r+-.}", ZL_SPF_MACRO_TERM, { { 0 } } },
	{ "%{c} is queried as %{ir}.%{v}.arpa", ZL_SPF_MACRO_EXPLANATION,
	  { { 0 } } },
	{ "%{c} x", ZL_SPF_MACRO_TERM,
	  { { "macro-letter-exp-only", 2, 1 }, { "invalid-whitespace", 4, 1 } } },
	{ "%{t}", ZL_SPF_MACRO_EXPLANATION, { { 0 } } },
	{ "%{d", ZL_SPF_MACRO_TERM, { { "unterminated-macro", 0, 3 } } },
	{ "%{d is", ZL_SPF_MACRO_EXPLANATION, { { "unterminated-macro", 0, 3 } } },
	{ "100%", ZL_SPF_MACRO_EXPLANATION, { { "invalid-percent", 3, 1 } } },
	{ "%{x}", ZL_SPF_MACRO_TERM, { { "invalid-macro-letter", 2, 1 } } },
	{ "%{d00}", ZL_SPF_MACRO_TERM, { { "invalid-macro-transformer", 3, 2 } } },
	{ "%{d2rr}", ZL_SPF_MACRO_TERM, { { "invalid-macro-transformer", 5, 1 } } },
	{ "caf\xc3\xa9", ZL_SPF_MACRO_EXPLANATION, { { "non-ascii", 3, 2 } } },
	{ "a\tb", ZL_SPF_MACRO_EXPLANATION, { { "invalid-whitespace", 1, 1 } } },
	{ "a\x01" "b", ZL_SPF_MACRO_TERM, { { "control-character", 1, 1 } } },
};

START_TEST(test_spf_macro_string_checked_alone)
{
	struct zl_spf_error errors[4];
	char shown[128];
	size_t len = strlen(macro_cases[_i].text);
	size_t want = 0;
	size_t got, i;

	show(macro_cases[_i].text, len, shown, sizeof(shown));
	while (want < COUNT(macro_cases[_i].errors) && macro_cases[_i].errors[want].name)
		want++;

	got = zl_spf_check_macro_string(macro_cases[_i].text, len, macro_cases[_i].context,
					errors, COUNT(errors));
	ck_assert_msg(got == want, "\"%s\": %zu errors, expected %zu", shown, got, want);
	for (i = 0; i < want; i++) {
		ck_assert_msg(strcmp(zl_spf_error_name(errors[i].code),
				     macro_cases[_i].errors[i].name) == 0,
			      "\"%s\" error %zu is %s, expected %s", shown, i,
			      zl_spf_error_name(errors[i].code), macro_cases[_i].errors[i].name);
		ck_assert_msg(errors[i].offset == macro_cases[_i].errors[i].offset &&
			      errors[i].len == macro_cases[_i].errors[i].len,
			      "\"%s\" error %zu at %u+%u", shown, i, errors[i].offset,
			      errors[i].len);
	}
}
END_TEST

START_TEST(test_spf_macro_string_counts_past_limit)
{
	struct zl_spf_error errors[2];

	memset(errors, 0, sizeof(errors));
	ck_assert_uint_eq(zl_spf_check_macro_string("%a%b%c", 6, ZL_SPF_MACRO_TERM,
						    errors, 2), 3);
	ck_assert_uint_eq(errors[0].offset, 0);
	ck_assert_uint_eq(errors[1].offset, 2);
	ck_assert_uint_eq(zl_spf_check_macro_string("%a%b%c", 6, ZL_SPF_MACRO_TERM,
						    NULL, 0), 3);
}
END_TEST

static const struct {
	const char *text;
	bool want;
	uint32_t offset;
} glued_cases[] = {
	{ "v=spf1 a:m43.example.jpa:m61.example.jp", true, 23 },
	{ "v=spf1 include:spf.example.cominclude:b.example.net", true, 30 },
	{ "v=spf1 include:spf.example.comredirect=x.example", true, 30 },
	{ "v=spf1 include:spf.example.com-all", true, 30 },
	{ "v=spf1 include:spf.example.comv=spf1", true, 30 },
	{ "v=spf1 ip4:192.0.2.1ip4:192.0.2.2", true, 20 },
	{ "v=spf1 ip6:2001:db8:a::1", false, 0 },
	{ "v=spf1 include:spf.example.com", false, 0 },
	{ "v=spf1 a:foo:bar/baz.example.com", false, 0 },
	{ "v=spf1 exists:%{l1r+-}._u.%{d}._spf.example.com", false, 0 },
	{ "v=spf1 x=data:abc", false, 0 },
	{ "v=spf1 -all", false, 0 },
	{ "v=spf1 include:abcdefghijklmnopqrstuvwxyz.example.comip4:192.0.2.1", true, 53 },
	{ "v=spf1 exists:%{i}.abcdefghijklmnop.example.commx:b.example.net", true, 47 },
	{ "v=spf1 exists:abcdefgh.example.com%{i", false, 0 },
	{ "v=spf1 exists:abcdefghijklmnop.example.com%", false, 0 },
};

START_TEST(test_spf_glued_term_found)
{
	struct zl_spf_record rec;
	uint32_t offset = 0;
	bool found;

	ck_assert_int_eq(zl_spf_parse(glued_cases[_i].text, strlen(glued_cases[_i].text), &rec), 0);
	ck_assert_uint_eq(rec.nterms, 1);
	found = zl_spf_find_glued_term(glued_cases[_i].text, &rec.terms[0], &offset);
	ck_assert_msg(found == glued_cases[_i].want, "\"%s\": found %d", glued_cases[_i].text, found);
	ck_assert_msg(!found || offset == glued_cases[_i].offset, "\"%s\": at %u, expected %u",
		      glued_cases[_i].text, offset, glued_cases[_i].offset);
	zl_spf_record_fini(&rec);
}
END_TEST

START_TEST(test_spf_error_names_unique)
{
	int i, j;

	for (i = 0; i < ZL_SPF_ERR_COUNT; i++) {
		const char *name = zl_spf_error_name((enum zl_spf_error_code)i);

		ck_assert_msg(strcmp(name, "unknown") != 0, "code %d has no name", i);
		for (j = 0; j < i; j++)
			ck_assert_msg(strcmp(name, zl_spf_error_name((enum zl_spf_error_code)j)) != 0,
				      "codes %d and %d share the name %s", j, i, name);
	}
	ck_assert_str_eq(zl_spf_error_name(ZL_SPF_ERR_COUNT), "unknown");
}
END_TEST

static const struct {
	enum zl_spf_kind kind;
	bool want;
} lookup_cases[] = {
	{ ZL_SPF_ALL, false }, { ZL_SPF_INCLUDE, true }, { ZL_SPF_A, true },
	{ ZL_SPF_MX, true }, { ZL_SPF_PTR, true }, { ZL_SPF_IP4, false },
	{ ZL_SPF_IP6, false }, { ZL_SPF_EXISTS, true }, { ZL_SPF_REDIRECT, true },
	{ ZL_SPF_EXP, false }, { ZL_SPF_UNKNOWN_MODIFIER, false },
	{ ZL_SPF_INVALID, false },
};

START_TEST(test_spf_costs_lookup_by_kind)
{

	ck_assert_msg(zl_spf_term_costs_lookup(lookup_cases[_i].kind) == lookup_cases[_i].want,
		      "kind %d", lookup_cases[_i].kind);
}
END_TEST

START_TEST(test_spf_record_fini_empties)
{
	struct zl_spf_record rec;

	ck_assert_int_eq(zl_spf_parse("v=spf1 foo:bar", 14, &rec), 0);
	zl_spf_record_fini(&rec);
	ck_assert_ptr_null(rec.terms);
	ck_assert_ptr_null(rec.errors);
	ck_assert_uint_eq(rec.nterms, 0);
	ck_assert_uint_eq(rec.nerrors, 0);
	zl_spf_record_fini(&rec);
}
END_TEST

static Suite *
spf_suite(void)
{
	Suite *s = suite_create("spf");
	TCase *tc;

	tc = tcase_create("version");
	tcase_add_loop_test(tc, test_spf_is_record_checks_version, 0,
			    (int)COUNT(version_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_loop_test(tc, test_spf_parse_valid_records, 0, (int)COUNT(valid_cases));
	tcase_add_loop_test(tc, test_spf_parse_reports_errors, 0, (int)COUNT(invalid_cases));
	tcase_add_loop_test(tc, test_spf_parse_keeps_invariants, 0,
			    (int)(COUNT(valid_cases) + COUNT(invalid_cases)));
	tcase_add_loop_test(tc, test_spf_parse_stores_addresses, 0,
			    (int)COUNT(address_cases));
	tcase_add_test(tc, test_spf_parse_domain_too_long);
	tcase_add_test(tc, test_spf_parse_reads_only_len_bytes);
	tcase_add_test(tc, test_spf_parse_random_text_keeps_invariants);
	tcase_add_test(tc, test_spf_record_fini_empties);
	suite_add_tcase(s, tc);

	tc = tcase_create("macro");
	tcase_add_loop_test(tc, test_spf_macro_string_checked_alone, 0,
			    (int)COUNT(macro_cases));
	tcase_add_test(tc, test_spf_macro_string_counts_past_limit);
	suite_add_tcase(s, tc);

	tc = tcase_create("helpers");
	tcase_add_loop_test(tc, test_spf_glued_term_found, 0, (int)COUNT(glued_cases));
	tcase_add_test(tc, test_spf_error_names_unique);
	tcase_add_loop_test(tc, test_spf_costs_lookup_by_kind, 0,
			    (int)COUNT(lookup_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(spf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
