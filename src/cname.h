/* CNAME chains across every loaded zone: their lengths and their loops. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_CNAME_H
#define ZL_CNAME_H

#include <stdint.h>

#include "graph.h"

#define ZL_CNAME_ENDLESS UINT32_MAX	/* the chain runs into a loop */

/* The CNAME chains of a graph, one entry per name. */
struct zl_cname_chains {
	uint32_t *record;	/* per name: its CNAME record, or ZL_NONE; owned */
	uint32_t *target;	/* per name: the target of that record, or ZL_NONE; owned */
	uint32_t *length;	/* per name: aliases followed before a name
				 * without CNAME, or ZL_CNAME_ENDLESS; owned */
	uint32_t *loop;		/* per name on a loop: the member whose CNAME
				 * record comes first in the input; else
				 * ZL_NONE; owned */
};

/* Follow every CNAME chain of g once, in time linear in the number of
 * names.  A name's CNAME record is its first one in any zone. */
void zl_cname_chains_init(struct zl_cname_chains *ch, const struct zl_graph *g);
void zl_cname_chains_fini(struct zl_cname_chains *ch);

#endif
