/* Organizational domains from the Public Suffix List, read offline. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "psl.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The rules of the list, sorted for bsearch(); read once per process
 * because every DMARC record of a run may need them. */
static char **rules;
static size_t nrules, rules_cap;
static bool loaded;

static int
cmp_rule(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
		line[n] = '\0';
		ZL_PUSH(rules, nrules, rules_cap, zl_xstrdup(line));
	}
	fclose(f);
	qsort(rules, nrules, sizeof(*rules), cmp_rule);
}

/* Return whether prefix (may be empty) followed by host[off, len) is a rule. */
static bool
has_rule(const char *prefix, const char *host, size_t off, size_t len)
{
	char key[300];
	const char *k = key;

	if (strlen(prefix) + (len - off) >= sizeof(key))
		return false;
	snprintf(key, sizeof(key), "%s%.*s", prefix, (int)(len - off), host + off);
	return bsearch(&k, rules, nrules, sizeof(*rules), cmp_rule) != NULL;
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
