/* Reading BIND's named.conf for the primary zones it serves. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "namedconf.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "infile.h"
#include "util.h"

/* Nested include statements allowed; deeper nesting is taken for a loop
 * that the path comparison did not catch (links, for instance). */
#define MAX_INCLUDE_DEPTH 32

enum token_kind {
	TOKEN_WORD,		/* unquoted text */
	TOKEN_STRING,		/* quoted text, escapes removed */
	TOKEN_OPEN,		/* { */
	TOKEN_CLOSE,		/* } */
	TOKEN_SEMICOLON,
	TOKEN_EOF,
	TOKEN_ERROR		/* an unterminated string or comment */
};

struct token {
	enum token_kind kind;
	char *text;		/* for a word or a string; owned by the lexer */
	uint32_t line;
};

/* One file being read. */
struct conf_lexer {
	const char *path;
	char *data;		/* owned */
	size_t size, off;
	uint32_t line;
	struct zl_strbuf text;	/* text of the latest word or string */
};

/* A zone statement of class IN, kept until the 'in-view' statements are
 * resolved after the whole named.conf is read. */
struct declared_zone {
	char *key;		/* zone name in lower case without the final dot; owned */
	char *view;		/* the view it is in, or NULL; owned */
	char *in_view;		/* the view that its 'in-view' names, or NULL; owned */
	bool defines;		/* of a type that 'in-view' can name in another view */
	size_t zone;		/* its entry of nc->zones, or SIZE_MAX */
	char *conf;		/* the configuration file of the statement; owned */
	uint32_t line;
	size_t source;		/* once resolved: the entry of nc->zones whose file
				 * the zone is read from, or SIZE_MAX */
	enum { UNRESOLVED, FOLLOWING, RESOLVED } state;
};

/* The state of one read: the named.conf and every file it includes. */
struct reading {
	struct zl_namedconf *nc;
	char *error;		/* the first fatal problem; owned */
	char *stack[MAX_INCLUDE_DEPTH];	/* real paths of the files being read */
	unsigned depth;
	struct declared_zone *declared;	/* in file order; owned */
	size_t ndeclared, declared_cap;
};

/* The kind of a block body, which decides the statements that matter in it. */
enum body_kind {
	BODY_TOP, BODY_OPTIONS, BODY_VIEW, BODY_ZONE, BODY_OTHER
};

/* The statements of one zone block that decide whether it is analyzed. */
struct zone_block {
	char *type;		/* owned */
	char *file;		/* owned */
	char *in_view;		/* the view that 'in-view' names; owned */
	bool other_database;	/* 'database' other than rbt, or 'dlz' */
};

static char *format_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *
format_message(const char *fmt, ...)
{
	struct zl_strbuf sb;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	zl_strbuf_init(&sb);
	zl_grow((void **)&sb.data, &sb.cap, (size_t)(n < 0 ? 0 : n) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.data, sb.cap, fmt, ap);
	va_end(ap);
	return sb.data;
}

static void fail(struct reading *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Keep the first fatal problem; reading stops there. */
static void
fail(struct reading *r, const char *fmt, ...)
{
	struct zl_strbuf sb;
	va_list ap;
	int n;

	if (r->error != NULL)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	zl_strbuf_init(&sb);
	zl_grow((void **)&sb.data, &sb.cap, (size_t)(n < 0 ? 0 : n) + 1, 1);
	va_start(ap, fmt);
	vsnprintf(sb.data, sb.cap, fmt, ap);
	va_end(ap);
	r->error = sb.data;
}




/* Skip blanks and the three kinds of comments; false for a comment that
 * the end of the file cuts. */
static bool
skip_space(struct conf_lexer *lx)
{
	while (lx->off < lx->size) {
		char c = lx->data[lx->off];
		char next = lx->off + 1 < lx->size ? lx->data[lx->off + 1] : '\0';

		if (c == '\n') {
			lx->line++;
			lx->off++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->off++;
		} else if (c == '#' || (c == '/' && next == '/')) {
			while (lx->off < lx->size && lx->data[lx->off] != '\n')
				lx->off++;
		} else if (c == '/' && next == '*') {
			lx->off += 2;
			while (lx->off + 1 < lx->size &&
			    !(lx->data[lx->off] == '*' && lx->data[lx->off + 1] == '/')) {
				if (lx->data[lx->off] == '\n')
					lx->line++;
				lx->off++;
			}
			if (lx->off + 1 >= lx->size)
				return false;
			lx->off += 2;
		} else {
			break;
		}
	}
	return true;
}

static struct token
next_token(struct conf_lexer *lx)
{
	struct token t = { TOKEN_EOF, NULL, 0 };
	char c;

	if (!skip_space(lx)) {
		t.kind = TOKEN_ERROR;
		t.line = lx->line;
		return t;
	}
	t.line = lx->line;
	if (lx->off >= lx->size)
		return t;
	c = lx->data[lx->off];
	if (c == '{' || c == '}' || c == ';') {
		lx->off++;
		if (c == '{')
			t.kind = TOKEN_OPEN;
		else if (c == '}')
			t.kind = TOKEN_CLOSE;
		else
			t.kind = TOKEN_SEMICOLON;
		return t;
	}

	lx->text.len = 0;
	lx->text.data[0] = '\0';
	if (c == '"') {
		lx->off++;
		while (lx->off < lx->size && lx->data[lx->off] != '"') {
			if (lx->data[lx->off] == '\\' && lx->off + 1 < lx->size)
				lx->off++;
			if (lx->data[lx->off] == '\n')
				lx->line++;
			zl_strbuf_addc(&lx->text, lx->data[lx->off++]);
		}
		if (lx->off >= lx->size) {
			t.kind = TOKEN_ERROR;
			return t;
		}
		lx->off++;
		t.kind = TOKEN_STRING;
	} else {
		while (lx->off < lx->size) {
			c = lx->data[lx->off];
			if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '{' ||
			    c == '}' || c == ';' || c == '"')
				break;
			zl_strbuf_addc(&lx->text, c);
			lx->off++;
		}
		t.kind = TOKEN_WORD;
	}
	t.text = lx->text.data;
	return t;
}

/* Resolve path against the current 'directory' (or leave it relative to
 * the current directory when none is set yet). */
static char *
resolve(const struct zl_namedconf *nc, const char *path)
{
	if (path[0] == '/' || nc->directory == NULL)
		return zl_xstrdup(path);
	return format_message("%s/%s", nc->directory, path);
}

static void read_file(struct reading *r, const char *path, enum body_kind kind,
    const char *view, struct zone_block *zone, const char *from, uint32_t from_line);
static void read_body(struct reading *r, struct conf_lexer *lx, enum body_kind kind,
    bool braced, const char *view, struct zone_block *zone);

/* The words and strings of one statement up to its '{' or ';'. */
struct statement {
	char *words[4];		/* the first four; owned */
	size_t nwords;
	uint32_t line;
	enum token_kind end;	/* TOKEN_OPEN or TOKEN_SEMICOLON */
};

static void
statement_fini(struct statement *st)
{
	for (size_t i = 0; i < st->nwords && i < 4; i++)
		free(st->words[i]);
}

static const char *
word(const struct statement *st, size_t i)
{
	return i < st->nwords && i < 4 ? st->words[i] : NULL;
}

/* Read the rest of a statement whose first token is first; false when the
 * file ends before its '{' or ';'. */
static bool
read_statement(struct reading *r, struct conf_lexer *lx, struct token first,
    struct statement *st)
{
	struct token t = first;

	memset(st, 0, sizeof(*st));
	st->line = first.line;
	for (;;) {
		if (t.kind == TOKEN_OPEN || t.kind == TOKEN_SEMICOLON) {
			st->end = t.kind;
			return true;
		}
		if (t.kind == TOKEN_WORD || t.kind == TOKEN_STRING) {
			if (st->nwords < 4)
				st->words[st->nwords] = zl_xstrdup(t.text);
			st->nwords++;
		} else if (t.kind == TOKEN_CLOSE) {
			fail(r, _("%s:%u: error: missing ';' before '}'"), lx->path, t.line);
			return false;
		} else if (t.kind == TOKEN_ERROR) {
			fail(r, _("%s:%u: error: unterminated string or comment"), lx->path, t.line);
			return false;
		} else {
			fail(r, _("%s:%u: error: missing ';' at the end of the file"), lx->path, t.line);
			return false;
		}
		t = next_token(lx);
	}
}

static void
add_problem(struct zl_namedconf *nc, char *message)
{
	ZL_PUSH(nc->problems, nc->nproblems, nc->problems_cap, message);
}

/* Return whether a zone of type may be named by 'in-view' in another
 * view.  named-checkconf of BIND 9.18 accepts these types only. */
static bool
type_defines_zone(const char *type)
{
	static const char *const types[] = {
		"primary", "master", "secondary", "slave", "mirror", "hint", "stub", "static-stub"
	};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcasecmp(type, types[i]) == 0)
			return true;
	}
	return false;
}

/* Return name as BIND compares zone names: without case, and with or
 * without the final dot. */
static char *
zone_key(const char *name)
{
	char *key = zl_xstrdup(name);
	size_t len = strlen(key);

	for (size_t i = 0; i < len; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
	if (len > 1 && key[len - 1] == '.')
		key[len - 1] = '\0';
	return key;
}

/* Append a zone to nc->zones and return its index.  path is NULL for a
 * zone taken with 'in-view' until its file is known. */
static size_t
add_zone(struct zl_namedconf *nc, const char *name, const char *path, const char *view)
{
	struct zl_namedconf_zone zone;

	zone.name = zl_xstrdup(name);
	zone.path = path != NULL ? zl_xstrdup(path) : NULL;
	zone.view = view != NULL ? zl_xstrdup(view) : NULL;
	ZL_PUSH(nc->zones, nc->nzones, nc->zones_cap, zone);
	return nc->nzones - 1;
}

static void
declare_zone(struct reading *r, const struct conf_lexer *lx, const struct statement *st,
    const char *view, const struct zone_block *z, size_t zone)
{
	struct declared_zone d;

	memset(&d, 0, sizeof(d));
	d.key = zone_key(word(st, 1));
	d.view = view != NULL ? zl_xstrdup(view) : NULL;
	d.in_view = z->in_view != NULL ? zl_xstrdup(z->in_view) : NULL;
	d.defines = z->in_view == NULL && z->type != NULL && type_defines_zone(z->type);
	d.zone = zone;
	d.conf = zl_xstrdup(lx->path);
	d.line = st->line;
	d.source = z->in_view == NULL ? zone : SIZE_MAX;
	d.state = z->in_view == NULL ? RESOLVED : UNRESOLVED;
	ZL_PUSH(r->declared, r->ndeclared, r->declared_cap, d);
}

/* Add a zone statement's zone when it is a primary zone held in a master
 * file of class IN, or a zone of class IN that 'in-view' takes from
 * another view. */
static void
finish_zone(struct reading *r, const struct conf_lexer *lx, const struct statement *st,
    const struct zone_block *z, const char *view)
{
	const char *name = word(st, 1), *rclass = word(st, 2);
	size_t zone = SIZE_MAX;
	bool primary;

	if (name == NULL) {
		fail(r, _("%s:%u: error: zone statement without a zone name"), lx->path, st->line);
		return;
	}
	if (rclass != NULL && strcasecmp(rclass, "IN") != 0)
		return;

	/* The file of a zone taken with 'in-view' is known once the view
	 * that it names has been read, which may come later. */
	primary = z->in_view == NULL && !z->other_database && z->type != NULL &&
	    (strcasecmp(z->type, "primary") == 0 || strcasecmp(z->type, "master") == 0);
	if (z->in_view != NULL)
		zone = add_zone(r->nc, name, NULL, view);
	else if (primary && z->file == NULL)
		add_problem(r->nc, format_message(_("%s:%u: error: primary zone '%s' has no 'file'"),
		    lx->path, st->line, name));
	else if (primary)
		zone = add_zone(r->nc, name, z->file, view);
	declare_zone(r, lx, st, view, z, zone);
}

/* A statement that ends with ';': the options that matter in this body. */
static void
simple_statement(struct reading *r, struct conf_lexer *lx, enum body_kind kind,
    const struct statement *st, const char *view, struct zone_block *zone)
{
	const char *keyword = word(st, 0), *value = word(st, 1);

	if (keyword == NULL)
		return;
	if (strcasecmp(keyword, "include") == 0) {
		char *path;

		if (value == NULL) {
			fail(r, _("%s:%u: error: 'include' needs a file name"), lx->path, st->line);
			return;
		}
		path = resolve(r->nc, value);
		read_file(r, path, kind, view, zone, lx->path, st->line);
		free(path);
		return;
	}
	if (kind == BODY_OPTIONS && strcasecmp(keyword, "directory") == 0 && value != NULL) {
		char *dir = resolve(r->nc, value);

		free(r->nc->directory);
		r->nc->directory = dir;
		return;
	}
	if (kind != BODY_ZONE || value == NULL)
		return;
	if (strcasecmp(keyword, "type") == 0) {
		free(zone->type);
		zone->type = zl_xstrdup(value);
	} else if (strcasecmp(keyword, "file") == 0) {
		free(zone->file);
		zone->file = zl_xstrdup(value);
	} else if (strcasecmp(keyword, "in-view") == 0) {
		free(zone->in_view);
		zone->in_view = zl_xstrdup(value);
	} else if (strcasecmp(keyword, "database") == 0) {
		zone->other_database = strncasecmp(value, "rbt", 3) != 0;
	} else if (strcasecmp(keyword, "dlz") == 0) {
		zone->other_database = true;
	}
}

/* A statement with a block: read the block, then the ';' after it. */
static void
block_statement(struct reading *r, struct conf_lexer *lx, enum body_kind kind,
    const struct statement *st, const char *view)
{
	const char *keyword = word(st, 0);
	struct token t;

	if (keyword != NULL && (kind == BODY_TOP || kind == BODY_VIEW) &&
	    strcasecmp(keyword, "zone") == 0) {
		struct zone_block z;

		memset(&z, 0, sizeof(z));
		read_body(r, lx, BODY_ZONE, true, view, &z);
		if (r->error == NULL)
			finish_zone(r, lx, st, &z, view);
		free(z.type);
		free(z.file);
		free(z.in_view);
	} else if (keyword != NULL && kind == BODY_TOP && strcasecmp(keyword, "view") == 0) {
		const char *rclass = word(st, 2);

		/* The zones of a view of another class are not of class IN. */
		if (rclass == NULL || strcasecmp(rclass, "IN") == 0)
			read_body(r, lx, BODY_VIEW, true, word(st, 1), NULL);
		else
			read_body(r, lx, BODY_OTHER, true, view, NULL);
	} else if (keyword != NULL && kind == BODY_TOP && strcasecmp(keyword, "options") == 0) {
		read_body(r, lx, BODY_OPTIONS, true, view, NULL);
	} else {
		read_body(r, lx, BODY_OTHER, true, view, NULL);
	}
	if (r->error != NULL)
		return;
	t = next_token(lx);
	if (t.kind != TOKEN_SEMICOLON)
		fail(r, _("%s:%u: error: missing ';' after '}'"), lx->path, t.line);
}

/* Read statements up to the '}' that closes the body (braced) or to the
 * end of the file.  zone collects the options of a zone block. */
static void
read_body(struct reading *r, struct conf_lexer *lx, enum body_kind kind, bool braced,
    const char *view, struct zone_block *zone)
{
	while (r->error == NULL) {
		struct token t = next_token(lx);
		struct statement st;

		if (t.kind == TOKEN_SEMICOLON)
			continue;
		if (t.kind == TOKEN_CLOSE) {
			if (!braced)
				fail(r, _("%s:%u: error: '}' without '{'"), lx->path, t.line);
			return;
		}
		if (t.kind == TOKEN_EOF) {
			if (braced)
				fail(r, _("%s:%u: error: missing '}' at the end of the file"),
				    lx->path, t.line);
			return;
		}
		if (!read_statement(r, lx, t, &st)) {
			statement_fini(&st);
			return;
		}
		if (st.end == TOKEN_OPEN)
			block_statement(r, lx, kind, &st, view);
		else
			simple_statement(r, lx, kind, &st, view, zone);
		statement_fini(&st);
	}
}

static void
add_file(struct zl_namedconf *nc, const char *path, const char *from, uint32_t from_line)
{
	struct zl_namedconf_file file = {
		.path = zl_xstrdup(path),
		.included_from = from != NULL ? zl_xstrdup(from) : NULL,
		.include_line = from_line,
	};

	ZL_PUSH(nc->files, nc->nfiles, nc->files_cap, file);
}

/* Read one file as a body of the given kind: named.conf itself at the top
 * level, or an included file in the body that contains its 'include'. */
static void
read_file(struct reading *r, const char *path, enum body_kind kind, const char *view,
    struct zone_block *zone, const char *from, uint32_t from_line)
{
	struct conf_lexer lx;
	struct zl_infile_failure why;
	char real[PATH_MAX];

	if (r->error != NULL)
		return;
	memset(&lx, 0, sizeof(lx));
	lx.path = path;
	lx.line = 1;
	if (!zl_infile_read_all(path, &lx.data, &lx.size, &why)) {
		char *reason = zl_infile_failure_text(&why);

		if (from != NULL)
			fail(r, _("%s:%u: error: cannot read included file '%s': %s"), from,
			    from_line, path, reason);
		else
			fail(r, _("%s: error: cannot read: %s"), path, reason);
		free(reason);
		return;
	}
	if (realpath(path, real) == NULL)
		snprintf(real, sizeof(real), "%s", path);
	for (unsigned i = 0; i < r->depth; i++) {
		if (strcmp(r->stack[i], real) == 0) {
			fail(r, _("%s:%u: error: include loop: '%s' is already being read"),
			    from, from_line, path);
			free(lx.data);
			return;
		}
	}
	if (r->depth >= MAX_INCLUDE_DEPTH) {
		fail(r, _("%s:%u: error: include statements nested more than %d levels deep"),
		    from, from_line, MAX_INCLUDE_DEPTH);
		free(lx.data);
		return;
	}

	add_file(r->nc, path, from, from_line);
	r->stack[r->depth++] = zl_xstrdup(real);
	zl_strbuf_init(&lx.text);
	zl_strbuf_adds(&lx.text, "");
	read_body(r, &lx, kind, false, view, zone);
	zl_strbuf_fini(&lx.text);
	free(r->stack[--r->depth]);
	free(lx.data);
}

/* The declared zones sorted by view, zone name and position, for
 * looking up the zone that an 'in-view' statement names. */
struct declared_index {
	struct declared_zone **sorted;	/* owned; the zones are not */
	size_t len;
};

/* Compare a declared zone with a view and a zone name: by view, none
 * first, then by name.  BIND compares view names with case. */
static int
compare_declared(const struct declared_zone *x, const char *view, const char *key)
{
	int c;

	if (x->view == NULL || view == NULL)
		c = (x->view != NULL) - (view != NULL);
	else
		c = strcmp(x->view, view);
	return c != 0 ? c : strcmp(x->key, key);
}

/* Order declared zones by view, zone name and position in the file. */
static int
sort_declared(const void *a, const void *b)
{
	const struct declared_zone *x = *(const struct declared_zone *const *)a;
	const struct declared_zone *y = *(const struct declared_zone *const *)b;
	int c = compare_declared(x, y->view, y->key);

	return c != 0 ? c : (x > y) - (x < y);
}

/* Return the position in ix->sorted of the first zone named key in view,
 * or ix->len when there is none. */
static size_t
find_declared(const struct declared_index *ix, const char *view, const char *key)
{
	size_t lo = 0, hi = ix->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (compare_declared(ix->sorted[mid], view, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->len && compare_declared(ix->sorted[lo], view, key) == 0)
		return lo;
	return ix->len;
}

/* Return whether BIND accepts the 'in-view' statement of d: a zone
 * statement of a type that defines the zone, with the same name, comes
 * before it in the view it names. */
static bool
in_view_accepted(const struct declared_index *ix, const struct declared_zone *d)
{
	for (size_t i = find_declared(ix, d->in_view, d->key);
	    i < ix->len && compare_declared(ix->sorted[i], d->in_view, d->key) == 0 &&
	    ix->sorted[i] < d; i++) {
		if (ix->sorted[i]->defines)
			return true;
	}
	return false;
}

/* Follow 'in-view' from d to the zone statement that defines the zone,
 * and set the source of d and of every statement passed on the way.  A
 * chain that loops, names a zone that the view lacks or ends at a zone
 * that is not a primary zone with a file resolves to SIZE_MAX.  path has
 * room for every declared zone. */
static void
follow_in_view(const struct declared_index *ix, struct declared_zone *d,
    struct declared_zone **path)
{
	struct declared_zone *at = d;
	size_t len = 0, source = SIZE_MAX;

	while (at->state == UNRESOLVED) {
		size_t next = find_declared(ix, at->in_view, at->key);

		at->state = FOLLOWING;
		path[len++] = at;
		if (next == ix->len)
			break;
		at = ix->sorted[next];
	}
	if (at->state == RESOLVED)
		source = at->source;
	for (size_t i = 0; i < len; i++) {
		path[i]->source = source;
		path[i]->state = RESOLVED;
	}
}

/* Give each zone taken with 'in-view' the name and file of the zone it
 * takes, and report the 'in-view' statements that BIND rejects. */
static void
resolve_in_views(struct reading *r)
{
	struct zl_namedconf *nc = r->nc;
	struct declared_index ix;
	struct declared_zone **path = zl_xmalloc((r->ndeclared + 1) * sizeof(*path));

	ix.len = r->ndeclared;
	ix.sorted = zl_xmalloc((ix.len + 1) * sizeof(*ix.sorted));
	for (size_t i = 0; i < ix.len; i++)
		ix.sorted[i] = &r->declared[i];
	qsort(ix.sorted, ix.len, sizeof(*ix.sorted), sort_declared);

	/* A zone declared twice in one view: BIND rejects the second, in
	 * named-checkconf's words. */
	for (size_t i = 1; i < ix.len; i++) {
		const struct declared_zone *before = ix.sorted[i - 1], *d = ix.sorted[i];

		if (compare_declared(d, before->view, before->key) == 0)
			add_problem(nc, format_message(_("%s:%u: error: zone '%s': already exists previous definition: %s:%u"),
			    d->conf, d->line, d->key, before->conf, before->line));
	}

	for (size_t i = 0; i < r->ndeclared; i++) {
		struct declared_zone *d = &r->declared[i];
		struct zl_namedconf_zone *z;

		if (d->in_view == NULL)
			continue;
		/* Worded as named-checkconf of BIND 9.18 words it. */
		if (!in_view_accepted(&ix, d))
			add_problem(nc, format_message(_("%s:%u: error: 'in-view' zone '%s' does not exist in view '%s', or view '%s' is not yet defined"),
			    d->conf, d->line, nc->zones[d->zone].name, d->in_view, d->in_view));
		follow_in_view(&ix, d, path);
		if (d->source == SIZE_MAX)
			continue;
		z = &nc->zones[d->zone];
		free(z->name);
		z->name = zl_xstrdup(nc->zones[d->source].name);
		z->path = zl_xstrdup(nc->zones[d->source].path);
	}
	free(ix.sorted);
	free(path);
}

/* Drop the zones taken with 'in-view' that have no master file to read. */
static void
drop_zones_without_file(struct zl_namedconf *nc)
{
	size_t out = 0;

	for (size_t i = 0; i < nc->nzones; i++) {
		if (nc->zones[i].path != NULL) {
			nc->zones[out++] = nc->zones[i];
			continue;
		}
		free(nc->zones[i].name);
		free(nc->zones[i].view);
	}
	nc->nzones = out;
}

static void
free_declared(struct reading *r)
{
	for (size_t i = 0; i < r->ndeclared; i++) {
		free(r->declared[i].key);
		free(r->declared[i].view);
		free(r->declared[i].in_view);
		free(r->declared[i].conf);
	}
	free(r->declared);
}

void
zl_namedconf_init(struct zl_namedconf *nc)
{
	memset(nc, 0, sizeof(*nc));
}

void
zl_namedconf_fini(struct zl_namedconf *nc)
{
	for (size_t i = 0; i < nc->nzones; i++) {
		free(nc->zones[i].name);
		free(nc->zones[i].path);
		free(nc->zones[i].view);
	}
	for (size_t i = 0; i < nc->nproblems; i++)
		free(nc->problems[i]);
	for (size_t i = 0; i < nc->nfiles; i++) {
		free(nc->files[i].path);
		free(nc->files[i].included_from);
	}
	free(nc->zones);
	free(nc->files);
	free(nc->problems);
	free(nc->directory);
	memset(nc, 0, sizeof(*nc));
}

int
zl_namedconf_read(struct zl_namedconf *nc, const char *path, char **error)
{
	struct reading r;

	*error = NULL;
	memset(&r, 0, sizeof(r));
	r.nc = nc;
	read_file(&r, path, BODY_TOP, NULL, NULL, NULL, 0);

	/* named-checkconf changes to 'directory' while it reads the file, so
	 * zone files are relative to the last one. */
	for (size_t i = 0; i < nc->nzones; i++) {
		char *full;

		if (nc->zones[i].path == NULL)
			continue;
		full = resolve(nc, nc->zones[i].path);
		free(nc->zones[i].path);
		nc->zones[i].path = full;
	}
	if (r.error == NULL)
		resolve_in_views(&r);
	drop_zones_without_file(nc);
	free_declared(&r);
	if (r.error != NULL) {
		*error = r.error;
		return -1;
	}
	return 0;
}
