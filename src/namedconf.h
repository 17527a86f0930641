/* Reading BIND's named.conf for the primary zones it serves. */
/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ZL_NAMEDCONF_H
#define ZL_NAMEDCONF_H

#include <stddef.h>
#include <stdint.h>

/* A primary zone of named.conf.  A zone that a view takes from another
 * view with 'in-view' has the name and file of the zone it takes. */
struct zl_namedconf_zone {
	char *name;		/* zone name as written; owned */
	char *path;		/* zone file, resolved against 'directory'; owned */
	char *view;		/* the view it is in, or NULL; owned */
};

/* A configuration file that zl_namedconf_read() read: named.conf or a
 * file that it includes. */
struct zl_namedconf_file {
	char *path;		/* named.conf as given, or an include resolved as
				 * described below; owned */
	char *included_from;	/* the file with the 'include', or NULL for
				 * named.conf itself; owned */
	uint32_t include_line;	/* the line of that 'include', or 0 */
};

/* What zl_namedconf_read() found.  Paths are resolved the way
 * named-checkconf -z resolves them: a relative 'include' against the
 * 'directory' set before it (else the current directory), and relative
 * zone files against the last 'directory'. */
struct zl_namedconf {
	struct zl_namedconf_zone *zones;	/* in file order; owned */
	size_t nzones, zones_cap;
	char *directory;	/* the last 'directory' option, or NULL; owned */
	char **problems;	/* "FILE:LINE: error: ..." for zones that cannot be
				 * analyzed, e.g. a primary zone without 'file'; owned */
	size_t nproblems, problems_cap;
	struct zl_namedconf_file *files;	/* named.conf, then every included
						 * file, in the order they were
						 * opened; owned */
	size_t nfiles, files_cap;
};

void zl_namedconf_init(struct zl_namedconf *nc);
void zl_namedconf_fini(struct zl_namedconf *nc);

/* Read the named.conf at path and the files it includes, and collect the
 * zones of type primary (or master).  A zone with 'in-view' is listed in
 * its own view with the file of the primary zone that it names, also when
 * that view comes later or through a chain of 'in-view' zones.  An
 * 'in-view' that BIND rejects, because the view named does not define
 * the zone before it, adds a problem worded as named-checkconf words it.
 * Zones of a class other than IN, and zones with a 'database' other than
 * rbt or a 'dlz', are left out because they are not master files.
 * Returns 0, or -1 with "FILE:LINE: error: ..." in *error (free() it)
 * when a file cannot be read or its syntax is broken.  nc->files lists
 * the files read, also when it returns -1. */
int zl_namedconf_read(struct zl_namedconf *nc, const char *path, char **error);

#endif
