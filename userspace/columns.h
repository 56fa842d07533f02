/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The per-VMA fields the CLI knows how to show (SPEC section 2.1), as a
 * table: column name, record key, type, flags. Keys the table does not
 * list are still parsed and simply not shown; fields the module adds
 * later appear once they are added here, and columns for keys missing
 * from a snapshot are hidden, so the CLI copes with old and new modules.
 */
#ifndef VMSCOPE_COLUMNS_H
#define VMSCOPE_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "snapshot.h"

enum vms_coltype {
	VMS_COL_ADDR,		/* 0x-prefixed hex, shown as is */
	VMS_COL_SIZE,		/* bytes: human or exact */
	VMS_COL_COUNT,		/* decimal number */
	VMS_COL_STRING,		/* shown as is */
	VMS_COL_NAME,		/* escaped name, shown unescaped */
};

#define VMS_COLF_DEFAULT	(1u << 0)	/* shown by default (when present) */
#define VMS_COLF_SUM		(1u << 1)	/* has a total */
#define VMS_COLF_INDEXED	(1u << 2)	/* a family: key prefix + number */
#define VMS_COLF_AUTO		(1u << 3)	/* by default where it is not all zero */
#define VMS_COLF_DIFF		(1u << 4)	/* diff: by default where it changed */
#define VMS_COLF_IDENTITY	(1u << 5)	/* names the VMA: never diffed */
#define VMS_COLF_ESCAPED	(1u << 6)	/* text escaped as name= is */

struct vms_colinfo {
	const char *name;	/* header; for a family, its prefix ("N") */
	const char *key;	/* record key; for a family, its prefix ("n") */
	enum vms_coltype type;
	unsigned int flags;
	const char *help;
};

/* Indexed families (n0.., o0..) stop at this index. */
#define VMS_COL_INDEX_MAX	4095

struct vms_column {
	const struct vms_colinfo *info;
	char name[32];		/* "RSS", "N1" */
	char key[32];		/* "rss", "n1" */
};

/* Every known column, families as one entry each, in default order. */
const struct vms_colinfo *vms_colinfo_table(size_t *n);

/* Look up a column by (case-insensitive) name, e.g. "rss" or "n1". */
int vms_column_lookup(const char *name, struct vms_column *out);

/* Look up a column by record key, e.g. "rss" or "n1". */
int vms_column_by_key(const char *key, struct vms_column *out);

/*
 * The default columns for `snap`: every VMS_COLF_DEFAULT column whose key
 * appears in at least one vma record and every VMS_COLF_AUTO column with
 * a non-zero value in one, families expanded to the indexes present.
 * Returns a malloc'd array and its length in *n.
 */
struct vms_column *vms_columns_default(const struct vms_snapshot *snap, size_t *n);

/* Every column whose key appears in at least one vma record (for JSON). */
struct vms_column *vms_columns_all(const struct vms_snapshot *snap, size_t *n);

/*
 * Print the column list for --list-columns / -o help: name, whether it is
 * shown by default, what it means. `extra` names command-specific columns
 * printed first (pairs of name and help, NULL-terminated), may be NULL.
 */
void vms_columns_list(const char *const *extra);

/*
 * A preset (-o numa): whether `name` is one (any case), and its columns
 * for `snap`, families with every index the snapshot has (malloc'd).
 */
bool vms_columns_is_preset(const char *name);
struct vms_column *vms_columns_preset(const struct vms_snapshot *snap,
				      const char *name, size_t *n);

/* Whether some vma record of `snap` has `key`. */
bool vms_key_present(const struct vms_snapshot *snap, const char *key);

/*
 * A text cell of `col` (VMS_COL_NAME, VMS_COL_STRING, ...) as tables show
 * it: unescaped where the report escapes it (names, VMS_COLF_ESCAPED),
 * else as is (vms_display_name(), vms_display_value()). Malloc'd.
 */
char *vms_display_cell(const struct vms_column *col, const char *v, bool json);

#endif /* VMSCOPE_COLUMNS_H */
