/* Declarative rules: the compiled form shared by the reader and the engine. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_DECL_IMPL_H
#define ZL_DECL_IMPL_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdbool.h>

#include "decl.h"

/* The subject a pattern is matched against.  A pattern written twice for
 * the same subject is compiled once and matched once per record or name. */
enum zl_decl_subject {
	ZL_DECL_OWNER,		/* the owner name, lower case, final dot */
	ZL_DECL_RDATA		/* zl_rdtext_append() of the record */
};

/* Outcome of the literal tests on a subject, before PCRE2 runs. */
enum zl_decl_verdict {
	ZL_DECL_NO,		/* the pattern cannot match */
	ZL_DECL_YES,		/* the pattern matches */
	ZL_DECL_UNKNOWN		/* PCRE2 has to decide */
};

struct zl_decl_literal {
	char *text;			/* owned, NUL-terminated; NULL: none */
	size_t len;
	size_t anchor;			/* index of the byte a search looks for first */
};

#define ZL_DECL_LITERALS_MAX 8

/* Literal text that every match of a pattern contains, read from its
 * source by zl_decl_filter_build(); all empty when the source is beyond
 * the reader. */
struct zl_decl_filter {
	struct zl_decl_literal prefixes[ZL_DECL_LITERALS_MAX];	/* a match starts the
					 * subject with one of them */
	size_t nprefixes;
	struct zl_decl_literal needles[ZL_DECL_LITERALS_MAX];	/* a match contains
					 * one of them */
	size_t nneedles;
	bool needle_at_end;		/* the only needle ends the subject, perhaps
					 * before a newline */
	bool caseless;			/* compare without regard to ASCII case */
	bool exact;			/* the tests decide: the pattern is nothing more */
	bool negated;			/* ^(?!prefix) or ^(?!.*needle): matches when absent */
	bool dotall;			/* negated ".*" crosses newlines (the s flag) */
	bool first_known;		/* first_bytes holds every byte a match can start with */
	uint64_t first_bytes[4];	/* bit c: a match can start the subject with c */
};

/* Fill f for a pattern compiled from source with options; newline is
 * PCRE2_INFO_NEWLINE of the compiled code. */
void zl_decl_filter_build(struct zl_decl_filter *f, const char *source, uint32_t options,
    uint32_t newline);
void zl_decl_filter_fini(struct zl_decl_filter *f);

/* Test the subject s of len bytes against the filter's literals. */
enum zl_decl_verdict zl_decl_filter_test(const struct zl_decl_filter *f, const char *s,
    size_t len);

/* False when no match can start a subject of len bytes at s: the first
 * test of zl_decl_filter_test(), inline because most subjects fail it. */
static inline bool
zl_decl_filter_may_start(const struct zl_decl_filter *f, const char *s, size_t len)
{
	unsigned char c;

	if (!f->first_known)
		return true;
	if (len == 0)
		return false;
	c = (unsigned char)s[0];
	return (f->first_bytes[c >> 6] >> (c & 63) & 1) != 0;
}

struct zl_decl_pattern {
	char *source;			/* as written between the slashes; owned */
	uint32_t options;		/* PCRE2 compile options from the flags */
	enum zl_decl_subject subject;
	pcre2_code *code;		/* owned */
	bool jit;			/* JIT-compiled: match with pcre2_jit_match() */
	struct zl_decl_filter filter;	/* literal tests made before PCRE2 */
	uint32_t min_length;		/* shortest subject that can match */
	uint32_t captures;		/* capturing groups in the pattern */
	uint32_t memo_subject;		/* name or record id of memo_verdict, or ZL_NONE */
	enum zl_decl_verdict memo_verdict;	/* UNKNOWN: the filter passed, PCRE2 not run */
};

enum zl_decl_ttl_op {
	ZL_TTL_ANY, ZL_TTL_LT, ZL_TTL_LE, ZL_TTL_GT, ZL_TTL_GE, ZL_TTL_EQ, ZL_TTL_NE
};

/* "has" types that get a bit in the mask of types a name owns; rules
 * with further types look the rrset up instead. */
#define ZL_DECL_HAS_MAX 64

struct zl_decl_rule {
	struct zl_rule base;		/* id and summary owned; check is NULL */
	char *message;			/* with $N and {field} references; owned */
	char *hint;			/* the same, or NULL; owned */
	uint16_t *types;		/* record types it applies to; owned */
	size_t ntypes;			/* 0: every type */
	long owner;			/* pattern index, or -1 */
	long match;			/* pattern index, or -1 */
	long not_match;			/* pattern index, or -1 */
	bool apex;			/* only at zone origins */
	uint16_t has_type;		/* only at names with this type too; 0: any */
	int has_bit;			/* has_type's bit in a name's type mask, or -1 */
	enum zl_decl_ttl_op ttl_op;
	uint32_t ttl;
	bool missing;			/* report names where no record satisfies it */
};

struct zl_decl {
	struct zl_decl_rule **rules;	/* owned; pointers stay valid as rules grow */
	size_t nrules, rules_cap;
	struct zl_decl_pattern *patterns;
	size_t npatterns, patterns_cap;
	uint32_t max_captures;
	uint16_t has_types[ZL_DECL_HAS_MAX];	/* the distinct "has" types */
	size_t nhas;
};

#endif
