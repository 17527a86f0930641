/* One analysis: load zones, index the graph, run the rules, sort findings. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "analyze.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dnssec.h"
#include "mailcache.h"
#include "mailtag.h"
#include "posture.h"
#include "rule.h"
#include "spf_cache.h"
#include "suppress.h"
#include "txtpos.h"
#include "util.h"

void
zl_analysis_init(struct zl_analysis *a)
{
	zl_graph_init(&a->graph);
	zl_ruleset_init(&a->rules);
	zl_diags_init(&a->diags, &a->rules);
	a->decl = NULL;
	a->plugins = NULL;
	a->nplugins = a->plugins_cap = 0;
	a->report_unused_suppressions = false;
	a->jobs = 1;
	zl_config_set_init(&a->config);
	a->groups = NULL;
}

/* The zones of the groups analyzed so far, joined, with their findings. */
struct zl_analysis_groups {
	struct zl_graph graph;
	struct zl_diags diags;
	struct zl_pos *used;	/* suppression comments that silenced a finding
				 * in a group, at file ids of graph; owned */
	size_t nused, used_cap;
};

static void
free_groups(struct zl_analysis_groups *groups)
{
	if (groups == NULL)
		return;
	zl_diags_fini(&groups->diags);
	zl_graph_fini(&groups->graph);
	free(groups->used);
	free(groups);
}

void
zl_analysis_fini(struct zl_analysis *a)
{
	/* Findings point at rules, so the rules go last. */
	free_groups(a->groups);
	a->groups = NULL;
	zl_diags_fini(&a->diags);
	zl_graph_fini(&a->graph);
	zl_config_set_fini(&a->config);
	zl_ruleset_fini(&a->rules);
	zl_decl_free(a->decl);
	a->decl = NULL;
	for (size_t i = 0; i < a->nplugins; i++)
		zl_plugin_close(a->plugins[i]);
	free(a->plugins);
	a->plugins = NULL;
	a->nplugins = a->plugins_cap = 0;
}

int
zl_analysis_load(struct zl_analysis *a, const char *path,
    const struct zl_load_options *opt, char **error)
{
	return zl_load_zone(&a->graph, &a->diags, path, opt, error);
}

int
zl_analysis_configure(struct zl_analysis *a, const char *path, bool search, char **error)
{
	return zl_config_set_load(&a->config, &a->graph, &a->rules, path, search, error);
}

static uint32_t
zone_of_file(const struct zl_graph *g, uint32_t file)
{
	return file < g->nfiles ? g->files[file].zone : ZL_NONE;
}

static bool
rule_enabled(void *context, const struct zl_rule *rule, uint32_t file)
{
	const struct zl_analysis *a = context;

	long i = zl_ruleset_index(&a->rules, rule);

	if (i >= 0 && !a->rules.settings[i].enabled)
		return false;
	return zl_config_set_enabled(&a->config, rule, zone_of_file(&a->graph, file));
}

/* Keep the places of the suppressions that silenced a finding of this
 * group, so that joining the groups can drop the reports that another
 * group, which read the same file, made of them as unused. */
static void
keep_used_suppressions(struct zl_analysis_groups *groups, const struct zl_suppressions *s)
{
	for (size_t i = 0; i < s->len; i++) {
		if (s->items[i].matched > 0)
			ZL_PUSH(groups->used, groups->nused, groups->used_cap, s->items[i].pos);
	}
}

/* Drop the findings that suppression comments silence, then report the
 * comments that cannot work. */
static void
apply_suppressions(struct zl_analysis *a)
{
	struct zl_suppressions s;

	zl_suppressions_init(&s);
	s.rules = &a->rules;
	for (size_t i = 0; i < a->graph.nfiles; i++) {
		const struct zl_file *f = &a->graph.files[i];

		/* Scanning would fault in the pages that the reader gave back. */
		if (f->no_suppressions)
			continue;
		zl_suppressions_scan(&s, f->data, f->size, (uint32_t)i);
	}
	if (s.len > 0) {
		zl_suppressions_apply(&s, &a->diags);
		zl_suppressions_report(&s, &a->diags, a->report_unused_suppressions,
		    rule_enabled, a);
		if (a->groups != NULL && a->report_unused_suppressions)
			keep_used_suppressions(a->groups, &s);
	}
	zl_suppressions_fini(&s);
}

int
zl_analysis_load_rules(struct zl_analysis *a, const char *path,
    struct zl_decl_error *err)
{
	if (a->decl == NULL)
		a->decl = zl_decl_new();
	return zl_decl_load(a->decl, path, &a->rules, err);
}

int
zl_analysis_load_plugin(struct zl_analysis *a, const char *path,
    struct zl_plugin_error *err)
{
	void *handle;

	if (zl_plugin_open(&a->rules, path, &handle, err) != 0)
		return -1;
	ZL_PUSH(a->plugins, a->nplugins, a->plugins_cap, handle);
	return 0;
}

static void
run_rule(struct zl_analysis *a, size_t i, struct zl_diags *diags)
{
	const struct zl_rule *rule = a->rules.rules[i];
	struct zl_check check = { &a->graph, rule, diags, &a->config };

	if (rule->check != NULL && a->rules.settings[i].enabled)
		rule->check(&check);
}

/*
 * The built-in rules and the rule files on several threads.  Each task
 * reports into a list of its own, and the lists are joined in the order
 * of one thread afterwards, so the findings do not depend on the number
 * of threads or on the order in which tasks ran.  Built-in rules and rule
 * files only read the graph.  Loaded plugins promise none of that, so
 * they run on the calling thread after the others.
 *
 * The first tasks fill two caches.  The spf-* rules read the SPF cache,
 * which is not safe to build from several threads.  The dkim-* and
 * dmarc-* rules read the parses of the DKIM and DMARC records, and two
 * rules that walked the same records at once would parse each record
 * twice.  A rule that reads a cache starts only after its fill task is
 * done.  The SPF cache is filled only after the last dkim-* or dmarc-*
 * rule, which frees the parses it read, and it is freed after the last
 * spf-* rule.  So the two caches are never kept at once, which lowers the
 * peak of a large zone by the size of the smaller.  The DMARC records
 * are parsed after the DKIM records, on one thread, because two threads
 * that filled the mail cache at once took longer than one.  A free thread
 * takes the first task that can start, so it waits only when every
 * remaining task needs a cache that is still being filled.  Each thread
 * maps TXT positions with a cache of its own.
 */
enum task_kind {
	TASK_FILL_SPF,		/* build the SPF cache and its summaries */
	TASK_FILL_DKIM,		/* parse every DKIM key record */
	TASK_FILL_DMARC,	/* parse every DMARC record */
	TASK_RULE_FILES,	/* the declarative rules, all in one task */
	TASK_RULE		/* one built-in rule */
};

/* Dependencies of a task: bits (1 << TASK_FILL_*) of the fill tasks, and
 * a bit for the rules that read the mail cache. */
#define NEEDS_SPF	(1u << TASK_FILL_SPF)
#define NEEDS_MAIL	((1u << TASK_FILL_DKIM) | (1u << TASK_FILL_DMARC))
#define MAIL_RULES_DONE	(1u << TASK_RULE)

struct task {
	enum task_kind kind;
	unsigned needs;		/* fill tasks that must be done first */
	size_t rule;		/* for TASK_RULE: index in a->rules */
	bool started;
};

struct pool {
	struct zl_analysis *a;
	size_t nrules;			/* the built-in rules: the first of a->rules */
	struct zl_diags *found;		/* one list per built-in rule */
	struct zl_diags decl_found;	/* the findings of the rule files */
	struct task *tasks;
	size_t ntasks;
	pthread_mutex_t lock;
	pthread_cond_t filled;		/* signalled when a fill task ends */
	size_t next;			/* tasks before it have all started */
	unsigned done;			/* bits of the fill tasks done, and
					 * MAIL_RULES_DONE */
	size_t mail_rules, spf_rules;	/* rules of each cache not yet done */
};

/* Return the fill tasks that a built-in rule depends on.  The id prefix
 * decides: the spf-* rules are the only readers of the SPF cache, and the
 * dkim-* and dmarc-* rules the only ones that request parses from the
 * mail cache.
 * NOTE: nothing checks this for a new rule.  One outside these families
 * that reads the SPF cache would race with the task that fills it. */
static unsigned
rule_needs(const struct zl_rule *rule)
{
	if (strncmp(rule->id, "spf-", 4) == 0)
		return NEEDS_SPF;
	if (strncmp(rule->id, "dkim-", 5) == 0 || strncmp(rule->id, "dmarc-", 6) == 0)
		return NEEDS_MAIL;
	return 0;
}

/* Parse every DKIM key record, or every DMARC record, into the mail
 * cache of g. */
static void
fill_mail(const struct zl_graph *g, enum task_kind kind)
{
	struct zl_strbuf text;
	size_t n;

	zl_strbuf_init(&text);
	if (kind == TASK_FILL_DKIM) {
		const uint32_t *ids = zl_mail_key_records(g, &n);
		struct zl_dkim_record *rec = zl_xmalloc(sizeof(*rec));

		for (size_t i = 0; i < n; i++) {
			zl_mail_prefetch_ahead(g, ids, n, i);
			zl_mail_dkim_get(g, ids[i], &text, rec);
		}
		free(rec);
	} else {
		const uint32_t *ids = zl_mail_dmarc_records(g, &n);
		struct zl_dmarc_record *rec = zl_xmalloc(sizeof(*rec));

		for (size_t i = 0; i < n; i++) {
			zl_mail_prefetch_ahead(g, ids, n, i);
			zl_mail_dmarc_get(g, ids[i], &text, rec);
		}
		free(rec);
		/* The dmarc-rua-* rules read the report addresses of these
		 * records, which this task can list once for all of them. */
		zl_mail_prepare_report_uris(g);
	}
	zl_strbuf_fini(&text);
}

static void
run_task(struct pool *p, const struct task *t)
{
	switch (t->kind) {
	case TASK_FILL_SPF:
		zl_spf_cache_prepare(&p->a->graph);
		break;
	case TASK_FILL_DKIM:
	case TASK_FILL_DMARC:
		fill_mail(&p->a->graph, t->kind);
		break;
	case TASK_RULE_FILES:
		zl_decl_run(p->a->decl, &p->a->graph, &p->decl_found);
		break;
	case TASK_RULE:
		run_rule(p->a, t->rule, &p->found[t->rule]);
		break;
	}
}

/* Return the first task not yet started whose fill tasks are done, or
 * NULL when every task not yet started waits for one.  The caller holds
 * the lock. */
static struct task *
next_task(struct pool *p)
{
	for (size_t i = p->next; i < p->ntasks; i++) {
		struct task *t = &p->tasks[i];

		if (!t->started && (p->done & t->needs) == t->needs) {
			t->started = true;
			while (p->next < p->ntasks && p->tasks[p->next].started)
				p->next++;
			return t;
		}
	}
	return NULL;
}

/* Free a cache once the last rule that reads it is done, and let the SPF
 * cache be filled once the mail cache's parses are gone.  The caller
 * holds the lock. */
static void
finish_rule(struct pool *p, const struct task *t)
{
	if ((t->needs & NEEDS_MAIL) && --p->mail_rules == 0) {
		zl_mail_cache_drop_parses(&p->a->graph);
		p->done |= MAIL_RULES_DONE;
		pthread_cond_broadcast(&p->filled);
	}
	if ((t->needs & NEEDS_SPF) && --p->spf_rules == 0)
		zl_spf_cache_clear();
}

static void *
pool_work(void *arg)
{
	struct pool *p = arg;
	struct zl_txtpos_cache *positions = zl_txtpos_cache_new();

	zl_txtpos_use_thread_cache(positions);
	pthread_mutex_lock(&p->lock);
	while (p->next < p->ntasks) {
		const struct task *t = next_task(p);

		if (t == NULL) {
			pthread_cond_wait(&p->filled, &p->lock);
			continue;
		}
		pthread_mutex_unlock(&p->lock);
		run_task(p, t);
		pthread_mutex_lock(&p->lock);
		if (t->kind < TASK_RULE_FILES) {
			p->done |= 1u << t->kind;
			pthread_cond_broadcast(&p->filled);
		} else if (t->kind == TASK_RULE) {
			finish_rule(p, t);
		}
	}
	pthread_mutex_unlock(&p->lock);
	zl_txtpos_use_thread_cache(NULL);
	zl_txtpos_cache_free(positions);
	return NULL;
}

/* Add the built-in rules to the tasks of p.  Those that read the mail cache
 * come first, so that its parses can go early.  Those that need no cache
 * follow and run while the SPF cache is filled, and those that read it
 * come last. */
static void
add_rule_tasks(struct pool *p)
{
	static const unsigned order[] = { NEEDS_MAIL, 0, NEEDS_SPF };

	for (size_t pass = 0; pass < sizeof(order) / sizeof(order[0]); pass++) {
		for (size_t i = 0; i < p->nrules; i++) {
			unsigned needs = rule_needs(p->a->rules.rules[i]);

			if (needs != order[pass] || !p->a->rules.settings[i].enabled)
				continue;
			p->tasks[p->ntasks++] = (struct task){ TASK_RULE, needs, i, false };
			p->mail_rules += needs == NEEDS_MAIL;
			p->spf_rules += needs == NEEDS_SPF;
		}
	}
}

/* Run the built-in rules, which come first in a->rules, and the rule
 * files on up to a->jobs threads, then the plugins' rules on this one. */
static void
run_parallel(struct zl_analysis *a)
{
	struct pool p = { .a = a };
	pthread_t *threads;
	size_t started = 0;
	unsigned needed = 0;

	while (p.nrules < a->rules.len && zl_rule_builtin(a->rules.rules[p.nrules]))
		p.nrules++;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.filled, NULL);
	/* Fill the lazy tables now, because threads would race to fill them.
	 * The public suffix list is read by the first rule that needs it. */
	zl_mail_cache_share(&a->graph, true);

	/* Fill only the caches that an enabled rule reads. */
	for (size_t i = 0; i < p.nrules; i++) {
		if (a->rules.settings[i].enabled)
			needed |= rule_needs(a->rules.rules[i]);
	}
	p.tasks = zl_xcalloc(p.nrules + 4, sizeof(*p.tasks));
	for (enum task_kind k = TASK_FILL_SPF; k <= TASK_FILL_DMARC; k++) {
		if (needed & (1u << k))
			p.tasks[p.ntasks++] = (struct task){ k, 0, 0, false };
	}
	if (a->decl != NULL)
		p.tasks[p.ntasks++] = (struct task){ TASK_RULE_FILES, 0, 0, false };
	add_rule_tasks(&p);
	for (size_t i = 0; i < p.ntasks; i++) {
		if (p.tasks[i].kind == TASK_FILL_SPF && p.mail_rules > 0)
			p.tasks[i].needs = MAIL_RULES_DONE;
		else if (p.tasks[i].kind == TASK_FILL_DMARC && (needed & (1u << TASK_FILL_DKIM)))
			p.tasks[i].needs = 1u << TASK_FILL_DKIM;
	}

	p.found = zl_xcalloc(p.nrules + 1, sizeof(*p.found));
	for (size_t i = 0; i < p.nrules; i++)
		zl_diags_init(&p.found[i], &a->rules);
	zl_diags_init(&p.decl_found, &a->rules);
	threads = zl_xcalloc(a->jobs, sizeof(*threads));
	for (unsigned t = 1; t < a->jobs; t++) {
		if (pthread_create(&threads[started], NULL, pool_work, &p) != 0)
			break;
		started++;
	}
	pool_work(&p);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	free(threads);
	free(p.tasks);
	zl_mail_cache_share(&a->graph, false);
	pthread_cond_destroy(&p.filled);
	pthread_mutex_destroy(&p.lock);

	for (size_t i = 0; i < p.nrules; i++) {
		zl_diags_take(&a->diags, &p.found[i]);
		zl_diags_fini(&p.found[i]);
	}
	free(p.found);
	for (size_t i = p.nrules; i < a->rules.len; i++)
		run_rule(a, i, &a->diags);
	zl_diags_take(&a->diags, &p.decl_found);
	zl_diags_fini(&p.decl_found);
}

/* Run every rule on this thread, freeing each cache after the last rule
 * that reads it, as run_parallel() does. */
static void
run_serial(struct zl_analysis *a)
{
	size_t last_mail = SIZE_MAX, last_spf = SIZE_MAX;

	for (size_t i = 0; i < a->rules.len; i++) {
		unsigned needs = zl_rule_builtin(a->rules.rules[i]) ?
		    rule_needs(a->rules.rules[i]) : 0;

		if (!a->rules.settings[i].enabled)
			continue;
		if (needs == NEEDS_MAIL)
			last_mail = i;
		else if (needs == NEEDS_SPF)
			last_spf = i;
	}
	for (size_t i = 0; i < a->rules.len; i++) {
		run_rule(a, i, &a->diags);
		if (i == last_mail)
			zl_mail_cache_drop_parses(&a->graph);
		if (i == last_spf)
			zl_spf_cache_clear();
	}
	zl_decl_run(a->decl, &a->graph, &a->diags);
}

/* Make the mail cache's lists and name table for the threads.  They read
 * records and names but nothing that zl_graph_index() writes, so this
 * runs on a thread of its own while the graph is indexed. */
static void *
share_mail_cache(void *graph)
{
	zl_mail_cache_share(graph, true);
	return NULL;
}

void
zl_analysis_run(struct zl_analysis *a)
{
	pthread_t sharing;
	bool sharing_started = a->jobs > 1 &&
	    pthread_create(&sharing, NULL, share_mail_cache, &a->graph) == 0;

	zl_graph_index(&a->graph);
	if (sharing_started)
		pthread_join(sharing, NULL);
	/* The spf-* rules share one cache of parsed policies, which must not
	 * be one left from another graph at the same address. */
	zl_spf_cache_clear();
	zl_dnssec_set_threads(a->jobs);
	if (a->jobs > 1) {
		run_parallel(a);
	} else {
		run_serial(a);
	}
	zl_spf_cache_clear();
	apply_suppressions(a);
	zl_config_set_apply(&a->config, &a->graph, &a->diags);
	zl_diags_sort(&a->diags);
}

bool
zl_analysis_fails(const struct zl_analysis *a, int fail_on)
{
	for (size_t i = 0; i < a->diags.len; i++) {
		const struct zl_diag *d = &a->diags.items[i];
		int level = fail_on;

		if (level == ZL_FAIL_ON_UNSET)
			level = zl_config_set_fail_on(&a->config, zone_of_file(&a->graph, d->pos.file));
		if (level == ZL_FAIL_ON_UNSET)
			level = ZL_WARNING;
		if (level >= 0 && (int)d->severity >= level)
			return true;
	}
	return false;
}

/* Add the mail posture of part to the postures that g keeps, for part's
 * names appended to g from id name_offset on. */
static void
keep_posture(struct zl_graph *g, const struct zl_graph *part, uint32_t name_offset)
{
	struct zl_posture *rows;
	size_t count = zl_posture_compute(part, &rows);

	g->posture = zl_xrealloc(g->posture, (g->nposture + count + 1) * sizeof(*g->posture));
	for (size_t i = 0; i < count; i++) {
		rows[i].domain += name_offset;
		g->posture[g->nposture++] = rows[i];
	}
	free(rows);
}

void
zl_analysis_run_group(struct zl_analysis *a)
{
	struct zl_analysis_groups *groups = a->groups;
	struct zl_graph_offsets at;
	size_t first_used;

	if (groups == NULL) {
		groups = a->groups = zl_xcalloc(1, sizeof(*groups));
		zl_graph_init(&groups->graph);
		zl_diags_init(&groups->diags, &a->rules);
	}
	first_used = groups->nused;
	zl_analysis_run(a);

	/* The posture looks names up by their text, which the joined graph
	 * cannot do for one group alone, so it is computed here. */
	keep_posture(&groups->graph, &a->graph, (uint32_t)groups->graph.nnames);
	zl_graph_append(&groups->graph, &a->graph, &at);
	for (size_t i = 0; i < a->diags.len; i++) {
		struct zl_diag *d = &a->diags.items[i];

		d->pos.file += at.file;
		if (d->owner != ZL_NONE)
			d->owner += at.name;
	}
	zl_diags_take(&groups->diags, &a->diags);
	for (size_t i = first_used; i < groups->nused; i++)
		groups->used[i].file += at.file;

	/* zl_analysis_configure() turned off the rules that no zone of this
	 * group needs.  The next group starts from the command line's
	 * settings, which it kept. */
	if (a->config.command_line != NULL)
		memcpy(a->rules.settings, a->config.command_line,
		    a->rules.len * sizeof(*a->rules.settings));
	zl_config_set_fini(&a->config);
	zl_config_set_init(&a->config);
}

/* A finding, with the first file of the joined graph whose path is the
 * path of the finding's file. */
struct placed_diag {
	uint32_t file;
	size_t index;			/* in the list of findings */
	const struct zl_diag *diag;
};

/* A file of the joined graph, for sorting the files by path. */
struct path_entry {
	const char *path;
	uint32_t file;
};

static int
cmp_path_entry(const void *a, const void *b)
{
	const struct path_entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return (x->file > y->file) - (x->file < y->file);
}

/* Order by place, rule and message, then by position in the list, so
 * that the first of equal findings is the one kept. */
static int
cmp_placed(const void *a, const void *b)
{
	const struct placed_diag *x = a, *y = b;
	int c;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->diag->pos.line != y->diag->pos.line)
		return x->diag->pos.line < y->diag->pos.line ? -1 : 1;
	if (x->diag->pos.col != y->diag->pos.col)
		return x->diag->pos.col < y->diag->pos.col ? -1 : 1;
	c = strcmp(x->diag->rule->id, y->diag->rule->id);
	if (c == 0)
		c = strcmp(x->diag->message, y->diag->message);
	if (c != 0)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* Return for each file of g the first file with the same path. */
static uint32_t *
first_of_path(const struct zl_graph *g)
{
	struct path_entry *order = zl_xmalloc((g->nfiles + 1) * sizeof(*order));
	uint32_t *first = zl_xmalloc((g->nfiles + 1) * sizeof(*first));

	for (size_t i = 0; i < g->nfiles; i++)
		order[i] = (struct path_entry){ g->files[i].path, (uint32_t)i };
	qsort(order, g->nfiles, sizeof(*order), cmp_path_entry);
	for (size_t i = 0; i < g->nfiles; i++) {
		bool same = i > 0 && strcmp(order[i].path, order[i - 1].path) == 0;

		first[order[i].file] = same ? first[order[i - 1].file] : order[i].file;
	}
	free(order);
	return first;
}

/* Drop the findings that an earlier group made at the same place of the
 * same file.  A file that several views serve is read once per view, and
 * most of its findings do not depend on the view.  first maps each file
 * to the first file with its path. */
static void
drop_repeats(const uint32_t *first, struct zl_diags *d)
{
	struct placed_diag *placed = zl_xmalloc((d->len + 1) * sizeof(*placed));
	bool *repeat = zl_xcalloc(d->len + 1, sizeof(*repeat));
	size_t out = 0;

	for (size_t i = 0; i < d->len; i++)
		placed[i] = (struct placed_diag){ first[d->items[i].pos.file], i, &d->items[i] };
	qsort(placed, d->len, sizeof(*placed), cmp_placed);
	for (size_t i = 1; i < d->len; i++) {
		struct placed_diag x = placed[i - 1], y = placed[i];

		/* Equal but for the position in the list. */
		y.index = x.index;
		if (cmp_placed(&x, &y) == 0)
			repeat[placed[i].index] = true;
	}
	for (size_t i = 0; i < d->len; i++) {
		if (!repeat[i])
			d->items[out++] = d->items[i];
	}
	d->len = out;
	free(repeat);
	free(placed);
}

/* A place in the first file of a path of the joined graph. */
struct place {
	uint32_t file, line, col;
};

static int
cmp_place(const void *a, const void *b)
{
	const struct place *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* Drop the reports of unused suppression comments that some group used.
 * A comment in a file that several views read is unused only when it
 * silenced nothing in any of them.  used lists the places of the
 * suppressions that silenced a finding; first is as for drop_repeats(). */
static void
drop_used_suppressions(const uint32_t *first, struct zl_diags *d, const struct zl_pos *used,
    size_t nused)
{
	struct place *places;
	size_t out = 0;

	if (nused == 0)
		return;
	places = zl_xmalloc(nused * sizeof(*places));
	for (size_t i = 0; i < nused; i++)
		places[i] = (struct place){ first[used[i].file], used[i].line, used[i].col };
	qsort(places, nused, sizeof(*places), cmp_place);

	/* A comment that cannot work never silences a finding, so a finding
	 * of zone-suppression at a used place reports it as unused. */
	for (size_t i = 0; i < d->len; i++) {
		const struct zl_diag *x = &d->items[i];
		struct place at = { first[x->pos.file], x->pos.line, x->pos.col };

		if (x->rule == &zl_rule_zone_suppression &&
		    bsearch(&at, places, nused, sizeof(*places), cmp_place) != NULL)
			continue;
		d->items[out++] = *x;
	}
	d->len = out;
	free(places);
}

void
zl_analysis_join_groups(struct zl_analysis *a)
{
	struct zl_analysis_groups *groups = a->groups;
	uint32_t *first;

	if (groups == NULL)
		return;
	zl_graph_fini(&a->graph);
	a->graph = groups->graph;
	zl_diags_fini(&a->diags);
	a->diags = groups->diags;
	first = first_of_path(&a->graph);
	drop_used_suppressions(first, &a->diags, groups->used, groups->nused);
	drop_repeats(first, &a->diags);
	free(first);
	free(groups->used);
	free(groups);
	a->groups = NULL;
}
