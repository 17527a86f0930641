/* Source positions carried by tokens, records and diagnostics. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_POS_H
#define ZL_POS_H

/* struct zl_pos is part of the rule interface. */
#include <zonelint/plugin.h>

#endif
