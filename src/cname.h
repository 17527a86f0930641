/* CNAME chains across every loaded zone: their lengths and their loops. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_CNAME_H
#define ZL_CNAME_H

#include <stddef.h>
#include <stdint.h>

#include "graph.h"
#include "util.h"

#define ZL_CNAME_ENDLESS UINT32_MAX	/* the chain runs into a loop */

/* The CNAME chains of a graph, one entry per alias (a name with a CNAME
 * record), in the order of the name ids.  A zone has far fewer aliases
 * than names, so nothing here is kept per name but one bit. */
struct zl_cname_chains {
	size_t count;		/* aliases */
	uint32_t *name;		/* per alias: its name id; owned */
	uint32_t *record;	/* per alias: its first CNAME record; owned */
	uint32_t *target;	/* per alias: the target of that record; owned */
	uint32_t *length;	/* per alias: aliases followed before a name
				 * without CNAME, or ZL_CNAME_ENDLESS; owned */
	uint32_t *loop;		/* per alias on a loop: the name of the member
				 * whose CNAME record comes first in the
				 * input, or ZL_NONE; owned */
	struct zl_rank_set aliases;	/* the name ids of aliases; owned */
};

/* Follow every CNAME chain of g once, in time linear in the number of
 * names.  A name's CNAME record is its first one in any zone. */
void zl_cname_chains_init(struct zl_cname_chains *ch, const struct zl_graph *g);
void zl_cname_chains_fini(struct zl_cname_chains *ch);

/* The alias index of the name id, or ZL_NONE when it has no CNAME. */
static inline uint32_t
zl_cname_alias(const struct zl_cname_chains *ch, uint32_t name)
{
	if (name == ZL_NONE || !zl_rank_set_has(&ch->aliases, name))
		return ZL_NONE;
	return zl_rank_set_rank(&ch->aliases, name);
}

#endif
