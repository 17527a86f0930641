/* dkim-syntax: DKIM key records that verifiers cannot use. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdlib.h>
#include <string.h>

#include "dkim.h"
#include "i18n.h"
#include "mailtag.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "rule.h"
#include "txtpos.h"
#include "util.h"

/* Maximum number of base64 records at one selector name that are tried as
 * the rest of one key. */
#define MAX_KEY_RECORDS 8

/* A key whose base64 text goes on in other TXT records at its name. */
struct split_key {
	uint32_t head;                       /* the record with the tags */
	size_t nrest;
	uint32_t rest[MAX_KEY_RECORDS];      /* base64 only, in file order */
};

/* Return whether text contains only base64 characters and blanks, with
 * '=' only as padding at the end, as the rest of a key does when it was
 * put in a TXT record of its own.  A tag such as "p=MIIB..." is not. */
static bool
is_base64_text(const char *text, size_t len)
{
	size_t chars = 0;
	bool padding = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (zl_is_wsp(ch))
			continue;
		if (ch == '=') {
			padding = true;
		} else if (padding || !((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		    (ch >= '0' && ch <= '9') || ch == '+' || ch == '/')) {
			return false;
		}
		chars++;
	}
	return chars > 0;
}

/*
 * Return whether record is part of one key written as several TXT records
 * at its name, and fill *out when it is.  One record has the tags and a
 * key that does not decode.  The others contain only base64, and their
 * text, appended to the first record's in the order of the file,
 * completes the key.  RFC 6376 section 3.6.2.2 joins the strings of one
 * record only and leaves several records at a selector undefined, so
 * verifiers read one record and the key is cut.
 */
static bool
find_split_key(const struct zl_graph *g, uint32_t record, struct split_key *out)
{
	size_t ntxt;
	const struct zl_record *r = &g->records[record];
	const uint32_t *txt = zl_graph_rrset(g, r->owner, zl_record_zone(g, r), ZL_TYPE_TXT,
	    &ntxt);
	struct zl_strbuf all, piece;
	struct zl_dkim_record *joined;
	bool found = false;

	if (ntxt < 2 || ntxt > MAX_KEY_RECORDS + 1)
		return false;
	zl_strbuf_init(&all);
	zl_strbuf_init(&piece);
	out->head = ZL_NONE;
	out->nrest = 0;
	for (size_t i = 0; i < ntxt; i++) {
		if (!zl_mail_txt(g, txt[i], &piece))
			goto done;
		if (is_base64_text(piece.data, piece.len)) {
			/* zl_graph_rrset() gives the records in file order. */
			if (out->nrest == MAX_KEY_RECORDS)
				goto done;
			out->rest[out->nrest++] = txt[i];
		} else if (out->head == ZL_NONE) {
			out->head = txt[i];
		} else {
			goto done;
		}
	}
	if (out->head == ZL_NONE || out->nrest == 0)
		goto done;

	/* A head that ends its key with ';' or blanks is joined without them,
	 * as the key's text goes on in the next record. */
	zl_mail_txt(g, out->head, &all);
	while (all.len > 0 && (all.data[all.len - 1] == ';' ||
	    zl_is_wsp((unsigned char)all.data[all.len - 1])))
		all.data[--all.len] = '\0';
	for (size_t i = 0; i < out->nrest; i++) {
		zl_mail_txt(g, out->rest[i], &piece);
		zl_strbuf_add(&all, piece.data, piece.len);
	}
	joined = zl_xmalloc(sizeof(*joined));
	zl_dkim_parse(joined, all.data, all.len);
	found = zl_tagval_find(&joined->tags, "p") != NULL && joined->key_len > 0 &&
	    joined->key.format != ZL_DKIM_KEY_NONE && joined->key.error == ZL_DER_OK;
	for (size_t k = 0; found && k < joined->findings.count; k++) {
		int code = joined->findings.items[k].code;

		found = code < ZL_DKIM_BASE64_BAD_CHAR || code > ZL_DKIM_KEY_DER_INVALID;
	}
	free(joined);
done:
	zl_strbuf_fini(&all);
	zl_strbuf_fini(&piece);
	return found;
}

/* Report each record that contains the rest of a split key.  This finding
 * replaces those of the cut key and of the text without tags. */
static void
report_split_key(struct zl_check *c, const struct split_key *split)
{
	const struct zl_graph *g = c->graph;
	uint32_t owner = g->records[split->head].owner;
	unsigned head_line = g->records[split->head].line;
	char *name = zl_graph_name_text(g, owner);

	for (size_t i = 0; i < split->nrest; i++) {
		struct zl_diag *d = zl_report(c, ZL_ERROR, zl_txt_position(g, split->rest[i], 0),
		    owner, ZL_TYPE_TXT,
		    _("this TXT record contains the rest of the DKIM key of line %u, but verifiers read each record at '%s' on its own, so the key is cut and every signature with this selector fails"),
		    head_line, name);

		zl_diag_hint(d, _("move its strings into the record of line %u, after the last string of the key, and delete this record: the strings of one record are joined with nothing between them"),
		    head_line);
	}
	free(name);
}

/* Return whether one character-string of the TXT RDATA is exactly 255
 * bytes, the maximum: editors that cut long text leave such a string. */
static bool
has_full_string(const struct zl_graph *g, uint32_t record)
{
	const struct zl_record *r = &g->records[record];
	const uint8_t *rd = zl_graph_rdata(g, r);

	for (size_t off = 0; off < r->rdata_len; off += 1 + rd[off]) {
		if (rd[off] == 255)
			return true;
	}
	return false;
}

/* Return, in words, why the DER reader rejected the key. */
static const char *
der_reason(enum zl_der_error error)
{
	switch (error) {
	case ZL_DER_TRUNCATED:
		return _("the data ends inside an element");
	case ZL_DER_WRONG_TAG:
		return _("an ASN.1 element has the wrong type");
	case ZL_DER_WRONG_OID:
		return _("the algorithm is neither RSA nor Ed25519");
	case ZL_DER_TRAILING_DATA:
		return _("extra bytes follow the key");
	case ZL_DER_INDEFINITE_LENGTH:
		return _("an element has an indefinite length, which DER forbids");
	case ZL_DER_BAD_LENGTH:
		return _("a length field is encoded wrongly");
	case ZL_DER_BAD_INTEGER:
		return _("the RSA modulus or exponent is not a valid integer");
	case ZL_DER_BAD_BIT_STRING:
		return _("the key's BIT STRING is empty or has unused bits");
	case ZL_DER_BAD_PARAMETERS:
		return _("the algorithm parameters do not fit the algorithm");
	case ZL_DER_BAD_KEY_SIZE:
		return _("the Ed25519 key inside is not 32 bytes long");
	default:
		return _("the DER encoding is invalid");
	}
}

static void
report_key(struct zl_check *c, uint32_t record, const struct zl_dkim_record *rec,
    const struct zl_finding *f, struct zl_pos pos)
{
	uint32_t owner = c->graph->records[record].owner;
	struct zl_diag *d = NULL;

	switch (f->code) {
	case ZL_DKIM_BASE64_BAD_CHAR:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("character outside base64 in 'p=': verifiers cannot decode the key, so every signature with this selector fails"));
		break;
	case ZL_DKIM_BASE64_TRUNCATED:
	case ZL_DKIM_BASE64_BAD_PADDING:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("the base64 key in 'p=' is incomplete or padded wrongly: verifiers cannot decode it, so every signature with this selector fails"));
		break;
	case ZL_DKIM_KEY_TOO_LARGE:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("the key in 'p=' is larger than any usable public key"));
		break;
	case ZL_DKIM_KEY_DER_INVALID:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("the key in 'p=' is not a valid public key (%s): verifiers cannot use it, so every signature with this selector fails"),
		    der_reason(rec->key.error));
		break;
	case ZL_DKIM_KEY_BARE_RSA:
		d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("the key in 'p=' is a bare RSAPublicKey, not the SubjectPublicKeyInfo that RFC 6376 requires: some verifiers cannot read it"));
		zl_diag_hint(d, _("publish the key as 'openssl rsa -pubout' prints it"));
		return;
	case ZL_DKIM_KEY_TYPE_MISMATCH:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("the key in 'p=' does not match the key type in 'k=': verifiers fail every signature with this selector"));
		if (f->hint != NULL)
			zl_diag_hint(d, _("write 'k=%s'"), f->hint);
		return;
	case ZL_DKIM_ED25519_SPKI:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("the Ed25519 key is wrapped in a SubjectPublicKeyInfo: RFC 8463 requires the bare 32-byte key, so verifiers fail the signatures"));
		zl_diag_hint(d, _("publish only the last 32 bytes of the key, in base64"));
		return;
	case ZL_DKIM_ED25519_BAD_LENGTH:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("the Ed25519 key is not 32 bytes long: verifiers cannot use it"));
		break;
	default:
		return;
	}
	if (has_full_string(c->graph, record))
		zl_diag_hint(d, _("one string of this record is exactly 255 bytes, the limit of a string: the key was most likely cut there; split it into several quoted strings"));
	else if (rec->key_len < 32)
		zl_diag_hint(d, _("the value looks like a placeholder; publish the public key that the signer uses"));
	else
		zl_diag_hint(d, _("publish the public key again, exactly as the key generator printed it"));
}

static void
report_finding(struct zl_check *c, uint32_t record, const struct zl_dkim_record *rec,
    const struct zl_finding *f, bool *key_reported)
{
	struct zl_pos pos = zl_txt_position(c->graph, record, f->off);
	uint32_t owner = c->graph->records[record].owner;
	char q[ZL_MAIL_QUOTE_MAX + 8];
	struct zl_diag *d;

	zl_mail_quote(rec->tags.text, f->off, f->len, q, sizeof(q));
	switch (f->code) {
	case ZL_DKIM_V_NOT_FIRST:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("'v=DKIM1' is not the first tag: verifiers discard the key record"));
		zl_diag_hint(d, _("move 'v=DKIM1' to the start of the record, or remove it"));
		break;
	case ZL_DKIM_V_INVALID:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("version '%s' is not 'DKIM1': verifiers discard the key record"), q);
		zl_diag_hint(d, _("write 'v=DKIM1'"));
		break;
	case ZL_DKIM_UNKNOWN_TAG:
		d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
		    _("unknown tag '%s': verifiers ignore it"), q);
		if (f->hint != NULL)
			zl_diag_hint(d, _("write '%s' if that tag is meant"), f->hint);
		break;
	case ZL_DKIM_S_UNKNOWN_SERVICE:
	case ZL_DKIM_T_UNKNOWN_FLAG:
		/* RFC 6376 section 3.6.1: verifiers ignore unknown services
		 * and flags, so they change nothing. */
		break;
	case ZL_DKIM_INVALID_VALUE:
	case ZL_DKIM_H_UNKNOWN_ALG:
		zl_report(c, f->code == ZL_DKIM_INVALID_VALUE ? ZL_ERROR : ZL_WARNING, pos, owner,
		    ZL_TYPE_TXT, _("invalid value '%s' in tag '%s'"), q,
		    f->subject != NULL ? f->subject : "?");
		break;
	case ZL_DKIM_K_UNKNOWN:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("unknown key type 'k=%s': verifiers ignore the key, so every signature with this selector fails"), q);
		zl_diag_hint(d, _("write 'k=rsa' or 'k=ed25519'"));
		break;
	case ZL_DKIM_S_NO_EMAIL:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("'s=' lists neither 'email' nor '*': the key may not be used for mail"));
		zl_diag_hint(d, _("remove 's=' or write 's=email'"));
		break;
	case ZL_DKIM_P_MISSING:
		d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
		    _("DKIM key record without the required 'p=' tag: verifiers fail every signature with this selector"));
		zl_diag_hint(d, _("add 'p=' with the base64 public key"));
		break;
	default:
		/* The first problem of the key data explains the rest: a cut
		 * base64 text also fails as DER. */
		if (!*key_reported)
			report_key(c, record, rec, f, pos);
		*key_reported = *key_reported || (f->code >= ZL_DKIM_BASE64_BAD_CHAR &&
		    f->code <= ZL_DKIM_ED25519_BAD_LENGTH && f->code != ZL_DKIM_RSA_KEY_TOO_SHORT &&
		    f->code != ZL_DKIM_RSA_KEY_OVER_4096);
		break;
	}
}

/* Blanks inside the key are valid folding whitespace (RFC 6376 section
 * 3.6.1), but some verifiers fail to decode such keys. */
static void
report_key_space(struct zl_check *c, uint32_t record, const struct zl_dkim_record *rec)
{
	const struct zl_tag *p = zl_tagval_find(&rec->tags, "p");
	size_t off = p != NULL ? p->value_off : 0;
	struct zl_diag *d;

	for (size_t i = off; p != NULL && i < p->value_off + p->value_len; i++) {
		if (zl_is_wsp((unsigned char)rec->tags.text[i])) {
			off = i;
			break;
		}
	}
	d = zl_report(c, ZL_WARNING, zl_txt_position(c->graph, record, off),
	    c->graph->records[record].owner, ZL_TYPE_TXT,
	    _("blank inside the key in 'p=': RFC 6376 allows it, but some verifiers fail to decode such keys"));
	zl_diag_hint(d, _("remove the blanks from the key: where the key is split into several strings, no blank is needed, because the strings are joined with nothing between them"));
}

static void
check_dkim_syntax(struct zl_check *c)
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
		struct split_key split;
		bool key_reported;

		zl_mail_prefetch_ahead(g, ids, nids, at);
		/* Most keys have nothing to report, which the facts show. */
		if (!zl_mail_dkim_facts(g, i, &text, rec) ||
		    (rec->tags.findings.count == 0 && rec->findings.count == 0 &&
		    !(rec->key_has_space && rec->key.format != ZL_DKIM_KEY_NONE)) ||
		    !zl_mail_dkim_get(g, i, &text, rec))
			continue;
		key_reported = false;
		if (rec->findings.count > 0 && find_split_key(g, i, &split)) {
			if (i != split.head)
				continue;
			report_split_key(c, &split);
			key_reported = true;
		}
		zl_mail_report_tagval(c, i, &rec->tags);
		for (size_t k = 0; k < rec->findings.count; k++)
			report_finding(c, i, rec, &rec->findings.items[k], &key_reported);
		if (rec->key_has_space && rec->key.format != ZL_DKIM_KEY_NONE)
			report_key_space(c, i, rec);
	}
	zl_strbuf_fini(&text);
	free(rec);
}

const struct zl_rule zl_rule_dkim_syntax = {
	.id = "dkim-syntax",
	.severity = ZL_ERROR,
	.summary = N_("DKIM key record that verifiers cannot use"),
	.check = check_dkim_syntax,
};
