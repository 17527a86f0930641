/* CNAME chains across every loaded zone: their lengths and their loops. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "cname.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { UNSEEN, ON_PATH, DONE };

/* Mark the loop that starts at path[from] and ends the path. */
static void
mark_loop(struct zl_cname_chains *ch, const uint32_t *path, size_t from, size_t to)
{
	uint32_t first = path[from];

	for (size_t k = from; k < to; k++) {
		if (ch->record[path[k]] < ch->record[first])
			first = path[k];
	}
	for (size_t k = from; k < to; k++)
		ch->loop[path[k]] = first;
}

/* Follow the chain from start, then give every name on the way its
 * length, counting back from where the chain ends. */
static void
follow(struct zl_cname_chains *ch, uint8_t *state, uint32_t *path, uint32_t start)
{
	size_t len = 0;
	uint32_t n = start, length;

	while (n != ZL_NONE && ch->record[n] != ZL_NONE && state[n] == UNSEEN) {
		state[n] = ON_PATH;
		path[len++] = n;
		n = ch->target[n];
	}
	if (n == ZL_NONE || ch->record[n] == ZL_NONE) {
		length = 0;
	} else if (state[n] == ON_PATH) {
		size_t from = len - 1;

		/* The loop starts where the path met n before. */
		while (path[from] != n)
			from--;
		mark_loop(ch, path, from, len);
		length = ZL_CNAME_ENDLESS;
	} else {
		length = ch->length[n];
	}
	while (len > 0) {
		n = path[--len];
		if (length != ZL_CNAME_ENDLESS)
			length++;
		ch->length[n] = length;
		state[n] = DONE;
	}
}

void
zl_cname_chains_init(struct zl_cname_chains *ch, const struct zl_graph *g)
{
	size_t nn = g->nnames ? g->nnames : 1;
	uint8_t *state = zl_xcalloc(nn, 1);
	uint32_t *path = zl_xmalloc(nn * sizeof(*path));

	ch->record = zl_xmalloc(nn * sizeof(uint32_t));
	ch->target = zl_xmalloc(nn * sizeof(uint32_t));
	ch->length = zl_xcalloc(nn, sizeof(uint32_t));
	ch->loop = zl_xmalloc(nn * sizeof(uint32_t));
	memset(ch->record, 0xff, nn * sizeof(uint32_t));
	memset(ch->target, 0xff, nn * sizeof(uint32_t));
	memset(ch->loop, 0xff, nn * sizeof(uint32_t));

	/* The first CNAME record of each name and its target. */
	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		uint32_t owner = g->records[ref->record].owner;

		if (ref->kind == ZL_REF_CNAME && ref->record < ch->record[owner]) {
			ch->record[owner] = ref->record;
			ch->target[owner] = ref->target;
		}
	}

	for (size_t i = 0; i < g->nnames; i++) {
		if (ch->record[i] != ZL_NONE && state[i] == UNSEEN)
			follow(ch, state, path, (uint32_t)i);
	}
	free(state);
	free(path);
}

void
zl_cname_chains_fini(struct zl_cname_chains *ch)
{
	free(ch->record);
	free(ch->target);
	free(ch->length);
	free(ch->loop);
	memset(ch, 0, sizeof(*ch));
}
