/* The evaluation tree of an SPF policy as text, for --explain-spf. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "spf_explain.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "rdata.h"
#include "spf.h"
#include "txtpos.h"

void
zl_spf_addr_text(const struct zl_spf_addr *a, struct zl_strbuf *out)
{
	char buf[INET6_ADDRSTRLEN];

	if (inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->addr, buf, sizeof(buf)) == NULL)
		buf[0] = '\0';
	zl_strbuf_adds(out, buf);
	if (a->prefix != (a->family == 4 ? 32 : 128))
		zl_strbuf_addf(out, "/%u", a->prefix);
}

static void
indent(struct zl_strbuf *out, unsigned depth)
{
	for (unsigned i = 0; i < depth + 1; i++)
		zl_strbuf_adds(out, "  ");
}

/* Where the target of node n lies, as a phrase. */
static void
add_reach(const struct zl_graph *g, const struct zl_spf_node *n, struct zl_strbuf *out)
{
	char *name = n->target != ZL_NONE ? zl_graph_name_text(g, n->target) : NULL;

	switch (n->reach) {
	case ZL_SPF_REACH_NONE:
		break;
	case ZL_SPF_REACH_ZONE:
		if (n->no_name)
			zl_strbuf_adds(out, _("name does not exist in the loaded zones"));
		else
			zl_strbuf_addf(out, _("resolves at '%s' in the loaded zones"), name);
		break;
	case ZL_SPF_REACH_DELEGATED:
		zl_strbuf_adds(out, _("below a delegation: the child zone is not loaded"));
		break;
	case ZL_SPF_REACH_OUTSIDE:
		zl_strbuf_adds(out, _("outside the loaded zones"));
		break;
	case ZL_SPF_REACH_MACRO:
		zl_strbuf_adds(out, _("contains macros: known only when a message is checked"));
		break;
	case ZL_SPF_REACH_UNREAD:
		zl_strbuf_adds(out, _("in a zone cut off by --max-records: the answer may lie in the part not read"));
		break;
	}
	free(name);
}

static void
add_node(const struct zl_graph *g, const struct zl_spf_eval *ev, const struct zl_spf_node *n,
    struct zl_strbuf *out)
{
	const struct zl_spf_policy *p = &ev->policies[n->policy];
	const struct zl_spf_term *t = &p->parsed.terms[n->term];

	indent(out, n->depth * 2);
	zl_strbuf_add(out, p->text + t->offset, t->len);
	if (n->reach != ZL_SPF_REACH_NONE) {
		zl_strbuf_adds(out, ": ");
		add_reach(g, n, out);
	}
	if (n->child != ZL_NONE)
		zl_strbuf_addf(out, _(" [lookups: %u, %u with the included policy]"),
		    n->lookup_number, n->lookups);
	else if (n->costs_lookup)
		zl_strbuf_addf(out, _(" [lookups: %u]"), n->lookup_number);
	zl_strbuf_addc(out, '\n');

	if (n->naddrs > 0) {
		indent(out, n->depth * 2 + 1);
		zl_strbuf_adds(out, _("authorizes:"));
		for (size_t i = 0; i < n->naddrs; i++) {
			zl_strbuf_addc(out, ' ');
			zl_spf_addr_text(&ev->addrs[n->first_addr + i], out);
		}
		zl_strbuf_addc(out, '\n');
	}
	if (n->no_mx) {
		indent(out, n->depth * 2 + 1);
		zl_strbuf_adds(out, _("no MX records\n"));
	}
	if (n->void4 || n->void6) {
		indent(out, n->depth * 2 + 1);
		if (n->void4 && n->void6)
			zl_strbuf_addf(out, _("VOID for IPv4 and IPv6 senders (void lookups: IPv4 %u, IPv6 %u)\n"),
			    n->voids4, n->voids6);
		else if (n->void4)
			zl_strbuf_addf(out, _("VOID for IPv4 senders (void lookups: IPv4 %u)\n"), n->voids4);
		else
			zl_strbuf_addf(out, _("VOID for IPv6 senders (void lookups: IPv6 %u)\n"), n->voids6);
	}
	if (n->loop) {
		indent(out, n->depth * 2 + 1);
		zl_strbuf_adds(out, _("LOOP: this policy is already being evaluated\n"));
	}
	if (n->missing) {
		indent(out, n->depth * 2 + 1);
		zl_strbuf_adds(out, _("no SPF record at the target: receivers return permerror\n"));
	}
}

static void
add_summary(const struct zl_graph *g, const struct zl_spf_eval *ev, struct zl_strbuf *out)
{
	const struct zl_spf_node *last = ev->nnodes > 0 ? &ev->nodes[ev->nnodes - 1] : NULL;
	bool outside_header = false;

	if (zl_spf_eval_exact(ev))
		zl_strbuf_addf(out, _("  DNS lookups: %u (limit 10)\n"), ev->lookups);
	else
		zl_strbuf_addf(out, _("  DNS lookups: at least %u (limit 10)\n"), ev->lookups);
	zl_strbuf_addf(out, _("  void lookups: IPv4 senders %u, IPv6 senders %u (limit 2)\n"),
	    last ? last->voids4 : 0, last ? last->voids6 : 0);
	for (size_t i = 0; i < ev->nnodes; i++) {
		const struct zl_spf_node *n = &ev->nodes[i];
		const struct zl_spf_policy *p = &ev->policies[n->policy];
		const struct zl_spf_term *t = &p->parsed.terms[n->term];

		if (n->reach == ZL_SPF_REACH_NONE || n->reach == ZL_SPF_REACH_ZONE)
			continue;
		if (!outside_header) {
			zl_strbuf_adds(out, _("  not answered by the loaded zones:"));
			outside_header = true;
		}
		zl_strbuf_addc(out, ' ');
		zl_strbuf_add(out, p->text + t->offset, t->len);
	}
	if (outside_header)
		zl_strbuf_addc(out, '\n');
	if (ev->truncated)
		zl_strbuf_adds(out, _("  the tree is too large and was cut short\n"));
	(void)g;
}

/* Append text[0, len) to out with control bytes as \DDD, as a zone file
 * writes them, so that no terminal control sequence is printed. */
static void
add_visible(struct zl_strbuf *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch < 0x20 || ch == 0x7f)
			zl_strbuf_addf(out, "\\%03u", ch);
		else
			zl_strbuf_addc(out, (char)ch);
	}
}

/* Append a note when record is misencoded, because the evaluation that
 * follows is of the text that was meant (ZL_REC_REPAIRED), not of what
 * name servers publish. */
static void
add_misencoded_note(const struct zl_graph *g, uint32_t record, struct zl_strbuf *out)
{
	const struct zl_record *r = &g->records[record];
	struct zl_strbuf served, stored, quoted;
	enum zl_txt_served kind;

	zl_strbuf_init(&served);
	zl_strbuf_init(&stored);
	zl_strbuf_init(&quoted);
	kind = zl_txt_served(g, record, &served);
	zl_txt_join(zl_graph_rdata(g, r), r->rdata_len, &stored);
	if (kind == ZL_TXT_SERVED_NOTHING) {
		zl_strbuf_addf(out, _("note: the record on line %u is misencoded and published as no TXT record, so receivers see no SPF policy here; below is the evaluation of the meant text\n"),
		    r->line);
	} else if (kind == ZL_TXT_SERVED_TEXT &&
	    (served.len != stored.len ||
	    (served.len > 0 && memcmp(served.data, stored.data, served.len) != 0))) {
		add_visible(&quoted, served.data, served.len);
		if (zl_spf_is_record(served.data, served.len))
			zl_strbuf_addf(out, _("note: the record on line %u is misencoded and published as \"%s\"; below is the evaluation of the meant text, not of what receivers see\n"),
			    r->line, quoted.data != NULL ? quoted.data : "");
		else
			zl_strbuf_addf(out, _("note: the record on line %u is misencoded and published as \"%s\", which is no SPF record, so receivers see no SPF policy here; below is the evaluation of the meant text\n"),
			    r->line, quoted.data != NULL ? quoted.data : "");
	}
	zl_strbuf_fini(&served);
	zl_strbuf_fini(&stored);
	zl_strbuf_fini(&quoted);
}

size_t
zl_spf_explain(const struct zl_graph *g, uint32_t name, struct zl_strbuf *out)
{
	uint32_t records[16];
	size_t count = zl_spf_records_at(g, name, records, 16);

	for (size_t i = 0; i < count && i < 16; i++) {
		const struct zl_record *r = &g->records[records[i]];
		struct zl_spf_eval ev;
		char *owner = zl_graph_name_text(g, r->owner);

		if (!zl_spf_evaluate(g, records[i], &ev)) {
			free(owner);
			continue;
		}
		add_misencoded_note(g, records[i], out);
		zl_strbuf_addf(out, _("SPF record at '%s' (%s:%u):\n"), owner,
		    g->files[zl_record_pos(g, r).file].path, r->line);
		zl_strbuf_addf(out, "  \"%.*s\"\n", (int)ev.policies[0].len, ev.policies[0].text);
		for (size_t k = 0; k < ev.nnodes; k++)
			add_node(g, &ev, &ev.nodes[k], out);
		add_summary(g, &ev, out);
		zl_spf_eval_fini(&ev);
		free(owner);
	}
	return count;
}
