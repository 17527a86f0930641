/* spf-oracle: evaluate SPF policies with libspf2 against a list of
 * records held in memory, for the differential test of the SPF rules. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <arpa/nameser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spf2/spf.h>
#include <spf2/spf_dns_zone.h>

/*
 * Usage: spf-oracle RECORDS DOMAIN ADDRESS...
 * RECORDS has one record per line: NAME TAB TYPE TAB DATA, with TYPE one
 * of A, AAAA, MX (DATA is the host), TXT (DATA is the joined text).  The
 * zone layer has nothing below it, so every other name does not exist
 * and no query leaves the process.  Prints one line per address:
 * "ADDRESS RESULT".
 */

static ns_type
type_of(const char *text)
{
	if (strcmp(text, "A") == 0)
		return ns_t_a;
	if (strcmp(text, "AAAA") == 0)
		return ns_t_aaaa;
	if (strcmp(text, "MX") == 0)
		return ns_t_mx;
	if (strcmp(text, "TXT") == 0)
		return ns_t_txt;
	return ns_t_invalid;
}

static int
load_records(SPF_dns_server_t *zone, const char *path)
{
	char line[8192];
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *name = strtok(line, "\t"), *type = strtok(NULL, "\t"), *data = strtok(NULL, "\n");
		ns_type t;

		if (name == NULL || type == NULL || data == NULL)
			continue;
		t = type_of(type);
		if (t == ns_t_invalid || SPF_dns_zone_add_str(zone, name, t, NETDB_SUCCESS, data) != SPF_E_SUCCESS) {
			fprintf(stderr, "spf-oracle: failed to add the %s record of %s\n", type, name);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	SPF_dns_server_t *zone;
	SPF_server_t *server;
	char sender[1024];

	if (argc < 4) {
		fprintf(stderr, "usage: spf-oracle RECORDS DOMAIN ADDRESS...\n");
		return 2;
	}
	zone = SPF_dns_zone_new(NULL, "zonelint", 0);
	if (zone == NULL || load_records(zone, argv[1]) != 0)
		return 2;
	server = SPF_server_new_dns(zone, 0);
	snprintf(sender, sizeof(sender), "postmaster@%s", argv[2]);

	for (int i = 3; i < argc; i++) {
		SPF_request_t *req = SPF_request_new(server);
		SPF_response_t *resp = NULL;
		SPF_errcode_t err;

		if (strchr(argv[i], ':') != NULL)
			err = SPF_request_set_ipv6_str(req, argv[i]);
		else
			err = SPF_request_set_ipv4_str(req, argv[i]);
		if (err != SPF_E_SUCCESS || SPF_request_set_env_from(req, sender) != 0) {
			fprintf(stderr, "spf-oracle: invalid sender address %s\n", argv[i]);
			return 2;
		}
		SPF_request_query_mailfrom(req, &resp);
		printf("%s %s\n", argv[i], SPF_strresult(SPF_response_result(resp)));
		SPF_response_free(resp);
		SPF_request_free(req);
	}
	SPF_server_free(server);
	return 0;
}
