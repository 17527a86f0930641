/* Organizational domains from the Public Suffix List, read offline. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "psl.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The rules of the list in an open-addressing hash table (a power of two
 * in size, at most half full); read once per process because every DMARC
 * record of a run may need them. */
static char **table;
static size_t table_size, nrules;
static bool loaded;

/* FNV-1a over the n bytes at s. */
static size_t
hash_key(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return (size_t)h;
}

/* Return the slot holding the n bytes at key, or the empty slot where
 * they belong. */
static char **
slot_of(const char *key, size_t n)
{
	size_t i = hash_key(key, n) & (table_size - 1);

	while (table[i] != NULL && (strncmp(table[i], key, n) != 0 || table[i][n] != '\0'))
		i = (i + 1) & (table_size - 1);
	return &table[i];
}

static void
add_rule(const char *rule, size_t n)
{
	char **slot;

	if (2 * (nrules + 1) > table_size) {
		char **old = table;
		size_t old_size = table_size;

		table_size = table_size ? 2 * table_size : 1024;
		table = zl_xcalloc(table_size, sizeof(*table));
		for (size_t i = 0; i < old_size; i++) {
			if (old[i] != NULL)
				*slot_of(old[i], strlen(old[i])) = old[i];
		}
		free(old);
	}
	slot = slot_of(rule, n);
	if (*slot == NULL) {
		*slot = zl_xstrndup(rule, n);
		nrules++;
	}
}

static void
load_rules(void)
{
	FILE *f = fopen(ZL_PSL_PATH, "r");
	char line[512];

	loaded = true;
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		size_t n = strcspn(line, " \t\r\n");

		/* A rule is the first word of a line; "//" starts a comment. */
		if (n == 0 || (line[0] == '/' && line[1] == '/'))
			continue;
		add_rule(line, n);
	}
	fclose(f);
}

/* Return whether prefix (may be empty) followed by host[off, len) is a rule. */
static bool
has_rule(const char *prefix, const char *host, size_t off, size_t len)
{
	char key[300];
	size_t plen = strlen(prefix);

	if (nrules == 0 || plen + (len - off) >= sizeof(key))
		return false;
	memcpy(key, prefix, plen);
	memcpy(key + plen, host + off, len - off);
	return *slot_of(key, plen + (len - off)) != NULL;
}

void
zl_psl_load(void)
{
	if (!loaded)
		load_rules();
}

size_t
zl_psl_org_domain(const char *host, size_t len)
{
	size_t starts[128], nlabels = 0, suffix_labels = 1;

	if (!loaded)
		load_rules();

	starts[nlabels++] = 0;
	for (size_t i = 0; i < len && nlabels < 128; i++) {
		if (host[i] == '.')
			starts[nlabels++] = i + 1;
	}

	/* Try suffixes from the longest; an exception rule ends the search,
	 * and the first normal or wildcard match is the longest one. */
	for (size_t i = 0; i < nlabels; i++) {
		if (has_rule("!", host, starts[i], len)) {
			suffix_labels = nlabels - i - 1;
			break;
		}
		if (has_rule("", host, starts[i], len) ||
		    (i + 1 < nlabels && has_rule("*.", host, starts[i + 1], len))) {
			suffix_labels = nlabels - i;
			break;
		}
	}
	if (suffix_labels >= nlabels)
		return 0;
	return starts[nlabels - suffix_labels - 1];
}
