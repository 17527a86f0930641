/*
 * dmarc.c - DMARC policy records: RFC 9989 tags, plus the RFC 7489 rules
 * that receivers not yet updated still apply.
 */
/* SPDX-License-Identifier: BSD-3-Clause */

#include <string.h>

#include "dmarc.h"

static const char *const policies[] = { "none", "quarantine", "reject", NULL };
static const char *const yes_no_unknown[] = { "y", "n", "u", NULL };
static const char *const yes_no[] = { "y", "n", NULL };
static const char *const relaxed_strict[] = { "r", "s", NULL };

struct zl_dmarc_record;

/* Checking rule of one known tag; tag_rules is indexed by enum zl_dmarc_tag. */
struct tag_rule {
	const char *name;
	const char *const *keywords;  /* allowed values, or NULL when check is used */
	void (*check)(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);
	bool removed;                 /* RFC 7489 tag that RFC 9989 dropped */
};

static void check_v(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);
static void check_uris(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);
static void check_fo(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);
static void check_pct(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);
static void check_rf(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);
static void check_ri(struct zl_dmarc_record *, enum zl_dmarc_tag, const struct zl_tag *);

static const struct tag_rule tag_rules[ZL_DMARC_TAG_COUNT] = {
	[ZL_DMARC_TAG_V] = { "v", NULL, check_v, false },
	[ZL_DMARC_TAG_P] = { "p", policies, NULL, false },
	[ZL_DMARC_TAG_SP] = { "sp", policies, NULL, false },
	[ZL_DMARC_TAG_NP] = { "np", policies, NULL, false },
	[ZL_DMARC_TAG_PSD] = { "psd", yes_no_unknown, NULL, false },
	[ZL_DMARC_TAG_T] = { "t", yes_no, NULL, false },
	[ZL_DMARC_TAG_RUA] = { "rua", NULL, check_uris, false },
	[ZL_DMARC_TAG_RUF] = { "ruf", NULL, check_uris, false },
	[ZL_DMARC_TAG_ADKIM] = { "adkim", relaxed_strict, NULL, false },
	[ZL_DMARC_TAG_ASPF] = { "aspf", relaxed_strict, NULL, false },
	[ZL_DMARC_TAG_FO] = { "fo", NULL, check_fo, false },
	[ZL_DMARC_TAG_PCT] = { "pct", NULL, check_pct, true },
	[ZL_DMARC_TAG_RF] = { "rf", NULL, check_rf, true },
	[ZL_DMARC_TAG_RI] = { "ri", NULL, check_ri, true },
};

/* Tag names for typo suggestions, in enum zl_dmarc_tag order. */
static const char *const tag_names[ZL_DMARC_TAG_COUNT + 1] = {
	"v", "p", "sp", "np", "psd", "t", "rua", "ruf", "adkim", "aspf", "fo",
	"pct", "rf", "ri", NULL
};

static const char *const dmarc_code_names[] = {
	[ZL_DMARC_V_MISSING - ZL_DMARC_V_MISSING] = "dmarc-v-missing",
	[ZL_DMARC_V_NOT_FIRST - ZL_DMARC_V_MISSING] = "dmarc-v-not-first",
	[ZL_DMARC_V_INVALID - ZL_DMARC_V_MISSING] = "dmarc-v-invalid",
	[ZL_DMARC_UNKNOWN_TAG - ZL_DMARC_V_MISSING] = "dmarc-unknown-tag",
	[ZL_DMARC_INVALID_VALUE - ZL_DMARC_V_MISSING] = "dmarc-invalid-value",
	[ZL_DMARC_REMOVED_TAG - ZL_DMARC_V_MISSING] = "dmarc-removed-tag",
	[ZL_DMARC_P_MISSING - ZL_DMARC_V_MISSING] = "dmarc-p-missing",
	[ZL_DMARC_P_MISSING_NO_RUA - ZL_DMARC_V_MISSING] = "dmarc-p-missing-no-rua",
	[ZL_DMARC_P_NOT_SECOND - ZL_DMARC_V_MISSING] = "dmarc-p-not-second",
	[ZL_DMARC_URI_INVALID - ZL_DMARC_V_MISSING] = "dmarc-uri-invalid",
	[ZL_DMARC_URI_NOT_MAILTO - ZL_DMARC_V_MISSING] = "dmarc-uri-not-mailto",
	[ZL_DMARC_MAILTO_BAD_ADDRESS - ZL_DMARC_V_MISSING] = "dmarc-mailto-bad-address",
	[ZL_DMARC_URI_SIZE_INVALID - ZL_DMARC_V_MISSING] = "dmarc-uri-size-invalid",
	[ZL_DMARC_FO_BOTH_0_AND_1 - ZL_DMARC_V_MISSING] = "dmarc-fo-both-0-and-1",
	[ZL_DMARC_FO_REPEATED - ZL_DMARC_V_MISSING] = "dmarc-fo-repeated",
	[ZL_DMARC_RF_UNKNOWN_FORMAT - ZL_DMARC_V_MISSING] = "dmarc-rf-unknown-format",
};

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static void
report_invalid(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, size_t off,
    size_t len, const char *hint)
{
	rec->invalid |= 1u << tag;
	zl_findings_add(&rec->findings, ZL_DMARC_INVALID_VALUE, off, len,
	    tag_rules[tag].name, hint);
}

/*
 * Parse text[off, off + len) as an unsigned decimal number of at most
 * max_digits digits; returns false for anything else or a value above max.
 */
static bool
parse_number(const char *text, size_t off, size_t len, size_t max_digits,
    uint64_t max, uint64_t *value)
{
	uint64_t v = 0;

	if (len == 0 || len > max_digits)
		return false;
	for (size_t i = off; i < off + len; i++) {
		unsigned digit = (unsigned char)text[i] - '0';

		if (!is_digit((unsigned char)text[i]) || v > (max - digit) / 10)
			return false;
		v = v * 10 + digit;
	}
	*value = v;
	return true;
}

/* Return the field for a policy tag, or NULL for other tags. */
static enum zl_dmarc_policy *
policy_field(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag)
{
	switch (tag) {
	case ZL_DMARC_TAG_P:
		return &rec->p;
	case ZL_DMARC_TAG_SP:
		return &rec->sp;
	case ZL_DMARC_TAG_NP:
		return &rec->np;
	default:
		return NULL;
	}
}

/* Check a value against the tag's keywords and store what it selects. */
static void
check_keyword(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag,
    const struct zl_tag *t)
{
	const char *const *words = tag_rules[tag].keywords;
	const char *value = rec->tags.text + t->value_off;
	size_t index = 0;

	while (words[index] != NULL &&
	    !zl_equal_caseless(value, t->value_len, words[index]))
		index++;
	if (words[index] == NULL) {
		report_invalid(rec, tag, t->value_off, t->value_len,
		    zl_nearest_word(value, t->value_len, words, true));
		if (policy_field(rec, tag) != NULL)
			*policy_field(rec, tag) = ZL_DMARC_POLICY_INVALID;
		return;
	}

	switch (tag) {
	case ZL_DMARC_TAG_P:
	case ZL_DMARC_TAG_SP:
	case ZL_DMARC_TAG_NP:
		/* policies[] lists the keywords in enum order from "none". */
		*policy_field(rec, tag) = (enum zl_dmarc_policy)(ZL_DMARC_POLICY_NONE + index);
		break;
	case ZL_DMARC_TAG_PSD:
		rec->psd = words[index][0];
		break;
	case ZL_DMARC_TAG_T:
		rec->t = words[index][0];
		break;
	case ZL_DMARC_TAG_ADKIM:
		rec->adkim = words[index][0];
		break;
	case ZL_DMARC_TAG_ASPF:
		rec->aspf = words[index][0];
		break;
	default:
		break;
	}
}

/* v= must come first and be exactly "DMARC1" (case-sensitive). */
static void
check_v(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, const struct zl_tag *t)
{
	bool first = zl_tagval_is_first(&rec->tags, t);
	bool value_ok = zl_tagval_value_is(&rec->tags, t, "DMARC1");

	(void)tag;
	if (!first)
		zl_findings_add(&rec->findings, ZL_DMARC_V_NOT_FIRST,
		    t->spec_off, t->spec_len, "v", NULL);
	if (!value_ok) {
		rec->invalid |= 1u << ZL_DMARC_TAG_V;
		zl_findings_add(&rec->findings, ZL_DMARC_V_INVALID,
		    t->value_off, t->value_len, "v", "DMARC1");
	}
	rec->version_ok = first && value_ok;
}

/* Read the RFC 7489 size suffix "!" 1*DIGIT [ "k" / "m" / "g" / "t" ]. */
static bool
parse_size(const char *text, size_t off, size_t len, struct zl_dmarc_uri *u)
{
	size_t digits = len - 1;
	char unit = lower(text[off + len - 1]);

	u->size_off = off;
	u->size_len = len;
	if (len >= 3 && unit != '\0' && strchr("kmgt", unit) != NULL) {
		u->size_unit = unit;
		digits--;
	}
	/* 2^64 - 1 has 20 digits. */
	return parse_number(text, off + 1, digits, 20, UINT64_MAX, &u->size_value);
}

/* Check one URI of rua= or ruf=, store it when there is room and return
 * whether it is valid. */
static bool
check_one_uri(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, size_t off,
    size_t len)
{
	const char *text = rec->tags.text;
	const char *name = tag_rules[tag].name;
	const char *bang = memchr(text + off, '!', len);
	size_t uri_len = bang ? (size_t)(bang - (text + off)) : len;
	struct zl_dmarc_uri u = {0};
	enum zl_uri_status status;
	size_t bad;

	if (bang != NULL && !parse_size(text, off + uri_len, len - uri_len, &u))
		zl_findings_add(&rec->findings, ZL_DMARC_URI_SIZE_INVALID,
		    off + uri_len, len - uri_len, name, NULL);

	status = zl_uri_parse(text, off, uri_len, &u.uri, &bad);
	switch (status) {
	case ZL_URI_OK:
		u.valid = true;
		if (u.uri.scheme != ZL_URI_SCHEME_MAILTO)
			zl_findings_add(&rec->findings, ZL_DMARC_URI_NOT_MAILTO,
			    off, uri_len, name, NULL);
		break;
	case ZL_URI_MAILTO_NO_ADDRESS:
	case ZL_URI_MAILTO_BAD_LOCAL:
	case ZL_URI_MAILTO_BAD_DOMAIN:
		zl_findings_add(&rec->findings, ZL_DMARC_MAILTO_BAD_ADDRESS,
		    bad, bad < off + uri_len, name, NULL);
		break;
	case ZL_URI_NO_SCHEME:
		zl_findings_add(&rec->findings, ZL_DMARC_URI_INVALID, off, uri_len,
		    name, memchr(text + off, '@', uri_len) ? "mailto:" : NULL);
		break;
	default:
		zl_findings_add(&rec->findings, ZL_DMARC_URI_INVALID, bad,
		    bad < off + uri_len, name, NULL);
		break;
	}

	if (tag == ZL_DMARC_TAG_RUA) {
		if (rec->rua_count < ZL_DMARC_MAX_URIS)
			rec->rua[rec->rua_count++] = u;
		rec->rua_total++;
	} else {
		if (rec->ruf_count < ZL_DMARC_MAX_URIS)
			rec->ruf[rec->ruf_count++] = u;
		rec->ruf_total++;
	}
	return u.valid;
}

/* rua= and ruf=: dmarc-uri *(*WSP "," *WSP dmarc-uri). */
static void
check_uris(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, const struct zl_tag *t)
{
	size_t pos = t->value_off, end = t->value_off + t->value_len, off, len;

	while (zl_list_next(rec->tags.text, ',', &pos, end, &off, &len)) {
		if (!check_one_uri(rec, tag, off, len))
			rec->invalid |= 1u << tag;
		else if (tag == ZL_DMARC_TAG_RUA)
			rec->rua_valid = true;
	}
}

/* fo=: options 0, 1, d and s separated by ":". RFC 9989 makes 0 and 1
 * exclusive and allows each option once, so breaking either is reported. */
static void
check_fo(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, const struct zl_tag *t)
{
	const char *text = rec->tags.text;
	size_t pos = t->value_off, end = t->value_off + t->value_len, off, len;

	while (zl_list_next(text, ':', &pos, end, &off, &len)) {
		char c = len == 1 ? lower(text[off]) : '\0';
		const char *option = c != '\0' ? strchr("01ds", c) : NULL;
		unsigned bit;

		if (option == NULL) {
			report_invalid(rec, tag, off, len, NULL);
			continue;
		}
		bit = 1u << (option - "01ds");
		if (rec->fo & bit)
			zl_findings_add(&rec->findings, ZL_DMARC_FO_REPEATED, off, len,
			    "fo", NULL);
		rec->fo |= bit;
	}
	if ((rec->fo & ZL_DMARC_FO_0) && (rec->fo & ZL_DMARC_FO_1))
		zl_findings_add(&rec->findings, ZL_DMARC_FO_BOTH_0_AND_1,
		    t->value_off, t->value_len, "fo", NULL);
}

/* pct= (RFC 7489): 1*3DIGIT from 0 to 100. */
static void
check_pct(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, const struct zl_tag *t)
{
	uint64_t value;

	if (parse_number(rec->tags.text, t->value_off, t->value_len, 3, 100, &value))
		rec->pct = (unsigned)value;
	else
		report_invalid(rec, tag, t->value_off, t->value_len, NULL);
}

/* ri= (RFC 7489): 1*DIGIT, a 32-bit unsigned number of seconds. */
static void
check_ri(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, const struct zl_tag *t)
{
	uint64_t value;

	if (parse_number(rec->tags.text, t->value_off, t->value_len, 10, UINT32_MAX, &value))
		rec->ri = (uint32_t)value;
	else
		report_invalid(rec, tag, t->value_off, t->value_len, NULL);
}

/* rf= (RFC 7489): Keyword *(":" Keyword), Keyword being an RFC 5321 Ldh-str. */
static void
check_rf(struct zl_dmarc_record *rec, enum zl_dmarc_tag tag, const struct zl_tag *t)
{
	const char *text = rec->tags.text;
	size_t pos = t->value_off, end = t->value_off + t->value_len, off, len;

	while (zl_list_next(text, ':', &pos, end, &off, &len)) {
		bool keyword = len > 0 && is_alnum((unsigned char)text[off]) &&
		    is_alnum((unsigned char)text[off + len - 1]);

		for (size_t i = off; keyword && i < off + len; i++)
			keyword = is_alnum((unsigned char)text[i]) || text[i] == '-';
		if (!keyword)
			report_invalid(rec, tag, off, len, NULL);
		else if (!zl_equal_caseless(text + off, len, "afrf"))
			zl_findings_add(&rec->findings, ZL_DMARC_RF_UNKNOWN_FORMAT,
			    off, len, "rf", NULL);
	}
}

/* Return the known tag with the given name, or ZL_DMARC_TAG_COUNT. */
static enum zl_dmarc_tag
lookup_tag(const char *name, size_t len)
{
	/* Most tag names differ in the first letter, so that is tested first. */
	char first = len > 0 ? lower(name[0]) : '\0';

	for (int i = 0; i < ZL_DMARC_TAG_COUNT; i++)
		if (tag_rules[i].name[0] == first && zl_equal_caseless(name, len, tag_rules[i].name))
			return (enum zl_dmarc_tag)i;
	return ZL_DMARC_TAG_COUNT;
}

/* Checks that need the whole record: v=, p= and their order. */
static void
check_record(struct zl_dmarc_record *rec)
{
	const struct zl_tag *v = zl_tagval_find(&rec->tags, "v");
	const struct zl_tag *p = zl_tagval_find(&rec->tags, "p");
	size_t len = rec->tags.text_len;

	if (v == NULL)
		zl_findings_add(&rec->findings, ZL_DMARC_V_MISSING, 0, len, "v", NULL);
	if (p == NULL) {
		zl_findings_add(&rec->findings, rec->rua_valid ? ZL_DMARC_P_MISSING :
		    ZL_DMARC_P_MISSING_NO_RUA, 0, len, "p", NULL);
	} else if (rec->version_ok && p != &rec->tags.tags[1]) {
		/* RFC 7489: dmarc-record = dmarc-version dmarc-sep [dmarc-request] ... */
		zl_findings_add(&rec->findings, ZL_DMARC_P_NOT_SECOND,
		    p->spec_off, p->spec_len, "p", NULL);
	}
}

void
zl_dmarc_parse(struct zl_dmarc_record *rec, const char *text, size_t len)
{
	/* zl_tagval_parse() fills rec->tags. The unused entries of the
	 * findings and URI arrays are kilobytes that nothing reads, so only
	 * the counts and the facts are zeroed. */
	rec->findings.count = 0;
	rec->findings.dropped = 0;
	memset(&rec->present, 0,
	    offsetof(struct zl_dmarc_record, rua) - offsetof(struct zl_dmarc_record, present));
	rec->rua_count = rec->rua_total = 0;
	rec->ruf_count = rec->ruf_total = 0;
	rec->rua_valid = false;
	zl_tagval_parse(&rec->tags, text, len, ZL_TAGVAL_CASELESS_NAMES);

	for (size_t i = 0; i < rec->tags.count; i++) {
		const struct zl_tag *t = &rec->tags.tags[i];
		enum zl_dmarc_tag tag = lookup_tag(text + t->name_off, t->name_len);

		if (tag == ZL_DMARC_TAG_COUNT) {
			zl_findings_add(&rec->findings, ZL_DMARC_UNKNOWN_TAG,
			    t->name_off, t->name_len, NULL,
			    zl_nearest_word(text + t->name_off, t->name_len, tag_names, true));
			continue;
		}
		/* Only the first of duplicate tags counts; tagval reports the rest. */
		if (rec->present & (1u << tag))
			continue;
		rec->present |= 1u << tag;
		if (tag_rules[tag].removed)
			zl_findings_add(&rec->findings, ZL_DMARC_REMOVED_TAG,
			    t->spec_off, t->spec_len, tag_rules[tag].name, NULL);
		if (tag_rules[tag].keywords != NULL)
			check_keyword(rec, tag, t);
		else
			tag_rules[tag].check(rec, tag, t);
	}
	check_record(rec);
	zl_findings_sort(&rec->findings);
}

const char *
zl_dmarc_tag_name(enum zl_dmarc_tag tag)
{
	if ((unsigned)tag >= ZL_DMARC_TAG_COUNT)
		return NULL;
	return tag_rules[tag].name;
}

const char *
zl_dmarc_code_name(int code)
{
	if (code < ZL_DMARC_V_MISSING || code >= ZL_DMARC_CODE_END)
		return NULL;
	return dmarc_code_names[code - ZL_DMARC_V_MISSING];
}
