/* Record type and class mnemonics, read from ldns's type descriptors and
 * from zonelint's own for the types that ldns does not describe. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rrtype.h"

#include <ldns/ldns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"


/*
 * Types that BIND 9.18 loads and ldns 1.8 describes only as unknown.  The
 * fields are ldns's field types, so that the RDATA reader treats these
 * types as it treats ldns's own.
 */
static const ldns_rdf_type text_fields[] = { LDNS_RDF_TYPE_STR };
static const ldns_rdf_type rkey_fields[] = {
	LDNS_RDF_TYPE_INT16, LDNS_RDF_TYPE_INT8, LDNS_RDF_TYPE_ALG, LDNS_RDF_TYPE_B64
};
static const ldns_rdf_type dsync_fields[] = {
	LDNS_RDF_TYPE_TYPE, LDNS_RDF_TYPE_INT8, LDNS_RDF_TYPE_INT16, LDNS_RDF_TYPE_DNAME
};
static const ldns_rdf_type data_fields[] = { LDNS_RDF_TYPE_B64 };
static const ldns_rdf_type doa_fields[] = {
	LDNS_RDF_TYPE_INT32, LDNS_RDF_TYPE_INT32, LDNS_RDF_TYPE_INT8, LDNS_RDF_TYPE_STR,
	LDNS_RDF_TYPE_B64
};
/* The reader converts AMTRELAY by itself: ldns's field reader takes forms
 * that BIND rejects, such as a precedence of 256. */
static const ldns_rdf_type amtrelay_fields[] = { LDNS_RDF_TYPE_AMTRELAY };
static const ldns_rdf_type ta_fields[] = {
	LDNS_RDF_TYPE_INT16, LDNS_RDF_TYPE_ALG, LDNS_RDF_TYPE_INT8, LDNS_RDF_TYPE_HEX
};

#define OWN(type, name, min, max, fields, variable, dname_count) \
	{ (ldns_rr_type)(type), name, min, max, fields, variable, LDNS_RR_NO_COMPRESS, \
	    dname_count }

static const ldns_rr_descriptor own_types[] = {
	OWN(ZL_RRTYPE_NINFO, "NINFO", 1, 0, text_fields, LDNS_RDF_TYPE_STR, 0),
	OWN(ZL_RRTYPE_RKEY, "RKEY", 4, 4, rkey_fields, LDNS_RDF_TYPE_NONE, 0),
	OWN(ZL_RRTYPE_DSYNC, "DSYNC", 4, 4, dsync_fields, LDNS_RDF_TYPE_NONE, 1),
	OWN(ZL_RRTYPE_HHIT, "HHIT", 1, 1, data_fields, LDNS_RDF_TYPE_NONE, 0),
	OWN(ZL_RRTYPE_BRID, "BRID", 1, 1, data_fields, LDNS_RDF_TYPE_NONE, 0),
	OWN(ZL_RRTYPE_AVC, "AVC", 1, 0, text_fields, LDNS_RDF_TYPE_STR, 0),
	OWN(ZL_RRTYPE_DOA, "DOA", 5, 5, doa_fields, LDNS_RDF_TYPE_NONE, 0),
	OWN(ZL_RRTYPE_AMTRELAY, "AMTRELAY", 1, 1, amtrelay_fields, LDNS_RDF_TYPE_NONE, 0),
	OWN(ZL_RRTYPE_RESINFO, "RESINFO", 1, 0, text_fields, LDNS_RDF_TYPE_STR, 0),
	OWN(ZL_RRTYPE_WALLET, "WALLET", 1, 0, text_fields, LDNS_RDF_TYPE_STR, 0),
	OWN(ZL_RRTYPE_TA, "TA", 4, 4, ta_fields, LDNS_RDF_TYPE_NONE, 0),
};

static const ldns_rr_descriptor *
own_descriptor(uint16_t type)
{
	for (size_t i = 0; i < sizeof(own_types) / sizeof(own_types[0]); i++)
		if (own_types[i]._type == type)
			return &own_types[i];
	return NULL;
}

const ldns_rr_descriptor *
zl_rrtype_descriptor(uint16_t type)
{
	const ldns_rr_descriptor *d = ldns_rr_descript(type);

	if (d != NULL && d->_type == type)
		return d;
	return own_descriptor(type);
}

bool
zl_rrtype_is_own(uint16_t type)
{
	return own_descriptor(type) != NULL;
}

/* ldns looks mnemonics up with a linear scan of strcasecmp calls; the
 * reader asks for several words of every record, so keep the mnemonics in
 * a small hash table built once. */
struct mnemonic {
	char name[16];	/* upper case, NUL-padded */
	uint16_t type;
	bool used;
};

#define TABLE_SIZE 1024	/* a power of two, several times the number of types */

static struct mnemonic table[TABLE_SIZE];
static bool loaded;

static uint32_t
hash_key(const char *key, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (uint8_t)key[i];
		h *= 16777619u;
	}
	return h;
}

static void
add_type(const ldns_rr_descriptor *d)
{
	size_t len, i;

	if (d->_name == NULL)
		return;
	len = strlen(d->_name);
	if (len >= sizeof(table[0].name) || strncmp(d->_name, "TYPE", 4) == 0)
		return;
	i = hash_key(d->_name, len) & (TABLE_SIZE - 1);
	while (table[i].used)
		i = (i + 1) & (TABLE_SIZE - 1);
	memcpy(table[i].name, d->_name, len);
	table[i].type = d->_type;
	table[i].used = true;
}

/* Fill the table with the types that zl_rrtype_descriptor() describes:
 * ldns's, then zonelint's own where ldns has none.  No two of them share a
 * mnemonic (checked with ldns 1.8.3), so the order does not change what a
 * lookup finds. */
static void
load_types(void)
{
	for (uint32_t t = 1; t <= 65535; t++) {
		const ldns_rr_descriptor *d = ldns_rr_descript((uint16_t)t);

		if (d != NULL && d->_type == t)
			add_type(d);
	}
	for (size_t i = 0; i < sizeof(own_types) / sizeof(own_types[0]); i++) {
		const ldns_rr_descriptor *d = ldns_rr_descript(own_types[i]._type);

		if (d == NULL || d->_type != own_types[i]._type)
			add_type(&own_types[i]);
	}
	loaded = true;
}

void
zl_rrtype_init(void)
{
	if (!loaded)
		load_types();
}

/* Copy text to key in upper case; false when it cannot be a mnemonic. */
static bool
upper_key(const char *text, size_t len, char key[16])
{
	if (len == 0 || len >= 16)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		key[i] = c;
	}
	key[len] = '\0';
	return true;
}

/* Read "PREFIXnnn" with nnn in 0..65535 from the upper-case key.  As in
 * BIND, nnn has at most five digits. */
static bool
generic_number(const char *key, size_t len, const char *prefix, size_t plen,
    uint16_t *value)
{
	unsigned long v = 0;
	const char *p = key + plen;

	if (len <= plen || len - plen > 5 || memcmp(key, prefix, plen) != 0)
		return false;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 65535)
			return false;
	}
	*value = (uint16_t)v;
	return true;
}

/* The length and letters of a mnemonic packed into a number, for the
 * switch below. */
#define KEY1(a) ((uint64_t)1 << 8 | (uint64_t)(a))
#define KEY2(a, b) ((uint64_t)2 << 16 | (uint64_t)(a) << 8 | (uint64_t)(b))
#define KEY3(a, b, c) ((uint64_t)3 << 24 | (uint64_t)(a) << 16 | \
    (uint64_t)(b) << 8 | (uint64_t)(c))
#define KEY4(a, b, c, d) ((uint64_t)4 << 32 | (uint64_t)(a) << 24 | (uint64_t)(b) << 16 | \
    (uint64_t)(c) << 8 | (uint64_t)(d))
#define KEY5(a, b, c, d, e) ((uint64_t)5 << 40 | (uint64_t)(a) << 32 | (uint64_t)(b) << 24 | \
    (uint64_t)(c) << 16 | (uint64_t)(d) << 8 | (uint64_t)(e))

/* Look up the types that make up most zones before the hash table.  The
 * letters of text are compared without regard to case: c & ~0x20 is an
 * upper-case letter only when c is that letter in either case. */
static bool
common_type(const char *text, size_t len, uint16_t *type)
{
	uint64_t key = len;
	uint16_t v;

	if (len > 5)
		return false;
	for (size_t i = 0; i < len; i++)
		key = key << 8 | (uint8_t)(text[i] & ~0x20);
	switch (key) {
	case KEY1('A'): v = 1; break;
	case KEY2('N', 'S'): v = 2; break;
	case KEY2('M', 'X'): v = 15; break;
	case KEY2('D', 'S'): v = 43; break;
	case KEY3('T', 'X', 'T'): v = 16; break;
	case KEY3('S', 'O', 'A'): v = 6; break;
	case KEY3('S', 'R', 'V'): v = 33; break;
	case KEY3('P', 'T', 'R'): v = 12; break;
	case KEY3('C', 'A', 'A'): v = 257; break;
	case KEY4('A', 'A', 'A', 'A'): v = 28; break;
	case KEY5('C', 'N', 'A', 'M', 'E'): v = 5; break;
	default: return false;
	}
	*type = v;
	return true;
}

/* Compare text with the upper-case mnemonic name of the same length,
 * ignoring the case of text.  The names are letters. */
static bool
same_letters(const char *text, const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((text[i] & ~0x20) != name[i])
			return false;
	}
	return true;
}

bool
zl_rrtype_from_text(const char *text, size_t len, uint16_t *type)
{
	char key[16];
	size_t i;

	/* Every mnemonic starts with a letter. */
	if (len == 0 || !((text[0] >= 'A' && text[0] <= 'Z') ||
	    (text[0] >= 'a' && text[0] <= 'z')))
		return false;
	if (common_type(text, len, type))
		return true;
	if (!upper_key(text, len, key))
		return false;
	if (generic_number(key, len, "TYPE", 4, type))
		return true;
	if (!loaded)
		load_types();
	for (i = hash_key(key, len) & (TABLE_SIZE - 1); table[i].used;
	    i = (i + 1) & (TABLE_SIZE - 1)) {
		if (memcmp(table[i].name, key, len + 1) == 0) {
			*type = table[i].type;
			return true;
		}
	}
	return false;
}

/* Type names that BIND reads in RDATA but not as a record's type: query
 * types, and types of other classes or of BIND's own use. */
static const struct {
	char name[8];
	uint16_t type;
	bool written;	/* BIND 9.18 writes the name, not TYPEnnn */
} data_types[] = {
	{ "UINFO", 100, true }, { "UID", 101, true }, { "GID", 102, true },
	{ "UNSPEC", 103, true }, { "IXFR", 251, true }, { "AXFR", 252, true },
	{ "MAILB", 253, true }, { "MAILA", 254, true }, { "ANY", 255, true },
	{ "KEYDATA", 65533, false },
};

bool
zl_rrtype_from_text_in_data(const char *text, size_t len, uint16_t *type)
{
	char key[16];

	if (zl_rrtype_from_text(text, len, type))
		return true;
	if (!upper_key(text, len, key))
		return false;
	for (size_t i = 0; i < sizeof(data_types) / sizeof(data_types[0]); i++) {
		if (strcmp(key, data_types[i].name) == 0) {
			*type = data_types[i].type;
			return true;
		}
	}
	return false;
}

bool
zl_rrclass_from_text(const char *text, size_t len, uint16_t *rclass)
{
	static const struct {
		char name[5];
		uint8_t len;
		uint16_t value;
	} classes[] = {
		{ "IN", 2, LDNS_RR_CLASS_IN },
		{ "CH", 2, LDNS_RR_CLASS_CH },
		{ "HS", 2, LDNS_RR_CLASS_HS },
		{ "CS", 2, 2 },
		{ "NONE", 4, LDNS_RR_CLASS_NONE },
		{ "ANY", 3, LDNS_RR_CLASS_ANY },
	};
	char key[16];

	/* Every class mnemonic has 2 to 4 letters, or is CLASSnnn. */
	if (len < 2 || (len > 4 && len < 6))
		return false;
	if (len == 2 && (text[0] & ~0x20) == 'I' && (text[1] & ~0x20) == 'N') {
		*rclass = LDNS_RR_CLASS_IN;
		return true;
	}
	if (len < 5) {
		for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
			if (classes[i].len == len &&
			    same_letters(text, classes[i].name, len)) {
				*rclass = classes[i].value;
				return true;
			}
		}
		return false;
	}
	return upper_key(text, len, key) && generic_number(key, len, "CLASS", 5, rclass);
}

const char *
zl_rrtype_name(uint16_t type, char buf[16])
{
	const ldns_rr_descriptor *d = zl_rrtype_descriptor(type);

	if (d != NULL && d->_name != NULL &&
	    strlen(d->_name) < 16)
		snprintf(buf, 16, "%s", d->_name);
	else
		snprintf(buf, 16, "TYPE%u", (unsigned)type);
	return buf;
}

const char *
zl_rrtype_name_in_data(uint16_t type, char buf[16])
{
	for (size_t i = 0; i < sizeof(data_types) / sizeof(data_types[0]); i++) {
		if (data_types[i].type == type && data_types[i].written) {
			snprintf(buf, 16, "%s", data_types[i].name);
			return buf;
		}
	}
	return zl_rrtype_name(type, buf);
}

const char *
zl_rrclass_name(uint16_t rclass, char buf[16])
{
	switch (rclass) {
	case LDNS_RR_CLASS_IN: snprintf(buf, 16, "IN"); break;
	case LDNS_RR_CLASS_CH: snprintf(buf, 16, "CH"); break;
	case LDNS_RR_CLASS_HS: snprintf(buf, 16, "HS"); break;
	case LDNS_RR_CLASS_NONE: snprintf(buf, 16, "NONE"); break;
	case LDNS_RR_CLASS_ANY: snprintf(buf, 16, "ANY"); break;
	default: snprintf(buf, 16, "CLASS%u", (unsigned)rclass); break;
	}
	return buf;
}

/* Whether a mnemonic starts with a vowel sound.  Most are spelled out
 * letter by letter, so the name of the first letter decides: "en-ess"
 * for NS, "you" for URI.  The few that are read as words are listed. */
static bool
starts_with_vowel_sound(const char *name)
{
	static const char *const words[] = {
		"LOC", "NAPTR", "NIMLOC", "NULL", "RESINFO"
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(name, words[i]) == 0)
			return false;
	return name[0] != '\0' && strchr("AEFHILMNORSX", name[0]) != NULL;
}

const char *
zl_rrtype_phrase(uint16_t type, char buf[ZL_RRTYPE_PHRASE_MAX])
{
	char name[16];

	zl_rrtype_name(type, name);
	/* Two messages, so that each language words both articles its own way. */
	if (starts_with_vowel_sound(name))
		snprintf(buf, ZL_RRTYPE_PHRASE_MAX, _("an %s record"), name);
	else
		snprintf(buf, ZL_RRTYPE_PHRASE_MAX, _("a %s record"), name);
	return buf;
}
