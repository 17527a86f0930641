/*
 * dmarc.h - DMARC policy records (RFC 9989, which obsoletes RFC 7489; the
 * record grammar is the one of draft-ietf-dmarc-dmarcbis-41, section 4.8).
 *
 * The parser accepts what RFC 9989 accepts and reports, as findings, what
 * receivers still implementing RFC 7489 would read differently: the removed
 * pct, rf and ri tags, a missing p= without a valid rua=, and p= not
 * directly after v=.
 */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_DMARC_H
#define ZL_DMARC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tagval.h"

/* Maximum number of URIs kept per rua= or ruf= tag; the rest are counted. */
#define ZL_DMARC_MAX_URIS 8

enum zl_dmarc_code {
	ZL_DMARC_V_MISSING = 300,     /* no v= tag; receivers ignore the record */
	ZL_DMARC_V_NOT_FIRST,         /* v= is not the first tag; receivers ignore the record */
	ZL_DMARC_V_INVALID,           /* v= value is not exactly "DMARC1"; receivers ignore the record */
	ZL_DMARC_UNKNOWN_TAG,         /* tag not in RFC 9989 or RFC 7489; hint: nearest known name */
	ZL_DMARC_INVALID_VALUE,       /* subject: tag; hint: nearest valid keyword when one is close */
	ZL_DMARC_REMOVED_TAG,         /* subject: pct, rf or ri, RFC 7489 tags that RFC 9989 removed */
	ZL_DMARC_P_MISSING,           /* no p=, but a valid rua=: both RFCs then apply p=none */
	ZL_DMARC_P_MISSING_NO_RUA,    /* no p= and no valid rua=: p=none in RFC 9989, no DMARC at all in RFC 7489 */
	ZL_DMARC_P_NOT_SECOND,        /* p= present but not right after v=, as the RFC 7489 ABNF requires */
	ZL_DMARC_URI_INVALID,         /* subject: rua or ruf; hint "mailto:" when it looks like a bare address */
	ZL_DMARC_URI_NOT_MAILTO,      /* subject: rua or ruf; receivers only have to support mailto: */
	ZL_DMARC_MAILTO_BAD_ADDRESS,  /* subject: rua or ruf; points at the first bad byte of the address */
	ZL_DMARC_URI_SIZE_INVALID,    /* "!" size suffix not 1*DIGIT [k/m/g/t] or above 2^64 - 1 */
	ZL_DMARC_FO_BOTH_0_AND_1,     /* fo= has both 0 and 1, which RFC 9989 makes exclusive */
	ZL_DMARC_FO_REPEATED,         /* fo= option given twice; points at the second */
	ZL_DMARC_RF_UNKNOWN_FORMAT,   /* rf= names a format other than afrf */
	ZL_DMARC_CODE_END
};

/* Tags the parser recognizes, as bit positions in the present and invalid masks. */
enum zl_dmarc_tag {
	ZL_DMARC_TAG_V = 0,
	ZL_DMARC_TAG_P,
	ZL_DMARC_TAG_SP,
	ZL_DMARC_TAG_NP,
	ZL_DMARC_TAG_PSD,
	ZL_DMARC_TAG_T,
	ZL_DMARC_TAG_RUA,
	ZL_DMARC_TAG_RUF,
	ZL_DMARC_TAG_ADKIM,
	ZL_DMARC_TAG_ASPF,
	ZL_DMARC_TAG_FO,
	ZL_DMARC_TAG_PCT,             /* RFC 7489 only */
	ZL_DMARC_TAG_RF,              /* RFC 7489 only */
	ZL_DMARC_TAG_RI,              /* RFC 7489 only */
	ZL_DMARC_TAG_COUNT
};

/* Domain Owner Assessment Policy from p=, sp= or np=. */
enum zl_dmarc_policy {
	ZL_DMARC_POLICY_ABSENT = 0,
	ZL_DMARC_POLICY_INVALID,
	ZL_DMARC_POLICY_NONE,
	ZL_DMARC_POLICY_QUARANTINE,
	ZL_DMARC_POLICY_REJECT,
};

/* Failure reporting options from fo=. */
enum {
	ZL_DMARC_FO_0 = 1u << 0,
	ZL_DMARC_FO_1 = 1u << 1,
	ZL_DMARC_FO_D = 1u << 2,
	ZL_DMARC_FO_S = 1u << 3,
};

/* One reporting URI from rua= or ruf=. */
struct zl_dmarc_uri {
	struct zl_uri uri;            /* the URI without its size suffix */
	bool valid;                   /* URI syntax and, for mailto:, the address are valid */
	size_t size_off;              /* RFC 7489 "!" size suffix, e.g. "!10m"; size_len is 0 when absent */
	size_t size_len;
	uint64_t size_value;          /* the number in the suffix */
	char size_unit;               /* 'k', 'm', 'g' or 't' (lower case), or 0 for bytes */
};

/* A parsed DMARC policy record. */
struct zl_dmarc_record {
	struct zl_tagval_list tags;   /* tags and tag-list syntax findings */
	struct zl_findings findings;  /* codes from enum zl_dmarc_code */
	unsigned present;             /* bit 1u << enum zl_dmarc_tag for each tag found */
	unsigned invalid;             /* bit for each tag whose value is invalid */
	bool version_ok;              /* first tag is v=DMARC1 */
	enum zl_dmarc_policy p;
	enum zl_dmarc_policy sp;
	enum zl_dmarc_policy np;
	char psd;                     /* 'y', 'n' or 'u'; 0 when absent or invalid */
	char t;                       /* 'y' or 'n'; 0 when absent or invalid */
	char adkim;                   /* 'r' or 's'; 0 when absent or invalid */
	char aspf;                    /* 'r' or 's'; 0 when absent or invalid */
	unsigned fo;                  /* ZL_DMARC_FO_* bits */
	unsigned pct;                 /* 0 to 100 when pct= is present and valid */
	uint32_t ri;                  /* seconds, when ri= is present and valid */
	struct zl_dmarc_uri rua[ZL_DMARC_MAX_URIS];
	size_t rua_count;             /* entries used in rua */
	size_t rua_total;             /* URIs listed in rua=, including those not kept */
	struct zl_dmarc_uri ruf[ZL_DMARC_MAX_URIS];
	size_t ruf_count;
	size_t ruf_total;
	bool rua_valid;               /* rua= lists at least one valid URI (RFC 9989 section 4.10.1) */
};

/*
 * Parse one DMARC record (the TXT data at _dmarc.domain). Tag names and
 * keyword values compare ignoring case, as ABNF literals do; only the
 * v=DMARC1 value is case-sensitive. Parsing goes on after a bad v= so the
 * rest still gets checked. A record under _report._dmarc authorises
 * external reporting and legitimately has no p=, so the caller decides
 * what ZL_DMARC_P_MISSING_NO_RUA means for the owner name. Fills *rec
 * except the entries of its lists past their counts; text must outlive
 * rec because rec->tags borrows it.
 */
void
zl_dmarc_parse(struct zl_dmarc_record *rec, const char *text, size_t len);

/* Return the name of a zl_dmarc_tag as written in records, e.g. "rua". */
const char *
zl_dmarc_tag_name(enum zl_dmarc_tag tag);

/* Return the stable name of a zl_dmarc_code, e.g. "dmarc-p-missing", or NULL. */
const char *
zl_dmarc_code_name(int code);

#endif /* ZL_DMARC_H */
