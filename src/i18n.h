/* Message translation through gettext. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_I18N_H
#define ZL_I18N_H

#include <libintl.h>

#define _(msgid) gettext(msgid)
/* Marks a string for the catalog without translating it where it stands. */
#define N_(msgid) (msgid)

#endif
