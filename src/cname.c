/* CNAME chains across every loaded zone: their lengths and their loops. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "cname.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { UNSEEN, ON_PATH, DONE };

/* Mark the loop that starts at path[from] and ends the path.  The path
 * contains alias indexes. */
static void
mark_loop(struct zl_cname_chains *ch, const uint32_t *path, size_t from, size_t to)
{
	uint32_t first = path[from];

	for (size_t k = from; k < to; k++) {
		if (ch->record[path[k]] < ch->record[first])
			first = path[k];
	}
	for (size_t k = from; k < to; k++)
		ch->loop[path[k]] = ch->name[first];
}

/* Follow the chain from the alias start, then give every alias on the
 * way its length, counting back from where the chain ends. */
static void
follow(struct zl_cname_chains *ch, uint8_t *state, uint32_t *path, uint32_t start)
{
	size_t len = 0;
	uint32_t a = start, length;

	while (a != ZL_NONE && state[a] == UNSEEN) {
		state[a] = ON_PATH;
		path[len++] = a;
		a = zl_cname_alias(ch, ch->target[a]);
	}
	if (a == ZL_NONE) {
		length = 0;
	} else if (state[a] == ON_PATH) {
		size_t from = len - 1;

		/* The loop starts where the path met a before. */
		while (path[from] != a)
			from--;
		mark_loop(ch, path, from, len);
		length = ZL_CNAME_ENDLESS;
	} else {
		length = ch->length[a];
	}
	while (len > 0) {
		a = path[--len];
		if (length != ZL_CNAME_ENDLESS)
			length++;
		ch->length[a] = length;
		state[a] = DONE;
	}
}

/* Put the owner of every CNAME record in the set of aliases. */
static void
find_aliases(struct zl_cname_chains *ch, const struct zl_graph *g)
{
	zl_rank_set_init(&ch->aliases, g->nnames);
	for (size_t i = 0; i < g->nrefs; i++) {
		if (g->refs[i].kind == ZL_REF_CNAME)
			zl_rank_set_add(&ch->aliases, g->records[g->refs[i].record].owner);
	}
	zl_rank_set_seal(&ch->aliases);
	ch->count = ch->aliases.count;
}

void
zl_cname_chains_init(struct zl_cname_chains *ch, const struct zl_graph *g)
{
	size_t n;
	uint8_t *state;
	uint32_t *path;

	memset(ch, 0, sizeof(*ch));
	find_aliases(ch, g);
	n = ch->count ? ch->count : 1;
	ch->name = zl_xmalloc(n * sizeof(uint32_t));
	ch->record = zl_xmalloc(n * sizeof(uint32_t));
	ch->target = zl_xmalloc(n * sizeof(uint32_t));
	ch->length = zl_xcalloc(n, sizeof(uint32_t));
	ch->loop = zl_xmalloc(n * sizeof(uint32_t));
	memset(ch->record, 0xff, n * sizeof(uint32_t));
	memset(ch->loop, 0xff, n * sizeof(uint32_t));

	/* The first CNAME record of each alias and its target. */
	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		uint32_t owner, a;

		if (ref->kind != ZL_REF_CNAME)
			continue;
		owner = g->records[ref->record].owner;
		a = zl_cname_alias(ch, owner);
		if (ref->record < ch->record[a]) {
			ch->name[a] = owner;
			ch->record[a] = ref->record;
			ch->target[a] = ref->target;
		}
	}

	state = zl_xcalloc(n, 1);
	path = zl_xmalloc(n * sizeof(*path));
	for (uint32_t a = 0; a < ch->count; a++) {
		if (state[a] == UNSEEN)
			follow(ch, state, path, a);
	}
	free(state);
	free(path);
}

void
zl_cname_chains_fini(struct zl_cname_chains *ch)
{
	free(ch->name);
	free(ch->record);
	free(ch->target);
	free(ch->length);
	free(ch->loop);
	zl_rank_set_fini(&ch->aliases);
	memset(ch, 0, sizeof(*ch));
}
