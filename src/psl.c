/* Organizational domains from the Public Suffix List, read offline. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "psl.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Bits of rule_entry.flags: which of "x", "!x" and "*.x" the list has. */
enum {
	RULE_NORMAL = 1u << 0,
	RULE_EXCEPTION = 1u << 1,
	RULE_WILDCARD = 1u << 2,
};

/* Rule text ("x", "!x" or "*.x") of this many bytes or more never matches.
 * No rule of the list is that long, and host names have at most 253 bytes. */
#define RULE_TEXT_MAX 300

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME 0x100000001b3u

/* One domain of the list and the kinds of rule written for it. */
struct rule_entry {
	const char *key;	/* the rule without "!" or "*.", in list_text; NULL
				 * when the slot is empty */
	size_t len;
	uint64_t hash;		/* hash_back() of key */
	unsigned flags;		/* RULE_* bits */
};

/* The rules of the list in an open-addressing hash table (a power of two
 * in size, at most half full); read once per process because every DMARC
 * record of a run may need them. */
static struct rule_entry *table;
static size_t table_size, nrules;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char *list_text;		/* the file as read, which the keys point into */

/*
 * FNV-1a over s[off, end) from the last byte to the first, continuing from
 * h. Hashing backwards lets zl_psl_org_domain() get the hash of each longer
 * suffix of a host by extending the hash of the shorter one.
 */
static uint64_t
hash_back(uint64_t h, const char *s, size_t off, size_t end)
{
	while (end > off)
		h = (h ^ (unsigned char)s[--end]) * FNV_PRIME;
	return h;
}

/* Return the slot holding the n bytes at key with the given hash, or the
 * empty slot where they belong. */
static struct rule_entry *
slot_of(const char *key, size_t n, uint64_t hash)
{
	size_t i = (size_t)hash & (table_size - 1);

	while (table[i].key != NULL && (table[i].hash != hash || table[i].len != n ||
	    memcmp(table[i].key, key, n) != 0))
		i = (i + 1) & (table_size - 1);
	return &table[i];
}

/* Split rule text into its kind (RULE_*) and the domain after any "!" or
 * "*." prefix. */
static unsigned
split_rule(const char *text, size_t n, size_t *key_off)
{
	if (n >= 1 && text[0] == '!') {
		*key_off = 1;
		return RULE_EXCEPTION;
	}
	if (n >= 2 && text[0] == '*' && text[1] == '.') {
		*key_off = 2;
		return RULE_WILDCARD;
	}
	*key_off = 0;
	return RULE_NORMAL;
}

/* Return the RULE_* flags of the domain text[off, end), whose hash_back()
 * is hash; 0 when the list has no rule for it. */
static unsigned
flags_of(const char *text, size_t off, size_t end, uint64_t hash)
{
	if (nrules == 0)
		return 0;
	return slot_of(text + off, end - off, hash)->flags;
}

static void
add_rule(const char *rule, size_t n)
{
	struct rule_entry *slot;
	size_t key_off;
	unsigned kind = split_rule(rule, n, &key_off);
	uint64_t hash = hash_back(FNV_OFFSET, rule, key_off, n);

	if (2 * (nrules + 1) > table_size) {
		struct rule_entry *old = table;
		size_t old_size = table_size;

		table_size = table_size ? 2 * table_size : 1024;
		table = zl_xcalloc(table_size, sizeof(*table));
		for (size_t i = 0; i < old_size; i++) {
			if (old[i].key != NULL)
				*slot_of(old[i].key, old[i].len, old[i].hash) = old[i];
		}
		free(old);
	}
	slot = slot_of(rule + key_off, n - key_off, hash);
	if (slot->key == NULL) {
		slot->key = rule + key_off;
		slot->len = n - key_off;
		slot->hash = hash;
		nrules++;
	}
	slot->flags |= kind;
}

/* Read the whole file into list_text and return its length. */
static size_t
read_list(FILE *f)
{
	size_t len = 0, cap = 0, got;

	do {
		zl_grow((void **)&list_text, &cap, len + 65536, 1);
		got = fread(list_text + len, 1, cap - len - 1, f);
		len += got;
	} while (got > 0);
	list_text[len] = '\0';
	return len;
}

static void
load_rules(void)
{
	FILE *f = fopen(ZL_PSL_PATH, "r");
	size_t len, lines = 0;
	const char *p, *end;

	if (f == NULL)
		return;
	len = read_list(f);
	fclose(f);

	/* The table gets its final size at once, at most half full, so that
	 * it never grows. */
	for (p = list_text; (p = memchr(p, '\n', (size_t)(list_text + len - p))) != NULL; p++)
		lines++;
	table_size = 1024;
	while (table_size < 2 * (lines + 2))
		table_size *= 2;
	table = zl_xcalloc_written(table_size, sizeof(*table));

	for (p = list_text, end = list_text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl != NULL ? nl : end;
		size_t n = 0;

		/* A rule is the first word of a line; "//" starts a comment. */
		while (p + n < line_end && p[n] != ' ' && p[n] != '\t' && p[n] != '\r')
			n++;
		if (n > 0 && !(p[0] == '/' && n > 1 && p[1] == '/'))
			add_rule(p, n);
		p = line_end + 1;
	}
}

/*
 * Return whether host[off, len) is itself the text of a rule. Only a host
 * label that starts with "!" or "*" makes this differ from the RULE_NORMAL
 * bit of the suffix, so zl_psl_org_domain() calls it for those alone.
 */
static bool
is_rule_text(const char *host, size_t off, size_t len)
{
	size_t key_off;
	unsigned kind = split_rule(host + off, len - off, &key_off);

	if (len - off >= RULE_TEXT_MAX)
		return false;
	off += key_off;
	return (flags_of(host, off, len, hash_back(FNV_OFFSET, host, off, len)) & kind) != 0;
}

size_t
zl_psl_org_domain(const char *host, size_t len)
{
	size_t starts[128], nlabels = 0, suffix_labels = 1;
	unsigned flags[128];
	uint64_t hash = FNV_OFFSET;

	pthread_once(&load_once, load_rules);
	starts[nlabels++] = 0;
	for (size_t i = 0; i < len && nlabels < 128; i++) {
		if (host[i] == '.')
			starts[nlabels++] = i + 1;
	}

	/* The rules for each suffix host[starts[i], len), shortest first, so
	 * that each hash extends the one before. */
	for (size_t i = nlabels; i-- > 0;) {
		hash = hash_back(hash, host, starts[i], i + 1 < nlabels ? starts[i + 1] : len);
		flags[i] = flags_of(host, starts[i], len, hash);
	}

	/* Try suffixes from the longest; an exception rule ends the search,
	 * and the first normal or wildcard match is the longest one. The
	 * length tests apply RULE_TEXT_MAX to the rule text with its prefix. */
	for (size_t i = 0; i < nlabels; i++) {
		size_t suffix_len = len - starts[i];
		bool normal;

		if ((flags[i] & RULE_EXCEPTION) && suffix_len + 1 < RULE_TEXT_MAX) {
			suffix_labels = nlabels - i - 1;
			break;
		}
		if (suffix_len > 0 && (host[starts[i]] == '!' || host[starts[i]] == '*'))
			normal = is_rule_text(host, starts[i], len);
		else
			normal = (flags[i] & RULE_NORMAL) && suffix_len < RULE_TEXT_MAX;
		if (normal || (i + 1 < nlabels && (flags[i + 1] & RULE_WILDCARD) &&
		    len - starts[i + 1] + 2 < RULE_TEXT_MAX)) {
			suffix_labels = nlabels - i;
			break;
		}
	}
	if (suffix_labels >= nlabels)
		return 0;
	return starts[nlabels - suffix_labels - 1];
}
