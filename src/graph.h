/* The zone graph: every zone of a run, its names, records and references. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_GRAPH_H
#define ZL_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pos.h"

#define ZL_NONE UINT32_MAX	/* no name, record or zone */

/* Well-known record types, as numbers (RFC 1035 and later). */
enum {
	ZL_TYPE_A = 1, ZL_TYPE_NS = 2, ZL_TYPE_CNAME = 5, ZL_TYPE_SOA = 6,
	ZL_TYPE_PTR = 12, ZL_TYPE_MX = 15, ZL_TYPE_TXT = 16, ZL_TYPE_SIG = 24, ZL_TYPE_AAAA = 28,
	ZL_TYPE_SRV = 33, ZL_TYPE_DNAME = 39, ZL_TYPE_DS = 43, ZL_TYPE_RRSIG = 46,
	ZL_TYPE_NSEC = 47, ZL_TYPE_DNSKEY = 48, ZL_TYPE_NSEC3 = 50,
	ZL_TYPE_SPF = 99, ZL_TYPE_CAA = 257
};

#define ZL_CLASS_IN 1

/* An input file: a zone file or a file it includes. */
struct zl_file {
	char *path;		/* as given or as resolved for $INCLUDE; owned */
	const char *data;	/* contents; owned, see mapped */
	size_t size;
	bool mapped;		/* data is an mmap() of the file, else malloc()ed */
	uint32_t zone;
	uint32_t parent;	/* the including file, or ZL_NONE */
	struct zl_pos included_at;	/* the $INCLUDE line in parent */
};

/* Name flags. */
#define ZL_NAME_HAS_DATA	0x01u	/* owns records in some zone */
#define ZL_NAME_HAS_CHILDREN	0x02u	/* a name below it owns records */
#define ZL_NAME_ORIGIN		0x04u	/* the origin of a loaded zone */
#define ZL_NAME_DELEGATION	0x08u	/* has NS records and is not an origin */

/* A domain name, stored once per run in folded (lower-case) wire form. */
struct zl_name {
	uint32_t wire;		/* offset of the wire form in the name arena */
	uint32_t parent;	/* the name with the first label removed; ZL_NONE for the root */
	uint32_t hash;
	uint32_t first;		/* first entry of its records in zl_graph.by_name */
	uint32_t count;		/* number of its records */
	uint32_t zone;		/* for an origin, the zone it starts; else ZL_NONE */
	uint16_t flags;
	uint8_t labels;
	uint8_t wire_len;	/* length of the wire form, 1 to 255 */
};

/* Record flags. */
#define ZL_REC_BROKEN		0x01u	/* RDATA failed to convert; rdata is empty */
#define ZL_REC_REPAIRED		0x02u	/* written wrongly; stored as most likely meant */
#define ZL_REC_GENERATED	0x04u	/* made by $GENERATE */
#define ZL_REC_TTL_FROM_SOA	0x08u	/* no TTL anywhere: the SOA minimum was used */

/* One resource record. */
struct zl_record {
	uint32_t owner;		/* name id */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint32_t rdata;		/* offset of the wire RDATA in the rdata arena */
	uint16_t rdata_len;
	uint16_t flags;
	uint32_t zone;
	struct zl_pos pos;	/* start of the record's logical line */
	struct zl_pos type_pos;	/* the type mnemonic */
};

/* Reference kinds: which field of which record names another name. */
enum zl_ref_kind {
	ZL_REF_NS, ZL_REF_MX, ZL_REF_CNAME, ZL_REF_DNAME, ZL_REF_SRV,
	ZL_REF_PTR, ZL_REF_SOA_MNAME, ZL_REF_SOA_RNAME, ZL_REF_OTHER,
	ZL_REF_SPF, ZL_REF_DMARC
};

/* A name that one record points at. */
struct zl_ref {
	uint32_t record;	/* the record holding the reference */
	uint32_t target;	/* name id */
	enum zl_ref_kind kind;
	struct zl_pos pos;	/* the token that holds the target name */
};

/* A note left by the reader about a record that was written wrongly and
 * how it was read; rules turn notes into diagnostics. */
enum zl_note_kind {
	ZL_NOTE_TYPE_BEFORE_TXT,	/* "IN A TXT ...": a type word before the meant type */
	ZL_NOTE_WORD_AFTER_TYPE,	/* "TXT A ...", "TXT IN ...", "TXT TXT ..." */
	ZL_NOTE_WORD_AFTER_DATA,	/* "TXT "..." 3600" or "... IN" */
	ZL_NOTE_CONTINUATION,		/* quoted strings on the next line without '(' */
	ZL_NOTE_UNQUOTED_WORDS,		/* TXT v=spf1 a mx -all */
	ZL_NOTE_UNQUOTED_SEMICOLON,	/* TXT v=DMARC1; p=reject */
	ZL_NOTE_SMART_QUOTES,		/* “...” */
	ZL_NOTE_ESCAPED_QUOTES,		/* "\"...\"" */
	ZL_NOTE_ADDRESS_SPACES,		/* A 192 0 2 1 */
	ZL_NOTE_ADJACENT_STRINGS	/* "a""b" */
};

struct zl_note {
	enum zl_note_kind kind;
	uint32_t record;	/* the record as it was read, or ZL_NONE */
	struct zl_pos pos;	/* the offending token */
	char *word;		/* the offending text; owned, may be NULL */
	char *meant;		/* the text most likely meant; owned, may be NULL */
	uint16_t type;		/* the type as written, for ZL_NOTE_TYPE_BEFORE_TXT */
};

/* Zone flags. */
#define ZL_ZONE_NO_DEFAULT_TTL	0x01u	/* a record had no TTL and no $TTL was set */
#define ZL_ZONE_FAILED		0x02u	/* the file could not be read at all */

/* A loaded zone: one zone file and the files it includes. */
struct zl_zone {
	uint32_t origin;	/* name id */
	uint32_t file;		/* the zone file */
	uint32_t first_record;	/* its records are contiguous in zl_graph.records */
	uint32_t record_count;
	unsigned flags;
	struct zl_pos no_ttl_pos;	/* first record without any TTL */
};

/* Every zone of one run, with indexes built by zl_graph_index(). */
struct zl_graph {
	struct zl_file *files;
	size_t nfiles, files_cap;
	struct zl_zone *zones;
	size_t nzones, zones_cap;

	struct zl_name *names;
	size_t nnames, names_cap;
	uint8_t *name_arena;		/* folded wire names */
	size_t name_arena_len, name_arena_cap;
	uint32_t *name_table;		/* open-addressing hash table of name ids */
	size_t name_table_cap;		/* a power of two */

	struct zl_record *records;
	size_t nrecords, records_cap;
	uint8_t *rdata;			/* wire RDATA of all records */
	size_t rdata_len, rdata_cap;

	struct zl_ref *refs;
	size_t nrefs, refs_cap;
	struct zl_note *notes;
	size_t nnotes, notes_cap;

	uint32_t *by_name;		/* record ids grouped by owner, then zone and type */
	bool indexed;
};

void zl_graph_init(struct zl_graph *g);
void zl_graph_fini(struct zl_graph *g);

/* Find or add the name (wire form, any case) and its ancestors; return its id. */
uint32_t zl_graph_intern(struct zl_graph *g, const uint8_t *wire);

/* Return the id of the name, or ZL_NONE when the run never saw it. */
uint32_t zl_graph_lookup(const struct zl_graph *g, const uint8_t *wire);

static inline const uint8_t *
zl_graph_name_wire(const struct zl_graph *g, uint32_t name)
{
	return g->name_arena + g->names[name].wire;
}

/* The name as presentation text with a final dot; free() it. */
char *zl_graph_name_text(const struct zl_graph *g, uint32_t name);

/* The RDATA of r; callers may take it before they look at rdata_len, so
 * it is a valid pointer even while no record has RDATA. */
static inline const uint8_t *
zl_graph_rdata(const struct zl_graph *g, const struct zl_record *r)
{
	static const uint8_t empty[1];

	return g->rdata != NULL ? g->rdata + r->rdata : empty;
}

/* Append RDATA to the arena and return its offset. */
uint32_t zl_graph_add_rdata(struct zl_graph *g, const uint8_t *data, size_t len);

/* Append a record and return its id. */
uint32_t zl_graph_add_record(struct zl_graph *g, const struct zl_record *r);

void zl_graph_add_ref(struct zl_graph *g, uint32_t record, uint32_t target,
    enum zl_ref_kind kind, struct zl_pos pos);

/* Append a note; the graph takes word and meant (may be NULL). */
void zl_graph_add_note(struct zl_graph *g, enum zl_note_kind kind, uint32_t record,
    struct zl_pos pos, char *word, char *meant, uint16_t type);

/* Build the indexes: records by owner, zone and type, name flags and
 * delegation points.  Call once after every zone is loaded. */
void zl_graph_index(struct zl_graph *g);

/* The records of name in zone (ZL_NONE: any zone) with the given type (0:
 * any type).  Sets *count and returns a pointer into g->by_name. */
const uint32_t *zl_graph_rrset(const struct zl_graph *g, uint32_t name,
    uint32_t zone, uint16_t type, size_t *count);

/* The loaded zone whose origin is the closest enclosing name of name, or
 * ZL_NONE when the name lies outside every loaded zone. */
uint32_t zl_graph_zone_of(const struct zl_graph *g, uint32_t name);

/* The delegation point at or above name inside zone (the closest name
 * with NS records that is not the origin), or ZL_NONE. */
uint32_t zl_graph_delegation_of(const struct zl_graph *g, uint32_t zone,
    uint32_t name);

#endif
