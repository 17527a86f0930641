/* dnssec-ds-digest: DS and CDS records with the deprecated digest types
 * SHA-1 and GOST R 34.11-94. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dnssec.h"
#include "i18n.h"
#include "lookup.h"
#include "rrtype.h"
#include "rule.h"

enum { TYPE_CDS = 59, FIELD_DIGEST_TYPE = 2 };

/* The name of a deprecated digest type, or NULL (RFC 8624 section 3.3:
 * SHA-1 MUST NOT be used to make DS records, GOST MUST NOT either). */
static const char *
deprecated_digest(uint8_t digest_type)
{
	switch (digest_type) {
	case 1: return "SHA-1";
	case 3: return "GOST R 34.11-94";
	default: return NULL;
	}
}

static struct zl_diag *
report_digest(struct zl_check *c, uint32_t item, void *arg)
{
	const struct zl_graph *g = c->graph;
	const struct zl_record *r = &g->records[item];
	uint8_t digest_type = zl_graph_rdata(g, r)[3];
	struct zl_diag *d;
	char tname[16], *owner = zl_graph_name_text(g, r->owner);

	(void)arg;
	d = zl_report(c, c->rule->severity, zl_lookup_field_pos(g, r, FIELD_DIGEST_TYPE),
	    r->owner, r->type,
	    _("%s record of '%s' uses digest type %u (%s), which RFC 8624 deprecates: resolvers that no longer support it treat the delegation as unsigned"),
	    zl_rrtype_name(r->type, tname), owner, digest_type,
	    deprecated_digest(digest_type));
	zl_diag_hint(d, _("publish a DS record with digest type 2 (SHA-256) and remove this one once it has reached the parent"));
	free(owner);
	return d;
}

/* One finding per DS RRset, at its first record with a deprecated digest. */
static void
check_dnssec_ds_digest(struct zl_check *c)
{
	static const uint16_t types[] = { ZL_TYPE_DS, TYPE_CDS };
	const struct zl_graph *g = c->graph;
	struct zl_dnssec_group grp;

	zl_dnssec_group_init(&grp, ZL_DNSSEC_GROUP_LIMIT);
	for (size_t z = 0; z < g->nzones; z++) {
		size_t n;
		uint32_t *found = zl_graph_types_records(g, types, sizeof(types) / sizeof(types[0]),
		    (uint32_t)z, &n);

		for (size_t i = 0; i < n; i++) {
			uint32_t id = found[i];
			const struct zl_record *r = &g->records[id];
			size_t count;
			const uint32_t *ids;

			if (!zl_dnssec_rrset_first(g, id))
				continue;
			ids = zl_graph_rrset(g, r->owner, zl_record_zone(g, r), r->type,
			    &count);
			for (size_t k = 0; k < count; k++) {
				const struct zl_record *ds = &g->records[ids[k]];

				if (!(ds->flags & ZL_REC_BROKEN) && ds->rdata_len >= 4 &&
				    deprecated_digest(zl_graph_rdata(g, ds)[3]) != NULL) {
					zl_dnssec_group_add(&grp, ids[k]);
					break;
				}
			}
		}
		free(found);
		zl_dnssec_group_flush(&grp, c, report_digest, NULL);
	}
	zl_dnssec_group_fini(&grp);
}

const struct zl_rule zl_rule_dnssec_ds_digest = {
	.id = "dnssec-ds-digest",
	.severity = ZL_WARNING,
	.summary = N_("DS record with the deprecated digest type SHA-1 or GOST"),
	.check = check_dnssec_ds_digest,
};
