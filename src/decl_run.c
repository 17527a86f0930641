/* Declarative rules: running them against the graph in one pass. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "decl_impl.h"

#include <stdlib.h>
#include <string.h>

#include "name.h"
#include "rdtext.h"
#include "rrtype.h"
#include "util.h"

/*
 * The cost per record is kept low in five ways.  A record meets only the
 * rules for its type, found with one look-up.  The cheap conditions (TTL,
 * apex, "has") come before any pattern.  The literal tests of all of a
 * rule's patterns (decl_filter.c) come before its first PCRE2 call, and
 * they decide most subjects alone.  The owner text is built once per name
 * and the RDATA text once per record, and only when a rule needs it.
 * Each distinct pattern is tested and matched once per name or record,
 * however many rules use it; "missing" rules may match a record once more.
 *
 * TODO: building the owner and RDATA texts is the largest cost left, about
 * 600 instructions per record with tests/perf/fifty.rules on the zone of
 * bench/gen-zone.  Testing prefixes against the wire form would skip most.
 */

/* Rules that apply to one record type. */
struct type_list {
	const struct zl_decl_rule **rules;
	size_t len, cap;
};

struct run {
	struct zl_decl *decl;
	const struct zl_graph *g;
	struct zl_diags *diags;
	pcre2_match_data *md;		/* sized for the most captures of any pattern */

	uint16_t *slot;			/* per type: index into lists, or 0 */
	struct type_list *lists;	/* [0]: the rules without a type */
	size_t nlists, lists_cap;
	const struct zl_decl_rule **missing;	/* enabled "missing" rules */
	size_t nmissing, missing_cap;

	uint32_t name;			/* the name being checked */
	unsigned name_flags;		/* its ZL_NAME_* flags */
	uint32_t zone;			/* the zone of its records being checked */
	uint64_t has_mask;		/* bits of the "has" types it owns in zone */
	uint8_t *has_bit;		/* per type: 1 + its bit, or 0 */
	struct zl_strbuf owner;		/* its text, when owner_ready */
	bool owner_ready;
	uint32_t record;		/* the record being checked */
	const char *subject;		/* its RDATA text, when text_state is 1: in text,
					 * or in the graph's RDATA; not NUL-terminated */
	size_t subject_len;
	struct zl_strbuf text;		/* the RDATA text when it had to be built */
	int text_state;			/* 0 not built, 1 built, -1 not printable */
};

static bool
enabled(const struct zl_diags *diags, const struct zl_decl_rule *r)
{
	long i;

	if (diags->rules == NULL)
		return true;
	i = zl_ruleset_index(diags->rules, &r->base);
	return i < 0 || diags->rules->settings[i].enabled;
}

static void
list_add(struct run *run, uint16_t type, const struct zl_decl_rule *r)
{
	struct type_list *l;

	if (type != 0 && run->slot[type] == 0) {
		struct type_list empty = { NULL, 0, 0 };

		run->slot[type] = (uint16_t)run->nlists;
		ZL_PUSH(run->lists, run->nlists, run->lists_cap, empty);
	}
	l = &run->lists[type == 0 ? 0 : run->slot[type]];
	ZL_PUSH(l->rules, l->len, l->cap, r);
}

/* Sort the enabled rules by the types they apply to; false when none is
 * enabled. */
static bool
build_lists(struct run *run)
{
	struct type_list untyped = { NULL, 0, 0 };
	bool any = false;

	run->slot = zl_xcalloc(65536, sizeof(*run->slot));
	run->has_bit = zl_xcalloc(65536, sizeof(*run->has_bit));
	for (size_t i = 0; i < run->decl->nhas; i++)
		run->has_bit[run->decl->has_types[i]] = (uint8_t)(i + 1);
	ZL_PUSH(run->lists, run->nlists, run->lists_cap, untyped);
	for (size_t i = 0; i < run->decl->nrules; i++) {
		const struct zl_decl_rule *r = run->decl->rules[i];

		if (!enabled(run->diags, r))
			continue;
		any = true;
		if (r->missing) {
			ZL_PUSH(run->missing, run->nmissing, run->missing_cap, r);
			continue;
		}
		if (r->ntypes == 0)
			list_add(run, 0, r);
		for (size_t t = 0; t < r->ntypes; t++)
			list_add(run, r->types[t], r);
	}
	return any;
}

static const char *
owner_text(struct run *run)
{
	if (!run->owner_ready) {
		uint8_t wire[ZL_NAME_WIRE_MAX];

		run->owner.len = 0;
		if (run->owner.data != NULL)
			run->owner.data[0] = '\0';
		zl_graph_name_wire(run->g, run->name, wire);
		zl_rdtext_add_name(wire, &run->owner);
		run->owner_ready = true;
	}
	return run->owner.data;
}

/* The RDATA text of the current record (run->subject_len bytes), or NULL
 * when it has none. */
static const char *build_record_text(struct run *run);

static inline const char *
record_text(struct run *run)
{
	if (run->text_state != 0)
		return run->text_state > 0 ? run->subject : NULL;
	return build_record_text(run);
}

static const char *
build_record_text(struct run *run)
{
	const struct zl_record *r = &run->g->records[run->record];
	const uint8_t *rdata = zl_graph_rdata(run->g, r);

	/* A TXT record of one string is its own text: no copy needed. */
	if ((r->type == ZL_TYPE_TXT || r->type == ZL_TYPE_SPF) && !(r->flags & ZL_REC_BROKEN) &&
	    r->rdata_len > 0 && (size_t)rdata[0] + 1 == r->rdata_len) {
		run->subject = (const char *)rdata + 1;
		run->subject_len = rdata[0];
		run->text_state = 1;
		return run->subject;
	}
	run->text.len = 0;
	run->text.data[0] = '\0';
	run->text_state = zl_rdtext_append(run->g, r, &run->text) ? 1 : -1;
	run->subject = run->text.data;
	run->subject_len = run->text.len;
	return run->text_state > 0 ? run->subject : NULL;
}

/* The subject text of a pattern for the current name or record, or NULL. */
static inline const char *
subject_text(struct run *run, const struct zl_decl_pattern *pat, size_t *len)
{
	const char *s;

	if (pat->subject == ZL_DECL_OWNER) {
		s = owner_text(run);
		*len = run->owner.len;
	} else {
		s = record_text(run);
		*len = run->subject_len;
	}
	return s;
}

/* The verdict of the literal tests for pattern index p on its subject,
 * remembered per name or record for the other rules that use it.  Inline,
 * as most calls end at the memo or at the first byte. */
static inline enum zl_decl_verdict
pattern_filter(struct run *run, long p)
{
	struct zl_decl_pattern *pat = &run->decl->patterns[p];
	uint32_t subject = pat->subject == ZL_DECL_OWNER ? run->name : run->record;
	const char *s;
	size_t len;

	if (pat->memo_subject == subject)
		return pat->memo_verdict;
	s = subject_text(run, pat, &len);
	pat->memo_subject = subject;
	if (s == NULL || len < pat->min_length || !zl_decl_filter_may_start(&pat->filter, s, len))
		pat->memo_verdict = ZL_DECL_NO;
	else
		pat->memo_verdict = zl_decl_filter_test(&pat->filter, s, len);
	return pat->memo_verdict;
}

/* Match pattern index p against the subject it is written for: PCRE2
 * runs once per name or record, and only when the literal tests cannot
 * decide. */
static bool
pattern_matches(struct run *run, long p)
{
	struct zl_decl_pattern *pat = &run->decl->patterns[p];
	enum zl_decl_verdict v = pattern_filter(run, p);
	const char *s;
	size_t len;
	int rc;

	if (v != ZL_DECL_UNKNOWN)
		return v == ZL_DECL_YES;
	s = subject_text(run, pat, &len);
	if (pat->jit)
		rc = pcre2_jit_match(pat->code, (PCRE2_SPTR)s, len, 0, 0, run->md, NULL);
	else
		rc = pcre2_match(pat->code, (PCRE2_SPTR)s, len, 0, 0, run->md, NULL);
	pat->memo_verdict = rc >= 0 ? ZL_DECL_YES : ZL_DECL_NO;
	return rc >= 0;
}

static bool
name_has(struct run *run, uint16_t type)
{
	size_t count;

	zl_graph_rrset(run->g, run->name, run->zone, type, &count);
	return count > 0;
}

/* The conditions on the name: apex, has, owner. */
static inline bool
name_ok(struct run *run, const struct zl_decl_rule *r)
{
	if (r->apex && !(run->name_flags & ZL_NAME_ORIGIN))
		return false;
	if (r->has_bit >= 0 && !(run->has_mask >> r->has_bit & 1))
		return false;
	if (r->has_type != 0 && r->has_bit < 0 && !name_has(run, r->has_type))
		return false;
	return r->owner < 0 || pattern_matches(run, r->owner);
}

static inline bool
ttl_ok(enum zl_decl_ttl_op op, uint32_t ttl, uint32_t limit)
{
	switch (op) {
	case ZL_TTL_ANY: return true;
	case ZL_TTL_LT: return ttl < limit;
	case ZL_TTL_LE: return ttl <= limit;
	case ZL_TTL_GT: return ttl > limit;
	case ZL_TTL_GE: return ttl >= limit;
	case ZL_TTL_EQ: return ttl == limit;
	case ZL_TTL_NE: return ttl != limit;
	}
	return false;
}

/* The conditions on the current record: TTL, match, not-match.  The type
 * was checked by the caller. */
static inline bool
record_ok(struct run *run, const struct zl_decl_rule *r)
{
	const struct zl_record *rec = &run->g->records[run->record];

	if (!ttl_ok(r->ttl_op, rec->ttl, r->ttl))
		return false;
	if (r->match < 0 && r->not_match < 0)
		return true;
	if (record_text(run) == NULL)
		return false;
	if (r->match >= 0 && !pattern_matches(run, r->match))
		return false;
	return r->not_match < 0 || !pattern_matches(run, r->not_match);
}

static void
add_field(struct run *run, const struct zl_decl_rule *r, const struct zl_record *rec,
    const char *field, size_t len, struct zl_strbuf *out)
{
	char tname[16];

	if (len == 5 && memcmp(field, "owner", 5) == 0) {
		zl_strbuf_adds(out, owner_text(run));
	} else if (len == 4 && memcmp(field, "type", 4) == 0) {
		zl_strbuf_adds(out, zl_rrtype_name(rec != NULL ? rec->type : r->types[0], tname));
	} else if (len == 4 && memcmp(field, "zone", 4) == 0) {
		uint32_t zone = rec != NULL ? zl_record_zone(run->g, rec) :
		    zl_graph_zone_of(run->g, run->name);
		uint8_t wire[ZL_NAME_WIRE_MAX];

		if (zone != ZL_NONE) {
			zl_graph_name_wire(run->g, zl_graph_zone_origin(run->g, zone), wire);
			zl_name_to_text(wire, out);
		}
	} else if (len == 3 && memcmp(field, "ttl", 3) == 0 && rec != NULL) {
		zl_strbuf_addf(out, "%u", rec->ttl);
	} else if (len == 5 && memcmp(field, "rdata", 5) == 0 && rec != NULL) {
		if (record_text(run) != NULL)
			zl_strbuf_add(out, run->subject, run->subject_len);
	} else {
		zl_strbuf_addc(out, '{');
		zl_strbuf_add(out, field, len);
		zl_strbuf_addc(out, '}');
	}
}

/* The length of the field name when p starts "{name}", else 0. */
static size_t
field_len(const char *p)
{
	size_t n;

	if (p[0] != '{')
		return 0;
	n = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz");
	return n > 0 && p[1 + n] == '}' ? n : 0;
}

/* Fill in $N (captures of the rule's match pattern, which rec matched)
 * and {field} references.  rec is NULL for a "missing" finding. */
static void
expand(struct run *run, const struct zl_decl_rule *r, const struct zl_record *rec,
    const char *text, struct zl_strbuf *out)
{
	PCRE2_SIZE *ov = NULL;
	int groups = 0;

	if (rec != NULL && r->match >= 0 && strchr(text, '$') != NULL) {
		groups = pcre2_match(run->decl->patterns[r->match].code,
		    (PCRE2_SPTR)run->subject, run->subject_len, 0, 0, run->md, NULL);
		ov = pcre2_get_ovector_pointer(run->md);
	}
	zl_strbuf_add(out, "", 0);
	for (const char *p = text; *p != '\0'; p++) {
		if (p[0] == '$' && p[1] == '$') {
			zl_strbuf_addc(out, '$');
			p++;
		} else if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
			int n = p[1] - '0';

			/* A group that did not take part in the match is empty. */
			if (n < groups && ov[2 * n] != PCRE2_UNSET)
				zl_strbuf_add(out, run->subject + ov[2 * n], ov[2 * n + 1] - ov[2 * n]);
			p++;
		} else if (field_len(p) > 0) {
			size_t n = field_len(p);

			add_field(run, r, rec, p + 1, n, out);
			p += n + 1;
		} else {
			zl_strbuf_addc(out, *p);
		}
	}
}

static void
report(struct run *run, const struct zl_decl_rule *r, const struct zl_record *rec,
    struct zl_pos pos, uint16_t type)
{
	struct zl_strbuf message, hint;
	struct zl_diag *d;

	zl_strbuf_init(&message);
	expand(run, r, rec, r->message, &message);
	d = zl_diag_emit(run->diags, &r->base, r->base.severity, pos, run->name, type,
	    "%s", message.data);
	if (r->hint != NULL) {
		zl_strbuf_init(&hint);
		expand(run, r, rec, r->hint, &hint);
		zl_diag_hint(d, "%s", hint.data);
		zl_strbuf_fini(&hint);
	}
	zl_strbuf_fini(&message);
}

/* True unless a literal test shows that one of the rule's patterns
 * rules the record out: these tests are cheap, so all of them come
 * before the first PCRE2 call. */
static bool
filters_pass(struct run *run, const struct zl_decl_rule *r)
{
	/* The owner first: its verdict holds for every record of the name. */
	if (r->owner >= 0 && pattern_filter(run, r->owner) == ZL_DECL_NO)
		return false;
	if (r->match >= 0 && pattern_filter(run, r->match) == ZL_DECL_NO)
		return false;
	return r->not_match < 0 || pattern_filter(run, r->not_match) != ZL_DECL_YES;
}

/* True when the current record satisfies every condition of r: first the
 * ones that compare numbers and flags, then the literal tests of every
 * pattern, then PCRE2. */
static bool
rule_applies(struct run *run, const struct zl_decl_rule *r, const struct zl_record *rec)
{
	if (r->apex && !(run->name_flags & ZL_NAME_ORIGIN))
		return false;
	if (!ttl_ok(r->ttl_op, rec->ttl, r->ttl))
		return false;
	if (r->has_bit >= 0 && !(run->has_mask >> r->has_bit & 1))
		return false;
	return filters_pass(run, r) && name_ok(run, r) && record_ok(run, r);
}

static void
check_list(struct run *run, const struct type_list *l)
{
	const struct zl_record *rec = &run->g->records[run->record];

	for (size_t i = 0; i < l->len; i++) {
		if (rule_applies(run, l->rules[i], rec))
			report(run, l->rules[i], rec, zl_record_pos(run->g, rec),
			    rec->type);
	}
}

/* A "missing" rule: the name qualifies and none of its records of the
 * rule's types satisfies the record conditions.  The finding points at
 * the first record of those types, or at the name's first record in the
 * zone (the first one written: record ids follow the order of the files). */
/* TODO: only names that own records are checked; a rule cannot require a
 * record at a name that does not exist, such as _dmarc under each MX name. */
static void
check_missing(struct run *run, const struct zl_decl_rule *r, uint32_t first)
{
	uint32_t at = ZL_NONE;

	if (!name_ok(run, r))
		return;
	for (size_t t = 0; t < r->ntypes; t++) {
		size_t count;
		const uint32_t *ids = zl_graph_rrset(run->g, run->name, run->zone, r->types[t], &count);

		for (size_t k = 0; k < count; k++) {
			run->record = ids[k];
			run->text_state = 0;
			if (record_ok(run, r))
				return;
			if (at == ZL_NONE)
				at = ids[k];
		}
	}
	if (at == ZL_NONE)
		at = first;
	report(run, r, NULL, zl_record_pos(run->g, &run->g->records[at]), r->types[0]);
}

/* The record written first among ids, which are sorted by type. */
static uint32_t
first_written(const uint32_t *ids, size_t n)
{
	uint32_t first = ids[0];

	for (size_t k = 1; k < n; k++) {
		if (ids[k] < first)
			first = ids[k];
	}
	return first;
}

/* Check the records of one name in one zone: a name that two loaded
 * zones share (a delegation point and the child's apex) is checked once
 * in each, so that "has" and "missing" look at one zone's records. */
static void
check_name_in_zone(struct run *run, const uint32_t *ids, size_t n)
{
	run->has_mask = 0;
	for (size_t k = 0; k < n; k++) {
		uint8_t bit = run->has_bit[run->g->records[ids[k]].type];

		if (bit != 0)
			run->has_mask |= (uint64_t)1 << (bit - 1);
	}
	for (size_t k = 0; k < n; k++) {
		const struct zl_record *rec = &run->g->records[ids[k]];
		uint16_t slot = run->slot[rec->type];

		if (slot == 0 && run->lists[0].len == 0)
			continue;
		run->record = ids[k];
		run->text_state = 0;
		if (slot != 0)
			check_list(run, &run->lists[slot]);
		check_list(run, &run->lists[0]);
	}
	for (size_t i = 0; i < run->nmissing; i++)
		check_missing(run, run->missing[i], first_written(ids, n));
}

/* The records of a name are grouped by zone, then by type. */
static void
check_name(struct run *run, uint32_t name, const uint32_t *ids, size_t n)
{
	size_t start = 0;

	run->name = name;
	run->name_flags = run->g->names[name].flags;
	run->owner_ready = false;
	while (start < n) {
		size_t end = start + 1;

		run->zone = zl_record_zone(run->g, &run->g->records[ids[start]]);
		while (end < n &&
		    zl_record_zone(run->g, &run->g->records[ids[end]]) == run->zone)
			end++;
		check_name_in_zone(run, ids + start, end - start);
		start = end;
	}
}

void
zl_decl_run(struct zl_decl *decl, const struct zl_graph *g, struct zl_diags *diags)
{
	struct run run;

	if (decl == NULL || decl->nrules == 0)
		return;
	memset(&run, 0, sizeof(run));
	run.decl = decl;
	run.g = g;
	run.diags = diags;
	zl_strbuf_init(&run.owner);
	zl_strbuf_init(&run.text);
	zl_strbuf_add(&run.text, "", 0);

	if (build_lists(&run)) {
		run.md = pcre2_match_data_create(decl->max_captures + 1, NULL);
		for (size_t i = 0; i < decl->npatterns; i++)
			decl->patterns[i].memo_subject = ZL_NONE;
		for (size_t name = 0; name < g->nnames; name++) {
			const struct zl_name *n = &g->names[name];
			uint32_t count = zl_name_nrecords(g, (uint32_t)name);

			if (count > 0)
				check_name(&run, (uint32_t)name, g->by_name + n->first, count);
		}
		pcre2_match_data_free(run.md);
	}

	for (size_t i = 0; i < run.nlists; i++)
		free(run.lists[i].rules);
	free(run.lists);
	free(run.slot);
	free(run.has_bit);
	free(run.missing);
	zl_strbuf_fini(&run.owner);
	zl_strbuf_fini(&run.text);
}
