/* Organizational domains from the Public Suffix List, read offline. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_PSL_H
#define ZL_PSL_H

#include <stddef.h>

/* Path at which Debian's publicsuffix package installs the list. */
#define ZL_PSL_PATH "/usr/share/publicsuffix/public_suffix_list.dat"

/*
 * Return the offset in host[0, len) (a lower-case host name without a
 * final dot) at which its organizational domain starts: the public suffix
 * plus one label, by the algorithm at publicsuffix.org/list/.  A host that
 * is itself a public suffix is its own organizational domain (offset 0).
 * The list is read from ZL_PSL_PATH on the first call, on whichever
 * thread makes it, and kept for the rest of the process.  When it cannot
 * be read, only the default rule "*" applies, so the organizational
 * domain is the last two labels.
 */
size_t zl_psl_org_domain(const char *host, size_t len);

#endif
