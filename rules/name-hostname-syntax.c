/* name-hostname-syntax: host names with characters other than letters,
 * digits and hyphens. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"
#include "util.h"

/* Letters, digits and hyphen; names in the graph are folded to lower
 * case. */
static const bool host_byte[256] = {
	['a'] = true, ['b'] = true, ['c'] = true, ['d'] = true, ['e'] = true,
	['f'] = true, ['g'] = true, ['h'] = true, ['i'] = true, ['j'] = true,
	['k'] = true, ['l'] = true, ['m'] = true, ['n'] = true, ['o'] = true,
	['p'] = true, ['q'] = true, ['r'] = true, ['s'] = true, ['t'] = true,
	['u'] = true, ['v'] = true, ['w'] = true, ['x'] = true, ['y'] = true,
	['z'] = true, ['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true,
	['4'] = true, ['5'] = true, ['6'] = true, ['7'] = true, ['8'] = true,
	['9'] = true, ['-'] = true,
};

/* Return whether a label keeps to the host name syntax of RFC 952 as
 * relaxed by RFC 1123 section 2.1.  Bytes outside ASCII are left to
 * name-raw-utf8, so a label with one passes. */
static bool
host_label(const uint8_t *label)
{
	if (label[1] == '-' || label[label[0]] == '-')
		return false;
	for (unsigned i = 1; i <= label[0]; i++) {
		uint8_t b = label[i];

		if (b >= 0x80)
			return true;
		if (!host_byte[b])
			return false;
	}
	return true;
}

/* The first label of name that breaks the host name syntax of RFC 952 as
 * relaxed by RFC 1123 section 2.1 (letters, digits and inner hyphens),
 * or NULL.  Only the first stop labels are looked at.  A leading "*"
 * label is a wildcard.  Labels starting with "_" pass when underscore is
 * set, and labels with bytes outside ASCII are left to name-raw-utf8. */
static const uint8_t *
bad_label(const struct zl_graph *g, uint32_t name, unsigned stop, bool underscore)
{
	const uint8_t *label = zl_graph_name_label(g, name);

	if (label[0] == 1 && label[1] == '*') {
		name = g->names[name].parent;
		label = zl_graph_name_label(g, name);
		stop = stop > 0 ? stop - 1 : 0;
	}
	for (unsigned k = 0; label[0] != 0 && k < stop; k++) {
		if (!(underscore && label[1] == '_') && !host_label(label))
			return label;
		name = g->names[name].parent;
		label = zl_graph_name_label(g, name);
	}
	return NULL;
}

/* Per-name state of check_name_hostname_syntax(). */
#define OWNER_DONE	0x01u	/* checked as an owner */
#define TARGET_OK	0x02u	/* a good target; a bad one is reported at each reference */

static void
report(struct zl_check *c, struct zl_pos pos, const struct zl_record *r,
    uint32_t name, const uint8_t *label)
{
	char *text = zl_graph_name_text(c->graph, name);
	struct zl_diag *d;

	d = zl_report(c, ZL_WARNING, pos, r->owner, r->type,
	    _("host name '%s' has the label '%.*s', which is not letters, digits and inner hyphens: mail servers and other software reject such host names"),
	    text, (int)label[0], (const char *)label + 1);
	zl_diag_hint(d, _("rename the host with letters, digits and hyphens only, such as 'mail-1' for 'mail_1'"));
	free(text);
}

/* Check the owners of address and MX records, and the targets of NS, MX
 * and SRV records.  Owners are checked only in the labels left of the
 * origin, so an unusual zone name is not reported on every record. */
static void
check_name_hostname_syntax(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	uint8_t *done = zl_xcalloc(g->nnames ? g->nnames : 1, sizeof(*done));
	const uint8_t *label;

	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];
		uint32_t origin;
		unsigned relative;

		if ((r->type != ZL_TYPE_A && r->type != ZL_TYPE_AAAA && r->type != ZL_TYPE_MX) ||
		    done[r->owner] & OWNER_DONE)
			continue;
		done[r->owner] |= OWNER_DONE;
		origin = g->zones[zl_record_zone(g, r)].origin;
		relative = g->names[r->owner].labels - g->names[origin].labels;
		if (!zl_lookup_is_below(g, r->owner, origin))
			continue;
		label = bad_label(g, r->owner, relative, r->type == ZL_TYPE_MX);
		if (label != NULL)
			report(c, zl_record_pos(g, r), r, r->owner, label);
	}
	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];

		if ((ref->kind != ZL_REF_NS && ref->kind != ZL_REF_MX && ref->kind != ZL_REF_SRV) ||
		    done[ref->target] & TARGET_OK)
			continue;
		label = bad_label(g, ref->target, 128, false);
		if (label != NULL)
			report(c, zl_ref_pos(g, ref), &g->records[ref->record], ref->target, label);
		else
			done[ref->target] |= TARGET_OK;
	}
	free(done);
}

const struct zl_rule zl_rule_name_hostname_syntax = {
	.id = "name-hostname-syntax",
	.severity = ZL_WARNING,
	.summary = N_("host name with characters other than letters, digits and hyphens"),
	.check = check_name_hostname_syntax,
};
