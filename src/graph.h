/* The zone graph: every zone of a run, its names, records and references. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_GRAPH_H
#define ZL_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zonelint/plugin.h>
#include "name.h"

#define ZL_CLASS_IN 1

/* An input file: a zone file or a file it includes. */
struct zl_file {
	char *path;		/* as given or as resolved for $INCLUDE; owned */
	const char *data;	/* contents; owned, see mapped */
	size_t size;
	bool mapped;		/* data is an mmap() of the file, else malloc()ed */
	bool no_suppressions;	/* the reader found no "zonelint:" in the text,
				 * so it contains no suppression comment */
	uint32_t zone;
	uint32_t parent;	/* the including file, or ZL_NONE */
	struct zl_pos included_at;	/* the $INCLUDE line in parent */
};

/* A domain name, stored once per run: its folded (lower-case) first label
 * beside its parent's id. */
struct zl_name {
	uint32_t wire;		/* offset of the first label in the name arena */
	uint32_t parent;	/* the name with the first label removed; ZL_NONE for the root */
	uint32_t hash;
	uint32_t first;		/* first entry of its records in zl_graph.by_name;
				 * the next name's first ends them */
	uint16_t flags;
	uint8_t labels;
	uint8_t wire_len;	/* length of the wire form, 1 to 255 */
};

/* Name flags of the graph's own, which zl_graph_name_flags() leaves out of
 * the ZL_NAME_* flags of <zonelint/plugin.h>.  The first
 * marks a label with a byte that presentation form writes as an escape.
 * The second, set by the index, marks a name whose records are all in one
 * zone. */
#define ZL_NAME_ESCAPED_TEXT	0x8000u
#define ZL_NAME_ONE_ZONE	0x4000u

/* A record flag of the graph's own, set when a record is added: a TXT
 * record whose text starts with an SPF version (zl_spf_is_record()).  The
 * SPF rules test it instead of reading the RDATA of every TXT record. */
#define ZL_REC_SPF_TEXT		0x8000u

/* The position of a record's type mnemonic when it is not on the line
 * where the record starts.  Such records are rare, so they are kept
 * apart, sorted by record id. */
struct zl_type_pos {
	uint32_t record;
	struct zl_pos pos;
};

/* A run of records read from one file into one zone: the records from
 * first up to the first record of the next run. */
struct zl_record_run {
	uint32_t first;
	uint32_t file;
	uint32_t zone;
};

/* Reference kinds: which field of which record names another name. */
enum zl_ref_kind {
	ZL_REF_NS, ZL_REF_MX, ZL_REF_CNAME, ZL_REF_DNAME, ZL_REF_SRV,
	ZL_REF_PTR, ZL_REF_SOA_MNAME, ZL_REF_SOA_RNAME, ZL_REF_OTHER,
	ZL_REF_SPF, ZL_REF_DMARC
};

/* A name that one record points at.  The token that contains the name is
 * in the record's file, and zl_ref_pos() gives its position. */
struct zl_ref {
	uint32_t record;	/* the record holding the reference */
	uint32_t target;	/* name id */
	uint32_t line;
	uint32_t off;
	uint16_t col;		/* 0 when above UINT16_MAX */
	uint8_t kind;		/* enum zl_ref_kind */
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
	ZL_NOTE_ADJACENT_STRINGS,	/* "a""b" */
	ZL_NOTE_TYPE_FOR_TXT		/* IN A "v=spf1 -all": mail text under another type */
};

struct zl_note {
	enum zl_note_kind kind;
	uint32_t record;	/* the record as it was read, or ZL_NONE */
	struct zl_pos pos;	/* the offending token */
	char *word;		/* the offending text; owned, may be NULL */
	char *meant;		/* the text most likely meant; owned, may be NULL */
	uint16_t type;		/* the type as written, for ZL_NOTE_TYPE_BEFORE_TXT and
				 * ZL_NOTE_TYPE_FOR_TXT */
};

/* Zone flags. */
#define ZL_ZONE_NO_DEFAULT_TTL	0x01u	/* a record had no TTL and no $TTL was set */
#define ZL_ZONE_TRUNCATED	0x02u	/* --max-records stopped the reading, so records are missing */
#define ZL_ZONE_SIGNED		0x04u	/* it has an RRSIG record; set by zl_graph_index() */

/* A loaded zone: one zone file and the files it includes. */
struct zl_zone {
	uint32_t origin;	/* name id */
	uint32_t file;		/* the zone file */
	uint32_t first_record;	/* its records are contiguous in zl_graph.records */
	uint32_t record_count;
	unsigned flags;
	struct zl_pos no_ttl_pos;	/* first record without any TTL */
};

/* The records of one type, at by_type[first] to by_type[first + count - 1]
 * of the graph. */
struct zl_type_list {
	uint16_t type;
	uint32_t first;
	uint32_t count;
};

struct zl_posture;

/* Every zone of one run, with indexes built by zl_graph_index(). */
struct zl_graph {
	struct zl_file *files;
	size_t nfiles, files_cap;
	struct zl_zone *zones;
	size_t nzones, zones_cap;

	struct zl_name *names;
	size_t nnames, names_cap;
	uint8_t *name_arena;		/* folded first labels of the names */
	size_t name_arena_len, name_arena_cap;
	uint32_t *name_table;		/* open addressing: name id and hash bits */
	size_t name_table_cap;		/* a power of two */
	unsigned name_id_bits;		/* bits of a slot that hold the id */
	uint64_t *origin_table;		/* open addressing: origin name id, zone */
	size_t norigins, origin_table_cap;	/* the capacity is a power of two */

	struct zl_record *records;
	size_t nrecords, records_cap;
	struct zl_record_run *runs;	/* in the order of the records */
	size_t nruns, runs_cap;
	uint8_t *rdata;			/* wire RDATA of all records */
	size_t rdata_len, rdata_cap;

	struct zl_ref *refs;
	size_t nrefs, refs_cap;
	struct zl_note *notes;
	size_t nnotes, notes_cap;

	struct zl_type_pos *type_apart;	/* records with ZL_REC_TYPE_APART */
	size_t ntype_apart, type_apart_cap;

	uint32_t *by_name;		/* record ids grouped by owner, then zone and type */
	uint32_t *by_type;		/* ids of the records of listed types, by type */
	struct zl_type_list *type_lists;	/* one per listed type present, by type */
	size_t ntype_lists;
	bool indexed;

	struct zl_txtpos_cache *txtpos;	/* kept by zl_txt_position(); owned */
	struct zl_mail_cache *mail;	/* parsed mail records (mailcache.h); owned */

	struct zl_posture *posture;	/* for a graph joined from parts by
					 * zl_graph_append(): the posture of each
					 * part, which zl_posture_compute() returns
					 * instead of computing it; owned, else NULL */
	size_t nposture;
};

/* The place of a part that zl_graph_append() added: the first of its ids
 * in the joined graph. */
struct zl_graph_offsets {
	uint32_t file, zone, name, record;
};

/* Return whether zl_graph_index() lists the records of type.  The types
 * that make up the bulk of most zones are left out to keep the lists
 * small, so a rule that looks at them reads every record. */
static inline bool
zl_graph_type_listed(uint16_t type)
{
	switch (type) {
	case ZL_TYPE_A:
	case ZL_TYPE_AAAA:
	case ZL_TYPE_CNAME:
	case ZL_TYPE_MX:
	case ZL_TYPE_NS:
	case ZL_TYPE_PTR:
	case ZL_TYPE_TXT:
		return false;
	default:
		return true;
	}
}

/* Return the ids of the records of type in zone, in record order, and set
 * *count to their number.  type is a listed type, and ZL_NONE as zone
 * means every zone. */
const uint32_t *zl_graph_type_records(const struct zl_graph *g, uint16_t type, uint32_t zone,
    size_t *count);

/* Return the ids of the records of the ntypes listed types in zone (every
 * zone for ZL_NONE), merged in record order, in an array to free().  Set
 * *count to their number. */
uint32_t *zl_graph_types_records(const struct zl_graph *g, const uint16_t *types, size_t ntypes,
    uint32_t zone, size_t *count);

/* The number of records of a name, from zl_graph_index(); 0 before the
 * index is built. */
static inline uint32_t
zl_name_nrecords(const struct zl_graph *g, uint32_t name)
{
	uint32_t end = name + 1 < g->nnames ? g->names[name + 1].first : (uint32_t)g->nrecords;

	return g->indexed ? end - g->names[name].first : 0;
}

void zl_graph_init(struct zl_graph *g);
void zl_graph_fini(struct zl_graph *g);

/* Add to g every name of part that g lacks, and store in map[i] the id
 * in g of name i of part.  A name comes after its parent in every graph,
 * so the names new to g get the ids that interning them in the order of
 * part would give. */
void zl_graph_merge_names(struct zl_graph *g, const struct zl_graph *part, uint32_t *map);

/*
 * Give the pages of the mapped zone files back to the kernel.  Rules and
 * report writers read records again for positions and excerpts.  On a
 * large zone with findings all over it, those reads would keep the whole
 * file in memory beside the graph, so they call zl_graph_reread(), which
 * releases the pages every so many calls.  The mappings stay valid: the
 * next read faults its page in from the file.
 */
void zl_graph_release_files(const struct zl_graph *g);

/* Count one read of a record's text after loading, on the calling
 * thread, and release the files' pages every 1,024 of them. */
void zl_graph_reread(const struct zl_graph *g);

/* The accessors that rules use, zl_graph_lookup(), zl_graph_rrset() and
 * the others, are declared in <zonelint/plugin.h>.  The functions here
 * build the graph and are for the zone reader. */

/* Find or add the name (wire form, any case) and its ancestors; return its id. */
uint32_t zl_graph_intern(struct zl_graph *g, const uint8_t *wire);

/* Readable bytes after a folded name, so that labels compare a word at a
 * time. */
#define ZL_NAME_PAD 8

/* A name folded and hashed before it is interned.  zl_graph_name_key()
 * starts loading the name's slot of the name table, which in a large zone
 * is seldom in the cache, so that other work can go on meanwhile. */
struct zl_name_key {
	uint8_t folded[ZL_NAME_MAX + ZL_NAME_PAD];
	size_t len;
	uint32_t hash;
};

/* Fold and hash the name wire (wire form, any case) into key for
 * zl_graph_intern_key() on g. */
void zl_graph_name_key(const struct zl_graph *g, const uint8_t *wire, struct zl_name_key *key);

/* Find or add the name of key, made by zl_graph_name_key() on g, and its
 * ancestors; return its id. */
uint32_t zl_graph_intern_key(struct zl_graph *g, const struct zl_name_key *key);

/* Mark name as an origin.  The first zone given for it is the zone that
 * zl_graph_zone_of() returns for the names below it. */
void zl_graph_add_origin(struct zl_graph *g, uint32_t name, uint32_t zone);

/* Size the name table for count names in all, so that it is not rebuilt
 * again and again while a large file is read. */
void zl_graph_reserve_names(struct zl_graph *g, size_t count);

/* Append RDATA to the arena and return its offset. */
uint32_t zl_graph_add_rdata(struct zl_graph *g, const uint8_t *data, size_t len);

/* Append len bytes of data to the RDATA of record, which ends the arena,
 * and keep the record's flags in step with its longer text. */
void zl_graph_extend_rdata(struct zl_graph *g, uint32_t record, const uint8_t *data,
    size_t len);

/* Append a record of zone whose logical line starts at pos, and return
 * its id.  The line, offset and column of r are set from pos, and its
 * type is taken to be at pos until zl_graph_set_type_pos() is called. */
uint32_t zl_graph_add_record(struct zl_graph *g, const struct zl_record *r,
    struct zl_pos pos, uint32_t zone);

/* Append the RDATA of part to the arena of g, free it in part, and return
 * the offset where it starts. */
uint32_t zl_graph_take_rdata(struct zl_graph *g, struct zl_graph *part);

/* Append the records of part, and their runs, to g, and free the records
 * in part.  The caller maps owners and RDATA offsets. */
void zl_graph_take_records(struct zl_graph *g, struct zl_graph *part);

/* Store the position of the type mnemonic of record.  Call it right after
 * adding the record. */
void zl_graph_set_type_pos(struct zl_graph *g, uint32_t record, struct zl_pos pos);

/* Append a reference from record to target, whose name is written at pos
 * in the record's file. */
void zl_graph_add_ref(struct zl_graph *g, uint32_t record, uint32_t target,
    enum zl_ref_kind kind, struct zl_pos pos);

/* The position of the token that contains the target name of ref. */
struct zl_pos zl_ref_pos(const struct zl_graph *g, const struct zl_ref *ref);

/* Append a note; the graph takes word and meant (may be NULL). */
void zl_graph_add_note(struct zl_graph *g, enum zl_note_kind kind, uint32_t record,
    struct zl_pos pos, char *word, char *meant, uint16_t type);

/* Build the indexes: records by owner, zone and type, name flags and
 * delegation points.  Call once after every zone is loaded. */
void zl_graph_index(struct zl_graph *g);

/* Move the files, zones, names and records of part to the end of g, and
 * empty part.  The names of part are not merged with those of g: they
 * stay a tree of their own, so the ids of part's records, references and
 * origins keep reaching part's names only.  *at receives the offsets to
 * add to part's ids.  A name that both contain is found by
 * zl_graph_lookup() in g's tree, so the joined graph is for reports,
 * which reach names by id, not for rules.  g is indexed again. */
void zl_graph_append(struct zl_graph *g, struct zl_graph *part, struct zl_graph_offsets *at);

#endif
