/* Diagnostics for the tag-list findings that every mail record shares. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_MAILTAG_H
#define ZL_MAILTAG_H

#include <stddef.h>
#include <stdint.h>

#include "dmarc.h"
#include "rule.h"
#include "tagval.h"

struct zl_strbuf;

/* Maximum length of record text quoted in a message. */
#define ZL_MAIL_QUOTE_MAX 60

/* Copy text[off, off + len) into buf (cap bytes, at least
 * ZL_MAIL_QUOTE_MAX + 4) for a message, cut with "..." when long, and
 * return buf. */
const char *zl_mail_quote(const char *text, size_t off, size_t len, char *buf,
    size_t cap);

/* Append text to sb as the quoted strings of a TXT record, each of at
 * most 255 bytes, with '"' and '\\' escaped.  A hint that gives a
 * record's text can then be pasted into a zone file as it is. */
void zl_mail_add_quoted(struct zl_strbuf *sb, const char *text, size_t len);

/* Report each tag-list finding of list (RFC 6376 section 3.2 syntax) about
 * the TXT record as a finding of the running rule, pointing at the bytes
 * in the zone file.  Repeated tags are errors, empty tags and "name:"
 * written for "name=" warnings. */
void zl_mail_report_tagval(struct zl_check *c, uint32_t record,
    const struct zl_tagval_list *list);

/* Report each finding of an MTA-STS, TLS-RPT or BIMI parser (codes of
 * enum zl_mail_rec_code) about the TXT record, and its tag-list
 * findings.  version is the record's version tag, e.g. "v=STSv1". */
void zl_mail_report_mailrec(struct zl_check *c, uint32_t record,
    const struct zl_tagval_list *tags, const struct zl_findings *findings,
    const char *version);

/* Call report for each TXT record of kind (enum zl_mail_kind) at a name
 * whose first label is label ("_dmarc", "_mta-sts" or "_smtp"), after the
 * first one in its zone, which is passed as first.  Records below a
 * delegation are left out, because their zone does not serve them. */
void zl_mail_each_repeated(struct zl_check *c, const char *label, int kind,
    void (*report)(struct zl_check *c, uint32_t name, const struct zl_record *r,
    const struct zl_record *first, const void *arg), const void *arg);

/* Report every record of kind at a name whose first label is label, after
 * the first, as zl_mail_each_repeated() finds them: senders then use none
 * of them (RFC 8461 section 3.1, RFC 8460 section 3).  what names the
 * record kind in the message. */
void zl_mail_report_repeated(struct zl_check *c, const char *label, int kind,
    const char *what);

/* One report address of a DMARC policy record, as the rua rules see it. */
struct zl_mail_report_uri {
	uint32_t record;		/* the DMARC record */
	uint32_t domain;		/* the domain whose policy it is */
	uint32_t uri_off;		/* the URI's offset in the record's text */
	const char *tag;		/* "rua" or "ruf" */
	const char *host;		/* the address's domain in lower case, no final dot */
	const char *address;		/* local@domain, cut for messages */
	uint32_t host_name;		/* the host's name id, or ZL_NONE when not loaded */
	uint32_t host_closest;		/* zl_mail_closest() of the host */
	uint32_t host_zone;		/* zl_mail_zone_of_text() of the host */
};

/* Make the list of the valid mailto: URIs in rua= and ruf= of every
 * DMARC record at a _dmarc name, unless the mail cache of g keeps it
 * already, and keep it there. */
void zl_mail_prepare_report_uris(const struct zl_graph *g);

/* Call fn for each URI of the list of zl_mail_prepare_report_uris(),
 * which the first call makes. */
void zl_mail_each_report_uri(struct zl_check *c,
    void (*fn)(struct zl_check *c, const struct zl_mail_report_uri *u));

#endif
