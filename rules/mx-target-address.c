/* mx-target-address: an MX record whose exchange is written as an IP
 * address. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"

/* Parse the address written at pos into addr (4 or 16 octets); return
 * the record type (A or AAAA) of such an address, or 0. */
static uint16_t
read_address(const struct zl_graph *g, struct zl_pos pos, unsigned char addr[16])
{
	const struct zl_file *f = &g->files[pos.file];
	char text[INET6_ADDRSTRLEN + 2];
	size_t len = 0;

	while (pos.off + len < f->size && len < sizeof(text) - 1 &&
	    !strchr(" \t\r\n;()", f->data[pos.off + len]))
		len++;
	memcpy(text, f->data + pos.off, len);
	if (len > 1 && text[len - 1] == '.')
		len--;
	text[len] = '\0';
	if (inet_pton(AF_INET, text, addr) == 1)
		return ZL_TYPE_A;
	if (inet_pton(AF_INET6, text, addr) == 1)
		return ZL_TYPE_AAAA;
	return 0;
}

/* Return the first A or AAAA record of zone that contains the address, or
 * ZL_NONE. */
static uint32_t
find_address_owner(const struct zl_graph *g, uint32_t zone, uint16_t type,
    const unsigned char *addr)
{
	const struct zl_zone *z = &g->zones[zone];
	size_t len = type == ZL_TYPE_A ? 4 : 16;

	for (uint32_t i = z->first_record; i < z->first_record + z->record_count; i++) {
		const struct zl_record *r = &g->records[i];

		if (r->type == type && !(r->flags & ZL_REC_BROKEN) && r->rdata_len == len &&
		    memcmp(zl_graph_rdata(g, r), addr, len) == 0)
			return i;
	}
	return ZL_NONE;
}

/* RFC 1035 section 3.3.9 and RFC 5321 section 5.1: the exchange is a
 * domain name.  An address there is read as a name (with the origin
 * appended when it has no final dot) that owns no address records, so
 * mail to the domain is not delivered to that host.  It stays a warning,
 * as for an MX that names a CNAME: the domain may have other MX records
 * that work. */
static void
check_mx_target_address(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];
		unsigned char addr[16];
		struct zl_diag *d;
		char *target;
		uint16_t type;
		uint32_t holder;

		/* TODO: records made by $GENERATE are skipped, because the
		 * token at their position is the template, not the target. */
		if (ref->kind != ZL_REF_MX || r->flags & ZL_REC_GENERATED ||
		    !zl_lookup_ref_is_address(g, ref))
			continue;
		type = read_address(g, zl_ref_pos(g, ref), addr);
		if (type == 0)
			continue;
		target = zl_graph_name_text(g, ref->target);
		d = zl_report(c, ZL_WARNING, zl_ref_pos(g, ref), r->owner, r->type,
		    _("MX exchange is an IP address, which the record holds as the name '%s': no host has that name, so mail sent to this MX fails"),
		    target);
		holder = find_address_owner(g, zl_record_zone(g, r), type, addr);
		if (holder != ZL_NONE) {
			const struct zl_record *a = &g->records[holder];
			char *host = zl_graph_name_text(g, a->owner);
			char *rdata = zl_record_rdata_text(g, a);

			zl_diag_hint(d, _("'%s' already has the address %s (line %u): write that name as the exchange"),
			    host, rdata, (unsigned)a->line);
			free(host);
			free(rdata);
		} else {
			zl_diag_hint(d, _("name the mail server, such as 'mail.example.com.', and give that name an A or AAAA record with the address"));
		}
		free(target);
	}
}

const struct zl_rule zl_rule_mx_target_address = {
	.id = "mx-target-address",
	.severity = ZL_WARNING,
	.summary = N_("MX record whose exchange is written as an IP address"),
	.check = check_mx_target_address,
};
