/* Diagnostics for the tag-list findings that every mail record shares. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "mailtag.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "lookup.h"
#include "mailrec.h"
#include "mailcache.h"
#include "mailtxt.h"
#include "util.h"
#include "txtpos.h"

void
zl_mail_add_quoted(struct zl_strbuf *sb, const char *text, size_t len)
{
	size_t off = 0;

	/* An empty text still makes one string, "". */
	do {
		size_t n = len - off < 255 ? len - off : 255;

		if (off > 0)
			zl_strbuf_addc(sb, ' ');
		zl_strbuf_addc(sb, '"');
		for (size_t i = off; i < off + n; i++) {
			if (text[i] == '"' || text[i] == '\\')
				zl_strbuf_addc(sb, '\\');
			zl_strbuf_addc(sb, text[i]);
		}
		zl_strbuf_addc(sb, '"');
		off += n;
	} while (off < len);
}

const char *
zl_mail_quote(const char *text, size_t off, size_t len, char *buf, size_t cap)
{
	bool cut = len > ZL_MAIL_QUOTE_MAX;
	/* A NUL byte ends the quote, as it would end a "%.*s" conversion. */
	size_t n = strnlen(text + off, cut ? ZL_MAIL_QUOTE_MAX : len);
	size_t used, more;

	/* Copy by hand: the report-address rules quote every address they
	 * visit, and snprintf() costs several times more. */
	if (cap == 0)
		return buf;
	used = n < cap - 1 ? n : cap - 1;
	memcpy(buf, text + off, used);
	if (cut) {
		more = cap - 1 - used < 3 ? cap - 1 - used : 3;
		memcpy(buf + used, "...", more);
		used += more;
	}
	buf[used] = '\0';
	return buf;
}

/* The tag name just before the ':' at off, for "rua:mailto:...". */
static size_t
name_before(const char *text, size_t off)
{
	size_t start = off;

	while (start > 0 && (text[start - 1] >= 'a' && text[start - 1] <= 'z'))
		start--;
	while (start > 0 && (text[start - 1] >= 'A' && text[start - 1] <= 'Z'))
		start--;
	return start;
}

void
zl_mail_report_tagval(struct zl_check *c, uint32_t record,
    const struct zl_tagval_list *list)
{
	const struct zl_graph *g = c->graph;
	uint32_t owner = g->records[record].owner;
	const char *text = list->text;

	for (size_t i = 0; i < list->findings.count; i++) {
		const struct zl_finding *f = &list->findings.items[i];
		struct zl_pos pos = zl_txt_position(g, record, f->off);
		char q[ZL_MAIL_QUOTE_MAX + 8];
		struct zl_diag *d;
		size_t start;

		switch (f->code) {
		case ZL_TAGVAL_EMPTY_TAG:
			d = zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
			    _("empty tag between two ';': the record does not follow the tag-list syntax, which strict receivers reject"));
			zl_diag_hint(d, _("remove the extra ';'"));
			break;
		case ZL_TAGVAL_DUPLICATE_TAG:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("tag '%s' appears twice: receivers may discard the whole record"),
			    zl_mail_quote(text, f->off, f->len, q, sizeof(q)));
			zl_diag_hint(d, _("keep one '%s=' tag"), q);
			break;
		case ZL_TAGVAL_MISSING_SEMICOLON:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("missing ';' between two tags: the next tag is read as part of the value before it"));
			zl_diag_hint(d, _("separate the tags with ';'"));
			break;
		case ZL_TAGVAL_COLON_FOR_EQUALS:
			start = name_before(text, f->off);
			zl_mail_quote(text, start, f->off - start, q, sizeof(q));
			d = zl_report(c, ZL_WARNING, zl_txt_position(g, record, start), owner,
			    ZL_TYPE_TXT, _("'%s:' is written for '%s=': receivers do not see the tag"),
			    q, q);
			zl_diag_hint(d, _("write '%s='"), q);
			break;
		case ZL_TAGVAL_MISSING_EQUALS:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("'%s' is not a tag: a tag is written 'name=value'"),
			    zl_mail_quote(text, f->off, f->len, q, sizeof(q)));
			break;
		case ZL_TAGVAL_BAD_NAME_CHAR:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("invalid character '%s' in a tag name: receivers cannot read the tag"),
			    zl_mail_quote(text, f->off, f->len, q, sizeof(q)));
			break;
		case ZL_TAGVAL_CONTROL_CHAR:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("control character in the record: receivers cannot read the tag that contains it"));
			break;
		case ZL_TAGVAL_NON_ASCII:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("non-ASCII text '%s' in the record: receivers cannot read the tag that contains it"),
			    zl_mail_quote(text, f->off, f->len, q, sizeof(q)));
			zl_diag_hint(d, _("retype the text in ASCII; look for typographic quotes, dashes and invisible spaces"));
			break;
		case ZL_TAGVAL_TOO_MANY_TAGS:
			zl_report(c, ZL_WARNING, pos, owner, ZL_TYPE_TXT,
			    _("more than %d tags: the tags from here on are not checked"),
			    ZL_TAGVAL_MAX_TAGS);
			break;
		default:
			break;
		}
	}
}

/* The list of report URIs while it is made.  The strings of all entries
 * go to one buffer, and each entry records where its strings start. */
struct strings_at {
	size_t host, address;		/* offsets in uri_list.strings */
};

struct uri_list {
	struct zl_mail_report_uri *items;
	size_t count, cap;
	struct strings_at *at;		/* per entry */
	size_t nat, at_cap;
	struct zl_strbuf strings;
};

/* Append an entry to list for each valid mailto: URI of uris. */
static void
add_report_uris(const struct zl_graph *g, struct uri_list *list,
    const struct zl_mail_report_uri *base, const char *text,
    const struct zl_dmarc_uri *uris, size_t nuris)
{
	for (size_t k = 0; k < nuris; k++) {
		const struct zl_uri *uri = &uris[k].uri;
		size_t n = uri->host_len;
		char address[ZL_MAIL_QUOTE_MAX + 8];
		struct strings_at at;
		struct zl_mail_report_uri *u;
		const char *host;

		if (!uris[k].valid || uri->scheme != ZL_URI_SCHEME_MAILTO || n == 0 || n >= 256)
			continue;
		ZL_PUSH(list->items, list->count, list->cap, *base);
		u = &list->items[list->count - 1];
		u->uri_off = (uint32_t)uri->off;
		if (n > 0 && text[uri->host_off + n - 1] == '.')
			n--;
		at.host = list->strings.len;
		for (size_t i = 0; i < n; i++) {
			char ch = text[uri->host_off + i];

			ch = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
			zl_strbuf_add(&list->strings, &ch, 1);
		}
		zl_strbuf_add(&list->strings, "", 1);
		/* Look the host up once for the three dmarc-rua-* rules.  It
		 * ends at any NUL byte, as it does in their messages. */
		host = list->strings.data + at.host;
		u->host_closest = zl_mail_closest_and_name(g, host, strlen(host), &u->host_name);
		u->host_zone = zl_graph_zone_of(g, u->host_closest);
		at.address = list->strings.len;
		zl_mail_quote(text, uri->addr_off, uri->addr_len, address, sizeof(address));
		zl_strbuf_add(&list->strings, address, strlen(address) + 1);
		ZL_PUSH(list->at, list->nat, list->at_cap, at);
	}
}

/* Make the list of report URIs of the DMARC policy records of g, in the
 * order of the records, rua= before ruf=.  The entries and their strings
 * take one block from malloc(). */
static void
make_report_uris(const struct zl_graph *g, struct zl_mail_report_uri **made, size_t *count)
{
	const uint32_t *ids;
	size_t nids, size;
	struct zl_dmarc_record *rec = zl_xmalloc(sizeof(*rec));
	struct zl_mail_report_uri base;
	struct uri_list list;
	struct zl_strbuf text;
	char *strings;

	memset(&list, 0, sizeof(list));
	zl_strbuf_init(&list.strings);
	memset(&base, 0, sizeof(base));
	zl_strbuf_init(&text);
	ids = zl_mail_dmarc_records(g, &nids);
	for (size_t at = 0; at < nids; at++) {
		uint32_t i = ids[at];

		if (zl_mail_dmarc_listed_place(g, at, &base.domain) != ZL_DMARC_AT_POLICY)
			continue;
		zl_mail_dmarc_get(g, i, &text, rec);
		base.record = i;
		base.tag = "rua";
		add_report_uris(g, &list, &base, text.data, rec->rua, rec->rua_count);
		base.tag = "ruf";
		add_report_uris(g, &list, &base, text.data, rec->ruf, rec->ruf_count);
	}

	size = list.count * sizeof(*list.items);
	*made = NULL;
	*count = list.count;
	if (list.count > 0) {
		*made = zl_xmalloc(size + list.strings.len);
		strings = (char *)*made + size;
		memcpy(strings, list.strings.data, list.strings.len);
		memcpy(*made, list.items, size);
		for (size_t k = 0; k < list.count; k++) {
			(*made)[k].host = strings + list.at[k].host;
			(*made)[k].address = strings + list.at[k].address;
		}
	}
	free(list.items);
	free(list.at);
	zl_strbuf_fini(&list.strings);
	zl_strbuf_fini(&text);
	free(rec);
}

void
zl_mail_prepare_report_uris(const struct zl_graph *g)
{
	const struct zl_mail_report_uri *list;
	size_t count;

	/* Two threads may both make the list, and then only one is kept. */
	if (!zl_mail_report_uris(g, &list, &count)) {
		struct zl_mail_report_uri *made;
		size_t made_count;

		make_report_uris(g, &made, &made_count);
		zl_mail_keep_report_uris(g, made, made_count);
	}
}

void
zl_mail_each_report_uri(struct zl_check *c,
    void (*fn)(struct zl_check *c, const struct zl_mail_report_uri *u))
{
	const struct zl_mail_report_uri *list;
	size_t count;

	/* Three rules visit the same URIs, so the first one makes the list
	 * for the others. */
	zl_mail_prepare_report_uris(c->graph);
	zl_mail_report_uris(c->graph, &list, &count);
	for (size_t k = 0; k < count; k++)
		fn(c, &list[k]);
}

void
zl_mail_report_mailrec(struct zl_check *c, uint32_t record,
    const struct zl_tagval_list *tags, const struct zl_findings *findings,
    const char *version)
{
	const struct zl_graph *g = c->graph;
	uint32_t owner = g->records[record].owner;

	zl_mail_report_tagval(c, record, tags);
	for (size_t i = 0; i < findings->count; i++) {
		const struct zl_finding *f = &findings->items[i];
		struct zl_pos pos = zl_txt_position(g, record, f->off);
		const char *tag = f->subject != NULL ? f->subject : "?";
		char q[ZL_MAIL_QUOTE_MAX + 8];
		struct zl_diag *d = NULL;

		zl_mail_quote(tags->text, f->off, f->len, q, sizeof(q));
		switch (f->code) {
		case ZL_MAILREC_V_MISSING:
		case ZL_MAILREC_V_NOT_FIRST:
		case ZL_MAILREC_V_INVALID:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("the record does not start with '%s': senders and receivers ignore it"), version);
			zl_diag_hint(d, _("start the record with '%s;'"), version);
			break;
		case ZL_MAILREC_WHITESPACE_IN_FIELD:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("blank inside a field: the grammar allows blanks only around ';', so senders may ignore the record"));
			zl_diag_hint(d, _("remove the blank"));
			break;
		case ZL_MAILREC_STS_ID_MISSING:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("MTA-STS record without 'id=': senders ignore it"));
			zl_diag_hint(d, _("add 'id=' with a value that changes with each policy update, such as a date and time"));
			break;
		case ZL_MAILREC_STS_ID_INVALID:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("invalid 'id=' value at '%s': it must be 1 to 32 letters and digits"), q);
			break;
		case ZL_MAILREC_EXT_NAME_INVALID:
		case ZL_MAILREC_EXT_VALUE_INVALID:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("invalid extension field at '%s': names are at most 32 characters and values must not be empty or contain blanks or '='"), q);
			break;
		case ZL_MAILREC_RUA_MISSING:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("TLS-RPT record without 'rua=': senders have nowhere to send reports"));
			zl_diag_hint(d, _("add 'rua=mailto:ADDRESS' or 'rua=https://URL'"));
			break;
		case ZL_MAILREC_URI_INVALID:
		case ZL_MAILREC_MAILTO_BAD_ADDRESS:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("invalid URI or address in '%s=' at '%s'"), tag, q);
			break;
		case ZL_MAILREC_URI_SCHEME:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("URI '%s' in '%s=' uses a scheme this record does not allow: TLS-RPT takes mailto and https, BIMI only https"),
			    q, tag);
			break;
		case ZL_MAILREC_BIMI_L_MISSING:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("BIMI record without 'l=': receivers ignore it"));
			zl_diag_hint(d, _("add 'l=' with the https URI of the logo, or an empty 'l=' to decline"));
			break;
		case ZL_MAILREC_BIMI_URI_LIST:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("'%s=' takes a single URI, not a list"), tag);
			break;
		case ZL_MAILREC_BIMI_NOT_FQDN:
			zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("the host of the 'a=' URI is not a fully qualified name"));
			break;
		case ZL_MAILREC_INVALID_VALUE:
			d = zl_report(c, ZL_ERROR, pos, owner, ZL_TYPE_TXT,
			    _("invalid value '%s' for '%s='"), q, tag);
			if (f->hint != NULL)
				zl_diag_hint(d, _("write '%s=%s'"), tag, f->hint);
			break;
		default:
			break;
		}
	}
}

void
zl_mail_each_repeated(struct zl_check *c, const char *label, int kind,
    void (*report)(struct zl_check *c, uint32_t name, const struct zl_record *r,
    const struct zl_record *first, const void *arg), const void *arg)
{
	const struct zl_graph *g = c->graph;
	size_t nlisted, nnames = 0, cap = 0;
	const uint32_t *listed = kind == ZL_MAIL_DMARC ? zl_mail_dmarc_records(g, &nlisted) :
	    zl_mail_service_records(g, &nlisted);
	uint32_t *names = NULL;

	/* The names with the label that own listed records, in the order of
	 * their ids. */
	for (size_t k = 0; k < nlisted; k++) {
		uint32_t n = g->records[listed[k]].owner;

		if (zl_mail_first_label_is(g, n, label))
			ZL_PUSH(names, nnames, cap, n);
	}
	if (nnames > 1)
		qsort(names, nnames, sizeof(*names), zl_compare_u32);
	for (size_t k = 0; k < nnames; k++) {
		uint32_t n = names[k], first_zone = ZL_NONE;
		const struct zl_record *first = NULL;
		const uint32_t *ids;
		size_t count;

		if (k > 0 && names[k - 1] == n)
			continue;
		/* All the records of the name, grouped by zone. */
		ids = zl_graph_rrset(g, n, ZL_NONE, 0, &count);
		for (size_t i = 0; i < count; i++) {
			const struct zl_record *r = &g->records[ids[i]];
			uint32_t zone;

			if (r->type != ZL_TYPE_TXT || (int)zl_mail_kind_at(g, ids[i]) != kind ||
			    !zl_lookup_is_served(g, r))
				continue;
			zone = zl_record_zone(g, r);
			if (first == NULL || zone != first_zone) {
				first = r;
				first_zone = zone;
				continue;
			}
			report(c, n, r, first, arg);
		}
	}
	free(names);
}

/* Report r, a record of the kind named by what, after first. */
static void
report_repeated(struct zl_check *c, uint32_t name, const struct zl_record *r,
    const struct zl_record *first, const void *what)
{
	char *owner = zl_graph_name_text(c->graph, name);
	struct zl_diag *d;

	d = zl_report(c, ZL_ERROR, zl_record_type_pos(c->graph, r), name, ZL_TYPE_TXT,
	    _("more than one %s record at '%s' (the first is on line %u): senders then use none of them"),
	    (const char *)what, owner, first->line);
	zl_diag_hint(d, _("keep one record and delete the others"));
	free(owner);
}

void
zl_mail_report_repeated(struct zl_check *c, const char *label, int kind,
    const char *what)
{
	zl_mail_each_repeated(c, label, kind, report_repeated, what);
}
