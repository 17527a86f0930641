/* zonelint rule interface: what a rule, built in or loaded, may use. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZONELINT_PLUGIN_H
#define ZONELINT_PLUGIN_H

/*
 * A rule is a struct zl_rule whose check function walks the zone graph
 * and calls zl_report() for each finding.  zonelint's own rules are
 * written against this header, and a shared object loaded with
 * --plugin registers more of them from zonelint_plugin_init().
 *
 * The version below changes whenever a structure in this header changes
 * its layout or a function changes its signature or meaning.  zonelint
 * rejects a plugin built with another version.  Within one version,
 * functions are only added.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZL_PLUGIN_API_VERSION 3

#define ZL_NONE UINT32_MAX	/* no name, record or zone */
#define ZL_NAME_WIRE_MAX 255	/* octets of a name in wire form (RFC 1035) */

/* Well-known record types, as numbers (RFC 1035 and later). */
enum {
	ZL_TYPE_A = 1, ZL_TYPE_NS = 2, ZL_TYPE_CNAME = 5, ZL_TYPE_SOA = 6,
	ZL_TYPE_PTR = 12, ZL_TYPE_MX = 15, ZL_TYPE_TXT = 16, ZL_TYPE_SIG = 24,
	ZL_TYPE_AAAA = 28,
	ZL_TYPE_SRV = 33, ZL_TYPE_DNAME = 39, ZL_TYPE_DS = 43, ZL_TYPE_RRSIG = 46,
	ZL_TYPE_NSEC = 47, ZL_TYPE_DNSKEY = 48, ZL_TYPE_NSEC3 = 50,
	ZL_TYPE_SPF = 99, ZL_TYPE_CAA = 257
};

/* A place in an input file.  Lines and columns count from 1; a column
 * counts bytes, so a tab is one column and a UTF-8 character is several. */
struct zl_pos {
	uint32_t file;	/* index into the run's file table */
	uint32_t line;
	uint32_t col;
	uint32_t off;	/* byte offset of the position in the file */
};

/* Severities, in increasing order. */
enum zl_severity {
	ZL_INFO,
	ZL_WARNING,
	ZL_ERROR
};

/* Name flags, see zl_graph_name_flags(). */
#define ZL_NAME_HAS_DATA	0x01u	/* owns records in some zone */
#define ZL_NAME_HAS_CHILDREN	0x02u	/* a name below it owns records */
#define ZL_NAME_ORIGIN		0x04u	/* the origin of a loaded zone */
#define ZL_NAME_DELEGATION	0x08u	/* has NS records and is not an origin */
/* Set when the name is interned: */
#define ZL_NAME_WILDCARD_PARENT	0x10u	/* "*" directly below it was interned */
#define ZL_NAME_HAS_STAR	0x20u	/* a label of the name contains '*' */
#define ZL_NAME_HIGH_BYTE	0x40u	/* a label has a byte above 0x7f */
/* Set by the index, so that walks up the tree can stop early: */
#define ZL_NAME_UNDER_CUT	0x80u	/* a strict ancestor is a delegation */
#define ZL_NAME_HAS_DNAME	0x100u	/* owns a DNAME record */
#define ZL_NAME_UNDER_DNAME	0x200u	/* a strict ancestor owns a DNAME record */

/* Record flags.  The bits not defined here are zonelint's own. */
#define ZL_REC_BROKEN		0x01u	/* RDATA failed to convert; rdata is empty */
#define ZL_REC_REPAIRED		0x02u	/* written wrongly; stored as most likely meant */
#define ZL_REC_GENERATED	0x04u	/* made by $GENERATE */
#define ZL_REC_TTL_FROM_SOA	0x08u	/* no TTL anywhere: the SOA minimum was used */
#define ZL_REC_WRONG_ORIGIN	0x10u	/* read under a relative $ORIGIN or $INCLUDE
					   origin, already reported there */
#define ZL_REC_OWNER_WRITTEN	0x20u	/* the line starts with the owner name */
#define ZL_REC_TYPE_APART	0x40u	/* the type is not on the record's first
					 * line, or more than 255 bytes on; see
					 * zl_record_type_pos() */

/* One resource record, kept small because a large zone has millions.
 * zl_record_pos() gives its position and zl_record_zone() its zone. */
struct zl_record {
	uint32_t owner;		/* name id */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint32_t rdata;		/* offset of the wire RDATA; see zl_graph_rdata() */
	uint16_t rdata_len;
	uint16_t flags;
	uint32_t line;		/* the start of the record's logical line */
	uint32_t off;
	uint16_t col;		/* 0 when the column is above UINT16_MAX */
	uint8_t type_delta;	/* bytes from the start to the type mnemonic,
				 * when it is on the same line and at most 255
				 * bytes on; see zl_record_type_pos() */
	uint8_t text_delta;	/* for a TXT record written as one plain quoted
				 * string on the type's line, bytes from the type
				 * mnemonic to the first byte of the text, when at
				 * most 255; 0 for other records, and for those of
				 * $GENERATE */
};

/* Every zone of one run: its files, names and records.  Rules read it
 * only through the functions below. */
struct zl_graph;
/* The findings of one run. */
struct zl_diags;
/* A finding, returned by zl_report() to add a hint. */
struct zl_diag;
struct zl_check;
struct zl_config_set;

/* A rule.  It reports findings about a zone only through zl_report(); it
 * must not fail because a zone is wrong, and must not print. */
struct zl_rule {
	const char *id;			/* stable kebab-case id, e.g. "txt-misencoded" */
	enum zl_severity severity;	/* default severity of its findings */
	const char *summary;		/* one line; built-in rules mark it with N_() */
	/* Walk the graph and report findings.  NULL for the rules whose
	 * findings another part of zonelint makes (the zone reader, the
	 * engine of declarative rules). */
	void (*check)(struct zl_check *check);
};

/* The argument of a rule's check function. */
struct zl_check {
	const struct zl_graph *graph;
	const struct zl_rule *rule;	/* the running rule */
	struct zl_diags *diags;
	const struct zl_config_set *config;	/* settings files; NULL when none */
};

/* Report a finding of the running rule at pos, about the records of owner
 * (a name id or ZL_NONE) of the given type (0 for none).  The message is a
 * printf format; built-in rules translate it with _() first.  Returns the
 * finding, so that a hint can be added with zl_diag_hint(), or NULL when the
 * run does not keep findings of this rule. */
struct zl_diag *zl_report(struct zl_check *check, enum zl_severity severity,
    struct zl_pos pos, uint32_t owner, uint16_t type, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Set the hint of a finding: how to fix it (a printf format).  d may be
 * NULL, so the result of zl_report() can be passed on unchecked. */
void zl_diag_hint(struct zl_diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Graph accessors.  Ids count from 0; names, records and zones are
 * numbered separately. */

size_t zl_graph_record_count(const struct zl_graph *g);
const struct zl_record *zl_graph_record(const struct zl_graph *g, uint32_t record);

/* The start of the logical line of r, a record of g. */
struct zl_pos zl_record_pos(const struct zl_graph *g, const struct zl_record *r);
/* The position of the type mnemonic of r. */
struct zl_pos zl_record_type_pos(const struct zl_graph *g, const struct zl_record *r);
/* The loaded zone that r belongs to. */
uint32_t zl_record_zone(const struct zl_graph *g, const struct zl_record *r);
/* The wire RDATA of r (r->rdata_len bytes). */
const uint8_t *zl_graph_rdata(const struct zl_graph *g, const struct zl_record *r);

size_t zl_graph_name_count(const struct zl_graph *g);
/* Write the folded (lower-case) wire form of a name to wire and return its
 * length.  The graph keeps only each name's first label, so this walks up
 * the name's ancestors. */
size_t zl_graph_name_wire(const struct zl_graph *g, uint32_t name,
    uint8_t wire[ZL_NAME_WIRE_MAX]);
/* The first label of a name, folded: a length octet, then that many
 * octets; the length is 0 for the root. */
const uint8_t *zl_graph_name_label(const struct zl_graph *g, uint32_t name);
/* The name with its first label removed; ZL_NONE for the root. */
uint32_t zl_graph_name_parent(const struct zl_graph *g, uint32_t name);
/* ZL_NAME_* flags of a name. */
unsigned zl_graph_name_flags(const struct zl_graph *g, uint32_t name);
/* The name as presentation text with a final dot; free() it. */
char *zl_graph_name_text(const struct zl_graph *g, uint32_t name);

/* Return the id of the name (wire form, any case), or ZL_NONE when the run
 * never saw it. */
uint32_t zl_graph_lookup(const struct zl_graph *g, const uint8_t *wire);
/* The same for an absolute name in presentation form ("_dmarc.example.").
 * Returns ZL_NONE also when text is not a valid absolute name. */
uint32_t zl_graph_lookup_text(const struct zl_graph *g, const char *text);

/* The records of name in zone (ZL_NONE: any zone) with the given type (0:
 * any type).  Sets *count and returns their ids; the array belongs to the
 * graph. */
const uint32_t *zl_graph_rrset(const struct zl_graph *g, uint32_t name,
    uint32_t zone, uint16_t type, size_t *count);

size_t zl_graph_zone_count(const struct zl_graph *g);
/* The origin (a name id) of a loaded zone. */
uint32_t zl_graph_zone_origin(const struct zl_graph *g, uint32_t zone);
/* The loaded zone whose origin is the closest enclosing name of name, or
 * ZL_NONE when the name lies outside every loaded zone. */
uint32_t zl_graph_zone_of(const struct zl_graph *g, uint32_t name);
/* The delegation point at or above name inside zone (the closest name
 * with NS records that is not the origin), or ZL_NONE. */
uint32_t zl_graph_delegation_of(const struct zl_graph *g, uint32_t zone,
    uint32_t name);

/* The path of an input file, as given or as resolved for $INCLUDE. */
const char *zl_graph_file_path(const struct zl_graph *g, uint32_t file);

/* The text of a TXT or SPF record, its character-strings joined without
 * separators (RFC 7208 section 3.3); NULL for other types.  Bytes are
 * not escaped, so the text may contain NUL bytes: *len is its length.
 * free() it. */
char *zl_record_txt(const struct zl_graph *g, const struct zl_record *r,
    size_t *len);

/* The RDATA of r in master-file presentation form ("10 mx1.example."),
 * the form --rules patterns match against; NULL for a record flagged
 * ZL_REC_BROKEN.  free() it. */
char *zl_record_rdata_text(const struct zl_graph *g, const struct zl_record *r);

/* Loading.  A plugin defines both symbols below:
 *
 *	ZL_PLUGIN_DEFINE_VERSION;
 *
 *	int
 *	zonelint_plugin_init(struct zl_plugin_registry *registry)
 *	{
 *		return zl_plugin_register(registry, &my_rule);
 *	}
 *
 * zonelint reads zonelint_plugin_api_version before it calls anything,
 * and loads the plugin only when it equals its own ZL_PLUGIN_API_VERSION.
 * zonelint_plugin_init() returns 0, or non-zero to stop the run. */

struct zl_plugin_registry;

/* Add a rule to the run.  The rule and its strings must stay valid until
 * the process ends (static storage in the plugin).  Returns 0, or -1 when
 * the id is empty or already taken or check is NULL; zonelint then reports
 * the problem and stops. */
int zl_plugin_register(struct zl_plugin_registry *registry, const struct zl_rule *rule);

extern const unsigned zonelint_plugin_api_version;
int zonelint_plugin_init(struct zl_plugin_registry *registry);

#define ZL_PLUGIN_DEFINE_VERSION \
	const unsigned zonelint_plugin_api_version = ZL_PLUGIN_API_VERSION

#ifdef __cplusplus
}
#endif

#endif
