/* name-raw-utf8: a domain name with raw UTF-8 bytes instead of A-labels. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <idn2.h>

#include "i18n.h"
#include "lookup.h"
#include "rule.h"
#include "util.h"

static bool
label_has_high_byte(const uint8_t *label)
{
	for (unsigned i = 1; i <= label[0]; i++) {
		if (label[i] >= 0x80)
			return true;
	}
	return false;
}

/* Write the name as UTF-8 text to shown and with A-labels to alabels.
 * Returns false when a label is not a valid internationalized label;
 * alabels is then incomplete. */
static bool
convert(const uint8_t *wire, struct zl_strbuf *shown, struct zl_strbuf *alabels)
{
	bool ok = true;

	for (; wire[0] != 0; wire += wire[0] + 1) {
		char label[64], *ace = NULL;

		memcpy(label, wire + 1, wire[0]);
		label[wire[0]] = '\0';
		zl_strbuf_add(shown, label, wire[0]);
		zl_strbuf_addc(shown, '.');
		/* ASCII labels stay as written, underscores included. */
		if (!label_has_high_byte(wire)) {
			zl_strbuf_add(alabels, label, wire[0]);
			zl_strbuf_addc(alabels, '.');
		} else if (ok && idn2_to_ascii_8z(label, &ace,
		    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) == IDN2_OK) {
			zl_strbuf_adds(alabels, ace);
			zl_strbuf_addc(alabels, '.');
		} else {
			ok = false;
		}
		idn2_free(ace);
	}
	return ok;
}

static void
report(struct zl_check *c, struct zl_pos pos, const struct zl_record *r, uint32_t name)
{
	struct zl_strbuf shown, alabels;
	uint8_t wire[ZL_NAME_WIRE_MAX];
	struct zl_diag *d;
	char *text;

	/* Messages print names in presentation form, with \DDD for bytes
	 * outside ASCII, as every other rule does.  This rule adds the
	 * UTF-8 reading, so that the operator recognizes the name. */
	text = zl_graph_name_text(c->graph, name);
	zl_graph_name_wire(c->graph, name, wire);
	zl_strbuf_init(&shown);
	zl_strbuf_init(&alabels);
	if (convert(wire, &shown, &alabels)) {
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("'%s' is written in raw UTF-8 ('%s'): resolvers and mail software look up the A-label form '%s', never this name"),
		    text, shown.data, alabels.data);
		zl_diag_hint(d, _("write the name as '%s'"), alabels.data);
	} else {
		d = zl_report(c, ZL_ERROR, pos, r->owner, r->type,
		    _("'%s' contains bytes outside ASCII that form no valid internationalized name: software that looks the name up never asks for these bytes"),
		    text);
		zl_diag_hint(d, _("write internationalized labels in their A-label form ('xn--...'), made by an IDNA2008 converter"));
	}
	free(text);
	zl_strbuf_fini(&shown);
	zl_strbuf_fini(&alabels);
}

/* RFC 5890 section 2.3.2.1 and RFC 5891 section 5: applications put
 * internationalized labels into the DNS as A-labels ("xn--..."), so a
 * name stored as raw UTF-8 is never queried. */
static void
check_name_raw_utf8(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;

	for (size_t i = 0; i < g->nrecords; i++) {
		const struct zl_record *r = &g->records[i];

		if (g->names[r->owner].flags & ZL_NAME_HIGH_BYTE &&
		    zl_lookup_owner_written(g, r))
			report(c, zl_record_pos(g, r), r, r->owner);
	}
	for (size_t i = 0; i < g->nrefs; i++) {
		const struct zl_ref *ref = &g->refs[i];
		const struct zl_record *r = &g->records[ref->record];

		if (g->names[ref->target].flags & ZL_NAME_HIGH_BYTE &&
		    !(r->flags & ZL_REC_GENERATED))
			report(c, zl_ref_pos(g, ref), r, ref->target);
	}
}

const struct zl_rule zl_rule_name_raw_utf8 = {
	.id = "name-raw-utf8",
	.severity = ZL_ERROR,
	.summary = N_("domain name written in raw UTF-8 instead of its A-label (xn--) form"),
	.check = check_name_raw_utf8,
};
