/* Message translation through gettext, remembered per thread. */
/* SPDX-License-Identifier: BSD-3-Clause */
#include "i18n.h"

#include <stddef.h>
#include <stdint.h>

/*
 * gettext() looks the message up in the loaded catalogs on every call,
 * under a lock that all threads take.  A rule gives the same message
 * thousands of times in a large zone, so each thread keeps the
 * translations it got last, in slots chosen by the message's address.
 * zonelint sets the locale and the catalog once, before it translates
 * anything, so a translation it has kept never changes.
 */
#define MEMO_SLOTS 256

char *
zl_gettext(const char *msgid)
{
	static _Thread_local struct {
		const char *msgid;
		char *text;
	} memo[MEMO_SLOTS];
	size_t at = (size_t)(((uintptr_t)msgid * UINT64_C(0x9e3779b97f4a7c15)) >> 56) % MEMO_SLOTS;

	if (memo[at].msgid != msgid) {
		memo[at].text = gettext(msgid);
		memo[at].msgid = msgid;
	}
	return memo[at].text;
}
