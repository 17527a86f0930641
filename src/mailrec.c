/*
 * mailrec.c - MTA-STS, TLS-RPT and BIMI TXT records.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <string.h>

#include "mailrec.h"

/* Maximum length of an extension field name: (ALPHA / DIGIT) *31(...) in
 * RFC 8461 and RFC 8460. */
#define EXT_NAME_MAX 32

/* Maximum length of an MTA-STS id: 1*32(ALPHA / DIGIT). */
#define STS_ID_MAX 32

static const char *const bimi_lps_values[] = { "true", "false", NULL };
static const char *const bimi_avp_values[] = { "brand", "personal", NULL };

static const char *const mailrec_code_names[] = {
	[ZL_MAILREC_V_MISSING - ZL_MAILREC_V_MISSING] = "mailrec-v-missing",
	[ZL_MAILREC_V_NOT_FIRST - ZL_MAILREC_V_MISSING] = "mailrec-v-not-first",
	[ZL_MAILREC_V_INVALID - ZL_MAILREC_V_MISSING] = "mailrec-v-invalid",
	[ZL_MAILREC_WHITESPACE_IN_FIELD - ZL_MAILREC_V_MISSING] = "mailrec-whitespace-in-field",
	[ZL_MAILREC_STS_ID_MISSING - ZL_MAILREC_V_MISSING] = "mailrec-sts-id-missing",
	[ZL_MAILREC_STS_ID_INVALID - ZL_MAILREC_V_MISSING] = "mailrec-sts-id-invalid",
	[ZL_MAILREC_EXT_NAME_INVALID - ZL_MAILREC_V_MISSING] = "mailrec-ext-name-invalid",
	[ZL_MAILREC_EXT_VALUE_INVALID - ZL_MAILREC_V_MISSING] = "mailrec-ext-value-invalid",
	[ZL_MAILREC_RUA_MISSING - ZL_MAILREC_V_MISSING] = "mailrec-rua-missing",
	[ZL_MAILREC_URI_INVALID - ZL_MAILREC_V_MISSING] = "mailrec-uri-invalid",
	[ZL_MAILREC_URI_SCHEME - ZL_MAILREC_V_MISSING] = "mailrec-uri-scheme",
	[ZL_MAILREC_MAILTO_BAD_ADDRESS - ZL_MAILREC_V_MISSING] = "mailrec-mailto-bad-address",
	[ZL_MAILREC_BIMI_L_MISSING - ZL_MAILREC_V_MISSING] = "mailrec-bimi-l-missing",
	[ZL_MAILREC_BIMI_URI_LIST - ZL_MAILREC_V_MISSING] = "mailrec-bimi-uri-list",
	[ZL_MAILREC_BIMI_NOT_FQDN - ZL_MAILREC_V_MISSING] = "mailrec-bimi-not-fqdn",
	[ZL_MAILREC_INVALID_VALUE - ZL_MAILREC_V_MISSING] = "mailrec-invalid-value",
};

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
name_is(const struct zl_tagval_list *tags, const struct zl_tag *tag, const char *name)
{
	return tag->name_len == strlen(name) &&
	    memcmp(tags->text + tag->name_off, name, tag->name_len) == 0;
}

/*
 * Check that v= exists, comes first and has the expected value. With
 * at_start, v= must also be the very first byte, as the MTA-STS and TLS-RPT
 * grammars begin with the literal "v=...". Returns whether all holds.
 */
static bool
check_version(const struct zl_tagval_list *tags, struct zl_findings *findings,
    const char *expected, bool at_start)
{
	const struct zl_tag *v = zl_tagval_find(tags, "v");
	bool ok = true;

	if (v == NULL) {
		zl_findings_add(findings, ZL_MAILREC_V_MISSING, 0, tags->text_len, "v", NULL);
		return false;
	}
	if (!zl_tagval_is_first(tags, v)) {
		zl_findings_add(findings, ZL_MAILREC_V_NOT_FIRST, v->spec_off,
		    v->spec_len, "v", NULL);
		ok = false;
	} else if (at_start && v->name_off != 0) {
		zl_findings_add(findings, ZL_MAILREC_WHITESPACE_IN_FIELD, 0,
		    v->name_off, "v", NULL);
		ok = false;
	}
	if (!zl_tagval_value_is(tags, v, expected)) {
		zl_findings_add(findings, ZL_MAILREC_V_INVALID, v->value_off,
		    v->value_len, "v", expected);
		ok = false;
	}
	return ok;
}

/* MTA-STS and TLS-RPT write every field as name "=" value with no blanks. */
static void
check_no_blanks(const struct zl_tag *tag, struct zl_findings *findings)
{
	size_t name_end = tag->name_off + tag->name_len;

	if (name_end != tag->equals_off)
		zl_findings_add(findings, ZL_MAILREC_WHITESPACE_IN_FIELD, name_end,
		    tag->equals_off - name_end, NULL, NULL);
	if (tag->value_len > 0 && tag->value_off != tag->equals_off + 1)
		zl_findings_add(findings, ZL_MAILREC_WHITESPACE_IN_FIELD,
		    tag->equals_off + 1, tag->value_off - tag->equals_off - 1, NULL, NULL);
}

/*
 * Check an extension field of RFC 8461 section 3.1 and RFC 8460 section 3.
 * The name is (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / "."), and
 * zl_tagval_parse() has already checked its characters. The value is
 * 1*(%x21-3A / %x3C / %x3E-7E), which excludes SP and "=".
 */
static void
check_extension(const struct zl_tagval_list *tags, const struct zl_tag *tag,
    struct zl_findings *findings)
{
	if (tag->name_len > EXT_NAME_MAX)
		zl_findings_add(findings, ZL_MAILREC_EXT_NAME_INVALID,
		    tag->name_off, tag->name_len, NULL, NULL);
	if (tag->value_len == 0) {
		zl_findings_add(findings, ZL_MAILREC_EXT_VALUE_INVALID,
		    tag->value_off, 0, NULL, NULL);
		return;
	}
	for (size_t i = tag->value_off; i < tag->value_off + tag->value_len; i++) {
		if (zl_is_wsp((unsigned char)tags->text[i]) || tags->text[i] == '=') {
			zl_findings_add(findings, ZL_MAILREC_EXT_VALUE_INVALID, i, 1,
			    NULL, NULL);
			return;
		}
	}
}

/* id = 1*32(ALPHA / DIGIT) */
static void
check_sts_id(struct zl_mtasts_record *rec, const struct zl_tag *id)
{
	const char *text = rec->tags.text;

	rec->id_off = id->value_off;
	rec->id_len = id->value_len;
	if (id->value_len == 0) {
		zl_findings_add(&rec->findings, ZL_MAILREC_STS_ID_INVALID,
		    id->value_off, 0, "id", NULL);
		return;
	}
	for (size_t i = 0; i < id->value_len; i++) {
		if (!is_alnum((unsigned char)text[id->value_off + i]) || i == STS_ID_MAX) {
			zl_findings_add(&rec->findings, ZL_MAILREC_STS_ID_INVALID,
			    id->value_off + i, i == STS_ID_MAX ? id->value_len - i : 1,
			    "id", NULL);
			return;
		}
	}
}

void
zl_mtasts_parse(struct zl_mtasts_record *rec, const char *text, size_t len)
{
	const struct zl_tag *id;

	memset(rec, 0, sizeof(*rec));
	zl_tagval_parse(&rec->tags, text, len, ZL_TAGVAL_EXTENSION_NAMES);
	rec->version_ok = check_version(&rec->tags, &rec->findings, "STSv1", true);

	for (size_t i = 0; i < rec->tags.count; i++) {
		const struct zl_tag *tag = &rec->tags.tags[i];

		check_no_blanks(tag, &rec->findings);
		if (!name_is(&rec->tags, tag, "v") && !name_is(&rec->tags, tag, "id"))
			check_extension(&rec->tags, tag, &rec->findings);
	}

	id = zl_tagval_find(&rec->tags, "id");
	if (id != NULL) {
		check_sts_id(rec, id);
	} else {
		const char *hint = NULL;

		/* Field names are case-sensitive (%s"id="), so "ID=" is an extension. */
		for (size_t i = 0; i < rec->tags.count; i++)
			if (zl_equal_caseless(text + rec->tags.tags[i].name_off,
			    rec->tags.tags[i].name_len, "id"))
				hint = "id";
		zl_findings_add(&rec->findings, ZL_MAILREC_STS_ID_MISSING, 0, len,
		    "id", hint);
	}
	zl_findings_sort(&rec->findings);
}

/* Check one TLS-RPT reporting URI and keep it when there is room. */
static void
check_tlsrpt_uri(struct zl_tlsrpt_record *rec, size_t off, size_t len)
{
	struct zl_uri uri;
	size_t bad;
	enum zl_uri_status status = zl_uri_parse(rec->tags.text, off, len, &uri, &bad);

	switch (status) {
	case ZL_URI_OK:
		if (uri.scheme == ZL_URI_SCHEME_MAILTO || uri.scheme == ZL_URI_SCHEME_HTTPS)
			rec->rua_valid = true;
		else
			zl_findings_add(&rec->findings, ZL_MAILREC_URI_SCHEME, off, len,
			    "rua", NULL);
		break;
	case ZL_URI_MAILTO_NO_ADDRESS:
	case ZL_URI_MAILTO_BAD_LOCAL:
	case ZL_URI_MAILTO_BAD_DOMAIN:
		zl_findings_add(&rec->findings, ZL_MAILREC_MAILTO_BAD_ADDRESS, bad,
		    bad < off + len, "rua", NULL);
		break;
	default:
		zl_findings_add(&rec->findings, ZL_MAILREC_URI_INVALID, bad,
		    bad < off + len, "rua", NULL);
		break;
	}
	if (rec->rua_count < ZL_TLSRPT_MAX_URIS)
		rec->rua[rec->rua_count++] = uri;
	rec->rua_total++;
}

void
zl_tlsrpt_parse(struct zl_tlsrpt_record *rec, const char *text, size_t len)
{
	bool has_rua = false;

	/* RFC 8460 allows several rua= fields, so repeated names are fine. */
	memset(rec, 0, sizeof(*rec));
	zl_tagval_parse(&rec->tags, text, len,
	    ZL_TAGVAL_EXTENSION_NAMES | ZL_TAGVAL_DUPLICATES_OK);
	rec->version_ok = check_version(&rec->tags, &rec->findings, "TLSRPTv1", true);

	for (size_t i = 0; i < rec->tags.count; i++) {
		const struct zl_tag *tag = &rec->tags.tags[i];
		size_t pos = tag->value_off, end = tag->value_off + tag->value_len;
		size_t off, item_len;

		check_no_blanks(tag, &rec->findings);
		if (name_is(&rec->tags, tag, "v"))
			continue;
		if (!name_is(&rec->tags, tag, "rua")) {
			check_extension(&rec->tags, tag, &rec->findings);
			continue;
		}
		has_rua = true;
		while (zl_list_next(text, ',', &pos, end, &off, &item_len))
			check_tlsrpt_uri(rec, off, item_len);
	}
	if (!has_rua)
		zl_findings_add(&rec->findings, ZL_MAILREC_RUA_MISSING, 0, len, "rua", NULL);
	zl_findings_sort(&rec->findings);
}

/*
 * Check l= or a=: empty, or a single https URI. Returns whether it contains
 * a valid URI, which is then stored in *uri.
 */
static bool
check_bimi_uri(struct zl_bimi_record *rec, const struct zl_tag *tag,
    const char *name, struct zl_uri *uri)
{
	const char *text = rec->tags.text;
	const char *comma = memchr(text + tag->value_off, ',', tag->value_len);
	size_t bad;

	if (tag->value_len == 0)
		return false;
	if (comma != NULL) {
		zl_findings_add(&rec->findings, ZL_MAILREC_BIMI_URI_LIST,
		    (size_t)(comma - text), 1, name, NULL);
		return false;
	}
	if (zl_uri_parse(text, tag->value_off, tag->value_len, uri, &bad) != ZL_URI_OK) {
		zl_findings_add(&rec->findings, ZL_MAILREC_URI_INVALID, bad,
		    bad < tag->value_off + tag->value_len, name, NULL);
		return false;
	}
	if (uri->scheme != ZL_URI_SCHEME_HTTPS) {
		zl_findings_add(&rec->findings, ZL_MAILREC_URI_SCHEME,
		    tag->value_off, tag->value_len, name, "https");
		return false;
	}
	return true;
}

/* Check a keyword tag (lps=, avp=) and return the index of its value in
 * words, or -1. The draft writes these values as case-sensitive %s. */
static int
check_bimi_keyword(struct zl_bimi_record *rec, const struct zl_tag *tag,
    const char *name, const char *const *words)
{
	const char *value = rec->tags.text + tag->value_off;

	for (int i = 0; words[i] != NULL; i++)
		if (zl_tagval_value_is(&rec->tags, tag, words[i]))
			return i;
	zl_findings_add(&rec->findings, ZL_MAILREC_INVALID_VALUE, tag->value_off,
	    tag->value_len, name, zl_nearest_word(value, tag->value_len, words, true));
	return -1;
}

void
zl_bimi_parse(struct zl_bimi_record *rec, const char *text, size_t len)
{
	const struct zl_tag *l, *a, *lps, *avp;

	memset(rec, 0, sizeof(*rec));
	zl_tagval_parse(&rec->tags, text, len, 0);
	rec->version_ok = check_version(&rec->tags, &rec->findings, "BIMI1", false);

	l = zl_tagval_find(&rec->tags, "l");
	a = zl_tagval_find(&rec->tags, "a");
	if (l == NULL)
		zl_findings_add(&rec->findings, ZL_MAILREC_BIMI_L_MISSING, 0, len, "l", NULL);
	else
		rec->location_ok = check_bimi_uri(rec, l, "l", &rec->location);
	if (a != NULL) {
		rec->evidence_ok = check_bimi_uri(rec, a, "a", &rec->evidence);
		/* The evidence document URI MUST name a fully qualified host. */
		if (rec->evidence_ok && memchr(text + rec->evidence.host_off, '.',
		    rec->evidence.host_len) == NULL) {
			zl_findings_add(&rec->findings, ZL_MAILREC_BIMI_NOT_FQDN,
			    rec->evidence.host_off, rec->evidence.host_len, "a", NULL);
			rec->evidence_ok = false;
		}
	}
	rec->declined = l != NULL && l->value_len == 0 && (a == NULL || a->value_len == 0);

	lps = zl_tagval_find(&rec->tags, "lps");
	if (lps != NULL)
		rec->lps = check_bimi_keyword(rec, lps, "lps", bimi_lps_values) == 0;
	avp = zl_tagval_find(&rec->tags, "avp");
	if (avp != NULL) {
		int i = check_bimi_keyword(rec, avp, "avp", bimi_avp_values);

		rec->avatar = i < 0 ? ZL_BIMI_AVATAR_INVALID :
		    i == 0 ? ZL_BIMI_AVATAR_BRAND : ZL_BIMI_AVATAR_PERSONAL;
	}
	zl_findings_sort(&rec->findings);
}

const char *
zl_mailrec_code_name(int code)
{
	if (code < ZL_MAILREC_V_MISSING || code >= ZL_MAILREC_CODE_END)
		return NULL;
	return mailrec_code_names[code - ZL_MAILREC_V_MISSING];
}
