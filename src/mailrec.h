/*
 * mailrec.h - the smaller mail TXT records: MTA-STS (RFC 8461 section 3.1),
 * TLS-RPT (RFC 8460 section 3) and BIMI assertion records
 * (draft-brand-indicators-for-message-identification-10, section 4.3).
 */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_MAILREC_H
#define ZL_MAILREC_H

#include <stdbool.h>
#include <stddef.h>

#include "tagval.h"

/* Maximum number of TLS-RPT reporting URIs kept; the rest are counted. */
#define ZL_TLSRPT_MAX_URIS 8

enum zl_mailrec_code {
	ZL_MAILREC_V_MISSING = 400,     /* no v= field; senders ignore the record */
	ZL_MAILREC_V_NOT_FIRST,         /* v= is not the first field; senders ignore the record */
	ZL_MAILREC_V_INVALID,           /* wrong version; hint: the expected one */
	ZL_MAILREC_WHITESPACE_IN_FIELD, /* MTA-STS, TLS-RPT: whitespace before v= or around "=" */
	ZL_MAILREC_STS_ID_MISSING,      /* MTA-STS record without id= (hint "id" for "ID=") */
	ZL_MAILREC_STS_ID_INVALID,      /* id= empty, over 32 bytes, or not letters and digits; points at the bad byte */
	ZL_MAILREC_EXT_NAME_INVALID,    /* extension field name longer than 32 bytes */
	ZL_MAILREC_EXT_VALUE_INVALID,   /* extension value empty or containing SP or "=" */
	ZL_MAILREC_RUA_MISSING,         /* TLS-RPT record without rua= */
	ZL_MAILREC_URI_INVALID,         /* subject: field; points at the first bad byte */
	ZL_MAILREC_URI_SCHEME,          /* TLS-RPT: not mailto or https; BIMI: not https */
	ZL_MAILREC_MAILTO_BAD_ADDRESS,  /* TLS-RPT mailto: address invalid; points at the bad byte */
	ZL_MAILREC_BIMI_L_MISSING,      /* BIMI record without l= (REQUIRED, may be empty) */
	ZL_MAILREC_BIMI_URI_LIST,       /* "," in l= or a=, which take a single URI */
	ZL_MAILREC_BIMI_NOT_FQDN,       /* a= URI host is not a fully qualified name */
	ZL_MAILREC_INVALID_VALUE,       /* subject: lps or avp; hint: the nearest keyword */
	ZL_MAILREC_CODE_END
};

/* A parsed MTA-STS TXT record (at _mta-sts.domain). */
struct zl_mtasts_record {
	struct zl_tagval_list tags;   /* fields and tag-list syntax findings */
	struct zl_findings findings;  /* codes from enum zl_mailrec_code */
	bool version_ok;              /* starts with exactly "v=STSv1" */
	size_t id_off;                /* id= value; id_len is 0 when id= is absent */
	size_t id_len;
};

/* A parsed TLS-RPT record (at _smtp._tls.domain). */
struct zl_tlsrpt_record {
	struct zl_tagval_list tags;
	struct zl_findings findings;
	bool version_ok;              /* starts with exactly "v=TLSRPTv1" */
	struct zl_uri rua[ZL_TLSRPT_MAX_URIS];
	size_t rua_count;             /* entries used in rua */
	size_t rua_total;             /* URIs in all rua= fields, including those not kept */
	bool rua_valid;               /* at least one valid mailto: or https: URI */
};

/* Avatar preference from avp=. */
enum zl_bimi_avatar {
	ZL_BIMI_AVATAR_ABSENT = 0,    /* receivers then use "brand" */
	ZL_BIMI_AVATAR_BRAND,
	ZL_BIMI_AVATAR_PERSONAL,
	ZL_BIMI_AVATAR_INVALID,
};

/* A parsed BIMI assertion record (at selector._bimi.domain). */
struct zl_bimi_record {
	struct zl_tagval_list tags;
	struct zl_findings findings;
	bool version_ok;              /* first tag is v=BIMI1 */
	bool declined;                /* l= empty and a= empty or absent: declination to publish */
	bool location_ok;             /* l= contains one valid https URI, stored in location */
	struct zl_uri location;
	bool evidence_ok;             /* a= contains one valid https URI, stored in evidence */
	struct zl_uri evidence;
	bool lps;                     /* lps=true */
	enum zl_bimi_avatar avatar;
};

/*
 * Parse an MTA-STS TXT record: v=STSv1 first, written without whitespace,
 * exactly one id= of 1 to 32 letters and digits, other fields checked
 * against the extension grammar. Field names are case-sensitive. Fills
 * *rec; text must outlive rec.
 */
void
zl_mtasts_parse(struct zl_mtasts_record *rec, const char *text, size_t len);

/*
 * Parse a TLS-RPT record: v=TLSRPTv1 first, one or more rua= fields with
 * comma-separated mailto: or https: URIs, other fields checked against the
 * extension grammar. Fills *rec; text must outlive rec.
 */
void
zl_tlsrpt_parse(struct zl_tlsrpt_record *rec, const char *text, size_t len);

/*
 * Parse a BIMI assertion record: v=BIMI1 first, l= empty or one https URI,
 * a= empty or one https URI naming a fully qualified host, lps= true or
 * false, avp= personal or brand. Unknown tags are ignored without a
 * finding, as the draft requires. Fills *rec; text must outlive rec.
 */
void
zl_bimi_parse(struct zl_bimi_record *rec, const char *text, size_t len);

/* Return the stable name of a zl_mailrec_code, e.g. "mailrec-sts-id-missing", or NULL. */
const char *
zl_mailrec_code_name(int code);

#endif /* ZL_MAILREC_H */
