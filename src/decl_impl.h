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

struct zl_decl_pattern {
	char *source;			/* as written between the slashes; owned */
	uint32_t options;		/* PCRE2 compile options from the flags */
	enum zl_decl_subject subject;
	pcre2_code *code;		/* owned */
	bool jit;			/* JIT-compiled: match with pcre2_jit_match() */
	char *literal;			/* text every matching subject starts with; owned, may be NULL */
	size_t literal_len;
	bool literal_caseless;		/* compare literal without regard to ASCII case */
	bool literal_only;		/* the pattern is ^ and literal: no PCRE2 call needed */
	uint32_t min_length;		/* shortest subject that can match */
	uint32_t captures;		/* capturing groups in the pattern */
	uint32_t memo_subject;		/* name or record id of memo_result, or ZL_NONE */
	bool memo_result;
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
