/* dkim-weak-key: DKIM keys and hashes below what RFC 8301 allows. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>

#include "dkim.h"
#include "i18n.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* Return whether the key is an RSA key of a size outside 2048 to 4096
 * bits. */
static bool
size_is_weak(const struct zl_dkim_record *rec)
{
	return rec->key.error == ZL_DER_OK &&
	    (rec->key.format == ZL_DKIM_KEY_RSA_SPKI || rec->key.format == ZL_DKIM_KEY_RSA_BARE) &&
	    (rec->key.bits < 2048 || rec->key.bits > 4096);
}

/* RFC 8301 section 3.2: verifiers must not accept RSA keys under 1024
 * bits, signers should use 2048 bits or more, and verifiers need to
 * handle keys only up to 4096 bits.  Section 3.1: rsa-sha1 must not be
 * used, so a key whose h= allows only sha1 verifies nothing. */
static void
check_key(struct zl_check *c, uint32_t record, const struct zl_dkim_record *rec)
{
	const struct zl_tag *p = zl_tagval_find(&rec->tags, "p");
	const struct zl_tag *h = zl_tagval_find(&rec->tags, "h");
	uint32_t owner = c->graph->records[record].owner;
	unsigned bits = rec->key.bits;
	struct zl_diag *d;

	if (size_is_weak(rec)) {
		struct zl_pos ppos = zl_txt_position(c->graph, record, p != NULL ? p->value_off : 0);

		if (bits < 1024) {
			d = zl_report(c, ZL_ERROR, ppos, owner, ZL_TYPE_TXT,
			    _("RSA key of %u bits: verifiers reject keys under 1024 bits, so every signature with this selector fails"), bits);
			zl_diag_hint(d, _("generate a 2048-bit key and publish it under a new selector"));
		} else if (bits < 2048) {
			d = zl_report(c, ZL_WARNING, ppos, owner, ZL_TYPE_TXT,
			    _("RSA key of %u bits: RFC 8301 asks for at least 2048 bits, and some receivers already treat shorter keys as weak"), bits);
			zl_diag_hint(d, _("generate a 2048-bit key and publish it under a new selector"));
		} else if (bits > 4096) {
			d = zl_report(c, ZL_WARNING, ppos, owner, ZL_TYPE_TXT,
			    _("RSA key of %u bits: verifiers have to handle keys only up to 4096 bits, so some fail these signatures"), bits);
			zl_diag_hint(d, _("use a key of 2048 to 4096 bits"));
		}
	}
	if (h == NULL)
		return;
	if (rec->hash_algs == ZL_DKIM_HASH_SHA1 || rec->hash_algs == (ZL_DKIM_HASH_SHA1 | ZL_DKIM_HASH_OTHER)) {
		d = zl_report(c, ZL_ERROR, zl_txt_position(c->graph, record, h->value_off), owner,
		    ZL_TYPE_TXT, _("'h=' allows only sha1, which RFC 8301 forbids: verifiers fail every signature with this key"));
		zl_diag_hint(d, _("write 'h=sha256' or remove 'h='"));
	} else if ((rec->hash_algs & ZL_DKIM_HASH_SHA1) && (rec->hash_algs & ZL_DKIM_HASH_SHA256)) {
		d = zl_report(c, ZL_WARNING, zl_txt_position(c->graph, record, h->value_off), owner,
		    ZL_TYPE_TXT, _("'h=' still allows sha1, which RFC 8301 forbids for signing and verifying"));
		zl_diag_hint(d, _("write 'h=sha256'"));
	}
}

static void
check_dkim_weak_key(struct zl_check *c)
{
	const struct zl_graph *g = c->graph;
	const uint32_t *ids;
	size_t nids;
	struct zl_dkim_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_strbuf text;

	zl_strbuf_init(&text);
	ids = zl_mail_key_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];

		zl_mail_prefetch_ahead(g, ids, nids, at);
		/* A repaired record (see txt-misencoded) is not published as
		 * read, so its key strength is not the problem yet. */
		if ((g->records[i].flags & ZL_REC_REPAIRED) ||
		    !zl_mail_dkim_facts(g, i, &text, rec) ||
		    (!size_is_weak(rec) && !(rec->hash_algs & ZL_DKIM_HASH_SHA1)) ||
		    !zl_mail_dkim_get(g, i, &text, rec))
			continue;
		check_key(c, i, rec);
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dkim_weak_key = {
	.id = "dkim-weak-key",
	.severity = ZL_ERROR,
	.summary = N_("DKIM key shorter than RFC 8301 allows, or a key limited to sha1"),
	.check = check_dkim_weak_key,
};
