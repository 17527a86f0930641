/* example-single-ns: an example plugin rule, built as rules/examples/example.so. */
/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Load it with
 *
 *	zonelint --plugin rules/examples/example.so ZONE...
 *
 * A plugin includes only <zonelint/plugin.h>, defines the interface
 * version it was built with and registers its rules from
 * zonelint_plugin_init().  doc/plugins.md explains every step.
 */

#include <stdlib.h>

#include <zonelint/plugin.h>

ZL_PLUGIN_DEFINE_VERSION;

/* RFC 1034 section 4.1: a zone needs at least two name servers, so that
 * it stays reachable when one of them fails.  One finding per zone whose
 * apex has fewer than two NS records, at the first of them. */
static void
check_single_ns(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (uint32_t zone = 0; zone < zl_graph_zone_count(g); zone++) {
		uint32_t apex = zl_graph_zone_origin(g, zone);
		const uint32_t *ns;
		const struct zl_record *first;
		struct zl_diag *d;
		char *name;
		size_t count;

		ns = zl_graph_rrset(g, apex, zone, ZL_TYPE_NS, &count);
		if (count != 1)
			continue;	/* none is another rule's business */
		first = zl_graph_record(g, ns[0]);
		name = zl_graph_name_text(g, apex);
		d = zl_report(c, c->rule->severity, zl_record_type_pos(g, first), apex, ZL_TYPE_NS,
		    "zone '%s' has a single NS record, so it is unreachable whenever that server is",
		    name);
		zl_diag_hint(d, "add an NS record for a second server on another network");
		free(name);
	}
}

static const struct zl_rule single_ns = {
	.id = "example-single-ns",
	.severity = ZL_WARNING,
	.summary = "zone with a single name server (example plugin)",
	.check = check_single_ns,
};

int
zonelint_plugin_init(struct zl_plugin_registry *registry)
{
	return zl_plugin_register(registry, &single_ns);
}
