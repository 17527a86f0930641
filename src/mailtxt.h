/* Helpers the mail rules share: TXT text of a record, what kind of mail
 * record a text is, and what a domain publishes for mail. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_MAILTXT_H
#define ZL_MAILTXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "graph.h"
#include "util.h"

/* The mail record a TXT text announces with its leading version tag. */
enum zl_mail_kind {
	ZL_MAIL_OTHER,		/* no known version tag */
	ZL_MAIL_SPF,		/* "v=spf1" followed by a space or the end */
	ZL_MAIL_DKIM,		/* v=DKIM1 */
	ZL_MAIL_DMARC,		/* v=DMARC1 */
	ZL_MAIL_STS,		/* v=STSv1 */
	ZL_MAIL_TLSRPT,		/* v=TLSRPTv1 */
	ZL_MAIL_BIMI		/* v=BIMI1 */
};

/* Fill sb (emptied first) with the character-strings of record joined
 * without separators.  Returns false, leaving sb empty, for a record that
 * is not TXT or whose RDATA failed to convert. */
bool zl_mail_txt(const struct zl_graph *g, uint32_t record, struct zl_strbuf *sb);

/* Return the kind of mail record text starts as.  The version value
 * compares exactly, as receivers compare it, except that blanks around
 * "=" are allowed (RFC 6376 and RFC 9989 allow them; MTA-STS and TLS-RPT
 * do not, which their parsers report). */
enum zl_mail_kind zl_mail_kind_of(const char *text, size_t len);

/* Return whether text starts with "v" "=" and a version word that begins
 * with prefix, ignoring ASCII case ("v=dmarc1", "v=DMARC"): a record
 * meant as that kind whose version is wrong. */
bool zl_mail_version_like(const char *text, size_t len, const char *prefix);

/* Return whether the first label of name equals label (lower case).
 * Mail rules ask this of every name, so it is inline: with a string
 * literal for label, strlen() and memcmp() compile to a few compares. */
static inline bool
zl_mail_first_label_is(const struct zl_graph *g, uint32_t name, const char *label)
{
	const uint8_t *w = g->name_arena + g->names[name].wire;
	size_t n = strlen(label);

	return n > 0 && w[0] == n && memcmp(w + 1, label, n) == 0;
}

/* Return the nearest of name and its ancestors whose first label is
 * label (lower case), or ZL_NONE.  Rules ask this of every owner name, so
 * it is inline as well. */
static inline uint32_t
zl_mail_find_label(const struct zl_graph *g, uint32_t name, const char *label)
{
	for (uint32_t n = name; n != ZL_NONE; n = g->names[n].parent) {
		if (zl_mail_first_label_is(g, n, label))
			return n;
	}
	return ZL_NONE;
}

/* Return the id of the presentation name text[0, len) (absolute, a final
 * dot optional), or ZL_NONE when it is malformed or the run never saw it. */
uint32_t zl_mail_lookup(const struct zl_graph *g, const char *text, size_t len);

/* Return the id of the closest existing name at or above the host name
 * text[0, len), or ZL_NONE when text is malformed or no part of it is
 * known to the run. */
uint32_t zl_mail_closest(const struct zl_graph *g, const char *text, size_t len);

/* Do what zl_mail_closest() does, and also set *name to the id of the name
 * itself, or ZL_NONE when the run never saw it. */
uint32_t zl_mail_closest_and_name(const struct zl_graph *g, const char *text, size_t len,
    uint32_t *name);

/* Return the loaded zone the host name text[0, len) falls into, or ZL_NONE. */
uint32_t zl_mail_zone_of_text(const struct zl_graph *g, const char *text, size_t len);

/* Return whether name owns a record of type in any loaded zone. */
bool zl_mail_has_type(const struct zl_graph *g, uint32_t name, uint16_t type);

/* Return whether record r is a null MX (RFC 7505: MX "0 ."). */
bool zl_mail_is_null_mx(const struct zl_graph *g, const struct zl_record *r);

/* Return whether name publishes a null MX (RFC 7505: one MX "0 ."). */
bool zl_mail_null_mx(const struct zl_graph *g, uint32_t name);

/* Return the first TXT record of name that is an SPF record, or ZL_NONE. */
uint32_t zl_mail_spf_record(const struct zl_graph *g, uint32_t name);

/* Return whether the SPF record text authorizes any sender: a mechanism
 * other than all, or "all" with a qualifier other than "-", or redirect=. */
bool zl_mail_spf_authorizes(const char *text, size_t len);

/* Return whether name sends or receives mail as far as the zone shows:
 * it has an MX that is not a null MX, or an SPF record that authorizes
 * senders. */
bool zl_mail_domain_active(const struct zl_graph *g, uint32_t name);

/* Return whether the lower-case host name (no final dot) is reserved for
 * documentation or testing and receives no mail: example.com, example.net,
 * example.org and their subdomains (RFC 2606), and names under the
 * example, test, invalid and localhost top-level domains (RFC 6761). */
bool zl_mail_placeholder_host(const char *host);

/* The place of a TXT record for DMARC (RFC 7489 sections 6.1 and 7.1). */
enum zl_dmarc_place {
	ZL_DMARC_AT_OTHER,	/* neither of the names below */
	ZL_DMARC_AT_POLICY,	/* _dmarc.DOMAIN: the policy of DOMAIN */
	ZL_DMARC_AT_REPORT	/* NAME._report._dmarc.DOMAIN: DOMAIN accepts reports about NAME */
};

/* Return where owner sits for DMARC and set *domain (when not NULL) to
 * DOMAIN, or to ZL_NONE for ZL_DMARC_AT_OTHER. */
enum zl_dmarc_place zl_mail_dmarc_place(const struct zl_graph *g, uint32_t owner,
    uint32_t *domain);

/* Return whether any label of name contains bytes above 0x7f, which
 * means the name was written in raw UTF-8 instead of A-labels. */
bool zl_mail_name_has_raw_utf8(const struct zl_graph *g, uint32_t name);

/* Return whether name lies at or below the origin of zone written twice
 * ("example.jp.example.jp."), which an owner without its final dot gets. */
bool zl_mail_repeats_origin(const struct zl_graph *g, uint32_t zone, uint32_t name);

/* Return whether the policy published by the DMARC record at _dmarc.DOMAIN
 * cannot apply as written: the name holds more than one DMARC record
 * (dmarc-multiple), a CNAME beside it (cname-other-data), or its owner is
 * raw UTF-8 or repeats the origin (name-raw-utf8, zone-missing-dot).
 * Rules that judge the content of a policy skip such records, because
 * the finding of the broken place comes first. */
bool zl_mail_dmarc_policy_broken(const struct zl_graph *g, uint32_t record);

/* Return whether text is meant as a DMARC record: it starts with
 * v=DMARC1, or with a v= tag whose value begins with "dmarc" in any case,
 * or has "v=DMARC1" later in the text. */
bool zl_mail_dmarc_like(const char *text, size_t len);

/* Return whether record is a TXT record whose text zl_mail_dmarc_like()
 * accepts.  Uses the kind the mail cache keeps, so text (a scratch
 * buffer) is not always filled. */
bool zl_mail_dmarc_like_at(const struct zl_graph *g, uint32_t record, struct zl_strbuf *text);

/* Return whether record is a DKIM key record: a TXT record at
 * SELECTOR._domainkey.DOMAIN (RFC 6376 section 3.6.2.1).  Sets *domain
 * (when not NULL) to DOMAIN. */
bool zl_mail_dkim_key_at(const struct zl_graph *g, uint32_t record, uint32_t *domain);

/* Return whether name is SELECTOR._domainkey.DOMAIN, and set *domain (when
 * not NULL) to DOMAIN. */
bool zl_mail_dkim_selector_name(const struct zl_graph *g, uint32_t name, uint32_t *domain);

/*
 * Expect a DKIM key at SELECTOR._domainkey.DOMAIN; spec is
 * "DOMAIN:SELECTOR" as --dkim-selector takes it.  Returns false, storing
 * nothing, when spec is malformed.
 * NOTE: the list is kept for the whole process, not per analysis, because
 * rules see only the graph; zl_mail_selectors_clear() empties it.
 */
bool zl_mail_expect_selector(const char *spec);
void zl_mail_selectors_clear(void);

/* The expected selectors: count, and each one's domain and selector. */
size_t zl_mail_selector_count(void);
void zl_mail_selector_get(size_t i, const char **domain, const char **selector);

#endif
