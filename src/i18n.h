/* Message translation through gettext. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_I18N_H
#define ZL_I18N_H

#include <libintl.h>

/* Return gettext(msgid), which each thread remembers (src/i18n.c).  Like
 * gettext(), it returns char *, but callers must not change the text. */
char *zl_gettext(const char *msgid) __attribute__((format_arg(1)));

#define _(msgid) zl_gettext(msgid)
/* Marks a string for the catalog without translating it where it stands. */
#define N_(msgid) (msgid)

#endif
