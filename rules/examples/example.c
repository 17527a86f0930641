/* example-mx-provider: an example plugin rule, built as rules/examples/example.so. */
/* SPDX-License-Identifier: BSD-3-Clause */

/*
 * Load it with
 *
 *	zonelint --plugin rules/examples/example.so ZONE...
 *
 * A plugin includes only <zonelint/plugin.h>, defines the interface
 * version it was built with and registers its rules from
 * zonelint_plugin_init().  doc/plugins.md explains every step.
 *
 * The rule is a site policy that no built-in rule can know: mail for the
 * site's zones goes to hosts inside the zone itself or to the mail
 * providers it has a contract with.  An MX record that points anywhere
 * else, at a provider the site has left or at a misspelt host, hands the
 * zone's mail to a server the site does not control.
 */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <zonelint/plugin.h>

ZL_PLUGIN_DEFINE_VERSION;

/* The domains of the approved mail providers, with a final dot: an
 * exchange is approved when it is one of them or lies below one.  A site
 * puts its own providers here. */
static const char *const approved_providers[] = {
	"mx.example.net.",
	"inbound.example.org.",
};

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}

/* True when name equals domain or lies below it, without regard to ASCII
 * case.  Both are absolute names in presentation form. */
static bool
name_is_under(const char *name, const char *domain)
{
	size_t name_len = strlen(name), domain_len = strlen(domain);
	const char *tail;

	if (name_len < domain_len)
		return false;
	tail = name + name_len - domain_len;
	for (size_t i = 0; i < domain_len; i++) {
		if (lower(tail[i]) != lower(domain[i]))
			return false;
	}
	/* A label boundary, so that "evilmx.example.net." is not below
	 * "mx.example.net.". */
	return tail == name || tail[-1] == '.';
}

static bool
approved(const char *exchange, const char *origin)
{
	if (name_is_under(exchange, origin))
		return true;
	for (size_t i = 0; i < sizeof(approved_providers) / sizeof(approved_providers[0]); i++) {
		if (name_is_under(exchange, approved_providers[i]))
			return true;
	}
	return false;
}

/* Check one MX record of the graph. */
static void
check_mx(struct zl_check *c, const struct zl_record *r)
{
	const struct zl_graph *g = c->graph;
	char *rdata = zl_record_rdata_text(g, r);	/* "10 mx1.example.net." */
	uint32_t zone = zl_record_zone(g, r);
	char *origin = zl_graph_name_text(g, zl_graph_zone_origin(g, zone));
	const char *exchange = rdata != NULL ? strchr(rdata, ' ') : NULL;
	struct zl_diag *d;

	/* A broken record is reported by zone-syntax.  A null MX ("0 .",
	 * RFC 7505) states that the domain accepts no mail, so no provider
	 * is involved. */
	if (exchange == NULL || strcmp(exchange + 1, ".") == 0 || approved(exchange + 1, origin))
		goto done;
	d = zl_report(c, c->rule->severity, zl_record_type_pos(g, r), r->owner, ZL_TYPE_MX,
	    "MX exchange '%s' is outside zone '%s' and at no approved mail provider",
	    exchange + 1, origin);
	zl_diag_hint(d, "point the MX record at a host of an approved provider, or add the "
	    "provider to approved_providers in the plugin");
done:
	free(rdata);
	free(origin);
}

static void
check_mx_provider(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (uint32_t id = 0; id < zl_graph_record_count(g); id++) {
		const struct zl_record *r = zl_graph_record(g, id);

		if (r->type == ZL_TYPE_MX)
			check_mx(c, r);
	}
}

static const struct zl_rule mx_provider = {
	.id = "example-mx-provider",
	.severity = ZL_WARNING,
	.summary = "MX record whose exchange is outside the zone and at no approved "
	    "mail provider (example plugin)",
	.check = check_mx_provider,
};

int
zonelint_plugin_init(struct zl_plugin_registry *registry)
{
	return zl_plugin_register(registry, &mx_provider);
}
