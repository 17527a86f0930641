/* soa-rname: an SOA mailbox written as an e-mail address with '@'. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "name.h"
#include "rule.h"

/* The mailbox as it was written: the presentation form, but with a plain
 * '@' for "\\@", because '@' needs no escape inside a field.  free() it. */
static char *
as_written(const char *rname)
{
	char *text = zl_xstrdup(rname);
	char *out = text;

	for (const char *in = rname; *in != '\0'; in++) {
		if (in[0] == '\\' && in[1] == '@')
			in++;
		else if (in[0] == '\\' && in[1] != '\0')
			*out++ = *in++;
		*out++ = *in;
	}
	*out = '\0';
	return text;
}

/* The mailbox text with its first escaped '@' ("\\@" in text form)
 * turned into the dot that RNAME uses; free() it. */
static char *
with_dot_for_at(const char *rname)
{
	char *fixed = zl_xstrdup(rname);
	char *esc = strstr(fixed, "\\@");

	if (esc != NULL) {
		*esc = '.';
		memmove(esc + 1, esc + 2, strlen(esc + 2) + 1);
	}
	return fixed;
}

/* The e-mail address that the mailbox written with '@' stands for:
 * "hostmaster@example.com" for "hostmaster@example.com.", without the
 * final dot; free() it. */
static char *
address_meant(const char *written)
{
	size_t len = strlen(written);

	if (len > 1 && written[len - 1] == '.' && written[len - 2] != '\\')
		len--;
	return zl_xstrndup(written, len);
}

/* RFC 1035 section 8: the RNAME field writes the mailbox user@host as the
 * domain name user.host, so a literal '@' ends up inside the first label
 * and the address it stands for does not exist. */
static void
check_soa_rname(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nzones; i++) {
		size_t n;
		const uint32_t *ids = zl_graph_type_records(g, ZL_TYPE_SOA, (uint32_t)i, &n);

		for (size_t k = 0; k < n; k++) {
			const struct zl_record *r = &g->records[ids[k]];
			struct zl_soa soa;
			struct zl_diag *d;
			char *rname, *written, *fixed, *address;

			if (!zl_lookup_soa_fields(g, r, &soa) ||
			    memchr(soa.rname + 1, '@', soa.rname[0]) == NULL)
				continue;
			rname = zl_name_text(soa.rname);
			written = as_written(rname);
			fixed = with_dot_for_at(rname);
			address = address_meant(written);
			d = zl_report(c, ZL_WARNING,
			    zl_lookup_field_pos(g, r, ZL_SOA_RNAME), r->owner, r->type,
			    _("SOA mailbox '%s' contains '@': the field is a domain name whose first label is the user, so mail to the zone contact bounces"),
			    written);
			zl_diag_hint(d, _("write the mailbox with a dot for the '@', '%s', which stands for the address %s"),
			    fixed, address);
			free(rname);
			free(written);
			free(fixed);
			free(address);
		}
	}
}

const struct zl_rule zl_rule_soa_rname = {
	.id = "soa-rname",
	.severity = ZL_WARNING,
	.summary = N_("SOA mailbox written with '@' instead of a dot"),
	.check = check_soa_rname,
};
