/* The table of built-in rules and the reporting entry point for rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "rule.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"
#include "graph.h"
#include "lookup.h"

/* Each rule lives in its own file under rules/; adding one is adding the
 * file, its declaration here and its line in the table. */
extern const struct zl_rule zl_rule_bimi_syntax;
extern const struct zl_rule zl_rule_caa_syntax;
extern const struct zl_rule zl_rule_cname_apex;
extern const struct zl_rule zl_rule_cname_chain;
extern const struct zl_rule zl_rule_cname_loop;
extern const struct zl_rule zl_rule_cname_other_data;
extern const struct zl_rule zl_rule_dkim_misplaced;
extern const struct zl_rule zl_rule_dkim_missing;
extern const struct zl_rule zl_rule_dkim_revoked;
extern const struct zl_rule zl_rule_dkim_syntax;
extern const struct zl_rule zl_rule_dkim_testing;
extern const struct zl_rule zl_rule_dkim_weak_key;
extern const struct zl_rule zl_rule_dmarc_misplaced;
extern const struct zl_rule zl_rule_dmarc_multiple;
extern const struct zl_rule zl_rule_dmarc_removed_tag;
extern const struct zl_rule zl_rule_dmarc_rua_external;
extern const struct zl_rule zl_rule_dmarc_rua_placeholder;
extern const struct zl_rule zl_rule_dmarc_rua_undeliverable;
extern const struct zl_rule zl_rule_dmarc_syntax;
extern const struct zl_rule zl_rule_dmarc_tag_order;
extern const struct zl_rule zl_rule_dmarc_weak_policy;
extern const struct zl_rule zl_rule_dnssec_algorithm;
extern const struct zl_rule zl_rule_dnssec_dnskey_no_ds;
extern const struct zl_rule zl_rule_dnssec_ds_digest;
extern const struct zl_rule zl_rule_dnssec_ds_mismatch;
extern const struct zl_rule zl_rule_dnssec_missing_signature;
extern const struct zl_rule zl_rule_dnssec_nsec3_chain;
extern const struct zl_rule zl_rule_dnssec_nsec_chain;
extern const struct zl_rule zl_rule_dnssec_signature_invalid;
extern const struct zl_rule zl_rule_dnssec_signature_time;
extern const struct zl_rule zl_rule_dnssec_unsigned;
extern const struct zl_rule zl_rule_mta_sts_host_missing;
extern const struct zl_rule zl_rule_mta_sts_syntax;
extern const struct zl_rule zl_rule_mx_null_conflict;
extern const struct zl_rule zl_rule_mx_target_address;
extern const struct zl_rule zl_rule_mx_target_cname;
extern const struct zl_rule zl_rule_name_hostname_syntax;
extern const struct zl_rule zl_rule_name_raw_utf8;
extern const struct zl_rule zl_rule_name_wildcard;
extern const struct zl_rule zl_rule_ns_missing;
extern const struct zl_rule zl_rule_ns_missing_glue;
extern const struct zl_rule zl_rule_ns_target_address;
extern const struct zl_rule zl_rule_ns_target_cname;
extern const struct zl_rule zl_rule_ns_too_few;
extern const struct zl_rule zl_rule_rdata_digest_length;
extern const struct zl_rule zl_rule_soa_misplaced;
extern const struct zl_rule zl_rule_soa_missing;
extern const struct zl_rule zl_rule_soa_negative_ttl;
extern const struct zl_rule zl_rule_soa_rname;
extern const struct zl_rule zl_rule_soa_serial_future;
extern const struct zl_rule zl_rule_soa_timers;
extern const struct zl_rule zl_rule_spf_cidr_host_bits;
extern const struct zl_rule zl_rule_spf_host_no_address;
extern const struct zl_rule zl_rule_spf_host_no_ipv4;
extern const struct zl_rule zl_rule_spf_host_no_ipv6;
extern const struct zl_rule zl_rule_spf_include_missing;
extern const struct zl_rule zl_rule_spf_lookup_limit;
extern const struct zl_rule zl_rule_spf_multiple;
extern const struct zl_rule zl_rule_spf_permissive;
extern const struct zl_rule zl_rule_spf_record_size;
extern const struct zl_rule zl_rule_spf_split;
extern const struct zl_rule zl_rule_spf_syntax;
extern const struct zl_rule zl_rule_spf_type99;
extern const struct zl_rule zl_rule_spf_void_lookups;
extern const struct zl_rule zl_rule_srv_no_service;
extern const struct zl_rule zl_rule_srv_target_cname;
extern const struct zl_rule zl_rule_tlsrpt_syntax;
extern const struct zl_rule zl_rule_ttl_mismatch;
extern const struct zl_rule zl_rule_ttl_no_default;
extern const struct zl_rule zl_rule_ttl_too_large;
extern const struct zl_rule zl_rule_txt_misencoded;
extern const struct zl_rule zl_rule_zone_adjacent_strings;
extern const struct zl_rule zl_rule_zone_duplicate;
extern const struct zl_rule zl_rule_zone_missing_dot;
extern const struct zl_rule zl_rule_zone_occluded;
extern const struct zl_rule zl_rule_zone_out_of_zone;
extern const struct zl_rule zl_rule_zone_suppression;
extern const struct zl_rule zl_rule_zone_syntax;
extern const struct zl_rule zl_rule_zone_target_no_address;

static const struct zl_rule *const builtin[] = {
	&zl_rule_bimi_syntax,
	&zl_rule_caa_syntax,
	&zl_rule_cname_apex,
	&zl_rule_cname_chain,
	&zl_rule_cname_loop,
	&zl_rule_cname_other_data,
	&zl_rule_dkim_misplaced,
	&zl_rule_dkim_missing,
	&zl_rule_dkim_revoked,
	&zl_rule_dkim_syntax,
	&zl_rule_dkim_testing,
	&zl_rule_dkim_weak_key,
	&zl_rule_dmarc_misplaced,
	&zl_rule_dmarc_multiple,
	&zl_rule_dmarc_removed_tag,
	&zl_rule_dmarc_rua_external,
	&zl_rule_dmarc_rua_placeholder,
	&zl_rule_dmarc_rua_undeliverable,
	&zl_rule_dmarc_syntax,
	&zl_rule_dmarc_tag_order,
	&zl_rule_dmarc_weak_policy,
	&zl_rule_dnssec_algorithm,
	&zl_rule_dnssec_dnskey_no_ds,
	&zl_rule_dnssec_ds_digest,
	&zl_rule_dnssec_ds_mismatch,
	&zl_rule_dnssec_missing_signature,
	&zl_rule_dnssec_nsec3_chain,
	&zl_rule_dnssec_nsec_chain,
	&zl_rule_dnssec_signature_invalid,
	&zl_rule_dnssec_signature_time,
	&zl_rule_dnssec_unsigned,
	&zl_rule_mta_sts_host_missing,
	&zl_rule_mta_sts_syntax,
	&zl_rule_mx_null_conflict,
	&zl_rule_mx_target_address,
	&zl_rule_mx_target_cname,
	&zl_rule_name_hostname_syntax,
	&zl_rule_name_raw_utf8,
	&zl_rule_name_wildcard,
	&zl_rule_ns_missing,
	&zl_rule_ns_missing_glue,
	&zl_rule_ns_target_address,
	&zl_rule_ns_target_cname,
	&zl_rule_ns_too_few,
	&zl_rule_rdata_digest_length,
	&zl_rule_soa_misplaced,
	&zl_rule_soa_missing,
	&zl_rule_soa_negative_ttl,
	&zl_rule_soa_rname,
	&zl_rule_soa_serial_future,
	&zl_rule_soa_timers,
	&zl_rule_spf_cidr_host_bits,
	&zl_rule_spf_host_no_address,
	&zl_rule_spf_host_no_ipv4,
	&zl_rule_spf_host_no_ipv6,
	&zl_rule_spf_include_missing,
	&zl_rule_spf_lookup_limit,
	&zl_rule_spf_multiple,
	&zl_rule_spf_permissive,
	&zl_rule_spf_record_size,
	&zl_rule_spf_split,
	&zl_rule_spf_syntax,
	&zl_rule_spf_type99,
	&zl_rule_spf_void_lookups,
	&zl_rule_srv_no_service,
	&zl_rule_srv_target_cname,
	&zl_rule_tlsrpt_syntax,
	&zl_rule_ttl_mismatch,
	&zl_rule_ttl_no_default,
	&zl_rule_ttl_too_large,
	&zl_rule_txt_misencoded,
	&zl_rule_zone_adjacent_strings,
	&zl_rule_zone_duplicate,
	&zl_rule_zone_missing_dot,
	&zl_rule_zone_occluded,
	&zl_rule_zone_out_of_zone,
	&zl_rule_zone_suppression,
	&zl_rule_zone_syntax,
	&zl_rule_zone_target_no_address,
};

bool
zl_rule_builtin(const struct zl_rule *rule)
{
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		if (builtin[i] == rule)
			return true;
	}
	return false;
}

size_t
zl_rules_count(void)
{
	return sizeof(builtin) / sizeof(builtin[0]);
}

const struct zl_rule *
zl_rules_get(size_t i)
{
	return i < zl_rules_count() ? builtin[i] : NULL;
}

const struct zl_rule *
zl_rules_find(const char *id)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		if (strcmp(builtin[i]->id, id) == 0)
			return builtin[i];
	}
	return NULL;
}

/* Return whether the id of rule names a rule that reads mail records:
 * SPF, DKIM, DMARC, MTA-STS, TLS-RPT or BIMI, the null MX beside them, or
 * mail text written in the wrong form. */
static bool
reads_mail_records(const struct zl_rule *rule)
{
	const char *id = rule->id;

	switch (id[0]) {
	case 'b': return strncmp(id, "bimi-", 5) == 0;
	case 'd': return strncmp(id, "dkim-", 5) == 0 || strncmp(id, "dmarc-", 6) == 0;
	case 'm': return strncmp(id, "mta-sts-", 8) == 0 || strcmp(id, "mx-null-conflict") == 0;
	case 's': return strncmp(id, "spf-", 4) == 0;
	case 't': return strncmp(id, "tlsrpt-", 7) == 0 || strcmp(id, "txt-misencoded") == 0;
	default: return false;
	}
}

/* Return whether rule is one of zonelint's own rules, not a plugin's. */
static bool
is_builtin(const struct zl_rule *rule)
{
	for (size_t i = 0; i < zl_rules_count(); i++) {
		if (builtin[i] == rule)
			return true;
	}
	return false;
}

/* Return whether the zone of the file at pos does not serve owner, because
 * owner lies at or below one of its delegations, or below a DNAME. */
static bool
not_served(const struct zl_graph *g, struct zl_pos pos, uint32_t owner)
{
	uint32_t zone;

	if (owner == ZL_NONE || pos.file >= g->nfiles)
		return false;
	zone = g->files[pos.file].zone;
	return zone < g->nzones && (zl_graph_delegation_of(g, zone, owner) != ZL_NONE ||
	    zl_lookup_dname_above(g, zone, owner) != ZL_NONE);
}

/* A record at or below a delegation, or below a DNAME, is never served,
 * and zone-occluded reports it.  The mail rules' findings on its text are
 * dropped, as the posture leaves records below a delegation out. */
struct zl_diag *
zl_report(struct zl_check *check, enum zl_severity severity, struct zl_pos pos,
    uint32_t owner, uint16_t type, const char *fmt, ...)
{
	struct zl_diag *d;
	va_list ap;

	if (reads_mail_records(check->rule) && not_served(check->graph, pos, owner) &&
	    is_builtin(check->rule))
		return NULL;
	va_start(ap, fmt);
	d = zl_diag_vemit(check->diags, check->rule, severity, pos, owner, type, fmt, ap);
	va_end(ap);
	return d;
}

const char *
zl_severity_name(enum zl_severity severity)
{
	switch (severity) {
	case ZL_INFO: return "info";
	case ZL_WARNING: return "warning";
	case ZL_ERROR: return "error";
	}
	return "error";
}

int
zl_severity_from_text(const char *text, enum zl_severity *severity)
{
	static const enum zl_severity all[] = { ZL_INFO, ZL_WARNING, ZL_ERROR };

	for (size_t i = 0; i < 3; i++) {
		if (strcmp(text, zl_severity_name(all[i])) == 0) {
			*severity = all[i];
			return 1;
		}
	}
	return 0;
}
